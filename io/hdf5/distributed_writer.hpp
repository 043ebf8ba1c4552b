#pragma once
/// Collective parallel-HDF5 writing of cell arrays in natural order: each rank
/// writes the hyperslabs of its own cells, nobody gathers (issue: parallel I/O).

#include <mpi.h>

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "io/hdf5/handles.hpp"

namespace aquaplume::io::h5 {

/// Runs of consecutive natural indices [start, start + length) of a rank's cells.
std::vector<std::pair<hsize_t, hsize_t>> natural_runs(std::span<const std::int64_t> sorted_natural);

class DistributedWriter {
 public:
  /// Creates (truncates) `path` for collective writing by every rank of `comm`.
  /// `natural` are this rank's cells (sorted natural indices) out of `n_global`.
  DistributedWriter(const std::string& path, MPI_Comm comm, std::span<const std::int64_t> natural,
                    std::int64_t n_global, bool compress);

  hid_t file() const { return file_.get(); }
  /// Creates the groups of a slash-separated path, as needed.
  void ensure_groups(const std::string& path);

  /// A [N x width] (or [N] when width = 0) dataset of per-cell values, written at once.
  /// `values` holds width values per owned cell (or `scale` values per cell for node arrays).
  void write_cells(const std::string& name, std::span<const double> values, int width, const std::string& units,
                   int cells_per_row = 1);
  void write_cells_int(const std::string& name, std::span<const std::int64_t> values, int width,
                       int cells_per_row = 1);

  /// Appends row `index` of a [T x N (x width)] time series of cell values.
  void append_cells(const std::string& name, hsize_t index, std::span<const double> values, int width,
                    const std::string& units);
  /// Appends element `index` of a [T] series of one number (the same on every rank).
  void append_value(const std::string& name, hsize_t index, double value, const std::string& units);

  /// A [n] dataset of values that every rank holds (rank 0 writes them). Collective.
  void write_values(const std::string& name, std::span<const double> values, const std::string& units);

  void set_attribute(const std::string& object, const std::string& name, const std::string& value);
  void set_attribute(const std::string& object, const std::string& name, double value);
  void flush();
  void close();

 private:
  hid_t open_or_create_series(const std::string& name, int width, bool cells, const std::string& units);
  void select_cells(hid_t space, hsize_t row, bool has_row, int width, int cells_per_row) const;

  MPI_Comm comm_;
  int rank_;
  std::int64_t n_global_;
  std::int64_t n_owned_;
  bool compress_;
  std::vector<std::pair<hsize_t, hsize_t>> runs_;
  File file_;
  PropertyList collective_;
  std::vector<std::pair<std::string, Dataset>> series_;
};

}  // namespace aquaplume::io::h5

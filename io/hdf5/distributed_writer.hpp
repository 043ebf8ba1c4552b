#pragma once
/// Collective parallel-HDF5 writing of cell arrays in natural order: each rank
/// writes the hyperslabs of its own cells, nobody gathers.
///
/// Time series are fixed-size datasets, allocated when created with NaN fill
/// and contiguous on disk, so writing a time only writes raw data: the file's
/// structure never changes during a run, and a run killed at any moment leaves
/// a readable file holding every time that was flushed (readers skip rows whose
/// time is still NaN). With compression the datasets must be chunked and this
/// guarantee is lost (documented in cases/README.md).

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
  enum class Mode { Create, Append };
  /// Creates (truncates) or reopens `path` for collective writing by every rank
  /// of `comm`. `natural` are this rank's cells (sorted natural indices) out of `n_global`.
  DistributedWriter(const std::string& path, MPI_Comm comm, std::span<const std::int64_t> natural,
                    std::int64_t n_global, bool compress, Mode mode = Mode::Create);

  hid_t file() const { return file_.get(); }
  bool exists(const std::string& name) const;
  /// Creates the groups of a slash-separated path, as needed.
  void ensure_groups(const std::string& path);

  /// A [N x width] (or [N] when width = 0) dataset of per-cell values, written at once.
  /// `cells_per_row` > 1 writes that many consecutive rows per cell (mesh nodes).
  void write_cells(const std::string& name, std::span<const double> values, int width, const std::string& units,
                   int cells_per_row = 1);
  void write_cells_int(const std::string& name, std::span<const std::int64_t> values, int width,
                       int cells_per_row = 1);

  /// Row `row` of a [rows x N (x width)] time series of cell values; the dataset
  /// is created on first use (or opened, in Append mode).
  void write_cells_row(const std::string& name, hsize_t rows, hsize_t row, std::span<const double> values, int width,
                       const std::string& units);
  /// Element `row` of a [rows] series of one number (the same on every rank).
  void write_value(const std::string& name, hsize_t rows, hsize_t row, double value, const std::string& units);
  /// Reads a [rows] series of numbers on every rank (Append mode: what a run already wrote).
  std::vector<double> read_values(const std::string& name);

  /// The [rows x N (x width)] series under `group` (e.g. "/fields"), by name:
  /// their paths and widths (0 for [rows x N]). What a resumed run saves again.
  std::vector<std::pair<std::string, int>> cell_series(const std::string& group) const;

  /// A [n] dataset of values that every rank holds (rank 0 writes them). Collective.
  void write_values(const std::string& name, std::span<const double> values, const std::string& units);

  void set_attribute(const std::string& object, const std::string& name, const std::string& value);
  void set_attribute(const std::string& object, const std::string& name, double value);
  void flush();
  void close();

 private:
  hid_t series(const std::string& name, hsize_t rows, int width, bool cells, const std::string& units);
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

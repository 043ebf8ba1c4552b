#pragma once
/// VTK-native results: one .pvtu per saved time (a piece per rank, owned cells
/// only, with the natural cell index as global ids) and a .pvd collection.

#include <mpi.h>

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "mesh/cell_graph.hpp"

class vtkUnstructuredGrid;

namespace aquaplume::io {

struct VtkField {
  std::string name;
  std::span<const double> values;  ///< per owned cell, `width` values each
  int width = 1;
};

class VtkSeries {
 public:
  /// Pieces go to `directory`/`subdirectory`, which the caller later renames to
  /// `final_subdirectory` (the name the collection refers to). Lengths are scaled
  /// by `length_scale` (internal metres to case units). Collective.
  VtkSeries(const CellGraph& graph, std::string directory, std::string subdirectory, std::string final_subdirectory,
            double length_scale);
  ~VtkSeries();
  /// Continues a series whose first times.size() steps were written by an
  /// interrupted run (the next step overwrites what followed them).
  void resume(const std::vector<double>& times);
  /// Writes one time. Collective.
  void write_step(double time, const std::vector<VtkField>& fields);
  /// Writes the .pvd collection listing every step so far (rank 0). Collective.
  void write_collection(const std::string& pvd_path) const;

 private:
  const CellGraph& graph_;
  std::string directory_, subdirectory_, final_subdirectory_;
  vtkUnstructuredGrid* grid_;
  std::vector<std::pair<double, std::string>> steps_;
};

}  // namespace aquaplume::io

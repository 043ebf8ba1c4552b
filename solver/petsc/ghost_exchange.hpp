#pragma once
/// Copies owned values to the ghost copies on neighbouring ranks.
///
/// Physics code keeps its cell arrays as plain spans of n_local values
/// (owned then ghosts, CellGraph order); this fills the ghost part from the
/// owners with a ghosted PETSc Vec scatter.

#include <span>

#include "mesh/cell_graph.hpp"
#include "solver/petsc/handles.hpp"

namespace aquaplume::petsc {

class GhostExchange {
 public:
  /// Collective.
  explicit GhostExchange(const CellGraph& graph);
  /// Overwrites values[n_owned .. n_local) with the owners' values. Collective.
  void update(std::span<double> values) const;
  /// As update(), for several values per cell stored cell-major
  /// (values[c * width + k]), one scatter per component.
  void update(std::span<double> values, int width) const;

 private:
  std::int32_t n_owned_, n_local_;
  Vector ghosted_;
};

}  // namespace aquaplume::petsc

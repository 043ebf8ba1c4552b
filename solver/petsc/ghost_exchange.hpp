#pragma once
/// Copies owned values to the ghost copies on neighbouring ranks.
///
/// Physics code keeps its cell arrays as plain spans of n_local values
/// (owned then ghosts, CellGraph order); this fills the ghost part from the
/// owners with a ghosted PETSc Vec scatter.

#include <map>
#include <span>
#include <vector>

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
  /// (values[c * width + k]), in one scatter of `width`-blocks.
  void update(std::span<double> values, int width) const;

 private:
  /// The ghosted Vec with blocks of `width` values (made on first use; collective).
  Vec block_vector(int width) const;

  std::int32_t n_owned_, n_local_;
  MPI_Comm comm_;
  std::vector<PetscInt> ghosts_;  ///< global indices of the ghost cells
  Vector ghosted_;
  mutable std::map<int, Vector> blocks_;
};

}  // namespace aquaplume::petsc

#pragma once
/// A sparse matrix with one row per owned cell and one column per cell it is
/// connected to (the cell-graph stencil), assembled from one array of values.
///
/// Physics code fills `values()` — the nonzeros of the owned rows, row after
/// row — at positions given by diagonal() and off_diagonal(); assemble() hands
/// them to PETSc. Filling a plain array lets the coefficient loops run on
/// OpenMP threads with a result independent of the thread count.

#include <cstdint>
#include <span>
#include <vector>

#include "mesh/cell_graph.hpp"
#include "solver/petsc/handles.hpp"

namespace aquaplume::petsc {

class CellMatrix {
 public:
  /// Creates the PETSc matrix with exact preallocation. Collective.
  explicit CellMatrix(const CellGraph& graph);

  Mat mat() const { return mat_.get(); }
  std::span<double> values() { return values_; }
  /// Position in values() of owned row `cell`'s diagonal entry.
  std::size_t diagonal(std::int32_t cell) const {
    return static_cast<std::size_t>(row_offset_[cell]) + diagonal_slot_[cell];
  }
  /// Position in values() of the entry of owned row `cell` for its i-th
  /// connection (graph.conn_of[graph.conn_offset[cell] + i]).
  std::size_t off_diagonal(std::int32_t cell, std::int32_t i) const {
    return static_cast<std::size_t>(row_offset_[cell]) +
           off_diagonal_slot_[static_cast<std::size_t>(conn_offset_[cell] + i)];
  }
  /// Sets every value to zero.
  void zero();
  /// Copies values() into the PETSc matrix and assembles it. Collective.
  void assemble();

 private:
  using Slot = std::uint16_t;  ///< position of an entry within its row
  std::int32_t n_owned_;
  std::vector<PetscInt> row_offset_;  ///< CSR offsets into values_
  std::vector<double> values_;
  std::vector<Slot> diagonal_slot_;      ///< per owned row
  std::vector<Slot> off_diagonal_slot_;  ///< per entry of graph.conn_of
  std::vector<std::int32_t> conn_offset_;
  bool sequential_ = false;  ///< MATSEQAIJ (one rank) rather than MATMPIAIJ
  Matrix mat_;
};

}  // namespace aquaplume::petsc

#include "solver/petsc/cell_matrix.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace aquaplume::petsc {

CellMatrix::CellMatrix(const CellGraph& g)
    : n_owned_(g.n_owned), conn_offset_(g.conn_offset) {
  const auto n = static_cast<std::size_t>(g.n_owned);
  row_offset_.assign(n + 1, 0);
  diagonal_slot_.resize(n);
  off_diagonal_slot_.resize(g.conn_of.size());
  // Row entries: the cell itself and each connected cell, sorted by global
  // column, as PETSc stores them (MatUpdateMPIAIJWithArray needs that order).
  struct Entry {
    PetscInt column;
    std::int32_t slot;  // -1: diagonal; else index into this cell's connection list
  };
  std::vector<Entry> row;
  std::vector<PetscInt> columns;
  columns.reserve(n + g.conn_of.size());
  for (std::int32_t c = 0; c < g.n_owned; ++c) {
    row.clear();
    row.push_back({static_cast<PetscInt>(g.global_index[c]), -1});
    for (std::int32_t i = 0; i < g.conn_offset[c + 1] - g.conn_offset[c]; ++i) {
      const auto k = static_cast<std::size_t>(g.conn_of[static_cast<std::size_t>(g.conn_offset[c] + i)]);
      row.push_back({static_cast<PetscInt>(g.global_index[g.other(k, c)]), i});
    }
    if (row.size() > std::numeric_limits<Slot>::max())
      throw RunError(fmt::format("cell {} has {} connections; a matrix row holds at most {}", g.natural_index[c],
                                 row.size() - 1, std::numeric_limits<Slot>::max() - 1));
    std::sort(row.begin(), row.end(), [](const Entry& x, const Entry& y) { return x.column < y.column; });
    for (std::size_t e = 0; e < row.size(); ++e) {
      columns.push_back(row[e].column);
      if (row[e].slot < 0) diagonal_slot_[static_cast<std::size_t>(c)] = static_cast<Slot>(e);
      else off_diagonal_slot_[static_cast<std::size_t>(g.conn_offset[c] + row[e].slot)] = static_cast<Slot>(e);
    }
    row_offset_[c + 1] = row_offset_[c] + static_cast<PetscInt>(row.size());
  }
  values_.assign(columns.size(), 0.0);

  // The exact stencil, given as CSR with sorted columns: PETSc allocates it
  // once, and assemble() then copies the values without searching any row.
  petsc_check(MatCreate(g.comm, mat_.out()), "MatCreate");
  petsc_check(MatSetSizes(mat_.get(), g.n_owned, g.n_owned, PETSC_DETERMINE, PETSC_DETERMINE), "MatSetSizes");
  petsc_check(MatSetType(mat_.get(), MATAIJ), "MatSetType");
  petsc_check(MatSeqAIJSetPreallocationCSR(mat_.get(), row_offset_.data(), columns.data(), nullptr),
              "MatSeqAIJSetPreallocationCSR");
  petsc_check(MatMPIAIJSetPreallocationCSR(mat_.get(), row_offset_.data(), columns.data(), nullptr),
              "MatMPIAIJSetPreallocationCSR");
  // Any insertion outside the stencil is a bug; make PETSc say so.
  petsc_check(MatSetOption(mat_.get(), MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_TRUE), "MatSetOption");
  PetscBool sequential = PETSC_FALSE;
  petsc_check(PetscObjectTypeCompare(reinterpret_cast<PetscObject>(mat_.get()), MATSEQAIJ, &sequential),
              "PetscObjectTypeCompare");
  sequential_ = sequential == PETSC_TRUE;
}

void CellMatrix::zero() { std::fill(values_.begin(), values_.end(), 0.0); }

void CellMatrix::assemble() {
  if (sequential_) {
    // One rank: PETSc's value array has exactly our layout (rows in order, sorted columns).
    PetscScalar* stored = nullptr;
    petsc_check(MatSeqAIJGetArrayWrite(mat_.get(), &stored), "MatSeqAIJGetArrayWrite");
    std::copy(values_.begin(), values_.end(), stored);
    petsc_check(MatSeqAIJRestoreArrayWrite(mat_.get(), &stored), "MatSeqAIJRestoreArrayWrite");
  } else {
    // Splits each row into the diagonal and off-diagonal blocks by position.
    petsc_check(MatUpdateMPIAIJWithArray(mat_.get(), values_.data()), "MatUpdateMPIAIJWithArray");
  }
  petsc_check(MatAssemblyBegin(mat_.get(), MAT_FINAL_ASSEMBLY), "MatAssemblyBegin");
  petsc_check(MatAssemblyEnd(mat_.get(), MAT_FINAL_ASSEMBLY), "MatAssemblyEnd");
}

}  // namespace aquaplume::petsc

#include "solver/petsc/cell_matrix.hpp"

#include <algorithm>
#include <numeric>

namespace aquaplume::petsc {

CellMatrix::CellMatrix(const CellGraph& g)
    : n_owned_(g.n_owned), conn_offset_(g.conn_offset), first_row_(static_cast<PetscInt>(g.first_owned)) {
  const auto n = static_cast<std::size_t>(g.n_owned);
  row_offset_.assign(n + 1, 0);
  diagonal_.resize(n);
  off_diagonal_.resize(g.conn_of.size());
  std::vector<PetscInt> d_nnz(n), o_nnz(n);
  const std::int64_t first = g.first_owned, last = g.first_owned + g.n_owned;
  for (std::int32_t c = 0; c < g.n_owned; ++c) {
    // Row entries: the cell itself and each connected cell, sorted by global index.
    struct Entry {
      PetscInt column;
      std::int32_t slot;  // -1: diagonal; else index into this cell's connection list
    };
    std::vector<Entry> row;
    row.push_back({static_cast<PetscInt>(g.global_index[c]), -1});
    for (std::int32_t i = 0; i < g.conn_offset[c + 1] - g.conn_offset[c]; ++i) {
      const auto k = static_cast<std::size_t>(g.conn_of[static_cast<std::size_t>(g.conn_offset[c] + i)]);
      row.push_back({static_cast<PetscInt>(g.global_index[g.other(k, c)]), i});
    }
    std::sort(row.begin(), row.end(), [](const Entry& x, const Entry& y) { return x.column < y.column; });
    const auto start = static_cast<std::size_t>(row_offset_[c]);
    for (std::size_t e = 0; e < row.size(); ++e) {
      columns_.push_back(row[e].column);
      if (row[e].slot < 0) diagonal_[c] = start + e;
      else off_diagonal_[static_cast<std::size_t>(g.conn_offset[c] + row[e].slot)] = start + e;
      if (row[e].column >= first && row[e].column < last) ++d_nnz[c];
      else ++o_nnz[c];
    }
    row_offset_[c + 1] = row_offset_[c] + static_cast<PetscInt>(row.size());
  }
  values_.assign(columns_.size(), 0.0);

  petsc_check(MatCreate(g.comm, mat_.out()), "MatCreate");
  petsc_check(MatSetSizes(mat_.get(), g.n_owned, g.n_owned, PETSC_DETERMINE, PETSC_DETERMINE), "MatSetSizes");
  petsc_check(MatSetType(mat_.get(), MATAIJ), "MatSetType");
  petsc_check(MatSeqAIJSetPreallocation(mat_.get(), 0, d_nnz.data()), "MatSeqAIJSetPreallocation");
  petsc_check(MatMPIAIJSetPreallocation(mat_.get(), 0, d_nnz.data(), 0, o_nnz.data()),
              "MatMPIAIJSetPreallocation");
  // Any insertion outside the preallocated stencil is a bug; make PETSc say so.
  petsc_check(MatSetOption(mat_.get(), MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_TRUE), "MatSetOption");
}

void CellMatrix::zero() { std::fill(values_.begin(), values_.end(), 0.0); }

void CellMatrix::assemble() {
  for (std::int32_t c = 0; c < n_owned_; ++c) {
    const PetscInt row = first_row_ + c;
    const PetscInt begin = row_offset_[c], count = row_offset_[c + 1] - row_offset_[c];
    petsc_check(MatSetValues(mat_.get(), 1, &row, count, columns_.data() + begin, values_.data() + begin,
                             INSERT_VALUES),
                "MatSetValues");
  }
  petsc_check(MatAssemblyBegin(mat_.get(), MAT_FINAL_ASSEMBLY), "MatAssemblyBegin");
  petsc_check(MatAssemblyEnd(mat_.get(), MAT_FINAL_ASSEMBLY), "MatAssemblyEnd");
}

}  // namespace aquaplume::petsc

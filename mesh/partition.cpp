#include "mesh/partition.hpp"

#include <petscmat.h>

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "mesh/base/parallel.hpp"
#include "mesh/petsc_error.hpp"

namespace aquaplume {

std::array<int, 3> geometric_rank_grid(std::int64_t ncol, std::int64_t nrow, std::int64_t nlay, int size) {
  std::array<int, 3> best{-1, -1, -1};
  double best_cut = std::numeric_limits<double>::infinity();
  for (int px = 1; px <= size; ++px) {
    if (size % px != 0) continue;
    for (int py = 1; py <= size / px; ++py) {
      if ((size / px) % py != 0) continue;
      const int pz = size / px / py;
      if (px > ncol || py > nrow || pz > nlay) continue;
      // Area of the cuts: each of the px-1 cuts across x has nrow x nlay faces, and so on.
      // Cuts between layers weigh four times their faces, so layers are split
      // only when that is still the cheapest split (models narrow in plan).
      const double cut = double(px - 1) * double(nrow) * double(nlay) + double(py - 1) * double(ncol) * double(nlay) +
                         4.0 * double(pz - 1) * double(nrow) * double(ncol);
      if (cut < best_cut) {
        best_cut = cut;
        best = {px, py, pz};
      }
    }
  }
  return best;
}

namespace {

/// Start of block `b` of `n` items split into `parts` nearly equal blocks.
std::int64_t block_start(std::int64_t n, int parts, int b) {
  return (n / parts) * b + std::min<std::int64_t>(b, n % parts);
}

std::vector<std::int64_t> geometric(const StructuredGridSpec& grid, MPI_Comm comm) {
  const int size = comm_size(comm), rank = comm_rank(comm);
  auto [px, py, pz] = geometric_rank_grid(grid.ncol, grid.nrow, grid.nlay, size);
  if (px < 0)
    throw RunError(fmt::format("cannot split a grid of {} layers x {} rows x {} columns over {} ranks "
                               "geometrically; use fewer ranks or partition: ptscotch",
                               grid.nlay, grid.nrow, grid.ncol, size));
  const int ix = rank % px, iy = (rank / px) % py, iz = rank / (px * py);
  const std::int64_t c0 = block_start(grid.ncol, px, ix), c1 = block_start(grid.ncol, px, ix + 1);
  const std::int64_t r0 = block_start(grid.nrow, py, iy), r1 = block_start(grid.nrow, py, iy + 1);
  const std::int64_t k0 = block_start(grid.nlay, pz, iz), k1 = block_start(grid.nlay, pz, iz + 1);
  std::vector<std::int64_t> owned;
  owned.reserve(static_cast<std::size_t>((k1 - k0) * (r1 - r0) * (c1 - c0)));
  for (std::int64_t k = k0; k < k1; ++k)
    for (std::int64_t i = r0; i < r1; ++i)
      for (std::int64_t j = c0; j < c1; ++j) owned.push_back(grid.natural(k, i, j));
  return owned;
}

/// PT-Scotch on the cell graph. The graph is first held in natural-order
/// blocks (so a neighbour's natural index is its graph column), then each
/// cell is sent to the rank PT-Scotch chose for it.
std::vector<std::int64_t> ptscotch(const StructuredGridSpec& grid, MPI_Comm comm) {
  const int size = comm_size(comm), rank = comm_rank(comm);
  const std::int64_t n = grid.cell_count();
  if (size == 1) {
    std::vector<std::int64_t> all(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) all[static_cast<std::size_t>(i)] = i;
    return all;
  }
  const std::int64_t first = block_start(n, size, rank), last = block_start(n, size, rank + 1);
  const auto n_local = static_cast<PetscInt>(last - first);

  PetscInt* ia = nullptr;
  PetscInt* ja = nullptr;
  petsc_check(PetscMalloc1(n_local + 1, &ia), "PetscMalloc1");
  petsc_check(PetscMalloc1(6 * n_local + 1, &ja), "PetscMalloc1");
  ia[0] = 0;
  for (std::int64_t c = first; c < last; ++c) {
    auto [k, i, j] = grid.lrc(c);
    PetscInt count = ia[c - first];
    auto push = [&](std::int64_t kk, std::int64_t ii, std::int64_t jj) {
      ja[count++] = static_cast<PetscInt>(grid.natural(kk, ii, jj));
    };
    if (k > 0) push(k - 1, i, j);
    if (i > 0) push(k, i - 1, j);
    if (j > 0) push(k, i, j - 1);
    if (j + 1 < grid.ncol) push(k, i, j + 1);
    if (i + 1 < grid.nrow) push(k, i + 1, j);
    if (k + 1 < grid.nlay) push(k + 1, i, j);
    ia[c - first + 1] = count;
  }
  Mat adjacency = nullptr;
  petsc_check(MatCreateMPIAdj(comm, n_local, static_cast<PetscInt>(n), ia, ja, nullptr, &adjacency),
              "MatCreateMPIAdj");  // takes ownership of ia, ja
  MatPartitioning part = nullptr;
  IS new_rank = nullptr;
  std::vector<int> target(static_cast<std::size_t>(n_local));
  try {
    petsc_check(MatPartitioningCreate(comm, &part), "MatPartitioningCreate");
    petsc_check(MatPartitioningSetAdjacency(part, adjacency), "MatPartitioningSetAdjacency");
    petsc_check(MatPartitioningSetType(part, MATPARTITIONINGPTSCOTCH), "MatPartitioningSetType");
    petsc_check(MatPartitioningApply(part, &new_rank), "MatPartitioningApply");
    const PetscInt* ranks = nullptr;
    petsc_check(ISGetIndices(new_rank, &ranks), "ISGetIndices");
    for (PetscInt i = 0; i < n_local; ++i) target[static_cast<std::size_t>(i)] = static_cast<int>(ranks[i]);
    petsc_check(ISRestoreIndices(new_rank, &ranks), "ISRestoreIndices");
  } catch (...) {
    ISDestroy(&new_rank);
    MatPartitioningDestroy(&part);
    MatDestroy(&adjacency);
    throw;
  }
  ISDestroy(&new_rank);
  MatPartitioningDestroy(&part);
  MatDestroy(&adjacency);

  // Send each natural index to the rank that will own it.
  std::vector<int> send_counts(size, 0), recv_counts(size), send_displs(size), recv_displs(size);
  for (int t : target) ++send_counts[t];
  MPI_Alltoall(send_counts.data(), 1, MPI_INT, recv_counts.data(), 1, MPI_INT, comm);
  int send_total = 0, recv_total = 0;
  for (int r = 0; r < size; ++r) {
    send_displs[r] = send_total;
    recv_displs[r] = recv_total;
    send_total += send_counts[r];
    recv_total += recv_counts[r];
  }
  std::vector<std::int64_t> send(static_cast<std::size_t>(send_total));
  std::vector<int> fill = send_displs;
  for (std::int64_t c = first; c < last; ++c) send[static_cast<std::size_t>(fill[target[c - first]]++)] = c;
  std::vector<std::int64_t> owned(static_cast<std::size_t>(recv_total));
  MPI_Alltoallv(send.data(), send_counts.data(), send_displs.data(), MPI_INT64_T, owned.data(),
                recv_counts.data(), recv_displs.data(), MPI_INT64_T, comm);
  std::sort(owned.begin(), owned.end());
  if (!all_ranks_ok(!owned.empty(), comm))
    throw RunError("PT-Scotch left a rank without cells; use fewer ranks");
  return owned;
}

}  // namespace

std::vector<std::int64_t> partition_cells(const StructuredGridSpec& grid, PartitionMethod method,
                                          MPI_Comm comm) {
  return method == PartitionMethod::Geometric ? geometric(grid, comm) : ptscotch(grid, comm);
}

}  // namespace aquaplume

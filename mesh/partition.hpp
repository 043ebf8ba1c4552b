#pragma once
/// Splitting the cells of a model across MPI ranks.
///
/// Every rank ends up owning a set of natural cell indices; solver numbering
/// then gives each rank a contiguous block of global indices in the order of
/// its (sorted) natural indices. Results are written in natural order, so
/// they do not depend on the split.

#include <mpi.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "mesh/structured_grid.hpp"

namespace aquaplume {

enum class PartitionMethod {
  Geometric,  ///< px x py x pz blocks of columns, rows and (when cheaper) layers
  PtScotch,   ///< graph partitioning of the cell graph with PT-Scotch via PETSc
};

/// The ranks along x, y and z of a geometric split over `size` ranks: of the
/// factorisations px x py x pz = size with px <= ncol, py <= nrow, pz <= nlay,
/// the one with the smallest weighted cut, where each cut between layers counts
/// its nrow x ncol faces four times (cuts across x and y count their faces once).
/// Layers are thus split only when that still gives the smallest weighted cut,
/// e.g. for models narrow in plan; {-1,-1,-1} if no factorisation fits.
std::array<int, 3> geometric_rank_grid(std::int64_t ncol, std::int64_t nrow, std::int64_t nlay, int size);

/// The sorted natural indices of the cells this rank owns. Collective.
/// Throws RunError when the grid has fewer columns of cells than ranks.
std::vector<std::int64_t> partition_cells(const StructuredGridSpec& grid, PartitionMethod method,
                                          MPI_Comm comm);

}  // namespace aquaplume

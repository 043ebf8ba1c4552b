/// Unit tests of mesh/partition.cpp: splitting a grid's cells over ranks.
///
/// How to run:  ctest -R partition_test     (registered at 1, 2, 3 and 4 ranks)
/// What it shows: the geometric split picks the factorisation of the rank
/// count with the smallest cut and splits layers only for narrow models;
/// both methods give every cell to exactly one rank, as sorted lists.
///
/// partition_cells is collective; each test calls it on every rank before
/// asserting anything.

#include <gtest/gtest.h>

#include <mpi.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "mesh/base/parallel.hpp"
#include "mesh/partition.hpp"
#include "tests/unit/unit_helpers.hpp"

using namespace aquaplume;

namespace {

using RankGrid = std::array<int, 3>;
const RankGrid kNoFit{-1, -1, -1};

/// How many ranks own each cell, in natural order, on every rank.
std::vector<double> owners_per_cell(const StructuredGridSpec& g,
                                    const std::vector<std::int64_t>& owned, MPI_Comm comm) {
  std::vector<double> count(static_cast<std::size_t>(g.cell_count()), 0.0);
  for (auto n : owned)
    if (n >= 0 && n < g.cell_count()) count[static_cast<std::size_t>(n)] += 1.0;
  sum_over_ranks(count, comm);
  return count;
}

void expect_each_cell_owned_once(const StructuredGridSpec& g, PartitionMethod method) {
  MPI_Comm comm = MPI_COMM_WORLD;
  const auto owned = partition_cells(g, method, comm);
  const auto count = owners_per_cell(g, owned, comm);
  const std::int64_t total = sum_over_ranks(static_cast<std::int64_t>(owned.size()), comm);

  EXPECT_EQ(total, g.cell_count());
  EXPECT_FALSE(owned.empty()) << "rank " << comm_rank(comm) << " owns no cell";
  EXPECT_TRUE(std::is_sorted(owned.begin(), owned.end()));
  EXPECT_EQ(std::adjacent_find(owned.begin(), owned.end()), owned.end()) << "a cell listed twice";
  for (auto n : owned) {
    EXPECT_GE(n, 0);
    EXPECT_LT(n, g.cell_count());
  }
  for (std::size_t n = 0; n < count.size(); ++n) EXPECT_EQ(count[n], 1.0) << "cell " << n;
}

}  // namespace

// ---------------------------------------------------------------- geometric_rank_grid

TEST(GeometricRankGrid, OneRankIsOneBlock) {
  EXPECT_EQ(geometric_rank_grid(1, 1, 1, 1), (RankGrid{1, 1, 1}));
  EXPECT_EQ(geometric_rank_grid(50, 40, 3, 1), (RankGrid{1, 1, 1}));
}

TEST(GeometricRankGrid, SquarePlanSplitsBothWays) {
  EXPECT_EQ(geometric_rank_grid(10, 10, 1, 4), (RankGrid{2, 2, 1}));
  EXPECT_EQ(geometric_rank_grid(30, 30, 2, 9), (RankGrid{3, 3, 1}));
}

TEST(GeometricRankGrid, ElongatedPlanIsCutAcrossItsLongSide) {
  // 100 columns by 10 rows: four strips of 25 columns cut 3 x 10 faces,
  // a 2 x 2 split would cut 10 + 100.
  EXPECT_EQ(geometric_rank_grid(100, 10, 1, 4), (RankGrid{4, 1, 1}));
  EXPECT_EQ(geometric_rank_grid(10, 100, 1, 4), (RankGrid{1, 4, 1}));
}

TEST(GeometricRankGrid, APrimeRankCountGivesStrips) {
  auto rg = geometric_rank_grid(10, 10, 3, 3);
  EXPECT_EQ(rg[0] * rg[1], 3);
  EXPECT_EQ(rg[2], 1);
  EXPECT_EQ(geometric_rank_grid(100, 10, 3, 3), (RankGrid{3, 1, 1}));
}

TEST(GeometricRankGrid, LayersAreNotSplitWhenThePlanCanBe) {
  // 12 x 12 x 12 over 8 ranks: 2 x 2 x 2 has the smallest geometric cut, but
  // splitting layers is a last resort.
  auto rg = geometric_rank_grid(12, 12, 12, 8);
  EXPECT_EQ(rg[2], 1);
  EXPECT_EQ(rg[0] * rg[1], 8);
}

TEST(GeometricRankGrid, NarrowModelsSplitLayers) {
  EXPECT_EQ(geometric_rank_grid(1, 1, 8, 4), (RankGrid{1, 1, 4}));
  EXPECT_EQ(geometric_rank_grid(2, 1, 5, 4), (RankGrid{2, 1, 2}));
}

TEST(GeometricRankGrid, NoFitWhenThereAreTooFewCells) {
  EXPECT_EQ(geometric_rank_grid(1, 1, 1, 2), kNoFit);
  EXPECT_EQ(geometric_rank_grid(2, 1, 1, 3), kNoFit);
  EXPECT_EQ(geometric_rank_grid(4, 4, 4, 7 * 11), kNoFit);  // 7 and 11 both exceed every dimension
}

TEST(GeometricRankGrid, EveryChoiceFitsTheGridAndUsesEveryRank) {
  for (int size = 1; size <= 16; ++size) {
    auto [px, py, pz] = geometric_rank_grid(6, 5, 2, size);
    if (px < 0) {
      EXPECT_TRUE(size == 7 || size == 11 || size == 13 || size == 14) << size;
      continue;
    }
    EXPECT_EQ(px * py * pz, size);
    EXPECT_LE(px, 6);
    EXPECT_LE(py, 5);
    EXPECT_LE(pz, 2);
  }
}

// ---------------------------------------------------------------- partition_cells

TEST(PartitionCells, GeometricCoversEveryCellOnce) {
  expect_each_cell_owned_once(unit::uniform_grid(3, 7, 5), PartitionMethod::Geometric);
  expect_each_cell_owned_once(unit::uniform_grid(1, 4, 13), PartitionMethod::Geometric);
}

TEST(PartitionCells, GeometricSplitsNarrowModelsByLayer) {
  expect_each_cell_owned_once(unit::uniform_grid(8, 1, 1), PartitionMethod::Geometric);
}

TEST(PartitionCells, GeometricBlocksAreBoxesOfNearlyEqualSize) {
  MPI_Comm comm = MPI_COMM_WORLD;
  auto g = unit::uniform_grid(2, 7, 10);
  const auto owned = partition_cells(g, PartitionMethod::Geometric, comm);
  const double mine = static_cast<double>(owned.size());
  const double largest = max_over_ranks(mine, comm), smallest = min_over_ranks(mine, comm);

  ASSERT_FALSE(owned.empty());
  // The cells of a rank fill the bounding box of their (layer, row, col).
  std::array<std::int64_t, 3> lo{g.nlay, g.nrow, g.ncol}, hi{-1, -1, -1};
  for (auto n : owned) {
    auto lrc = g.lrc(n);
    for (int d = 0; d < 3; ++d) {
      lo[d] = std::min(lo[d], lrc[d]);
      hi[d] = std::max(hi[d], lrc[d]);
    }
  }
  EXPECT_EQ(static_cast<std::int64_t>(owned.size()),
            (hi[0] - lo[0] + 1) * (hi[1] - lo[1] + 1) * (hi[2] - lo[2] + 1));
  // Blocks differ by at most one row and one column.
  const auto [px, py, pz] = geometric_rank_grid(g.ncol, g.nrow, g.nlay, comm_size(comm));
  const double cols_max = std::ceil(double(g.ncol) / px), rows_max = std::ceil(double(g.nrow) / py);
  const double cols_min = std::floor(double(g.ncol) / px),
               rows_min = std::floor(double(g.nrow) / py);
  EXPECT_LE(largest, cols_max * rows_max * double(g.nlay) / pz);
  EXPECT_GE(smallest, cols_min * rows_min * double(g.nlay) / pz);
}

TEST(PartitionCells, GeometricThrowsWhenTheGridIsTooSmall) {
  MPI_Comm comm = MPI_COMM_WORLD;
  auto g = unit::uniform_grid(1, 1, 1);
  if (comm_size(comm) == 1) {
    EXPECT_EQ(partition_cells(g, PartitionMethod::Geometric, comm), (std::vector<std::int64_t>{0}));
    return;
  }
  // Not collective before the throw, so every rank throws without waiting.
  try {
    partition_cells(g, PartitionMethod::Geometric, comm);
    ADD_FAILURE() << "expected a RunError";
  } catch (const RunError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot split a grid of 1 layers x 1 rows x 1 columns"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("ptscotch"), std::string::npos) << e.what();
  }
}

TEST(PartitionCells, PtScotchCoversEveryCellOnce) {
  expect_each_cell_owned_once(unit::uniform_grid(3, 7, 5), PartitionMethod::PtScotch);
  expect_each_cell_owned_once(unit::uniform_grid(1, 9, 11), PartitionMethod::PtScotch);
}

TEST(PartitionCells, PtScotchOnOneRankOwnsEverything) {
  MPI_Comm comm = MPI_COMM_SELF;
  auto g = unit::uniform_grid(2, 3, 4);
  auto owned = partition_cells(g, PartitionMethod::PtScotch, comm);
  ASSERT_EQ(owned.size(), 24u);
  for (std::size_t n = 0; n < owned.size(); ++n) EXPECT_EQ(owned[n], static_cast<std::int64_t>(n));
}

TEST(PartitionCells, PtScotchIsRoughlyBalanced) {
  MPI_Comm comm = MPI_COMM_WORLD;
  auto g = unit::uniform_grid(2, 12, 12);
  const auto owned = partition_cells(g, PartitionMethod::PtScotch, comm);
  const double mine = static_cast<double>(owned.size());
  const double largest = max_over_ranks(mine, comm);
  const double ideal = double(g.cell_count()) / comm_size(comm);
  EXPECT_LE(largest, 1.25 * ideal) << "PT-Scotch's load imbalance tolerance is a few percent";
}

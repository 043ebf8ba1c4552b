/// Unit tests of mesh/cell_graph.cpp: cells, ghosts and connections of a
/// structured grid on one or more ranks.
///
/// How to run:  ctest -R cell_graph_test     (registered at 1, 2 and 3 ranks)
/// What it shows: on a 2 x 3 x 4 graded grid, every face between two cells is
/// one connection (counted once over all ranks: once where both cells are
/// owned, half on each of the two ranks that share it otherwise); ghosts are
/// exactly the neighbours owned elsewhere, with their owner's global index;
/// volumes, centre-to-face distances, areas and normals match hand values.
///
/// build_cell_graph is collective; every test builds on all ranks first.

#include <gtest/gtest.h>

#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "mesh/base/parallel.hpp"
#include "mesh/cell_graph.hpp"
#include "tests/unit/unit_helpers.hpp"

using namespace aquaplume;

namespace {

MPI_Comm world() {
  return MPI_COMM_WORLD;
}

/// 2 layers x 3 rows x 4 columns; columns 1, 2, 3, 4 m wide, rows 5, 6, 7 m
/// high; top at 10, layer bottoms at 6 and 0 (thicknesses 4 and 6); the
/// south-west corner at (100, 200), so the north edge is at y = 218.
StructuredGridSpec small_grid() {
  return unit::layered_grid({1.0, 2.0, 3.0, 4.0}, {5.0, 6.0, 7.0}, 10.0, {6.0, 0.0}, 100.0, 200.0);
}

const double kTop[2] = {10.0, 6.0};
const double kBottom[2] = {6.0, 0.0};

CellGraph build(const StructuredGridSpec& g, ErrorList& errors) {
  return build_cell_graph(g, partition_cells(g, PartitionMethod::Geometric, world()), world(),
                          errors);
}

/// Natural indices of the (up to six) face neighbours of a cell.
std::vector<std::int64_t> neighbours(const StructuredGridSpec& g, std::int64_t n) {
  auto [k, i, j] = g.lrc(n);
  std::vector<std::int64_t> out;
  if (k > 0) out.push_back(g.natural(k - 1, i, j));
  if (k + 1 < g.nlay) out.push_back(g.natural(k + 1, i, j));
  if (i > 0) out.push_back(g.natural(k, i - 1, j));
  if (i + 1 < g.nrow) out.push_back(g.natural(k, i + 1, j));
  if (j > 0) out.push_back(g.natural(k, i, j - 1));
  if (j + 1 < g.ncol) out.push_back(g.natural(k, i, j + 1));
  return out;
}

/// x of the west edge of column j, y of the north edge of row i (hand values).
double west_of(int j) {
  return 100.0 + std::vector<double>{0, 1, 3, 6, 10}[static_cast<std::size_t>(j)];
}
double north_of(int i) {
  return 218.0 - std::vector<double>{0, 5, 11, 18}[static_cast<std::size_t>(i)];
}

class CellGraphTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grid = small_grid();
    graph = build(grid, errors);
  }
  StructuredGridSpec grid;
  CellGraph graph;
  ErrorList errors;
};

}  // namespace

TEST_F(CellGraphTest, BuildsWithoutErrors) {
  const ErrorList all = gather_errors(errors, world());
  EXPECT_TRUE(all.empty()) << all.format();
}

TEST_F(CellGraphTest, CountsAndGlobalNumbering) {
  const std::int64_t total_owned =
      sum_over_ranks(static_cast<std::int64_t>(graph.n_owned), world());
  const std::int64_t first = exclusive_prefix_sum(graph.n_owned, world());
  EXPECT_EQ(graph.n_global, 24);
  EXPECT_EQ(total_owned, 24);
  EXPECT_EQ(graph.first_owned, first);
  ASSERT_EQ(graph.global_index.size(), static_cast<std::size_t>(graph.n_local));
  ASSERT_EQ(graph.natural_index.size(), static_cast<std::size_t>(graph.n_local));
  for (std::int32_t c = 0; c < graph.n_owned; ++c) EXPECT_EQ(graph.global_index[c], first + c);
  // Owned cells in increasing natural order, then ghosts in increasing natural order.
  auto owned_end = graph.natural_index.begin() + graph.n_owned;
  EXPECT_TRUE(std::is_sorted(graph.natural_index.begin(), owned_end));
  EXPECT_TRUE(std::is_sorted(owned_end, graph.natural_index.end()));
  EXPECT_EQ(std::vector<std::int64_t>(graph.natural_index.begin(), owned_end),
            partition_cells(grid, PartitionMethod::Geometric, world()));
  if (comm_size(world()) == 1) {
    EXPECT_EQ(graph.n_local, graph.n_owned);
  }
}

TEST_F(CellGraphTest, GhostsAreTheNeighboursOwnedElsewhereWithTheirOwnersGlobalIndex) {
  // Every rank learns natural -> global + 1 of every cell (0 = not known).
  std::vector<double> global_of(24, 0.0);
  for (std::int32_t c = 0; c < graph.n_owned; ++c)
    global_of[static_cast<std::size_t>(graph.natural_index[c])] =
        static_cast<double>(graph.global_index[c] + 1);
  sum_over_ranks(global_of, world());

  std::set<std::int64_t> owned(graph.natural_index.begin(),
                               graph.natural_index.begin() + graph.n_owned);
  std::set<std::int64_t> expected;
  for (auto n : owned)
    for (auto m : neighbours(grid, n))
      if (!owned.count(m)) expected.insert(m);
  std::set<std::int64_t> ghosts(graph.natural_index.begin() + graph.n_owned,
                                graph.natural_index.end());
  EXPECT_EQ(ghosts, expected);
  EXPECT_EQ(static_cast<std::size_t>(graph.n_local - graph.n_owned), expected.size());

  for (std::int32_t c = graph.n_owned; c < graph.n_local; ++c)
    EXPECT_EQ(static_cast<double>(graph.global_index[c] + 1),
              global_of[static_cast<std::size_t>(graph.natural_index[c])])
        << "ghost of natural cell " << graph.natural_index[c];
  // Global numbers are a permutation of 0..23.
  std::vector<double> sorted = global_of;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t n = 0; n < sorted.size(); ++n) EXPECT_EQ(sorted[n], static_cast<double>(n + 1));
}

TEST_F(CellGraphTest, ConnectionCountsPerAxis) {
  // Owned-owned pairs count once, owned-ghost pairs half on each of their two ranks.
  std::vector<double> count(3, 0.0);
  const auto& cn = graph.connections;
  for (std::size_t k = 0; k < cn.size(); ++k)
    count[static_cast<std::size_t>(cn.axis[k])] += cn.b[k] < graph.n_owned ? 1.0 : 0.5;
  sum_over_ranks(count, world());
  EXPECT_EQ(count[0], 2.0 * 3 * 3);  // X: nlay * nrow * (ncol - 1)
  EXPECT_EQ(count[1], 2.0 * 2 * 4);  // Y: nlay * (nrow - 1) * ncol
  EXPECT_EQ(count[2], 1.0 * 3 * 4);  // Z: (nlay - 1) * nrow * ncol
  if (comm_size(world()) == 1) {
    EXPECT_EQ(cn.size(), 46u);
  }
}

TEST_F(CellGraphTest, EachNeighbourPairIsConnectedExactlyOnce) {
  const auto& cn = graph.connections;
  const std::size_t n = cn.size();
  const bool consistent = cn.b.size() == n && cn.axis.size() == n && cn.sign.size() == n &&
                          cn.width.size() == n && cn.area.size() == n && cn.dist_a.size() == n &&
                          cn.dist_b.size() == n;
  EXPECT_TRUE(consistent) << "the per-connection arrays differ in length";
  std::vector<double> pair(24 * 24, 0.0);
  std::set<std::pair<std::int32_t, std::int32_t>> local_pairs;
  for (std::size_t k = 0; consistent && k < n; ++k) {
    EXPECT_LT(cn.a[k], graph.n_owned) << "cell a must be owned";
    EXPECT_GE(cn.b[k], 0);
    EXPECT_LT(cn.b[k], graph.n_local);
    EXPECT_NE(cn.a[k], cn.b[k]);
    EXPECT_TRUE(local_pairs.insert(std::minmax(cn.a[k], cn.b[k])).second)
        << "pair listed twice on a rank";
    const auto na = graph.natural_index[cn.a[k]], nb = graph.natural_index[cn.b[k]];
    pair[static_cast<std::size_t>(std::min(na, nb) * 24 + std::max(na, nb))] +=
        cn.b[k] < graph.n_owned ? 1.0 : 0.5;
  }
  sum_over_ranks(pair, world());  // collective: every rank gets here
  for (std::int64_t p = 0; p < 24; ++p) {
    auto nb = neighbours(grid, p);
    for (std::int64_t m = p + 1; m < 24; ++m) {
      const bool adjacent = std::find(nb.begin(), nb.end(), m) != nb.end();
      EXPECT_EQ(pair[static_cast<std::size_t>(p * 24 + m)], adjacent ? 1.0 : 0.0)
          << "cells " << p << ", " << m;
    }
  }
}

TEST_F(CellGraphTest, CellGeometry) {
  for (std::int32_t c = 0; c < graph.n_local; ++c) {
    auto [k, i, j] = grid.lrc(graph.natural_index[c]);
    const double dx = grid.delr[static_cast<std::size_t>(j)],
                 dy = grid.delc[static_cast<std::size_t>(i)];
    EXPECT_EQ(graph.layer[c], k);
    EXPECT_EQ(graph.row[c], i);
    EXPECT_EQ(graph.col[c], j);
    EXPECT_EQ(graph.dx[c], dx);
    EXPECT_EQ(graph.dy[c], dy);
    EXPECT_EQ(graph.top[c], kTop[k]);
    EXPECT_EQ(graph.bottom[c], kBottom[k]);
    EXPECT_EQ(graph.thickness(c), kTop[k] - kBottom[k]);
    EXPECT_EQ(graph.plan_area(c), dx * dy);
    EXPECT_DOUBLE_EQ(graph.volume(c), dx * dy * (kTop[k] - kBottom[k]));
    EXPECT_DOUBLE_EQ(graph.center[c][0], west_of(static_cast<int>(j)) + 0.5 * dx);
    EXPECT_DOUBLE_EQ(graph.center[c][1], north_of(static_cast<int>(i)) - 0.5 * dy);
    EXPECT_DOUBLE_EQ(graph.center[c][2], 0.5 * (kTop[k] + kBottom[k]));
  }
  // The model volume: 10 m x 18 m x 10 m.
  double volume = 0.0;
  for (std::int32_t c = 0; c < graph.n_owned; ++c) volume += graph.volume(c);
  EXPECT_DOUBLE_EQ(sum_over_ranks(volume, world()), 1800.0);
}

TEST_F(CellGraphTest, ConnectionGeometry) {
  const auto& cn = graph.connections;
  for (std::size_t k = 0; k < cn.size(); ++k) {
    const std::int32_t a = cn.a[k], b = cn.b[k];
    const double mean_thickness = 0.5 * (graph.thickness(a) + graph.thickness(b));
    switch (cn.axis[k]) {
      case Axis::X:
        EXPECT_EQ(graph.row[a], graph.row[b]);
        EXPECT_EQ(graph.layer[a], graph.layer[b]);
        EXPECT_EQ(std::abs(graph.col[a] - graph.col[b]), 1);
        EXPECT_EQ(cn.width[k], graph.dy[a]);
        EXPECT_DOUBLE_EQ(cn.area[k], graph.dy[a] * mean_thickness);
        EXPECT_EQ(cn.dist_a[k], 0.5 * graph.dx[a]);
        EXPECT_EQ(cn.dist_b[k], 0.5 * graph.dx[b]);
        // The two distances add up to the distance between the centres.
        EXPECT_DOUBLE_EQ(cn.dist_a[k] + cn.dist_b[k],
                         std::abs(graph.center[b][0] - graph.center[a][0]));
        break;
      case Axis::Y:
        EXPECT_EQ(graph.col[a], graph.col[b]);
        EXPECT_EQ(std::abs(graph.row[a] - graph.row[b]), 1);
        EXPECT_EQ(cn.width[k], graph.dx[a]);
        EXPECT_DOUBLE_EQ(cn.area[k], graph.dx[a] * mean_thickness);
        EXPECT_EQ(cn.dist_a[k], 0.5 * graph.dy[a]);
        EXPECT_EQ(cn.dist_b[k], 0.5 * graph.dy[b]);
        EXPECT_DOUBLE_EQ(cn.dist_a[k] + cn.dist_b[k],
                         std::abs(graph.center[b][1] - graph.center[a][1]));
        break;
      case Axis::Z:
        EXPECT_EQ(graph.row[a], graph.row[b]);
        EXPECT_EQ(graph.col[a], graph.col[b]);
        EXPECT_EQ(std::abs(graph.layer[a] - graph.layer[b]), 1);
        EXPECT_EQ(cn.width[k], 0.0);
        EXPECT_EQ(cn.area[k], graph.plan_area(a));
        EXPECT_EQ(cn.dist_a[k], 0.5 * graph.thickness(a));
        EXPECT_EQ(cn.dist_b[k], 0.5 * graph.thickness(b));
        EXPECT_DOUBLE_EQ(cn.dist_a[k] + cn.dist_b[k],
                         std::abs(graph.center[b][2] - graph.center[a][2]));
        break;
    }
  }
}

TEST_F(CellGraphTest, NormalsPointFromAToB) {
  const auto& cn = graph.connections;
  for (std::size_t k = 0; k < cn.size(); ++k) {
    const auto n = cn.normal(k);
    const auto& ca = graph.center[cn.a[k]];
    const auto& cb = graph.center[cn.b[k]];
    const int axis = static_cast<int>(cn.axis[k]);
    for (int d = 0; d < 3; ++d)
      EXPECT_EQ(std::abs(n[d]), d == axis ? 1.0 : 0.0) << "connection " << k;
    const double along = n[0] * (cb[0] - ca[0]) + n[1] * (cb[1] - ca[1]) + n[2] * (cb[2] - ca[2]);
    EXPECT_GT(along, 0.0) << "connection " << k;
  }
}

TEST(Connections, NormalConventions) {
  Connections cn;
  cn.axis = {Axis::X, Axis::X, Axis::Y, Axis::Y, Axis::Z, Axis::Z};
  cn.sign = {+1, -1, +1, -1, +1, -1};
  using N = std::array<double, 3>;
  EXPECT_EQ(cn.normal(0), (N{1, 0, 0}));   // next column: east
  EXPECT_EQ(cn.normal(1), (N{-1, 0, 0}));  // previous column: west
  EXPECT_EQ(cn.normal(2), (N{0, -1, 0}));  // next row: south
  EXPECT_EQ(cn.normal(3), (N{0, 1, 0}));   // previous row: north
  EXPECT_EQ(cn.normal(4), (N{0, 0, -1}));  // next layer: down
  EXPECT_EQ(cn.normal(5), (N{0, 0, 1}));   // previous layer: up
}

TEST_F(CellGraphTest, ConnectionsOfEachOwnedCellInMatrixRowOrder) {
  ASSERT_EQ(graph.conn_offset.size(), static_cast<std::size_t>(graph.n_owned) + 1);
  EXPECT_EQ(graph.conn_offset[0], 0);
  EXPECT_EQ(static_cast<std::size_t>(graph.conn_offset.back()), graph.conn_of.size());
  for (std::int32_t c = 0; c < graph.n_owned; ++c) {
    const auto begin = graph.conn_offset[c], end = graph.conn_offset[c + 1];
    EXPECT_EQ(static_cast<std::size_t>(end - begin),
              neighbours(grid, graph.natural_index[c]).size())
        << "natural cell " << graph.natural_index[c];
    std::int64_t previous = -1;
    for (auto p = begin; p < end; ++p) {
      const auto k = static_cast<std::size_t>(graph.conn_of[static_cast<std::size_t>(p)]);
      EXPECT_TRUE(graph.connections.a[k] == c || graph.connections.b[k] == c);
      const std::int64_t other_global = graph.global_index[graph.other(k, c)];
      EXPECT_GT(other_global, previous)
          << "connections not sorted by the other cell's global index";
      previous = other_global;
    }
  }
}

TEST_F(CellGraphTest, LocalAndOwnedOfNatural) {
  for (std::int32_t c = 0; c < graph.n_local; ++c) {
    EXPECT_EQ(graph.local_of_natural(graph.natural_index[c]), c);
    EXPECT_EQ(graph.owned_of_natural(graph.natural_index[c]), c < graph.n_owned ? c : -1);
  }
  std::set<std::int64_t> held(graph.natural_index.begin(), graph.natural_index.end());
  for (std::int64_t n = 0; n < 24; ++n)
    if (!held.count(n)) {
      EXPECT_EQ(graph.local_of_natural(n), -1);
      EXPECT_EQ(graph.owned_of_natural(n), -1);
    }
  EXPECT_EQ(graph.local_of_natural(24), -1);
  EXPECT_EQ(graph.local_of_natural(-1), -1);
}

TEST(CellGraph, ABottomAboveItsTopIsReportedWithTheCell) {
  auto g = small_grid();
  std::vector<double> botm(24, 6.0);
  for (std::size_t n = 12; n < 24; ++n) botm[n] = 0.0;
  botm[static_cast<std::size_t>(g.natural(1, 1, 2))] =
      7.0;  // layer 2, row 2, col 3: above its top at 6
  g.botm = unit::make_vector_array(botm, g.shape(), g.botm->loc());
  ErrorList local;
  build(g, local);
  const ErrorList all = gather_errors(local, world());
  ASSERT_EQ(all.size(), 1u) << all.format();
  EXPECT_EQ(
      all.items()[0].message,
      "bottom 7 of (layer 2, row 2, col 3) is not below its top 6; layer bottoms must decrease "
      "downwards from the top");
  EXPECT_EQ(all.items()[0].loc.key, "grid.botm");
  EXPECT_EQ(all.items()[0].loc.line, 7);
}

TEST(CellGraph, AnInfiniteThicknessIsReported) {
  // Finite top and bottoms whose difference overflows.
  auto g = unit::layered_grid({1.0, 2.0, 3.0, 4.0}, {5.0, 6.0, 7.0}, 1.0e308, {-1.0e308, -1.5e308});
  ErrorList local;
  build(g, local);
  const ErrorList all = gather_errors(local, world());
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.items()[0].message.rfind("thickness of (layer 1, row 1, col ", 0), 0u) << all.format();
  EXPECT_NE(all.items()[0].message.find("is out of range; expected top - bottom below 1.8e308"),
            std::string::npos)
      << all.format();
}

TEST(CellGraph, EmptyCellsAreCountedInOneMessagePerRank) {
  // Layer 1's bottom equals the top: every layer-1 cell is empty.
  auto g = unit::layered_grid({1.0, 2.0, 3.0, 4.0}, {5.0, 6.0, 7.0}, 10.0, {10.0, 0.0});
  ErrorList local;
  const CellGraph graph = build(g, local);
  const ErrorList all = gather_errors(local, world());

  std::int32_t first = -1, empty = 0;
  for (std::int32_t c = 0; c < graph.n_owned; ++c)
    if (graph.natural_index[c] < 12) {
      if (first < 0) first = c;
      ++empty;
    }
  ASSERT_GT(empty, 0) << "the geometric split is in plan, so every rank owns layer-1 cells";
  ASSERT_EQ(local.size(), 1u) << local.format();
  std::string expected = fmt::format("bottom 10 of {} is not below its top 10",
                                     g.shape().cell_name(graph.natural_index[first]));
  if (empty > 1) expected += fmt::format(" ({} more such cells)", empty - 1);
  EXPECT_EQ(local.items()[0].message,
            expected + "; layer bottoms must decrease downwards from the top");
  EXPECT_EQ(all.size(), static_cast<std::size_t>(comm_size(world())));
  if (comm_size(world()) == 1) {
    EXPECT_EQ(local.items()[0].message,
              "bottom 10 of (layer 1, row 1, col 1) is not below its top 10 (11 more such cells); "
              "layer bottoms must decrease downwards from the top");
  }
}

TEST(CellGraph, UnreadableGeometryIsReportedNotThrown) {
  auto g = small_grid();
  std::vector<double> botm(24, 6.0);
  for (std::size_t n = 12; n < 24; ++n) botm[n] = 0.0;
  botm[0] = std::nan("");
  g.botm = unit::make_vector_array(botm, g.shape(), g.botm->loc());
  ErrorList local;
  EXPECT_NO_THROW(build(g, local));
  const ErrorList all = gather_errors(local, world());
  ASSERT_GE(all.size(), 1u);
  for (const auto& d : all.items())
    EXPECT_NE(d.message.find("value nan at (layer 1, row 1, col 1) is not a finite number"),
              std::string::npos)
        << d.message;
}

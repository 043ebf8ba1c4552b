/// Unit tests of mesh/structured_grid.cpp: edges, extents and point location.
///
/// How to run:  ctest -R structured_grid_test
/// What it shows: row 0 is the north edge (largest y) and column 0 the west
/// edge, as in MODFLOW; a point on an inner edge belongs to the cell with the
/// larger row or column index; a point on the outer boundary belongs to the
/// edge cell; a point outside gives {-1, -1}.

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "mesh/structured_grid.hpp"
#include "tests/unit/unit_helpers.hpp"

using namespace aquaplume;

namespace {

/// Three columns (1, 2, 3 m wide) and three rows (10, 20, 30 m high); the
/// south-west corner at (100, 1000). So x spans 100..106 and y 1000..1060.
StructuredGridSpec graded_grid() {
  return unit::layered_grid({1.0, 2.0, 3.0}, {10.0, 20.0, 30.0}, 0.0, {-1.0, -2.0}, 100.0, 1000.0);
}

using RowCol = std::array<std::int64_t, 2>;
const RowCol kOutside{-1, -1};

}  // namespace

TEST(StructuredGrid, IndexingIsLayerRowColumnInCOrder) {
  auto g = unit::uniform_grid(2, 3, 4);
  EXPECT_EQ(g.cell_count(), 24);
  EXPECT_EQ(g.natural(0, 0, 0), 0);
  EXPECT_EQ(g.natural(0, 0, 1), 1);
  EXPECT_EQ(g.natural(0, 1, 0), 4);
  EXPECT_EQ(g.natural(1, 0, 0), 12);
  EXPECT_EQ(g.natural(1, 2, 3), 23);
  for (std::int64_t n = 0; n < g.cell_count(); ++n) {
    auto [k, i, j] = g.lrc(n);
    EXPECT_EQ(g.natural(k, i, j), n);
  }
  EXPECT_EQ(g.lrc(17), (std::array<std::int64_t, 3>{1, 1, 1}));
  EXPECT_EQ(g.shape().size(), 24);
  EXPECT_EQ(g.column_shape().size(), 12);
  EXPECT_EQ(g.column_shape().nlay, 1);
}

TEST(StructuredGrid, XEdgesIncreaseFromTheOrigin) {
  auto g = graded_grid();
  EXPECT_EQ(g.x_edges(), (std::vector<double>{100.0, 101.0, 103.0, 106.0}));
  EXPECT_EQ(g.width(), 6.0);
}

TEST(StructuredGrid, YEdgesStartAtTheNorthEdge) {
  auto g = graded_grid();
  // Row 0 is the north row: its north edge is the largest y.
  EXPECT_EQ(g.y_edges(), (std::vector<double>{1060.0, 1050.0, 1030.0, 1000.0}));
  EXPECT_EQ(g.height(), 60.0);
}

TEST(StructuredGrid, YEdgesEndExactlyAtTheOriginDespiteRoundOff) {
  auto g = unit::layered_grid({1.0}, std::vector<double>(10, 0.1), 0.0, {-1.0}, 0.0, 0.3);
  auto ye = g.y_edges();
  ASSERT_EQ(ye.size(), 11u);
  EXPECT_EQ(ye.back(), 0.3);
  EXPECT_NEAR(ye.front(), 1.3, 1e-14);
  for (std::size_t i = 1; i < ye.size(); ++i) EXPECT_LT(ye[i], ye[i - 1]);
}

TEST(StructuredGrid, LocateInsideCells) {
  auto g = graded_grid();
  EXPECT_EQ(g.locate(100.5, 1055.0), (RowCol{0, 0}));  // north-west cell
  EXPECT_EQ(g.locate(105.0, 1001.0), (RowCol{2, 2}));  // south-east cell
  EXPECT_EQ(g.locate(102.0, 1040.0), (RowCol{1, 1}));
  EXPECT_EQ(g.locate(104.0, 1052.0), (RowCol{0, 2}));
}

TEST(StructuredGrid, LocateReturnsRowThenColumn) {
  // A grid of 1 row and 3 columns: the column index must be the second value.
  auto g = unit::layered_grid({1.0, 1.0, 1.0}, {1.0}, 0.0, {-1.0});
  EXPECT_EQ(g.locate(2.5, 0.5), (RowCol{0, 2}));
}

TEST(StructuredGrid, LocateOnInnerEdgesPicksTheLargerIndex) {
  auto g = graded_grid();
  EXPECT_EQ(g.locate(101.0, 1055.0), (RowCol{0, 1}));  // x edge between columns 0 and 1
  EXPECT_EQ(g.locate(103.0, 1055.0), (RowCol{0, 2}));
  EXPECT_EQ(g.locate(100.5, 1050.0), (RowCol{1, 0}));  // y edge between rows 0 and 1
  EXPECT_EQ(g.locate(100.5, 1030.0), (RowCol{2, 0}));
  EXPECT_EQ(g.locate(103.0, 1030.0), (RowCol{2, 2}));  // an inner corner
}

TEST(StructuredGrid, LocateOnTheOuterBoundaryIsInTheEdgeCell) {
  auto g = graded_grid();
  EXPECT_EQ(g.locate(100.0, 1055.0), (RowCol{0, 0}));  // west edge
  EXPECT_EQ(g.locate(106.0, 1055.0), (RowCol{0, 2}));  // east edge
  EXPECT_EQ(g.locate(102.0, 1060.0), (RowCol{0, 1}));  // north edge
  EXPECT_EQ(g.locate(102.0, 1000.0), (RowCol{2, 1}));  // south edge
  EXPECT_EQ(g.locate(100.0, 1060.0), (RowCol{0, 0}));  // north-west corner
  EXPECT_EQ(g.locate(106.0, 1000.0), (RowCol{2, 2}));  // south-east corner
  EXPECT_EQ(g.locate(100.0, 1000.0), (RowCol{2, 0}));  // south-west corner (the origin)
  EXPECT_EQ(g.locate(106.0, 1060.0), (RowCol{0, 2}));  // north-east corner
}

TEST(StructuredGrid, LocateOutsideTheGrid) {
  auto g = graded_grid();
  EXPECT_EQ(g.locate(99.999, 1030.0), kOutside);   // west
  EXPECT_EQ(g.locate(106.001, 1030.0), kOutside);  // east
  EXPECT_EQ(g.locate(103.0, 1060.001), kOutside);  // north
  EXPECT_EQ(g.locate(103.0, 999.999), kOutside);   // south
  EXPECT_EQ(g.locate(0.0, 0.0), kOutside);
  EXPECT_EQ(g.locate(std::numeric_limits<double>::infinity(), 1030.0), kOutside);
  EXPECT_EQ(g.locate(103.0, -std::numeric_limits<double>::infinity()), kOutside);
}

TEST(StructuredGrid, LocateNanIsOutside) {
  auto g = graded_grid();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(g.locate(nan, 1030.0), kOutside);
  EXPECT_EQ(g.locate(103.0, nan), kOutside);
}

TEST(StructuredGrid, LocateEveryCellCentre) {
  auto g = graded_grid();
  auto xe = g.x_edges();
  auto ye = g.y_edges();
  for (std::int64_t i = 0; i < g.nrow; ++i)
    for (std::int64_t j = 0; j < g.ncol; ++j) {
      const double x = 0.5 * (xe[j] + xe[j + 1]), y = 0.5 * (ye[i] + ye[i + 1]);
      EXPECT_EQ(g.locate(x, y), (RowCol{i, j})) << "x " << x << " y " << y;
    }
}

TEST(CheckGrid, AcceptsAnOrdinaryGrid) {
  ErrorList errors;
  check_grid(graded_grid(), errors);
  EXPECT_TRUE(errors.empty()) << errors.format();
}

TEST(CheckGrid, RejectsEmptyDimensions) {
  for (auto [nlay, nrow, ncol] :
       {std::array<std::int64_t, 3>{0, 5, 5}, std::array<std::int64_t, 3>{1, 0, 5},
        std::array<std::int64_t, 3>{1, 5, -2}}) {
    StructuredGridSpec g;
    g.nlay = nlay;
    g.nrow = nrow;
    g.ncol = ncol;
    g.loc.file = "case.yaml";
    g.loc.line = 3;
    g.loc.key = "grid";
    ErrorList errors;
    check_grid(g, errors);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors.items()[0].format(),
              fmt::format("case.yaml:3: grid: grid must have at least one layer, row and column "
                          "(got {} x {} x {})",
                          nlay, nrow, ncol));
  }
}

TEST(CheckGrid, RejectsMoreCellsThan32BitIndicesHold) {
  StructuredGridSpec g;
  g.nlay = 10;
  g.nrow = 20000;
  g.ncol = 20000;  // 4e9 cells
  ErrorList errors;
  check_grid(g, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].message,
            "more than 2e9 cells needs a PETSc built with 64-bit indices");

  g.nlay = 5;  // exactly 2e9 is still fine
  g.nrow = 20000;
  g.ncol = 20000;
  ErrorList fine;
  check_grid(g, fine);
  EXPECT_TRUE(fine.empty()) << fine.format();
}

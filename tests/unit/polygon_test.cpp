/// Unit tests of mesh/polygon.cpp: plan polygons, their defects, and the
/// fraction of each grid cell they cover.
///
/// How to run:  ctest -R polygon_test     (registered at 1, 2 and 3 ranks)
/// What it shows: areas and point-in-polygon with holes and parts; every
/// kind of defect is found and named with its edges (self-intersections with
/// the crossing point, also at projected coordinates of ~1e6 m); covered
/// fractions are exact (to 1e-12) for rectangles aligned with the grid and
/// for rotated ones, where the reference clips each cell by the rectangle's
/// four half-planes (the roles of window and subject swapped); for random
/// concave polygons with holes and several parts the covered areas add up to
/// the polygon's area to 1e-10 (seeded); a rank sees exactly its own columns
/// and the union over ranks is the serial answer; a small polygon on a
/// 1e5 x 1e5 grid costs only the cells of its bounding box.

#include <gtest/gtest.h>

#include <mpi.h>

#include <cmath>
#include <map>
#include <numbers>
#include <random>
#include <vector>

#include "mesh/base/parallel.hpp"
#include "mesh/partition.hpp"
#include "mesh/polygon.hpp"
#include "tests/unit/unit_helpers.hpp"

using namespace aquaplume;

namespace {

Polygon simple(Ring ring) {
  return Polygon{{PolygonPart{std::move(ring), {}}}};
}

Ring rectangle(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

/// A rectangle of half-sizes (a, b) centred at c and turned by `angle` (counter-clockwise).
Ring rotated_rectangle(PlanPoint c, double a, double b, double angle) {
  const double cs = std::cos(angle), sn = std::sin(angle);
  Ring ring;
  for (auto [u, v] : {std::pair{-a, -b}, std::pair{a, -b}, std::pair{a, b}, std::pair{-a, b}})
    ring.push_back({c.x + u * cs - v * sn, c.y + u * sn + v * cs});
  return ring;
}

/// The reference for convex polygons: clips the cell rectangle by the
/// half-plane left of each edge of the counter-clockwise polygon, and
/// returns the area left (a computation independent of covered_columns,
/// which clips the polygon by the cell).
double convex_overlap(const Ring& convex, PlanBox cell) {
  Ring piece = rectangle(cell.xmin, cell.ymin, cell.xmax, cell.ymax);
  const std::size_t n = convex.size();
  for (std::size_t e = 0; e < n && !piece.empty(); ++e) {
    const PlanPoint a = convex[e], b = convex[(e + 1) % n];
    auto side = [&](PlanPoint p) { return (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x); };
    Ring out;
    for (std::size_t i = 0; i < piece.size(); ++i) {
      const PlanPoint p = piece[i], q = piece[(i + 1) % piece.size()];
      const double sp = side(p), sq = side(q);
      if (sp >= 0) out.push_back(p);
      if ((sp >= 0) != (sq >= 0)) {
        const double t = sp / (sp - sq);
        out.push_back({p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)});
      }
    }
    piece = out;
  }
  return piece.size() < 3 ? 0.0 : std::abs(signed_area(piece));
}

/// Cell (row, col) as a box; row 0 is the north row.
PlanBox cell_box(const StructuredGridSpec& g, std::int64_t row, std::int64_t col) {
  const auto xe = g.x_edges();
  const auto ye = g.y_edges();
  return {xe[static_cast<std::size_t>(col)], xe[static_cast<std::size_t>(col) + 1],
          ye[static_cast<std::size_t>(row) + 1], ye[static_cast<std::size_t>(row)]};
}

double cell_area(const StructuredGridSpec& g, const CoveredColumn& c) {
  return g.delr[static_cast<std::size_t>(c.col)] * g.delc[static_cast<std::size_t>(c.row)];
}

double covered_area(const StructuredGridSpec& g, const std::vector<CoveredColumn>& columns) {
  double total = 0.0;
  for (const auto& c : columns) total += c.fraction * cell_area(g, c);
  return total;
}

std::map<std::pair<std::int64_t, std::int64_t>, double> by_cell(
    const std::vector<CoveredColumn>& columns) {
  std::map<std::pair<std::int64_t, std::int64_t>, double> out;
  for (const auto& c : columns) out[{c.row, c.col}] = c.fraction;
  return out;
}

/// Widths that vary from cell to cell (1 to 3 times `size`), seeded.
std::vector<double> uneven_sizes(std::size_t n, double size, std::mt19937& random) {
  std::uniform_real_distribution<double> factor(1.0, 3.0);
  std::vector<double> out(n);
  for (auto& d : out) d = size * factor(random);
  return out;
}

/// A random star-shaped (generally concave) ring around `c`: angles spread
/// round the circle with jitter, radii in [r_min, r_max]. Simple by construction.
Ring star(PlanPoint c, double r_min, double r_max, std::size_t n, std::mt19937& random) {
  std::uniform_real_distribution<double> jitter(-0.3, 0.3), radius(r_min, r_max);
  Ring ring;
  for (std::size_t k = 0; k < n; ++k) {
    const double angle =
        2.0 * std::numbers::pi * (static_cast<double>(k) + jitter(random)) / static_cast<double>(n);
    const double r = radius(random);
    ring.push_back({c.x + r * std::cos(angle), c.y + r * std::sin(angle)});
  }
  return ring;
}

}  // namespace

// ---------------------------------------------------------------- area, contains, tidying

TEST(PolygonArea, OrientationHolesAndParts) {
  const Ring ccw = rectangle(0, 0, 10, 20);
  Ring cw(ccw.rbegin(), ccw.rend());
  EXPECT_DOUBLE_EQ(signed_area(ccw), 200.0);
  EXPECT_DOUBLE_EQ(signed_area(cw), -200.0);
  // Either orientation of outer rings and holes gives the same area.
  Polygon holed{{PolygonPart{cw, {rectangle(2, 2, 4, 4)}}}};
  EXPECT_DOUBLE_EQ(area(holed), 196.0);
  holed.parts.push_back(PolygonPart{rectangle(20, 0, 21, 1), {}});
  EXPECT_DOUBLE_EQ(area(holed), 197.0);
  const PlanBox box = bounding_box(holed);
  EXPECT_EQ(box.xmin, 0.0);
  EXPECT_EQ(box.xmax, 21.0);
  EXPECT_EQ(box.ymax, 20.0);
}

TEST(PolygonArea, AccurateAtProjectedCoordinates) {
  // A 5 m square at UTM-like coordinates: its area must not lose digits.
  const Ring r = rectangle(512345.25, 4123456.5, 512350.25, 4123461.5);
  EXPECT_NEAR(signed_area(r), 25.0, 1e-9);
}

TEST(PolygonContains, HolesAndConcaveRings) {
  Polygon p{{PolygonPart{rectangle(0, 0, 10, 10), {rectangle(4, 4, 6, 6)}}}};
  EXPECT_TRUE(contains(p, {1, 1}));
  EXPECT_FALSE(contains(p, {5, 5}));  // in the hole
  EXPECT_FALSE(contains(p, {11, 5}));
  const Polygon u =
      simple({{0, 0}, {9, 0}, {9, 9}, {6, 9}, {6, 3}, {3, 3}, {3, 9}, {0, 9}});  // a U
  EXPECT_TRUE(contains(u, {1, 8}));
  EXPECT_FALSE(contains(u, {4.5, 8}));
  EXPECT_TRUE(contains(u, {4.5, 1}));
}

TEST(RemoveRepeatedVertices, ClosingAndRepeatedVerticesGoAndIndicesAreKept) {
  Ring r{{0, 0}, {1, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}};
  auto kept = remove_repeated_vertices(r);
  EXPECT_EQ(r.size(), 4u);
  EXPECT_EQ(kept, (std::vector<std::size_t>{0, 1, 3, 4}));
}

// ---------------------------------------------------------------- defects

TEST(PolygonDefects, AValidPolygonHasNone) {
  EXPECT_TRUE(find_defects(simple({{0, 0}, {10, 0}, {0, 10}})).empty());
  EXPECT_TRUE(find_defects(simple({{0, 0}, {9, 0}, {9, 9}, {6, 9}, {6, 3}, {3, 3}, {3, 9}, {0, 9}}))
                  .empty());
  Polygon holed{
      {PolygonPart{rectangle(0, 0, 10, 10), {rectangle(1, 1, 3, 3), rectangle(5, 5, 8, 8)}}}};
  holed.parts.push_back({rectangle(20, 0, 30, 10), {}});
  EXPECT_TRUE(find_defects(holed).empty());
}

TEST(PolygonDefects, ABowTieReportsTheCrossingEdgesAndPoint) {
  const auto defects = find_defects(simple({{0, 0}, {10, 10}, {10, 0}, {0, 10}}));
  ASSERT_EQ(defects.size(), 1u);
  const auto& d = defects[0];
  EXPECT_EQ(d.kind, PolygonDefect::Kind::EdgesCross);
  EXPECT_TRUE(d.proper);
  EXPECT_EQ(d.edge.from, 0u);
  EXPECT_EQ(d.edge.to, 1u);
  EXPECT_EQ(d.other_edge.from, 2u);
  EXPECT_EQ(d.other_edge.to, 3u);
  EXPECT_NEAR(d.at.x, 5.0, 1e-12);
  EXPECT_NEAR(d.at.y, 5.0, 1e-12);
  EXPECT_EQ(d.describe(),
            "the edge from vertex 1 to 2 and the edge from vertex 3 to 4 of the outer ring cross "
            "at (5, 5)");
  // In feet, with the vertices numbered as the reader wrote them.
  EXPECT_EQ(d.describe(0.5, [](RingRef, std::size_t i) { return 10 * (i + 1); }),
            "the edge from vertex 10 to 20 and the edge from vertex 30 to 40 of the outer ring "
            "cross at (10, 10)");
}

TEST(PolygonDefects, SelfIntersectionFoundAtProjectedCoordinates) {
  const double x0 = 512000.0, y0 = 4123000.0;
  const auto defects =
      find_defects(simple({{x0, y0}, {x0 + 3, y0 + 3}, {x0 + 3, y0}, {x0, y0 + 3}}));
  ASSERT_EQ(defects.size(), 1u);
  EXPECT_NEAR(defects[0].at.x, x0 + 1.5, 1e-9);
  EXPECT_NEAR(defects[0].at.y, y0 + 1.5, 1e-9);
}

TEST(PolygonDefects, ARingTouchingItselfAtAVertex) {
  // Two squares joined at (5, 5) in one ring: the ring passes the point twice.
  const auto defects =
      find_defects(simple({{0, 0}, {5, 0}, {5, 5}, {10, 5}, {10, 10}, {5, 10}, {5, 5}, {0, 5}}));
  ASSERT_FALSE(defects.empty());
  EXPECT_EQ(defects[0].kind, PolygonDefect::Kind::EdgesCross);
  EXPECT_FALSE(defects[0].proper);
  EXPECT_NE(defects[0].describe().find("touch at (5, 5)"), std::string::npos)
      << defects[0].describe();
}

TEST(PolygonDefects, DegenerateRings) {
  auto d = find_defects(simple({{0, 0}, {1, 1}}));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].kind, PolygonDefect::Kind::TooFewVertices);
  EXPECT_EQ(d[0].describe(), "the outer ring has fewer than 3 distinct vertices");

  d = find_defects(simple({{0, 0}, {1, 1}, {2, 2}, {3, 3}}));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].kind, PolygonDefect::Kind::ZeroArea);

  d = find_defects(Polygon{});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].kind, PolygonDefect::Kind::TooFewVertices);
}

TEST(PolygonDefects, ASpikeFoldsBack) {
  // From (10, 5) out to (15, 5) and straight back (the ring also touches
  // itself at (10, 5), which is reported too).
  const auto d =
      find_defects(simple({{0, 0}, {10, 0}, {10, 5}, {15, 5}, {10, 5}, {10, 10}, {0, 10}}));
  std::size_t spikes = 0;
  for (const auto& defect : d) {
    if (defect.kind != PolygonDefect::Kind::FoldsBack) continue;
    ++spikes;
    EXPECT_EQ(defect.describe(),
              "the edges from vertex 3 to 4 and from vertex 4 to 5 of the outer ring run back over "
              "each other");
  }
  EXPECT_EQ(spikes, 1u);
}

TEST(PolygonDefects, HolesAndParts) {
  Polygon outside{{PolygonPart{rectangle(0, 0, 10, 10), {rectangle(20, 20, 22, 22)}}}};
  auto d = find_defects(outside);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].describe(), "hole 1 lies outside the outer ring");

  Polygon crossing{{PolygonPart{rectangle(0, 0, 10, 10), {rectangle(8, 2, 12, 4)}}}};
  d = find_defects(crossing);
  ASSERT_EQ(d.size(), 2u);  // the hole's bottom and top edges cross the outer ring's east edge
  EXPECT_EQ(d[0].kind, PolygonDefect::Kind::EdgesCross);
  EXPECT_EQ(d[0].ring, (RingRef{0, 0}));
  EXPECT_EQ(d[0].other_ring, (RingRef{0, 1}));
  EXPECT_NE(d[0].describe().find("of the outer ring and the edge from vertex"), std::string::npos);
  EXPECT_NE(d[0].describe().find("of hole 1 cross at (10, "), std::string::npos) << d[0].describe();

  Polygon nested{
      {PolygonPart{rectangle(0, 0, 10, 10), {rectangle(1, 1, 9, 9), rectangle(2, 2, 3, 3)}}}};
  d = find_defects(nested);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].describe(), "hole 2 lies inside hole 1; holes must not overlap");

  Polygon parts{{PolygonPart{rectangle(0, 0, 10, 10), {}}, PolygonPart{rectangle(2, 2, 3, 3), {}}}};
  d = find_defects(parts);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].describe(),
            "part 2 lies inside part 1; the parts of a multipolygon must not overlap");

  // An island in a lake is fine: a part inside another part's hole.
  Polygon island{{PolygonPart{rectangle(0, 0, 10, 10), {rectangle(2, 2, 8, 8)}},
                  PolygonPart{rectangle(4, 4, 6, 6), {}}}};
  EXPECT_TRUE(find_defects(island).empty());
}

TEST(PolygonDefects, ManyCrossingsAreCappedAtTheLimit) {
  // A zig-zag ring folding over itself: many crossings, at most 3 listed.
  Ring r;
  for (int k = 0; k < 20; ++k) r.push_back({static_cast<double>(k), k % 2 ? 10.0 : 0.0});
  for (int k = 0; k < 20; ++k) r.push_back({19.0 - k, k % 2 ? 0.0 : 10.0});
  EXPECT_EQ(find_defects(simple(r), 3).size(), 3u);
}

// ---------------------------------------------------------------- covered fractions: exact cases

TEST(CoveredColumns, RectangleAlignedWithCellEdges) {
  // 10 x 10 cells of 10 m; the rectangle covers columns 3..5 (x 20..50) and
  // y 30..70, i.e. rows 4..7 counted from the north (y 100 down).
  auto g = unit::uniform_grid(1, 10, 10);
  const auto columns = covered_columns(simple(rectangle(20, 30, 50, 70)), g);
  ASSERT_EQ(columns.size(), 12u);
  for (const auto& c : columns) {
    EXPECT_GE(c.col, 2);
    EXPECT_LE(c.col, 4);
    EXPECT_GE(c.row, 3);
    EXPECT_LE(c.row, 6);
    EXPECT_NEAR(c.fraction, 1.0, 1e-15);
  }
}

TEST(CoveredColumns, RectangleHalfwayThroughCells) {
  auto g = unit::uniform_grid(1, 10, 10);
  // x 15..45 (half of columns 2 and 5), y 25..55 (half of rows 5 and 8, from the north).
  const auto cells = by_cell(covered_columns(simple(rectangle(15, 25, 45, 55)), g));
  ASSERT_EQ(cells.size(), 16u);
  for (const auto& [rc, fraction] : cells) {
    const bool edge_row = rc.first == 4 || rc.first == 7,
               edge_col = rc.second == 1 || rc.second == 4;
    const double expected = (edge_row ? 0.5 : 1.0) * (edge_col ? 0.5 : 1.0);
    EXPECT_NEAR(fraction, expected, 1e-15) << "row " << rc.first << " col " << rc.second;
  }
}

TEST(CoveredColumns, AlignedRectangleOnAGradedGridAtProjectedCoordinates) {
  std::mt19937 random(20240611);
  const double x0 = 487000.0, y0 = 3862000.0;
  auto g = unit::layered_grid(uneven_sizes(40, 5.0, random), uneven_sizes(30, 5.0, random), 0.0,
                              {-1.0}, x0, y0);
  const PlanBox r{x0 + 17.3, x0 + 141.9, y0 + 33.1, y0 + 87.6};
  const auto columns = covered_columns(simple(rectangle(r.xmin, r.ymin, r.xmax, r.ymax)), g);
  // Expected: the overlap lengths along x and y, multiplied.
  std::size_t expected_count = 0;
  const auto cells = by_cell(columns);
  for (std::int64_t i = 0; i < g.nrow; ++i)
    for (std::int64_t j = 0; j < g.ncol; ++j) {
      const PlanBox c = cell_box(g, i, j);
      const double ox = std::max(0.0, std::min(c.xmax, r.xmax) - std::max(c.xmin, r.xmin));
      const double oy = std::max(0.0, std::min(c.ymax, r.ymax) - std::max(c.ymin, r.ymin));
      const double expected = ox * oy / ((c.xmax - c.xmin) * (c.ymax - c.ymin));
      if (expected == 0.0) continue;
      ++expected_count;
      auto it = cells.find({i, j});
      ASSERT_NE(it, cells.end()) << "row " << i << " col " << j;
      EXPECT_NEAR(it->second, expected, 1e-10) << "row " << i << " col " << j;
    }
  EXPECT_EQ(columns.size(), expected_count);
  EXPECT_NEAR(covered_area(g, columns), (r.xmax - r.xmin) * (r.ymax - r.ymin),
              1e-10 * 124.6 * 54.5);
}

TEST(CoveredColumns, ADiamondCutsCellsOnTheirDiagonals) {
  // A square turned by 45 degrees with corners at cell corners: each cell is
  // whole, half (a triangle) or missed.
  auto g = unit::uniform_grid(1, 4, 4);  // 40 m x 40 m
  const auto cells = by_cell(covered_columns(simple({{20, 0}, {40, 20}, {20, 40}, {0, 20}}), g));
  ASSERT_EQ(cells.size(), 12u);
  for (const auto& [rc, fraction] : cells) {
    const bool centre = (rc.first == 1 || rc.first == 2) && (rc.second == 1 || rc.second == 2);
    EXPECT_NEAR(fraction, centre ? 1.0 : 0.5, 1e-15) << "row " << rc.first << " col " << rc.second;
  }
}

TEST(CoveredColumns, RotatedRectanglesMatchClippingTheCellsInstead) {
  std::mt19937 random(7);
  std::uniform_real_distribution<double> angle(0.0, std::numbers::pi), centre(60.0, 140.0),
      half(5.0, 50.0);
  auto g =
      unit::layered_grid(uneven_sizes(30, 4.0, random), uneven_sizes(25, 5.0, random), 0.0, {-1.0});
  for (int trial = 0; trial < 25; ++trial) {
    const Ring r = rotated_rectangle({centre(random), centre(random)}, half(random), half(random),
                                     angle(random));
    const auto cells = by_cell(covered_columns(simple(r), g));
    std::size_t expected_count = 0;
    for (std::int64_t i = 0; i < g.nrow; ++i)
      for (std::int64_t j = 0; j < g.ncol; ++j) {
        const PlanBox c = cell_box(g, i, j);
        const double expected = convex_overlap(r, c) / ((c.xmax - c.xmin) * (c.ymax - c.ymin));
        auto it = cells.find({i, j});
        if (expected <= 1e-12) {
          if (it != cells.end()) {
            EXPECT_LE(it->second, 1e-11) << "trial " << trial;
          }
          continue;
        }
        ++expected_count;
        ASSERT_NE(it, cells.end()) << "trial " << trial << " row " << i << " col " << j;
        EXPECT_NEAR(it->second, expected, 1e-12)
            << "trial " << trial << " row " << i << " col " << j;
      }
    EXPECT_EQ(cells.size(), expected_count) << "trial " << trial;
  }
}

// ---------------------------------------------------------------- covered fractions: conservation

TEST(CoveredColumns, RandomConcaveHoledAndMultiPartPolygonsConserveArea) {
  std::mt19937 random(1234);
  std::uniform_real_distribution<double> centre(30.0, 170.0), size(3.0, 25.0);
  std::uniform_int_distribution<std::size_t> vertices(8, 60);
  const double x0 = 612000.0, y0 = 2475000.0;  // projected coordinates
  auto g = unit::layered_grid(uneven_sizes(80, 1.7, random), uneven_sizes(50, 2.1, random), 0.0,
                              {-1.0}, x0, y0);
  for (int trial = 0; trial < 60; ++trial) {
    Polygon p;
    const int parts = 1 + trial % 3;
    for (int k = 0; k < parts; ++k) {
      // Parts in separate thirds of the grid so that they never overlap.
      const PlanPoint c{
          x0 + 15.0 + 70.0 * k + std::uniform_real_distribution<double>(10.0, 20.0)(random),
          y0 + centre(random) * 0.5 + 20.0};
      const double r = size(random);
      PolygonPart part{star(c, 0.6 * r, r, vertices(random), random), {}};
      if ((trial + k) % 2 == 0)
        part.holes.push_back(star(c, 0.1 * r, 0.25 * r, vertices(random), random));
      p.parts.push_back(std::move(part));
    }
    ASSERT_TRUE(find_defects(p).empty())
        << "trial " << trial << ": " << find_defects(p)[0].describe();
    const auto columns = covered_columns(p, g);
    const double a = area(p);
    EXPECT_NEAR(covered_area(g, columns), a, 1e-10 * a) << "trial " << trial;
    for (const auto& c : columns) {
      EXPECT_GT(c.fraction, 0.0);
      EXPECT_LE(c.fraction, 1.0);
    }
  }
}

TEST(CoveredColumns, APolygonReachingOutsideTheGridKeepsTheInsidePart) {
  std::mt19937 random(99);
  auto g =
      unit::layered_grid(uneven_sizes(20, 5.0, random), uneven_sizes(20, 5.0, random), 0.0, {-1.0});
  const PlanBox extent{0.0, g.width(), 0.0, g.height()};
  const Polygon p =
      simple(star({0.0, 0.5 * g.height()}, 20.0, 40.0, 30, random));  // centred on the west edge
  const double inside = area_inside(p, extent);
  EXPECT_GT(inside, 0.2 * area(p));
  EXPECT_LT(inside, 0.8 * area(p));
  EXPECT_NEAR(covered_area(g, covered_columns(p, g)), inside, 1e-10 * inside);
  EXPECT_TRUE(covered_columns(simple(rectangle(-50, -50, -10, -10)), g).empty());
}

TEST(CoveredColumns, ASmallPolygonOnAHugeGridVisitsOnlyItsBoundingBox) {
  // 1e5 x 1e5 columns: scanning them all would take minutes. (No layer
  // arrays: coverage needs only the plan.)
  StructuredGridSpec g;
  g.nlay = 1;
  g.nrow = g.ncol = 100000;
  g.delr.assign(100000, 1.0);
  g.delc.assign(100000, 1.0);
  g.xorigin = 100.0;
  g.yorigin = 200.0;
  const auto columns = covered_columns(simple(rectangle(50100.5, 50200.0, 50102.0, 50201.0)), g);
  ASSERT_EQ(columns.size(), 2u);
  EXPECT_NEAR(columns[0].fraction + columns[1].fraction, 1.5, 1e-12);
  EXPECT_EQ(columns[0].row, 100000 - 50000 - 1);
}

// ---------------------------------------------------------------- per rank

TEST(CoveredColumns, EachRankGetsItsOwnColumnsAndTogetherTheWhole) {
  std::mt19937 random(5);
  auto g = unit::layered_grid(uneven_sizes(17, 3.0, random), uneven_sizes(13, 4.0, random), 0.0,
                              {-1.0, -2.0});
  const Polygon p{{PolygonPart{star({25.0, 26.0}, 12.0, 22.0, 40, random),
                               {star({25.0, 26.0}, 2.0, 5.0, 12, random)}}}};
  ErrorList errors;
  const CellGraph graph = build_cell_graph(
      g, partition_cells(g, PartitionMethod::Geometric, MPI_COMM_WORLD), MPI_COMM_WORLD, errors);
  ASSERT_TRUE(errors.empty()) << errors.format();
  const auto mine = covered_columns(p, graph);
  // Every column this rank reports holds one of its owned cells.
  for (const auto& c : mine) {
    bool owned = false;
    for (std::int32_t k = 0; k < graph.n_owned && !owned; ++k)
      owned = graph.row[k] == c.row && graph.col[k] == c.col;
    EXPECT_TRUE(owned) << "row " << c.row << " col " << c.col;
  }
  // A column split by layers between ranks is counted by each; count once per column.
  std::vector<double> fraction(static_cast<std::size_t>(g.nrow * g.ncol), 0.0),
      holders(fraction.size(), 0.0);
  for (const auto& c : mine) {
    fraction[static_cast<std::size_t>(c.row * g.ncol + c.col)] += c.fraction;
    holders[static_cast<std::size_t>(c.row * g.ncol + c.col)] += 1.0;
  }
  sum_over_ranks(fraction, MPI_COMM_WORLD);
  sum_over_ranks(holders, MPI_COMM_WORLD);
  const auto whole = by_cell(covered_columns(p, g));
  for (std::int64_t i = 0; i < g.nrow; ++i)
    for (std::int64_t j = 0; j < g.ncol; ++j) {
      const auto n = static_cast<std::size_t>(i * g.ncol + j);
      const double got = holders[n] > 0 ? fraction[n] / holders[n] : 0.0;
      auto it = whole.find({i, j});
      EXPECT_NEAR(got, it == whole.end() ? 0.0 : it->second, 1e-15) << "row " << i << " col " << j;
    }
}

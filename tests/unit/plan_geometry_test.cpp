/// Plan-view geometry of tracking (solver/tracking/plan_geometry.hpp): outlines
/// of column sets keep their area and holes, scan-line fills agree with the
/// winding-number test, and segments enter circles and polygons where they should.

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "solver/tracking/plan_geometry.hpp"

using namespace aquaplume::tracking;

namespace {

/// A 10 x 10 grid of unit cells with its south-west corner at (100, 200).
struct Grid {
  std::int64_t nrow = 10, ncol = 10;
  std::vector<double> xe, ye, xc, yc;
  Grid() {
    for (int j = 0; j <= 10; ++j) xe.push_back(100.0 + j);
    for (int i = 0; i <= 10; ++i) ye.push_back(210.0 - i);
    for (int j = 0; j < 10; ++j) xc.push_back(100.5 + j);
    for (int i = 0; i < 10; ++i) yc.push_back(209.5 - i);
  }
  std::vector<PlanPolygon> outline(std::vector<std::int64_t> columns) const {
    std::sort(columns.begin(), columns.end());
    return outline_columns(columns, nrow, ncol, xe, ye);
  }
};

double total_area(const std::vector<PlanPolygon>& polygons) {
  double a = 0.0;
  for (const auto& p : polygons)
    for (const auto& ring : p) a += signed_area(ring);
  return a;
}

TEST(OutlineColumns, OneColumnIsASquare) {
  Grid g;
  auto polygons = g.outline({3 * 10 + 4});
  ASSERT_EQ(polygons.size(), 1u);
  ASSERT_EQ(polygons[0].size(), 1u);
  EXPECT_EQ(polygons[0][0].size(), 4u);
  EXPECT_DOUBLE_EQ(signed_area(polygons[0][0]), 1.0);
  EXPECT_TRUE(inside(polygons[0][0], {104.5, 206.5}));
}

TEST(OutlineColumns, RingOfColumnsHasAHole) {
  Grid g;
  std::vector<std::int64_t> columns;
  for (int i = 2; i <= 6; ++i)
    for (int j = 2; j <= 6; ++j)
      if (i == 2 || i == 6 || j == 2 || j == 6) columns.push_back(i * 10 + j);
  auto polygons = g.outline(columns);
  ASSERT_EQ(polygons.size(), 1u);
  ASSERT_EQ(polygons[0].size(), 2u);  // outer ring and one hole
  EXPECT_DOUBLE_EQ(signed_area(polygons[0][0]), 25.0);
  EXPECT_DOUBLE_EQ(signed_area(polygons[0][1]), -9.0);
  EXPECT_DOUBLE_EQ(total_area(polygons), 16.0);
}

TEST(OutlineColumns, ColumnsTouchingAtACornerStaySeparate) {
  Grid g;
  auto polygons = g.outline({2 * 10 + 2, 3 * 10 + 3});
  ASSERT_EQ(polygons.size(), 2u);
  for (const auto& p : polygons) {
    ASSERT_EQ(p.size(), 1u);
    EXPECT_DOUBLE_EQ(signed_area(p[0]), 1.0);
  }
}

TEST(OutlineColumns, IslandInAHoleIsItsOwnPolygon) {
  Grid g;
  std::vector<std::int64_t> columns;
  for (int i = 1; i <= 7; ++i)
    for (int j = 1; j <= 7; ++j)
      if (i == 1 || i == 7 || j == 1 || j == 7 || (i == 4 && j == 4)) columns.push_back(i * 10 + j);
  auto polygons = g.outline(columns);
  ASSERT_EQ(polygons.size(), 2u);
  EXPECT_DOUBLE_EQ(total_area(polygons), static_cast<double>(columns.size()));
}

TEST(OutlineColumns, RandomSetsKeepTheirArea) {
  Grid g;
  std::mt19937 random(7);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<std::int64_t> columns;
    for (std::int64_t c = 0; c < 100; ++c)
      if (random() % 3 == 0) columns.push_back(c);
    auto polygons = g.outline(columns);
    EXPECT_NEAR(total_area(polygons), static_cast<double>(columns.size()), 1e-9);
    // Every column centre is inside exactly its polygon's outer ring and outside its holes.
    for (auto c : columns) {
      const Point2 centre{g.xc[static_cast<std::size_t>(c % 10)],
                          g.yc[static_cast<std::size_t>(c / 10)]};
      int covered = 0;
      for (const auto& p : polygons) {
        bool in = inside(p[0], centre);
        for (std::size_t h = 1; h < p.size(); ++h) in = in && !inside(p[h], centre);
        covered += in ? 1 : 0;
      }
      EXPECT_EQ(covered, 1);
    }
  }
}

TEST(FillColumns, AgreesWithTheWindingNumber) {
  Grid g;
  // A star that crosses itself: the nonzero rule fills its centre.
  Ring star;
  for (int k = 0; k < 5; ++k) {
    const double angle = 0.3 + 4.0 * M_PI * k / 5.0;
    star.push_back({105.0 + 4.6 * std::cos(angle), 205.0 + 4.6 * std::sin(angle)});
  }
  std::vector<std::vector<int>> filled(10, std::vector<int>(10, 0));
  for (const auto& run : fill_columns(star, g.xc, g.yc))
    for (auto col = run[1]; col <= run[2]; ++col)
      filled[static_cast<std::size_t>(run[0])][static_cast<std::size_t>(col)] = 1;
  int count = 0;
  for (int i = 0; i < 10; ++i)
    for (int j = 0; j < 10; ++j) {
      EXPECT_EQ(filled[i][j], inside(star, {g.xc[j], g.yc[i]}) ? 1 : 0) << i << " " << j;
      count += filled[i][j];
    }
  EXPECT_GT(count, 20);
  EXPECT_TRUE(inside(star, {105.0, 205.0}));
}

TEST(Segments, EnterCirclesAndPolygonsWhereTheyShould) {
  auto s = first_entry_into_circle({0.0, 0.0}, {10.0, 0.0}, {6.0, 0.0}, 2.0);
  ASSERT_TRUE(s);
  EXPECT_DOUBLE_EQ(*s, 0.4);
  EXPECT_FALSE(first_entry_into_circle({0.0, 3.0}, {10.0, 3.0}, {6.0, 0.0}, 2.0));
  EXPECT_DOUBLE_EQ(*first_entry_into_circle({6.0, 0.5}, {10.0, 0.0}, {6.0, 0.0}, 2.0), 0.0);
  const Ring square{{2.0, -1.0}, {4.0, -1.0}, {4.0, 1.0}, {2.0, 1.0}};
  auto t = first_entry_into_ring({0.0, 0.0}, {10.0, 0.0}, square);
  ASSERT_TRUE(t);
  EXPECT_DOUBLE_EQ(*t, 0.2);
  EXPECT_FALSE(first_entry_into_ring({0.0, 2.0}, {10.0, 2.0}, square));
  EXPECT_DOUBLE_EQ(*first_entry_into_ring({3.0, 0.0}, {10.0, 0.0}, square), 0.0);
}

}  // namespace

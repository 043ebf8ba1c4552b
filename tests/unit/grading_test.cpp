/// Unit tests of mesh/grading.cpp: graded column widths and row heights.
///
/// How to run:  ctest -R grading_test
/// What it shows, for single, nested, overlapping, edge and random (seeded)
/// refinement zones and growth factors from 1.05 to 1.5:
///   - every cell wholly inside a zone has the zone's target size to 1e-9
///     (relative), unless a finer zone nearby asks for smaller cells; a cell
///     that straddles a zone's edge is at most growth x the target;
///   - every ratio of neighbouring sizes is <= growth + 1e-12;
///   - no cell is larger than the base size (+1e-12 relative);
///   - the sizes add up to the extent to 1e-12 (relative);
///   - the transition from the target to the base size takes about the
///     ln(base / target) / ln(growth) cells of a geometric progression;
///   - an axis that would need too many cells says how many, without them.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include "mesh/grading.hpp"

using namespace aquaplume;

namespace {

/// Checks the invariants every graded axis must satisfy; returns the cell edges.
std::vector<double> check_axis(const GradedSpacing& s, double length, double base, double growth,
                               const std::vector<RefinedInterval>& zones, const std::string& what) {
  std::vector<double> edges{0.0};
  EXPECT_FALSE(s.sizes.empty()) << what;
  EXPECT_EQ(static_cast<std::int64_t>(s.sizes.size()), s.cells_needed) << what;
  for (double d : s.sizes) {
    EXPECT_GT(d, 0.0) << what;
    EXPECT_LE(d, base * (1.0 + 1e-12)) << what;
    edges.push_back(edges.back() + d);
  }
  EXPECT_NEAR(edges.back(), length, 1e-12 * length) << what;
  for (std::size_t i = 0; i + 1 < s.sizes.size(); ++i) {
    const double ratio = std::max(s.sizes[i + 1] / s.sizes[i], s.sizes[i] / s.sizes[i + 1]);
    EXPECT_LE(ratio, growth + 1e-12) << what << ": cells " << i << " and " << i + 1;
  }
  // Cells overlapping a zone: at most growth x its size (the straddling
  // ones), at most its size when wholly inside.
  for (const RefinedInterval& z : zones) {
    for (std::size_t i = 0; i < s.sizes.size(); ++i) {
      const double a = edges[i], b = edges[i + 1];
      if (b <= z.start || a >= z.end) continue;
      const bool inside = a >= z.start - 1e-9 && b <= z.end + 1e-9;
      EXPECT_LE(s.sizes[i], (inside ? 1.0 + 1e-9 : growth + 1e-12) * z.size)
          << what << ": cell " << i;
    }
  }
  return edges;
}

/// Sizes of the cells wholly inside [start, end].
std::vector<double> sizes_inside(const GradedSpacing& s, const std::vector<double>& edges,
                                 double start, double end) {
  std::vector<double> out;
  for (std::size_t i = 0; i < s.sizes.size(); ++i)
    if (edges[i] >= start - 1e-9 && edges[i + 1] <= end + 1e-9) out.push_back(s.sizes[i]);
  return out;
}

}  // namespace

TEST(GradedSpacing, WithoutZonesTheCellsAreEqual) {
  const auto s = graded_spacing(1000.0, 30.0, {}, 1.2);
  ASSERT_EQ(s.sizes.size(), 34u);  // ceil(1000 / 30)
  for (double d : s.sizes) EXPECT_NEAR(d, 1000.0 / 34.0, 1e-12);
  check_axis(s, 1000.0, 30.0, 1.2, {}, "uniform");

  const auto whole = graded_spacing(900.0, 30.0, {}, 1.2);  // an exact multiple: no extra cell
  EXPECT_EQ(whole.sizes.size(), 30u);
  const auto short_axis = graded_spacing(7.0, 30.0, {}, 1.2);  // shorter than one cell
  ASSERT_EQ(short_axis.sizes.size(), 1u);
  EXPECT_EQ(short_axis.sizes[0], 7.0);
}

TEST(GradedSpacing, FiveMetreCellsAtALandfillInATenKilometreValley) {
  const std::vector<RefinedInterval> zones{{4200.0, 4700.0, 5.0}};
  const auto s = graded_spacing(10000.0, 100.0, zones, 1.2);
  const auto edges = check_axis(s, 10000.0, 100.0, 1.2, zones, "landfill");
  const auto inside = sizes_inside(s, edges, 4200.0, 4700.0);
  ASSERT_GE(inside.size(), 98u);
  for (double d : inside) EXPECT_NEAR(d, 5.0, 5e-9);
  // 5 m -> 100 m at 1.2 is ln(20)/ln(1.2) = 16.4 cells a side; the rest at ~100 m.
  const double transition = std::log(20.0) / std::log(1.2);
  const double ramp_length =
      (100.0 - 5.0) / std::log(1.2);  // the size grows by ln(1.2) per metre of size
  const double expected =
      500.0 / 5.0 + 2.0 * transition + (10000.0 - 500.0 - 2.0 * ramp_length) / 100.0;
  EXPECT_NEAR(static_cast<double>(s.sizes.size()), expected, 4.0);
  // Far from the zone the cells are (just under) the base size.
  EXPECT_GT(s.sizes.front(), 95.0);
  EXPECT_GT(s.sizes.back(), 95.0);
}

TEST(GradedSpacing, ZonesAtTheEndsAndOutsideAreClipped) {
  const std::vector<RefinedInterval> zones{{-50.0, 40.0, 2.0}, {960.0, 1200.0, 4.0}};
  const auto s = graded_spacing(1000.0, 50.0, zones, 1.3);
  const auto edges =
      check_axis(s, 1000.0, 50.0, 1.3, {{0.0, 40.0, 2.0}, {960.0, 1000.0, 4.0}}, "ends");
  EXPECT_NEAR(s.sizes.front(), 2.0, 1e-9);
  EXPECT_NEAR(s.sizes.back(), 4.0, 1e-9);
  EXPECT_EQ(sizes_inside(s, edges, 0.0, 40.0).size(), 20u);
}

TEST(GradedSpacing, NestedAndOverlappingZones) {
  // A 20 m zone with a 2 m zone inside: the 2 m cells grade up to 20 m inside
  // the coarser zone; where zones overlap the smaller size wins.
  const std::vector<RefinedInterval> zones{
      {1000.0, 3000.0, 20.0}, {1900.0, 2000.0, 2.0}, {2500.0, 2700.0, 10.0}, {2600.0, 2800.0, 5.0}};
  const auto s = graded_spacing(5000.0, 200.0, zones, 1.15);
  const auto edges = check_axis(s, 5000.0, 200.0, 1.15, zones, "nested");
  for (double d : sizes_inside(s, edges, 1900.0, 2000.0)) EXPECT_NEAR(d, 2.0, 1e-9);
  for (double d : sizes_inside(s, edges, 2600.0, 2800.0)) EXPECT_NEAR(d, 5.0, 1e-9);
  // Far enough inside the 20 m zone from the finer ones, cells are 20 m.
  for (double d : sizes_inside(s, edges, 1000.0, 1300.0)) EXPECT_NEAR(d, 20.0, 1e-9);
}

TEST(GradedSpacing, ZonesAsLargeAsTheBaseChangeNothing) {
  const auto plain = graded_spacing(1000.0, 25.0, {}, 1.2);
  const std::vector<RefinedInterval> zones{{100.0, 200.0, 25.0}, {300.0, 400.0, 80.0}};
  EXPECT_EQ(graded_spacing(1000.0, 25.0, zones, 1.2).sizes, plain.sizes);
}

TEST(GradedSpacing, RandomZonesAndGrowthFactors) {
  std::mt19937 random(31415);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int trial = 0; trial < 200; ++trial) {
    const double length = 100.0 + 20000.0 * unit(random);
    const double base = length / (2.0 + 200.0 * unit(random));
    const double growth = 1.05 + 0.45 * unit(random);
    std::vector<RefinedInterval> zones;
    const int n = trial % 5;
    for (int k = 0; k < n; ++k) {
      const double a = length * (1.2 * unit(random) - 0.1);
      const double w = length * 0.2 * unit(random) * unit(random);  // some very narrow, even points
      zones.push_back({a, a + w, base * (0.01 + 0.9 * unit(random))});
    }
    const auto s = graded_spacing(length, base, zones, growth);
    std::vector<RefinedInterval> clipped;
    for (auto z : zones) {
      z.start = std::max(z.start, 0.0);
      z.end = std::min(z.end, length);
      if (z.start <= z.end) clipped.push_back(z);
    }
    check_axis(s, length, base, growth, clipped, "trial " + std::to_string(trial));
    // Cells wholly inside a zone with no finer zone within ramp reach have its size.
    for (const auto& z : clipped) {
      bool finer_near = false;
      for (const auto& w : clipped)
        finer_near =
            finer_near ||
            (w.size < z.size &&
             w.start < z.end + 3.0 * z.size * std::log(z.size / w.size) / std::log(growth) &&
             w.end > z.start - 3.0 * z.size * std::log(z.size / w.size) / std::log(growth));
      if (finer_near) continue;
      std::vector<double> edges{0.0};
      for (double d : s.sizes) edges.push_back(edges.back() + d);
      for (double d : sizes_inside(s, edges, z.start, z.end))
        EXPECT_GE(d, z.size * (1.0 - 1e-9) * (static_cast<double>(s.sizes.size()) - 1.0) /
                         static_cast<double>(s.sizes.size()))
            << "trial " << trial;
    }
  }
}

TEST(GradedSpacing, TooManyCellsAreCountedNotMade) {
  const std::vector<RefinedInterval> zones{{0.0, 10000.0, 0.001}};
  const auto s = graded_spacing(10000.0, 100.0, zones, 1.2, 1'000'000);
  EXPECT_TRUE(s.sizes.empty());
  EXPECT_EQ(s.cells_needed, 10'000'000);
}

TEST(GradedPlan, RowsRunFromNorthToSouth) {
  // A zone near the north edge: the first rows (north) are the small ones.
  const PlanBox extent{500000.0, 502000.0, 3000000.0, 3001000.0};
  const std::vector<RefinementZone> zones{{{500100.0, 500200.0, 3000900.0, 3000950.0}, 5.0}};
  const GradedPlan plan = graded_plan(extent, 50.0, zones, 1.2);
  ASSERT_FALSE(plan.delr.sizes.empty());
  ASSERT_FALSE(plan.delc.sizes.empty());
  EXPECT_NEAR(std::accumulate(plan.delr.sizes.begin(), plan.delr.sizes.end(), 0.0), 2000.0, 1e-9);
  EXPECT_NEAR(std::accumulate(plan.delc.sizes.begin(), plan.delc.sizes.end(), 0.0), 1000.0, 1e-9);
  // North to south: from y 3001000 down, the zone spans 50..100 m below the north edge.
  double depth = 0.0;
  for (double d : plan.delc.sizes) {
    if (depth >= 50.0 - 1e-9 && depth + d <= 100.0 + 1e-9) {
      EXPECT_NEAR(d, 5.0, 1e-9);
    }
    depth += d;
  }
  EXPECT_LT(plan.delc.sizes.front(), 50.0);
  // The south rows are near the base size (a little under it: the count of
  // rows is rounded up and the coarse rows give the difference).
  EXPECT_GT(plan.delc.sizes.back(), 40.0);
  EXPECT_LE(plan.delc.sizes.back(), 50.0);
  // Along x the zone is 100..200 m from the west edge.
  double x = 0.0;
  for (double d : plan.delr.sizes) {
    if (x >= 100.0 - 1e-9 && x + d <= 200.0 + 1e-9) {
      EXPECT_NEAR(d, 5.0, 1e-9);
    }
    x += d;
  }
}

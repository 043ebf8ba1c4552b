/// Exceedance extent of a plume from a continuous rectangular source in
/// uniform flow against Domenico (1987).
///
///   ctest -R domenico_extent --output-on-failure      (prints the VERIFY lines)
///
/// A 2D confined aquifer (seepage velocity 1 m/d along x, porosity 0.25,
/// aL = 1 m, aT = 0.1 m). A source 10 m wide across the flow, held at
/// C0 = 100 mg/L in the first column, is modelled on a half domain: the
/// grid's north edge is the plane of symmetry through the source centre
/// (row 1 next to it, centres 0.25 m off the centreline). Domenico's
/// solution for a vertical plane source of width Y, fully penetrating,
///
///   C/C0 = 1/4 erfc((x - v t) / (2 sqrt(aL v t)))
///              [erf((y + Y/2) / (2 sqrt(aT x))) - erf((y - Y/2) / (2 sqrt(aT x)))],
///
/// is an approximation that is accurate where the longitudinal dispersivity
/// is small against the distance travelled (here aL / x <= 1/60) — it drops
/// the Ogata–Banks exp term and evaluates the transverse spreading at x
/// instead of v t. With x measured from the centre of the held column:
///
/// - the plan area above the standard (10 mg/L, C/C0 = 0.1) at 60 d and
///   120 d, as the risk process measures it (columns of 1 m x 0.5 m cells),
///   against the exact area of the Domenico plume above 0.1 (integrated on a
///   0.05 m raster): within 10 %;
/// - the plume length, the farthest crossing of 0.1 along the centreline
///   (linear interpolation between cell centres), within 5 %; the risk
///   process's max_distance (cell centres from the source's east edge)
///   within one cell of it, pointing east (azimuth 90 degrees).
/// The mass budget closes to 1e-4 %.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "mesh/base/parallel.hpp"
#include "tests/support/run_in_memory.hpp"

using aquaplume::testing::report;
using aquaplume::testing::run_yaml;

namespace {

constexpr double kV = 1.0, kAlphaL = 1.0, kAlphaT = 0.1, kWidth = 10.0;

/// Domenico (1987), 2D (no vertical spreading), C/C0.
double domenico(double x, double y, double t) {
  if (x <= 0.0) return std::abs(y) < 0.5 * kWidth ? 1.0 : 0.0;
  const double s = 2.0 * std::sqrt(kAlphaT * x);
  return 0.25 * std::erfc((x - kV * t) / (2.0 * std::sqrt(kAlphaL * kV * t))) *
         (std::erf((y + 0.5 * kWidth) / s) - std::erf((y - 0.5 * kWidth) / s));
}

/// Area of the half plume (y >= 0) above `fraction` [m2], on a fine raster.
double domenico_half_area(double t, double fraction, double x_max, double y_max) {
  const double h = 0.05;
  double area = 0.0;
  for (double x = 0.5 * h; x < x_max; x += h)
    for (double y = 0.5 * h; y < y_max; y += h)
      if (domenico(x, y, t) > fraction) area += h * h;
  return area;
}

/// The largest x at which the centreline C/C0 crosses `fraction` (it decreases along x).
double domenico_length(double t, double fraction) {
  double lo = 1e-6, hi = 10.0 * kV * t;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (domenico(mid, 0.0, t) > fraction ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

TEST(DomenicoExtent, AreaAndLengthAboveTheStandard) {
  const int ncol = 150, nrow = 30, source_rows = 10;
  const double dx = 1.0, dy = 0.5, porosity = 0.25, k = 10.0, c0 = 100.0, standard = 10.0;
  const double head_west = 10.0 + kV * porosity / k * (ncol - 1) * dx;
  const std::string yaml = fmt::format(R"(
grid: {{nlay: 1, nrow: {0}, ncol: {1}, delr: {2}, delc: {3}, top: 0.0, botm: [-10.0]}}
properties: {{k: {4}}}
packages:
  - {{type: chd, name: west, cols: 1, head: {5}}}
  - {{type: chd, name: east, cols: {1}, head: 10.0}}
time: {{periods: [{{length: 120.0, steps: 2}}]}}
output: {{save: all}}
transport:
  species:
    - name: solute
      porosity: {6}
      dispersivity: {{longitudinal: {7}, transverse_horizontal: {8}, transverse_vertical: {8}}}
  advection: tvd
  time: {{scheme: crank_nicolson, max_dt: 1.0}}
  solver: {{nonlinear_tolerance: 1.0e-6, relative_tolerance: 1.0e-12}}
  constant_concentration:
    - {{name: inflow_face, cols: 1, concentration: {{solute: 0.0}}}}
    - {{name: source, cols: 1, rows: [1, {9}], concentration: {{solute: {10}}}}}
risk:
  species:
    solute: {{standard: {11}, detection_limit: 1.0}}
  prediction_times: [60, 120]
)",
                                       nrow, ncol, dx, dy, k, head_west, porosity, kAlphaL, kAlphaT,
                                       source_rows, c0, standard);
  auto results = run_yaml(yaml);
  const auto& risk = results.risk;
  ASSERT_EQ(risk.extents.size(), 2u);
  const auto& c_all = results.fields.at("concentration/solute");
  ASSERT_EQ(c_all.size(), 2u);
  for (std::size_t p = 0; p < 2; ++p) {
    const auto& e = risk.extents[p];
    const double t = e.time;
    const std::string name = fmt::format("domenico_extent_{:g}d", t);
    // Area: the model's half plume (x from the held column's centre, so its
    // west half, 0.5 m x 5 m, lies outside the analytical domain).
    const double exact_area = domenico_half_area(t, standard / c0, ncol * dx, nrow * dy);
    const double area_error = std::abs(e.exceedance.area - exact_area) / exact_area;
    // Length: the last crossing of the standard along row 1, interpolated between centres.
    const auto& c = c_all[p];
    double length = 0.0;
    for (int col = 1; col < ncol; ++col)
      if (c[col - 1] > standard && c[col] <= standard)
        length = (col - 1 + (c[col - 1] - standard) / (c[col - 1] - c[col])) * dx;
    const double exact_length = domenico_length(t, standard / c0);
    const double length_error = std::abs(length - exact_length) / exact_length;
    // The risk product: farthest exceeding centre from the source's east edge (x = 0.5 m here).
    const double distance_gap = std::abs(e.exceedance.max_distance + 0.5 * dx - length) / dx;
    if (aquaplume::comm_rank(MPI_COMM_WORLD) == 0)
      std::printf(
          "%s: area %.1f m2 (Domenico %.1f), length %.2f m (Domenico %.2f), max_distance %.2f m, "
          "direction %.1f\n",
          name.c_str(), e.exceedance.area, exact_area, length, exact_length,
          e.exceedance.max_distance, e.exceedance.direction);
    report(name, "area_rel_error", area_error, 0.10);
    report(name, "plume_length_rel_error", length_error, 0.05);
    report(name, "max_distance_gap_cells", distance_gap, 1.0);
    report(name, "direction_error_degrees", std::abs(e.exceedance.direction - 90.0), 1.0);
    EXPECT_LT(area_error, 0.10);
    EXPECT_LT(length_error, 0.05);
    EXPECT_LT(distance_gap, 1.0);
    EXPECT_NEAR(e.exceedance.direction, 90.0, 1.0);
    EXPECT_GE(e.influence.area, e.exceedance.area);
  }
  double budget = 0.0;
  for (double v : results.named_discrepancy.at("mass/solute"))
    budget = std::max(budget, std::abs(v));
  report("domenico_extent", "budget_discrepancy_percent", budget, 1e-4);
  EXPECT_LT(budget, 1e-4);
}

}  // namespace

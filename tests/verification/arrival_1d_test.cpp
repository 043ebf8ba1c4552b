/// First arrival at a receptor in one dimension against Ogata & Banks (1961).
///
///   ctest -R arrival_1d --output-on-failure      (prints the VERIFY lines)
///
/// A column of 1 m cells between constant heads (seepage velocity 1 m/d,
/// aL = 1 m, so a grid Peclet number of 1); the first cell is held at
/// C0 = 100 mg/L, so x is measured from its centre. The risk process follows
/// two receptors on the centreline 100 m downstream — a `point` (the cell)
/// and a `well` screened over the whole layer in the same column — and
/// times the first arrival above the detection limit (10 mg/L, C/C0 = 0.1)
/// and above the standard (50 mg/L, 0.5) by linear interpolation between
/// transport steps. Exact: the time at which the Ogata–Banks solution at
/// x = 100 m reaches each threshold (bisection). Both within 2 %. TVD with
/// Crank–Nicolson at Courant 0.5 keeps numerical dispersion well below
/// the physical one. The mass budget closes to 1e-4 %.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "mesh/base/parallel.hpp"
#include "tests/support/run_in_memory.hpp"
#include "tests/verification/transport_analytical.hpp"

using aquaplume::testing::report;
using aquaplume::testing::run_yaml;

namespace {

/// The time at which the Ogata–Banks C/C0 at x reaches `fraction` (it rises monotonically in t).
double ogata_banks_arrival(double x, double v, double d, double fraction) {
  double lo = 1e-6, hi = 10.0 * x / v;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (aquaplume::testing::ogata_banks(x, mid, v, d) < fraction ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

TEST(Arrival1D, FirstArrivalMatchesOgataBanks) {
  const int cells = 200, receptor_col = 101;
  const double dx = 1.0, v = 1.0, porosity = 0.25, alpha = 1.0, k = 10.0, c0 = 100.0;
  const double detection = 10.0, standard = 50.0;
  const double head = v * porosity * (cells - 1) * dx / k;
  const std::string yaml = fmt::format(R"(
grid: {{nlay: 1, nrow: 1, ncol: {0}, delr: {1}, delc: 1.0, top: 1.0, botm: [0.0]}}
properties: {{k: {2}}}
packages:
  - {{type: chd, name: inlet, cols: 1, head: {3}}}
  - {{type: chd, name: outlet, cols: {0}, head: 0.0}}
time: {{periods: [{{length: 150.0, steps: 3}}]}}
output: {{save: last}}
transport:
  species:
    - name: tracer
      porosity: {4}
      dispersivity: {{longitudinal: {5}, transverse_horizontal: 0.0, transverse_vertical: 0.0}}
  advection: tvd
  time: {{scheme: crank_nicolson, max_dt: 0.5}}
  constant_concentration:
    - {{name: source, cell: [1, 1, 1], concentration: {{tracer: {6}}}}}
  solver: {{nonlinear_tolerance: 1.0e-8, relative_tolerance: 1.0e-12}}
risk:
  species:
    tracer: {{standard: {7}, detection_limit: {8}}}
  prediction_times: [100, 150]
  receptors:
    - {{name: mw100, type: point, cell: [1, 1, {9}]}}
    - {{name: well100, type: well, xy: [{10}, 0.5], screen: [1.0, 0.0]}}
)",
                                       cells, dx, k, head, porosity, alpha, c0, standard, detection,
                                       receptor_col, (receptor_col - 0.5) * dx);
  auto results = run_yaml(yaml);
  const auto& risk = results.risk;
  ASSERT_EQ(risk.receptors.size(), 2u);
  const double x = (receptor_col - 1) * dx, d = alpha * v;
  const double exact_detection = ogata_banks_arrival(x, v, d, detection / c0);
  const double exact_standard = ogata_banks_arrival(x, v, d, standard / c0);
  for (const auto& receptor : risk.receptors) {
    const auto& s = receptor.species.at(0);
    const double e_detection = std::abs(s.first_detection - exact_detection) / exact_detection;
    const double e_standard = std::abs(s.first_exceedance - exact_standard) / exact_standard;
    const std::string name = "arrival_1d_" + receptor.kind;
    if (aquaplume::comm_rank(MPI_COMM_WORLD) == 0)
      std::printf("%s: first detection %.4f d (exact %.4f), first exceedance %.4f d (exact %.4f)\n",
                  name.c_str(), s.first_detection, exact_detection, s.first_exceedance,
                  exact_standard);
    report(name, "first_detection_rel_error", e_detection, 0.02);
    report(name, "first_exceedance_rel_error", e_standard, 0.02);
    EXPECT_LT(e_detection, 0.02) << receptor.name;
    EXPECT_LT(e_standard, 0.02) << receptor.name;
    EXPECT_EQ(s.at_prediction_times.size(), 2u);
    EXPECT_GE(receptor.times.size(), 300u);  // every transport step (max_dt 0.5 d over 150 d)
    EXPECT_NEAR(receptor.times.back(), 150.0, 1e-9);
  }
  double budget = 0.0;
  for (double d_percent : results.named_discrepancy.at("mass/tracer"))
    budget = std::max(budget, std::abs(d_percent));
  report("arrival_1d", "budget_discrepancy_percent", budget, 1e-4);
  EXPECT_LT(budget, 1e-4);
}

}  // namespace

/// Unconfined (convertible) flow against Dupuit solutions, and drying cells.
///
/// dupuit: steady 1D flow with recharge W between two fixed heads h1, h2 at
/// x = 0 and x = L (Dupuit–Forchheimer):
///   h^2(x) = h1^2 - (h1^2 - h2^2) x / L + (W / K) x (L - x).
///
/// drying: a well asks for far more than a thin unconfined aquifer can give.
/// Cells at the well dry, the well's rate tapers (and is reported), and the
/// heads around it follow Dupuit–Thiem for the rate actually pumped,
///   h^2(r2) - h^2(r1) = Q / (pi K) ln(r2 / r1),
/// compared by differences between radii so that the square boundary drops out.

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "tests/support/run_in_memory.hpp"

using namespace aquaplume;
using aquaplume::testing::report;
using aquaplume::testing::run_yaml;

namespace {

double max_discrepancy(const aquaplume::testing::MemoryResults& r) {
  double worst = 0.0;
  for (double d : r.step_discrepancy) worst = std::max(worst, std::abs(d));
  return worst;
}

TEST(Dupuit, MoundWithRechargeBetweenFixedHeads) {
  const int n = 101;
  const double dx = 10.0, k = 10.0, w = 0.001, h1 = 20.0, h2 = 15.0;
  const std::string yaml = fmt::format(R"(
grid: {{nlay: 1, nrow: 1, ncol: {0}, delr: {1}, delc: 10.0, top: 60.0, botm: [0.0]}}
properties: {{k: {2}, convertible: true}}
initial_head: 25.0
packages:
  - {{type: chd, name: west, cols: 1, head: {3}}}
  - {{type: chd, name: east, cols: {0}, head: {4}}}
  - {{type: rch, name: recharge, rate: {5}}}
)",
                                       n, dx, k, h1, h2, w);
  auto r = run_yaml(yaml);
  const double length = (n - 1) * dx;  // between the two fixed-head cell centres
  double worst = 0.0;
  for (int i = 0; i < n; ++i) {
    const double x = i * dx;
    const double exact = std::sqrt(h1 * h1 - (h1 * h1 - h2 * h2) * x / length + w / k * x * (length - x));
    worst = std::max(worst, std::abs(r.head[0][static_cast<std::size_t>(i)] - exact) / exact);
  }
  report("dupuit_recharge", "max_rel_head_error", worst, 0.005);
  report("dupuit_recharge", "budget_discrepancy_percent", max_discrepancy(r), 0.01);
  EXPECT_LT(worst, 0.005);
  EXPECT_LT(max_discrepancy(r), 0.01);
  EXPECT_GT(r.summary.outer_iterations, 1);  // it is nonlinear
}

TEST(Drying, PumpedUnconfinedAquiferConvergesWithDryCells) {
  const int n = 41, mid = n / 2;
  const double dx = 25.0, k = 5.0, H = 10.0, asked = 2000.0;
  const std::string yaml = fmt::format(R"(
grid: {{nlay: 1, nrow: {0}, ncol: {0}, delr: {1}, delc: {1}, top: 30.0, botm: [0.0]}}
properties: {{k: {2}, convertible: true}}
initial_head: {3}
packages:
  - type: chd
    name: boundary
    head: {3}
    entries:
      - {{rows: 1}}
      - {{rows: {0}}}
      - {{cols: 1}}
      - {{cols: {0}}}
  - {{type: wel, name: well, cell: [1, {4}, {4}], rate: -{5}}}
solver:
  max_iterations: 200
)",
                                       n, dx, k, H, mid + 1, asked);
  auto r = run_yaml(yaml);
  const auto& h = r.head[0];
  const auto& sat = r.fields.at("saturation")[0];
  double pumped = 0.0;
  for (const auto& term : r.budgets[0])
    if (term.name == "well") pumped = term.rate_out - term.rate_in;
  // Dupuit–Thiem by differences from a reference radius of 3 cells.
  auto phi = [&](int cells) {
    const double hh = h[static_cast<std::size_t>(mid * n + mid + cells)];
    return hh * hh;
  };
  double worst = 0.0;
  for (int cells = 4; cells <= 9; ++cells) {
    const double exact = pumped / (std::numbers::pi * k) * std::log(double(cells) / 3.0);
    worst = std::max(worst, std::abs((phi(cells) - phi(3)) - exact) / exact);
  }
  report("drying_dupuit_thiem", "max_rel_error_h2_difference", worst, 0.03);
  report("drying_dupuit_thiem", "pumped_fraction_of_asked", pumped / asked, 1.0);
  report("drying_dupuit_thiem", "budget_discrepancy_percent", max_discrepancy(r), 0.01);
  report("drying_dupuit_thiem", "well_cell_saturation", sat[static_cast<std::size_t>(mid * n + mid)], 0.05);
  EXPECT_LT(worst, 0.03);
  EXPECT_LT(pumped, 0.5 * asked);                          // the aquifer cannot give what was asked...
  EXPECT_GT(pumped, 0.0);                                  // ...but the well still pumps
  EXPECT_LT(sat[static_cast<std::size_t>(mid * n + mid)], 0.05);  // and its cell is (nearly) dry
  EXPECT_LT(max_discrepancy(r), 0.01);
}

TEST(Drying, TransientDrainageAndRewetting) {
  // A well dewaters an unconfined aquifer for 50 d, then stops: cells near it
  // dry, then rewet as the water table recovers. It must converge throughout.
  const int n = 21, mid = n / 2 + 1;
  const std::string yaml = fmt::format(R"(
grid: {{nlay: 2, nrow: {0}, ncol: {0}, delr: 20.0, delc: 20.0, top: 20.0, botm: [10.0, 0.0]}}
properties: {{k: 8.0, kz: 1.0, sy: 0.2, ss: 1.0e-5, convertible: [true, true]}}
initial_head: 14.0
packages:
  - {{type: chd, name: boundary, cols: 1, head: 14.0}}
  - {{type: rch, name: recharge, rate: 0.001}}
  - {{type: wel, name: well, cell: [2, {1}, {1}], rate: {{periods: {{1: -1500.0, 2: 0.0}}}}}}
time:
  periods:
    - {{length: 50.0, steps: 10, multiplier: 1.2, steady: false}}
    - {{length: 100.0, steps: 10, multiplier: 1.2, steady: false}}
)",
                                       n, mid);
  auto r = run_yaml(yaml);
  const auto& sat = r.fields.at("saturation");
  const std::size_t top_well = static_cast<std::size_t>((mid - 1) * n + (mid - 1));
  double min_sat = 1.0;
  for (std::size_t t = 0; t < 10; ++t) min_sat = std::min(min_sat, sat[t][top_well]);
  report("drying_rewetting", "min_top_layer_saturation_at_well", min_sat, 0.01);
  report("drying_rewetting", "final_top_layer_saturation_at_well", sat.back()[top_well], 0.0);
  report("drying_rewetting", "max_budget_discrepancy_percent", max_discrepancy(r), 0.01);
  EXPECT_LT(min_sat, 0.01);                  // the top cell at the well dried...
  EXPECT_GT(sat.back()[top_well], 0.2);      // ...and rewetted after pumping stopped
  EXPECT_LT(max_discrepancy(r), 0.01);
}

}  // namespace

/// A river feeding a pumping well, and a river bed perched above the water table.
///
/// river_well: in a closed confined aquifer the only source is one river cell,
/// so at steady state its leakage must equal the pumping rate.
/// river_bottom_limit: a river cell next to a deep drain (fixed head below the
/// river bottom) leaks C (stage - bottom) and no more (MODFLOW RIV).

#include <gtest/gtest.h>

#include <cmath>

#include <fmt/format.h>

#include "tests/support/run_in_memory.hpp"

using namespace aquaplume;
using aquaplume::testing::report;
using aquaplume::testing::run_yaml;

namespace {

double term_net(const std::vector<BudgetTerm>& terms, const std::string& name) {
  for (const auto& t : terms)
    if (t.name == name) return t.rate_in - t.rate_out;
  ADD_FAILURE() << "no budget term " << name;
  return 0.0;
}

TEST(RiverWell, SteadyLeakageEqualsPumping) {
  const double q = 350.0;
  const std::string yaml = fmt::format(R"(
grid: {{nlay: 2, nrow: 21, ncol: 21, delr: 50.0, delc: 50.0, top: 20.0, botm: [10.0, 0.0]}}
properties: {{k: 15.0, kz: 1.5}}
packages:
  - {{type: riv, name: river, cell: [1, 11, 3], stage: 18.0, conductance: 400.0, bottom: 15.0}}
  - {{type: wel, name: well, cell: [2, 11, 17], rate: -{}}}
)",
                                       q);
  auto r = run_yaml(yaml);
  const double leakage = term_net(r.budgets[0], "river");
  const double rel = std::abs(leakage - q) / q;
  report("river_well", "rel_leakage_minus_pumping", rel, 1e-6);
  report("river_well", "budget_discrepancy_percent", std::abs(r.step_discrepancy[0]), 1e-6);
  EXPECT_LT(rel, 1e-6);
  EXPECT_LT(std::abs(r.step_discrepancy[0]), 1e-6);
  // The head under the river stays above its bottom here: leakage = C (stage - h).
  const double h = r.head[0][10 * 21 + 2];
  EXPECT_GT(h, 15.0);
  EXPECT_NEAR(leakage, 400.0 * (18.0 - h), 1e-6 * q);
}

TEST(RiverWell, LeakageLimitedBelowRiverBottom) {
  const double c = 5.0, stage = 10.0, bottom = 5.0;
  const std::string yaml = fmt::format(R"(
grid: {{nlay: 1, nrow: 1, ncol: 3, delr: 10.0, delc: 10.0, top: 12.0, botm: [0.0]}}
properties: {{k: 10.0}}
packages:
  - {{type: riv, name: river, cell: [1, 1, 1], stage: {}, conductance: {}, bottom: {}}}
  - {{type: chd, name: deep_drain, cell: [1, 1, 3], head: 2.0}}
)",
                                       stage, c, bottom);
  auto r = run_yaml(yaml);
  const double leakage = term_net(r.budgets[0], "river");
  const double limit = c * (stage - bottom);
  const double rel = std::abs(leakage - limit) / limit;
  report("river_well_bottom_limit", "rel_leakage_minus_limit", rel, 1e-10);
  EXPECT_LT(r.head[0][0], bottom);  // the water table lies below the river bed
  EXPECT_LT(rel, 1e-10);
  EXPECT_LT(std::abs(r.step_discrepancy[0]), 1e-6);
}

}  // namespace

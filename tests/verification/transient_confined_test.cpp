/// Transient confined flow to a pumping well against the classic solutions.
///
/// theis: drawdown in an infinite confined aquifer (Theis 1935),
///   s = Q / (4 pi T) W(u),  W(u) = E1(u),  u = r^2 S / (4 T t).
/// hantush: the same aquifer under an aquitard fed by a constant-head layer,
/// without aquitard storage (Hantush and Jacob 1955),
///   s = Q / (4 pi T) W(u, r/B),  W(u, r/B) = int_u^inf exp(-y - r^2 / (4 B^2 y)) / y dy,
///   B = sqrt(T c), c = vertical resistance between the source layer and the aquifer.
///
/// The grid is graded around the well (2 m at the well, x1.2 outwards to
/// ~35 km) so the boundary is not felt in 10 days; time steps grow by 1.2.

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "tests/support/run_in_memory.hpp"

using namespace aquaplume;
using aquaplume::testing::report;
using aquaplume::testing::run_yaml;

namespace {

constexpr double kPi = std::numbers::pi;

/// Cell sizes across the grid: symmetric, `half` cells each side of a centre cell.
std::vector<double> graded(int half, double centre, double growth) {
  std::vector<double> side;
  double d = centre;
  for (int i = 0; i < half; ++i) side.push_back(d *= growth);
  std::vector<double> all(side.rbegin(), side.rend());
  all.push_back(centre);
  all.insert(all.end(), side.begin(), side.end());
  return all;
}

/// Distance from the centre of the middle cell to the centre of cell i along one axis.
double offset(const std::vector<double>& sizes, int i) {
  const int mid = static_cast<int>(sizes.size()) / 2;
  double x = 0.0;
  for (int j = mid; j < i; ++j) x += 0.5 * (sizes[j] + sizes[j + 1]);
  return x;
}

/// Leaky well function W(u, r/B) by Simpson's rule in ln y.
double hantush_w(double u, double rb) {
  const int n = 4000;
  const double a = std::log(u), b = std::log(u) + 40.0, h = (b - a) / n;
  auto f = [&](double t) {
    const double y = std::exp(t);
    return std::exp(-y - rb * rb / (4.0 * y));
  };
  double sum = f(a) + f(b);
  for (int i = 1; i < n; ++i) sum += f(a + i * h) * (i % 2 ? 4.0 : 2.0);
  return sum * h / 3.0;
}

struct WellCase {
  std::vector<double> sizes = graded(40, 2.0, 1.2);
  double k = 10.0, b = 10.0, ss = 1e-5, q = 500.0;
  int n() const { return static_cast<int>(sizes.size()); }
};

std::string list(const std::vector<double>& v) { return fmt::format("[{}]", fmt::join(v, ", ")); }

/// Runs the pumped aquifer (with the leaky layers when `leaky`); returns results.
aquaplume::testing::MemoryResults run_well(const WellCase& w, bool leaky, double aquitard_k, double aquitard_b) {
  const int n = w.n(), mid = n / 2 + 1;
  std::string grid, props, packages;
  if (!leaky) {
    grid = fmt::format("{{nlay: 1, nrow: {0}, ncol: {0}, delr: {1}, delc: {1}, top: 0.0, botm: [-{2}]}}", n,
                       list(w.sizes), w.b);
    props = fmt::format("{{k: {}, ss: {}}}", w.k, w.ss);
    packages = fmt::format("  - {{type: wel, name: well, cell: [1, {0}, {0}], rate: -{1}}}\n", mid, w.q);
  } else {
    // Layer 1: the constant-head source; layer 2: the aquitard (no storage); layer 3: the pumped aquifer.
    grid = fmt::format("{{nlay: 3, nrow: {0}, ncol: {0}, delr: {1}, delc: {1}, top: 0.0, botm: [-1.0, -{2}, -{3}]}}", n,
                       list(w.sizes), 1.0 + aquitard_b, 1.0 + aquitard_b + w.b);
    props = fmt::format("{{k: [1000.0, {0}, {1}], kz: [1000.0, {0}, 1000.0], ss: [1.0e-5, 0.0, {2}]}}", aquitard_k,
                        w.k, w.ss);
    packages = fmt::format(
        "  - {{type: chd, name: source_layer, layers: 1, head: 0.0}}\n"
        "  - {{type: wel, name: well, cell: [3, {0}, {0}], rate: -{1}}}\n",
        mid, w.q);
  }
  const std::string yaml = fmt::format(R"(
grid: {}
properties: {}
initial_head: 0.0
packages:
{}
time:
  periods:
    - {{length: 10.0, steps: 40, multiplier: 1.2, steady: false}}
solver:
  linear: {{relative_tolerance: 1.0e-12}}
)",
                                       grid, props, packages);
  return run_yaml(yaml);
}

TEST(Theis, DrawdownWithinTwoPercent) {
  WellCase w;
  auto r = run_well(w, false, 0.0, 0.0);
  const int n = w.n(), mid = n / 2;
  const double T = w.k * w.b, S = w.ss * w.b;
  double worst = 0.0;
  int compared = 0;
  // From step 12 of 40 (t > 0.015 d): backward Euler needs a few steps to follow
  // the start of pumping at the far observation cells.
  for (std::size_t t = 12; t < r.times.size(); ++t) {
    for (int cells = 3; cells <= 12; ++cells) {
      const int col = mid + cells;
      const double radius = offset(w.sizes, col);
      const double u = radius * radius * S / (4.0 * T * r.times[t]);
      const double exact = w.q / (4.0 * kPi * T) * std::expint(-u) * -1.0;
      const double drawdown = -r.head[t][static_cast<std::size_t>(mid * n + col)];
      worst = std::max(worst, std::abs(drawdown - exact) / exact);
      ++compared;
    }
  }
  report("theis", "max_rel_drawdown_error", worst, 0.02);
  double budget = 0.0;
  for (double d : r.step_discrepancy) budget = std::max(budget, std::abs(d));
  report("theis", "max_budget_discrepancy_percent", budget, 0.01);
  EXPECT_GT(compared, 250);  // 28 times x 10 cells
  EXPECT_LT(worst, 0.02);
  EXPECT_LT(budget, 0.01);
}

TEST(HantushJacob, LeakyDrawdownWithinThreePercent) {
  WellCase w;
  const double aquitard_k = 0.01, aquitard_b = 5.0;
  auto r = run_well(w, true, aquitard_k, aquitard_b);
  const int n = w.n(), mid = n / 2;
  const double T = w.k * w.b, S = w.ss * w.b;
  // Vertical resistance from the source layer's centre to the aquifer's centre, as the grid sees it.
  const double resistance = 0.5 / 1000.0 + aquitard_b / aquitard_k + 0.5 * w.b / 1000.0;
  const double B = std::sqrt(T * resistance);
  double worst = 0.0;
  for (std::size_t t = 12; t < r.times.size(); ++t) {
    for (int cells = 3; cells <= 12; ++cells) {
      const int col = mid + cells;
      const double radius = offset(w.sizes, col);
      const double u = radius * radius * S / (4.0 * T * r.times[t]);
      const double exact = w.q / (4.0 * kPi * T) * hantush_w(u, radius / B);
      const double drawdown = -r.head[t][static_cast<std::size_t>(2 * n * n + mid * n + col)];
      worst = std::max(worst, std::abs(drawdown - exact) / exact);
    }
  }
  // Late times reach the leaky steady state s = Q / (2 pi T) K0(r / B): the source layer feeds the well.
  const auto& last = r.budgets.back();
  double source_in = 0.0;
  for (const auto& term : last)
    if (term.name == "source_layer") source_in = term.rate_in - term.rate_out;
  report("hantush", "max_rel_drawdown_error", worst, 0.03);
  double budget = 0.0;
  for (double d : r.step_discrepancy) budget = std::max(budget, std::abs(d));
  report("hantush", "max_budget_discrepancy_percent", budget, 0.01);
  EXPECT_LT(worst, 0.03);
  EXPECT_LT(budget, 0.01);
  EXPECT_GT(source_in, 0.5 * w.q);  // most of the pumped water comes through the aquitard by 10 d
}

}  // namespace

/// Steady confined flow against exact solutions.
///
/// uniform_1d: flow between two fixed-head faces along x, y and z. With
/// uniform K the two-point flux is exact, so heads are linear between the
/// fixed-head cell centres even on a variable grid (errors are round-off and
/// the linear-solver tolerance).
///
/// thiem: a well at the centre of a square confined aquifer whose outer
/// cells hold the Thiem heads h = h0 - Q / (2 pi T) ln(R / r). The exact
/// solution inside is then Thiem itself; the five-point scheme matches it
/// to O(dx^2 / r^2) away from the well (e.g. Peaceman 1978).

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <sstream>

#include <fmt/format.h>

#include "tests/support/run_in_memory.hpp"

using namespace aquaplume;
using aquaplume::testing::report;
using aquaplume::testing::run_yaml;

namespace {

/// Builds the 1D case along `axis` (x, y or z) with n cells of variable size.
std::string uniform_case(char axis, int n) {
  std::vector<double> sizes;
  for (int i = 0; i < n; ++i) sizes.push_back(5.0 + 3.0 * std::sin(0.7 * i) + (i % 3));
  std::string list = fmt::format("[{}]", fmt::join(sizes, ", "));
  const int nlay = axis == 'z' ? n : 1, nrow = axis == 'y' ? n : 1, ncol = axis == 'x' ? n : 1;
  std::string botm;
  if (axis == 'z') {
    double z = 0.0;
    std::vector<double> b;
    for (double s : sizes) b.push_back(z -= s);
    botm = fmt::format("[{}]", fmt::join(b, ", "));
  } else {
    botm = "[-10.0]";
  }
  const std::string first = axis == 'x' ? "cols: 1" : axis == 'y' ? "rows: 1" : "layers: 1";
  const std::string last = axis == 'x' ? fmt::format("cols: {}", n)
                           : axis == 'y' ? fmt::format("rows: {}", n)
                                         : fmt::format("layers: {}", n);
  return fmt::format(R"(
grid:
  nlay: {0}
  nrow: {1}
  ncol: {2}
  delr: {3}
  delc: {4}
  top: 0.0
  botm: {5}
properties: {{k: 12.5, kz: 12.5}}
packages:
  - {{type: chd, name: upstream, {6}, head: 25.0}}
  - {{type: chd, name: downstream, {7}, head: -5.0}}
solver:
  linear: {{relative_tolerance: 1.0e-14}}
)",
                     nlay, nrow, ncol, axis == 'x' ? list : "10.0", axis == 'y' ? list : "10.0", botm, first, last);
}

/// Cell-centre coordinate along the axis for the sizes used above.
std::vector<double> centres(int n) {
  std::vector<double> c;
  double edge = 0.0;
  for (int i = 0; i < n; ++i) {
    double s = 5.0 + 3.0 * std::sin(0.7 * i) + (i % 3);
    c.push_back(edge + 0.5 * s);
    edge += s;
  }
  return c;
}

class Uniform1D : public ::testing::TestWithParam<char> {};

TEST_P(Uniform1D, HeadsAreLinearBetweenFixedHeads) {
  const char axis = GetParam();
  const int n = 40;
  auto results = run_yaml(uniform_case(axis, n));
  ASSERT_EQ(results.head.size(), 1u);
  const auto& h = results.head[0];
  auto x = centres(n);
  double worst = 0.0;
  for (int i = 0; i < n; ++i) {
    const double exact = 25.0 + (-5.0 - 25.0) * (x[i] - x[0]) / (x[n - 1] - x[0]);
    worst = std::max(worst, std::abs(h[static_cast<std::size_t>(i)] - exact) / 30.0);
  }
  const std::string name = fmt::format("uniform_1d_{}", axis);
  report(name, "max_rel_head_error", worst, 1e-10);
  report(name, "budget_discrepancy_percent", std::abs(results.step_discrepancy[0]), 1e-6);
  EXPECT_LT(worst, 1e-10);
  EXPECT_LT(std::abs(results.step_discrepancy[0]), 1e-6);
  // The two boundaries carry the same flow, in and out.
  const auto& terms = results.budgets[0];
  ASSERT_EQ(terms.size(), 4u);  // STORAGE_SS, STORAGE_SY, upstream, downstream
  EXPECT_GT(terms[2].rate_in, 0.0);
  EXPECT_NEAR(terms[2].rate_in, terms[3].rate_out, 1e-9 * terms[2].rate_in);
}

INSTANTIATE_TEST_SUITE_P(Axes, Uniform1D, ::testing::Values('x', 'y', 'z'));

TEST(Thiem, DrawdownMatchesAwayFromWellAndBoundary) {
  const int n = 101;        // cells per side, well in the centre cell
  const double dx = 10.0;   // [m]
  const double k = 10.0, b = 20.0, T = k * b;  // [m/d], [m], [m2/d]
  const double Q = 1000.0;  // pumping [m3/d]
  const double h0 = 50.0, R = 2000.0;
  const double centre = 0.5 * n * dx;
  auto thiem = [&](double r) { return h0 - Q / (2.0 * std::numbers::pi * T) * std::log(R / r); };

  std::ostringstream chd;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      if (i != 0 && j != 0 && i != n - 1 && j != n - 1) continue;
      const double x = (j + 0.5) * dx, y = (n - i - 0.5) * dx;
      chd << fmt::format("      - {{cell: [1, {}, {}], head: {:.15g}}}\n", i + 1, j + 1,
                         thiem(std::hypot(x - centre, y - centre)));
    }
  const std::string yaml = fmt::format(R"(
grid: {{nlay: 1, nrow: {0}, ncol: {0}, delr: {1}, delc: {1}, top: 0.0, botm: [-{2}]}}
properties: {{k: {3}}}
packages:
  - type: chd
    name: thiem_boundary
    entries:
{4}
  - {{type: wel, name: well, cell: [1, {5}, {5}], rate: -{6}}}
solver:
  linear: {{relative_tolerance: 1.0e-13}}
)",
                                       n, dx, b, k, chd.str(), n / 2 + 1, Q);
  auto results = run_yaml(yaml);
  const auto& h = results.head[0];
  double worst = 0.0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const int di = std::abs(i - n / 2), dj = std::abs(j - n / 2);
      const int from_boundary = std::min(std::min(i, j), std::min(n - 1 - i, n - 1 - j));
      if (std::max(di, dj) <= 2 || from_boundary <= 2) continue;
      const double x = (j + 0.5) * dx, y = (n - i - 0.5) * dx;
      const double r = std::hypot(x - centre, y - centre);
      const double exact_drawdown = h0 - thiem(r);
      const double drawdown = h0 - h[static_cast<std::size_t>(i * n + j)];
      worst = std::max(worst, std::abs(drawdown - exact_drawdown) / exact_drawdown);
    }
  report("thiem", "max_rel_drawdown_error", worst, 0.01);
  report("thiem", "budget_discrepancy_percent", std::abs(results.step_discrepancy[0]), 1e-6);
  EXPECT_LT(worst, 0.01);
  EXPECT_LT(std::abs(results.step_discrepancy[0]), 1e-6);
}

}  // namespace

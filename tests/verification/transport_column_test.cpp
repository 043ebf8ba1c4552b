/// One-dimensional transport against exact solutions.
///
///   ctest -R transport_column --output-on-failure      (prints the VERIFY lines)
///
/// A column of unit cross-section between two constant heads (uniform flow
/// along x); the first cell is held at C0 (constant concentration), so x is
/// measured from its centre, where the exact solutions put the boundary.
///
/// ogata_banks_*: continuous source, Ogata & Banks (1961), at grid Peclet
///   numbers dx / aL = 0.5, 2 and 10, with TVD and with upstream advection,
///   Crank–Nicolson in time at Courant 0.5. Relative L2 error over the column
///   when the front has travelled 100 cells: TVD < 1 % (Pe <= 2) and < 3 %
///   (Pe = 10); upstream's error is printed too (numerical dispersion
///   v dx / 2 makes it several times larger).
/// retardation_decay: linear sorption (R = 2.6) and first-order decay in both
///   phases against van Genuchten & Alves (1982), solution A1: < 1 %.
/// tvd_order_*: a Gaussian pulse advected with some dispersion, on grids of
///   100, 200 and 400 cells at Courant number 1; the observed order of the L1
///   error between the two finest grids must be at least 0.9 x the scheme's
///   order: 2 for TVD with Crank–Nicolson (van Leer is second order where the
///   profile is smooth; the pulse's peak, where it clips, is one cell of many),
///   1 with backward Euler (first order in time).
/// Every run also checks that the mass budget closes to 1e-4 % and that no
/// concentration leaves the range of the source and initial values.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "tests/support/run_in_memory.hpp"
#include "tests/verification/transport_analytical.hpp"

using namespace aquaplume;
using aquaplume::testing::report;
using aquaplume::testing::run_yaml;

namespace {

constexpr double kBudgetTolerance = 1e-4;  // [%]
/// Concentrations may leave [0, C0] by no more than this fraction of C0: ten
/// times the iteration tolerance (1e-8 mg/L on 100 mg/L), i.e. round-off.
constexpr double kRangeTolerance = 1e-9;

/// A column of `cells` cells of width dx between constant heads giving the
/// seepage velocity v; the transport section is appended as given.
std::string column_case(int cells, double dx, double velocity, double porosity, double length,
                        const std::string& transport) {
  const double k = 10.0;
  const double head = velocity * porosity * (cells - 1) * dx / k;
  return fmt::format(R"(
grid: {{nlay: 1, nrow: 1, ncol: {0}, delr: {1}, delc: 1.0, top: 1.0, botm: [0.0]}}
properties: {{k: {2}}}
packages:
  - {{type: chd, name: inlet, cols: 1, head: {3}}}
  - {{type: chd, name: outlet, cols: {0}, head: 0.0}}
time: {{periods: [{{length: {4}, steps: 1}}]}}
output: {{save: last}}
transport:
{5}
)",
                     cells, dx, k, head, length, transport);
}

struct ColumnRun {
  std::vector<double> c;  ///< final concentrations
  double worst_discrepancy = 0.0;
};

ColumnRun run_column(const std::string& yaml, const std::string& species) {
  auto results = run_yaml(yaml);
  ColumnRun run;
  run.c = results.fields.at("concentration/" + species).back();
  for (double d : results.named_discrepancy.at("mass/" + species))
    run.worst_discrepancy = std::max(run.worst_discrepancy, std::abs(d));
  return run;
}

/// ||num - exact||_2 / ||exact||_2 over the cells after the held one.
double relative_l2(const std::vector<double>& c, double c0, const std::function<double(double)>& exact, double dx) {
  double err = 0.0, norm = 0.0;
  for (std::size_t i = 1; i < c.size(); ++i) {
    const double e = exact(static_cast<double>(i) * dx);
    err += (c[i] / c0 - e) * (c[i] / c0 - e);
    norm += e * e;
  }
  return std::sqrt(err / norm);
}

/// How far the concentrations leave [lo, hi], relative to hi.
double range_violation(const std::vector<double>& c, double lo, double hi) {
  double worst = 0.0;
  for (double v : c) worst = std::max({worst, (lo - v) / hi, (v - hi) / hi});
  return worst;
}

std::string source_species(double alpha, const std::string& extra = "") {
  return fmt::format(R"(  species:
    - name: tracer
      porosity: 0.25
      dispersivity: {{longitudinal: {}, transverse_horizontal: 0.0, transverse_vertical: 0.0}}
{}
  constant_concentration:
    - {{name: source, cell: [1, 1, 1], concentration: {{tracer: 100.0}}}}
  solver: {{nonlinear_tolerance: 1.0e-8, relative_tolerance: 1.0e-12}}
)",
                     alpha, extra);
}

struct OgataCase {
  double peclet;
  double tvd_tolerance;
};

class OgataBanks : public ::testing::TestWithParam<OgataCase> {};

TEST_P(OgataBanks, TvdBeatsUpstreamAndMatchesTheExactSolution) {
  const auto [peclet, tolerance] = GetParam();
  const int cells = 201;
  const double dx = 1.0, v = 1.0, time = 100.0, alpha = dx / peclet;
  auto exact = [&](double x) { return aquaplume::testing::ogata_banks(x, time, v, alpha * v); };
  double errors[2] = {0.0, 0.0};
  const char* schemes[2] = {"tvd", "upstream"};
  for (int s = 0; s < 2; ++s) {
    const std::string transport =
        source_species(alpha) + fmt::format("  advection: {}\n  time: {{scheme: crank_nicolson, max_dt: 0.5}}\n",
                                            schemes[s]);
    auto run = run_column(column_case(cells, dx, v, 0.25, time, transport), "tracer");
    errors[s] = relative_l2(run.c, 100.0, exact, dx);
    const std::string name = fmt::format("ogata_banks_pe{}_{}", peclet, schemes[s]);
    report(name, "rel_l2_error", errors[s], s == 0 ? tolerance : 0.25);
    report(name, "budget_discrepancy_percent", run.worst_discrepancy, kBudgetTolerance);
    report(name, "range_violation", range_violation(run.c, 0.0, 100.0), kRangeTolerance);
    EXPECT_LT(run.worst_discrepancy, kBudgetTolerance);
    EXPECT_LT(range_violation(run.c, 0.0, 100.0), kRangeTolerance);
  }
  EXPECT_LT(errors[0], tolerance);
  EXPECT_LT(errors[0], errors[1]);  // upstream is the less accurate
}

INSTANTIATE_TEST_SUITE_P(Peclet, OgataBanks,
                         ::testing::Values(OgataCase{0.5, 0.01}, OgataCase{2.0, 0.01}, OgataCase{10.0, 0.03}),
                         [](const auto& test) { return fmt::format("pe{}", static_cast<int>(test.param.peclet * 10)); });

TEST(RetardationDecay, MatchesVanGenuchtenAlves) {
  // R = 1 + rho_b Kd / theta = 1 + 1.6 x 0.25 / 0.25 = 2.6; decay 0.01 /d
  // dissolved and 0.005 /d sorbed: mu = 0.01 + 0.005 x 1.6 = 0.018 /d.
  const int cells = 201;
  const double dx = 1.0, v = 1.0, time = 200.0, alpha = 0.5;
  const double r = 2.6, mu = 0.018;
  const std::string extra = R"(      sorption: {type: linear, kd: 0.25, bulk_density: 1.6}
      decay: {dissolved: 0.01, sorbed: 0.005})";
  const std::string transport = source_species(alpha, extra) + "  time: {scheme: crank_nicolson, max_dt: 1.0}\n";
  auto run = run_column(column_case(cells, dx, v, 0.25, time, transport), "tracer");
  auto exact = [&](double x) { return aquaplume::testing::van_genuchten_alves(x, time, v, alpha * v, r, mu); };
  const double error = relative_l2(run.c, 100.0, exact, dx);
  report("retardation_decay", "rel_l2_error", error, 0.01);
  report("retardation_decay", "budget_discrepancy_percent", run.worst_discrepancy, kBudgetTolerance);
  report("retardation_decay", "range_violation", range_violation(run.c, 0.0, 100.0), kRangeTolerance);
  EXPECT_LT(error, 0.01);
  EXPECT_LT(run.worst_discrepancy, kBudgetTolerance);
  EXPECT_LT(range_violation(run.c, 0.0, 100.0), kRangeTolerance);
}

/// A Gaussian pulse of width s0 [m] centred at x0 [m], advected at 1 m/d for
/// `time` days with dispersion coefficient d [m2/d].
struct Pulse {
  double x0, s0, time, d;
};

/// L1 error of the pulse on a column of n cells.
double pulse_error(int n, const std::string& scheme, const Pulse& p, double& worst_discrepancy, double& violation) {
  const double length = 100.0, v = 1.0, x0 = p.x0, s0 = p.s0, time = p.time, d = p.d, dx = length / n;
  auto pulse = [&](double x, double t) {
    const double s2 = s0 * s0 + 2.0 * d * t;
    return s0 / std::sqrt(s2) * std::exp(-(x - x0 - v * t) * (x - x0 - v * t) / (2.0 * s2));
  };
  // Cell averages by 4-point Gauss–Legendre quadrature (the scheme's unknowns are cell means).
  const double gx[4] = {-0.8611363115940526, -0.3399810435848563, 0.3399810435848563, 0.8611363115940526};
  const double gw[4] = {0.3478548451374538, 0.6521451548625461, 0.6521451548625461, 0.3478548451374538};
  auto cell_mean = [&](int i, double t) {
    double s = 0.0;
    for (int q = 0; q < 4; ++q) s += 0.5 * gw[q] * pulse((i + 0.5 + 0.5 * gx[q]) * dx, t);
    return s;
  };
  std::vector<double> initial(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) initial[static_cast<std::size_t>(i)] = 10.0 * cell_mean(i, 0.0);
  const std::string transport = fmt::format(R"(  species:
    - name: pulse
      porosity: 0.3
      initial: [{}]
      dispersivity: {{longitudinal: {}, transverse_horizontal: 0.0, transverse_vertical: 0.0}}
  advection: tvd
  time: {{scheme: {}, max_dt: {}}}
  solver: {{nonlinear_tolerance: 1.0e-10, relative_tolerance: 1.0e-13}}
)",
                                            fmt::join(initial, ", "), d / v, scheme, dx / v);
  auto run = run_column(column_case(n, dx, v, 0.3, time, transport), "pulse");
  worst_discrepancy = std::max(worst_discrepancy, run.worst_discrepancy);
  violation = std::max(violation, range_violation(run.c, 0.0, 10.0));
  double error = 0.0;
  for (int i = 0; i < n; ++i) error += std::abs(run.c[static_cast<std::size_t>(i)] / 10.0 - cell_mean(i, time)) * dx;
  return error;
}

void check_order(const std::string& scheme, double theoretical, const Pulse& pulse, std::vector<int> grids) {
  double worst = 0.0, violation = 0.0;
  std::vector<double> errors;
  for (int n : grids) errors.push_back(pulse_error(n, scheme, pulse, worst, violation));
  const double order = std::log(errors[errors.size() - 2] / errors.back()) / std::log(2.0);
  const std::string name = "tvd_order_" + scheme;
  for (std::size_t i = 0; i < grids.size(); ++i)
    report(name, fmt::format("l1_error_n{}", grids[i]), errors[i], errors[0]);
  report(name, "observed_order", order, 0.9 * theoretical);
  report(name, "budget_discrepancy_percent", worst, kBudgetTolerance);
  report(name, "range_violation", violation, kRangeTolerance);
  EXPECT_GE(order, 0.9 * theoretical);
  EXPECT_LT(worst, kBudgetTolerance);
  EXPECT_LT(violation, kRangeTolerance);
}

TEST(TvdOrder, CrankNicolsonIsSecondOrder) {
  // A narrow pulse with little dispersion: TVD's limiter is exercised.
  check_order("crank_nicolson", 2.0, {25.0, 4.0, 40.0, 0.05}, {100, 200, 400});
}

TEST(TvdOrder, BackwardEulerIsFirstOrder) {
  // Backward Euler's error (a numerical dispersion v^2 dt / 2) is first order
  // once it is small against the pulse's spread: a wider pulse reaches that
  // regime on these grids.
  check_order("backward_euler", 1.0, {40.0, 10.0, 20.0, 0.5}, {100, 200, 400});
}

}  // namespace

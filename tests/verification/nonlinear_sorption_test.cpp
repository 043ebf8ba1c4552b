/// Nonlinear sorption: MT3DMS problem 2 (Zheng & Wang 1999, section 7.2;
/// after Grove & Stollenwerk 1984), one-dimensional transport with Freundlich
/// and Langmuir isotherms.
///
///   ctest -R nonlinear_sorption --output-on-failure      (prints the VERIFY lines)
///
/// A column of 101 cells of 0.16 cm (cm and s as case units), seepage velocity
/// 0.1 cm/s, porosity 0.37, bulk density 1.587 g/cm3, aL = 1 cm; water at
/// C0 = 0.05 mg/L enters the first cell through a well for 160 s, then clean
/// water until 1500 s; the breakthrough is observed at x = 8 cm (cell 51).
/// Freundlich Kf = 0.3, a = 0.7; Langmuir Kl = 100 L/mg, S = 0.003 mg/kg.
/// Upstream advection and 1 s steps as in the MT3DMS and MODFLOW 6 examples.
///
/// Both isotherms are concave: low concentrations are retarded more than high
/// ones, so the rising limb (the front) sharpens and the falling limb tails.
/// Each curve is compared with a linear isotherm whose Kd gives the same
/// retardation at C0 (Kd = Cs(C0) / C0): the nonlinear rise (10 % of the peak
/// to the peak) must be shorter and its fall (peak to 10 %) longer. The mass
/// budget must close to 1e-4 % through the Newton iterations (4 to 8 per step).
/// Figures of this run (the VERIFY lines), close to the curves of the MT3DMS
/// report and the MODFLOW 6 example ex-gwt-mt3dms-p02:
///   Freundlich  peak C/C0 0.33 at 371 s; rise 0.77 x, fall 1.52 x the linear curve's
///   Langmuir    peak C/C0 0.92 at 186 s; rise 0.87 x, fall 1.15 x
/// Mass discrepancy 7e-10 % and 3e-12 %.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tests/support/run_in_memory.hpp"

using namespace aquaplume;
using aquaplume::testing::report;

namespace {

constexpr double kC0 = 0.05;  // [mg/L]

struct Breakthrough {
  std::vector<double> time, c;  // [s], C/C0
  double worst_discrepancy = 0.0;
  double lowest = 0.0;          // smallest concentration anywhere at the end, C/C0
};

/// Runs the column with `sorption` (a YAML mapping) and returns the curve at x = 8 cm.
Breakthrough run_column(const std::string& sorption) {
  const std::string yaml = fmt::format(R"(
units: {{length: cm, time: s}}
grid: {{nlay: 1, nrow: 1, ncol: 101, delr: 0.16, delc: 0.16, top: 1.0, botm: [0.0]}}
properties: {{k: 0.01}}
packages:
  - type: wel
    name: inflow
    cell: [1, 1, 1]
    rate: 0.00592               # v theta A = 0.1 x 0.37 x 0.16 cm3/s
    concentration: {{solute: {{periods: {{1: {0}, 2: 0.0}}}}}}
  - {{type: chd, name: outlet, cols: 101, head: 1.0}}
time:
  periods: [{{length: 160.0, steps: 1}}, {{length: 1340.0, steps: 4}}]
output: {{save: last}}
transport:
  species:
    - name: solute
      porosity: 0.37
      dispersivity: {{longitudinal: 1.0, transverse_horizontal: 0.1, transverse_vertical: 0.1}}
      sorption: {1}
  advection: upstream
  time: {{max_dt: 1.0}}
  solver: {{nonlinear_tolerance: 1.0e-10, relative_tolerance: 1.0e-12}}
  observations:
    - {{name: x8cm, cell: [1, 1, 51]}}
)",
                                       kC0, sorption);
  aquaplume::testing::MemoryResults results;
  {
    CaseSpec spec = aquaplume::testing::case_from_yaml(yaml);
    aquaplume::testing::MemorySink sink(results);
    RunOptions options;
    options.progress = false;
    run_case(spec, sink, MPI_COMM_WORLD, options);
  }
  Breakthrough b;
  const auto& series = results.observations.at(0);
  b.time = series.times;
  for (double v : series.columns.at(0).values) b.c.push_back(v / kC0);
  for (double d : results.named_discrepancy.at("mass/solute")) b.worst_discrepancy = std::max(b.worst_discrepancy, std::abs(d));
  for (double v : results.fields.at("concentration/solute").back()) b.lowest = std::min(b.lowest, v / kC0);
  return b;
}

struct Shape {
  double peak = 0.0, peak_time = 0.0, rise = 0.0, fall = 0.0;  // C/C0, s, s, s
};

/// Peak, and the durations from 10 % of the peak to the peak and back to 10 %.
Shape shape(const Breakthrough& b) {
  Shape s;
  const auto top = std::max_element(b.c.begin(), b.c.end()) - b.c.begin();
  s.peak = b.c[static_cast<std::size_t>(top)];
  s.peak_time = b.time[static_cast<std::size_t>(top)];
  const double tenth = 0.1 * s.peak;
  double rise_start = b.time.front(), fall_end = b.time.back();
  for (std::ptrdiff_t i = top; i >= 0; --i)
    if (b.c[static_cast<std::size_t>(i)] < tenth) {
      rise_start = b.time[static_cast<std::size_t>(i)];
      break;
    }
  for (std::size_t i = static_cast<std::size_t>(top); i < b.c.size(); ++i)
    if (b.c[i] < tenth) {
      fall_end = b.time[i];
      break;
    }
  s.rise = s.peak_time - rise_start;
  s.fall = fall_end - s.peak_time;
  return s;
}

void check_isotherm(const std::string& name, const std::string& nonlinear, double equivalent_kd) {
  const auto curved = run_column(nonlinear);
  const auto straight = run_column(fmt::format("{{type: linear, kd: {}, bulk_density: 1.587}}", equivalent_kd));
  const Shape n = shape(curved), l = shape(straight);
  report(name, "peak_relative_concentration", n.peak, 1.0);
  report(name, "peak_time_s", n.peak_time, 1500.0);
  report(name, "rise_time_over_linear", n.rise / l.rise, 1.0);   // < 1: the front sharpens
  report(name, "linear_fall_over_fall_time", l.fall / n.fall, 1.0);  // < 1: the tail is longer
  report(name, "budget_discrepancy_percent", curved.worst_discrepancy, 1e-4);
  report(name, "negative_concentration", std::max(0.0, -curved.lowest), 1e-9);
  EXPECT_LT(n.rise, l.rise);
  EXPECT_GT(n.fall, l.fall);
  EXPECT_LT(curved.worst_discrepancy, 1e-4);
  EXPECT_LT(straight.worst_discrepancy, 1e-4);
  EXPECT_LT(std::max(0.0, -curved.lowest), 1e-9);
}

TEST(NonlinearSorption, FreundlichSharpensTheFrontAndTails) {
  // Kd = Kf C0^(a - 1) = 0.3 x 0.05^-0.3
  check_isotherm("nonlinear_sorption_freundlich", "{type: freundlich, kf: 0.3, exponent: 0.7, bulk_density: 1.587}",
                 0.3 * std::pow(kC0, -0.3));
}

TEST(NonlinearSorption, LangmuirSharpensTheFrontAndTails) {
  // Kd = S Kl / (1 + Kl C0) = 0.003 x 100 / 6
  check_isotherm("nonlinear_sorption_langmuir", "{type: langmuir, kl: 100.0, capacity: 0.003, bulk_density: 1.587}",
                 0.003 * 100.0 / (1.0 + 100.0 * kC0));
}

}  // namespace

/// Mass entering from each site equals the site's mass-budget line.
///
/// How to run:  ctest -R site_mass_test     (registered at 1 and 2 ranks)
/// What it shows: a 800 m x 600 m, two-layer aquifer between fixed heads
/// holds a landfill leaking at a given rate that switches on late, fails (its
/// leakage ramps to 3x) and closes before the end; a second landfill leaking
/// through its liner (K (h + b) / b); a tailings pond leaking through its
/// liner with a dam breach of 30 d; and an industrial park with a spill of
/// known mass, a water spill with a concentration, and two continuous leaks
/// (by mass and by water). Over a 400 d run of 20 steps, for each site and
/// species the test computes the mass that enters independently from the
/// case values (the exact time integrals of the windows and ramps, which do
/// not fall on step ends, and the footprint areas by the shoelace formula;
/// for the pond, its leakage from the simulated heads of every step and the
/// covered area of each cell from the rectangle's overlap), and compares it
/// with the cumulative inflow of the site's line in the species' mass budget,
/// and the water likewise with the site's line in the water budget:
/// agreement to 1e-6 relative. Prints VERIFY lines.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "tests/support/run_in_memory.hpp"

using aquaplume::testing::report;

namespace {

const char* kCase = R"(
grid:
  nlay: 2
  nrow: 30
  ncol: 40
  delr: 20.0
  delc: 20.0
  top: 50.0
  botm: [30.0, 0.0]
properties: {k: 10.0, kz: 1.0}
initial_head: 44.0
packages:
  - {type: chd, name: west, cols: 1, head: 46.0}
  - {type: chd, name: east, cols: 40, head: 40.0}
time:
  periods:
    - {length: 400.0, steps: 20, steady: true}
transport:
  species:
    - {name: chloride, porosity: 0.3, dispersivity: {longitudinal: 5.0, transverse_horizontal: 0.5, transverse_vertical: 0.05}}
    - {name: sulfate, porosity: 0.3, dispersivity: {longitudinal: 5.0, transverse_horizontal: 0.5, transverse_vertical: 0.05}}
  time: {max_dt: 10.0}
sites:
  - type: landfill
    name: landfill_a
    polygon: [[150, 210], [250, 200], [260, 290], [205, 262], [160, 300]]
    leakage: {rate: 0.001}
    concentration: {chloride: 1000.0, sulfate: 200.0}
    active: {start: 10, end: 390}
    failure: {start: 100, ramp: 150, multiplier: 3}
  - type: landfill
    name: landfill_b
    polygon: [[150, 400], [290, 410], [210, 500]]
    base: 25.0
    leakage: {liner: {k: 2.0e-4, thickness: 0.5}, leachate_head: 1.0}
    concentration: {chloride: 500.0}
  - type: tailings_pond
    name: tailings
    polygon: [[430, 330], [530, 330], [530, 410], [430, 410]]
    stage: 49.0
    bottom: 42.0
    liner: {conductance: 0.002}
    concentration: {sulfate: 1500.0, chloride: 40.0}
    breach: {xy: [545, 370], start: 205, duration: 30, rate: 50.0}
  - type: industrial_zone
    name: industrial_park
    spills:
      - {name: drum, xy: [355, 155], start: 50, duration: 7, mass: {chloride: 2.0e5}}
      - {name: plating, polygon: [[330, 90], [375, 90], [375, 125]], start: 120, duration: 45, rate: 10.0, concentration: {sulfate: 80.0}}
      - {name: sewer, xy: [395, 135], layer: 2, mass_rate: {sulfate: 30.0}}
      - {name: pipe, xy: [315, 175], start: 300, rate: 2.0, concentration: {chloride: 15.0}}
)";

const double kEnd = 400.0;

double shoelace(const std::vector<std::array<double, 2>>& ring) {
  double twice = 0.0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const auto& a = ring[i];
    const auto& b = ring[(i + 1) % ring.size()];
    twice += a[0] * b[1] - b[0] * a[1];
  }
  return 0.5 * std::abs(twice);
}

const aquaplume::BudgetTerm& line(const std::vector<aquaplume::BudgetTerm>& terms,
                                  const std::string& name) {
  for (const auto& t : terms)
    if (t.name == name) return t;
  throw std::runtime_error("no budget line " + name);
}

struct Expected {
  std::string site;
  double water = 0.0;                  ///< [m3] over the run
  std::map<std::string, double> mass;  ///< [g] per species
};

std::vector<Expected> expected_entries(const aquaplume::testing::MemoryResults& r) {
  std::vector<Expected> out;
  // landfill_a: 0.001 m/d over its footprint, active 10..390 d, x1 until 100 d,
  // ramping to x3 at 250 d (mean 2 over the ramp), x3 after:
  // integral = 90 x 1 + 150 x 2 + 140 x 3 = 810 d.
  const double area_a = shoelace({{150, 210}, {250, 200}, {260, 290}, {205, 262}, {160, 300}});
  Expected a{"landfill_a", 0.001 * area_a * 810.0, {}};
  a.mass = {{"chloride", 1000.0 * a.water}, {"sulfate", 200.0 * a.water}};
  out.push_back(a);
  // landfill_b: Darcy through the liner, q = K (h + b) / b = 2e-4 x 1.5 / 0.5, the whole run.
  const double area_b = shoelace({{150, 400}, {290, 410}, {210, 500}});
  Expected b{"landfill_b", 2e-4 * 1.5 / 0.5 * area_b * kEnd, {}};
  b.mass = {{"chloride", 500.0 * b.water}};
  out.push_back(b);
  // tailings: sum over steps and cells of C' A_c (stage - max(h, bottom)) dt, with
  // A_c the overlap of the rectangle x 430..530, y 330..410 with cell (row, col)
  // of layer 1 (20 m cells, row 1 at the north edge y = 600); plus the breach,
  // 50 m3/d for 30 d.
  const int ncol = 40, nrow = 30;
  double pond = 0.0;
  for (std::size_t step = 0; step < r.head.size(); ++step) {
    const double dt = r.times[step] - (step == 0 ? 0.0 : r.times[step - 1]);
    for (int row = 0; row < nrow; ++row)
      for (int col = 0; col < ncol; ++col) {
        const double x0 = 20.0 * col, y1 = 600.0 - 20.0 * row;
        const double overlap_x = std::max(0.0, std::min(x0 + 20.0, 530.0) - std::max(x0, 430.0));
        const double overlap_y = std::max(0.0, std::min(y1, 410.0) - std::max(y1 - 20.0, 330.0));
        if (overlap_x * overlap_y <= 0.0) continue;
        const double h = r.head[step][static_cast<std::size_t>(row * ncol + col)];
        pond += 0.002 * overlap_x * overlap_y * (49.0 - std::max(h, 42.0)) * dt;
      }
  }
  Expected t{"tailings", pond + 50.0 * 30.0, {}};
  t.mass = {{"sulfate", 1500.0 * t.water}, {"chloride", 40.0 * t.water}};
  out.push_back(t);
  // industrial_park: 2e5 g of chloride (drum); 10 m3/d x 45 d at 80 mg/L of
  // sulfate (plating); 30 g/d of sulfate for 400 d (sewer); 2 m3/d x 100 d at
  // 15 mg/L of chloride (pipe).
  Expected i{"industrial_park", 10.0 * 45.0 + 2.0 * 100.0, {}};
  i.mass = {{"chloride", 2.0e5 + 2.0 * 100.0 * 15.0},
            {"sulfate", 10.0 * 45.0 * 80.0 + 30.0 * kEnd}};
  out.push_back(i);
  return out;
}

}  // namespace

TEST(SiteMass, EachSiteMassEqualsItsBudgetLine) {
  const auto r = aquaplume::testing::run_yaml(kCase);
  ASSERT_EQ(r.head.size(), 20u);
  ASSERT_NEAR(r.times.back(), kEnd, 1e-9);
  const auto& water = r.named_budgets.at("flow").back();
  double worst = 0.0;
  for (const Expected& e : expected_entries(r)) {
    const auto& w = line(water, e.site);
    const double rel_water = std::abs(w.cumulative_in - e.water) / e.water;
    report("site_mass_" + e.site, "rel_water_in_minus_expected", rel_water, 1e-6);
    EXPECT_LT(rel_water, 1e-6) << e.site << ": water in " << w.cumulative_in << " m3, expected "
                               << e.water;
    EXPECT_EQ(w.cumulative_out, 0.0) << e.site;
    for (const auto& [species, mass] : e.mass) {
      const auto& m = line(r.named_budgets.at("mass/" + species).back(), e.site);
      const double rel = std::abs(m.cumulative_in - mass) / mass;
      worst = std::max(worst, rel);
      report("site_mass_" + e.site + "_" + species, "rel_mass_in_minus_expected", rel, 1e-6);
      EXPECT_LT(rel, 1e-6) << e.site << " " << species << ": mass in " << m.cumulative_in
                           << " g, expected " << mass;
    }
  }
  report("site_mass", "worst_rel_mass_in_minus_expected", worst, 1e-6);
  // Every step's water and mass budgets close too.
  for (const auto& [name, steps] : r.named_discrepancy) {
    double largest = 0.0;
    for (double d : steps) largest = std::max(largest, std::abs(d));
    std::string label = name;
    std::replace(label.begin(), label.end(), '/', '_');
    report("site_mass_budget_" + label, "max_percent_discrepancy", largest, 0.01);
    EXPECT_LT(largest, 0.01) << name;
  }
}

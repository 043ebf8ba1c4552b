/// Unit tests of the site generators (solver/sites).
///
/// How to run:  ctest -R sites_test     (registered at 1 and 2 ranks)
/// What it shows: a site's time profile integrates exactly (active window,
/// failure ramp, step); leakage from the liner K is K (h + b) / b; the cells
/// under a footprint carry covered areas that add up to the footprint's area
/// (over all ranks) in the layer holding the base elevation; a tailings pond's
/// conductance is C' x area; and mistakes in `sites:` name the key, the line
/// and what was expected, with a did-you-mean.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "mesh/base/parallel.hpp"
#include "solver/sites/site_kinds.hpp"
#include "tests/support/run_in_memory.hpp"

using namespace aquaplume;
using aquaplume::sites::SitePackage;
using aquaplume::sites::TimeProfile;

namespace {

const char* kCase = R"(
grid:
  nlay: 3
  nrow: 20
  ncol: 20
  delr: 10.0
  delc: 10.0
  top: 50.0
  botm: [40.0, 30.0, 0.0]
properties: {k: 5.0}
initial_head: 45.0
packages:
  - {type: chd, name: west, cols: 1, head: 45.0}
transport:
  species:
    - {name: chloride, porosity: 0.3}
sites:
)";

// A pentagon (a square of 96 m with a notch of 40 x 48 / 2 = 960 m2) over cells of 10 m.
const char* kFootprint = "[[52, 52], [148, 52], [148, 148], [100, 100], [52, 148]]";
const double kFootprintArea = 96.0 * 96.0 - 0.5 * 96.0 * 48.0;

SitePackage& site_package(CaseSpec& spec, const std::string& name) {
  for (auto& p : spec.packages)
    if (p->name() == name) return dynamic_cast<SitePackage&>(*p);
  throw std::runtime_error("no package " + name);
}

/// The package's terms at uniform head `h` for the step (t - dt, t].
BoundaryTerms terms_at(Model& model, Package& package, double h, double t, double dt) {
  std::vector<double> head(static_cast<std::size_t>(model.graph.n_local), h);
  std::vector<std::uint8_t> convertible(head.size(), 0);
  FlowState state{&model.graph, head, head, t, dt, 0, convertible};
  BoundaryTerms terms;
  package.formulate(state, terms);
  return terms;
}

std::string error_text(const std::string& yaml) {
  try {
    aquaplume::testing::case_from_yaml(yaml);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(SiteTimeProfile, IntegratesWindowRampAndStepExactly) {
  TimeProfile p;
  p.start = 10.0;
  p.end = 50.0;
  p.times = {20.0, 30.0};
  p.values = {1.0, 5.0};
  EXPECT_DOUBLE_EQ(p.integral(0.0, 100.0), 10.0 * 1.0 + 10.0 * 3.0 + 20.0 * 5.0);
  EXPECT_DOUBLE_EQ(p.mean(25.0, 35.0), (5.0 * 4.0 + 5.0 * 5.0) / 10.0);
  EXPECT_DOUBLE_EQ(p.at(5.0), 0.0);
  EXPECT_DOUBLE_EQ(p.at(25.0), 3.0);
  EXPECT_DOUBLE_EQ(p.at(50.0), 0.0);
  p.times = {20.0, 20.0};  // a step from 1 to 5 at t = 20
  EXPECT_DOUBLE_EQ(p.integral(0.0, 100.0), 10.0 * 1.0 + 30.0 * 5.0);
  TimeProfile always;
  EXPECT_DOUBLE_EQ(always.integral(3.0, 7.5), 4.5);
}

TEST(SiteLandfill, LeakageFromLinerIsDarcyThroughTheLiner) {
  // K = 1e-4 m/d, b = 0.5 m, leachate 1.5 m above the liner: q = 1e-4 x 2 / 0.5.
  EXPECT_DOUBLE_EQ(sites::liner_leakage(1e-4, 0.5, 1.5), 4e-4);
  CaseSpec spec = aquaplume::testing::case_from_yaml(std::string(kCase) + R"(
  - type: landfill
    name: landfill_a
    polygon: )" + kFootprint + R"(
    base: 35.0
    leakage: {liner: {k: 1.0e-4, thickness: 0.5}, leachate_head: 1.5}
    concentration: {chloride: 1000.0}
)");
  Model model = build_model(spec, MPI_COMM_WORLD);
  auto terms = terms_at(model, site_package(spec, "landfill_a"), 45.0, 1.0, 1.0);
  double inflow = 0.0;
  for (std::size_t i = 0; i < terms.cell.size(); ++i) {
    inflow += terms.flow(i, 45.0);
    EXPECT_EQ(model.graph.layer[terms.cell[i]], 1) << "the base at 35 m lies in layer 2 (30..40 m)";
  }
  inflow = sum_over_ranks(inflow, MPI_COMM_WORLD);
  EXPECT_NEAR(inflow, 4e-4 * kFootprintArea, 1e-12 * 4e-4 * kFootprintArea);
}

TEST(SiteLandfill, CoveredAreasAddUpToTheFootprint) {
  CaseSpec spec = aquaplume::testing::case_from_yaml(std::string(kCase) + R"(
  - {type: landfill, name: lf, polygon: )" + kFootprint +
                                                     R"(, leakage: {rate: 0.001}}
)");
  Model model = build_model(spec, MPI_COMM_WORLD);
  EXPECT_EQ(site_package(spec, "lf").type(), "landfill");
  sites::Placement where;
  const auto& grid = spec.grid;
  where.polygon = PolygonCells{};
  // Rebuild the footprint's cells straight from the polygon: every layer, layer 1 picked.
  Polygon square;
  square.parts.push_back({{{52, 52}, {148, 52}, {148, 148}, {100, 100}, {52, 148}}, {}});
  where.polygon->polygon = std::make_shared<const Polygon>(square);
  where.polygon->lay0 = 0;
  where.polygon->lay1 = grid.nlay;
  ErrorList errors;
  const auto placed = sites::place(where, model.graph, errors);
  EXPECT_TRUE(errors.empty());
  double total = 0.0;
  for (std::size_t i = 0; i < placed.cell.size(); ++i) {
    EXPECT_EQ(model.graph.layer[placed.cell[i]], 0);
    EXPECT_GT(placed.area[i], 0.0);
    EXPECT_LE(placed.area[i], model.graph.plan_area(placed.cell[i]) * (1.0 + 1e-12));
    total += placed.area[i];
  }
  total = sum_over_ranks(total, MPI_COMM_WORLD);
  EXPECT_NEAR(total, kFootprintArea, 1e-9 * kFootprintArea);
  EXPECT_NEAR(total, area(square), 1e-9 * kFootprintArea);
}

TEST(SiteTailingsPond, ConductanceIsLinerConductancePerAreaTimesArea) {
  CaseSpec spec = aquaplume::testing::case_from_yaml(std::string(kCase) + R"(
  - type: tailings_pond
    name: pond
    polygon: )" + kFootprint + R"(
    stage: 49.0
    bottom: 44.0
    liner: {k: 0.01, thickness: 0.5}
    concentration: {chloride: 300.0}
    breach: {xy: [15, 15], start: 0.5, duration: 1.0, rate: 100.0}
)");
  Model model = build_model(spec, MPI_COMM_WORLD);
  auto& pond = site_package(spec, "pond");
  // Above the pond bottom: q = C' A (stage - h); below it: C' A (stage - bottom).
  // The breach runs for half of the step (0, 1]: 50 m3/d on average.
  for (double h : {45.0, 40.0}) {
    auto terms = terms_at(model, pond, h, 1.0, 1.0);
    double q = 0.0;
    for (std::size_t i = 0; i < terms.cell.size(); ++i) q += terms.flow(i, h);
    q = sum_over_ranks(q, MPI_COMM_WORLD);
    const double expected = 0.02 * kFootprintArea * (49.0 - std::max(h, 44.0)) + 50.0;
    EXPECT_NEAR(q, expected, 1e-12 * expected) << "h = " << h;
  }
  EXPECT_TRUE(pond.nonlinear());
}

TEST(SiteInput, MistakesNameKeyLineAndExpectation) {
  const std::string unknown_type = error_text(std::string(kCase) + R"(
  - {type: landfil, name: a, polygon: )" + kFootprint +
                                              R"(, leakage: {rate: 0.001}}
)");
  EXPECT_NE(unknown_type.find("sites[1].type"), std::string::npos) << unknown_type;
  EXPECT_NE(unknown_type.find("did you mean 'landfill'?"), std::string::npos) << unknown_type;
  EXPECT_EQ(unknown_type.find("unknown key"), std::string::npos) << unknown_type;

  const std::string typo = error_text(std::string(kCase) + R"(
  - type: landfill
    name: b
    polygon: )" + kFootprint + R"(
    leakage: {rate: 0.001}
    concentraton: {chloride: 5.0}
)");
  EXPECT_NE(typo.find("concentraton"), std::string::npos) << typo;
  EXPECT_NE(typo.find("did you mean 'concentration'"), std::string::npos) << typo;

  const std::string several = error_text(std::string(kCase) + R"(
  - type: industrial_zone
    name: park
    spills:
      - {xy: [55, 55], mass: {chloride: 1000.0}}
      - {xy: [55, 55], rate: 5.0, mass_rate: {chloride: 1.0}}
      - {xy: [55, 55], start: 0, duration: 2, mass: {nitrate: 1.0}}
  - {type: tailings_pond, name: park, polygon: )" +
                                         kFootprint + R"(, stage: 49.0, liner: {conductance: 0.1}}
)");
  EXPECT_NE(several.find("a spill given by its mass needs the time it takes"), std::string::npos)
      << several;
  EXPECT_NE(several.find("give one of 'mass', 'mass_rate' and 'rate'"), std::string::npos)
      << several;
  EXPECT_NE(several.find("unknown species 'nitrate'"), std::string::npos) << several;
  EXPECT_NE(several.find("already named 'park'"), std::string::npos) << several;
  EXPECT_NE(several.find("sites[2].bottom: missing"), std::string::npos) << several;
}

TEST(SiteLandfill, FailureCurveScalesTheLeakageByItsStepMean) {
  CaseSpec spec = aquaplume::testing::case_from_yaml(std::string(kCase) + R"(
  - type: landfill
    name: lf
    polygon: )" + kFootprint + R"(
    leakage: {rate: 0.001}
    failure: {times: [10, 20, 20, 30], multiplier: [1, 3, 5, 5]}
)");
  Model model = build_model(spec, MPI_COMM_WORLD);
  auto& landfill = site_package(spec, "lf");
  // Step (10, 30]: the ramp 1 -> 3 over (10, 20] (mean 2), then 5: mean 3.5.
  auto terms = terms_at(model, landfill, 45.0, 30.0, 20.0);
  double q = 0.0;
  for (std::size_t i = 0; i < terms.cell.size(); ++i) q += terms.flow(i, 45.0);
  q = sum_over_ranks(q, MPI_COMM_WORLD);
  EXPECT_NEAR(q, 0.001 * kFootprintArea * 3.5, 1e-12 * kFootprintArea);
}

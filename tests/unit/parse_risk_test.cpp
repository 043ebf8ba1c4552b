/// The `risk:` section of a case: what it reads (standard class and limits,
/// prediction times with units, receptors of every kind, default source and
/// class rules), and that mistakes are reported with their line and key.

#include <gtest/gtest.h>

#include <string>

#include "solver/risk/risk_spec.hpp"
#include "tests/support/run_in_memory.hpp"

using namespace aquaplume;
using namespace aquaplume::risk;

namespace {

const char* kBase = R"(
grid: {nlay: 2, nrow: 6, ncol: 8, delr: 10.0, delc: 10.0, top: 10.0, botm: [5.0, 0.0]}
properties: {k: 1.0}
time: {periods: [{length: 10.0, steps: 1}, {length: 10.0, steps: 1}, {length: 345.25, steps: 1}]}
packages:
  - {type: chd, name: west, cols: 1, head: 10.0, concentration: {chloride: 500.0}}
  - {type: riv, name: creek, cols: 8, layers: 1, stage: 9.0, bottom: 8.0, conductance: 10.0}
transport:
  species:
    - {name: chloride, porosity: 0.3, dispersivity: {longitudinal: 1.0, transverse_horizontal: 0.1, transverse_vertical: 0.01}}
    - {name: tce, porosity: 0.3, dispersivity: {longitudinal: 1.0, transverse_horizontal: 0.1, transverse_vertical: 0.01}}
  mass_loading:
    - {name: spill, cell: [1, 3, 3], rate: {tce: 10.0}}
)";

std::string problems(const std::string& risk) {
  try {
    aquaplume::testing::case_from_yaml(std::string(kBase) + risk);
  } catch (const InputError& e) {
    return e.what();
  }
  return {};
}

TEST(ParseRisk, ReadsAFullSection) {
  CaseSpec spec = aquaplume::testing::case_from_yaml(std::string(kBase) + R"(
risk:
  standard: {class: II}
  species:
    chloride: {indicator: Cl, detection_limit: 1.0}
    tce: {standard: 0.07, detection_limit: 0.001}
  prediction_times: [10, "20 d", "1 a"]
  receptors:
    - {name: w1, type: well, xy: [45.0, 25.0], screen: [8.0, 2.0]}
    - {name: zone, type: zone, polygon: [[20.0, 10.0], [60.0, 10.0], [60.0, 40.0], [20.0, 40.0]], layers: 1}
    - {name: creek, type: river, package: creek}
    - {name: fence, type: site_boundary, polygon: [[10.0, 10.0], [40.0, 10.0], [40.0, 50.0], [10.0, 50.0]]}
    - {name: mw1, type: point, cell: [2, 4, 6]}
)");
  ASSERT_TRUE(spec.risk);
  const RiskSpec& r = *spec.risk;
  EXPECT_EQ(r.standard_code, "GB/T 14848-2017");
  EXPECT_EQ(r.quality_class, QualityClass::II);
  ASSERT_EQ(r.species.size(), 2u);
  EXPECT_EQ(r.species[0].indicator, "chloride");
  EXPECT_DOUBLE_EQ(r.species[0].standard, 150.0);  // class II limit of chloride
  EXPECT_EQ(r.species[1].index, 1u);
  EXPECT_DOUBLE_EQ(r.species[1].standard, 0.07);
  ASSERT_EQ(r.prediction_times.size(), 3u);
  EXPECT_DOUBLE_EQ(r.prediction_times[1], 20.0);
  EXPECT_DOUBLE_EQ(r.prediction_times[2], 365.25);
  EXPECT_EQ(r.prediction_labels[2], "1 a");
  ASSERT_EQ(r.receptors.size(), 5u);
  EXPECT_EQ(r.receptors[0].kind, ReceptorKind::Well);
  EXPECT_DOUBLE_EQ(*r.receptors[0].screen_top, 8.0);
  EXPECT_EQ(r.receptors[1].lay1, 1);
  EXPECT_EQ(r.receptors[2].kind, ReceptorKind::River);
  EXPECT_EQ(r.receptors[2].cells.size(), 1u);
  EXPECT_EQ(r.receptors[3].kind, ReceptorKind::SiteBoundary);
  EXPECT_EQ(r.receptors[4].cells.size(), 1u);
  // Default rules: exceeds the standard, then detectable, both by the last prediction time.
  ASSERT_EQ(r.rules.size(), 2u);
  EXPECT_EQ(r.rules[0].condition, RiskCondition::ExceedsStandard);
  EXPECT_DOUBLE_EQ(r.rules[1].within, 365.25);
  // Default source: the packages bringing each species in (the chd for chloride;
  // tce comes from a mass loading, which the risk process adds).
  EXPECT_TRUE(r.sources.empty());
  EXPECT_EQ(r.species[0].package_sources.size(), 1u);
  EXPECT_TRUE(r.species[1].package_sources.empty());
}

TEST(ParseRisk, RulesAndUnitsOfTime) {
  CaseSpec spec = aquaplume::testing::case_from_yaml(std::string(kBase) + R"(
units: {length: m, time: d}
risk:
  species: {tce: {standard: 0.07, detection_limit: 0.001}}
  prediction_times: [20]
  sources: [{polygon: [[20.0, 20.0], [30.0, 20.0], [30.0, 30.0], [20.0, 30.0]], layers: all}]
  classes:
    - {name: red, when: exceeds_standard, within: 10}
    - {name: amber, when: detectable, within: "0.5 a"}
)");
  const RiskSpec& r = *spec.risk;
  ASSERT_EQ(r.rules.size(), 2u);
  EXPECT_EQ(r.rules[0].name, "red");
  EXPECT_DOUBLE_EQ(r.rules[0].within, 10.0);
  EXPECT_DOUBLE_EQ(r.rules[1].within, 0.5 * 365.25);
  EXPECT_EQ(r.sources.size(), 1u);
}

TEST(ParseRisk, ReportsMistakesTogether) {
  const std::string text = problems(R"(
risk:
  standard: {class: 3, file: no_such_standard.yaml}
  species:
    chloride: {standard: 250.0}
  prediction_times: [15]
  receptors:
    - {name: r, type: river, package: brook}
)");
  EXPECT_NE(text.find("the standard file"), std::string::npos) << text;
  EXPECT_NE(text.find("risk.species.chloride.detection_limit: missing"), std::string::npos) << text;
  EXPECT_NE(text.find("prediction time 15 d is not the end of a time step"), std::string::npos)
      << text;
  EXPECT_NE(text.find("no package is named 'brook'; the packages are west, creek"),
            std::string::npos)
      << text;
}

TEST(ParseRisk, NeedsTransport) {
  try {
    aquaplume::testing::case_from_yaml(R"(
grid: {nlay: 1, nrow: 2, ncol: 2, delr: 1.0, delc: 1.0, top: 1.0, botm: [0.0]}
properties: {k: 1.0}
risk: {prediction_times: [1]}
)");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("risk products need a 'transport:' section"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace

/// Broken `tracking:` sections give clean errors that name the file, line and key.

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "mesh/base/parallel.hpp"
#include "tests/support/run_in_memory.hpp"

using aquaplume::InputError;
using aquaplume::testing::case_from_yaml;

namespace {

std::string with_tracking(const std::string& tracking, const std::string& time = "",
                          bool porosity = true) {
  return fmt::format(
      R"(grid: {{nlay: 2, nrow: 10, ncol: 12, delr: 10.0, delc: 10.0, top: 20.0, botm: [10.0, 0.0]}}
properties: {{k: 5.0{}}}
packages:
  - {{type: chd, name: west, cols: 1, head: 15.0}}
  - {{type: chd, name: east, cols: 12, head: 12.0}}
  - {{type: wel, name: supply, cell: [2, 5, 8], rate: -50.0}}
{}
tracking:
{}
)",
      porosity ? ", porosity: 0.25" : "", time, tracking);
}

/// The text of the InputError a case raises, or "" when it parses.
std::string errors_of(const std::string& yaml) {
  try {
    case_from_yaml(yaml);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(TrackingInput, AGoodSectionParses) {
  EXPECT_EQ(errors_of(with_tracking(R"(  direction: forward
  releases:
    - {name: a, xy: [25.0, 35.0], layer: 1}
    - {name: b, line: [[15.0, 15.0], [95.0, 85.0]], count: 5, layers: [1, 2], levels: 2}
    - {name: c, polygon: [[20, 20], [60, 20], [60, 60]], spacing: 5.0, z: 12.0}
    - {name: d, cells: [[1, 3, 3]], per_cell: [2, 2, 1]}
    - {name: e, box: {layers: 2, rows: [2, 3], cols: [4, 5]}}
    - {name: f, circle: {xy: [60.0, 50.0], radius: 8.0, count: 12}, layer: 2, time: [0.0]}
  protection_zones:
    - {well: supply, travel_times: [10, 100]}
    - {name: spring, well: {xy: [35.0, 45.0], layers: 1}}
  receptors:
    - {name: r1, xy: [100.0, 50.0], radius: 5.0}
    - {name: r2, cells: [[2, 5, 12]]})")),
            "");
}

TEST(TrackingInput, ProblemsNameFileLineAndKey) {
  const std::string text = errors_of(with_tracking(R"(  direction: sideways
  weak_sinks: maybe
  releases:
    - {name: a, xy: [250.0, 35.0], layer: 1}
    - {name: b, line: [[15.0, 15.0], [95.0, 85.0]], layers: [1, 3]}
    - {name: c, points: [[20.0, 20.0]]}
    - {name: c, polygon: [[20, 20], [60, 20]], spacing: 5.0, layer: 1}
    - {name: twice, xy: [25.0, 35.0], layer: 1}
    - {name: twice, xy: [45.0, 35.0], layer: 2}
  protection_zones:
    - {well: suply, travel_times: [100, 10]}
  receptors:
    - {name: r1, xy: [100.0, 50.0]})"));
  for (const char* expected :
       {"<test case>:9: tracking.direction: expected one of 'forward', 'backward', got 'sideways'",
        "<test case>:10: tracking.weak_sinks: expected one of 'stop', 'pass', got 'maybe'",
        "<test case>:12: tracking.releases[1].xy: point (250, 35) is outside the grid (x 0..120, y "
        "0..100)",
        "tracking.releases[2].count: missing; a line release needs 'count' or 'spacing'",
        "tracking.releases[2].layers: layer range 1..3 is outside 1..2",
        "tracking.releases[3].layer: missing; say where particles start in depth",
        "tracking.releases[4].polygon: expected a polygon as a list of at least 3 [x, y] points, "
        "got 2 points",
        "tracking.protection_zones[1].well: no package is named 'suply'; wel packages: supply",
        "tracking.protection_zones[1].travel_times: expected increasing travel times",
        "tracking.receptors[1].radius: missing; expected a number",
        "two releases are named 'twice'"})
    EXPECT_NE(text.find(expected), std::string::npos) << "missing: " << expected << "\nin:\n"
                                                      << text;
  // An invalid `layers` is one problem, not also a missing vertical placement.
  EXPECT_EQ(text.find("releases[2].layer: missing"), std::string::npos) << text;
}

TEST(TrackingInput, PorosityIsRequiredAndReceptorsNeedForwardTracking) {
  const std::string text = errors_of(with_tracking(R"(  direction: backward
  releases:
    - {xy: [25.0, 35.0], layer: 1}
  receptors:
    - {name: r1, xy: [100.0, 50.0], radius: 5.0})",
                                                   "", false));
  EXPECT_NE(
      text.find("tracking.porosity: missing; particle velocities need the effective porosity"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("tracking.receptors: receptors are reached by forward pathlines"),
            std::string::npos)
      << text;
}

TEST(TrackingInput, ReleaseTimesMustLieInTheSimulation) {
  const std::string text =
      errors_of(with_tracking(R"(  releases:
    - {name: late, xy: [25.0, 35.0], layer: 1, time: 500.0})",
                              "time: {periods: [{length: 100.0, steps: 4, steady: false}]}"));
  EXPECT_NE(text.find("release time 500 is outside the simulation"), std::string::npos) << text;
}

TEST(TrackingInput, PointsBelowTheModelAreReportedWhenTheModelIsBuilt) {
  auto spec = case_from_yaml(with_tracking(R"(  releases:
    - {name: deep, points: [[25.0, 35.0, -5.0], [25.0, 35.0, 5.0]]})"));
  try {
    aquaplume::build_model(spec, MPI_COMM_WORLD);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "release 'deep': point (25, 35, -5) is above the top or below the bottom"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace

/// Recharge over a site footprint on a graded grid.
///
/// polygon_recharge_inline: a landfill footprint (a rotated square with a
/// notch) recharges 2 mm/d on a grid refined around it (5 m cells in a
/// 1 km x 800 m model of 50 m cells). At steady state with fixed heads on
/// two sides, the recharge term must be rate x footprint area exactly (the
/// covered fractions are exact) and leave through the fixed heads.
/// polygon_recharge_geojson: the same footprint from a GeoJSON file.
/// Run at 1 and 2 ranks: the footprint is split between them.

#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "mesh/base/parallel.hpp"
#include "tests/support/run_in_memory.hpp"

using namespace aquaplume;
using aquaplume::testing::report;

namespace {

// A square of side 100 m turned by 30 degrees about (500, 400), with a
// triangular notch; vertices counter-clockwise.
std::vector<std::array<double, 2>> footprint() {
  const double c = std::cos(M_PI / 6.0), s = std::sin(M_PI / 6.0);
  std::vector<std::array<double, 2>> local{{-50, -50}, {50, -50}, {50, 50}, {0, 10}, {-50, 50}};
  std::vector<std::array<double, 2>> out;
  for (auto [u, v] : local) out.push_back({500.0 + u * c - v * s, 400.0 + u * s + v * c});
  return out;
}
const double kFootprintArea = 100.0 * 100.0 - 0.5 * 100.0 * 40.0;

double term(const std::vector<BudgetTerm>& terms, const std::string& name, bool in) {
  for (const auto& t : terms)
    if (t.name == name) return in ? t.rate_in : t.rate_out;
  ADD_FAILURE() << "no budget term " << name;
  return 0.0;
}

std::string case_text(const std::string& polygon) {
  return fmt::format(R"(
grid:
  extent: {{x: [0, 1000], y: [0, 800]}}
  cell_size: 50.0
  refine: [{{box: [[420, 320], [580, 480]], size: 5.0}}]
  growth: 1.2
  nlay: 1
  top: 20.0
  botm: [0.0]
properties: {{k: 5.0}}
packages:
  - {{type: chd, name: west, cols: 1, head: 10.0}}
  - {{type: chd, name: east, cols: EAST_COLUMN, head: 9.0}}
  - type: rch
    name: landfill
    polygon: {}
    rate: 0.002
)",
                     polygon);
}

aquaplume::testing::MemoryResults run(const std::string& yaml, const std::string& directory) {
  // The east column is known once the grid is generated: read the case twice.
  auto with_east = [&](std::int64_t col) {
    std::string text = yaml;
    text.replace(text.find("EAST_COLUMN"), 11, std::to_string(col));
    return text;
  };
  const CaseSpec probe = aquaplume::testing::case_from_yaml(with_east(1), directory);
  CaseSpec spec = aquaplume::testing::case_from_yaml(with_east(probe.grid.ncol), directory);
  aquaplume::testing::MemoryResults results;
  aquaplume::testing::MemorySink sink(results);
  RunOptions options;
  options.progress = false;
  run_case(spec, sink, MPI_COMM_WORLD, options);
  return results;
}

void check(const aquaplume::testing::MemoryResults& r, const std::string& name) {
  const auto& terms = r.budgets.at(0);
  const double recharge = term(terms, "landfill", true);
  const double expected = 0.002 * kFootprintArea;
  const double rel = std::abs(recharge - expected) / expected;
  const double out = term(terms, "west", false) + term(terms, "east", false) -
                     term(terms, "west", true) - term(terms, "east", true);
  report(name, "rel_recharge_minus_rate_times_area", rel, 1e-12);
  report(name, "budget_discrepancy_percent", std::abs(r.step_discrepancy[0]), 1e-6);
  EXPECT_LT(rel, 1e-12);
  EXPECT_NEAR(out, recharge, 1e-6 * expected);
  EXPECT_LT(std::abs(r.step_discrepancy[0]), 1e-6);
}

}  // namespace

TEST(PolygonRecharge, InlineFootprintOnAGradedGrid) {
  std::string vertices = "[";
  for (auto [x, y] : footprint()) vertices += fmt::format("[{:.17g}, {:.17g}], ", x, y);
  vertices.replace(vertices.size() - 2, 2, "]");
  check(run(case_text(vertices), "."), "polygon_recharge_inline");
}

TEST(PolygonRecharge, FootprintFromAGeoJsonFile) {
  // Every rank writes the same file name in its own directory.
  const auto dir =
      std::filesystem::temp_directory_path() /
      fmt::format("aquaplume_polygon_recharge_{}_{}", ::getpid(), comm_rank(MPI_COMM_WORLD));
  std::filesystem::create_directories(dir);
  std::string ring;
  for (auto [x, y] : footprint()) ring += fmt::format("[{:.17g}, {:.17g}], ", x, y);
  ring += fmt::format("[{:.17g}, {:.17g}]", footprint()[0][0], footprint()[0][1]);
  std::ofstream(dir / "sites.geojson") << fmt::format(
      R"({{"type": "FeatureCollection", "features": [{{"type": "Feature", "properties": {{"name": "landfill"}},
          "geometry": {{"type": "Polygon", "coordinates": [[{}]]}}}}]}})",
      ring);
  check(run(case_text("{file: sites.geojson, feature: landfill}"), dir.string()),
        "polygon_recharge_geojson");
  std::filesystem::remove_all(dir);
}

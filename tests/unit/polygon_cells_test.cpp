/// Unit tests of solver/packages/polygon_cells.cpp and the `polygon:` key of
/// cell selections (solver/packages/cell_selection.cpp).
///
/// How to run:  ctest -R polygon_cells_test     (registered at 1, 2 and 3 ranks)
/// What it shows: `polygon:` with `layer`/`layers` selects every cell of
/// those layers in the columns the polygon covers, and `polygon:` for
/// recharge-like packages the top cells; over all ranks the covered
/// fractions times the plan areas add up to the polygon's area per layer;
/// cells chosen by box keep fraction 1; a polygon needs a layer, stands
/// alone (not with rows, cols, cell or xy), may be given once for a whole
/// package, and one outside the grid is reported with both extents (and a
/// hint when its coordinates look like longitude and latitude).

#include <gtest/gtest.h>

#include <mpi.h>

#include <fmt/format.h>

#include "mesh/base/parallel.hpp"
#include "mesh/partition.hpp"
#include "solver/packages/cell_selection.hpp"
#include "tests/unit/unit_helpers.hpp"

using namespace aquaplume;
using aquaplume::unit::messages;
using aquaplume::unit::parse;

namespace {

/// 3 layers x 8 rows x 10 columns of 10 m x 10 m; south-west corner at (1000, 2000).
StructuredGridSpec test_grid() {
  return unit::layered_grid(std::vector<double>(10, 10.0), std::vector<double>(8, 10.0), 0.0,
                            {-1.0, -2.0, -3.0}, 1000.0, 2000.0);
}

struct Parsed {
  std::optional<CellSelection> selection;
  ErrorList errors;
  std::shared_ptr<InputNode> tree;
};

Parsed parse_entry(const std::string& yaml, SelectionKind kind = SelectionKind::Cells) {
  static const StructuredGridSpec grid = test_grid();
  static const Units units;
  Parsed p;
  p.tree = parse(yaml);
  Section entry(*p.tree, p.errors);
  PackageContext context;
  context.grid = &grid;
  context.units = &units;
  p.selection = parse_selection(entry, context, kind, true);
  return p;
}

CellGraph build_graph() {
  auto g = test_grid();
  ErrorList errors;
  CellGraph graph = build_cell_graph(
      g, partition_cells(g, PartitionMethod::Geometric, MPI_COMM_WORLD), MPI_COMM_WORLD, errors);
  if (!errors.empty()) throw std::runtime_error(errors.format());
  return graph;
}

/// Σ fraction x plan area of this rank's selected cells, per layer, summed over ranks.
std::vector<double> covered_area_by_layer(const CellGraph& graph, const CellSelection& s) {
  const auto cells = s.owned_cells(graph);
  const auto fractions = s.area_fractions(graph, cells);
  std::vector<double> by_layer(3, 0.0);
  for (std::size_t i = 0; i < cells.size(); ++i)
    by_layer[static_cast<std::size_t>(graph.layer[cells[i]])] +=
        fractions[i] * graph.plan_area(cells[i]);
  sum_over_ranks(by_layer, graph.comm);
  return by_layer;
}

// A rectangle with a triangular notch cut from its north side, inside the grid.
const char* kFootprint = "[[1012, 2013], [1077, 2013], [1077, 2061], [1040, 2040], [1012, 2061]]";
const double kFootprintArea = 65.0 * 48.0 - 0.5 * 37.0 * 21.0 - 0.5 * 28.0 * 21.0;

}  // namespace

TEST(PolygonSelection, CellsOfTheChosenLayersWithTheirCoveredFractions) {
  const CellGraph graph = build_graph();
  auto p = parse_entry(fmt::format("polygon: {}\nlayers: [2, 3]\n", kFootprint));
  ASSERT_TRUE(p.selection) << p.errors.format();
  ASSERT_TRUE(p.selection->polygon);
  EXPECT_TRUE(p.selection->boxes.empty());
  EXPECT_EQ(p.selection->loc.key, "polygon");
  const auto by_layer = covered_area_by_layer(graph, *p.selection);
  EXPECT_EQ(by_layer[0], 0.0);
  EXPECT_NEAR(by_layer[1], kFootprintArea, 1e-10 * kFootprintArea);
  EXPECT_NEAR(by_layer[2], kFootprintArea, 1e-10 * kFootprintArea);
  for (double f : p.selection->area_fractions(graph, p.selection->owned_cells(graph))) {
    EXPECT_GT(f, 0.0);
    EXPECT_LE(f, 1.0);
  }
}

TEST(PolygonSelection, RechargeLikePackagesTakeTheTopCells) {
  const CellGraph graph = build_graph();
  auto p = parse_entry(fmt::format("polygon: {}\n", kFootprint), SelectionKind::Columns);
  ASSERT_TRUE(p.selection) << p.errors.format();
  const auto by_layer = covered_area_by_layer(graph, *p.selection);
  EXPECT_NEAR(by_layer[0], kFootprintArea, 1e-10 * kFootprintArea);
  EXPECT_EQ(by_layer[1], 0.0);
}

TEST(PolygonSelection, BoxesKeepFractionOne) {
  const CellGraph graph = build_graph();
  auto p = parse_entry("rows: [2, 3]\ncols: 4\nlayer: 1\n");
  ASSERT_TRUE(p.selection) << p.errors.format();
  const auto cells = p.selection->owned_cells(graph);
  for (double f : p.selection->area_fractions(graph, cells)) EXPECT_EQ(f, 1.0);
}

TEST(PolygonSelection, APolygonNeedsALayerAndStandsAlone) {
  auto p = parse_entry(fmt::format("polygon: {}\n", kFootprint));
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors),
            (std::vector<std::string>{"a polygon needs 'layer' or 'layers' as well"}));

  p = parse_entry(fmt::format("polygon: {}\nlayer: 1\nrows: 2\n", kFootprint));
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors),
            (std::vector<std::string>{
                "give either 'polygon' or 'rows', not both"}));

  p = parse_entry(fmt::format("cell: [1, 1, 1]\npolygon: {}\nlayer: 1\n", kFootprint));
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(p.errors.size(), 1u) << p.errors.format();

  p = parse_entry(fmt::format("polygon: {}\nlayer: 4\n", kFootprint));
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors), (std::vector<std::string>{"layer range 4..4 is outside 1..3"}));
  ErrorList unknown;
  p.tree->report_unknown_keys(unknown);
  EXPECT_TRUE(unknown.empty()) << unknown.format();
}

TEST(PolygonSelection, AnInvalidPolygonIsReportedOnce) {
  auto p =
      parse_entry("polygon: [[1000, 2000], [1050, 2050], [1050, 2000], [1000, 2050]]\nlayer: 1\n");
  EXPECT_FALSE(p.selection);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors.items()[0].message,
            "not a valid polygon: the edge from vertex 1 to 2 and the edge from vertex 3 to 4 of "
            "the outer ring cross "
            "at (1025, 2025)");
}

TEST(PolygonSelection, APolygonOutsideTheGrid) {
  auto p = parse_entry("polygon: [[0, 0], [50, 0], [50, 50]]\nlayer: 1\n");
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(
      messages(p.errors),
      (std::vector<std::string>{
          "the polygon (x 0..50, y 0..50) lies outside the grid (x 1000..1100, y 2000..2080)"}));

  p = parse_entry("polygon: [[116.3, 39.9], [116.4, 39.9], [116.4, 40.0]]\n",
                  SelectionKind::Columns);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_NE(p.errors.items()[0].message.find("are its coordinates longitude and latitude?"),
            std::string::npos);
}

TEST(PolygonSelection, GivenOnceForAWholePackage) {
  auto tree =
      parse(fmt::format("polygon: {}\nentries:\n  - {{layer: 1}}\n  - {{layer: 3}}\n", kFootprint));
  ErrorList errors;
  Section spec(*tree, errors);
  static const StructuredGridSpec grid = test_grid();
  static const Units units;
  PackageContext context;
  context.grid = &grid;
  context.units = &units;
  const CellGraph graph = build_graph();
  for (const InputNode* item : spec.list("entries")) {
    Section entry(*item, errors);
    auto s = parse_selection(entry, context, SelectionKind::Cells, true, &spec);
    ASSERT_TRUE(s) << errors.format();
    const auto by_layer = covered_area_by_layer(graph, *s);
    EXPECT_NEAR(by_layer[0] + by_layer[2], kFootprintArea, 1e-10 * kFootprintArea);
  }
  EXPECT_TRUE(errors.empty()) << errors.format();
}

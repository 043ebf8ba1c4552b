/// Unit tests of solver/packages/cell_selection.cpp: which cells a package
/// entry acts on.
///
/// How to run:  ctest -R cell_selection_test     (registered at 1, 2 and 3 ranks)
/// What it shows: `cell`, `cells`, `layers`/`rows`/`cols` (a number, a range
/// [first, last] or `all`, 1-based and inclusive) and `xy` with a layer give
/// the expected boxes; a cell outside the grid is reported with the cell and
/// the grid size at its line; owned_cells gives each rank exactly its owned
/// cells of the selection.
///
/// Parsing is not collective; the owned_cells tests build a cell graph
/// (collective) on every rank first.

#include <gtest/gtest.h>

#include <mpi.h>

#include <array>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "mesh/base/parallel.hpp"
#include "solver/packages/cell_selection.hpp"
#include "tests/unit/unit_helpers.hpp"

using namespace aquaplume;
using aquaplume::unit::messages;
using aquaplume::unit::parse;

namespace {

using Box = std::array<std::int64_t, 6>;  // lay0, lay1, row0, row1, col0, col1

Box as_array(const CellBox& b) {
  return {b.lay0, b.lay1, b.row0, b.row1, b.col0, b.col1};
}

std::vector<Box> boxes_of(const CellSelection& s) {
  std::vector<Box> out;
  for (const auto& b : s.boxes) out.push_back(as_array(b));
  return out;
}

/// 3 layers x 4 rows x 5 columns of 10 m x 20 m; the south-west corner at
/// (1000, 2000), so x spans 1000..1050 and y 2000..2080.
StructuredGridSpec test_grid() {
  return unit::layered_grid(std::vector<double>(5, 10.0), std::vector<double>(4, 20.0), 0.0,
                            {-1.0, -2.0, -3.0}, 1000.0, 2000.0);
}

struct Parsed {
  std::optional<CellSelection> selection;
  ErrorList errors;
  std::shared_ptr<InputNode> tree;
};

/// Parses the selection keys of the mapping in `yaml`.
Parsed parse_entry(const std::string& yaml, SelectionKind kind = SelectionKind::Cells,
                   bool required = true, Units units = {}) {
  static const StructuredGridSpec grid = test_grid();
  Parsed p;
  p.tree = parse(yaml);
  Section entry(*p.tree, p.errors);
  PackageContext context;
  context.grid = &grid;
  context.units = &units;
  p.selection = parse_selection(entry, context, kind, required);
  return p;
}

}  // namespace

// ---------------------------------------------------------------- CellBox, whole_grid

TEST(CellBox, CountAndContains) {
  CellBox b{0, 2, 1, 3, 4, 5};
  EXPECT_EQ(b.count(), 2 * 2 * 1);
  EXPECT_TRUE(b.contains(0, 1, 4));
  EXPECT_TRUE(b.contains(1, 2, 4));
  EXPECT_FALSE(b.contains(2, 1, 4));  // upper bounds are exclusive
  EXPECT_FALSE(b.contains(0, 0, 4));
  EXPECT_FALSE(b.contains(0, 1, 5));
  EXPECT_FALSE(b.contains(-1, 1, 4));
}

TEST(WholeGrid, EveryCellOrEveryColumn) {
  auto g = test_grid();
  EXPECT_EQ(boxes_of(whole_grid(g, SelectionKind::Cells)), (std::vector<Box>{{0, 3, 0, 4, 0, 5}}));
  EXPECT_EQ(boxes_of(whole_grid(g, SelectionKind::Columns)),
            (std::vector<Box>{{0, 1, 0, 4, 0, 5}}));
  EXPECT_EQ(whole_grid(g, SelectionKind::Cells).loc.key, "grid");
}

// ---------------------------------------------------------------- cell, cells

TEST(ParseSelection, OneCellIsOneBasedLayerRowColumn) {
  auto p = parse_entry("cell: [2, 3, 4]\n");
  ASSERT_TRUE(p.selection) << p.errors.format();
  EXPECT_EQ(boxes_of(*p.selection), (std::vector<Box>{{1, 2, 2, 3, 3, 4}}));
  EXPECT_EQ(p.selection->loc.key, "cell");
  EXPECT_EQ(p.selection->loc.line, 1);
  EXPECT_TRUE(p.errors.empty());
}

TEST(ParseSelection, ListOfCells) {
  auto p = parse_entry("cells:\n  - [1, 1, 1]\n  - [3, 4, 5]\n");
  ASSERT_TRUE(p.selection) << p.errors.format();
  EXPECT_EQ(boxes_of(*p.selection), (std::vector<Box>{{0, 1, 0, 1, 0, 1}, {2, 3, 3, 4, 4, 5}}));
}

TEST(ParseSelection, ACellOutsideTheGridNamesTheCellAndTheGridSize) {
  for (const char* cell : {"[4, 1, 1]", "[0, 1, 1]", "[1, 5, 1]", "[1, 1, 6]", "[-1, -1, -1]"}) {
    auto p = parse_entry(fmt::format("name: w\ncell: {}\n", cell));
    EXPECT_FALSE(p.selection) << cell;
    ASSERT_EQ(p.errors.size(), 1u) << cell;
    std::string shown = std::string(cell).substr(1, std::string(cell).size() - 2);
    EXPECT_EQ(p.errors.items()[0].format(),
              fmt::format("test.yaml:2: cell: ({}) is outside the grid (3 x 4 x 5)", shown));
  }
}

TEST(ParseSelection, EveryBadCellOfAListIsReported) {
  auto p = parse_entry("cells:\n  - [1, 1, 1]\n  - [9, 1, 1]\n  - [1, 9, 1]\n");
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors),
            (std::vector<std::string>{"(9, 1, 1) is outside the grid (3 x 4 x 5)",
                                      "(1, 9, 1) is outside the grid (3 x 4 x 5)"}));
  EXPECT_EQ(p.errors.items()[0].loc.line, 3);
  EXPECT_EQ(p.errors.items()[0].loc.key, "cells[2]");
  EXPECT_EQ(p.errors.items()[1].loc.line, 4);
}

TEST(ParseSelection, MalformedCells) {
  auto p = parse_entry("cell: [1, 2]\n");
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors),
            (std::vector<std::string>{"expected [layer, row, col], got a list of 2 values"}));

  p = parse_entry("cell: [1, 2.5, 1]\n");
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors), (std::vector<std::string>{"expected a whole number, got '2.5'"}));

  p = parse_entry("cells: 5\n");
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors),
            (std::vector<std::string>{"expected a list of [layer, row, col], got '5'"}));
}

// ---------------------------------------------------------------- layers, rows, cols

TEST(ParseSelection, BoxFromRanges) {
  auto p = parse_entry("layers: all\nrows: [2, 3]\ncols: 5\n");
  ASSERT_TRUE(p.selection) << p.errors.format();
  EXPECT_EQ(boxes_of(*p.selection), (std::vector<Box>{{0, 3, 1, 3, 4, 5}}));
  EXPECT_EQ(p.selection->loc.key, "layers");
}

TEST(ParseSelection, MissingRangesMeanAll) {
  auto p = parse_entry("layer: 2\n");
  ASSERT_TRUE(p.selection) << p.errors.format();
  EXPECT_EQ(boxes_of(*p.selection), (std::vector<Box>{{1, 2, 0, 4, 0, 5}}));

  p = parse_entry("rows: 4\n");
  ASSERT_TRUE(p.selection) << p.errors.format();
  EXPECT_EQ(boxes_of(*p.selection), (std::vector<Box>{{0, 3, 3, 4, 0, 5}}));

  p = parse_entry("cols: [1, 1]\n");
  ASSERT_TRUE(p.selection) << p.errors.format();
  EXPECT_EQ(boxes_of(*p.selection), (std::vector<Box>{{0, 3, 0, 4, 0, 1}}));
}

TEST(ParseSelection, AllWrittenAsQuotedText) {
  auto p = parse_entry("rows: 'all'\ncols: \"all\"\nlayers: [1, 3]\n");
  ASSERT_TRUE(p.selection) << p.errors.format();
  EXPECT_EQ(boxes_of(*p.selection), (std::vector<Box>{{0, 3, 0, 4, 0, 5}}));
}

TEST(ParseSelection, RangesOutsideTheGrid) {
  auto p = parse_entry("layers: [1, 4]\nrows: [0, 2]\ncols: [3, 2]\n");
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors), (std::vector<std::string>{"layer range 1..4 is outside 1..3",
                                                          "row range 0..2 is outside 1..4",
                                                          "column range 3..2 is reversed: first column 3 "
                                                          "is after last column 2"}));
  ASSERT_EQ(p.errors.size(), 3u);
  EXPECT_EQ(p.errors.items()[1].loc.line, 2);
  EXPECT_EQ(p.errors.items()[2].loc.key, "cols");
}

TEST(ParseSelection, MalformedRanges) {
  auto p = parse_entry("cols: {first: 1}\n");
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors),
            (std::vector<std::string>{
                "expected a column number, a range [first, last] or 'all', got a mapping"}));

  p = parse_entry("layers: [1, 2, 3]\n");
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors),
            (std::vector<std::string>{
                "expected a layer number, a range [first, last] or 'all', got a list of 3 values"}));

  p = parse_entry("rows: every\n");
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors), (std::vector<std::string>{"expected a whole number, got 'every'"}));
}

TEST(ParseSelection, LayerAndLayersTogetherIsAnError) {
  auto p = parse_entry("layer: 1\nlayers: [1, 2]\nrows: 1\n");
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors),
            (std::vector<std::string>{"give either 'layer' or 'layers', not both"}));
  EXPECT_EQ(p.errors.items()[0].loc.line, 1);
}

TEST(ParseSelection, ACellWithABoxKeyIsAnError) {
  // A well written as `cell: [1, 2, 3]` plus a redundant `layer: 1` must not
  // also select every cell of layer 1.
  auto p = parse_entry("cell: [1, 2, 3]\nlayer: 1\n");
  EXPECT_FALSE(p.selection) << (p.selection ? p.selection->boxes.size() : 0) << " boxes";
  EXPECT_EQ(p.errors.size(), 1u) << p.errors.format();
}

TEST(ParseSelection, OnlyOneFormPerEntry) {
  auto p = parse_entry("cells: [[1, 1, 1]]\nrows: 2\n");
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors), (std::vector<std::string>{"give either 'cells' or 'rows', not both"}));
  EXPECT_EQ(p.errors.items()[0].loc.line, 2);

  // rows/cols next to xy were read, then ignored.
  p = parse_entry("xy: [1015, 2075]\nlayer: 2\ncols: 3\n");
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors), (std::vector<std::string>{"give either 'xy' or 'cols', not both"}));
  EXPECT_EQ(p.errors.items()[0].loc.key, "cols");

  p = parse_entry("cell: [1, 1, 1]\ncells: [[1, 1, 2]]\nxy: [1015, 2075]\n");
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors), (std::vector<std::string>{"give either 'cell' or 'cells', not both",
                                                          "give either 'cell' or 'xy', not both"}));
}

TEST(ParseSelection, AnEmptyListOfCellsIsAnError) {
  auto p = parse_entry("cells: []\n");
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors),
            (std::vector<std::string>{
                "the list is empty, so the entry selects no cells; expected [[layer, row, col], ...]"}));
  EXPECT_EQ(p.errors.items()[0].loc.key, "cells");
  EXPECT_EQ(p.errors.items()[0].loc.line, 1);
}

// ---------------------------------------------------------------- xy

TEST(ParseSelection, PointWithALayer) {
  // x 1015 is in column 2 (1010..1020); y 2075 in row 1 (2060..2080, the north row).
  auto p = parse_entry("xy: [1015, 2075]\nlayer: 2\n");
  ASSERT_TRUE(p.selection) << p.errors.format();
  EXPECT_EQ(boxes_of(*p.selection), (std::vector<Box>{{1, 2, 0, 1, 1, 2}}));
  EXPECT_EQ(p.selection->loc.key, "xy");
}

TEST(ParseSelection, PointWithLayers) {
  auto p = parse_entry("xy: [1049.5, 2000.5]\nlayers: [2, 3]\n");
  ASSERT_TRUE(p.selection) << p.errors.format();
  EXPECT_EQ(boxes_of(*p.selection), (std::vector<Box>{{1, 3, 3, 4, 4, 5}}));

  p = parse_entry("xy: [1000, 2080]\nlayers: all\n");  // the north-west corner
  ASSERT_TRUE(p.selection) << p.errors.format();
  EXPECT_EQ(boxes_of(*p.selection), (std::vector<Box>{{0, 3, 0, 1, 0, 1}}));
}

TEST(ParseSelection, PointInTheCaseLengthUnit) {
  Units feet;
  feet.length = "ft";
  feet.metres_per_length = 0.3048;
  // (3300 ft, 6700 ft) = (1005.84 m, 2042.16 m): column 1, row 2.
  auto p = parse_entry("xy: [3300, 6700]\nlayer: 1\n", SelectionKind::Cells, true, feet);
  ASSERT_TRUE(p.selection) << p.errors.format();
  EXPECT_EQ(boxes_of(*p.selection), (std::vector<Box>{{0, 1, 1, 2, 0, 1}}));
}

TEST(ParseSelection, PointOutsideTheGridNamesTheExtent) {
  auto p = parse_entry("xy: [900, 2075]\nlayer: 1\n");
  EXPECT_FALSE(p.selection);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors.items()[0].format(),
            "test.yaml:1: xy: point (900, 2075) is outside the grid (x 1000..1050, y 2000..2080)");
}

TEST(ParseSelection, PointNeedsALayer) {
  auto p = parse_entry("xy: [1015, 2075]\n");
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors),
            (std::vector<std::string>{"a point needs 'layer' or 'layers' as well"}));
}

TEST(ParseSelection, MalformedPoint) {
  auto p = parse_entry("xy: [1015]\nlayer: 1\n");
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors), (std::vector<std::string>{"expected [x, y], got a list of 1 value"}));

  p = parse_entry("xy: [east, 2075]\nlayer: 1\n");
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors), (std::vector<std::string>{"expected a number, got 'east'"}));

  p = parse_entry("xy: [1015, 2075]\nlayer: 7\n");
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors), (std::vector<std::string>{"layer range 7..7 is outside 1..3"}));
}

// ---------------------------------------------------------------- columns, nothing given

TEST(ParseSelection, ColumnsIgnoreLayers) {
  auto p = parse_entry("rows: 2\n", SelectionKind::Columns);
  ASSERT_TRUE(p.selection) << p.errors.format();
  EXPECT_EQ(boxes_of(*p.selection), (std::vector<Box>{{0, 1, 1, 2, 0, 5}}));

  p = parse_entry("xy: [1015, 2075]\n", SelectionKind::Columns);  // no layer needed
  ASSERT_TRUE(p.selection) << p.errors.format();
  EXPECT_EQ(boxes_of(*p.selection), (std::vector<Box>{{0, 1, 0, 1, 1, 2}}));
}

TEST(ParseSelection, ColumnsDoNotReadCellKeys) {
  auto p = parse_entry("cell: [1, 1, 1]\n", SelectionKind::Columns);
  EXPECT_FALSE(p.selection);
  EXPECT_EQ(messages(p.errors),
            (std::vector<std::string>{"missing; expected the cells: rows/cols or xy"}));
  EXPECT_EQ(p.errors.items()[0].loc.key, "rows");
  ErrorList unknown;
  p.tree->report_unknown_keys(unknown);
  ASSERT_EQ(unknown.size(), 1u) << unknown.format();
  EXPECT_NE(unknown.items()[0].message.find("unknown key 'cell'"), std::string::npos);
}

TEST(ParseSelection, NothingGiven) {
  auto p = parse_entry("rate: 5\n");
  EXPECT_FALSE(p.selection);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors.items()[0].format(),
            "test.yaml:1: cell: missing; expected the cells: cell, cells, layers/rows/cols or xy "
            "with layer");

  p = parse_entry("rate: 5\n", SelectionKind::Cells, /*required=*/false);
  EXPECT_FALSE(p.selection);
  EXPECT_TRUE(p.errors.empty()) << p.errors.format();
}

TEST(ParseSelection, SelectionKeysAreKnownKeys) {
  auto p = parse_entry("cell: [1, 1, 1]\nrwos: 2\n");
  ErrorList unknown;
  p.tree->report_unknown_keys(unknown);
  ASSERT_EQ(unknown.size(), 1u) << unknown.format();
  EXPECT_EQ(unknown.items()[0].message, "unknown key 'rwos'; did you mean 'rows'?");
}

// ---------------------------------------------------------------- owned_cells

namespace {

/// Builds the graph of test_grid() split over every rank (collective).
CellGraph build_graph() {
  auto g = test_grid();
  ErrorList errors;
  CellGraph graph = build_cell_graph(
      g, partition_cells(g, PartitionMethod::Geometric, MPI_COMM_WORLD), MPI_COMM_WORLD, errors);
  if (!errors.empty()) throw std::runtime_error(errors.format());
  return graph;
}

/// Checks owned_cells against a scan of the owned cells and counts the
/// selected cells over all ranks (collective).
void expect_owned_cells(const CellGraph& graph, const CellSelection& s,
                        std::int64_t expected_total) {
  auto cells = s.owned_cells(graph);
  const std::int64_t total = sum_over_ranks(static_cast<std::int64_t>(cells.size()), graph.comm);
  EXPECT_EQ(total, expected_total);

  std::vector<std::int32_t> scan;
  for (std::int32_t c = 0; c < graph.n_owned; ++c)
    for (const auto& b : s.boxes)
      if (b.contains(graph.layer[c], graph.row[c], graph.col[c])) {
        scan.push_back(c);
        break;
      }
  EXPECT_EQ(cells, scan);  // sorted, without repeats, owned only
}

}  // namespace

TEST(OwnedCells, OneCellIsOnExactlyOneRank) {
  const CellGraph graph = build_graph();
  CellSelection s;
  s.boxes.push_back({1, 2, 2, 3, 3, 4});
  expect_owned_cells(graph, s, 1);
}

TEST(OwnedCells, ABoxSpanningRanks) {
  const CellGraph graph = build_graph();
  CellSelection s;
  s.boxes.push_back({0, 3, 1, 3, 1, 5});  // 3 x 2 x 4
  expect_owned_cells(graph, s, 24);
}

TEST(OwnedCells, TheWholeGrid) {
  const CellGraph graph = build_graph();
  auto cells = whole_grid(graph.grid, SelectionKind::Cells).owned_cells(graph);
  const std::int64_t total = sum_over_ranks(static_cast<std::int64_t>(cells.size()), graph.comm);
  EXPECT_EQ(total, 60);
  ASSERT_EQ(cells.size(), static_cast<std::size_t>(graph.n_owned));
  for (std::int32_t c = 0; c < graph.n_owned; ++c) EXPECT_EQ(cells[static_cast<std::size_t>(c)], c);
}

TEST(OwnedCells, TheTopLayerOfColumns) {
  const CellGraph graph = build_graph();
  expect_owned_cells(graph, whole_grid(graph.grid, SelectionKind::Columns), 20);
}

TEST(OwnedCells, OverlappingBoxesGiveEachCellOnce) {
  const CellGraph graph = build_graph();
  CellSelection s;
  s.boxes.push_back({0, 3, 0, 4, 2, 3});  // column 3 of every row and layer: 12 cells
  s.boxes.push_back({0, 1, 0, 4, 0, 5});  // layer 1: 20 cells, 4 of them in the first box
  s.boxes.push_back({0, 1, 0, 1, 2, 3});  // a cell in both
  expect_owned_cells(graph, s, 12 + 20 - 4);
}

TEST(OwnedCells, NoBoxesNoCells) {
  const CellGraph graph = build_graph();
  CellSelection s;
  EXPECT_TRUE(s.owned_cells(graph).empty());
}

TEST(OwnedCells, FromAParsedSelection) {
  const CellGraph graph = build_graph();
  auto p = parse_entry("cells: [[1, 1, 1], [3, 4, 5], [1, 1, 1]]\n");
  EXPECT_TRUE(p.selection) << p.errors.format();
  // How many ranks selected each cell (the sum is collective: no early return before it).
  std::vector<double> selected(60, 0.0);
  if (p.selection)
    for (auto c : p.selection->owned_cells(graph))
      selected[static_cast<std::size_t>(graph.natural_index[c])] += 1.0;
  sum_over_ranks(selected, graph.comm);
  for (std::size_t n = 0; n < selected.size(); ++n)
    EXPECT_EQ(selected[n], n == 0 || n == 59 ? 1.0 : 0.0) << "natural cell " << n;
}

/// Receptor cells and weights, the source outline and the extent of a plume
/// (solver/risk/risk_geometry.hpp, extent.hpp), on every rank count.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "mesh/base/parallel.hpp"
#include "mesh/partition.hpp"
#include "solver/risk/extent.hpp"
#include "solver/risk/risk_geometry.hpp"
#include "solver/risk/risk_spec.hpp"
#include "tests/support/run_in_memory.hpp"

using namespace aquaplume;
using namespace aquaplume::risk;

namespace {

/// A 2-layer, 6 x 8 grid of 10 m cells (layers 5 m thick), origin (1000, 2000), with `risk`.
CaseSpec risk_case(const std::string& risk) {
  return aquaplume::testing::case_from_yaml(R"(
grid: {nlay: 2, nrow: 6, ncol: 8, delr: 10.0, delc: 10.0, origin: [1000.0, 2000.0], top: 10.0, botm: [5.0, 0.0]}
properties: {k: 1.0}
transport:
  species:
    - {name: tce, porosity: 0.25, dispersivity: {longitudinal: 1.0, transverse_horizontal: 0.1, transverse_vertical: 0.01}}
  mass_loading:
    - {name: spill, cell: [1, 3, 2], rate: {tce: 10.0}}
risk:
  species: {tce: {standard: 0.07, detection_limit: 0.001}}
  prediction_times: [1]
)" + risk);
}

CellGraph graph_of(const CaseSpec& spec) {
  ErrorList errors;
  CellGraph graph = build_cell_graph(
      spec.grid, partition_cells(spec.grid, PartitionMethod::Geometric, MPI_COMM_WORLD),
      MPI_COMM_WORLD, errors);
  if (!errors.empty()) throw std::runtime_error(errors.format());
  return graph;
}

TEST(ReceptorCells, WeightsAreTheAquiferVolumeEachCellGives) {
  CaseSpec spec = risk_case(R"(
  receptors:
    - {name: well, type: well, xy: [1045.0, 2025.0], screen: [7.0, 2.0]}
    - {name: zone, type: zone, polygon: [[1015.0, 2010.0], [1040.0, 2010.0], [1040.0, 2030.0], [1015.0, 2030.0]], layers: 1}
    - {name: fence, type: site_boundary, polygon: [[1010.0, 2010.0], [1040.0, 2010.0], [1040.0, 2040.0], [1010.0, 2040.0]]}
    - {name: mw, type: point, cell: [2, 4, 6]}
)");
  CellGraph graph = graph_of(spec);
  ErrorList errors;
  const auto cells = receptor_cells(*spec.risk, graph, errors);
  ASSERT_TRUE(errors.empty()) << errors.format();
  ASSERT_EQ(cells.size(), 4u);
  // Well: 2 m of its screen in layer 1 (7 .. 5), 3 m in layer 2 (5 .. 2), times 100 m2.
  EXPECT_EQ(cells[0].total_cells, 2);
  EXPECT_NEAR(cells[0].total_weight, 500.0, 1e-9);
  // Zone: 25 m x 20 m in layer 1 (5 m thick): 2500 m3 over 2 rows x 3 columns (one half covered).
  EXPECT_EQ(cells[1].total_cells, 6);
  EXPECT_NEAR(cells[1].total_weight, 2500.0, 1e-9);
  // Site boundary: a 3 x 3 block of columns; the ring of 8 around its centre, in both layers.
  EXPECT_EQ(cells[2].total_cells, 16);
  EXPECT_NEAR(cells[2].total_weight, 16 * 500.0, 1e-9);
  EXPECT_EQ(cells[3].total_cells, 1);
}

TEST(ReceptorCells, AWellOutsideTheGridIsAnError) {
  CaseSpec spec = risk_case(R"(
  receptors:
    - {name: far, type: well, xy: [0.0, 0.0], layers: 1}
)");
  CellGraph graph = graph_of(spec);
  ErrorList errors;
  receptor_cells(*spec.risk, graph, errors);
  const ErrorList all = gather_errors(errors, MPI_COMM_WORLD);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_NE(all.items()[0].message.find("receptor 'far' holds no cell"), std::string::npos);
}

TEST(Extent, AreaVolumeMassAndDistanceFromTheSource) {
  CaseSpec spec = risk_case("");
  CellGraph graph = graph_of(spec);
  // Source: the column of row 3, column 2 (x 1010..1020, y 2030..2040).
  std::vector<std::int32_t> source;
  for (std::int32_t c = 0; c < graph.n_owned; ++c)
    if (graph.row[c] == 2 && graph.col[c] == 1) source.push_back(c);
  const SourceOutline outline = source_outline(graph, source);
  EXPECT_EQ(outline.boxes.size(), 1u);
  EXPECT_NEAR(outline.area, 100.0, 1e-9);
  // Plume: 2 mg/L in row 3, columns 2..6 of layer 1, and 0.5 mg/L below column 6.
  std::vector<double> c(static_cast<std::size_t>(graph.n_owned), 0.0), porosity(c.size(), 0.25),
      saturation(c.size(), 1.0);
  for (std::int32_t n = 0; n < graph.n_owned; ++n) {
    if (graph.row[n] == 2 && graph.col[n] >= 1 && graph.col[n] <= 5 && graph.layer[n] == 0)
      c[n] = 2.0;
    if (graph.row[n] == 2 && graph.col[n] == 5 && graph.layer[n] == 1) c[n] = 0.5;
  }
  ExtentInputs in{&graph, c, porosity, saturation, &outline, 1.0};
  const Extent above = measure_extent(in, 1.0);
  EXPECT_EQ(above.cells, 5);
  EXPECT_NEAR(above.area, 500.0, 1e-9);
  EXPECT_NEAR(above.volume, 2500.0, 1e-9);
  EXPECT_NEAR(above.mass, 2.0 * 0.25 * 2500.0, 1e-9);  // C theta V [g]
  // Farthest centre: column 6 (x = 1055), 35 m east of the source's east edge (x = 1020).
  EXPECT_NEAR(above.max_distance, 35.0, 1e-9);
  EXPECT_NEAR(above.direction, 90.0, 1e-9);
  const Extent detected = measure_extent(in, 0.1);
  EXPECT_EQ(detected.cells, 6);
  EXPECT_NEAR(detected.area, 500.0, 1e-9);  // plan view: the column of the deeper cell counts once
  EXPECT_EQ(detected.columns.size(), 5u);
  const Extent none = measure_extent(in, 5.0);
  EXPECT_EQ(none.cells, 0);
  EXPECT_TRUE(std::isnan(none.direction));
}

}  // namespace

#pragma once
/// Where the risk products look: the cells of each receptor with their
/// averaging weights, and the plan outline of the source that distances are
/// measured from.

#include <cstdint>
#include <utility>
#include <vector>

#include "mesh/cell_graph.hpp"
#include "solver/risk/risk_spec.hpp"

namespace aquaplume::risk {

/// A receptor's owned cells and their weights: the aquifer volume each one
/// contributes [m3] — the whole cell; for a well only its screened part; for
/// a polygon the covered share. A receptor's concentration is the
/// volume-weighted mean  C = sum(w_i C_i) / sum(w_i)  over all its cells (on
/// every rank): what a mixed sample of that water would show.
struct ReceptorCells {
  std::vector<std::pair<std::int32_t, double>> cells;  ///< owned cell, weight [m3]
  double total_weight = 0.0;                           ///< over every rank
  std::int64_t total_cells = 0;                        ///< over every rank
};

/// Finds every receptor's owned cells. Collective. A receptor without any
/// cell is an error (recorded on rank 0).
std::vector<ReceptorCells> receptor_cells(const RiskSpec& spec, const CellGraph& graph,
                                          ErrorList& errors);

/// The plan outline of a source as the rectangles of its boundary columns
/// (columns with a side not shared with another source column): the nearest
/// point of the source to any cell lies on one of them.
struct SourceOutline {
  std::vector<std::array<double, 4>> boxes;  ///< {xmin, xmax, ymin, ymax} [m]
  double area = 0.0;                         ///< plan area of all source columns [m2]
  bool empty() const { return boxes.empty(); }
  /// Plan distance from (x, y) to the source [m] (0 inside a source column)
  /// and the nearest source point.
  double distance(double x, double y, double& nearest_x, double& nearest_y) const;
};

/// The outline of the columns holding any of this rank's `owned` cells,
/// gathered over all ranks. Collective.
SourceOutline source_outline(const CellGraph& graph, const std::vector<std::int32_t>& owned);

}  // namespace aquaplume::risk

namespace aquaplume::risk {

/// The union of every rank's `columns`, sorted and without repeats, on every rank. Collective.
std::vector<std::int64_t> all_gather_sorted(std::vector<std::int64_t> columns, MPI_Comm comm);

}  // namespace aquaplume::risk

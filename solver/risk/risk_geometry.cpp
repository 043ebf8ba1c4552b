#include "solver/risk/risk_geometry.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "mesh/base/parallel.hpp"

namespace aquaplume::risk {
namespace {

/// Weights of a well's owned cells: the screened length inside each cell of
/// its column times the cell's plan area; without a screen, whole cells of its layers.
std::vector<std::pair<std::int32_t, double>> well_cells(const ReceptorSpec& r, const CellGraph& g) {
  std::vector<std::pair<std::int32_t, double>> out;
  const auto [row, col] = g.grid.locate(r.xy.x, r.xy.y);
  if (row < 0) return out;
  for (std::int32_t c = 0; c < g.n_owned; ++c) {
    if (g.row[c] != row || g.col[c] != col) continue;
    if (r.screen_top) {
      const double open =
          std::min(g.top[c], *r.screen_top) - std::max(g.bottom[c], *r.screen_bottom);
      if (open > 0.0) out.emplace_back(c, open * g.plan_area(c));
    } else if (g.layer[c] >= r.lay0 && g.layer[c] < r.lay1) {
      out.emplace_back(c, g.volume(c));
    }
  }
  return out;
}

/// A zone: every cell of its layers under the polygon, by covered share.
/// A site boundary: the cells of the columns its outline passes through —
/// partly covered columns, and covered ones beside an uncovered column or
/// the grid edge — where a compliance sample at the boundary would be taken.
std::vector<std::pair<std::int32_t, double>> polygon_cells(const ReceptorSpec& r,
                                                           const CellGraph& g) {
  std::vector<std::pair<std::int32_t, double>> out;
  const auto covered = covered_columns(*r.polygon, g.grid);
  const std::int64_t ncol = g.grid.ncol, nrow = g.grid.nrow;
  std::set<std::int64_t> inside;
  for (const auto& c : covered) inside.insert(c.row * ncol + c.col);
  std::vector<std::pair<std::int64_t, double>> chosen;  // column, fraction
  for (const auto& c : covered) {
    bool take = true;
    if (r.kind == ReceptorKind::SiteBoundary) {
      const bool partial = c.fraction < 1.0 - 1e-9;
      const bool edge =
          c.row == 0 || c.col == 0 || c.row == nrow - 1 || c.col == ncol - 1 ||
          !inside.count((c.row - 1) * ncol + c.col) || !inside.count((c.row + 1) * ncol + c.col) ||
          !inside.count(c.row * ncol + c.col - 1) || !inside.count(c.row * ncol + c.col + 1);
      take = partial || edge;
    }
    if (take)
      chosen.emplace_back(c.row * ncol + c.col, r.kind == ReceptorKind::Zone ? c.fraction : 1.0);
  }
  for (std::int32_t c = 0; c < g.n_owned; ++c) {
    if (g.layer[c] < r.lay0 || g.layer[c] >= r.lay1) continue;
    const std::int64_t column = static_cast<std::int64_t>(g.row[c]) * ncol + g.col[c];
    auto it = std::lower_bound(chosen.begin(), chosen.end(),
                               std::pair<std::int64_t, double>{column, -1.0});
    if (it != chosen.end() && it->first == column) out.emplace_back(c, it->second * g.volume(c));
  }
  return out;
}

/// The cells of one or more selections (the entries of a river package):
/// a cell chosen twice counts once, with its larger covered share.
std::vector<std::pair<std::int32_t, double>> selected_cells(
    const std::vector<CellSelection>& selections, const CellGraph& g) {
  std::map<std::int32_t, double> weight;
  for (const CellSelection& selection : selections) {
    const auto cells = selection.owned_cells(g);
    const auto fractions = selection.area_fractions(g, cells);
    for (std::size_t i = 0; i < cells.size(); ++i) {
      double& w = weight[cells[i]];
      w = std::max(w, fractions[i] * g.volume(cells[i]));
    }
  }
  return {weight.begin(), weight.end()};
}

}  // namespace

std::vector<ReceptorCells> receptor_cells(const RiskSpec& spec, const CellGraph& graph,
                                          ErrorList& errors) {
  std::vector<ReceptorCells> out;
  for (const ReceptorSpec& r : spec.receptors) {
    ReceptorCells rc;
    switch (r.kind) {
      case ReceptorKind::Well:
        rc.cells = well_cells(r, graph);
        break;
      case ReceptorKind::Zone:
      case ReceptorKind::SiteBoundary:
        rc.cells = polygon_cells(r, graph);
        break;
      case ReceptorKind::River:
      case ReceptorKind::Point:
        rc.cells = selected_cells(r.cells, graph);
        break;
    }
    double weight = 0.0;
    for (const auto& [cell, w] : rc.cells) weight += w;
    rc.total_weight = sum_over_ranks(weight, graph.comm);
    rc.total_cells = sum_over_ranks(static_cast<std::int64_t>(rc.cells.size()), graph.comm);
    if (!(rc.total_weight > 0.0) && comm_rank(graph.comm) == 0)
      errors.add(r.loc, fmt::format("receptor '{}' holds no cell of the grid{}", r.name,
                                    r.kind == ReceptorKind::Well
                                        ? " (is xy inside the grid and the screen inside "
                                          "the aquifer?)"
                                        : ""));
    out.push_back(std::move(rc));
  }
  return out;
}

std::vector<std::int64_t> all_gather_sorted(std::vector<std::int64_t> columns, MPI_Comm comm) {
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
  const int size = comm_size(comm);
  if (size == 1) return columns;
  const int mine = static_cast<int>(columns.size());
  std::vector<int> counts(static_cast<std::size_t>(size)),
      offsets(static_cast<std::size_t>(size), 0);
  MPI_Allgather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, comm);
  for (int r = 1; r < size; ++r) offsets[r] = offsets[r - 1] + counts[r - 1];
  std::vector<std::int64_t> all(static_cast<std::size_t>(offsets.back() + counts.back()));
  MPI_Allgatherv(columns.data(), mine, MPI_INT64_T, all.data(), counts.data(), offsets.data(),
                 MPI_INT64_T, comm);
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

double SourceOutline::distance(double x, double y, double& nearest_x, double& nearest_y) const {
  double best = INFINITY;
  for (const auto& b : boxes) {
    const double qx = std::clamp(x, b[0], b[1]), qy = std::clamp(y, b[2], b[3]);
    const double d = std::hypot(x - qx, y - qy);
    if (d < best) {
      best = d;
      nearest_x = qx;
      nearest_y = qy;
    }
  }
  return best;
}

SourceOutline source_outline(const CellGraph& graph, const std::vector<std::int32_t>& owned) {
  const StructuredGridSpec& grid = graph.grid;
  const std::int64_t ncol = grid.ncol;
  std::vector<std::int64_t> mine;
  for (std::int32_t c : owned)
    mine.push_back(static_cast<std::int64_t>(graph.row[c]) * ncol + graph.col[c]);
  const auto columns = all_gather_sorted(std::move(mine), graph.comm);
  auto has = [&](std::int64_t row, std::int64_t col) {
    return row >= 0 && col >= 0 && row < grid.nrow && col < ncol &&
           std::binary_search(columns.begin(), columns.end(), row * ncol + col);
  };
  const auto xe = grid.x_edges(), ye = grid.y_edges();
  SourceOutline out;
  for (std::int64_t column : columns) {
    const std::int64_t row = column / ncol, col = column % ncol;
    const auto r = static_cast<std::size_t>(row), c = static_cast<std::size_t>(col);
    out.area += (xe[c + 1] - xe[c]) * (ye[r] - ye[r + 1]);
    if (has(row - 1, col) && has(row + 1, col) && has(row, col - 1) && has(row, col + 1)) continue;
    out.boxes.push_back({xe[c], xe[c + 1], ye[r + 1], ye[r]});
  }
  return out;
}

}  // namespace aquaplume::risk

#pragma once
/// Cells chosen by a plan polygon, for any package entry:
///
///   polygon: [[x, y], ...]   with  layer: 2  or  layers: [1, 3]     (wells, rivers, heads, ...)
///   polygon: {file: sites.geojson, feature: landfill}               (rch, evt: the top cell of
///   each column)
///
/// Every cell of the chosen layers in a column the polygon covers is
/// selected, with the fraction of its plan area inside the polygon: a
/// package scales what it applies per unit area by it (recharge over a
/// landfill: rate x fraction x cell area), or splits a total by
/// fraction x cell area.

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "mesh/cell_graph.hpp"
#include "mesh/polygon.hpp"
#include "solver/packages/package.hpp"

namespace aquaplume {

struct PolygonCells {
  std::shared_ptr<const Polygon> polygon;  ///< [m], checked
  std::int64_t lay0 = 0, lay1 = 1;         ///< layers, 0-based and half-open
  SourceLoc loc;

  /// This rank's owned cells of the selection, sorted by local index, each
  /// with its covered fraction in (0, 1]. Looks only at this rank's columns.
  /// Not collective.
  std::vector<std::pair<std::int32_t, double>> owned_cells(const CellGraph& graph) const;
};

/// Reads the `polygon:` value of an entry for layers [lay0, lay1) (0-based,
/// half-open). Records problems — an invalid polygon, or one that covers
/// no part of the grid — and returns nullopt.
std::optional<PolygonCells> parse_polygon_cells(const InputNode& node, std::int64_t lay0,
                                                std::int64_t lay1, const PackageContext& context,
                                                ErrorList& errors);

}  // namespace aquaplume

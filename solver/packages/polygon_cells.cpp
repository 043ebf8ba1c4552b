#include "solver/packages/polygon_cells.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "solver/packages/polygon_input.hpp"

namespace aquaplume {

std::vector<std::pair<std::int32_t, double>> PolygonCells::owned_cells(
    const CellGraph& graph) const {
  std::vector<std::pair<std::int32_t, double>> out;
  if (!polygon) return out;
  const StructuredGridSpec& g = graph.grid;
  for (const CoveredColumn& column : covered_columns(*polygon, graph))
    for (std::int64_t k = lay0; k < lay1; ++k)
      if (auto c = graph.owned_of_natural(g.natural(k, column.row, column.col)); c >= 0)
        out.emplace_back(c, column.fraction);
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<PolygonCells> parse_polygon_cells(const InputNode& node, std::int64_t lay0,
                                                std::int64_t lay1, const PackageContext& context,
                                                ErrorList& errors) {
  const double f = context.units->length_factor();
  auto polygon = parse_polygon(node, f, context.open_polygon, errors);
  if (!polygon) return std::nullopt;
  const StructuredGridSpec& g = *context.grid;
  const PlanBox extent{g.xorigin, g.xorigin + g.width(), g.yorigin, g.yorigin + g.height()};
  if (!(area_inside(*polygon, extent) > 0.0)) {
    const PlanBox box = bounding_box(*polygon);
    std::string message = fmt::format(
        "the polygon (x {:.10g}..{:.10g}, y {:.10g}..{:.10g}) lies outside the grid (x "
        "{:.10g}..{:.10g}, y {:.10g}..{:.10g})",
        box.xmin / f, box.xmax / f, box.ymin / f, box.ymax / f, extent.xmin / f, extent.xmax / f,
        extent.ymin / f, extent.ymax / f);
    // A GeoJSON file exported in WGS 84 is the usual cause: a site spans a
    // fraction of a degree near coordinates that fit longitude and latitude.
    const bool like_degrees = box.xmin / f >= -180.0 && box.xmax / f <= 180.0 &&
                              box.ymin / f >= -90.0 && box.ymax / f <= 90.0 &&
                              (box.xmax - box.xmin) / f < 5.0 && (box.ymax - box.ymin) / f < 5.0;
    if (like_degrees)
      message +=
          "; are its coordinates longitude and latitude? Give them in the case's projected "
          "coordinates";
    errors.add(node.loc, message);
    return std::nullopt;
  }
  PolygonCells cells;
  cells.polygon = std::make_shared<const Polygon>(std::move(*polygon));
  cells.lay0 = lay0;
  cells.lay1 = lay1;
  cells.loc = node.loc;
  return cells;
}

}  // namespace aquaplume

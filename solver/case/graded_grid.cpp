#include "solver/case/graded_grid.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include <fmt/format.h>

#include "mesh/grading.hpp"

namespace aquaplume {
namespace {

/// Columns or rows along one axis at most: beyond this the grid cannot be
/// meant (and would exhaust memory before check_grid could say so).
constexpr std::int64_t kMaxCellsPerAxis = 10'000'000;

/// `[low, high]` with high > low, times `factor`.
std::optional<std::array<double, 2>> parse_span(const InputNode* node, const char* low,
                                                const char* high, double factor,
                                                ErrorList& errors) {
  if (!node->is_sequence() || node->items.size() != 2) {
    errors.add(node->loc, fmt::format("expected [{}, {}], got {}", low, high, node->describe()));
    return std::nullopt;
  }
  auto a = read_number(node->items[0], errors);
  auto b = read_number(node->items[1], errors);
  if (!a || !b) return std::nullopt;
  if (!(*b > *a)) {
    errors.add(node->loc, fmt::format("expected [{}, {}] with {} > {}, got [{}, {}]", low, high,
                                      high, low, *a, *b));
    return std::nullopt;
  }
  return std::array<double, 2>{*a * factor, *b * factor};
}

/// `[[x0, y0], [x1, y1]]`: two opposite corners, in either order.
std::optional<PlanBox> parse_box(const InputNode& node, double factor, ErrorList& errors) {
  node.mark_used();
  std::array<std::optional<double>, 4> v;
  if (node.is_sequence() && node.items.size() == 2 && node.items[0].is_sequence() &&
      node.items[0].items.size() == 2 && node.items[1].is_sequence() &&
      node.items[1].items.size() == 2) {
    for (std::size_t k = 0; k < 4; ++k) v[k] = read_number(node.items[k / 2].items[k % 2], errors);
  } else {
    errors.add(node.loc,
               fmt::format("expected two corners [[x0, y0], [x1, y1]], got {}", node.describe()));
    return std::nullopt;
  }
  if (!v[0] || !v[1] || !v[2] || !v[3]) return std::nullopt;
  return PlanBox{std::min(*v[0], *v[2]) * factor, std::max(*v[0], *v[2]) * factor,
                 std::min(*v[1], *v[3]) * factor, std::max(*v[1], *v[3]) * factor};
}

}  // namespace

bool parse_graded_plan(const Section& grid, const Units& units, const PolygonOpener* open_polygon,
                       StructuredGridSpec& g) {
  ErrorList& errors = grid.errors();
  const std::size_t errors_before = errors.size();
  const double f = units.length_factor();
  for (const char* key : {"nrow", "ncol", "delr", "delc", "origin"}) {
    if (grid.has(key)) {
      grid.error(
          key,
          fmt::format("'{}' does not go with 'extent': give either extent, cell_size and refine "
                      "(a generated grid) or nrow, ncol, delr and delc",
                      key));
      grid.get(key)->mark_used();
    }
  }

  // The extent: where the model is.
  std::optional<std::array<double, 2>> x, y;
  if (auto extent = grid.section("extent")) {
    const InputNode* xs = extent->get("x");
    const InputNode* ys = extent->get("y");
    if (!xs)
      extent->error("x", "missing; expected [west, east]");
    else
      x = parse_span(xs, "west", "east", f, errors);
    if (!ys)
      extent->error("y", "missing; expected [south, north]");
    else
      y = parse_span(ys, "south", "north", f, errors);
  }
  const auto base = grid.number("cell_size", Limits::positive());
  const double growth = grid.number_or("growth", 1.2, Limits{1.0, 1.5, true});
  if (!x || !y || !base) {
    if (const InputNode* refine = grid.get("refine")) refine->mark_used();
    return false;
  }
  const PlanBox extent{(*x)[0], (*x)[1], (*y)[0], (*y)[1]};
  const double base_size = *base * f;

  // Refinement zones: a box, or a polygon's bounding box, with a target size.
  std::vector<RefinementZone> zones;
  if (grid.has("refine")) {
    for (const InputNode* item : grid.list("refine")) {
      if (!item->is_map()) {
        errors.add(
            item->loc,
            fmt::format("expected a zone {{box: ..., size: ...}} or {{polygon: ..., size: ...}}, "
                        "got {}",
                        item->describe()));
        continue;
      }
      Section zone(*item, errors);
      const auto size = zone.number("size", Limits::positive());
      std::optional<PlanBox> box;
      const InputNode* box_node = zone.get("box");
      const InputNode* polygon_node = zone.get("polygon");
      if (box_node && polygon_node) {
        zone.error("polygon", "give either 'box' or 'polygon', not both");
        polygon_node->mark_used();
        box_node->mark_used();
        continue;
      }
      if (box_node) {
        box = parse_box(*box_node, f, errors);
      } else if (polygon_node) {
        if (auto polygon = parse_polygon(*polygon_node, f, open_polygon, errors))
          box = bounding_box(*polygon);
      } else {
        zone.error("box", "missing; expected 'box: [[x0, y0], [x1, y1]]' or 'polygon: ...'");
      }
      if (!box || !size) continue;
      if (*size * f > base_size) {
        zone.error(
            "size",
            fmt::format("a refinement zone asks for cells of at most {}, larger than cell_size {}",
                        *size, *base));
        continue;
      }
      if (box->xmax < extent.xmin || box->xmin > extent.xmax || box->ymax < extent.ymin ||
          box->ymin > extent.ymax) {
        errors.add(
            item->loc,
            fmt::format("the zone (x {:.10g}..{:.10g}, y {:.10g}..{:.10g}) lies outside the extent "
                        "(x {:.10g}..{:.10g}, y {:.10g}..{:.10g})",
                        box->xmin / f, box->xmax / f, box->ymin / f, box->ymax / f, extent.xmin / f,
                        extent.xmax / f, extent.ymin / f, extent.ymax / f));
        continue;
      }
      zones.push_back({*box, *size * f});
    }
  }
  if (errors.size() > errors_before) return false;

  GradedPlan plan = graded_plan(extent, base_size, zones, growth, kMaxCellsPerAxis);
  bool ok = true;
  for (const auto& [axis, spacing] :
       {std::pair{"columns", &plan.delr}, std::pair{"rows", &plan.delc}}) {
    if (spacing->sizes.empty()) {
      grid.error("cell_size",
                 fmt::format("the graded grid would need {} {} (at most {}); use larger cells or "
                             "smaller refinement zones",
                             spacing->cells_needed, axis, kMaxCellsPerAxis));
      ok = false;
    }
  }
  if (!ok) return false;
  g.ncol = static_cast<std::int64_t>(plan.delr.sizes.size());
  g.nrow = static_cast<std::int64_t>(plan.delc.sizes.size());
  g.delr = std::move(plan.delr.sizes);
  g.delc = std::move(plan.delc.sizes);
  g.xorigin = extent.xmin;
  g.yorigin = extent.ymin;
  return true;
}

}  // namespace aquaplume

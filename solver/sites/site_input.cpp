#include "solver/sites/site_input.hpp"

#include <fmt/format.h>

namespace aquaplume::sites {

std::optional<PolygonCells> parse_footprint(const Section& s, const SiteContext& context) {
  const InputNode* node = s.get("polygon");
  if (!node) {
    s.error("polygon",
            "missing; expected the site's footprint: [[x, y], ...] or {file: sites.geojson, "
            "feature: ...}");
    return std::nullopt;
  }
  return parse_polygon_cells(*node, 0, context.package->grid->nlay, *context.package, s.errors());
}

std::optional<SpotSelection> parse_spot(const Section& s, const SiteContext& context) {
  const StructuredGridSpec& g = *context.package->grid;
  ErrorList& errors = s.errors();
  const InputNode* xy = s.get("xy");
  const InputNode* polygon = s.get("polygon");
  if (xy && polygon) {
    s.error("polygon", "give either 'xy' or 'polygon', not both");
    polygon->mark_used();
    return std::nullopt;
  }
  if (!xy && !polygon) {
    s.error("xy", "missing; expected where: xy: [x, y] or polygon: [[x, y], ...]");
    return std::nullopt;
  }
  const auto layer = s.integer_or("layer", 1, Limits::between(1, static_cast<double>(g.nlay))) - 1;
  SpotSelection out;
  out.placement.layer = layer;
  if (polygon) {
    out.placement.loc = out.cells.loc = polygon->loc;
    auto cells = parse_polygon_cells(*polygon, layer, layer + 1, *context.package, errors);
    if (!cells) return std::nullopt;
    out.placement.polygon = cells;
    out.cells.polygon = cells;
    return out;
  }
  out.placement.loc = out.cells.loc = xy->loc;
  if (!xy->is_sequence() || xy->items.size() != 2) {
    errors.add(xy->loc, fmt::format("expected [x, y], got {}", xy->describe()));
    return std::nullopt;
  }
  auto x = read_number(xy->items[0], errors);
  auto y = read_number(xy->items[1], errors);
  if (!x || !y) return std::nullopt;
  const double f = context.package->units->length_factor();
  auto [row, col] = g.locate(*x * f, *y * f);
  if (row < 0) {
    errors.add(xy->loc, fmt::format("point ({}, {}) is outside the grid (x {}..{}, y {}..{})", *x,
                                    *y, g.xorigin / f, (g.xorigin + g.width()) / f, g.yorigin / f,
                                    (g.yorigin + g.height()) / f));
    return std::nullopt;
  }
  out.placement.column = std::array<std::int64_t, 2>{row, col};
  out.cells.boxes.push_back({layer, layer + 1, row, row + 1, col, col + 1});
  return out;
}

std::optional<double> parse_elevation(const Section& s, std::string_view key,
                                      const SiteContext& context) {
  if (!s.has(key)) {
    s.get(key);
    return std::nullopt;
  }
  auto v = s.number(key);
  if (!v) return std::nullopt;
  return *v * context.package->units->length_factor();
}

std::optional<double> parse_time(const Section& s, std::string_view key, const SiteContext& context,
                                 std::optional<double> fallback) {
  if (!s.has(key) && fallback) {
    s.get(key);
    return fallback;
  }
  auto v = s.number(key, Limits::non_negative());
  if (!v) return std::nullopt;
  return *v * context.package->units->time_factor();
}

void parse_active(const Section& site, const SiteContext& context, TimeProfile& profile) {
  auto active = site.maybe_section("active");
  if (!active) return;
  if (auto start = parse_time(*active, "start", context, profile.start)) profile.start = *start;
  if (auto end = parse_time(*active, "end", context, profile.end)) profile.end = *end;
  if (!(profile.end > profile.start))
    active->error("end", fmt::format("expected an end after the start ({:.6g})",
                                     profile.start / context.package->units->time_factor()));
}

InflowConcentrations parse_species_values(const Section& s, std::string_view key,
                                          const SiteContext& context, double factor,
                                          bool required) {
  InflowConcentrations out;
  const InputNode* node = s.get(key);
  if (!node) {
    if (required) s.error(key, "missing; expected {species: value, ...}");
    return out;
  }
  if (!node->is_map() || node->entries.empty()) {
    s.errors().add(node->loc,
                   fmt::format("expected {{species: value, ...}}, got {}", node->describe()));
    node->mark_used();
    return out;
  }
  node->find("");  // its keys are species names: none is unknown by the key check
  for (const auto& [species, value] : node->entries) {
    node->find(species);
    auto v = parse_scheduled(value, factor, context.n_periods, *context.package->units,
                             Limits::non_negative(), s.errors());
    if (!v) continue;
    out.by_species.emplace_back(species, *v);
    out.where.emplace_back(species, value.loc);
  }
  return out;
}

std::optional<ScheduledValue> parse_value(const Section& s, std::string_view key,
                                          const SiteContext& context, double factor,
                                          Limits limits) {
  const InputNode* node = s.get(key);
  if (!node || node->is_null()) {
    s.error(
        key,
        "missing; expected a number or a schedule ({periods: ...} or {times: ..., values: ...})");
    return std::nullopt;
  }
  return parse_scheduled(*node, factor, context.n_periods, *context.package->units, limits,
                         s.errors());
}

}  // namespace aquaplume::sites

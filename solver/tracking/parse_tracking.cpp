/// Reads the `tracking:` section of a case. The schema is documented with
/// examples in cases/README.md; keep the two in step.

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "solver/case/case_spec.hpp"
#include "solver/tracking/tracking_spec.hpp"

namespace aquaplume::tracking {
namespace {

/// What the parsers of one tracking section share.
struct Context {
  const CaseSpec& spec;
  const ArrayOpener& opener;
  ErrorList& errors;
  PackageContext packages;
  double length = 1.0;  // metres per case length unit
  double time = 1.0;    // days per case time unit

  /// "x 0..4000, y 0..3000" in case units, for messages.
  std::string extent() const {
    const StructuredGridSpec& g = spec.grid;
    return fmt::format("x {:g}..{:g}, y {:g}..{:g}", g.xorigin / length,
                       (g.xorigin + g.width()) / length, g.yorigin / length,
                       (g.yorigin + g.height()) / length);
  }
  /// True (and no error) when (x, y) [m] lies on the grid.
  bool on_grid(Point2 p, const SourceLoc& loc) const {
    if (spec.grid.locate(p[0], p[1])[0] >= 0) return true;
    errors.add(loc, fmt::format("point ({:g}, {:g}) is outside the grid ({})", p[0] / length,
                                p[1] / length, extent()));
    return false;
  }
};

std::optional<Point2> read_xy(const InputNode& node, const Context& c, bool check_grid = true) {
  if (!node.is_sequence() || node.items.size() != 2) {
    c.errors.add(node.loc, fmt::format("expected [x, y], got {}", node.describe()));
    return std::nullopt;
  }
  auto x = read_number(node.items[0], c.errors);
  auto y = read_number(node.items[1], c.errors);
  if (!x || !y) return std::nullopt;
  Point2 p{*x * c.length, *y * c.length};
  if (check_grid && !c.on_grid(p, node.loc)) return std::nullopt;
  return p;
}

/// A list of [x, y] points (at least `minimum`), each on the grid.
std::optional<std::vector<Point2>> read_xy_list(const InputNode& node, const Context& c,
                                                std::size_t minimum, const char* what) {
  if (!node.is_sequence() || node.items.size() < minimum) {
    c.errors.add(
        node.loc,
        fmt::format(
            "expected {} as a list of at least {} [x, y] points, got {}", what, minimum,
            node.is_sequence() ? fmt::format("{} points", node.items.size()) : node.describe()));
    return std::nullopt;
  }
  std::vector<Point2> points;
  bool ok = true;
  for (const auto& item : node.items) {
    auto p = read_xy(item, c);
    ok = ok && p.has_value();
    if (p) points.push_back(*p);
  }
  if (!ok) return std::nullopt;
  return points;
}

/// `2`, `[1, 3]` or `all` under `layer` or `layers`; nullopt when neither is given.
std::optional<LayerRange> read_layers(const Section& s, const Context& c, bool& ok) {
  const InputNode* layer = s.get("layer");
  const InputNode* layers = s.get("layers");
  if (layer && layers) {
    s.error("layer", "give either 'layer' or 'layers', not both");
    ok = false;
    return std::nullopt;
  }
  const InputNode* node = layer ? layer : layers;
  if (!node) return std::nullopt;
  const std::int64_t n = c.spec.grid.nlay;
  if (node->is_scalar() && node->scalar == "all") {
    node->mark_used();
    return LayerRange{0, n};
  }
  std::optional<long long> first, last;
  if (node->is_sequence() && node->items.size() == 2) {
    first = read_integer(node->items[0], c.errors);
    last = read_integer(node->items[1], c.errors);
  } else if (node->is_scalar()) {
    first = last = read_integer(*node, c.errors);
  } else {
    c.errors.add(node->loc,
                 fmt::format("expected a layer number, a range [first, last] or 'all', got {}",
                             node->describe()));
  }
  if (!first || !last) {
    ok = false;
    return std::nullopt;
  }
  if (*first < 1 || *last > n || *first > *last) {
    c.errors.add(node->loc, fmt::format("layer range {}..{} is outside 1..{}", *first, *last, n));
    ok = false;
    return std::nullopt;
  }
  return LayerRange{*first - 1, *last};
}

/// A number or a list of numbers, each passing `limits`, times `factor`.
std::vector<double> read_numbers(const InputNode& node, const Context& c, double factor,
                                 Limits limits) {
  std::vector<double> out;
  auto one = [&](const InputNode& n) {
    if (auto v = read_number(n, c.errors, limits)) out.push_back(*v * factor);
  };
  if (node.is_sequence()) {
    for (const auto& item : node.items) one(item);
    if (node.items.empty()) c.errors.add(node.loc, "expected at least one number");
  } else {
    one(node);
  }
  return out;
}

/// Cells of a release or receptor: `cell: [l, r, c]`, `cells: [[l, r, c], ...]` or
/// `box: {layers: ..., rows: ..., cols: ...}` (the selections of packages, cell_selection.hpp).
std::optional<CellSelection> parse_cells(const Section& s, const std::string& key,
                                         const Context& c) {
  if (key == "box") {
    const InputNode& box = *s.get("box");
    if (!box.is_map()) {
      c.errors.add(box.loc, fmt::format("expected {{layers: ..., rows: ..., cols: ...}}, got {}",
                                        box.describe()));
      return std::nullopt;
    }
    Section b(box, c.errors);
    if (!b.has("layers") && !b.has("layer") && !b.has("rows") && !b.has("cols")) {
      b.error("layers", "missing; a box needs layers, rows and/or cols");
      return std::nullopt;
    }
    return parse_selection(b, c.packages, SelectionKind::Cells, true);
  }
  if (s.has("layer") || s.has("layers")) {
    s.error(s.has("layer") ? "layer" : "layers",
            "cells carry their own layers; for a block of cells use box: {layers: ..., rows: ..., "
            "cols: ...}");
    s.get("layer");
    s.get("layers");
    return std::nullopt;
  }
  return parse_selection(s, c.packages, SelectionKind::Cells, true);
}

std::string entry_name(const Section& s, const std::string& fallback) {
  return s.word_or("name", fallback);
}

/// Which single shape key an entry uses, among `keys`; records an error for none or several.
std::string shape_key(const Section& s, std::vector<std::string_view> keys, const char* what) {
  std::vector<std::string> given;
  for (auto k : keys)
    if (s.has(k)) given.emplace_back(k);
  if (given.size() == 1) return given.front();
  std::string list;
  for (std::size_t i = 0; i < keys.size(); ++i) list += fmt::format("{}{}", i ? ", " : "", keys[i]);
  if (given.empty())
    s.error(keys.front(), fmt::format("missing; a {} needs one of {}", what, list));
  else
    s.error(given[1],
            fmt::format("give only one of {} (got '{}' and '{}')", list, given[0], given[1]));
  for (auto k : keys) s.get(k);
  return {};
}

std::optional<ReleaseSpec> parse_release(const Section& s, std::size_t index, const Context& c) {
  ReleaseSpec r;
  r.loc = s.loc();
  r.name = entry_name(s, fmt::format("release_{}", index + 1));
  const std::string key = shape_key(
      s, {"xy", "points", "line", "polygon", "circle", "cells", "cell", "box"}, "release");
  if (key.empty()) {
    s.node().mark_used();
    return std::nullopt;
  }
  bool ok = true;
  const InputNode& shape = *s.get(key);
  if (key == "xy") {
    r.shape = ReleaseSpec::Shape::Points;
    if (auto p = read_xy(shape, c))
      r.points.push_back({(*p)[0], (*p)[1], 0.0});
    else
      ok = false;
  } else if (key == "points") {
    r.shape = ReleaseSpec::Shape::Points;
    if (!shape.is_sequence() || shape.items.empty()) {
      c.errors.add(shape.loc, fmt::format("expected a list of [x, y] or [x, y, z] points, got {}",
                                          shape.describe()));
      ok = false;
    } else {
      const std::size_t width =
          shape.items.front().is_sequence() ? shape.items.front().items.size() : 0;
      r.points_have_z = width == 3;
      for (const auto& item : shape.items) {
        if (!item.is_sequence() || item.items.size() != width || (width != 2 && width != 3)) {
          c.errors.add(item.loc,
                       fmt::format("expected [x, y] or [x, y, z] like the first point, got {}",
                                   item.describe()));
          ok = false;
          continue;
        }
        std::array<double, 3> p{};
        bool good = true;
        for (std::size_t k = 0; k < width; ++k) {
          auto v = read_number(item.items[k], c.errors);
          good = good && v.has_value();
          p[k] = v.value_or(0.0) * c.length;
        }
        if (good && !c.on_grid({p[0], p[1]}, item.loc)) good = false;
        ok = ok && good;
        if (good) r.points.push_back(p);
      }
    }
  } else if (key == "line" || key == "polygon") {
    const bool line = key == "line";
    r.shape = line ? ReleaseSpec::Shape::Line : ReleaseSpec::Shape::Polygon;
    if (auto v = read_xy_list(shape, c, line ? 2 : 3, line ? "a line" : "a polygon"))
      r.vertices = *v;
    else
      ok = false;
    const bool has_spacing = s.has("spacing"), has_count = s.has("count");
    if (has_spacing) r.spacing = s.number("spacing", Limits::positive()).value_or(1.0) * c.length;
    if (has_count)
      r.count = static_cast<int>(s.integer("count", Limits::between(1, 1e7)).value_or(1));
    if (has_spacing && has_count) {
      s.error("count", "give either 'spacing' or 'count', not both");
      ok = false;
    }
    if (!line && has_count) {
      s.error("count",
              "a polygon release takes 'spacing' (the distance between particles), not 'count'");
      ok = false;
    }
    if (line && !has_spacing && !has_count) {
      s.error("count", "missing; a line release needs 'count' or 'spacing'");
      ok = false;
    }
    if (ok && !line && std::abs(signed_area(r.vertices)) == 0.0) {
      c.errors.add(shape.loc, "the polygon encloses no area");
      ok = false;
    }
  } else if (key == "circle") {
    r.shape = ReleaseSpec::Shape::Circle;
    if (!shape.is_map()) {
      c.errors.add(shape.loc, fmt::format("expected {{xy: [x, y], radius: r, count: n}}, got {}",
                                          shape.describe()));
      ok = false;
    } else {
      Section circle(shape, c.errors);
      const InputNode* xy = circle.get("xy");
      auto centre = xy ? read_xy(*xy, c) : std::nullopt;
      if (!xy) circle.error("xy", "missing; expected the centre [x, y]");
      auto radius = circle.number("radius", Limits::positive());
      auto count = circle.integer("count", Limits::between(1, 1e6));
      if (centre && radius && count) {
        r.centre = *centre;
        r.radius = *radius * c.length;
        r.count = static_cast<int>(*count);
      } else {
        ok = false;
      }
    }
  } else {
    r.shape = ReleaseSpec::Shape::Cells;
    auto cells = parse_cells(s, key, c);
    if (cells)
      r.cells = *cells;
    else
      ok = false;
    if (const InputNode* per = s.get("per_cell")) {
      if (per->is_scalar()) {
        const auto n = read_integer(*per, c.errors, Limits::between(1, 1000)).value_or(1);
        r.per_cell = {static_cast<int>(n), static_cast<int>(n), 1};
      } else if (per->is_sequence() && per->items.size() == 3) {
        for (std::size_t k = 0; k < 3; ++k)
          r.per_cell[k] = static_cast<int>(
              read_integer(per->items[k], c.errors, Limits::between(1, 1000)).value_or(1));
      } else {
        c.errors.add(per->loc, fmt::format("expected n (n x n per cell) or [nx, ny, nz], got {}",
                                           per->describe()));
        ok = false;
      }
    }
  }

  if (r.shape != ReleaseSpec::Shape::Cells) {
    bool layers_ok = true;
    r.layers = read_layers(s, c, layers_ok);
    ok = ok && layers_ok;
    if (s.has("z")) r.z = s.number("z").value_or(0.0) * c.length;
    const int vertical = (r.layers ? 1 : 0) + (r.z ? 1 : 0) + (r.points_have_z ? 1 : 0);
    if (layers_ok && vertical == 0) {
      s.error("layer",
              "missing; say where particles start in depth: 'layer', 'layers' or 'z' (or [x, y, z] "
              "points)");
      ok = false;
    } else if (layers_ok && vertical > 1) {
      s.error(r.z ? "z" : "layers", "give only one of 'layer(s)', 'z' and [x, y, z] points");
      ok = false;
    }
    r.levels = static_cast<int>(s.integer_or("levels", 1, Limits::between(1, 1000)));
    if (r.levels > 1 && !r.layers) {
      s.error("levels",
              "levels spread particles over the thickness of each of 'layers'; give 'layer(s)'");
      ok = false;
    }
  }
  if (const InputNode* times = s.get("time"))
    r.times = read_numbers(*times, c, c.time, Limits::non_negative());
  if (!ok) return std::nullopt;
  return r;
}

std::optional<ProtectionZoneSpec> parse_zone(const Section& s, std::size_t index,
                                             const Context& c) {
  ProtectionZoneSpec z;
  z.loc = s.loc();
  bool ok = true;
  const InputNode* well = s.get("well");
  if (!well) {
    s.error("well", "missing; expected the name of a wel package, or {xy: [x, y], layers: ...}");
    s.node().mark_used();
    return std::nullopt;
  }
  if (well->is_scalar()) {
    z.package = read_text(*well, c.errors).value_or("");
    const Package* found = nullptr;
    std::vector<std::string> wells;
    for (const auto& p : c.spec.packages) {
      if (p->type() == "wel") wells.push_back(p->name());
      if (p->name() == z.package) found = p.get();
    }
    if (!found) {
      c.errors.add(
          well->loc,
          fmt::format("no package is named '{}'{}", z.package,
                      wells.empty() ? std::string("; the case has no wel package")
                                    : fmt::format("; wel packages: {}", fmt::join(wells, ", "))));
      ok = false;
    } else if (found->type() != "wel") {
      c.errors.add(well->loc,
                   fmt::format("package '{}' is a {} package; protection zones need a wel package",
                               z.package, found->type()));
      ok = false;
    }
    z.name = entry_name(s, z.package);
  } else if (well->is_map()) {
    Section w(*well, c.errors);
    if (const InputNode* xy = w.get("xy"); xy && xy->is_sequence() && xy->items.size() == 2) {
      ErrorList reported_below;  // parse_selection reports a bad point
      auto x = read_number(xy->items[0], reported_below),
           y = read_number(xy->items[1], reported_below);
      if (x && y) z.xy = Point2{*x * c.length, *y * c.length};
    }
    auto cells = parse_selection(w, c.packages, SelectionKind::Cells, true);
    if (cells)
      z.cells = *cells;
    else
      ok = false;
    z.name = entry_name(s, fmt::format("well_{}", index + 1));
  } else {
    c.errors.add(well->loc,
                 fmt::format("expected a wel package name or {{xy: [x, y], layers: ...}}, got {}",
                             well->describe()));
    ok = false;
  }
  if (const InputNode* times = s.get("travel_times")) {
    z.travel_times = read_numbers(*times, c, c.time, Limits::positive());
    if (!std::is_sorted(z.travel_times.begin(), z.travel_times.end()) ||
        std::adjacent_find(z.travel_times.begin(), z.travel_times.end()) != z.travel_times.end()) {
      c.errors.add(times->loc, "expected increasing travel times");
      ok = false;
    }
  } else {
    z.travel_times = {100.0, 1000.0};  // HJ 338-2018: first- and second-class zones, in days
  }
  z.particles = static_cast<int>(s.integer_or("particles", 72, Limits::between(3, 100000)));
  z.levels = static_cast<int>(s.integer_or("levels", 1, Limits::between(1, 100)));
  if (s.has("radius")) z.radius = s.number("radius", Limits::positive()).value_or(1.0) * c.length;
  z.alpha = s.number_or("alpha", 1.5, Limits::positive());
  if (s.has("gradient")) z.gradient = s.number("gradient", Limits::positive());
  z.capture_zone = s.flag_or("capture_zone", true);
  if (!ok) return std::nullopt;
  return z;
}

std::optional<ReceptorSpec> parse_receptor(const Section& s, std::size_t index, const Context& c) {
  ReceptorSpec r;
  r.loc = s.loc();
  r.name = entry_name(s, fmt::format("receptor_{}", index + 1));
  bool ok = true;
  const std::string key = shape_key(s, {"xy", "polygon", "cells", "cell", "box"}, "receptor");
  if (key.empty()) {
    s.node().mark_used();
    return std::nullopt;
  }
  if (key == "xy") {
    r.shape = ReceptorSpec::Shape::Circle;
    auto centre = read_xy(*s.get("xy"), c);
    auto radius = s.number("radius", Limits::positive());
    if (centre && radius) {
      r.centre = *centre;
      r.radius = *radius * c.length;
    } else {
      ok = false;
    }
    r.layers = read_layers(s, c, ok);
  } else if (key == "polygon") {
    r.shape = ReceptorSpec::Shape::Polygon;
    if (auto v = read_xy_list(*s.get("polygon"), c, 3, "a polygon"))
      r.polygon = *v;
    else
      ok = false;
    r.layers = read_layers(s, c, ok);
  } else {
    r.shape = ReceptorSpec::Shape::Cells;
    auto cells = parse_cells(s, key, c);
    if (cells)
      r.cells = *cells;
    else
      ok = false;
  }
  if (!ok) return std::nullopt;
  return r;
}

/// Reports names used twice within one list.
void check_unique(const std::vector<std::pair<std::string, SourceLoc>>& names, const char* what,
                  ErrorList& errors) {
  std::set<std::string> seen;
  for (const auto& [name, loc] : names)
    if (!seen.insert(name).second)
      errors.add(loc,
                 fmt::format("two {} are named '{}'; give each a distinct 'name'", what, name));
}

template <typename T, typename Parse>
std::vector<T> parse_list(const Section& tracking, std::string_view key, const Context& c,
                          Parse parse) {
  std::vector<T> out;
  if (!tracking.has(key)) {
    tracking.get(key);
    return out;
  }
  std::size_t index = 0;
  for (const InputNode* item : tracking.list(key)) {
    if (!item->is_map()) {
      c.errors.add(item->loc,
                   fmt::format("expected a mapping of settings, got {}", item->describe()));
      ++index;
      continue;
    }
    Section entry(*item, c.errors);
    if (auto parsed = parse(entry, index++, c)) out.push_back(std::move(*parsed));
  }
  return out;
}

}  // namespace

std::shared_ptr<const TrackingSpec> parse_tracking(const Section& root, const CaseSpec& spec,
                                                   const ArrayOpener& opener, ErrorList& errors) {
  auto section = root.maybe_section("tracking");
  if (!section) return nullptr;
  const bool grid_ok = spec.grid.nlay > 0 && !spec.grid.delr.empty() && !spec.grid.delc.empty();
  if (!grid_ok) {
    section->node().mark_used();  // positions cannot be checked without a grid
    return nullptr;
  }
  Context c{spec,
            opener,
            errors,
            PackageContext{&spec.grid, &spec.units, &opener, static_cast<int>(spec.periods.size())},
            spec.units.length_factor(),
            spec.units.time_factor()};
  auto t = std::make_shared<TrackingSpec>();
  t->loc = section->loc();

  if (const InputNode* n = section->get("porosity")) {
    if (auto array = parse_cell_array(*n, spec.grid.shape(), opener, errors)) {
      const auto constant = array->constant();
      if (constant && !(*constant > 0.0 && *constant <= 1.0))
        errors.add(n->loc,
                   fmt::format("expected an effective porosity 0 < n <= 1, got {}", *constant));
      else
        t->porosity = array;
    }
  } else if (spec.properties.porosity) {
    t->porosity = spec.properties.porosity;
  } else {
    section->error("porosity",
                   "missing; particle velocities need the effective porosity: give "
                   "properties.porosity or tracking.porosity");
  }
  t->direction =
      section->word_or("direction", "forward", {"forward", "backward"}) == "backward" ? -1 : +1;
  t->stop_at_weak_sinks = section->word_or("weak_sinks", "stop", {"stop", "pass"}) == "stop";
  if (section->has("max_time"))
    t->max_time = section->number("max_time", Limits::positive()).value_or(1.0) * c.time;
  t->extend = section->flag_or("extend", false);
  t->pathlines = section->flag_or("pathlines", true);
  t->max_steps = static_cast<std::int32_t>(
      section->integer_or("max_steps", t->max_steps, Limits::between(1, 2e9)));
  t->crs = section->word_or("crs", "");

  t->releases = parse_list<ReleaseSpec>(*section, "releases", c, parse_release);
  t->zones = parse_list<ProtectionZoneSpec>(*section, "protection_zones", c, parse_zone);
  t->receptors = parse_list<ReceptorSpec>(*section, "receptors", c, parse_receptor);
  if (!section->has("releases") && !section->has("protection_zones"))
    section->error("releases", "missing; tracking needs 'releases' or 'protection_zones'");
  if (!t->receptors.empty() && t->direction < 0)
    section->error("receptors",
                   "receptors are reached by forward pathlines from the releases; "
                   "set direction: forward (protection zones track backward by themselves)");
  if (t->receptors.size() > 64)
    section->error("receptors", fmt::format("at most 64 receptors, got {}", t->receptors.size()));

  // Release times must fall inside the simulated time when the flow changes with time.
  double end = 0.0;
  for (const auto& p : spec.periods) end += p.length;
  const bool steady =
      spec.periods.size() == 1 && spec.periods[0].steps == 1 && spec.periods[0].steady;
  for (const auto& r : t->releases) {
    for (double time : r.times) {
      const bool fits = steady || (t->direction > 0 ? time < end : time > 0.0 && time <= end);
      if (!fits)
        errors.add(
            r.loc.with_key(r.loc.key + ".time"),
            fmt::format(
                "release time {:g} is outside the simulation: {} tracking in time-varying flow "
                "releases at times {} 0 and {} {:g} {}",
                time / c.time, t->direction > 0 ? "forward" : "backward",
                t->direction > 0 ? "from" : "after", t->direction > 0 ? "before" : "up to",
                end / c.time, spec.units.time));
    }
  }

  std::vector<std::pair<std::string, SourceLoc>> names;
  for (const auto& r : t->releases) names.emplace_back(r.name, r.loc);
  check_unique(names, "releases", errors);
  names.clear();
  for (const auto& z : t->zones) names.emplace_back(z.name, z.loc);
  check_unique(names, "protection zones", errors);
  names.clear();
  for (const auto& r : t->receptors) names.emplace_back(r.name, r.loc);
  check_unique(names, "receptors", errors);
  return t;
}

}  // namespace aquaplume::tracking

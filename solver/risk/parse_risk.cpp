/// Reads the `risk:` section (schema in risk_spec.hpp and cases/README.md).

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "solver/case/case_spec.hpp"
#include "solver/packages/entries.hpp"
#include "solver/packages/polygon_input.hpp"
#include "solver/risk/risk_spec.hpp"

namespace aquaplume::risk {
namespace {

/// Days in one unit of a prediction time written with its unit ("20 a").
std::optional<double> days_per(std::string_view unit) {
  if (unit == "s") return 1.0 / 86400.0;
  if (unit == "min") return 1.0 / 1440.0;
  if (unit == "h") return 1.0 / 24.0;
  if (unit == "d") return 1.0;
  if (unit == "a" || unit == "yr" || unit == "y") return 365.25;
  return std::nullopt;
}

/// A prediction time: a number in the case time unit, or "<number> <unit>"
/// with unit s, min, h, d, a (yr). Returns days.
std::optional<double> read_prediction_time(const InputNode& node, const Units& units,
                                           ErrorList& errors) {
  if (!node.is_scalar()) {
    errors.add(node.loc, fmt::format("expected a time (a number, or e.g. \"20 a\"), got {}",
                                     node.describe()));
    return std::nullopt;
  }
  const std::string& text = node.scalar;
  double value = 0.0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc()) {
    std::string_view rest(end, static_cast<std::size_t>(text.data() + text.size() - end));
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.empty()) {
      node.mark_used();
      if (!(value > 0.0) || !std::isfinite(value)) {
        errors.add(node.loc, fmt::format("expected a time > 0, got {}", text));
        return std::nullopt;
      }
      return value * units.time_factor();
    }
    if (auto factor = days_per(rest); factor && value > 0.0 && std::isfinite(value)) {
      node.mark_used();
      return value * *factor;
    }
  }
  node.mark_used();
  errors.add(
      node.loc,
      fmt::format(
          "expected a time > 0 in {} or with a unit (s, min, h, d, a), e.g. \"20 a\"; got '{}'",
          units.time, text));
  return std::nullopt;
}

/// Every prediction time must be the end of a time step: the products are
/// taken from the state at a step end, never interpolated between fields.
void parse_prediction_times(const Section& risk, const CaseSpec& spec, RiskSpec& out) {
  const auto ends = [&] {
    std::vector<double> e;
    for (const TimeStep& step : time_steps(spec.periods)) e.push_back(step.end());
    return e;
  }();
  for (const InputNode* item : risk.list("prediction_times")) {
    auto t = read_prediction_time(*item, spec.units, risk.errors());
    if (!t) continue;
    const double case_time = *t / spec.units.time_factor();
    auto nearest = std::lower_bound(ends.begin(), ends.end(), *t * (1.0 - 1e-9));
    if (nearest == ends.end() || std::abs(*nearest - *t) > 1e-9 * std::max(*t, 1.0)) {
      const double before = nearest == ends.begin() ? 0.0 : *std::prev(nearest);
      risk.errors().add(
          item->loc,
          nearest == ends.end()
              ? fmt::format("prediction time {:g} {} is after the end of the run ({:g} {})",
                            case_time, spec.units.time,
                            ends.empty() ? 0.0 : ends.back() / spec.units.time_factor(),
                            spec.units.time)
              : fmt::format(
                    "prediction time {:g} {} is not the end of a time step (steps end at {:g} "
                    "and {:g} {}); split the periods so that a step ends there",
                    case_time, spec.units.time, before / spec.units.time_factor(),
                    *nearest / spec.units.time_factor(), spec.units.time));
      continue;
    }
    if (!out.prediction_times.empty() && *t <= out.prediction_times.back()) {
      risk.errors().add(item->loc, "prediction times must increase");
      continue;
    }
    out.prediction_times.push_back(*nearest);
    out.prediction_labels.push_back(item->scalar);
  }
}

/// `species: {name: {indicator: chloride, detection_limit: 1.0}, name: {standard: 0.07,
/// detection_limit: 0.001}}`.
void parse_species(const Section& risk, const CaseSpec& spec,
                   const std::optional<QualityStandard>& standard, RiskSpec& out) {
  const InputNode* node = risk.get("species");
  if (!node || !node->is_map() || node->entries.empty()) {
    if (node) node->mark_used();
    risk.error("species",
               "missing; expected {species: {indicator: ..., detection_limit: ...}, ...}");
    return;
  }
  const auto& transported = spec.transport->species;
  node->find("");  // its keys are species names
  for (const auto& [name, value] : node->entries) {
    node->find(name);
    auto it = std::find_if(transported.begin(), transported.end(),
                           [&](const auto& s) { return s.name == name; });
    if (it == transported.end()) {
      std::string names;
      for (const auto& s : transported) names += (names.empty() ? "" : ", ") + s.name;
      risk.errors().add(value.loc, fmt::format("unknown species '{}'; the transport species are {}",
                                               name, names));
      value.mark_used();
      continue;
    }
    if (!value.is_map()) {
      risk.errors().add(value.loc,
                        fmt::format("expected {{indicator: ..., detection_limit: ...}}, got {}",
                                    value.describe()));
      continue;
    }
    Section s(value, risk.errors());
    SpeciesLimits limits;
    limits.species = name;
    limits.index = static_cast<std::size_t>(it - transported.begin());
    limits.loc = value.loc;
    auto detection = s.number("detection_limit", Limits::positive());
    if (s.has("standard") && s.has("indicator"))
      s.error("standard", "give either 'standard' or 'indicator', not both");
    bool ok = detection.has_value();
    if (s.has("standard")) {
      auto limit = s.number("standard", Limits::positive());
      ok = ok && limit;
      limits.standard = limit.value_or(0.0);
    } else {
      s.get("standard");
      const std::string indicator = s.word_or("indicator", name);
      const StandardIndicator* found = standard ? standard->find(indicator) : nullptr;
      if (!found) {
        if (standard)
          s.error(s.has("indicator") ? "indicator" : "",
                  fmt::format("'{}' is not an indicator of {}; give 'indicator' (e.g. chloride, "
                              "nitrate_n) or an "
                              "explicit 'standard' limit in mg/L",
                              indicator, out.standard_code));
        ok = false;
      } else {
        limits.indicator = found->key;
        auto limit = found->limit(out.quality_class);
        if (!limit) {
          s.error("indicator",
                  "class V has no upper limit; pick class I to IV in risk.standard.class");
          ok = false;
        } else if (*limit <= 0.0) {
          // A "not detected" class: any detectable concentration breaks it.
          limits.standard = detection.value_or(0.0);
        } else {
          limits.standard = *limit;
        }
      }
    }
    // Where the aquifer already holds the species (chloride, sulfate, nitrate
    // in most aquifers), "influenced" means a measurable rise above that
    // background: the threshold is background + detection limit.
    const double background = s.number_or("background", 0.0, Limits::non_negative());
    limits.detection = detection.value_or(0.0) + background;
    if (ok && limits.detection > limits.standard)
      s.error("detection_limit",
              fmt::format("the detection limit {:g} mg/L is above the standard {:g} mg/L",
                          limits.detection, limits.standard));
    if (ok) out.species.push_back(std::move(limits));
  }
}

/// `layers: 2 | [1, 3] | all` (1-based, inclusive) into [lay0, lay1); all layers when absent.
void read_layers(const Section& s, std::int64_t nlay, std::int64_t& lay0, std::int64_t& lay1) {
  lay0 = 0;
  lay1 = nlay;
  const InputNode* node = s.get("layers");
  if (!node) node = s.get("layer");
  if (!node || (node->is_scalar() && node->scalar == "all")) {
    if (node) node->mark_used();
    return;
  }
  const Limits in_grid = Limits::between(1, static_cast<double>(nlay));
  if (node->is_scalar()) {
    auto l = read_integer(*node, s.errors(), in_grid);
    if (l) lay0 = *l - 1, lay1 = *l;
    return;
  }
  if (node->is_sequence() && node->items.size() == 2) {
    auto a = read_integer(node->items[0], s.errors(), in_grid),
         b = read_integer(node->items[1], s.errors(), in_grid);
    if (a && b && *a <= *b)
      lay0 = *a - 1, lay1 = *b;
    else if (a && b)
      s.errors().add(node->loc, "expected [first, last] with first <= last");
    return;
  }
  s.errors().add(node->loc,
                 fmt::format("expected a layer, [first, last] or all, got {}", node->describe()));
}

std::optional<PlanPoint> read_xy(const Section& s, double metres) {
  const InputNode* node = s.get("xy");
  if (!node) {
    s.error("xy", "missing; expected [x, y]");
    return std::nullopt;
  }
  if (!node->is_sequence() || node->items.size() != 2) {
    s.errors().add(node->loc, fmt::format("expected [x, y], got {}", node->describe()));
    return std::nullopt;
  }
  auto x = read_number(node->items[0], s.errors()), y = read_number(node->items[1], s.errors());
  if (!x || !y) return std::nullopt;
  return PlanPoint{*x * metres, *y * metres};
}

/// One entry of a boundary package as the case writes it: its cells and its
/// inflow concentrations (the node of `concentration:`, from the entry or the package).
struct PackageEntry {
  std::string package;
  CellSelection cells;
  const InputNode* concentration = nullptr;
};

/// Every entry of every package in the case, read again from the input tree
/// for its cells only. The packages themselves report their problems, so
/// problems found here go to a scratch list.
std::vector<PackageEntry> package_entries_of_case(const Section& root,
                                                  const PackageContext& context) {
  std::vector<PackageEntry> out;
  const InputNode* packages = root.node().find("packages");
  if (!packages || !packages->is_sequence()) return out;
  ErrorList scratch;
  for (const InputNode& item : packages->items) {
    if (!item.is_map()) continue;
    Section package(item, scratch);
    const std::string type = package.word_or("type", "");
    const std::string name = package_name(package, type);
    // Recharge and evapotranspiration act on columns and default to the whole grid.
    const bool columns = type == "rch" || type == "evt";
    for (const Section& entry : package_entries(package)) {
      auto cells = parse_selection(
          entry, context, columns ? SelectionKind::Columns : SelectionKind::Cells, false, &package);
      if (!cells && columns) cells = whole_grid(*context.grid, SelectionKind::Columns);
      if (!cells) continue;
      const InputNode* concentration =
          entry.has("concentration") ? entry.get("concentration") : package.get("concentration");
      out.push_back({name, std::move(*cells), concentration});
    }
  }
  return out;
}

/// True when an entry's `concentration:` brings `species` in above zero (a
/// schedule counts, whatever its values).
bool brings_in(const InputNode* concentration, const std::string& species) {
  if (!concentration || !concentration->is_map()) return false;
  for (const auto& [name, value] : concentration->entries) {
    if (name != species) continue;
    if (!value.is_scalar()) return true;
    ErrorList scratch;
    return read_number(value, scratch).value_or(0.0) > 0.0;
  }
  return false;
}

std::optional<ReceptorSpec> parse_receptor(const Section& s, std::size_t index,
                                           const CaseSpec& spec, const PackageContext& context,
                                           const std::vector<PackageEntry>& packages) {
  ReceptorSpec r;
  r.loc = s.loc();
  r.name = s.word_or("name", fmt::format("receptor_{}", index + 1));
  auto type = s.word("type", {"well", "zone", "river", "site_boundary", "point"});
  if (!type) {
    s.node().mark_used();
    return std::nullopt;
  }
  const double metres = spec.units.length_factor();
  const std::size_t before = s.errors().size();
  if (*type == "well") {
    r.kind = ReceptorKind::Well;
    if (auto xy = read_xy(s, metres)) r.xy = *xy;
    if (const InputNode* screen = s.get("screen")) {
      if (s.has("layers")) s.error("screen", "give either 'screen' or 'layers', not both");
      if (screen->is_sequence() && screen->items.size() == 2) {
        auto top = read_number(screen->items[0], s.errors()),
             bottom = read_number(screen->items[1], s.errors());
        if (top && bottom && *top > *bottom) {
          r.screen_top = *top * metres;
          r.screen_bottom = *bottom * metres;
        } else if (top && bottom) {
          s.errors().add(screen->loc, "expected [top, bottom] elevations with top above bottom");
        }
      } else {
        s.errors().add(screen->loc,
                       fmt::format("expected [top, bottom] elevations of the screen, got {}",
                                   screen->describe()));
      }
    }
    read_layers(s, spec.grid.nlay, r.lay0, r.lay1);
  } else if (*type == "zone" || *type == "site_boundary") {
    r.kind = *type == "zone" ? ReceptorKind::Zone : ReceptorKind::SiteBoundary;
    if (const InputNode* node = s.get("polygon")) {
      if (auto p = parse_polygon(*node, metres, context.open_polygon, s.errors()))
        r.polygon = std::make_shared<const Polygon>(std::move(*p));
    } else {
      s.error("polygon", "missing; expected [[x, y], ...] or {file: ..., feature: ...}");
    }
    read_layers(s, spec.grid.nlay, r.lay0, r.lay1);
  } else if (*type == "river" && s.has("package")) {
    // A river reach as the cells of a package (riv, drn, ghb, chd, ...), every entry.
    r.kind = ReceptorKind::River;
    const std::string name = s.word("package").value_or("");
    std::vector<std::string> names;
    for (const PackageEntry& e : packages) {
      if (e.package == name) r.cells.push_back(e.cells);
      if (std::find(names.begin(), names.end(), e.package) == names.end())
        names.push_back(e.package);
    }
    if (r.cells.empty())
      s.error("package", fmt::format("no package is named '{}'; the packages are {}", name,
                                     fmt::join(names, ", ")));
  } else {
    r.kind = *type == "river" ? ReceptorKind::River : ReceptorKind::Point;
    s.get("package");
    if (auto cells = parse_selection(s, context, SelectionKind::Cells, true))
      r.cells.push_back(std::move(*cells));
  }
  if (s.errors().size() > before) return std::nullopt;
  return r;
}

void parse_rules(const Section& risk, RiskSpec& out) {
  const double horizon = out.prediction_times.empty() ? 0.0 : out.prediction_times.back();
  if (!risk.has("classes")) {
    risk.get("classes");
    out.rules.push_back({"exceeds_standard", RiskCondition::ExceedsStandard, horizon, risk.loc()});
    out.rules.push_back({"detectable", RiskCondition::Detectable, horizon, risk.loc()});
    return;
  }
  for (const InputNode* item : risk.list("classes")) {
    if (!item->is_map()) {
      risk.errors().add(
          item->loc,
          fmt::format("expected {{name: ..., when: ..., within: ...}}, got {}", item->describe()));
      continue;
    }
    Section s(*item, risk.errors());
    RiskRule rule;
    rule.loc = item->loc;
    rule.name = s.word("name").value_or("");
    auto when = s.word("when", {"exceeds_standard", "detectable"});
    rule.condition =
        when == "detectable" ? RiskCondition::Detectable : RiskCondition::ExceedsStandard;
    rule.within = horizon;
    if (s.has("within")) {
      // The horizon in case time units or with its own unit, as the prediction times.
      Units units;
      if (auto t = read_prediction_time(*s.get("within"), units, risk.errors())) rule.within = *t;
    }
    out.rules.push_back(std::move(rule));
  }
  if (out.rules.size() > 50) risk.error("classes", "at most 50 classes");
}

}  // namespace

std::string_view receptor_kind_name(ReceptorKind kind) {
  switch (kind) {
    case ReceptorKind::Well:
      return "well";
    case ReceptorKind::Zone:
      return "zone";
    case ReceptorKind::River:
      return "river";
    case ReceptorKind::SiteBoundary:
      return "site_boundary";
    case ReceptorKind::Point:
      return "point";
  }
  return "point";
}

std::shared_ptr<const RiskSpec> parse_risk(const Section& root, const CaseSpec& spec,
                                           const CaseSource& source, ErrorList& errors) {
  auto section = root.maybe_section("risk");
  if (!section) return nullptr;
  if (!spec.transport) {
    section->node().mark_used();
    root.error(
        "risk",
        "risk products need a 'transport:' section (they judge its species' concentrations)");
    return nullptr;
  }
  if (spec.grid.nlay < 1 || spec.grid.delr.empty() || spec.grid.delc.empty()) {
    section->node().mark_used();  // cannot be checked without a grid; its keys are not unknown
    return nullptr;
  }
  auto out = std::make_shared<RiskSpec>();
  out->loc = section->loc();
  out->crs = section->word_or("crs", "");

  // The standard: a file (default GB/T 14848-2017 from cases/standards) and a class.
  std::string file;
  SourceLoc standard_loc = section->loc();
  if (auto standard = section->maybe_section("standard")) {
    standard_loc = standard->loc();
    file = standard->word_or("file", "");
    if (standard->has("file")) standard_loc = standard->loc_of("file");
    const std::string name = standard->word_or("class", "III");
    if (auto c = quality_class_from_text(name))
      out->quality_class = *c;
    else
      standard->error("class", fmt::format("expected a class I, II, III, IV or V, got '{}'", name));
  }
  std::optional<QualityStandard> standard;
  if (source.open_standard)
    standard = source.open_standard(file, standard_loc, errors, out->standard_file);
  if (standard) out->standard_code = standard->code;

  parse_prediction_times(*section, spec, *out);
  parse_species(*section, spec, standard, *out);

  PackageContext context{&spec.grid, &spec.units, &source.open_array,
                         static_cast<int>(spec.periods.size())};
  context.open_polygon = &source.open_polygon;
  const auto packages = package_entries_of_case(root, context);
  if (section->has("sources")) {
    for (const InputNode* item : section->list("sources")) {
      if (!item->is_map()) {
        errors.add(item->loc,
                   fmt::format("expected cells (cells, box, polygon with layers), got {}",
                               item->describe()));
        continue;
      }
      Section s(*item, errors);
      s.word_or("name", "");
      if (auto cells = parse_selection(s, context, SelectionKind::Cells, true))
        out->sources.push_back(std::move(*cells));
    }
  } else {
    section->get("sources");
    for (SpeciesLimits& limits : out->species)
      for (const PackageEntry& e : packages)
        if (brings_in(e.concentration, limits.species)) limits.package_sources.push_back(e.cells);
  }
  if (section->has("receptors")) {
    std::size_t index = 0;
    for (const InputNode* item : section->list("receptors")) {
      if (!item->is_map()) {
        errors.add(item->loc,
                   fmt::format("expected a receptor (a mapping with name and type), got {}",
                               item->describe()));
        continue;
      }
      Section s(*item, errors);
      if (auto r = parse_receptor(s, index++, spec, context, packages)) {
        for (const auto& other : out->receptors)
          if (other.name == r->name)
            s.error("name", fmt::format("two receptors are named '{}'", r->name));
        out->receptors.push_back(std::move(*r));
      }
    }
  } else {
    section->get("receptors");
  }
  parse_rules(*section, *out);
  return out;
}

}  // namespace aquaplume::risk

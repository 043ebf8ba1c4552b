/// A landfill: leachate leaking through the base of its footprint, as a
/// recharge-like flux on the covered part of each cell under the footprint.
///
///   - type: landfill
///     name: landfill_north
///     polygon: {file: sites.geojson, feature: landfill}
///     base: 62.0                  # [L] elevation of the liner base: the leakage enters the layer
///     holding it
///                                 # (default: layer 1)
///     leakage: {rate: 0.0002}     # [L/T] per unit area (a number or a schedule), or from the
///     liner: leakage: {liner: {k: 1.0e-4, thickness: 1.0}, leachate_head: 2.0}   # [L/T], [L], [L]
///     concentration: {chloride: 2500.0, ammonia_n: 800.0}   # leachate [mg/L]
///     active: {start: 0, end: 7300}                        # [T] default: the whole run
///     failure: {start: 3650, ramp: 365, multiplier: 20}     # the liner fails: leakage x1 at start
///     rising
///                                                           # linearly to x20 at start + ramp,
///                                                           then held

#include <fmt/format.h>

#include "solver/sites/site_kinds.hpp"

namespace aquaplume::sites {

double liner_leakage(double k_liner, double thickness, double leachate_head) {
  return k_liner * (leachate_head + thickness) / thickness;
}

namespace {

/// `leakage:` as a rate per unit area [m/d].
std::optional<ScheduledValue> parse_leakage(const Section& site, const SiteContext& context) {
  auto leakage = site.section("leakage");
  if (!leakage) return std::nullopt;
  const Units& u = *context.package->units;
  const bool rate = leakage->has("rate"), liner = leakage->has("liner");
  if (rate == liner) {
    leakage->error(rate ? "liner" : "rate",
                   rate ? "give either 'rate' or 'liner' with 'leachate_head', not both"
                        : "missing; expected rate: [L/T] or liner: {k: [L/T], thickness: [L]} with "
                          "leachate_head: [L]");
    leakage->node().mark_used();
    return std::nullopt;
  }
  if (rate)
    return parse_value(*leakage, "rate", context, u.to_internal(1, -1), Limits::non_negative());
  auto layer = leakage->section("liner");
  auto head = leakage->number("leachate_head", Limits::non_negative());
  if (!layer) return std::nullopt;
  auto k = layer->number("k", Limits::non_negative());
  auto thickness = layer->number("thickness", Limits::positive());
  if (!k || !thickness || !head) return std::nullopt;
  return ScheduledValue(liner_leakage(*k * u.to_internal(1, -1), *thickness * u.length_factor(),
                                      *head * u.length_factor()));
}

/// `failure: {start, ramp, multiplier}`: the multiplier curve of a liner that
/// fails; or `failure: {times: [...], multiplier: [...]}`, any piecewise-linear
/// curve (1 before its first time unless it says otherwise).
void parse_failure(const Section& site, const SiteContext& context, TimeProfile& profile) {
  auto failure = site.maybe_section("failure");
  if (!failure) return;
  const double days = context.package->units->time_factor();
  if (failure->has("times")) {
    const InputNode* times = failure->get("times");
    const InputNode* values = failure->get("multiplier");
    if (!values || !times->is_sequence() || !values->is_sequence() || times->items.empty() ||
        times->items.size() != values->items.size()) {
      failure->error("times",
                     "expected 'times' and 'multiplier' lists of the same, non-zero length");
      failure->node().mark_used();
      return;
    }
    std::vector<double> t, m;
    for (std::size_t i = 0; i < times->items.size(); ++i) {
      auto ti = read_number(times->items[i], failure->errors(), Limits::non_negative());
      auto mi = read_number(values->items[i], failure->errors(), Limits::non_negative());
      if (!ti || !mi) return;
      if (!t.empty() && *ti * days < t.back()) {
        failure->errors().add(times->items[i].loc, "times must not decrease");
        return;
      }
      t.push_back(*ti * days);
      m.push_back(*mi);
    }
    profile.times = std::move(t);
    profile.values = std::move(m);
    return;
  }
  auto start = parse_time(*failure, "start", context);
  const double ramp = failure->number_or("ramp", 0.0, Limits::non_negative()) * days;
  auto multiplier = failure->number("multiplier", Limits::non_negative());
  if (!start || !multiplier) return;
  profile.times = {*start, *start + ramp};
  profile.values = {1.0, *multiplier};
}

}  // namespace

std::unique_ptr<SitePackage> make_landfill(const Section& site, const std::string& name,
                                           const SiteContext& context, SiteSources&) {
  SiteEntry entry;
  entry.kind = SiteEntry::Kind::Flux;
  auto footprint = parse_footprint(site, context);
  entry.where.elevation = parse_elevation(site, "base", context);
  entry.where.elevation_loc = site.loc_of("base");
  auto leakage = parse_leakage(site, context);
  entry.concentration = parse_species_values(site, "concentration", context, 1.0, false);
  parse_active(site, context, entry.profile);
  parse_failure(site, context, entry.profile);
  if (!footprint || !leakage) return nullptr;
  entry.where.polygon = footprint;
  entry.where.loc = footprint->loc;
  entry.value = *leakage;
  auto package = std::make_unique<SitePackage>("landfill", name, site.loc());
  package->add(std::move(entry));
  return package;
}

}  // namespace aquaplume::sites

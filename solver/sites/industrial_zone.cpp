/// An industrial zone: spills and leaks at points or over polygons. Each
/// spill is either a mass without water (a mass loading: `mass` grams over
/// `duration`, or `mass_rate` grams per time unit), or water with a
/// concentration (`rate` [L3/T] of water at `concentration` [mg/L]); without
/// `duration` it goes on to the end of the run (a continuous leak).
///
///   - type: industrial_zone
///     name: industrial_park
///     spills:
///       - {name: tank_farm, xy: [504100, 3002300], layer: 1, start: 400, duration: 10, mass:
///       {tce: 2.0e6}}
///       - {name: plating_shop, polygon: [[...], ...], start: 0, rate: 5.0, concentration:
///       {chromium_vi: 20.0}}
///       - {name: sewer, xy: [504300, 3002250], mass_rate: {tce: 50.0}}
///
/// Polygons split a spill over their cells by covered area. The water of the
/// spills is the site's flow package (its water-budget line); the mass
/// loadings are booked to the same line of each species' mass budget.

#include <fmt/format.h>

#include "solver/sites/site_kinds.hpp"

namespace aquaplume::sites {

std::unique_ptr<SitePackage> make_industrial_zone(const Section& site, const std::string& name,
                                                  const SiteContext& context,
                                                  SiteSources& sources) {
  auto package = std::make_unique<SitePackage>("industrial_zone", name, site.loc());
  const Units& u = *context.package->units;
  bool ok = true;
  const auto items = site.list("spills");
  if (items.empty() && site.has("spills")) site.error("spills", "expected at least one spill");
  for (const InputNode* item : items) {
    if (!item->is_map()) {
      site.errors().add(item->loc,
                        fmt::format("expected a spill (a mapping), got {}", item->describe()));
      ok = false;
      continue;
    }
    Section spill(*item, site.errors());
    spill.word_or("name", "");  // a label for the reader of the case
    auto spot = parse_spot(spill, context);
    auto start = parse_time(spill, "start", context, 0.0);
    double duration = 0.0;  // [d]; 0: on to the end of the run
    bool duration_ok = true;
    if (spill.has("duration")) {
      auto value = parse_time(spill, "duration", context);
      if (value && !(*value > 0.0)) spill.error("duration", "expected a duration > 0");
      if (value && *value > 0.0)
        duration = *value;
      else
        duration_ok = ok = false;
    }
    const bool mass = spill.has("mass"), mass_rate = spill.has("mass_rate"),
               water = spill.has("rate");
    if (int(mass) + int(mass_rate) + int(water) != 1) {
      spill.error(mass        ? (mass_rate ? "mass_rate" : "rate")
                  : mass_rate ? "rate"
                              : "mass",
                  int(mass) + int(mass_rate) + int(water) == 0
                      ? "missing; expected mass: {species: g}, mass_rate: {species: g/T} or rate: "
                        "[L3/T] with "
                        "concentration: {species: mg/L}"
                      : "give one of 'mass', 'mass_rate' and 'rate' (with 'concentration')");
      item->mark_used();
      ok = false;
      continue;
    }
    if (mass && !spill.has("duration")) {
      spill.error("duration",
                  "missing; a spill given by its mass needs the time it takes to enter [T]");
      item->mark_used();
      ok = false;
      continue;
    }
    if (water) {
      SiteEntry entry;
      entry.kind = SiteEntry::Kind::Rate;
      auto rate = parse_value(spill, "rate", context, u.to_internal(3, -1), Limits::non_negative());
      entry.concentration = parse_species_values(spill, "concentration", context, 1.0, true);
      if (!spot || !start || !rate || !duration_ok) {
        ok = false;
        continue;
      }
      entry.where = spot->placement;
      entry.value = *rate;
      entry.profile.start = *start;
      if (duration > 0.0) entry.profile.end = *start + duration;
      package->add(std::move(entry));
      continue;
    }
    SiteMassLoading loading;
    loading.term = name;
    if (mass) {
      // g spread evenly over the duration: g/d.
      const double per_day = duration > 0.0 ? 1.0 / duration : 0.0;
      loading.rate = parse_species_values(spill, "mass", context, per_day, true);
    } else {
      loading.rate = parse_species_values(spill, "mass_rate", context, u.to_internal(0, -1), true);
    }
    if (!spot || !start || !duration_ok || loading.rate.by_species.empty()) {
      ok = false;
      continue;
    }
    loading.cells = spot->cells;
    loading.start = *start;
    loading.end = duration > 0.0 ? *start + duration : TimeProfile{}.end;
    sources.loadings.push_back(std::move(loading));
  }
  if (!ok) return nullptr;
  return package;
}

}  // namespace aquaplume::sites

/// A tailings pond: pore water leaking through the pond's bottom liner,
/// head-dependent as a river bed (RIV): over the covered area A_c of each cell
/// under the footprint, with the liner conductance per unit area C' = K / b,
///
///   q = C' A_c (stage - h)          while the aquifer head h is above the pond bottom
///   q = C' A_c (stage - bottom)     below it (the liner drains freely),
///
/// into the layer holding the pond bottom. A dam-seepage or breach scenario is
/// a time-limited extra source of pond water at the dam.
///
///   - type: tailings_pond
///     name: tailings_east
///     polygon: [[...], ...]
///     stage: {times: [0, 3650], values: [88.0, 91.0], interpolation: linear}   # [L] pond level
///     bottom: 84.0                           # [L] pond bottom (liner base)
///     liner: {k: 1.0e-3, thickness: 0.5}     # [L/T], [L]; or {conductance: 2.0e-3} per unit area
///     [1/T] layer: 1                               # optional: default the layer holding `bottom`
///     concentration: {sulfate: 2000.0}       # pore water [mg/L]
///     active: {start: 0, end: 7300}          # [T]
///     breach:                                # optional
///       xy: [505200, 3001400]                # or polygon: ...; with layer: (default 1)
///       start: 1500                          # [T]
///       duration: 30                         # [T]
///       rate: 2000.0                         # [L3/T] of pond water into the aquifer
///       concentration: {sulfate: 2000.0}     # default: the pond's

#include <fmt/format.h>

#include "solver/sites/site_kinds.hpp"

namespace aquaplume::sites {
namespace {

/// `liner:` as a conductance per unit area [1/d].
std::optional<double> parse_liner(const Section& site, const SiteContext& context) {
  auto liner = site.section("liner");
  if (!liner) return std::nullopt;
  const Units& u = *context.package->units;
  const bool direct = liner->has("conductance"),
             layered = liner->has("k") || liner->has("thickness");
  if (direct && layered) {
    liner->error("k", "give either 'conductance' or 'k' and 'thickness', not both");
    liner->node().mark_used();
    return std::nullopt;
  }
  if (direct) {
    auto c = liner->number("conductance", Limits::non_negative());
    if (!c) return std::nullopt;
    return *c * u.to_internal(0, -1);
  }
  auto k = liner->number("k", Limits::non_negative());
  auto thickness = liner->number("thickness", Limits::positive());
  if (!k || !thickness) return std::nullopt;
  return *k * u.to_internal(1, -1) / (*thickness * u.length_factor());
}

std::optional<SiteEntry> parse_breach(const Section& site, const SiteContext& context,
                                      const InflowConcentrations& pond) {
  auto breach = site.maybe_section("breach");
  if (!breach) return std::nullopt;
  SiteEntry entry;
  entry.kind = SiteEntry::Kind::Rate;
  auto spot = parse_spot(*breach, context);
  auto start = parse_time(*breach, "start", context);
  auto duration = parse_time(*breach, "duration", context);
  auto rate = parse_value(*breach, "rate", context, context.package->units->to_internal(3, -1),
                          Limits::non_negative());
  entry.concentration = breach->has("concentration")
                            ? parse_species_values(*breach, "concentration", context, 1.0, true)
                            : pond;
  if (!spot || !start || !duration || !rate) return std::nullopt;
  if (!(*duration > 0.0)) {
    breach->error("duration", "expected a duration > 0");
    return std::nullopt;
  }
  entry.where = spot->placement;
  entry.value = *rate;
  entry.profile.start = *start;
  entry.profile.end = *start + *duration;
  return entry;
}

}  // namespace

std::unique_ptr<SitePackage> make_tailings_pond(const Section& site, const std::string& name,
                                                const SiteContext& context, SiteSources&) {
  SiteEntry pond;
  pond.kind = SiteEntry::Kind::Leakage;
  const auto& grid = *context.package->grid;
  auto footprint = parse_footprint(site, context);
  auto stage = parse_value(site, "stage", context, context.package->units->length_factor());
  auto bottom = parse_elevation(site, "bottom", context);
  if (!bottom && !site.has("bottom"))
    site.error("bottom", "missing; expected the elevation of the pond bottom [L]");
  auto conductance = parse_liner(site, context);
  if (site.has("layer")) {
    pond.where.layer =
        site.integer("layer", Limits::between(1, static_cast<double>(grid.nlay))).value_or(1) - 1;
  } else {
    pond.where.elevation = bottom;
    pond.where.elevation_loc = site.loc_of("bottom");
  }
  pond.concentration = parse_species_values(site, "concentration", context, 1.0, false);
  parse_active(site, context, pond.profile);
  auto breach = parse_breach(site, context, pond.concentration);
  if (!footprint || !stage || !bottom || !conductance) return nullptr;
  pond.where.polygon = footprint;
  pond.where.loc = footprint->loc;
  pond.value = *stage;
  pond.bottom = *bottom;
  pond.conductance = *conductance;
  auto package = std::make_unique<SitePackage>("tailings_pond", name, site.loc());
  package->add(std::move(pond));
  if (breach) package->add(std::move(*breach));
  return package;
}

}  // namespace aquaplume::sites

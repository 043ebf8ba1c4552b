#pragma once
/// Reading helpers shared by the site kinds (landfill.cpp, tailings_pond.cpp,
/// industrial_zone.cpp): footprints, times, concentrations. Values are read
/// in the case's units and returned in internal ones (m, d, mg/L, g).

#include <optional>
#include <string>
#include <vector>

#include "solver/packages/cell_selection.hpp"
#include "solver/sites/site_package.hpp"

namespace aquaplume::sites {

/// A mass source without water that a site adds to the transport
/// (`mass_loading` in transport terms), waiting for the species list.
struct SiteMassLoading {
  std::string term;               ///< the site's name: its mass-budget line
  CellSelection cells;            ///< split by covered area
  double start = 0.0, end = 0.0;  ///< [d] active window
  InflowConcentrations rate;      ///< per species [g/d] (reusing the by-species list)
};

/// What the site generators add besides their flow packages.
struct SiteSources {
  std::vector<SiteMassLoading> loadings;
};

/// Everything a site generator reads with.
struct SiteContext {
  const PackageContext* package = nullptr;
  int n_periods = 1;
};

/// The site's footprint `polygon:` (required) over every layer. Records problems.
std::optional<PolygonCells> parse_footprint(const Section& s, const SiteContext& context);

/// `xy: [x, y]` or `polygon: ...` (exactly one) with `layer:` (default 1) as a
/// Placement and as a CellSelection (for mass loadings). Records problems.
struct SpotSelection {
  Placement placement;
  CellSelection cells;
};
std::optional<SpotSelection> parse_spot(const Section& s, const SiteContext& context);

/// An optional elevation [L] -> [m].
std::optional<double> parse_elevation(const Section& s, std::string_view key,
                                      const SiteContext& context);

/// A time [T] -> [d] (required when `fallback` is empty).
std::optional<double> parse_time(const Section& s, std::string_view key, const SiteContext& context,
                                 std::optional<double> fallback = std::nullopt);

/// `active: {start: T0, end: T1}` (both optional) into `profile`; default: always.
void parse_active(const Section& site, const SiteContext& context, TimeProfile& profile);

/// `{species: value, ...}` under `key`, each a number or a schedule, times
/// `factor`. Records "missing" when `required`.
InflowConcentrations parse_species_values(const Section& s, std::string_view key,
                                          const SiteContext& context, double factor, bool required);

/// A number or a schedule under `key` times `factor` (required).
std::optional<ScheduledValue> parse_value(const Section& s, std::string_view key,
                                          const SiteContext& context, double factor,
                                          Limits limits = {});

}  // namespace aquaplume::sites

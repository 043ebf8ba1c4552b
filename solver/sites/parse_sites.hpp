#pragma once
/// The `sites:` section of a case: landfills, tailings ponds and industrial
/// zones, each turned into an ordinary flow package named after the site
/// (site_package.hpp) and, for spills given by mass, transport mass
/// loadings booked to the same name. Nothing in FlowModel or TransportModel
/// knows about sites. The schema, with examples, is in cases/README.md.
///
///   sites:
///     - {type: landfill, name: landfill_north, polygon: ..., leakage: {rate: 0.0002},
///     concentration: {...}}
///     - {type: tailings_pond, name: tailings_east, polygon: ..., stage: 88.0, bottom: 84.0, liner:
///     {...}}
///     - {type: industrial_zone, name: industrial_park, spills: [...]}

#include <optional>

#include "solver/case/case_spec.hpp"
#include "solver/sites/site_input.hpp"

namespace aquaplume::sites {

/// Reads `sites:` and appends one package per site to spec.packages (after
/// the `packages:`; names must differ from theirs). Records every problem in
/// the root's error list. Returns the mass sources waiting for the species.
SiteSources parse_sites(const Section& root, CaseSpec& spec, const PackageContext& context);

/// Adds the sites' mass loadings to the transport (after parse_transport),
/// checking their species. Without transport they have nothing to act on.
void add_site_loadings(SiteSources sources, CaseSpec& spec, ErrorList& errors);

/// The site types `sites:` knows.
std::vector<std::string> site_types();

}  // namespace aquaplume::sites

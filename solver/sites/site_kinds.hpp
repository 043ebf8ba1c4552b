#pragma once
/// The site generators, one per file (landfill.cpp, tailings_pond.cpp,
/// industrial_zone.cpp). Each reads one `sites:` entry and returns the flow
/// package named after the site; mass sources without water go to `sources`.
/// Only parse_sites.cpp refers to them by name.

#include <memory>

#include "solver/sites/site_input.hpp"
#include "solver/sites/site_package.hpp"

namespace aquaplume::sites {

using SiteFactory = std::unique_ptr<SitePackage> (*)(const Section& site, const std::string& name,
                                                     const SiteContext& context,
                                                     SiteSources& sources);

std::unique_ptr<SitePackage> make_landfill(const Section& site, const std::string& name,
                                           const SiteContext& context, SiteSources& sources);
std::unique_ptr<SitePackage> make_tailings_pond(const Section& site, const std::string& name,
                                                const SiteContext& context, SiteSources& sources);
std::unique_ptr<SitePackage> make_industrial_zone(const Section& site, const std::string& name,
                                                  const SiteContext& context, SiteSources& sources);

/// Leakage through a landfill liner per unit area [m/d] (Darcy): the
/// leachate stands `leachate_head` above the liner, whose base is open
/// (atmospheric pressure below an unsaturated base), so the head drop over the
/// liner of thickness b is h_leachate + b and
///
///     q = K_liner (h_leachate + b) / b.
double liner_leakage(double k_liner, double thickness, double leachate_head);

}  // namespace aquaplume::sites

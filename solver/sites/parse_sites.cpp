#include "solver/sites/parse_sites.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "solver/sites/site_kinds.hpp"

namespace aquaplume::sites {
namespace {

const std::map<std::string, SiteFactory>& registry() {
  static const std::map<std::string, SiteFactory> table = {
      {"landfill", make_landfill},
      {"tailings_pond", make_tailings_pond},
      {"industrial_zone", make_industrial_zone},
  };
  return table;
}

/// The factory of the site's `type:`, or nullptr after recording "missing" or
/// "unknown site type" (with a did-you-mean).
SiteFactory find_type(const Section& site) {
  auto type = site.word("type");
  if (!type) return nullptr;
  const auto& table = registry();
  if (auto it = table.find(*type); it != table.end()) return it->second;
  std::string best;
  std::size_t best_distance = 4;
  for (const auto& [known, make] : table)
    if (auto d = edit_distance(*type, known); d < best_distance) {
      best = known;
      best_distance = d;
    }
  std::string msg = fmt::format("unknown site type '{}'", *type);
  if (!best.empty()) msg += fmt::format("; did you mean '{}'?", best);
  msg += fmt::format(" (known: {})", fmt::join(site_types(), ", "));
  site.error("type", msg);
  return nullptr;
}

bool valid_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-' || c == '.';
  });
}

}  // namespace

std::vector<std::string> site_types() {
  std::vector<std::string> out;
  for (const auto& [type, make] : registry()) out.push_back(type);
  return out;
}

SiteSources parse_sites(const Section& root, CaseSpec& spec, const PackageContext& context) {
  SiteSources sources;
  const InputNode* node = root.get("sites");
  if (!node || node->is_null()) return sources;
  ErrorList& errors = root.errors();
  if (!node->is_sequence()) {
    errors.add(node->loc,
               fmt::format("expected a list of sites (each a mapping with 'type'), got {}",
                           node->describe()));
    node->mark_used();
    return sources;
  }
  const bool grid_ok = spec.grid.nlay > 0 && !spec.grid.delr.empty() && !spec.grid.delc.empty();
  std::vector<std::string> names;
  for (const auto& p : spec.packages) names.push_back(p->name());
  const SiteContext site_context{&context, context.n_periods};
  int index = 0;
  for (const auto& item : node->items) {
    ++index;
    if (!item.is_map()) {
      errors.add(item.loc,
                 fmt::format("expected a site (a mapping with 'type'), got {}", item.describe()));
      continue;
    }
    Section site(item, errors);
    SiteFactory make = find_type(site);
    if (!make || !grid_ok) {
      // Without a type (or a grid for the footprints) nobody reads the other
      // keys; they are not unknown, so one mistake makes one problem.
      item.mark_used();
      continue;
    }
    const std::string name =
        site.word_or("name", fmt::format("{}_{}", site.word_or("type", "site"), index));
    if (!valid_name(name))
      site.error(
          "name",
          fmt::format("'{}' is not a usable name: use letters, digits, '_', '-' or '.'", name));
    if (std::find(names.begin(), names.end(), name) != names.end())
      site.error(
          "name",
          fmt::format("a package or site is already named '{}'; give each site a distinct 'name'",
                      name));
    names.push_back(name);
    if (auto package = make(site, name, site_context, sources))
      spec.packages.push_back(std::move(package));
  }
  return sources;
}

void add_site_loadings(SiteSources sources, CaseSpec& spec, ErrorList& errors) {
  if (!spec.transport) return;
  auto& species = spec.transport->species;
  for (auto& loading : sources.loadings) {
    MassLoadingSpec out;
    out.name = loading.term;
    out.term = loading.term;
    out.cells = std::move(loading.cells);
    out.loc = out.cells.loc;
    out.start = loading.start;
    out.end = loading.end;
    out.by_area = true;
    for (std::size_t i = 0; i < loading.rate.by_species.size(); ++i) {
      const auto& [name, value] = loading.rate.by_species[i];
      auto it = std::find_if(species.begin(), species.end(),
                             [&](const SpeciesSpec& s) { return s.name == name; });
      if (it == species.end()) {
        std::vector<std::string> known;
        for (const auto& s : species) known.push_back(s.name);
        errors.add(loading.rate.where[i].second,
                   fmt::format("unknown species '{}'; the transport species are {}", name,
                               fmt::join(known, ", ")));
        continue;
      }
      out.rate.emplace_back(static_cast<std::size_t>(it - species.begin()), value);
    }
    if (!out.rate.empty()) spec.transport->mass_loading.push_back(std::move(out));
  }
}

}  // namespace aquaplume::sites

/// The registry: package type (as written in the case) -> factory.

#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "solver/packages/package_types.hpp"

namespace aquaplume {
namespace {

const std::map<std::string, PackageFactory>& registry() {
  static const std::map<std::string, PackageFactory> table = {
      {"chd", make_chd},
      {"wel", make_wel},
      {"rch", make_rch},
      {"ghb", make_ghb},
      {"riv", make_riv},
      {"drn", make_drn},
      {"evt", make_evt},
      {"hfb", make_hfb},
  };
  return table;
}

}  // namespace

std::vector<std::string> package_types() {
  std::vector<std::string> types;
  for (const auto& [type, factory] : registry()) types.push_back(type);
  return types;
}

std::unique_ptr<Package> make_package(const Section& spec, const PackageContext& context) {
  auto type = spec.word("type");
  if (!type) {
    // Without a type nobody reads the other keys; they are not unknown, so
    // one mistake makes one problem.
    spec.node().mark_used();
    return nullptr;
  }
  const auto& table = registry();
  auto it = table.find(*type);
  if (it == table.end()) {
    std::string best;
    std::size_t best_distance = 3;
    for (const auto& [known, factory] : table)
      if (auto d = edit_distance(*type, known); d < best_distance) {
        best = known;
        best_distance = d;
      }
    std::string msg = fmt::format("unknown package type '{}'", *type);
    if (!best.empty()) msg += fmt::format("; did you mean '{}'?", best);
    msg += fmt::format(" (known: {})", fmt::join(package_types(), ", "));
    spec.error("type", msg);
    spec.node().mark_used();  // as above: its other keys are not unknown
    return nullptr;
  }
  return it->second(spec, context);
}

}  // namespace aquaplume

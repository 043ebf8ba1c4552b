/// The registry: package type (as written in the case) -> factory.

#include <algorithm>
#include <map>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "solver/packages/package_types.hpp"

namespace aquaplume {
namespace {

struct PackageType {
  PackageFactory make;
  /// Keys whose value, when a scalar, must be a number: what can be checked
  /// without a grid (see check_package_without_grid).
  std::vector<std::string_view> numbers;
};

const std::map<std::string, PackageType>& registry() {
  static const std::map<std::string, PackageType> table = {
      {"chd", {make_chd, {"head"}}},
      {"wel", {make_wel, {"rate", "reduction"}}},
      {"rch", {make_rch, {"rate"}}},
      {"ghb", {make_ghb, {"head", "conductance"}}},
      {"riv", {make_riv, {"stage", "conductance", "bottom"}}},
      {"drn", {make_drn, {"elevation", "conductance"}}},
      {"evt", {make_evt, {"surface", "rate", "depth"}}},
      {"hfb", {make_hfb, {"characteristic", "k", "thickness"}}},
  };
  return table;
}

/// The registry entry of the package's `type:`, or nullptr after recording
/// "missing" or "unknown package type" (with a did-you-mean).
const PackageType* find_type(const Section& spec) {
  auto type = spec.word("type");
  if (!type) return nullptr;
  const auto& table = registry();
  auto it = table.find(*type);
  if (it != table.end()) return &it->second;
  std::string best;
  std::size_t best_distance = 3;
  for (const auto& [known, entry] : table)
    if (auto d = edit_distance(*type, known); d < best_distance) {
      best = known;
      best_distance = d;
    }
  std::string msg = fmt::format("unknown package type '{}'", *type);
  if (!best.empty()) msg += fmt::format("; did you mean '{}'?", best);
  msg += fmt::format(" (known: {})", fmt::join(package_types(), ", "));
  spec.error("type", msg);
  return nullptr;
}

}  // namespace

std::vector<std::string> package_types() {
  std::vector<std::string> types;
  for (const auto& [type, entry] : registry()) types.push_back(type);
  return types;
}

std::unique_ptr<Package> make_package(const Section& spec, const PackageContext& context) {
  const PackageType* type = find_type(spec);
  if (!type) {
    // Without a type nobody reads the other keys; they are not unknown, so
    // one mistake makes one problem.
    spec.node().mark_used();
    return nullptr;
  }
  return type->make(spec, context);
}

void check_package_without_grid(const Section& spec) {
  if (const PackageType* type = find_type(spec)) {
    std::vector<const InputNode*> levels{&spec.node()};
    if (const InputNode* entries = spec.node().find("entries"); entries && entries->is_sequence())
      for (const auto& item : entries->items) levels.push_back(&item);
    for (const InputNode* level : levels) {
      if (!level->is_map()) continue;
      for (const auto& [key, value] : level->entries)
        if (value.is_scalar() &&
            std::find(type->numbers.begin(), type->numbers.end(), key) != type->numbers.end())
          read_number(value, spec.errors());
    }
  }
  spec.node().mark_used();  // the cells and arrays wait for a grid; their keys are not unknown
}

}  // namespace aquaplume

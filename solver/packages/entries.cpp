#include "solver/packages/entries.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace aquaplume {

std::vector<Section> package_entries(const Section& spec) {
  if (!spec.has("entries")) return {spec};
  std::vector<Section> out;
  for (const InputNode* item : spec.list("entries")) {
    if (!item->is_map()) {
      spec.errors().add(item->loc, fmt::format("expected an entry (a mapping), got {}", item->describe()));
      continue;
    }
    out.emplace_back(*item, spec.errors());
  }
  if (out.empty()) spec.error("entries", "the list of entries is empty");
  return out;
}

std::optional<ScheduledValue> entry_value(const Section& entry, const Section& spec, std::string_view key,
                                          double factor, const PackageContext& context, Limits limits) {
  const InputNode* node = nullptr;
  if (&entry.node() != &spec.node() && entry.has(key)) node = entry.get(key);
  else if (spec.has(key)) node = spec.get(key);
  if (!node || node->is_null()) {
    entry.get(key);  // mark the key as known for the unknown-key check
    entry.error(key, "missing; expected a number or a schedule ({periods: ...} or {times: ..., values: ...})");
    return std::nullopt;
  }
  return parse_scheduled(*node, factor, context.n_periods, *context.units, limits, entry.errors());
}

std::string package_name(const Section& spec, const std::string& type) {
  std::string upper = type;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  return spec.word_or("name", upper);
}

}  // namespace aquaplume

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

std::optional<double> entry_number(const Section& entry, const Section& spec, std::string_view key,
                                   Limits limits) {
  if (&entry.node() != &spec.node() && entry.has(key)) return entry.number(key, limits);
  if (spec.has(key)) return spec.number(key, limits);
  entry.get(key);  // mark the key as known for the unknown-key check
  entry.error(key, "missing; expected a number");
  return std::nullopt;
}

std::string package_name(const Section& spec, const std::string& type) {
  std::string upper = type;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  return spec.word_or("name", upper);
}

}  // namespace aquaplume

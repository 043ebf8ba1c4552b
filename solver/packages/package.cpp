#include "solver/packages/package.hpp"

#include <fmt/format.h>

namespace aquaplume {

void BoundaryTerms::clear() {
  cell.clear();
  hcof.clear();
  rhs.clear();
  entry.clear();
  fixed_cell.clear();
  fixed_head.clear();
  fixed_entry.clear();
}

void BoundaryTerms::add(std::int32_t c, double hcof_value, double rhs_value, std::int32_t from_entry) {
  cell.push_back(c);
  hcof.push_back(hcof_value);
  rhs.push_back(rhs_value);
  entry.push_back(from_entry);
}

void BoundaryTerms::fix(std::int32_t c, double head, std::int32_t from_entry) {
  fixed_cell.push_back(c);
  fixed_head.push_back(head);
  fixed_entry.push_back(from_entry);
}

std::optional<double> Package::inflow_concentration(std::size_t entry, const std::string& species, int period,
                                                    double time) const {
  if (entry >= entries_.size()) return std::nullopt;
  for (const auto& [name, value] : entries_[entry].by_species)
    if (name == species) return value.at(period, time);
  return std::nullopt;
}

std::vector<std::pair<std::string, SourceLoc>> Package::concentration_species() const {
  std::vector<std::pair<std::string, SourceLoc>> out;
  for (const auto& e : entries_)
    for (const auto& w : e.where) out.push_back(w);
  return out;
}

std::int32_t Package::register_entry(const Section& entry, const Section& spec, const PackageContext& context) {
  EntryConcentration record;
  const InputNode* node = entry.get("concentration");
  if (!node && &entry.node() != &spec.node()) node = spec.get("concentration");
  if (node) {
    if (!node->is_map()) {
      entry.errors().add(node->loc, fmt::format("expected {{species: concentration in mg/L, ...}}, got {}", node->describe()));
    } else {
      node->find("");  // the species are its keys: none is unknown
      for (const auto& [species, value] : node->entries) {
        node->find(species);
        auto v = parse_scheduled(value, 1.0, context.n_periods, *context.units, Limits::non_negative(), entry.errors());
        if (!v) continue;
        record.by_species.emplace_back(species, *v);
        record.where.emplace_back(species, value.loc);
      }
    }
  }
  entries_.push_back(std::move(record));
  return static_cast<std::int32_t>(entries_.size() - 1);
}

std::int32_t Package::register_entry(std::vector<std::pair<std::string, ScheduledValue>> by_species,
                                     std::vector<std::pair<std::string, SourceLoc>> where) {
  entries_.push_back({std::move(by_species), std::move(where)});
  return static_cast<std::int32_t>(entries_.size() - 1);
}

Package::Package(std::string type, std::string name, SourceLoc loc)
    : type_(std::move(type)), name_(std::move(name)), loc_(std::move(loc)) {}

}  // namespace aquaplume

#include "solver/packages/period_array.hpp"

#include "solver/packages/schedule.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace aquaplume {

const CellArray* PeriodArray::at(int period) const {
  const CellArray* current = nullptr;
  for (const auto& [first, array] : by_period_)
    if (first <= period) current = array.get();
  return current;
}

std::optional<PeriodArray> parse_period_array(const InputNode& node, ArrayShape shape, double factor,
                                              const PackageContext& context, ErrorList& errors) {
  PeriodArray out;
  const InputNode* periods = node.is_map() ? node.find("periods") : nullptr;
  if (!periods) {
    auto array = parse_cell_array(node, shape, *context.open_array, errors);
    if (!array) return std::nullopt;
    out.by_period_.emplace_back(0, scale_array(array, factor));
    return out;
  }
  node.mark_used();
  if (!periods->is_map() || periods->entries.empty()) {
    errors.add(periods->loc, "expected a mapping of period number to value or array, e.g. {1: 0.001, 3: 0.0}");
    return std::nullopt;
  }
  bool ok = true;
  for (const auto& [key, value] : periods->entries) {
    auto period = parse_period_key(key, context.n_periods, value.loc, errors);
    if (!period) {
      ok = false;
      continue;
    }
    auto array = parse_cell_array(value, shape, *context.open_array, errors);
    if (!array) {
      ok = false;
      continue;
    }
    out.by_period_.emplace_back(*period, scale_array(array, factor));
  }
  std::sort(out.by_period_.begin(), out.by_period_.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace aquaplume

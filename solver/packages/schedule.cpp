#include "solver/packages/schedule.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace aquaplume {

double ScheduledValue::at(int period, double time) const {
  if (!by_period_.empty()) {
    double value = by_period_.front().second;
    for (const auto& [first, v] : by_period_)
      if (first <= period) value = v;
    // Before the first listed period nothing is applied (as MODFLOW without a period block).
    return by_period_.front().first > period ? 0.0 : value;
  }
  if (!times_.empty()) {
    if (time <= times_.front()) return values_.front();
    if (time >= times_.back()) return values_.back();
    auto it = std::upper_bound(times_.begin(), times_.end(), time);
    const auto i = static_cast<std::size_t>(it - times_.begin()) - 1;
    if (!linear_) return values_[i];
    const double w = (time - times_[i]) / (times_[i + 1] - times_[i]);
    return values_[i] + w * (values_[i + 1] - values_[i]);
  }
  return constant_;
}

std::optional<int> parse_period_key(const std::string& key, int n_periods, const SourceLoc& where, ErrorList& errors) {
  int period = 0;
  try {
    std::size_t used = 0;
    period = std::stoi(key, &used);
    if (used != key.size()) period = 0;
  } catch (...) {
    period = 0;
  }
  if (period < 1 || period > n_periods) {
    errors.add(where, fmt::format("period '{}' is not a period number between 1 and {}", key, n_periods));
    return std::nullopt;
  }
  return period - 1;
}

std::optional<ScheduledValue> parse_scheduled(const InputNode& node, double factor, int n_periods, const Units& units,
                                              Limits limits, ErrorList& errors) {
  node.mark_used();
  if (node.is_scalar()) {
    auto v = read_number(node, errors, limits);
    if (!v) return std::nullopt;
    return ScheduledValue(*v * factor);
  }
  if (!node.is_map()) {
    errors.add(node.loc, fmt::format("expected a number, {{periods: {{...}}}} or {{times: [...], values: [...]}}, got {}",
                                     node.describe()));
    return std::nullopt;
  }
  Section s(node, errors);
  ScheduledValue out;
  bool ok = true;
  if (const InputNode* periods = s.get("periods")) {
    if (!periods->is_map() || periods->entries.empty()) {
      errors.add(periods->loc, "expected a mapping of period number to value, e.g. {1: 10.0, 3: 12.0}");
      return std::nullopt;
    }
    for (const auto& [key, value] : periods->entries) {
      auto period = parse_period_key(key, n_periods, value.loc, errors);
      if (!period) {
        ok = false;
        continue;
      }
      auto v = read_number(value, errors, limits);
      if (!v) {
        ok = false;
        continue;
      }
      out.by_period_.emplace_back(*period, *v * factor);
    }
    std::sort(out.by_period_.begin(), out.by_period_.end());
  } else if (s.has("times") || s.has("values")) {
    const InputNode* times = s.get("times");
    const InputNode* values = s.get("values");
    if (!times || !values || !times->is_sequence() || !values->is_sequence() || times->items.empty() ||
        times->items.size() != values->items.size()) {
      s.error("times", "expected 'times' and 'values' lists of the same, non-zero length");
      return std::nullopt;
    }
    for (std::size_t i = 0; i < times->items.size(); ++i) {
      auto t = read_number(times->items[i], errors);
      auto v = read_number(values->items[i], errors, limits);
      if (!t || !v) {
        ok = false;
        continue;
      }
      if (!out.times_.empty() && *t * units.time_factor() <= out.times_.back()) {
        errors.add(times->items[i].loc, "times must increase");
        ok = false;
      }
      out.times_.push_back(*t * units.time_factor());
      out.values_.push_back(*v * factor);
    }
    out.linear_ = s.word_or("interpolation", "step", {"step", "linear"}) == "linear";
  } else {
    errors.add(node.loc, "expected 'periods' or 'times' and 'values'");
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace aquaplume

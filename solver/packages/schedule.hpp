#pragma once
/// A package value that may change with time, written in the case as
///
///   rate: -500.0                                   # constant
///   rate: {periods: {1: -500.0, 3: -800.0, 5: 0}}  # from period 1, from 3, ... (held until changed, as in MODFLOW)
///   rate: {times: [0, 100, 365], values: [0, -500, -800], interpolation: linear}   # a time series
///
/// Time-series times are in the case time unit from the start of the run;
/// `interpolation` is `step` (hold each value until the next time, default)
/// or `linear`; before the first time the first value holds, after the last the last.

#include <optional>
#include <vector>

#include "mesh/base/input_node.hpp"
#include "solver/case/units.hpp"

namespace aquaplume {

class ScheduledValue {
 public:
  ScheduledValue() = default;
  explicit ScheduledValue(double constant) : constant_(constant) {}

  /// The value during stress period `period` (0-based) at time `time` [d].
  /// For a time series in a step, the value at the step's end (backward Euler).
  double at(int period, double time) const;
  bool is_constant() const { return by_period_.empty() && times_.empty(); }
  /// True when some period or time makes the value differ from the first.
  bool varies() const { return !is_constant(); }

 private:
  friend std::optional<ScheduledValue> parse_scheduled(const InputNode&, double, int, const Units&, Limits, ErrorList&);
  double constant_ = 0.0;
  std::vector<std::pair<int, double>> by_period_;  // (first period, value), sorted
  std::vector<double> times_, values_;            // [d], internal units
  bool linear_ = false;
};

/// The 0-based period of a `periods:` key ("3" -> 2), or nullopt (and an
/// error at `where`) when it is not a period number between 1 and n_periods.
std::optional<int> parse_period_key(const std::string& key, int n_periods, const SourceLoc& where, ErrorList& errors);

/// Reads a value (see above) and multiplies it by `factor` (unit conversion).
/// `n_periods` bounds the period numbers. Records problems; nullopt on failure.
std::optional<ScheduledValue> parse_scheduled(const InputNode& node, double factor, int n_periods, const Units& units,
                                              Limits limits, ErrorList& errors);

}  // namespace aquaplume

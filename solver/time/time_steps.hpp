#pragma once
/// Stress periods and time steps, as MODFLOW users know them: each period has
/// a length, a number of steps and a step multiplier (each step is
/// `multiplier` times the previous one), and is steady or transient.

#include <string>
#include <vector>

#include "mesh/base/input_node.hpp"
#include "solver/case/units.hpp"

namespace aquaplume {

struct StressPeriod {
  double length = 1.0;  ///< [d]
  int steps = 1;
  double multiplier = 1.0;
  bool steady = true;
  SourceLoc loc;
};

struct TimeStep {
  int period = 0;      ///< 0-based
  int step = 0;        ///< 0-based within the period
  double start = 0.0;  ///< [d]
  double dt = 0.0;     ///< [d]
  bool steady = true;
  bool first_in_period = false;
  bool last_in_period = false;
  double end() const { return start + dt; }
};

/// Which steps write their fields to the results.
struct OutputControl {
  enum class Mode { All, Last, Every, PeriodEnds } mode = Mode::All;
  int every = 1;
  /// True when step `index` (0-based over the run) of `steps` is saved.
  bool saves(const std::vector<TimeStep>& steps, std::size_t index) const;
};

/// The lengths of a period's steps: dt1 = L (m - 1) / (m^n - 1), dt_k = dt1 m^(k-1).
std::vector<double> step_lengths(const StressPeriod& period);
/// All steps of the run in order.
std::vector<TimeStep> time_steps(const std::vector<StressPeriod>& periods);

/// Reads `time: {periods: [{length, steps, multiplier, steady}, ...]}`.
/// Without a `time` section the run is one steady period of length 1.
std::vector<StressPeriod> parse_periods(const Section& root, const Units& units);

}  // namespace aquaplume

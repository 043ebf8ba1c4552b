#include "solver/time/time_steps.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace aquaplume {

bool OutputControl::saves(const std::vector<TimeStep>& steps, std::size_t index) const {
  const bool last = index + 1 == steps.size();
  switch (mode) {
    case Mode::All: return true;
    case Mode::Last: return last;
    case Mode::Every: return last || (index + 1) % static_cast<std::size_t>(every) == 0;
    case Mode::PeriodEnds: return steps[index].last_in_period;
  }
  return true;
}

std::vector<double> step_lengths(const StressPeriod& p) {
  std::vector<double> dt(static_cast<std::size_t>(p.steps));
  if (std::abs(p.multiplier - 1.0) < 1e-12) {
    for (auto& d : dt) d = p.length / p.steps;
  } else {
    double first = p.length * (p.multiplier - 1.0) / (std::pow(p.multiplier, p.steps) - 1.0);
    for (int k = 0; k < p.steps; ++k) dt[static_cast<std::size_t>(k)] = first * std::pow(p.multiplier, k);
  }
  return dt;
}

std::vector<TimeStep> time_steps(const std::vector<StressPeriod>& periods) {
  std::vector<TimeStep> steps;
  double t = 0.0;
  for (std::size_t p = 0; p < periods.size(); ++p) {
    auto dts = step_lengths(periods[p]);
    for (std::size_t k = 0; k < dts.size(); ++k) {
      TimeStep s;
      s.period = static_cast<int>(p);
      s.step = static_cast<int>(k);
      s.start = t;
      s.dt = dts[k];
      s.steady = periods[p].steady;
      s.first_in_period = k == 0;
      s.last_in_period = k + 1 == dts.size();
      steps.push_back(s);
      t += dts[k];
    }
    // Keep period boundaries exact despite round-off in the step sums.
    double period_end = 0.0;
    for (std::size_t q = 0; q <= p; ++q) period_end += periods[q].length;
    t = period_end;
  }
  return steps;
}

std::vector<StressPeriod> parse_periods(const Section& root, const Units& units) {
  auto time = root.maybe_section("time");
  if (!time) return {StressPeriod{}};
  std::vector<StressPeriod> periods;
  for (const InputNode* item : time->list("periods")) {
    if (!item->is_map()) {
      time->errors().add(item->loc, "expected a period: {length, steps, multiplier, steady}");
      continue;
    }
    Section p(*item, time->errors());
    const std::size_t known_errors = time->errors().size();
    StressPeriod period;
    period.loc = item->loc;
    period.length = p.number("length", Limits::positive()).value_or(1.0) * units.time_factor();
    period.steps = static_cast<int>(p.integer_or("steps", 1, Limits::between(1, 1e7)));
    period.multiplier = p.number_or("multiplier", 1.0, Limits::positive());
    period.steady = p.flag_or("steady", true);  // as MODFLOW 6 without STO TRANSIENT
    if (time->errors().size() == known_errors) {
      // dt1 = L (m - 1) / (m^n - 1) overflows or underflows for a multiplier far
      // from 1 over many steps (and L itself may overflow in days): every step
      // needs a finite length > 0.
      const auto dts = step_lengths(period);
      if (!std::all_of(dts.begin(), dts.end(),
                       [](double dt) { return std::isfinite(dt) && dt > 0.0; })) {
        const std::string_view key = p.has("multiplier") ? "multiplier" : "length";
        const char* expected =
            key == "multiplier" ? "a multiplier closer to 1 or fewer steps" : "a shorter period";
        p.error(key, fmt::format("{} {} over {} step(s) makes step lengths of 0 or out of range; "
                                 "expected {}",
                                 key, p.get(key)->scalar, period.steps, expected));
      }
    }
    periods.push_back(period);
  }
  if (periods.empty() && time->has("periods")) time->error("periods", "expected at least one period");
  if (periods.empty()) periods.push_back(StressPeriod{});
  return periods;
}

}  // namespace aquaplume

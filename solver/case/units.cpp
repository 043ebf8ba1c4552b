#include "solver/case/units.hpp"

#include <cmath>

namespace aquaplume {

double Units::to_internal(int length_power, int time_power) const {
  return std::pow(metres_per_length, length_power) * std::pow(days_per_time, time_power);
}

Units parse_units(const Section& root) {
  Units u;
  auto section = root.maybe_section("units");
  if (!section) return u;
  u.length = section->word_or("length", "m", {"m", "cm", "ft", "km"});
  u.time = section->word_or("time", "d", {"s", "min", "h", "d", "yr"});
  if (u.length == "cm") u.metres_per_length = 0.01;
  if (u.length == "ft") u.metres_per_length = 0.3048;
  if (u.length == "km") u.metres_per_length = 1000.0;
  if (u.time == "s") u.days_per_time = 1.0 / 86400.0;
  if (u.time == "min") u.days_per_time = 1.0 / 1440.0;
  if (u.time == "h") u.days_per_time = 1.0 / 24.0;
  if (u.time == "yr") u.days_per_time = 365.25;
  return u;
}

}  // namespace aquaplume

#pragma once
/// Units of a case. A case declares its length and time units once; inside,
/// aquaplume computes in metres and days (so that mg/L = g/m3 and masses are
/// grams), and writes results back in the case's units.

#include <string>

#include "mesh/base/input_node.hpp"

namespace aquaplume {

struct Units {
  std::string length = "m";
  std::string time = "d";
  double metres_per_length = 1.0;  ///< metres in one case length unit
  double days_per_time = 1.0;      ///< days in one case time unit

  /// Factor turning a case value of dimension L^length_power T^time_power
  /// into metres and days.
  double to_internal(int length_power, int time_power) const;
  double length_factor() const { return metres_per_length; }
  double time_factor() const { return days_per_time; }
};

/// Reads `units: {length: m|cm|ft|km, time: s|min|h|d|yr}`; both default to m and d.
Units parse_units(const Section& root);

}  // namespace aquaplume

#pragma once
/// An array input that may change by stress period (recharge, ET rates):
///
///   rate: 0.0003                                   # the same in every period
///   rate: {file: recharge.f64}
///   rate: {periods: {1: 0.0003, 4: {file: wet_year.f64}, 7: 0.0}}   # held until changed

#include <utility>
#include <vector>

#include "mesh/base/cell_array.hpp"
#include "solver/packages/package.hpp"

namespace aquaplume {

class PeriodArray {
 public:
  /// The array of `period` (0-based): the last one given at or before it, or
  /// nullptr before the first (nothing applies then).
  const CellArray* at(int period) const;
  /// True when the array differs between periods.
  bool varies() const { return by_period_.size() > 1 || (by_period_.size() == 1 && by_period_[0].first > 0); }
  const std::vector<std::pair<int, CellArrayPtr>>& all() const { return by_period_; }

 private:
  friend std::optional<PeriodArray> parse_period_array(const InputNode&, ArrayShape, double, const PackageContext&,
                                                       ErrorList&);
  std::vector<std::pair<int, CellArrayPtr>> by_period_;  // (first period, array), sorted
};

/// Reads an array (or a `periods:` mapping of arrays) times `factor`.
std::optional<PeriodArray> parse_period_array(const InputNode& node, ArrayShape shape, double factor,
                                              const PackageContext& context, ErrorList& errors);

}  // namespace aquaplume

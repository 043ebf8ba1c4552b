#pragma once
/// Receptors (a village well, a spring, a river reach) that forward pathlines
/// from the releases may reach: a circle, a polygon (plan view, optionally in
/// some layers only) or a set of cells.

#include <cstdint>
#include <optional>
#include <vector>

#include "solver/tracking/tracking_spec.hpp"

namespace aquaplume::tracking {

class ReceptorSet {
 public:
  explicit ReceptorSet(std::vector<ReceptorSpec> specs) : specs_(std::move(specs)) {}

  std::size_t size() const { return specs_.size(); }
  const ReceptorSpec& spec(std::size_t r) const { return specs_[r]; }

  /// Where along a particle's move from a to b (plan, [m]) inside the cell
  /// (layer, row, col) it first is in receptor r, as the fraction s in [0, 1]
  /// of the move; nullopt when it is not. Inside a cell the Pollock path is
  /// curved, but monotone in x and y: the straight chord between its ends
  /// stands for it (an error below the cell size).
  std::optional<double> first_entry(std::size_t r, Point2 a, Point2 b, std::int64_t layer,
                                    std::int64_t row, std::int64_t col) const;

 private:
  std::vector<ReceptorSpec> specs_;
};

}  // namespace aquaplume::tracking

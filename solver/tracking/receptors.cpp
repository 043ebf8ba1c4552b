#include "solver/tracking/receptors.hpp"

namespace aquaplume::tracking {

std::optional<double> ReceptorSet::first_entry(std::size_t r, Point2 a, Point2 b,
                                               std::int64_t layer, std::int64_t row,
                                               std::int64_t col) const {
  const ReceptorSpec& s = specs_[r];
  if (s.shape == ReceptorSpec::Shape::Cells) {
    for (const auto& box : s.cells.boxes)
      if (box.contains(layer, row, col)) return 0.0;
    return std::nullopt;
  }
  if (s.layers && (layer < (*s.layers)[0] || layer >= (*s.layers)[1])) return std::nullopt;
  if (s.shape == ReceptorSpec::Shape::Circle)
    return first_entry_into_circle(a, b, s.centre, s.radius);
  return first_entry_into_ring(a, b, s.polygon);
}

}  // namespace aquaplume::tracking

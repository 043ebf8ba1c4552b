#include "solver/transport/concentration_boundaries.hpp"

#include <algorithm>
#include <limits>

#include "mesh/base/parallel.hpp"

namespace aquaplume {

ConcentrationBoundaries::ConcentrationBoundaries(const CellGraph& graph, const TransportSpec& spec)
    : any_constant_(spec.species.size(), false), any_loading_(spec.species.size(), false) {
  for (const auto& e : spec.constant_concentration) {
    constants_.push_back({e.cells.owned_cells(graph), 0, e.concentration});
    for (const auto& [species, value] : e.concentration) any_constant_[species] = true;
  }
  for (const auto& e : spec.mass_loading) {
    Bound b{e.cells.owned_cells(graph), 0, e.rate};
    b.cells_total = sum_over_ranks(static_cast<std::int64_t>(b.owned.size()), graph.comm);
    loadings_.push_back(std::move(b));
    for (const auto& [species, value] : e.rate) any_loading_[species] = true;
  }
}

void ConcentrationBoundaries::constant_targets(std::size_t species, int period, double time,
                                               std::span<double> target) const {
  std::fill(target.begin(), target.end(), std::numeric_limits<double>::quiet_NaN());
  // Later entries win where entries overlap.
  for (const Bound& b : constants_)
    for (const auto& [s, value] : b.values) {
      if (s != species) continue;
      const double c = value.at(period, time);
      for (auto cell : b.owned) target[cell] = c;
    }
}

void ConcentrationBoundaries::loading(std::size_t species, int period, double time, std::span<double> mass) const {
  std::fill(mass.begin(), mass.end(), 0.0);
  for (const Bound& b : loadings_) {
    if (b.cells_total == 0) continue;
    for (const auto& [s, value] : b.values) {
      if (s != species) continue;
      const double per_cell = value.at(period, time) / static_cast<double>(b.cells_total);
      for (auto cell : b.owned) mass[cell] += per_cell;
    }
  }
}

}  // namespace aquaplume

#include "solver/transport/concentration_boundaries.hpp"

#include <algorithm>
#include <limits>

#include "mesh/base/parallel.hpp"

namespace aquaplume {

ConcentrationBoundaries::ConcentrationBoundaries(const CellGraph& graph, const TransportSpec& spec)
    : any_constant_(spec.species.size(), false), any_loading_(spec.species.size(), false) {
  for (const auto& e : spec.constant_concentration) {
    constants_.push_back({e.cells.owned_cells(graph), {}, e.concentration});
    for (const auto& [species, value] : e.concentration) any_constant_[species] = true;
  }
  for (const auto& e : spec.mass_loading) {
    Bound b{e.cells.owned_cells(graph), {}, e.rate};
    // Each cell's share of the entry's total: equal, or by covered plan area.
    std::vector<double> share(b.owned.size(), 1.0);
    if (e.by_area) {
      share = e.cells.area_fractions(graph, b.owned);
      for (std::size_t i = 0; i < b.owned.size(); ++i) share[i] *= graph.plan_area(b.owned[i]);
    }
    double total = 0.0;
    for (double s : share) total += s;
    total = sum_over_ranks(total, graph.comm);
    for (double& s : share) s = total > 0.0 ? s / total : 0.0;
    b.share = std::move(share);
    b.term = e.term.empty() ? "MASS_LOADING" : e.term;
    b.start = e.start;
    b.end = e.end;
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

double ConcentrationBoundaries::Bound::rate(const ScheduledValue& value, int period, double time,
                                            const Interval& step) const {
  // A windowed source enters at its rate times the share of the step it is
  // active: the step's mean, so that rate x window enters exactly.
  double active = 1.0;
  if (start > -std::numeric_limits<double>::infinity() || end < std::numeric_limits<double>::infinity()) {
    const double overlap = std::min(step.end, end) - std::max(step.start, start);
    active = step.end > step.start ? std::max(overlap, 0.0) / (step.end - step.start)
                                   : (time >= start && time < end ? 1.0 : 0.0);
  }
  return active == 0.0 ? 0.0 : active * value.at(period, time);
}

void ConcentrationBoundaries::loading(std::size_t species, int period, double time, const Interval& step,
                                      std::span<double> mass) const {
  std::fill(mass.begin(), mass.end(), 0.0);
  for (const Bound& b : loadings_)
    for (const auto& [s, value] : b.values) {
      if (s != species) continue;
      const double total = b.rate(value, period, time, step);
      for (std::size_t i = 0; i < b.owned.size(); ++i) mass[b.owned[i]] += total * b.share[i];
    }
}

std::vector<std::string> ConcentrationBoundaries::loading_terms(std::size_t species) const {
  std::vector<std::string> out;
  for (const Bound& b : loadings_)
    for (const auto& [s, value] : b.values)
      if (s == species && std::find(out.begin(), out.end(), b.term) == out.end()) out.push_back(b.term);
  return out;
}

void ConcentrationBoundaries::book_loadings(std::size_t species, int period, double time, const Interval& step,
                                            double weight, std::span<const double> target,
                                            MassBudget& budget) const {
  for (const Bound& b : loadings_)
    for (const auto& [s, value] : b.values) {
      if (s != species) continue;
      const double total = b.rate(value, period, time, step);
      const std::size_t term = budget.term_named(b.term);
      for (std::size_t i = 0; i < b.owned.size(); ++i) {
        const auto cell = b.owned[i];
        // A held cell's loading is part of what holds it (CONSTANT_CONCENTRATION).
        if (!target.empty() && target[cell] == target[cell]) continue;
        budget.book(term, weight * total * b.share[i]);
      }
    }
}

}  // namespace aquaplume

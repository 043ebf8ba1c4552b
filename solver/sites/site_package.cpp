#include "solver/sites/site_package.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "mesh/base/parallel.hpp"

namespace aquaplume::sites {

namespace {

/// The multiplier curve without the window.
double curve(const TimeProfile& p, double t) {
  const auto& times = p.times;
  const auto& values = p.values;
  if (times.empty()) return 1.0;
  if (t <= times.front()) return values.front();
  if (t >= times.back()) return values.back();
  auto it = std::upper_bound(times.begin(), times.end(), t);
  const auto i = static_cast<std::size_t>(it - times.begin()) - 1;
  const double w = (t - times[i]) / (times[i + 1] - times[i]);
  return values[i] + w * (values[i + 1] - values[i]);
}

}  // namespace

double TimeProfile::at(double t) const {
  return t < start || t >= end ? 0.0 : curve(*this, t);
}

double TimeProfile::integral(double t0, double t1) const {
  const double a = std::max(t0, start), b = std::min(t1, end);
  if (!(b > a)) return 0.0;
  if (times.empty()) return b - a;
  // The curve is linear between its points (and flat beyond them), so the
  // midpoint rule on the pieces between a, b and the points inside is exact
  // (and a step, two points at one time, needs no special case).
  std::vector<double> knots{a};
  for (double t : times)
    if (t > a && t < b) knots.push_back(t);
  knots.push_back(b);
  double sum = 0.0;
  for (std::size_t i = 1; i < knots.size(); ++i)
    sum += curve(*this, 0.5 * (knots[i - 1] + knots[i])) * (knots[i] - knots[i - 1]);
  return sum;
}

double TimeProfile::mean(double t0, double t1) const {
  if (!(t1 > t0)) return at(t1);
  return integral(t0, t1) / (t1 - t0);
}

PlacedCells place(const Placement& where, const CellGraph& graph, ErrorList& errors) {
  PlacedCells out;
  const StructuredGridSpec& g = graph.grid;
  // Does cell c hold the entry, given the layer rule?
  bool reported = false;
  auto chosen = [&](std::int32_t c) {
    if (where.layer) return graph.layer[c] == *where.layer;
    if (!where.elevation) return graph.layer[c] == 0;
    const double z = *where.elevation;
    const bool last = graph.layer[c] == g.nlay - 1;
    if (last && z <= graph.bottom[c] && !reported) {
      reported = true;
      errors.add(
          where.elevation_loc,
          fmt::format("the elevation {:.6g} lies below the bottom {:.6g} of the model at cell {}",
                      z, graph.bottom[c], g.shape().cell_name(graph.natural_index[c])));
    }
    // Layer 1 takes everything above its bottom (a base above the model top too).
    if (graph.layer[c] == 0) return z > graph.bottom[c];
    return z > graph.bottom[c] && z <= graph.top[c];
  };
  if (where.polygon) {
    for (const auto& [c, fraction] : where.polygon->owned_cells(graph))
      if (chosen(c)) {
        out.cell.push_back(c);
        out.area.push_back(fraction * graph.plan_area(c));
      }
  } else if (where.column) {
    for (std::int64_t k = 0; k < g.nlay; ++k) {
      const auto c = graph.owned_of_natural(g.natural(k, (*where.column)[0], (*where.column)[1]));
      if (c >= 0 && chosen(c)) {
        out.cell.push_back(c);
        out.area.push_back(graph.plan_area(c));
      }
    }
  }
  return out;
}

SitePackage::SitePackage(std::string type, std::string name, SourceLoc loc)
    : Package(std::move(type), std::move(name), std::move(loc)) {}

void SitePackage::add(SiteEntry entry) {
  Bound b;
  b.index = register_entry(entry.concentration.by_species, entry.concentration.where);
  b.spec = std::move(entry);
  entries_.push_back(std::move(b));
}

void SitePackage::bind(const CellGraph& graph, ErrorList& errors) {
  for (auto& e : entries_) {
    const std::size_t known = errors.size();
    e.cells = place(e.spec.where, graph, errors);
    const auto placement_problems =
        sum_over_ranks(static_cast<std::int64_t>(errors.size() - known), graph.comm);
    double area = 0.0;
    for (double a : e.cells.area) area += a;
    e.total_area = sum_over_ranks(area, graph.comm);
    // A base below the model already says why no cell is left.
    if (!(e.total_area > 0.0) && placement_problems == 0 && comm_rank(graph.comm) == 0)
      errors.add(e.spec.where.loc,
                 fmt::format("{} '{}': the entry covers no cell of the grid", type(), name()));
  }
}

void SitePackage::formulate(const FlowState& state, BoundaryTerms& terms) {
  const double t1 = state.time, t0 = state.time - state.dt;
  for (const auto& e : entries_) {
    const double m = e.spec.profile.mean(t0, t1);
    const double value = e.spec.value.at(state.period, state.time);
    const auto& cells = e.cells;
    switch (e.spec.kind) {
      case SiteEntry::Kind::Flux:
        for (std::size_t i = 0; i < cells.cell.size(); ++i)
          terms.add(cells.cell[i], 0.0, -value * m * cells.area[i], e.index);
        break;
      case SiteEntry::Kind::Rate:
        if (e.total_area <= 0.0) break;
        for (std::size_t i = 0; i < cells.cell.size(); ++i)
          terms.add(cells.cell[i], 0.0, -value * m * cells.area[i] / e.total_area, e.index);
        break;
      case SiteEntry::Kind::Leakage:
        // As RIV: q = C (stage - h) while the water table is above the liner
        // base; below it the liner drains freely, q = C (stage - bottom).
        for (std::size_t i = 0; i < cells.cell.size(); ++i) {
          const auto c = cells.cell[i];
          const double conductance = e.spec.conductance * cells.area[i] * m;
          if (state.head[c] > e.spec.bottom)
            terms.add(c, -conductance, -conductance * value, e.index);
          else
            terms.add(c, 0.0, -conductance * (value - e.spec.bottom), e.index);
        }
        break;
    }
  }
}

bool SitePackage::nonlinear() const {
  return std::any_of(entries_.begin(), entries_.end(),
                     [](const Bound& b) { return b.spec.kind == SiteEntry::Kind::Leakage; });
}

}  // namespace aquaplume::sites

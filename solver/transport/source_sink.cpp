#include "solver/transport/source_sink.hpp"

#include <algorithm>
#include <cmath>

namespace aquaplume {

std::int32_t SourceSinkMixing::group_of(std::size_t package, std::size_t entry) {
  // Few groups (package entries) per rank: a linear search is fine.
  for (std::size_t g = 0; g < groups_.size(); ++g)
    if (groups_[g].package == package && groups_[g].entry == entry) return static_cast<std::int32_t>(g);
  groups_.push_back({package, entry});
  return static_cast<std::int32_t>(groups_.size() - 1);
}

void SourceSinkMixing::update(const FlowModel& flow) {
  const CellGraph& g = graph_;
  rows_.clear();
  groups_.clear();
  outflow_.assign(static_cast<std::size_t>(g.n_owned), 0.0);
  const auto head = flow.head();
  const auto fixed_by = flow.fixed_by();
  const auto& terms = flow.package_terms();
  for (std::size_t p = 0; p < terms.size(); ++p) {
    const BoundaryTerms& t = terms[p];
    for (std::size_t i = 0; i < t.cell.size(); ++i) {
      const auto c = t.cell[i];
      if (fixed_by[c] >= 0) continue;  // no effect in constant-head cells, as in the flow model
      const double q = t.flow(i, head[c]);
      if (q == 0.0) continue;
      rows_.push_back({c, group_of(p, static_cast<std::size_t>(t.entry[i])), q});
    }
  }
  const auto face_flow = flow.connection_flow();
  const auto fixed_entry = flow.fixed_entry();
  const Connections& cn = g.connections;
  for (std::int32_t c = 0; c < g.n_owned; ++c) {
    if (fixed_by[c] < 0) continue;
    double supplied = 0.0;
    for (std::int32_t i = g.conn_offset[c]; i < g.conn_offset[c + 1]; ++i) {
      const auto k = static_cast<std::size_t>(g.conn_of[i]);
      supplied += cn.a[k] == c ? face_flow[k] : -face_flow[k];
    }
    if (supplied == 0.0) continue;
    rows_.push_back({c, group_of(static_cast<std::size_t>(fixed_by[c]), static_cast<std::size_t>(fixed_entry[c])),
                     supplied});
  }
  for (const Row& r : rows_)
    if (r.flow < 0.0) outflow_[r.cell] -= r.flow;
}

void SourceSinkMixing::group_concentrations(const std::vector<std::unique_ptr<Package>>& packages,
                                            const std::string& species, int period, double time,
                                            std::vector<double>& concentration) const {
  concentration.resize(groups_.size());
  for (std::size_t g = 0; g < groups_.size(); ++g)
    concentration[g] =
        packages[groups_[g].package]->inflow_concentration(groups_[g].entry, species, period, time).value_or(0.0);
}

void SourceSinkMixing::inflow_mass(std::span<const double> group_concentration, std::span<double> mass) const {
  std::fill(mass.begin(), mass.end(), 0.0);
  for (const Row& r : rows_)
    if (r.flow > 0.0) mass[r.cell] += r.flow * group_concentration[r.group];
}

}  // namespace aquaplume

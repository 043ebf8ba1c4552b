#include "solver/transport/observations.hpp"

#include <stdexcept>

#include "mesh/base/parallel.hpp"

namespace aquaplume {

Observations::Observations(const CellGraph& graph, const std::vector<ObservationSpec>& points, std::size_t n_species)
    : n_species_(n_species) {
  for (const auto& p : points) {
    names_.push_back(p.name);
    const auto cells = p.cell.owned_cells(graph);
    owned_cell_.push_back(cells.empty() ? -1 : cells.front());
  }
}

void Observations::record(double time, const std::vector<std::span<const double>>& concentration) {
  if (names_.empty()) return;
  times_.push_back(time);
  for (std::size_t p = 0; p < names_.size(); ++p)
    for (std::size_t s = 0; s < n_species_; ++s)
      values_.push_back(owned_cell_[p] >= 0 ? concentration[s][owned_cell_[p]] : 0.0);
}

std::vector<ObservationSeries> Observations::series(const std::vector<std::string>& species,
                                                    const std::string& time_unit, MPI_Comm comm) const {
  // Only the owner of a cell recorded a non-zero value, so a sum gathers the table.
  std::vector<double> all = values_;
  sum_over_ranks(all, comm);
  std::vector<ObservationSeries> out;
  const std::size_t per_time = names_.size() * n_species_;
  for (std::size_t p = 0; p < names_.size(); ++p) {
    ObservationSeries s;
    s.name = names_[p];
    s.times = times_;
    s.time_units = time_unit;
    for (std::size_t k = 0; k < n_species_; ++k) {
      ObservationSeries::Column column{"concentration/" + species[k], "mg/L", {}};
      for (std::size_t t = 0; t < times_.size(); ++t) column.values.push_back(all[t * per_time + p * n_species_ + k]);
      s.columns.push_back(std::move(column));
    }
    out.push_back(std::move(s));
  }
  return out;
}

void Observations::save_state(StateWriter& state, MPI_Comm comm) const {
  if (names_.empty()) return;
  std::vector<double> all = values_;
  sum_over_ranks(all, comm);
  state.values("transport/observations/time", times_);
  state.values("transport/observations/values", all);
}

void Observations::load_state(StateReader& state) {
  if (names_.empty() || !state.has("transport/observations/time")) return;
  times_ = state.values("transport/observations/time");
  values_ = state.values("transport/observations/values");
  const std::size_t per_time = names_.size() * n_species_;
  if (values_.size() != times_.size() * per_time)
    throw std::runtime_error("checkpoint: the observation table does not match the case's observation points");
  // Like record(): only the owner of a point holds its values, so series() can sum.
  for (std::size_t t = 0; t < times_.size(); ++t)
    for (std::size_t p = 0; p < names_.size(); ++p)
      if (owned_cell_[p] < 0)
        for (std::size_t k = 0; k < n_species_; ++k) values_[t * per_time + p * n_species_ + k] = 0.0;
}

}  // namespace aquaplume

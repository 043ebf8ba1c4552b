#pragma once
/// Breakthrough curves: the concentration of every species at named cells,
/// recorded after each transport step. Each value is held by the rank that
/// owns the cell; at the end of the run one all-reduce gives every rank the
/// whole table and the output sink writes it (results.h5 /observations and
/// observations.csv).

#include <string>
#include <vector>

#include "mesh/cell_graph.hpp"
#include "solver/checkpoint.hpp"
#include "solver/output_sink.hpp"
#include "solver/transport/transport_spec.hpp"

namespace aquaplume {

class Observations {
 public:
  /// Finds the owned cell of each point. Not collective.
  Observations(const CellGraph& graph, const std::vector<ObservationSpec>& points, std::size_t n_species);

  bool empty() const { return names_.empty(); }
  /// Appends one time [case unit]: concentration[s] holds species s at the local cells.
  void record(double time, const std::vector<std::span<const double>>& concentration);
  /// The recorded curves, the same on every rank. Collective.
  std::vector<ObservationSeries> series(const std::vector<std::string>& species, const std::string& time_unit,
                                        MPI_Comm comm) const;
  /// Stores the curves recorded so far in a checkpoint. Collective.
  void save_state(StateWriter& state, MPI_Comm comm) const;
  /// Restores them (each rank keeps the values of the points it owns).
  void load_state(StateReader& state);

 private:
  std::vector<std::string> names_;
  std::vector<std::int32_t> owned_cell_;  ///< local cell, or -1 when another rank owns it
  std::size_t n_species_;
  std::vector<double> times_;
  std::vector<double> values_;  ///< per time, per point, per species
};

}  // namespace aquaplume

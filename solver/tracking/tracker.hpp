#pragma once
/// Moves particles cell by cell with Pollock's method through the flow field
/// of one flow step, migrating them between ranks as they cross partition
/// boundaries.
///
/// Every particle is computed from its own state and the data of the cell it
/// is in, in a fixed order of operations, so its path does not depend on the
/// partition: on any number of ranks it takes the same cell steps with the
/// same numbers (the flows themselves agree to the flow solver's tolerance).

#include <limits>
#include <span>
#include <vector>

#include "mesh/cell_graph.hpp"
#include "solver/tracking/flow_field.hpp"
#include "solver/tracking/particle.hpp"
#include "solver/tracking/particle_exchange.hpp"
#include "solver/tracking/receptors.hpp"

namespace aquaplume::tracking {

struct TrackingOptions {
  int direction = +1;  ///< +1 forward (with the flow), -1 backward (against it)
  bool stop_at_weak_sinks = true;
  double max_time = std::numeric_limits<double>::infinity();  ///< longest travel time [d]
  std::vector<double>
      time_points;  ///< travel times [d], increasing, at which positions are recorded
  bool record_pathlines = true;
  const ReceptorSet* receptors = nullptr;  ///< reached-by tests on every move (forward releases)
  std::int32_t max_steps = 10'000'000;     ///< cell steps per particle
};

/// What the particles on this rank left behind.
struct TrackingRecords {
  std::vector<PathVertex> vertices;
  std::vector<TimePoint> time_points;
  std::vector<ReceptorHit> hits;
  std::int64_t cell_steps = 0;
  std::int64_t migrations = 0;  ///< particles this rank sent to another
  int rounds = 0;               ///< exchange rounds (the same on every rank)
};

class Tracker {
 public:
  /// `porosity` holds the owned cells' effective porosity. Keeps references to all arguments.
  Tracker(const CellGraph& graph, const CellOwners& owners, std::span<const double> porosity,
          const TrackingOptions& options, TrackingRecords& records);

  /// Moves every Active particle of this rank through `field` until it stops
  /// or, when `bounded` (time-varying flow), its time reaches the end of the
  /// field's step (forward) or its start (backward); those stay Active.
  /// Particles that cross into another rank's cells leave `particles` and
  /// arrive in that rank's. Rounds of exchange repeat until a global sum says
  /// that no particle changed rank. Collective.
  void run(std::vector<Particle>& particles, const FlowField& field, bool bounded);

  /// Position [m] of a particle in its (owned) cell under `field`.
  std::array<double, 3> position(const Particle& p, const FlowField& field) const;

 private:
  /// Advances one particle as far as this rank can take it; returns the rank it must go to.
  int advance(Particle& p, const FlowField& field, bool bounded);
  void start(Particle& p, const FlowField& field);
  void record_vertex(const Particle& p, const std::array<double, 3>& xyz);
  void check_receptors(Particle& p, const std::array<double, 3>& a, const std::array<double, 3>& b,
                       double time_a, double travel_a, double dt);

  const CellGraph& graph_;
  const CellOwners& owners_;
  std::span<const double> porosity_;
  const TrackingOptions& options_;
  TrackingRecords& records_;
  std::vector<double> x_edges_, y_edges_;
  int rank_ = 0;
};

}  // namespace aquaplume::tracking

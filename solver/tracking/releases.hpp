#pragma once
/// Making particles: every rank walks the same list of release points in the
/// same order, numbering them 1, 2, 3, ..., and keeps those whose release cell
/// it owns. Ids therefore do not depend on the partition, and no rank needs
/// to know which rank owns a cell it does not hold.

#include <mpi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "mesh/cell_graph.hpp"
#include "solver/tracking/particle.hpp"
#include "solver/tracking/tracking_spec.hpp"

namespace aquaplume::tracking {

/// A release point that lies in no cell of the model.
struct UnplacedPoint {
  Point2 xy{};     ///< [m]
  double z = 0.0;  ///< [m]; NaN for a point off the grid in plan
  std::int32_t group = 0;
};

class ParticleFactory {
 public:
  explicit ParticleFactory(const CellGraph& graph);

  /// A particle at plan point `xy` [m] in `layer` (0-based) at fraction `zeta`
  /// of its saturated thickness above the bottom.
  void add_in_layer(Point2 xy, std::int64_t layer, double zeta, std::int32_t group, double time);
  /// A particle at (x, y, z) [m], in the layer holding z (a point on an
  /// interface goes to the layer above). Whether some rank placed it is known
  /// after unplaced().
  void add_at_elevation(Point2 xy, double z, std::int32_t group, double time);
  /// A particle in the cell with natural index `natural` at fractions `local` of its sizes.
  void add_in_cell(std::int64_t natural, const std::array<double, 3>& local, std::int32_t group,
                   double time);

  /// The particles placed so far (1-based id of the next one: next_id()).
  std::int64_t next_id() const { return next_id_; }
  std::int64_t count() const { return next_id_ - 1; }
  /// The points that lie in no cell: off the grid, or above the top or below
  /// the bottom of the model. Collective.
  std::vector<UnplacedPoint> unplaced(MPI_Comm comm) const;
  /// This rank's particles; the factory is empty afterwards.
  std::vector<Particle> take() { return std::move(particles_); }

 private:
  /// Column {row, col} holding (x, y), or {-1, -1} outside the grid.
  std::array<std::int64_t, 2> locate(Point2 xy) const;
  Particle make(std::int64_t natural, const std::array<double, 3>& local, std::int32_t group,
                double time);

  const CellGraph& graph_;
  std::vector<double> x_edges_, y_edges_;
  std::int64_t next_id_ = 1;
  std::vector<Particle> particles_;
  std::vector<UnplacedPoint> elevation_points_;
  std::vector<int> elevation_placed_;
  std::vector<UnplacedPoint> outside_;
};

/// Adds the particles of every release, in order (group = release index).
/// `default_time` [d] applies to releases without `time`.
void add_releases(ParticleFactory& factory, const std::vector<ReleaseSpec>& releases,
                  const StructuredGridSpec& grid, double default_time);

}  // namespace aquaplume::tracking

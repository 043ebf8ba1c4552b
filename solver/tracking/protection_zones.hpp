#pragma once
/// Travel-time protection zones of drinking-water wells (HJ 338-2018: the
/// first-class zone about 100 days, the second-class about 1000 days of
/// travel to the well in porous aquifers), delineated by backward tracking.
///
/// Around each well and in each screened layer a ring of particles starts in
/// the well's cell and is tracked backward (Pollock's method, as MODPATH 7
/// users do for capture zones). The ring's particle positions at travel time
/// T, in ring order, form a closed polygon: the isochrone of T. A particle
/// that stopped earlier (at a river, at the water table where the recharge
/// entered) stays at its end point.
///
/// Which cells are inside: the zone of T is the union, in plan view, of the
/// grid columns whose centres lie inside the ring polygons at T and at earlier
/// travel times (a geometric sequence of them), of the columns the pathlines
/// cross before T, and of the wells' own columns. The union of earlier rings
/// keeps bulges that a ring loses where its particles stop early. The capture
/// zone is the same union over the whole backward paths. Each zone's GeoJSON
/// polygons are the outline of its columns (cell edges, holes kept), so the
/// area reported is exactly the summed plan area of those columns.
///
/// Next to each isochrone the empirical radius of HJ 338-2018 is reported,
///     R = alpha K I T / n,
/// with alpha (default 1.5), K the mean horizontal conductivity and n the
/// mean effective porosity of the screened cells, and I the hydraulic gradient
/// given in the case or, by default, the mean over the ring's particles of
/// (h(x_T) - h_well) / |x_T - x_well|: the gradient along the backward paths,
/// which includes the cone of depression (the standard means the natural
/// gradient; give `gradient` to use it).

#include <span>
#include <string>
#include <vector>

#include "solver/case/units.hpp"
#include "solver/flow/flow_model.hpp"
#include "solver/tracking/particle.hpp"
#include "solver/tracking/releases.hpp"
#include "solver/tracking/tracking_results.hpp"
#include "solver/tracking/tracking_spec.hpp"

namespace aquaplume::tracking {

/// One well of a zone: a grid column and its screened layers.
struct ZoneWell {
  std::int32_t zone = 0;
  std::int64_t row = 0, col = 0;
  Point2 xy{};                       ///< ring centre [m]
  std::vector<std::int64_t> layers;  ///< screened layers, 0-based, increasing
  double rate = 0.0;                 ///< [m3/d], negative when pumping
  double head = 0.0;                 ///< mean over the screened cells [m]
  double conductivity = 0.0;         ///< mean horizontal K of the screened cells [m/d]
  double porosity = 0.0;             ///< mean effective porosity of the screened cells
};

/// A ring of particles: one well, one screened layer, one level in it.
struct ZoneRing {
  std::int32_t zone = 0, well = 0;
  std::int64_t layer = 0;
  std::int32_t level = 0;
  std::int64_t first_id = 0;
  std::int32_t count = 0;
};

class ProtectionZones {
 public:
  explicit ProtectionZones(std::vector<ProtectionZoneSpec> specs) : specs_(std::move(specs)) {}

  bool empty() const { return specs_.empty(); }
  bool wells_found() const { return found_; }
  /// Finds each zone's wells in the converged flow of a step (the rows of its
  /// wel package, or its cells) with rate, head, conductivity and porosity.
  /// `porosity` holds the owned cells'. Collective.
  void find_wells(const FlowModel& flow, std::span<const double> porosity,
                  const CellArray& conductivity);
  /// Adds one ring of particles per well, screened layer and level (group =
  /// ring index), released at `time` [d]. Throws RunError (agreed by every
  /// rank) when a zone has no well or its wel package pumps nothing.
  void add_particles(ParticleFactory& factory, const StructuredGridSpec& grid, double time);
  /// "<zone> well 2 layer 3" per ring, for the outputs.
  std::vector<std::string> ring_names() const;
  /// Every zone's isochrone travel times, merged [d]: where the tracker records positions.
  std::vector<double> time_points() const;

  /// Delineates every zone from the tracked ring particles: `endpoints` and
  /// `vertices` are this rank's block of particle ids (sorted; vertices by
  /// particle then sequence), `points` the time points recorded on this rank
  /// (indices into time_points()). Results in the case's units. Collective.
  std::vector<ZoneSetResults> delineate(const std::vector<Endpoint>& endpoints,
                                        const std::vector<PathVertex>& vertices,
                                        const std::vector<TimePoint>& points,
                                        const CellGraph& graph, const Units& units) const;

 private:
  std::vector<ProtectionZoneSpec> specs_;
  std::vector<ZoneWell> wells_;
  std::vector<ZoneRing> rings_;
  bool found_ = false;
};

}  // namespace aquaplume::tracking

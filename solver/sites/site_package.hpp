#pragma once
/// The flow package a site generator (landfill, tailings pond, industrial
/// zone; see parse_sites.hpp) assembles: an ordinary Package, named after the
/// site, so that the water budget and every species' mass budget get one line
/// per site and the solvers need nothing special. Its entries are of three kinds:
///
///   Flux      q = rate x m(t) x (covered fraction x plan area)      [m3/d]   (landfill leakage)
///   Leakage   q = C' A_c m(t) (stage - h), or (stage - bottom) once h < bottom   (pond through its
///   liner) Rate      q = Q x m(t), split over the cells by covered area      (spills, leaks, a dam
///   breach)
///
/// with C' a conductance per unit area [1/d] (K_liner / thickness), A_c the
/// covered area of the cell and m(t) a TimeProfile: zero outside the site's
/// active window and a piecewise-linear multiplier inside (a liner failing
/// from a date). The multiplier of a step is its exact mean over the step,
/// so the water (and solute) a site lets in over a run is rate x the integral
/// of m, whatever the time steps. Positive q is into the aquifer; every entry
/// carries its own inflow concentrations for transport.

#include <array>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "solver/packages/package.hpp"
#include "solver/packages/polygon_cells.hpp"

namespace aquaplume::sites {

/// A multiplier in time [-]: 0 before `start` and from `end` on; inside, the
/// piecewise-linear curve through (times, values), held flat beyond its ends
/// (1 when there are no points).
struct TimeProfile {
  double start = -std::numeric_limits<double>::infinity();  ///< [d]
  double end = std::numeric_limits<double>::infinity();     ///< [d]
  std::vector<double> times, values;                        ///< [d], [-]

  double at(double t) const;
  /// The integral of the multiplier over [t0, t1] [d].
  double integral(double t0, double t1) const;
  /// Its mean over [t0, t1]; the value at t1 when t1 <= t0.
  double mean(double t0, double t1) const;
};

/// Where an entry acts: the columns a polygon covers (with their covered
/// fractions) or the column of a point, and in them one layer: a fixed one,
/// or in each column the layer that contains `elevation`.
struct Placement {
  std::optional<PolygonCells> polygon;  ///< cells of every layer; one is picked per column
  std::optional<std::array<std::int64_t, 2>> column;  ///< row, col (0-based) of a point
  std::optional<std::int64_t> layer;                  ///< 0-based
  std::optional<double> elevation;  ///< [m]; the layer holding it (layer 1 above the top)
  SourceLoc loc;
  SourceLoc elevation_loc;  ///< where `elevation` was written
};

/// Per species: the concentration of the water entering [mg/L] and where it was written.
struct InflowConcentrations {
  std::vector<std::pair<std::string, ScheduledValue>> by_species;
  std::vector<std::pair<std::string, SourceLoc>> where;
};

struct SiteEntry {
  enum class Kind { Flux, Leakage, Rate };
  Kind kind = Kind::Flux;
  Placement where;
  /// Flux: rate per unit area [m/d]; Leakage: stage [m]; Rate: total [m3/d].
  ScheduledValue value;
  double conductance = 0.0;  ///< Leakage: per unit area [1/d]
  double bottom = 0.0;       ///< Leakage: [m], below which leakage stops growing
  TimeProfile profile;
  InflowConcentrations concentration;
};

/// The placed cells of one entry on this rank: local cell and covered plan area [m2].
struct PlacedCells {
  std::vector<std::int32_t> cell;
  std::vector<double> area;
};

/// The cells of `where` this rank owns, with their covered plan areas.
/// Records a column whose model bottom lies above `elevation`. Not collective.
PlacedCells place(const Placement& where, const CellGraph& graph, ErrorList& errors);

class SitePackage final : public Package {
 public:
  /// `type` is the site kind ("landfill"), `name` the site's (its budget label).
  SitePackage(std::string type, std::string name, SourceLoc loc);

  void add(SiteEntry entry);
  std::size_t size() const { return entries_.size(); }

  void bind(const CellGraph& graph, ErrorList& errors) override;
  void formulate(const FlowState& state, BoundaryTerms& terms) override;
  bool nonlinear() const override;

 private:
  struct Bound {
    SiteEntry spec;
    std::int32_t index = 0;
    PlacedCells cells;
    double total_area = 0.0;  ///< over all ranks [m2] (Rate entries split by it)
  };
  std::vector<Bound> entries_;
};

}  // namespace aquaplume::sites

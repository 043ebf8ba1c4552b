#pragma once
/// The `tracking:` section of a case (schema and examples: cases/README.md),
/// as plain values in internal units (metres, days), each with its source line.

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mesh/base/cell_array.hpp"
#include "solver/packages/cell_selection.hpp"
#include "solver/tracking/plan_geometry.hpp"

namespace aquaplume {
struct CaseSpec;
}

namespace aquaplume::tracking {

/// Layers as a 0-based half-open range [first, last + 1).
using LayerRange = std::array<std::int64_t, 2>;

/// Where and when particles start.
struct ReleaseSpec {
  enum class Shape { Points, Line, Polygon, Cells, Circle };
  std::string name;
  SourceLoc loc;
  Shape shape = Shape::Points;
  std::vector<std::array<double, 3>> points;  ///< Points: x, y (and z when points_have_z) [m]
  bool points_have_z = false;
  std::vector<Point2> vertices;  ///< Line: its vertices; Polygon: its ring [m]
  double spacing = 0.0;          ///< Line / Polygon: distance between particles [m] (0: use count)
  int count = 0;                 ///< Line / Circle: number of particles in plan
  Point2 centre{};               ///< Circle [m]
  double radius = 0.0;           ///< Circle [m]
  CellSelection cells;           ///< Cells
  std::array<int, 3> per_cell{1, 1, 1};  ///< Cells: particles along x, y, z in each cell
  std::optional<LayerRange> layers;      ///< vertical placement: in these layers...
  std::optional<double> z;               ///< ...or at this elevation [m]
  int levels = 1;             ///< particles per layer, spread over its saturated thickness
  std::vector<double> times;  ///< release times [d]; empty: the default of the run
};

/// A drinking-water well (or well field) whose protection zones are delineated.
struct ProtectionZoneSpec {
  std::string name;  ///< label in the outputs (default: the package name)
  SourceLoc loc;
  std::string package;  ///< a `wel` package: each of its entries (cell columns) is a well
  std::optional<CellSelection> cells;  ///< or the well's cells by `xy` + `layers` (or cell/cells)
  std::optional<Point2> xy;            ///< the well's position when given by `xy` [m]
  std::vector<double> travel_times;    ///< isochrones [d], increasing
  int particles = 72;                  ///< per ring: each screened layer (and level) gets a ring
  int levels = 1;
  std::optional<double> radius;  ///< ring radius [m]; default 0.4 x the smaller cell width
  double alpha = 1.5;            ///< HJ 338-2018 safety factor of the empirical radius
  std::optional<double>
      gradient;  ///< hydraulic gradient I for the empirical radius; default computed
  bool capture_zone = true;
};

/// A place whose arrivals from the releases are reported.
struct ReceptorSpec {
  enum class Shape { Circle, Polygon, Cells };
  std::string name;
  SourceLoc loc;
  Shape shape = Shape::Circle;
  Point2 centre{};
  double radius = 0.0;  ///< [m]
  Ring polygon;         ///< [m]
  CellSelection cells;
  std::optional<LayerRange> layers;  ///< Circle / Polygon: only in these layers (default all)
};

struct TrackingSpec {
  SourceLoc loc;
  CellArrayPtr porosity;  ///< effective porosity: tracking.porosity, else properties.porosity
  int direction = +1;     ///< +1 forward, -1 backward (of the releases; zones always go backward)
  bool stop_at_weak_sinks = true;
  double max_time = std::numeric_limits<double>::infinity();  ///< longest travel time [d]
  bool extend = false;    ///< transient: carry on in the last (backward: first) flow field
  bool pathlines = true;  ///< write pathlines (zones and receptors use them regardless)
  std::int32_t max_steps = 10'000'000;  ///< cell steps per particle (a safeguard)
  std::string crs;                      ///< e.g. "EPSG:4547", written into the GeoJSON
  std::vector<ReleaseSpec> releases;
  std::vector<ProtectionZoneSpec> zones;
  std::vector<ReceptorSpec> receptors;
};

/// Reads the `tracking:` section (nullptr when the case has none). Problems go
/// to `errors` with file, line and key. Needs the grid, units, packages and
/// periods of `spec` read already.
std::shared_ptr<const TrackingSpec> parse_tracking(const Section& root, const CaseSpec& spec,
                                                   const ArrayOpener& opener, ErrorList& errors);

}  // namespace aquaplume::tracking

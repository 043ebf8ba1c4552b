#pragma once
/// What particle tracking hands to the output sink (OutputSink::write_tracking):
/// plain records in the case's units, with no file format attached. io/
/// writes them as results.h5 /tracking, VTK polylines, CSV, GeoJSON and the
/// tracking part of summary.json.
///
/// Endpoint and pathline rows are distributed: each rank holds a block of
/// particle ids (rank r the r-th block), sorted, so rows concatenated in rank
/// order are in particle-id order; `offset` is the first row of this rank.

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "solver/tracking/plan_geometry.hpp"

namespace aquaplume::tracking {

struct EndpointRecord {
  std::int64_t particle_id = 0;
  std::int32_t group = 0;   ///< index into ParticleSetResults::group_names
  std::int32_t status = 0;  ///< index into TrackingResults::status_names
  double release_time = 0.0, end_time = 0.0, travel_time = 0.0;  ///< [T]
  std::array<double, 3> release_xyz{}, end_xyz{};                ///< [L]
  std::array<std::int32_t, 3> release_cell{}, end_cell{};        ///< layer, row, column, 1-based
};

struct PathlineRecord {
  std::int64_t particle_id = 0;
  std::int32_t sequence = 0;             ///< 0 at release, then in order along the path
  std::array<std::int32_t, 3> cell{};    ///< layer, row, column, 1-based
  double time = 0.0, travel_time = 0.0;  ///< [T]
  std::array<double, 3> xyz{};           ///< [L]
};

/// One set of particles tracked together: the case's releases, or the rings
/// around the wells of the protection zones.
struct ParticleSetResults {
  std::string name;       ///< "releases" or "protection_zones"
  std::string direction;  ///< "forward" or "backward"
  std::vector<std::string> group_names;
  std::vector<EndpointRecord> endpoints;  ///< this rank's block
  std::int64_t endpoint_offset = 0, endpoint_total = 0;
  bool has_pathlines = false;
  std::vector<PathlineRecord> pathlines;  ///< this rank's block, by particle then sequence
  std::int64_t pathline_offset = 0, pathline_total = 0;
};

/// One zone of a well (field): an isochrone or the capture zone.
struct ZoneResult {
  bool capture_zone = false;
  double travel_time = 0.0;           ///< [T]; unused for the capture zone
  double area = 0.0;                  ///< [L2], equal to the summed plan area of its columns
  std::int64_t columns = 0;           ///< grid columns inside
  std::vector<PlanPolygon> polygons;  ///< plan view [L], outlines of the columns (rank 0 only)
  double max_distance = 0.0;  ///< farthest particle position from its well at the travel time [L]
  /// HJ 338-2018 empirical radius R = alpha K I T / n and its terms (isochrones only).
  double empirical_radius = 0.0;                                           ///< [L]
  double alpha = 0.0, conductivity = 0.0, gradient = 0.0, porosity = 0.0;  ///< -, [L/T], -, -
  bool gradient_given = false;  ///< from the case, else computed along the pathlines
};

struct ZoneSetResults {
  std::string name;                          ///< the well or well field
  std::string package;                       ///< its wel package, if any
  double pumping_rate = 0.0;                 ///< total, positive when pumping [L3/T]
  std::vector<std::array<double, 2>> wells;  ///< plan positions of the rings' centres [L]
  std::vector<ZoneResult> zones;  ///< isochrones in increasing time, then the capture zone
  /// Per owned cell: 1..k for the smallest isochrone holding its column, k + 1
  /// for the capture zone only, 0 outside.
  std::vector<double> cell_zone;
};

/// Arrivals of one release's particles at one receptor.
struct ReceptorResult {
  std::string receptor, release;
  std::int64_t released = 0, reached = 0;
  double fraction = 0.0;
  double first_arrival_time = 0.0, first_travel_time = 0.0;  ///< [T]; NaN when none arrived
};

struct TrackingResults {
  std::string length_unit, time_unit, crs;
  std::vector<std::string> status_names;
  std::vector<ParticleSetResults> sets;
  std::vector<ZoneSetResults> zones;
  std::vector<std::string> receptor_names;
  std::vector<ReceptorResult> receptors;
  /// Counts and timings for summary.json ("particles", "migrations", ...).
  std::vector<std::pair<std::string, double>> figures;
};

}  // namespace aquaplume::tracking

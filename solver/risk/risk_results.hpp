#pragma once
/// The risk products of a run, handed to the output sink once at the end
/// (OutputSink::write_risk). Everything except `cell_fields` is the same on
/// every rank. Values are in the case's units (lengths, areas, volumes,
/// times), concentrations in mg/L and masses in g.

#include <cstdint>
#include <string>
#include <vector>

#include "solver/output_sink.hpp"

namespace aquaplume::risk {

/// The cells above one threshold at one prediction time.
struct Extent {
  std::int64_t cells = 0;
  double area = 0.0;               ///< plan area of the columns holding such a cell [L2]
  double volume = 0.0;             ///< aquifer volume of the cells [L3]
  double mass = 0.0;               ///< dissolved mass in them: sum of C theta S V [g]
  double max_concentration = 0.0;  ///< [mg/L]
  /// Largest plan distance of such a cell centre from the source boundary
  /// (0 inside the source) [L], and its direction: azimuth of the vector
  /// from the nearest source point, degrees clockwise from north (NaN when
  /// the extent is empty or inside the source).
  double max_distance = 0.0;
  double direction = 0.0;
  /// The columns (row * ncol + col, 0-based, sorted): the plan view, the
  /// maximum over the layers, for the GeoJSON outlines.
  std::vector<std::int64_t> columns;
};

struct SpeciesExtents {
  std::string species;
  double time = 0.0;  ///< prediction time [T]
  std::string label;  ///< as written in the case
  Extent exceedance;  ///< above the standard
  Extent influence;   ///< above the detection limit
};

/// Breakthrough at one receptor: the weighted concentration after every
/// transport step and the first arrivals (linear interpolation between steps).
struct ReceptorResults {
  std::string name;
  std::string kind;           ///< well, zone, river, site_boundary, point
  std::int64_t cells = 0;     ///< cells over which the concentration is averaged
  std::vector<double> times;  ///< [T]
  struct Species {
    std::string species;
    std::vector<double> concentration;  ///< per time [mg/L]
    double max_concentration = 0.0;
    double first_detection = 0.0;   ///< first time above the detection limit [T], NaN: never
    double first_exceedance = 0.0;  ///< first time above the standard [T], NaN: never
    std::vector<double> at_prediction_times;  ///< [mg/L]
  };
  std::vector<Species> species;
};

struct SpeciesStandard {
  std::string species;
  std::string indicator;   ///< standard indicator, empty when the case gives the limit
  double standard = 0.0;   ///< [mg/L]
  double detection = 0.0;  ///< [mg/L]
};

struct RiskResults {
  std::string length_unit, time_unit;
  std::string standard_code, standard_file, quality_class;
  std::string crs;  ///< projected CRS for the GeoJSON ("EPSG:4547"), or empty
  std::vector<SpeciesStandard> species;
  std::vector<double> prediction_times;  ///< [T]
  std::vector<std::string> prediction_labels;
  std::vector<SpeciesExtents> extents;  ///< per prediction time, then per species
  std::vector<ReceptorResults> receptors;
  std::vector<std::string>
      class_names;           ///< class k (1-based) of the per-cell risk class; 0 = unaffected
  double source_area = 0.0;  ///< plan area of the source columns [L2]
  /// Final per-cell products of the owned cells (max concentration, first
  /// exceedance and detection times, risk class), written to /risk/<species>/.
  std::vector<OutputField> cell_fields;
};

}  // namespace aquaplume::risk

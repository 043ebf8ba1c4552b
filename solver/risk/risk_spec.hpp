#pragma once
/// The `risk:` section of a case (schema with an example in cases/README.md):
/// which groundwater quality standard and class the plume is judged against,
/// the prediction times of a groundwater impact assessment (HJ 610-2016), the
/// source the distances are measured from, the receptors whose breakthrough
/// is followed, and the rules of the per-cell risk class. Internal units:
/// metres, days, mg/L.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mesh/base/input_node.hpp"
#include "mesh/polygon.hpp"
#include "solver/packages/cell_selection.hpp"
#include "solver/risk/quality_standard.hpp"

namespace aquaplume {

struct CaseSpec;
struct CaseSource;

namespace risk {

/// The limits one transport species is judged by [mg/L].
struct SpeciesLimits {
  std::string species;     ///< transport species name
  std::size_t index = 0;   ///< its position in transport.species
  std::string indicator;   ///< standard indicator key ("chloride"), empty for an explicit limit
  double standard = 0.0;   ///< the class limit: cells above it exceed the standard
  double detection = 0.0;  ///< detection limit: cells above it are influenced (detectable)
  /// Without `sources:`: the package entries whose inflow brings this species
  /// in at a positive concentration (the transport section's held cells and
  /// mass loadings are added by the risk process).
  std::vector<CellSelection> package_sources;
  SourceLoc loc;
};

enum class ReceptorKind {
  Well,          ///< a screened interval below a plan point
  Zone,          ///< a plan polygon (drinking-water source protection zone), chosen layers
  River,         ///< cells of a river reach (cell selection)
  SiteBoundary,  ///< the columns the site boundary polygon passes through
  Point,         ///< one cell (an observation point)
};

/// A place whose concentration is followed over the run.
struct ReceptorSpec {
  std::string name;
  ReceptorKind kind = ReceptorKind::Point;
  PlanPoint xy;                                     ///< Well, Point by xy [m]
  std::optional<double> screen_top, screen_bottom;  ///< Well: elevations [m]
  std::int64_t lay0 = 0, lay1 = 0;  ///< layers (0-based, half-open); Well without screen, Zone,
                                    ///< SiteBoundary, Point by xy
  std::shared_ptr<const Polygon> polygon;  ///< Zone, SiteBoundary [m]
  std::vector<CellSelection> cells;  ///< River (cells, or every entry of a package), Point by cell
  SourceLoc loc;
};

/// What a risk-class rule asks of a cell.
enum class RiskCondition {
  ExceedsStandard,  ///< above the standard at some time up to `within`
  Detectable,       ///< above the detection limit at some time up to `within`
};

/// A rule of the per-cell risk class. Rules are tried in order; the first
/// that holds gives the cell its class.
struct RiskRule {
  std::string name;
  RiskCondition condition = RiskCondition::ExceedsStandard;
  double within = 0.0;  ///< [d] the prediction horizon of the rule
  SourceLoc loc;
};

struct RiskSpec {
  SourceLoc loc;
  std::string standard_code;  ///< e.g. "GB/T 14848-2017"
  std::string standard_file;  ///< as resolved
  std::string crs;            ///< e.g. "EPSG:4547": the projected CRS named in the GeoJSON outlines
  QualityClass quality_class = QualityClass::III;
  std::vector<SpeciesLimits> species;
  std::vector<double> prediction_times;        ///< [d], increasing, each a time-step end
  std::vector<std::string> prediction_labels;  ///< as written ("1000", "20 a")
  /// Source of the distances: cell selections (polygons included). Empty:
  /// per species, the cells where it enters — package entries with a
  /// positive inflow concentration, transport constant_concentration entries
  /// held above zero and mass loadings (SpeciesLimits::package_sources).
  std::vector<CellSelection> sources;
  std::vector<ReceptorSpec> receptors;
  std::vector<RiskRule> rules;  ///< most severe first
};

/// Reads `risk:`; nullptr when the case has none. Needs the grid, the time
/// steps and the transport species parsed. Records every problem.
std::shared_ptr<const RiskSpec> parse_risk(const Section& root, const CaseSpec& spec,
                                           const CaseSource& source, ErrorList& errors);

/// Names of receptor kinds as written in the case ("well", "zone", ...).
std::string_view receptor_kind_name(ReceptorKind kind);

}  // namespace risk
}  // namespace aquaplume

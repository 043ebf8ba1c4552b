#pragma once
/// Everything a run needs, read from the case file: plain structs whose
/// values carry the place they were written (through InputNode / SourceLoc),
/// in internal units (metres, days).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mesh/base/cell_array.hpp"
#include "mesh/base/input_node.hpp"
#include "mesh/partition.hpp"
#include "mesh/structured_grid.hpp"
#include "solver/case/units.hpp"
#include "solver/packages/package.hpp"
#include "solver/petsc/linear_solver.hpp"
#include "solver/risk/quality_standard.hpp"
#include "solver/time/time_steps.hpp"
#include "solver/transport/transport_spec.hpp"

namespace aquaplume {

namespace tracking {
struct TrackingSpec;
}
namespace risk {
struct RiskSpec;
}

/// Hydraulic properties per cell (3D arrays) [m/d, 1/m, -].
struct FlowProperties {
  CellArrayPtr kx;  ///< along rows (x); `k` or `kh` in the case
  CellArrayPtr ky;  ///< along columns (y); defaults to kx
  CellArrayPtr kz;  ///< vertical; `kv` or `kz`, defaults to kx
  CellArrayPtr specific_storage;  ///< Ss [1/m], default 1e-5
  CellArrayPtr specific_yield;    ///< Sy [-] of convertible cells, default 0.1
  /// 1 where a cell is convertible (its saturated thickness follows the water
  /// table, MODFLOW ICELLTYPE > 0), 0 where it stays confined. Default 0.
  CellArrayPtr convertible;
  /// Effective porosity [-] for seepage velocities, particle tracking and, unless
  /// a species gives its own, transport. Optional (nullptr when not given).
  CellArrayPtr porosity;
};

struct FlowSolverSettings {
  petsc::LinearSolverSettings linear;
  double head_tolerance = 1e-6;     ///< [m] outer-iteration head change (case length unit on input)
  int max_outer_iterations = 100;
  double budget_tolerance = 0.01;   ///< [%] largest allowed percent discrepancy of a step
  /// Fraction of a convertible cell's thickness over which the saturation
  /// curve is rounded at the bottom and top (Newton smoothing).
  double saturation_smoothing = 1e-4;
  /// Floor on the upstream saturation of a horizontal connection, so a dry
  /// cell keeps a trace of conductance and the matrix stays nonsingular.
  double minimum_saturation = 1e-6;
  int backtracking = 5;             ///< halvings of a Newton update that does not reduce the residual
  double newton_linear_tolerance = 1e-8;  ///< relative tolerance of each Newton step's linear solve
  int max_step_cuts = 5;            ///< halvings of a transient step whose flow does not converge
  PartitionMethod partition = PartitionMethod::Geometric;
};

struct OutputSettings {
  std::string directory;  ///< empty: runs/<case name>
  bool hdf5 = true;       ///< always written; the others reference it
  bool xdmf = true;
  bool vtk = true;
  bool compress = false;
  /// Check before the first solve that the output directory has room for the
  /// estimated results (io::estimate_results_bytes); false skips that check.
  bool check_space = true;
  OutputControl control;
  int checkpoint_every_steps = 0;          ///< 0: by wall time only
  double checkpoint_every_seconds = 1800;  ///< wall time between checkpoints; 0: never by time
};

struct CaseSpec {
  std::string file;       ///< path of the case file as given
  std::string directory;  ///< directory of the case file (relative paths start here)
  std::string name;
  std::string title;
  std::string hash;       ///< SHA-256 of the case file bytes
  std::shared_ptr<const InputNode> tree;  ///< the parsed input, kept for its locations

  Units units;
  StructuredGridSpec grid;
  FlowProperties properties;
  CellArrayPtr initial_head;  ///< [m]; defaults to the top of the model
  std::vector<StressPeriod> periods;
  std::vector<std::unique_ptr<Package>> packages;
  FlowSolverSettings solver;
  OutputSettings output;
  /// Particle tracking and protection zones (solver/tracking/tracking_spec.hpp);
  /// nullptr without `tracking:`.
  std::shared_ptr<const tracking::TrackingSpec> tracking;
  std::optional<TransportSpec> transport;  ///< the `transport:` section, when the case has one
  /// Risk products (solver/risk/risk_spec.hpp); nullptr without `risk:`.
  std::shared_ptr<const risk::RiskSpec> risk;
};

/// Inputs of parse_case besides the tree.
struct CaseSource {
  std::string file;
  std::string directory;
  std::string hash;
  ArrayOpener open_array;
  PolygonOpener open_polygon;  ///< `polygon: {file: ...}` (GeoJSON); may be empty
  risk::StandardOpener open_standard;  ///< `risk: {standard: {file: ...}}`; may be empty
};

/// Reads a whole case from its input tree. Every problem goes to `errors`;
/// the returned spec is complete only when `errors` stays empty.
CaseSpec parse_case(std::shared_ptr<const InputNode> tree, const CaseSource& source, ErrorList& errors);

}  // namespace aquaplume

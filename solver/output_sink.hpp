#pragma once
/// Where a run's results go. solver/ produces fields and budgets; io/ decides
/// the file formats (HDF5, XDMF, VTK, CSV) by implementing this interface.
/// Every call is collective: each rank passes its owned cells.

#include <span>
#include <string>
#include <vector>

#include "mesh/cell_graph.hpp"
#include "solver/budget/budget.hpp"
#include "solver/case/case_spec.hpp"
#include "solver/checkpoint.hpp"
#include "solver/time/time_steps.hpp"

namespace aquaplume {

namespace tracking {
struct TrackingResults;
}
namespace risk {
struct RiskResults;
}

/// A per-cell field of the owned cells, in the case's units.
struct OutputField {
  std::string name;            ///< path under /fields, e.g. "head", "concentration/tce"
  std::vector<double> values;  ///< max(width, 1) values per owned cell
  int width = 0;               ///< 0: one value per cell; 3: a vector (x east, y north, z up)
  std::string units;
  std::string description;
};

/// One saved time of the run.
struct StepFields {
  const TimeStep* step = nullptr;
  double time = 0.0;  ///< end of the step, in the case time unit
  std::vector<OutputField> fields;
};

/// A budget of the step, with the factors that turn its internal units
/// (m3/d and m3, or g/d and g) into the case's units.
struct NamedBudget {
  std::string name;  ///< "flow", "mass/tce"
  const Budget* budget = nullptr;
  double rate_factor = 1.0, amount_factor = 1.0;
  std::string rate_units, amount_units;
};

/// Values over time at one named point (a breakthrough curve), the same on every rank.
struct ObservationSeries {
  struct Column {
    std::string name;  ///< e.g. "concentration/tce"
    std::string units;
    std::vector<double> values;  ///< one per time
  };
  std::string name;  ///< the point, e.g. "mw1"
  std::vector<double> times;  ///< in the case time unit
  std::string time_units;
  std::vector<Column> columns;
};

/// Figures of a finished (or failed) run, for the summary and the benchmarks.
struct RunSummary {
  std::int64_t cells = 0;
  int ranks = 1;
  int threads = 1;
  int steps = 0;
  int saved_steps = 0;
  long outer_iterations = 0;
  long linear_iterations = 0;
  double max_percent_discrepancy = 0.0;  ///< largest |discrepancy| of any step
  double head_min = 0.0, head_max = 0.0;  ///< [m] at the end
  double seconds_setup = 0.0, seconds_flow = 0.0, seconds_output = 0.0, seconds_total = 0.0;
  double peak_memory_mb = 0.0;  ///< largest resident set of any rank
  std::string output_directory;
  /// Further figures of processes after flow (e.g. transport iterations), for summary.json.
  std::vector<std::pair<std::string, double>> extra;
};

/// What a run will write: sizes known before the first step, so results can
/// be laid out in advance (and a killed run leaves a readable file).
struct RunPlan {
  std::size_t saved_times = 0;  ///< output times of the whole run
  std::size_t steps = 0;        ///< time steps of the whole run (budget rows)
  const RunPosition* resume = nullptr;  ///< continuing from a checkpoint: where
};

class OutputSink {
 public:
  virtual ~OutputSink() = default;
  /// Opens the results (under temporary names), or reopens them to continue
  /// a run from a checkpoint. Collective.
  virtual void begin(const CaseSpec& spec, const CellGraph& graph, const RunPlan& plan) = 0;
  /// The budgets of every step (flow first). Collective.
  virtual void write_budgets(const TimeStep& step, double time, const std::vector<NamedBudget>& budgets) = 0;
  /// The fields of a saved step. Collective.
  virtual void write_fields(const StepFields& fields) = 0;
  /// Stores a checkpoint of the state `fill` writes, replacing the previous
  /// one only once complete; returns where it is (empty when not stored). Collective.
  virtual std::string write_checkpoint(const RunPosition& position, const StateFiller& fill) { return {}; }
  /// Particle tracking's endpoints, pathlines, zones and arrivals
  /// (solver/tracking/tracking_results.hpp). Collective.
  virtual void write_tracking(const tracking::TrackingResults& results) {}
  /// Time series at named observation points, once per run before finish(). Collective.
  virtual void write_observations(const std::vector<ObservationSeries>& series) {}
  /// Risk products: extents at the prediction times, receptor breakthrough
  /// and arrivals, per-cell products (solver/risk/risk_results.hpp); once per
  /// run before finish(). Collective.
  virtual void write_risk(const risk::RiskResults& results) {}
  /// Completes the results and moves them into place. Collective.
  virtual void finish(const RunSummary& summary) = 0;
  /// Closes the results of a run that stopped early. They stay under their
  /// temporary names (readable, for inspection and --restart); earlier
  /// complete results are never touched. Collective.
  virtual void abandon() = 0;
};

}  // namespace aquaplume

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
#include "solver/time/time_steps.hpp"

namespace aquaplume {

/// One saved time of the run, fields of owned cells in internal units.
struct StepFields {
  const TimeStep* step = nullptr;
  double time = 0.0;                          ///< [d] end of the step
  std::span<const double> head;               ///< [m]
  std::span<const double> specific_discharge;  ///< [m/d], 3 per cell
  std::span<const double> face_flow;          ///< [m3/d], 3 per cell (right, front, lower)
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
};

class OutputSink {
 public:
  virtual ~OutputSink() = default;
  /// Opens the results (under temporary names). Collective.
  virtual void begin(const CaseSpec& spec, const CellGraph& graph) = 0;
  /// The water budget of every step. Collective.
  virtual void write_budget(const TimeStep& step, const Budget& budget) = 0;
  /// The fields of a saved step. Collective.
  virtual void write_fields(const StepFields& fields) = 0;
  /// Completes the results and moves them into place. Collective.
  virtual void finish(const RunSummary& summary) = 0;
  /// Drops the partial results of a failed run, leaving earlier results untouched.
  virtual void abandon() = 0;
};

}  // namespace aquaplume

#pragma once
/// Test helpers: run a case given as YAML text and keep its results in memory,
/// gathered to every rank in natural cell order (test models are small).

#include <mpi.h>

#include <map>
#include <string>
#include <vector>

#include "solver/output_sink.hpp"
#include "solver/simulation.hpp"
#include "solver/risk/risk_results.hpp"
#include "solver/tracking/tracking_results.hpp"

namespace aquaplume::testing {

/// Results of a run, in natural cell order on every rank.
struct MemoryResults {
  std::vector<double> times;                ///< saved times (case units; tests use m and d)
  std::vector<std::vector<double>> head;    ///< per saved time, per cell
  std::vector<std::vector<double>> velocity;  ///< per saved time, 3 per cell [m/d]
  /// Every saved field by name ("head", "concentration/tce", ...), per saved time, natural order.
  std::map<std::string, std::vector<std::vector<double>>> fields;
  /// Every budget by name ("flow", "mass/tce"), per step.
  std::map<std::string, std::vector<std::vector<BudgetTerm>>> named_budgets;
  std::map<std::string, std::vector<double>> named_discrepancy;
  std::vector<double> step_discrepancy;     ///< percent, every step
  std::vector<std::vector<BudgetTerm>> budgets;  ///< every step
  /// Particle tracking, each set's endpoints and pathlines on every rank in particle-id order.
  tracking::TrackingResults tracking;
  std::vector<ObservationSeries> observations;  ///< breakthrough curves, if any
  /// Risk products (cases with `risk:`); cell_fields hold this rank's owned cells only.
  risk::RiskResults risk;
  RunSummary summary;
};

class MemorySink final : public OutputSink {
 public:
  explicit MemorySink(MemoryResults& results) : results_(results) {}
  void begin(const CaseSpec& spec, const CellGraph& graph, const RunPlan& plan) override;
  void write_budgets(const TimeStep& step, double time, const std::vector<NamedBudget>& budgets) override;
  void write_fields(const StepFields& fields) override;
  void write_tracking(const tracking::TrackingResults& results) override;
  void write_observations(const std::vector<ObservationSeries>& series) override { results_.observations = series; }
  void write_risk(const risk::RiskResults& results) override { results_.risk = results; }
  void finish(const RunSummary& summary) override { results_.summary = summary; }
  void abandon() override {}

 private:
  std::vector<double> gather(std::span<const double> owned, int width) const;
  MemoryResults& results_;
  const CellGraph* graph_ = nullptr;
};

/// Parses a case from YAML text (relative array paths start at `directory`).
/// Throws InputError like io::read_case.
CaseSpec case_from_yaml(const std::string& yaml, const std::string& directory = ".");

/// Runs a YAML case on `comm` and returns its results.
MemoryResults run_yaml(const std::string& yaml, MPI_Comm comm = MPI_COMM_WORLD);

/// Prints the line collected by the verification reports (rank 0 only):
///   VERIFY name=<name> metric=<metric> value=<value> tol=<tol>
void report(const std::string& name, const std::string& metric, double value, double tol);

}  // namespace aquaplume::testing

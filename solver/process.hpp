#pragma once
/// A process solved after the flow of every time step, on the flow's face
/// flows: solute transport, particle tracking, risk bookkeeping. The
/// simulation drives each one in the order of the case; nothing in the time
/// loop knows what a process computes.

#include <string>
#include <utility>
#include <vector>

#include "solver/checkpoint.hpp"
#include "solver/flow/flow_model.hpp"
#include "solver/output_sink.hpp"
#include "solver/time/time_steps.hpp"

namespace aquaplume {

class Process {
 public:
  virtual ~Process() = default;
  /// For messages and logs ("transport").
  virtual std::string name() const = 0;
  /// Advances over `step`, whose flow has converged. Collective. Failures
  /// throw RunError (agreed by every rank).
  virtual void advance(const TimeStep& step, const FlowModel& flow) = 0;
  /// Adds the fields to save at an output time (owned cells, case units).
  virtual void append_fields(std::vector<OutputField>& fields) const {}
  /// Adds the budgets of the last step.
  virtual void append_budgets(std::vector<NamedBudget>& budgets) const {}
  /// A short progress note for the step line (e.g. "transport 3 sub-steps, 41 its").
  virtual std::string progress() const { return {}; }
  /// Largest |percent discrepancy| of the last step's budgets, and the allowed one.
  virtual std::pair<double, double> discrepancy() const { return {0.0, 1.0}; }
  /// Called once after the last step: final products and figures. Collective.
  virtual void finish(OutputSink& sink, RunSummary& summary) {}
  /// Writes what it needs to continue from a checkpoint (names under its own
  /// prefix, e.g. "transport/tce/concentration"). Collective.
  virtual void save_state(StateWriter& state) const {}
  /// Restores that state. Collective.
  virtual void load_state(StateReader& state) {}
};

}  // namespace aquaplume

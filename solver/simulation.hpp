#pragma once
/// One run of a case: mesh, model, time loop, outputs.

#include <memory>

#include "mesh/cell_graph.hpp"
#include "solver/case/case_spec.hpp"
#include "solver/checkpoint.hpp"
#include "solver/flow/flow_model.hpp"
#include "solver/output_sink.hpp"
#include "solver/process.hpp"

namespace aquaplume {

/// The distributed model of a case, ready to run.
struct Model {
  CellGraph graph;
  std::unique_ptr<FlowModel> flow;
  std::vector<double> initial_head;  ///< owned cells [m]
  /// Processes solved after flow in every step (transport, tracking, ...), in order.
  std::vector<std::unique_ptr<Process>> processes;
};

/// Builds the mesh and the flow model and binds the packages, reading every
/// array a rank needs. Throws InputError (the same on every rank) listing all
/// problems. Collective. `aquaplume validate` stops here.
Model build_model(CaseSpec& spec, MPI_Comm comm);

struct RunOptions {
  bool progress = true;  ///< log a line per step (rank 0)
  /// Continue from this checkpoint instead of the initial state (nullptr: start afresh).
  StateReader* restart = nullptr;
};

/// The run stopped on SIGINT or SIGTERM after finishing a step and writing a checkpoint.
class RunInterrupted : public RunError {
 public:
  RunInterrupted(const std::string& what, int signal) : RunError(what, true), signal_(signal) {}
  int signal() const { return signal_; }

 private:
  int signal_;
};

/// Runs the time steps of the case and writes through `sink`. A step whose
/// flow does not converge is retried in halves (solver.max_step_cuts times).
/// Checkpoints are written every output.checkpoint interval, on SIGINT or
/// SIGTERM (then RunInterrupted is thrown), and when a step fails for good
/// (the state at the start of that step; then RunError is thrown naming the
/// step, the time, the solver's reason and the worst cells). Collective.
RunSummary run_case(CaseSpec& spec, OutputSink& sink, MPI_Comm comm, const RunOptions& options = {});

}  // namespace aquaplume

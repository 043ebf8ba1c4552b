#pragma once
/// One run of a case: mesh, model, time loop, outputs.

#include <memory>

#include "mesh/cell_graph.hpp"
#include "solver/case/case_spec.hpp"
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
};

/// Runs every time step of the case and writes through `sink`. Throws
/// RunError when a step fails or its budget does not close. Collective.
RunSummary run_case(CaseSpec& spec, OutputSink& sink, MPI_Comm comm, const RunOptions& options = {});

}  // namespace aquaplume

#pragma once
/// Particle tracking as a Process after flow: the case's releases (forward or
/// backward), the protection zones of its drinking-water wells (backward) and
/// the arrivals at its receptors (forward), written through
/// OutputSink::write_tracking.
///
/// Steady flow (one steady step): tracking runs once after the step in the
/// single flow field, for as long as particles move (or tracking.max_time).
/// Time-varying flow: each step's flow holds over the step (MODPATH 7's
/// time-stepped fields). Forward particles advance in advance(), step by step;
/// backward tracking starts from the end, so every step's FlowField is kept on
/// each rank (sizeof(CellFlow), 88 bytes, per owned cell and step) and
/// tracked in finish().

#include <memory>

#include "solver/case/case_spec.hpp"
#include "solver/process.hpp"

namespace aquaplume::tracking {

/// Reads the owned cells' porosity, places the releases' particles (every
/// problem, such as a release point below the model, goes to `errors`).
/// Collective.
std::unique_ptr<Process> make_tracking_process(const CaseSpec& spec, const CellGraph& graph,
                                               ErrorList& errors);

}  // namespace aquaplume::tracking

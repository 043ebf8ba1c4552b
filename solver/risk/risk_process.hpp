#pragma once
/// Risk products after transport (issue 6; HJ 610-2016 prediction, GB/T
/// 14848-2017 standards), computed while the run goes:
///
/// - per cell: the highest concentration of the run, the first time above the
///   detection limit and above the standard, and a risk class from the case's
///   rules (output fields, so they land in results.h5, XDMF and VTK);
/// - per receptor: the volume-weighted concentration after every transport
///   step and the first arrival above detection and above the standard,
///   interpolated linearly between transport steps;
/// - at each prediction time (a time-step end): the exceedance extent (above
///   the standard) and the influence extent (above the detection limit) of
///   every species — cells, plan area, volume, dissolved mass, farthest
///   distance from the source boundary and its direction, and the plan
///   columns for the GeoJSON outlines.
///
/// Everything is computed on the owned cells with reductions over the ranks;
/// only the plan columns of an extent are gathered (to draw it).

#include <memory>

#include "solver/case/case_spec.hpp"
#include "solver/process.hpp"
#include "solver/transport/transport_model.hpp"

namespace aquaplume::risk {

/// Builds the risk process of a case with `risk:` and registers it with the
/// transport it follows. Collective. Problems go to `errors`.
std::unique_ptr<Process> make_risk_process(const CaseSpec& spec, const CellGraph& graph,
                                           TransportProcess& transport, ErrorList& errors);

}  // namespace aquaplume::risk

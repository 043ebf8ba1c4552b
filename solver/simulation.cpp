#include "solver/simulation.hpp"

#include "mesh/base/fault_point.hpp"
#include "mesh/base/parallel.hpp"
#include "solver/risk/risk_process.hpp"
#include "solver/tracking/tracking_process.hpp"
#include "solver/transport/transport_model.hpp"

namespace aquaplume {

Model build_model(CaseSpec& spec, MPI_Comm comm) {
  Model model;
  auto owned = partition_cells(spec.grid, spec.solver.partition, comm);
  ErrorList errors;
  model.graph = build_cell_graph(spec.grid, std::move(owned), comm, errors);
  const CellGraph& g = model.graph;
  fault_point("setup", comm);
  std::vector<std::int64_t> owned_natural(g.natural_index.begin(), g.natural_index.begin() + g.n_owned);
  if (!all_ranks_ok(errors.empty(), comm)) {
    // No flow model on a broken geometry, but the other arrays can still be
    // checked as FlowModel would, so that one report lists every problem.
    const FlowProperties& p = spec.properties;
    const std::pair<const CellArray*, Limits> arrays[] = {
        {p.kx.get(), Limits::positive()},
        {p.ky.get(), Limits::positive()},
        {p.kz.get(), Limits::positive()},
        {p.specific_storage.get(), Limits::non_negative()},
        {p.specific_yield.get(), Limits::between(0.0, 1.0)},
        {p.convertible.get(), Limits::between(0.0, 1.0)},
        {spec.initial_head.get(), {}}};
    for (const auto& [array, limits] : arrays)
      if (array) read_checked(*array, owned_natural, limits, errors);
    throw_if_any_rank(errors, comm);  // merges repeats (ky is kx when not given)
  }

  model.flow = std::make_unique<FlowModel>(model.graph, spec.properties, spec.packages, spec.solver, errors);
  for (auto& p : spec.packages) p->bind(model.graph, errors);
  TransportProcess* transport = nullptr;
  if (spec.transport) {
    auto made = make_transport_model(model.graph, *spec.transport, spec.packages, spec.units, errors);
    transport = made.get();
    model.processes.push_back(std::move(made));
  }
  if (spec.tracking)
    model.processes.push_back(tracking::make_tracking_process(spec, model.graph, errors));
  // Risk products follow the transport's concentrations step by step (parse_risk requires transport).
  if (spec.risk && transport)
    model.processes.push_back(risk::make_risk_process(spec, model.graph, *transport, errors));

  if (spec.initial_head) {
    model.initial_head = read_checked(*spec.initial_head, owned_natural, {}, errors);
  } else {
    // Without initial heads, start at the top of the model (MODFLOW users' usual STRT).
    std::vector<std::int64_t> columns;
    for (std::int32_t c = 0; c < g.n_owned; ++c) columns.push_back(spec.grid.natural(0, g.row[c], g.col[c]));
    model.initial_head = read_checked(*spec.grid.top, columns, {}, errors);
  }
  throw_if_any_rank(errors, comm);
  model.flow->set_head(model.initial_head);
  return model;
}

}  // namespace aquaplume

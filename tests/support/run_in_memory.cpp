#include "tests/support/run_in_memory.hpp"

#include <cstdio>

#include "io/array_files.hpp"
#include "io/geojson_polygons.hpp"
#include "io/standard_reader.hpp"
#include "io/yaml_reader.hpp"
#include "mesh/base/parallel.hpp"
#include "solver/tracking/particle_exchange.hpp"

namespace aquaplume::testing {

void MemorySink::begin(const CaseSpec&, const CellGraph& graph, const RunPlan&) { graph_ = &graph; }

void MemorySink::write_budgets(const TimeStep&, double, const std::vector<NamedBudget>& budgets) {
  for (const auto& nb : budgets) {
    if (nb.name == "flow") {
      results_.step_discrepancy.push_back(nb.budget->percent_discrepancy());
      results_.budgets.push_back(nb.budget->terms());
    }
    results_.named_budgets[nb.name].push_back(nb.budget->terms());
    results_.named_discrepancy[nb.name].push_back(nb.budget->percent_discrepancy());
  }
}

std::vector<double> MemorySink::gather(std::span<const double> owned, int width) const {
  const CellGraph& g = *graph_;
  std::vector<double> local(static_cast<std::size_t>(g.n_global) * width, 0.0);
  for (std::int32_t c = 0; c < g.n_owned; ++c)
    for (int k = 0; k < width; ++k)
      local[static_cast<std::size_t>(g.natural_index[c]) * width + k] = owned[static_cast<std::size_t>(c) * width + k];
  sum_over_ranks(local, g.comm);
  return local;
}

void MemorySink::write_fields(const StepFields& f) {
  results_.times.push_back(f.time);
  for (const auto& field : f.fields) {
    auto all = gather(field.values, std::max(field.width, 1));
    if (field.name == "head") results_.head.push_back(all);
    if (field.name == "velocity") results_.velocity.push_back(all);
    results_.fields[field.name].push_back(std::move(all));
  }
}

void MemorySink::write_tracking(const tracking::TrackingResults& r) {
  results_.tracking = r;
  for (auto& set : results_.tracking.sets) {
    set.endpoints = tracking::all_gather(set.endpoints, graph_->comm);
    set.pathlines = tracking::all_gather(set.pathlines, graph_->comm);
  }
}

CaseSpec case_from_yaml(const std::string& yaml, const std::string& directory) {
  ErrorList errors;
  auto tree = io::parse_yaml(yaml, "<test case>", errors);
  if (!tree) throw InputError(errors);
  CaseSource source;
  source.file = "<test case>";
  source.directory = directory;
  source.open_array = io::make_array_opener(directory);
  source.open_polygon = io::make_polygon_opener(directory);
  source.open_standard = io::make_standard_opener(directory);
  CaseSpec spec = parse_case(tree, source, errors);
  if (spec.name.empty()) spec.name = "test";
  errors.throw_if_any();
  return spec;
}

MemoryResults run_yaml(const std::string& yaml, MPI_Comm comm) {
  CaseSpec spec = case_from_yaml(yaml);
  MemoryResults results;
  MemorySink sink(results);
  RunOptions options;
  options.progress = false;
  run_case(spec, sink, comm, options);
  return results;
}

void report(const std::string& name, const std::string& metric, double value, double tol) {
  if (comm_rank(MPI_COMM_WORLD) == 0)
    std::printf("VERIFY name=%s metric=%s value=%.6e tol=%.6e\n", name.c_str(), metric.c_str(), value, tol);
}

}  // namespace aquaplume::testing

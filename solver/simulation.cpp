#include "solver/simulation.hpp"

#include <petsclog.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <omp.h>
#include <spdlog/spdlog.h>

#include "mesh/base/parallel.hpp"
#include "solver/transport/transport_model.hpp"

namespace aquaplume {

namespace {

double peak_memory_mb(MPI_Comm comm) {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return max_over_ranks(static_cast<double>(usage.ru_maxrss) / 1024.0, comm);  // ru_maxrss is in kB
}

/// A named PETSc log stage, so that -log_view splits the run by phase.
class LogStage {
 public:
  explicit LogStage(const char* name) {
    PetscLogStage stage;
    PetscLogStageGetId(name, &stage);
    if (stage < 0) PetscLogStageRegister(name, &stage);
    PetscLogStagePush(stage);
  }
  ~LogStage() { PetscLogStagePop(); }
  LogStage(const LogStage&) = delete;
  LogStage& operator=(const LogStage&) = delete;
};

/// The summary's wall-time entry of a process ("seconds_transport"), created at 0.
double& seconds_of(RunSummary& summary, const std::string& process) {
  const std::string key = "seconds_" + process;
  for (auto& [name, value] : summary.extra)
    if (name == key) return value;
  summary.extra.emplace_back(key, 0.0);
  return summary.extra.back().second;
}

std::string clock(double seconds) {
  auto s = static_cast<long>(std::lround(seconds));
  return fmt::format("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
}

NamedBudget flow_budget(const Units& u, const Budget& budget) {
  const std::string volume = u.length + "3";
  return {"flow", &budget, 1.0 / u.to_internal(3, -1), 1.0 / u.to_internal(3, 0), volume + "/" + u.time, volume};
}

/// Head, specific discharge and face flows of the owned cells, in case units.
std::vector<OutputField> flow_fields(const Units& u, const FlowModel& flow) {
  auto scaled = [](std::vector<double> v, double factor) {
    for (double& x : v) x *= factor;
    return v;
  };
  const auto n_owned = static_cast<std::size_t>(flow.graph().n_owned);
  std::vector<double> head(flow.head().begin(), flow.head().begin() + static_cast<std::ptrdiff_t>(n_owned));
  const std::string L = u.length, T = u.time;
  std::vector<OutputField> fields;
  fields.push_back({"head", scaled(std::move(head), 1.0 / u.length_factor()), 0, L, "hydraulic head"});
  fields.push_back({"velocity", scaled(flow.specific_discharge(), 1.0 / u.to_internal(1, -1)), 3, L + "/" + T,
                    "specific discharge (Darcy flux) per cell, x east, y north, z up; divide by porosity for "
                    "the seepage velocity"});
  fields.push_back({"face_flow", scaled(flow.face_flows(), 1.0 / u.to_internal(3, -1)), 3, L + "3/" + T,
                    "flow out of each cell through its right (+col), front (+row) and lower (+layer) faces"});
  return fields;
}

}  // namespace

Model build_model(CaseSpec& spec, MPI_Comm comm) {
  Model model;
  auto owned = partition_cells(spec.grid, spec.solver.partition, comm);
  ErrorList errors;
  model.graph = build_cell_graph(spec.grid, std::move(owned), comm, errors);
  throw_if_any_rank(errors, comm);

  model.flow = std::make_unique<FlowModel>(model.graph, spec.properties, spec.packages, spec.solver, errors);
  for (auto& p : spec.packages) p->bind(model.graph, errors);

  const CellGraph& g = model.graph;
  std::vector<std::int64_t> owned_natural(g.natural_index.begin(), g.natural_index.begin() + g.n_owned);
  if (spec.initial_head) {
    model.initial_head = read_checked(*spec.initial_head, owned_natural, {}, errors);
  } else {
    // Without initial heads, start at the top of the model (MODFLOW users' usual STRT).
    std::vector<std::int64_t> columns;
    for (std::int32_t c = 0; c < g.n_owned; ++c) columns.push_back(spec.grid.natural(0, g.row[c], g.col[c]));
    model.initial_head = read_checked(*spec.grid.top, columns, {}, errors);
  }
  if (spec.transport)
    model.processes.push_back(make_transport_model(model.graph, *spec.transport, spec.packages, spec.units, errors));
  throw_if_any_rank(errors, comm);
  model.flow->set_head(model.initial_head);
  return model;
}

RunSummary run_case(CaseSpec& spec, OutputSink& sink, MPI_Comm comm, const RunOptions& options) {
  const double t_start = MPI_Wtime();
  RunSummary summary;
  summary.ranks = comm_size(comm);
  summary.threads = omp_get_max_threads();

  Model model = [&] {
    LogStage stage("setup");
    return build_model(spec, comm);
  }();
  const CellGraph& g = model.graph;
  summary.cells = g.n_global;
  const auto steps = time_steps(spec.periods);
  summary.seconds_setup = MPI_Wtime() - t_start;
  spdlog::info("{}: {} cells ({} x {} x {}), {} rank(s) x {} thread(s), {} step(s) in {} period(s)", spec.name,
               g.n_global, spec.grid.nlay, spec.grid.nrow, spec.grid.ncol, summary.ranks, summary.threads,
               steps.size(), spec.periods.size());

  {
    LogStage stage("output");
    const double t0 = MPI_Wtime();
    sink.begin(spec, g);
    summary.seconds_output += MPI_Wtime() - t0;
  }

  const double t_loop = MPI_Wtime();
  for (std::size_t s = 0; s < steps.size(); ++s) {
    const TimeStep& step = steps[s];
    FlowStepResult result;
    {
      LogStage stage("flow");
      const double t0 = MPI_Wtime();
      result = model.flow->solve_step(step);
      summary.seconds_flow += MPI_Wtime() - t0;
    }
    summary.outer_iterations += result.outer_iterations;
    summary.linear_iterations += result.linear_iterations;
    ++summary.steps;
    const double to_case_time = 1.0 / spec.units.time_factor();
    if (!result.converged)
      throw RunError(fmt::format("flow did not converge in period {} step {} (t = {:g} {}): {}", step.period + 1,
                                 step.step + 1, step.end() * to_case_time, spec.units.time, result.failure),
                     true);
    const Budget& budget = model.flow->budget();
    const double discrepancy = budget.percent_discrepancy();
    summary.max_percent_discrepancy = std::max(summary.max_percent_discrepancy, std::abs(discrepancy));
    std::string notes;
    for (auto& process : model.processes) {
      LogStage process_stage(process->name().c_str());
      const double t1 = MPI_Wtime();
      process->advance(step, *model.flow);
      seconds_of(summary, process->name()) += MPI_Wtime() - t1;
      if (auto note = process->progress(); !note.empty()) notes += "  " + note;
      auto [worst, allowed] = process->discrepancy();
      if (worst > allowed)
        throw RunError(fmt::format("{} budget does not close in period {} step {}: discrepancy {:.3g} % exceeds {:g} %",
                                   process->name(), step.period + 1, step.step + 1, worst, allowed),
                       true);
    }

    LogStage stage("output");
    const double t0 = MPI_Wtime();
    std::vector<NamedBudget> budgets{flow_budget(spec.units, budget)};
    for (const auto& process : model.processes) process->append_budgets(budgets);
    sink.write_budgets(step, step.end() * to_case_time, budgets);
    if (spec.output.control.saves(steps, s)) {
      auto fields = flow_fields(spec.units, *model.flow);
      for (const auto& process : model.processes) process->append_fields(fields);
      sink.write_fields(StepFields{&step, step.end() * to_case_time, std::move(fields)});
      ++summary.saved_steps;
    }
    summary.seconds_output += MPI_Wtime() - t0;

    if (options.progress) {
      const double elapsed = MPI_Wtime() - t_loop;
      const double eta = elapsed / static_cast<double>(s + 1) * static_cast<double>(steps.size() - s - 1);
      spdlog::info("step {}/{}  period {} step {}  t = {:g} {}  dt = {:g} {}  outer {}  linear {}  budget {:+.2e} %{}  ETA {}",
                   s + 1, steps.size(), step.period + 1, step.step + 1, step.end() * to_case_time, spec.units.time,
                   step.dt * to_case_time, spec.units.time, result.outer_iterations, result.linear_iterations,
                   discrepancy, notes, clock(eta));
    }
    if (std::abs(discrepancy) > spec.solver.budget_tolerance)
      throw RunError(fmt::format("water budget does not close in period {} step {}: discrepancy {:.3g} % exceeds "
                                 "solver.budget_tolerance = {:g} % (in {:.6g}, out {:.6g} m3/d)",
                                 step.period + 1, step.step + 1, discrepancy, spec.solver.budget_tolerance,
                                 budget.total_in(), budget.total_out()),
                     true);
  }

  double hmin = INFINITY, hmax = -INFINITY;
  for (std::int32_t c = 0; c < g.n_owned; ++c) {
    hmin = std::min(hmin, model.flow->head()[c]);
    hmax = std::max(hmax, model.flow->head()[c]);
  }
  summary.head_min = min_over_ranks(hmin, comm) / spec.units.length_factor();
  summary.head_max = max_over_ranks(hmax, comm) / spec.units.length_factor();
  summary.peak_memory_mb = peak_memory_mb(comm);
  summary.seconds_total = MPI_Wtime() - t_start;
  for (auto& process : model.processes) process->finish(sink, summary);
  for (const auto& [phase, seconds] : summary.extra)
    if (phase.starts_with("seconds_")) spdlog::debug("{} {:.2f} s", phase, seconds);
  {
    LogStage stage("output");
    const double t0 = MPI_Wtime();
    sink.finish(summary);
    summary.seconds_output += MPI_Wtime() - t0;
  }
  summary.seconds_total = MPI_Wtime() - t_start;
  return summary;
}

}  // namespace aquaplume

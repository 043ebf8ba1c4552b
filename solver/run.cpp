/// The time loop of a run: steps, step cuts, processes after flow, outputs,
/// checkpoints and clean stops (solver/simulation.hpp, run_case).

#include <petsclog.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>

#include <fmt/format.h>
#include <omp.h>
#include <spdlog/spdlog.h>

#include "mesh/base/fault_point.hpp"
#include "mesh/base/parallel.hpp"
#include "solver/memory_state.hpp"
#include "solver/simulation.hpp"

namespace aquaplume {

namespace {

/// Set by SIGINT/SIGTERM; the loop finishes its step, checkpoints and stops.
volatile std::sig_atomic_t g_stop_signal = 0;
extern "C" void on_stop_signal(int signal) { g_stop_signal = signal; }

/// Installs the handlers for the life of a run and restores the previous ones.
class StopSignals {
 public:
  StopSignals() {
    g_stop_signal = 0;
    previous_int_ = std::signal(SIGINT, on_stop_signal);
    previous_term_ = std::signal(SIGTERM, on_stop_signal);
  }
  ~StopSignals() {
    std::signal(SIGINT, previous_int_);
    std::signal(SIGTERM, previous_term_);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  void (*previous_int_)(int);
  void (*previous_term_)(int);
};

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

/// Head, specific discharge, face flows (and saturation) of the owned cells, in case units.
std::vector<OutputField> flow_fields(const Units& u, const FlowModel& flow) {
  auto scaled = [](std::vector<double> v, double factor) {
    for (double& x : v) x *= factor;
    return v;
  };
  const auto n_owned = static_cast<std::ptrdiff_t>(flow.graph().n_owned);
  std::vector<double> head(flow.head().begin(), flow.head().begin() + n_owned);
  const std::string L = u.length, T = u.time;
  std::vector<OutputField> fields;
  fields.push_back({"head", scaled(std::move(head), 1.0 / u.length_factor()), 0, L, "hydraulic head"});
  fields.push_back({"velocity", scaled(flow.specific_discharge(), 1.0 / u.to_internal(1, -1)), 3, L + "/" + T,
                    "specific discharge (Darcy flux) per cell, x east, y north, z up; divide by porosity for "
                    "the seepage velocity"});
  fields.push_back({"face_flow", scaled(flow.face_flows(), 1.0 / u.to_internal(3, -1)), 3, L + "3/" + T,
                    "flow out of each cell through its right (+col), front (+row) and lower (+layer) faces"});
  if (flow.has_convertible_cells()) {
    std::vector<double> s(flow.saturation().begin(), flow.saturation().begin() + n_owned);
    fields.push_back({"saturation", std::move(s), 0, "1",
                      "saturated fraction of the cell thickness (0: dry; below 1: water table inside the cell)"});
  }
  return fields;
}

/// Drives one run: every method is collective.
class Runner {
 public:
  Runner(CaseSpec& spec, Model& model, OutputSink& sink, MPI_Comm comm, const RunOptions& options, RunSummary& summary)
      : spec_(spec), model_(model), sink_(sink), comm_(comm), options_(options), summary_(summary),
        steps_(time_steps(spec.periods)) {}

  const std::vector<TimeStep>& steps() const { return steps_; }

  void save_state(StateWriter& state) const {
    model_.flow->save_state(state);
    for (const auto& p : model_.processes) p->save_state(state);
  }

  void load_state(StateReader& state) {
    model_.flow->load_state(state);
    for (auto& p : model_.processes) p->load_state(state);
  }

  std::string checkpoint(const RunPosition& position) {
    return sink_.write_checkpoint(position, [this](StateWriter& w) { save_state(w); });
  }

  /// Solves time step `index` (cutting it if needed), then writes its outputs.
  void run_step(std::size_t index, RunPosition& position) {
    const TimeStep& step = steps_[index];
    fault_point(fmt::format("step:{}", index), comm_);
    // The state at the step start (a copy of a few vectors per cell, cheap
    // next to a solve): if the step fails for good, whatever the reason, the
    // checkpoint holds this consistent state rather than half a step.
    snapshot_ = std::make_unique<MemoryState>(position);
    save_state(*snapshot_);
    FlowStepResult last;
    try {
      if (!attempt(step, spec_.solver.max_step_cuts, last)) fail(step, last);
    } catch (const RunError& e) {
      if (!e.agreed()) throw;  // one rank's failure: the others may be stuck; main() stops the job
      load_state(*snapshot_);
      const std::string file = checkpoint(position);
      if (file.empty()) throw;
      throw RunError(fmt::format("{}; the state before this step is in {} (continue with --restart {} once the "
                                 "case is fixed)",
                                 e.what(), file, file),
                     true);
    }
    ++summary_.steps;

    const double to_case_time = 1.0 / spec_.units.time_factor();
    LogStage stage("output");
    const double t0 = MPI_Wtime();
    std::vector<NamedBudget> budgets{flow_budget(spec_.units, model_.flow->budget())};
    for (const auto& process : model_.processes) process->append_budgets(budgets);
    sink_.write_budgets(step, step.end() * to_case_time, budgets);
    if (spec_.output.control.saves(steps_, index)) {
      auto fields = flow_fields(spec_.units, *model_.flow);
      for (const auto& process : model_.processes) process->append_fields(fields);
      sink_.write_fields(StepFields{&step, step.end() * to_case_time, std::move(fields)});
      ++summary_.saved_steps;
      ++position.saved;
    }
    position.next_step = index + 1;
    position.time = step.end();
    summary_.seconds_output += MPI_Wtime() - t0;
  }

  std::string notes;  ///< remarks of the last step for the progress line
  int cuts = 0;       ///< step cuts of the last step

 private:
  /// Flow over `step`, then every process. On a flow failure in a transient
  /// step, goes back to the step start and tries two halves (up to `cuts_left`
  /// halvings). Returns false when it cannot; `last` holds the last failure.
  bool attempt(const TimeStep& step, int cuts_left, FlowStepResult& last) {
    FlowStepResult result;
    {
      LogStage stage("flow");
      const double t0 = MPI_Wtime();
      result = model_.flow->solve_step(step);
      summary_.seconds_flow += MPI_Wtime() - t0;
    }
    summary_.outer_iterations += result.outer_iterations;
    summary_.linear_iterations += result.linear_iterations;
    if (!result.converged) {
      last = result;
      last.failure += fmt::format(" (dt = {:g} d)", step.dt);
      model_.flow->restore_step_start();
      if (step.steady || cuts_left <= 0) return false;
      ++cuts;
      TimeStep first = step, second = step;
      first.dt = second.dt = 0.5 * step.dt;
      second.start = step.start + first.dt;
      first.last_in_period = false;
      second.first_in_period = false;
      return attempt(first, cuts_left - 1, last) && attempt(second, cuts_left - 1, last);
    }
    for (const auto& p : spec_.packages)
      if (auto note = p->step_note(comm_); !note.empty())
        spdlog::warn("period {} step {}: {}", step.period + 1, step.step + 1, note);
    const double discrepancy = model_.flow->budget().percent_discrepancy();
    summary_.max_percent_discrepancy = std::max(summary_.max_percent_discrepancy, std::abs(discrepancy));
    if (std::abs(discrepancy) > spec_.solver.budget_tolerance)
      throw RunError(fmt::format("water budget does not close in period {} step {}: discrepancy {:.3g} % exceeds "
                                 "solver.budget_tolerance = {:g} % (in {:.6g}, out {:.6g} m3/d)",
                                 step.period + 1, step.step + 1, discrepancy, spec_.solver.budget_tolerance,
                                 model_.flow->budget().total_in(), model_.flow->budget().total_out()),
                     true);
    for (auto& process : model_.processes) {
      LogStage stage(process->name().c_str());
      const double t0 = MPI_Wtime();
      process->advance(step, *model_.flow);
      seconds_of(summary_, process->name()) += MPI_Wtime() - t0;
      if (auto note = process->progress(); !note.empty()) notes += "  " + note;
      auto [worst, allowed] = process->discrepancy();
      if (worst > allowed)
        throw RunError(fmt::format("{} budget does not close in period {} step {}: discrepancy {:.3g} % exceeds {:g} %",
                                   process->name(), step.period + 1, step.step + 1, worst, allowed),
                       true);
    }
    last = result;
    return true;
  }

  /// Throws the failure of a flow step that every cut failed: step, time,
  /// the solver's reason and the cells with the largest residuals (run_step
  /// adds the checkpoint of the step start).
  [[noreturn]] void fail(const TimeStep& step, const FlowStepResult& last) {
    std::string where;
    for (const auto& [natural, residual] : model_.flow->worst_cells(3))
      where += fmt::format("{}{} {:.3g} m3/d", where.empty() ? "" : ", ", spec_.grid.shape().cell_name(natural),
                           residual);
    const double T = 1.0 / spec_.units.time_factor();
    throw RunError(fmt::format("flow did not converge in period {} step {} (t = {:g} .. {:g} {}) after {} step cut(s): {}; "
                               "largest residuals at {}",
                               step.period + 1, step.step + 1, step.start * T, step.end() * T, spec_.units.time,
                               step.steady ? 0 : spec_.solver.max_step_cuts, last.failure, where),
                   true);
  }

  CaseSpec& spec_;
  Model& model_;
  OutputSink& sink_;
  MPI_Comm comm_;
  const RunOptions& options_;
  RunSummary& summary_;
  std::vector<TimeStep> steps_;
  std::unique_ptr<MemoryState> snapshot_;

 public:
  void forget_snapshot() { snapshot_.reset(); }
};

}  // namespace

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
  Runner runner(spec, model, sink, comm, options, summary);
  const auto& steps = runner.steps();

  RunPosition position;
  if (options.restart) {
    position = options.restart->position();
    if (position.next_step > steps.size())
      throw RunError(fmt::format("the checkpoint is at step {}, beyond the {} steps of this case", position.next_step,
                                 steps.size()),
                     true);
    options.restart->attach(g);
    runner.load_state(*options.restart);
    spdlog::info("continuing from the checkpoint at t = {:g} {} (step {} of {})", position.time / spec.units.time_factor(),
                 spec.units.time, position.next_step, steps.size());
  }
  RunPlan plan;
  plan.steps = steps.size();
  for (std::size_t s = 0; s < steps.size(); ++s) plan.saved_times += spec.output.control.saves(steps, s) ? 1 : 0;
  plan.resume = options.restart ? &position : nullptr;
  summary.seconds_setup = MPI_Wtime() - t_start;
  spdlog::info("{}: {} cells ({} x {} x {}), {} rank(s) x {} thread(s), {} step(s) in {} period(s)", spec.name,
               g.n_global, spec.grid.nlay, spec.grid.nrow, spec.grid.ncol, summary.ranks, summary.threads,
               steps.size(), spec.periods.size());
  {
    LogStage stage("output");
    const double t0 = MPI_Wtime();
    sink.begin(spec, g, plan);
    summary.seconds_output += MPI_Wtime() - t0;
  }

  StopSignals signals;
  const double t_loop = MPI_Wtime();
  double last_checkpoint = t_loop;
  const std::size_t first = position.next_step;
  for (std::size_t s = first; s < steps.size(); ++s) {
    const TimeStep& step = steps[s];
    runner.notes.clear();
    runner.cuts = 0;
    runner.forget_snapshot();
    runner.run_step(s, position);

    if (options.progress) {
      const double elapsed = MPI_Wtime() - t_loop;
      const double eta = elapsed / static_cast<double>(s + 1 - first) * static_cast<double>(steps.size() - s - 1);
      const double T = 1.0 / spec.units.time_factor();
      spdlog::info("step {}/{}  period {} step {}  t = {:g} {}  dt = {:g} {}{}  budget {:+.2e} %{}  ETA {}", s + 1,
                   steps.size(), step.period + 1, step.step + 1, step.end() * T, spec.units.time, step.dt * T,
                   spec.units.time, runner.cuts ? fmt::format(" ({} cut(s))", runner.cuts) : "",
                   model.flow->budget().percent_discrepancy(), runner.notes, clock(eta));
    }

    // Checkpoints: every N steps, every so much wall time (agreed across ranks), and on a stop signal.
    const bool stop = !all_ranks_ok(g_stop_signal == 0, comm);
    const double since = max_over_ranks(MPI_Wtime() - last_checkpoint, comm);
    const int every = spec.output.checkpoint_every_steps;
    const bool due = (every > 0 && (s + 1) % static_cast<std::size_t>(every) == 0) ||
                     (spec.output.checkpoint_every_seconds > 0 && since >= spec.output.checkpoint_every_seconds);
    if ((due || stop) && s + 1 < steps.size()) {
      const std::string file = runner.checkpoint(position);
      last_checkpoint = MPI_Wtime();
      if (!file.empty()) spdlog::info("checkpoint at t = {:g} {}: {}", position.time / spec.units.time_factor(),
                                      spec.units.time, file);
      if (stop) {
        int signal = static_cast<int>(g_stop_signal);
        MPI_Allreduce(MPI_IN_PLACE, &signal, 1, MPI_INT, MPI_MAX, comm);
        throw RunInterrupted(fmt::format("stopped by signal {} after step {} of {}; continue with --restart {}", signal,
                                         s + 1, steps.size(), file.empty() ? "<checkpoint>" : file),
                             signal);
      }
    }
  }

  double hmin = INFINITY, hmax = -INFINITY;
  for (std::int32_t c = 0; c < g.n_owned; ++c) {
    hmin = std::min(hmin, model.flow->head()[c]);
    hmax = std::max(hmax, model.flow->head()[c]);
  }
  summary.head_min = min_over_ranks(hmin, comm) / spec.units.length_factor();
  summary.head_max = max_over_ranks(hmax, comm) / spec.units.length_factor();
  for (auto& process : model.processes) process->finish(sink, summary);
  summary.peak_memory_mb = peak_memory_mb(comm);
  summary.seconds_total = MPI_Wtime() - t_start;
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

#include "solver/transport/transport_model.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "mesh/base/parallel.hpp"
#include "solver/petsc/cell_matrix.hpp"
#include "solver/petsc/ghost_exchange.hpp"
#include "solver/petsc/linear_solver.hpp"
#include "solver/transport/advection.hpp"
#include "solver/transport/cell_stencil.hpp"
#include "solver/transport/concentration_boundaries.hpp"
#include "solver/transport/dispersion.hpp"
#include "solver/transport/gradients.hpp"
#include "solver/transport/mass_budget.hpp"
#include "solver/transport/observations.hpp"
#include "solver/transport/source_sink.hpp"
#include "solver/transport/species_balance.hpp"

namespace aquaplume {
namespace {

/// Inner (linear) tolerance of the solves while the outer iteration is still
/// far from converged: each outer pass only needs a modest reduction.
constexpr double kOuterInnerTolerance = 1e-2;

struct SpeciesState {
  const SpeciesSpec* spec = nullptr;
  CellValue porosity;             // local cells
  Dispersivity dispersivity;
  std::vector<double> c;          // local cells [mg/L]
  std::vector<double> c_old;      // owned cells, start of the transport step
  std::vector<double> trend;      // owned cells, change over the last transport step
  double trend_dt = 0.0;          // its length [d]; 0: no trend yet
  std::unique_ptr<MassBudget> budget;
  bool nonlinear = false;
};

/// Figures of one flow step, for the progress line and the summary.
struct StepFigures {
  int substeps = 0, cuts = 0;
  long outer = 0, linear = 0;
};

class TransportModel final : public TransportProcess {
 public:
  TransportModel(const CellGraph& graph, const TransportSpec& spec,
                 const std::vector<std::unique_ptr<Package>>& packages, const Units& units, ErrorList& errors);

  std::string name() const override { return "transport"; }
  void add_listener(TransportListener* listener) override { listeners_.push_back(listener); }
  void advance(const TimeStep& step, const FlowModel& flow) override;
  void append_fields(std::vector<OutputField>& fields) const override;
  void append_budgets(std::vector<NamedBudget>& budgets) const override;
  std::string progress() const override;
  std::pair<double, double> discrepancy() const override;
  void finish(OutputSink& sink, RunSummary& summary) override;
  void save_state(StateWriter& state) const override;
  void load_state(StateReader& state) override;

 private:
  /// One transport step inside the flow step.
  struct Substep {
    double t_old, t_new, dt;         // [d]
    double fraction_old, fraction_new;
    int period;
  };

  void prepare_flow_step(const TimeStep& step, const FlowModel& flow);
  int substeps_needed(const TimeStep& step);
  BalanceInputs balance_inputs(std::size_t s, const Substep& sub);
  void update_conductance(std::size_t s);
  void update_explicit_flux(std::size_t s);
  /// Solves species s over one transport step; false (on every rank) when it fails.
  bool solve_species(std::size_t s, const Substep& sub, std::string& why);
  void exchange(std::span<double> values, int width = 1);
  /// The preconditioner of the transport KSP, set up by its last solve.
  PC preconditioner() const {
    PC pc = nullptr;
    petsc_check(KSPGetPC(solver_.ksp(), &pc), "KSPGetPC");
    return pc;
  }
  double global_norm(std::span<const double> owned) const;

  const CellGraph& graph_;
  TransportSpec spec_;
  const std::vector<std::unique_ptr<Package>>& packages_;
  Units units_;
  bool parallel_;
  bool explicit_flux_;   // TVD or cross-dispersion terms
  double weight_;        // of the new time level

  petsc::GhostExchange ghosts_;
  petsc::CellMatrix matrix_;
  MatrixRows rows_;
  CellStencil stencil_;
  petsc::LinearSolver solver_;
  SourceSinkMixing mixing_;
  ConcentrationBoundaries boundaries_;
  Observations observations_;
  std::vector<TransportListener*> listeners_;
  std::vector<SpeciesState> species_;

  // The flow step being followed.
  const FlowModel* flow_ = nullptr;
  TimeStep step_;
  long flow_version_ = 0;
  bool saturation_varies_ = false;
  std::vector<double> discharge_;  // 3 per local cell [m/d]

  // Work arrays, reused by every species and step.
  std::vector<double> conductance_, deferred_flux_;  // per connection
  std::vector<double> explicit_outflow_;          // owned cells: net deferred (TVD, cross) flux out [g/d]
  std::vector<double> gradient_;                  // kSideGradientWidth per local cell
  std::vector<double> inflow_, loading_, target_, old_level_, residual_, delta_;  // owned cells
  std::vector<double> constant_;  // owned cells: b of R = b - J C - w div E (linear isotherms)
  std::vector<double> group_concentration_, group_concentration_old_;
  petsc::Vector residual_vec_, delta_vec_;  // PETSc views of residual_ and delta_
  std::size_t conductance_species_ = static_cast<std::size_t>(-1);
  long conductance_version_ = -1;
  struct MatrixKey {
    std::size_t species = static_cast<std::size_t>(-1);
    long flow_version = -1;
    double dt = 0.0, fraction = 0.0;
    bool operator==(const MatrixKey&) const = default;
  } matrix_key_;

  StepFigures figures_;
  long total_substeps_ = 0, total_outer_ = 0, total_linear_ = 0, total_cuts_ = 0;
  double worst_discrepancy_ = 0.0;
};

TransportModel::TransportModel(const CellGraph& graph, const TransportSpec& spec,
                               const std::vector<std::unique_ptr<Package>>& packages, const Units& units,
                               ErrorList& errors)
    : graph_(graph),
      spec_(spec),
      packages_(packages),
      units_(units),
      parallel_(comm_size(graph.comm) > 1),
      explicit_flux_(spec.advection == AdvectionScheme::Tvd || spec.cross_dispersion),
      weight_(spec.time.scheme == TimeScheme::CrankNicolson ? 0.5 : 1.0),
      ghosts_(graph),
      matrix_(graph),
      rows_(graph, matrix_),
      stencil_(graph),
      solver_(graph, spec.solver.linear),
      mixing_(graph),
      boundaries_(graph, spec),
      observations_(graph, spec.observations, spec.species.size()) {
  // Every solve is for a correction, whose best first guess is zero: no
  // initial residual product needed (options on the command line still win).
  petsc_check(KSPSetInitialGuessNonzero(solver_.ksp(), PETSC_FALSE), "KSPSetInitialGuessNonzero");
  petsc_check(KSPSetFromOptions(solver_.ksp()), "KSPSetFromOptions");
  const auto n_local = static_cast<std::size_t>(graph.n_local), n_owned = static_cast<std::size_t>(graph.n_owned);
  species_.resize(spec_.species.size());
  for (std::size_t s = 0; s < species_.size(); ++s) {
    SpeciesState& st = species_[s];
    const SpeciesSpec& sp = spec_.species[s];
    st.spec = &sp;
    if (sp.porosity) st.porosity = CellValue(*sp.porosity, graph, {0.0, 1.0, true}, errors);
    if (sp.initial) st.c = read_checked(*sp.initial, graph.natural_index, Limits::non_negative(), errors);
    st.c.resize(n_local, 0.0);
    st.c_old.assign(n_owned, 0.0);
    st.trend.assign(n_owned, 0.0);
    st.dispersivity = {sp.longitudinal, sp.transverse_horizontal, sp.transverse_vertical, sp.diffusion};
    st.budget = std::make_unique<MassBudget>(sp, packages, boundaries_.any_constant(s), boundaries_.loading_terms(s));
    st.nonlinear = !sp.sorption.linear();
  }
  conductance_.assign(graph.connections.size(), 0.0);
  if (explicit_flux_) {
    explicit_outflow_.assign(n_owned, 0.0);
    deferred_flux_.assign(graph.connections.size(), 0.0);
    gradient_.assign(n_local * kSideGradientWidth, 0.0);
  }
  discharge_.assign(3 * n_local, 0.0);
  for (auto* v : {&inflow_, &loading_, &target_, &residual_, &delta_, &constant_}) v->assign(n_owned, 0.0);
  if (weight_ < 1.0) old_level_.assign(n_owned, 0.0);
  petsc_check(VecCreateMPIWithArray(graph.comm, 1, graph.n_owned, PETSC_DECIDE, residual_.data(), residual_vec_.out()),
              "VecCreateMPIWithArray");
  petsc_check(VecCreateMPIWithArray(graph.comm, 1, graph.n_owned, PETSC_DECIDE, delta_.data(), delta_vec_.out()),
              "VecCreateMPIWithArray");
}

void TransportModel::exchange(std::span<double> values, int width) {
  if (parallel_) ghosts_.update(values, width);
}

double TransportModel::global_norm(std::span<const double> owned) const {
  double sum = 0.0;
  for (std::int32_t n = 0; n < graph_.n_owned; ++n) sum += owned[n] * owned[n];
  return std::sqrt(sum_over_ranks(sum, graph_.comm));
}

void TransportModel::prepare_flow_step(const TimeStep& step, const FlowModel& flow) {
  flow_ = &flow;
  step_ = step;
  ++flow_version_;
  const auto q = flow.specific_discharge();
  std::copy(q.begin(), q.end(), discharge_.begin());
  exchange(discharge_, 3);
  mixing_.update(flow);
  bool varies = false;
  const auto s0 = flow.saturation_old(), s1 = flow.saturation();
  for (std::int32_t n = 0; n < graph_.n_local && !varies; ++n) varies = s0[n] != s1[n];
  saturation_varies_ = !all_ranks_ok(!varies, graph_.comm);
}

BalanceInputs TransportModel::balance_inputs(std::size_t s, const Substep& sub) {
  BalanceInputs in;
  in.graph = &graph_;
  in.species = species_[s].spec;
  in.porosity = &species_[s].porosity;
  in.face_flow = flow_->connection_flow();
  in.storage_flow = flow_->storage_flow();
  in.saturation_start = flow_->saturation_old();
  in.saturation_end = flow_->saturation();
  in.flow_dt = step_.dt;
  in.sink = mixing_.outflow();
  in.dt = sub.dt;
  in.weight = weight_;
  in.fraction_old = sub.fraction_old;
  in.fraction_new = sub.fraction_new;
  in.conductance = conductance_;
  if (explicit_flux_) in.explicit_outflow = explicit_outflow_;
  if (boundaries_.any_constant(s)) in.target = target_;
  if (weight_ < 1.0) in.old_level = old_level_;
  return in;
}

void TransportModel::update_conductance(std::size_t s) {
  if (conductance_species_ == s && conductance_version_ == flow_version_) return;
  DispersionInputs in{&graph_, flow_->connection_flow(), discharge_, flow_->saturation(), &species_[s].porosity};
  dispersive_conductance(in, species_[s].dispersivity, conductance_);
  conductance_species_ = s;
  conductance_version_ = flow_version_;
}

void TransportModel::update_explicit_flux(std::size_t s) {
  SpeciesState& st = species_[s];
  side_gradients(graph_, stencil_, st.c, gradient_);
  exchange(gradient_, kSideGradientWidth);
  if (spec_.advection == AdvectionScheme::Tvd)
    tvd_outflow(graph_, stencil_, flow_->connection_flow(), st.c, gradient_, deferred_flux_, explicit_outflow_);
  else
    std::fill(explicit_outflow_.begin(), explicit_outflow_.end(), 0.0);
  if (spec_.cross_dispersion) {
    DispersionInputs in{&graph_, flow_->connection_flow(), discharge_, flow_->saturation(), &st.porosity};
    add_cross_dispersion(in, stencil_, st.dispersivity, gradient_, deferred_flux_, explicit_outflow_);
  }
}

int TransportModel::substeps_needed(const TimeStep& step) {
  double needed = 1.0;
  const TransportTimeSettings& t = spec_.time;
  if (t.max_dt > 0.0) needed = std::max(needed, std::ceil(step.dt / t.max_dt * (1.0 - 1e-12)));
  if (t.courant > 0.0 || weight_ < 1.0) {
    Substep whole{step.start, step.end(), step.dt, 0.0, 1.0, step.period};
    double courant = 0.0, positivity = 0.0;
    for (std::size_t s = 0; s < species_.size(); ++s) {
      update_conductance(s);
      SpeciesBalance balance(balance_inputs(s, whole));
      courant = std::max(courant, balance.max_courant(step.dt));
      if (weight_ < 1.0) {
        // Crank–Nicolson keeps concentrations non-negative only while the
        // explicit half of every cell's balance has a non-negative diagonal:
        // (1 - w) dt (k Q_out + sum G + Q_sink) / W <= 1, with k = 2 for TVD
        // (its face value can double the upstream outflow coefficient).
        const double k = spec_.advection == AdvectionScheme::Tvd ? 2.0 : 1.0;
        positivity = std::max(positivity, (1.0 - weight_) * balance.max_explicit_rate(k) * step.dt);
      }
    }
    courant = max_over_ranks(courant, graph_.comm);
    positivity = max_over_ranks(positivity, graph_.comm);
    if (t.courant > 0.0) needed = std::max(needed, std::ceil(courant / t.courant * (1.0 - 1e-12)));
    needed = std::max(needed, std::ceil(positivity * (1.0 - 1e-12)));
  }
  return static_cast<int>(std::min(needed, 1e7));
}

bool TransportModel::solve_species(std::size_t s, const Substep& sub, std::string& why) {
  SpeciesState& st = species_[s];
  const SpeciesSpec& sp = *st.spec;
  const TransportSolverSettings& settings = spec_.solver;
  update_conductance(s);
  const BalanceInputs in = balance_inputs(s, sub);
  SpeciesBalance balance(in);

  // Sources and held concentrations at the new time level (backward Euler:
  // a schedule's value at the end of the step).
  mixing_.group_concentrations(packages_, sp.name, sub.period, sub.t_new, group_concentration_);
  mixing_.inflow_mass(group_concentration_, inflow_);
  const ConcentrationBoundaries::Interval interval{sub.t_old, sub.t_new};
  boundaries_.loading(s, sub.period, sub.t_new, interval, loading_);
  if (boundaries_.any_constant(s)) boundaries_.constant_targets(s, sub.period, sub.t_new, target_);
  if (explicit_flux_) update_explicit_flux(s);

  st.budget->begin_substep();
  if (weight_ < 1.0) {
    // Crank–Nicolson: the old level's terms, once per step, booked with weight 1 - w.
    std::vector<double> inflow_old(inflow_.size()), loading_old(loading_.size());
    mixing_.group_concentrations(packages_, sp.name, sub.period, sub.t_old, group_concentration_old_);
    mixing_.inflow_mass(group_concentration_old_, inflow_old);
    boundaries_.loading(s, sub.period, sub.t_old, interval, loading_old);
    balance.level_terms(st.c, inflow_old, loading_old, sub.fraction_old, old_level_);
    for (double& v : old_level_) v *= 1.0 - weight_;
    balance.book_level(st.c, mixing_, group_concentration_old_, sub.fraction_old, 1.0 - weight_, *st.budget);
    boundaries_.book_loadings(s, sub.period, sub.t_old, interval, 1.0 - weight_, in.target, *st.budget);
  }

  // First guess: the last step's trend carried on (C^n + dt / dt_last (C^n - C^n-1)).
  // Where the plume moves steadily it lands close to the answer and saves
  // outer passes; it never changes the converged solution.
  if (st.trend_dt > 0.0) {
    const double ratio = sub.dt / st.trend_dt;
    for (std::int32_t n = 0; n < graph_.n_owned; ++n) st.c[n] = st.c_old[n] + ratio * st.trend[n];
    exchange(st.c);
    if (explicit_flux_) update_explicit_flux(s);
  }

  const MatrixKey key{s, flow_version_, sub.dt, saturation_varies_ ? sub.fraction_new : 0.0};
  if (st.nonlinear || !(key == matrix_key_)) {
    balance.jacobian(st.c, matrix_);
    matrix_key_ = st.nonlinear ? MatrixKey{} : key;
  }
  const double target =
      settings.relative_tolerance * std::sqrt(sum_over_ranks(balance.rhs_norm_squared(st.c_old, inflow_, loading_),
                                                             graph_.comm));
  // Linear isotherms: R = b - J C - w div E with the assembled J, one pass.
  if (!st.nonlinear) balance.constant_part(st.c_old, inflow_, loading_, constant_);
  auto residual = [&] {
    if (st.nonlinear) balance.residual(st.c, st.c_old, inflow_, loading_, residual_);
    else balance.linear_residual(st.c, constant_, rows_, matrix_.values(), residual_);
  };
  residual();
  double norm = global_norm(residual_);
  const bool iterative = explicit_flux_ || st.nonlinear;
  // Converged when the mass residual is below the target and, for an
  // iterated step, the last update was below the concentration tolerance.
  // While an iterated step is still far from that, each solve only needs a
  // modest reduction and the residual norm is not even needed (one global
  // reduction per pass: the largest change).
  bool converged = norm <= target, accurate = !iterative;
  int outer = 0;
  for (; !converged && outer < settings.max_iterations; ++outer) {
    if (iterative && !accurate && outer > 0 && !st.nonlinear) {
      // A deferred-correction pass with the matrix of the first pass: one
      // application of its preconditioner (ILU) is enough, since the outer
      // loop measures the true residual; a Krylov solve would refine a
      // correction that the next pass replaces anyway.
      petsc_check(PCApply(preconditioner(), residual_vec_.get(), delta_vec_.get()), "PCApply");
      ++figures_.linear;
    } else {
      const double eta = iterative && !accurate ? kOuterInnerTolerance : std::clamp(0.5 * target / norm, 1e-14, 0.5);
      petsc_check(KSPSetTolerances(solver_.ksp(), eta, 1e-300, PETSC_DEFAULT, settings.linear.max_iterations),
                  "KSPSetTolerances");
      const auto linear = solver_.solve(matrix_.mat(), residual_, delta_);
      figures_.linear += linear.iterations;
      if (!linear.converged) {
        why = fmt::format("{}: linear solver {} after {} iterations", sp.name, linear.reason, linear.iterations);
        figures_.outer += outer + 1;
        return false;
      }
    }
    double change = 0.0;
    for (std::int32_t n = 0; n < graph_.n_owned; ++n) {
      st.c[n] += delta_[n];
      change = std::max(change, std::abs(delta_[n]));
    }
    exchange(st.c);
    accurate = !iterative || max_over_ranks(change, graph_.comm) <= settings.nonlinear_tolerance;
    if (!accurate) {
      // Refresh what the last solve held fixed: the deferred fluxes and the isotherm's slope.
      if (explicit_flux_) update_explicit_flux(s);
      if (st.nonlinear) balance.jacobian(st.c, matrix_);
      residual();
      continue;
    }
    residual();
    norm = global_norm(residual_);
    converged = norm <= target;
  }
  figures_.outer += outer;
  if (!converged) {
    why = fmt::format("{}: no convergence in {} outer iterations (mass residual {:.3g} g/d, target {:.3g})", sp.name,
                      settings.max_iterations, norm, target);
    return false;
  }
  balance.book_level(st.c, mixing_, group_concentration_, sub.fraction_new, weight_, *st.budget);
  boundaries_.book_loadings(s, sub.period, sub.t_new, interval, weight_, in.target, *st.budget);
  balance.book_storage(st.c, st.c_old, *st.budget);
  for (std::int32_t n = 0; n < graph_.n_owned; ++n) st.trend[n] = st.c[n] - st.c_old[n];
  st.trend_dt = sub.dt;
  return true;
}

void TransportModel::advance(const TimeStep& step, const FlowModel& flow) {
  prepare_flow_step(step, flow);
  figures_ = {};
  for (auto& st : species_) st.budget->begin_step();
  const int planned = substeps_needed(step);
  double dt = step.dt / planned;
  const double min_dt = spec_.time.min_dt > 0.0 ? spec_.time.min_dt : step.dt * 1e-6;
  const double end = step.end();
  double t = step.start;
  const double to_case_time = 1.0 / units_.time_factor();
  while (end - t > 1e-12 * step.dt) {
    // Land exactly on the end of the flow step.
    const bool last = end - t <= dt * (1.0 + 1e-9);
    const double t_new = last ? end : t + dt;
    const Substep sub{t, t_new, t_new - t, (t - step.start) / step.dt, (t_new - step.start) / step.dt, step.period};
    for (auto& st : species_) std::copy(st.c.begin(), st.c.begin() + graph_.n_owned, st.c_old.begin());
    bool ok = true;
    std::string why;
    for (std::size_t s = 0; s < species_.size() && ok; ++s) ok = solve_species(s, sub, why);
    if (!ok) {
      for (auto& st : species_) {
        std::copy(st.c_old.begin(), st.c_old.end(), st.c.begin());
        exchange(st.c);
      }
      ++figures_.cuts;
      dt = 0.5 * sub.dt;
      if (dt < min_dt)
        throw RunError(fmt::format("transport failed in period {} step {} at t = {:g} {} after {} step cuts: {}",
                                   step.period + 1, step.step + 1, t * to_case_time, units_.time, figures_.cuts,
                                   why),
                       true);
      continue;
    }
    for (auto& st : species_) st.budget->commit_substep(sub.dt / step.dt);
    if (!observations_.empty() || !listeners_.empty()) {
      std::vector<std::span<const double>> c;
      for (const auto& st : species_) c.emplace_back(st.c);
      if (!observations_.empty()) observations_.record(t_new * to_case_time, c);
      for (TransportListener* listener : listeners_) listener->transport_step(t, t_new, c);
    }
    t = t_new;
    ++figures_.substeps;
  }
  worst_discrepancy_ = 0.0;
  for (auto& st : species_) {
    st.budget->end_step(step.dt, graph_.comm);
    worst_discrepancy_ = std::max(worst_discrepancy_, std::abs(st.budget->budget().percent_discrepancy()));
  }
  total_substeps_ += figures_.substeps;
  total_outer_ += figures_.outer;
  total_linear_ += figures_.linear;
  total_cuts_ += figures_.cuts;
}

void TransportModel::append_fields(std::vector<OutputField>& fields) const {
  for (const auto& st : species_) {
    std::vector<double> owned(st.c.begin(), st.c.begin() + graph_.n_owned);
    fields.push_back({"concentration/" + st.spec->name, std::move(owned), 0, "mg/L",
                      fmt::format("dissolved concentration of {}", st.spec->name)});
  }
}

void TransportModel::append_budgets(std::vector<NamedBudget>& budgets) const {
  // Internal g/d and g; case rates per case time unit.
  for (const auto& st : species_)
    budgets.push_back({"mass/" + st.spec->name, &st.budget->budget(), units_.time_factor(), 1.0, "g/" + units_.time,
                       "g"});
}

std::string TransportModel::progress() const {
  std::string text = fmt::format("transport {} step(s), {} outer, {} linear", figures_.substeps, figures_.outer,
                                 figures_.linear);
  if (figures_.cuts > 0) text += fmt::format(", {} cut(s)", figures_.cuts);
  return text + fmt::format(", mass {:.1e} %", worst_discrepancy_);
}

std::pair<double, double> TransportModel::discrepancy() const {
  return {worst_discrepancy_, spec_.solver.budget_tolerance};
}

void TransportModel::finish(OutputSink& sink, RunSummary& summary) {
  summary.extra.emplace_back("transport_steps", static_cast<double>(total_substeps_));
  summary.extra.emplace_back("transport_outer_iterations", static_cast<double>(total_outer_));
  summary.extra.emplace_back("transport_linear_iterations", static_cast<double>(total_linear_));
  summary.extra.emplace_back("transport_step_cuts", static_cast<double>(total_cuts_));
  for (const auto& st : species_) {
    double highest = 0.0;
    for (std::int32_t n = 0; n < graph_.n_owned; ++n) highest = std::max(highest, st.c[n]);
    summary.extra.emplace_back("max_concentration_" + st.spec->name, max_over_ranks(highest, graph_.comm));
    summary.extra.emplace_back("mass_percent_discrepancy_cumulative_" + st.spec->name,
                               st.budget->budget().cumulative_percent_discrepancy());
  }
  if (!observations_.empty()) {
    std::vector<std::string> names;
    for (const auto& st : species_) names.push_back(st.spec->name);
    sink.write_observations(observations_.series(names, units_.time, graph_.comm));
  }
}

// The state that carries from one flow step to the next: each species'
// concentration, its last change (the first guess of the next step), the
// cumulative masses of its budget; the breakthrough curves; the run's counts.
void TransportModel::save_state(StateWriter& state) const {
  const auto owned = static_cast<std::size_t>(graph_.n_owned);
  for (const auto& st : species_) {
    const std::string prefix = "transport/" + st.spec->name + "/";
    state.cells(prefix + "concentration", std::span<const double>(st.c.data(), owned));
    state.cells(prefix + "trend", std::span<const double>(st.trend.data(), owned));
    const double trend_dt[] = {st.trend_dt};
    state.values(prefix + "trend_dt", trend_dt);
    state.values(prefix + "budget_cumulative", st.budget->budget().cumulative());
  }
  const double totals[] = {static_cast<double>(total_substeps_), static_cast<double>(total_outer_),
                           static_cast<double>(total_linear_), static_cast<double>(total_cuts_)};
  state.values("transport/totals", totals);
  observations_.save_state(state, graph_.comm);
}

void TransportModel::load_state(StateReader& state) {
  for (auto& st : species_) {
    const std::string prefix = "transport/" + st.spec->name + "/";
    if (!state.has(prefix + "concentration"))
      throw std::runtime_error(fmt::format("checkpoint: no concentration of species '{}' (was the case changed?)",
                                           st.spec->name));
    const auto c = state.cells(prefix + "concentration");
    std::copy(c.begin(), c.end(), st.c.begin());
    exchange(st.c);
    const auto trend = state.cells(prefix + "trend");
    std::copy(trend.begin(), trend.end(), st.trend.begin());
    st.trend_dt = state.values(prefix + "trend_dt").at(0);
    st.budget->set_cumulative(state.values(prefix + "budget_cumulative"));
  }
  const auto totals = state.values("transport/totals");
  total_substeps_ = static_cast<long>(totals.at(0));
  total_outer_ = static_cast<long>(totals.at(1));
  total_linear_ = static_cast<long>(totals.at(2));
  total_cuts_ = static_cast<long>(totals.at(3));
  observations_.load_state(state);
}

}  // namespace

std::unique_ptr<TransportProcess> make_transport_model(const CellGraph& graph, const TransportSpec& spec,
                                              const std::vector<std::unique_ptr<Package>>& packages,
                                              const Units& units, ErrorList& errors) {
  return std::make_unique<TransportModel>(graph, spec, packages, units, errors);
}

}  // namespace aquaplume

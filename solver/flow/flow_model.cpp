#include "solver/flow/flow_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "mesh/base/parallel.hpp"
#include "solver/flow/conductance.hpp"
#include "solver/flow/saturation.hpp"

namespace aquaplume {

namespace {
constexpr double kNotFixed = std::numeric_limits<double>::quiet_NaN();
}  // namespace

FlowModel::FlowModel(const CellGraph& graph, const FlowProperties& properties,
                     std::vector<std::unique_ptr<Package>>& packages, const FlowSolverSettings& settings,
                     ErrorList& errors)
    : graph_(graph), packages_(packages), settings_(settings), ghosts_(graph), matrix_(graph) {
  // K is only needed for the conductances: it lives until the end of the
  // constructor, and a direction that shares another's array is read once.
  const auto& cells = graph.natural_index;
  const auto kx = read_checked(*properties.kx, cells, Limits::positive(), errors);
  const auto ky = properties.ky == properties.kx ? std::vector<double>{}
                                                 : read_checked(*properties.ky, cells, Limits::positive(), errors);
  const auto kz = properties.kz == properties.kx ? std::vector<double>{}
                                                 : read_checked(*properties.kz, cells, Limits::positive(), errors);
  auto ss = read_checked(*properties.specific_storage, cells, Limits::non_negative(), errors);
  auto sy = read_checked(*properties.specific_yield, cells, Limits::between(0.0, 1.0), errors);
  auto convertible = read_checked(*properties.convertible, cells, Limits::between(0.0, 1.0), errors);

  const auto n_local = static_cast<std::size_t>(graph.n_local);
  const auto n_owned = static_cast<std::size_t>(graph.n_owned);
  convertible_.resize(n_local);
  specific_storage_.resize(n_local);
  specific_yield_.resize(n_local);
  bool any = false;
  for (std::size_t c = 0; c < n_local; ++c) {
    convertible_[c] = convertible[c] > 0.5 ? 1 : 0;
    any = any || convertible_[c];
    specific_storage_[c] = ss[c] * graph.volume(static_cast<std::int32_t>(c));
    specific_yield_[c] = sy[c] * graph.plan_area(static_cast<std::int32_t>(c));
  }
  any_convertible_ = !all_ranks_ok(!any, graph.comm);
  bool nonlinear_packages = false;
  for (const auto& p : packages) nonlinear_packages = nonlinear_packages || p->nonlinear();
  nonlinear_ = any_convertible_ || nonlinear_packages;

  // Upstream weighting makes the Newton matrix nonsymmetric: CG only suits
  // confined models; GMRES needs one AMG cycle per iteration where BiCGStab needs two.
  petsc::LinearSolverSettings linear = settings.linear;
  if (linear.ksp_type == "auto") linear.ksp_type = any_convertible_ ? "gmres" : "cg";
  // Newton steps of a nonlinear model need not be solved to round-off: the
  // next step corrects them, and the last one is already tiny (inexact Newton,
  // Dembo, Eisenstat and Steihaug 1982).
  if (nonlinear_) linear.relative_tolerance = std::max(linear.relative_tolerance, settings.newton_linear_tolerance);
  solver_ = std::make_unique<petsc::LinearSolver>(graph, linear);
  linear_tolerance_ = linear.relative_tolerance;

  head_.assign(n_local, 0.0);
  head_old_.assign(n_local, 0.0);
  saturation_.assign(n_local, 1.0);
  saturation_old_.assign(n_local, 1.0);
  saturation_slope_.assign(n_local, 0.0);
  fixed_.assign(n_local, kNotFixed);
  fixed_owner_.assign(n_owned, -1);
  fixed_entry_.assign(n_owned, 0);
  fixed_flow_.assign(n_owned, 0.0);
  storage_flow_.assign(n_owned, 0.0);
  residual_.assign(n_owned, 0.0);
  delta_.assign(n_owned, 0.0);
  flow_.assign(graph.connections.size(), 0.0);
  terms_.resize(packages.size());
  storage_ss_term_ = budget_.add_term("STORAGE_SS");
  storage_sy_term_ = budget_.add_term("STORAGE_SY");
  for (const auto& p : packages) package_term_.push_back(budget_.add_term(p->name()));
  if (errors.empty()) {
    conductance_ = saturated_conductances(graph, kx, ky.empty() ? kx : ky, kz.empty() ? kx : kz);
    for (const auto& p : packages) p->adjust_conductance(graph, conductance_);
  }
}

void FlowModel::set_head(std::span<const double> owned_head) {
  std::copy(owned_head.begin(), owned_head.begin() + graph_.n_owned, head_.begin());
  ghosts_.update(head_);
  update_saturation();
  saturation_old_ = saturation_;
}

void FlowModel::restore_step_start() {
  head_ = head_old_;
  update_saturation();
}

void FlowModel::update_saturation() {
  const double eps = settings_.saturation_smoothing;
#pragma omp parallel for schedule(static)
  for (std::int32_t c = 0; c < graph_.n_local; ++c) {
    if (!convertible_[c]) {
      saturation_[c] = 1.0;
      saturation_slope_[c] = 0.0;
      continue;
    }
    const Saturation s = smoothed_saturation(head_[c], graph_.top[c], graph_.bottom[c], eps);
    saturation_[c] = s.value;
    saturation_slope_[c] = s.derivative;
  }
}

std::int32_t FlowModel::upstream(std::size_t k) const {
  const auto a = graph_.connections.a[k], b = graph_.connections.b[k];
  if (head_[a] != head_[b]) return head_[a] > head_[b] ? a : b;
  return graph_.natural_index[a] < graph_.natural_index[b] ? a : b;
}

double FlowModel::storage_rate(std::int32_t c, double dt, double* derivative) const {
  // Water released from storage over the step (backward Euler), positive into the flow system:
  //   q = -[Ss V S(h) (h - h_old) + Sy A b (S(h) - S(h_old))] / dt
  // Ss acts on the saturated part of the cell, Sy on the water table inside it.
  const double s = saturation_[c];
  double q = -specific_storage_[c] * s * (head_[c] - head_old_[c]);
  double dq = -specific_storage_[c] * (s + saturation_slope_[c] * (head_[c] - head_old_[c]));
  if (convertible_[c]) {
    const double b = graph_.thickness(c);
    q -= specific_yield_[c] * b * (s - saturation_old_[c]);
    dq -= specific_yield_[c] * b * saturation_slope_[c];
  }
  if (derivative) *derivative = dq / dt;
  return q / dt;
}

void FlowModel::formulate_packages(const TimeStep& step) {
  FlowState state{&graph_, head_, head_old_, step.end(), step.dt, step.period, convertible_};
  const auto n_owned = static_cast<std::size_t>(graph_.n_owned);
  package_hcof_.assign(n_owned, 0.0);
  package_rhs_.assign(n_owned, 0.0);
  std::fill(fixed_.begin(), fixed_.end(), kNotFixed);
  std::fill(fixed_owner_.begin(), fixed_owner_.end(), -1);
  for (std::size_t p = 0; p < packages_.size(); ++p) {
    terms_[p].clear();
    packages_[p]->formulate(state, terms_[p]);
    for (std::size_t i = 0; i < terms_[p].fixed_cell.size(); ++i) {
      const auto c = terms_[p].fixed_cell[i];
      fixed_[c] = terms_[p].fixed_head[i];
      fixed_owner_[c] = static_cast<int>(p);
      fixed_entry_[c] = terms_[p].fixed_entry[i];
    }
  }
  // Terms in fixed-head cells have no effect (as in MODFLOW); the others are summed per cell.
  for (std::size_t p = 0; p < packages_.size(); ++p) {
    const BoundaryTerms& t = terms_[p];
    for (std::size_t i = 0; i < t.cell.size(); ++i) {
      const auto c = t.cell[i];
      if (!std::isnan(fixed_[c])) continue;
      package_hcof_[c] += t.hcof[i];
      package_rhs_[c] += t.rhs[i];
    }
  }
  ghosts_.update(fixed_);
}

double FlowModel::evaluate(const TimeStep& step, bool with_jacobian) {
  formulate_packages(step);
  // Fixed heads hold exactly; their neighbours see them through the ghost copies.
  bool changed = false;
  for (std::int32_t c = 0; c < graph_.n_local; ++c)
    if (!std::isnan(fixed_[c]) && head_[c] != fixed_[c]) {
      head_[c] = fixed_[c];
      changed = true;
    }
  if (!all_ranks_ok(!changed, graph_.comm)) ghosts_.update(head_);
  update_saturation();

  const Connections& cn = graph_.connections;
  const double min_sat = settings_.minimum_saturation;
  const double dt = step.dt;
  std::span<double> values = matrix_.values();
  double sum_sq = 0.0;
#pragma omp parallel for schedule(static) reduction(+ : sum_sq)
  for (std::int32_t n = 0; n < graph_.n_owned; ++n) {
    const std::int32_t first = graph_.conn_offset[n], count = graph_.conn_offset[n + 1] - first;
    if (!std::isnan(fixed_[n])) {
      residual_[n] = 0.0;
      if (with_jacobian) {
        double d = 0.0;
        for (std::int32_t i = 0; i < count; ++i) {
          d += conductance_[graph_.conn_of[first + i]];
          values[matrix_.off_diagonal(n, i)] = 0.0;
        }
        values[matrix_.diagonal(n)] = d > 0.0 ? d : 1.0;
      }
      continue;
    }
    // Residual = net inflow; A = -dR/dh (positive diagonal).
    double r = package_hcof_[n] * head_[n] - package_rhs_[n];
    double diag = -package_hcof_[n];
    if (!step.steady) {
      double dq = 0.0;
      r += storage_rate(n, dt, &dq);
      diag -= dq;
    }
    for (std::int32_t i = 0; i < count; ++i) {
      const auto k = static_cast<std::size_t>(graph_.conn_of[first + i]);
      const auto m = graph_.other(k, n);
      // Flow from n to m and its derivatives: Q = C S_up (h_n - h_m).
      double c = conductance_[k];
      double dq_dn = 0.0, dq_dm = 0.0;
      const double dh = head_[n] - head_[m];
      if (cn.axis[k] != Axis::Z) {
        const auto up = upstream(k);
        if (convertible_[up]) {
          const double s = std::max(saturation_[up], min_sat);
          const double ds = saturation_[up] > min_sat ? saturation_slope_[up] : 0.0;
          (up == n ? dq_dn : dq_dm) = conductance_[k] * ds * dh;
          c *= s;
        }
      }
      r -= c * dh;
      diag += c + dq_dn;
      if (with_jacobian)
        values[matrix_.off_diagonal(n, i)] = std::isnan(fixed_[m]) ? -c + dq_dm : 0.0;
    }
    residual_[n] = r;
    sum_sq += r * r;
    if (with_jacobian) values[matrix_.diagonal(n)] = diag;
  }
  if (with_jacobian) matrix_.assemble();
  return std::sqrt(sum_over_ranks(sum_sq, graph_.comm));
}

void FlowModel::compute_flows() {
  const Connections& cn = graph_.connections;
  const double min_sat = settings_.minimum_saturation;
#pragma omp parallel for schedule(static)
  for (std::size_t k = 0; k < cn.size(); ++k) {
    double c = conductance_[k];
    if (cn.axis[k] != Axis::Z) {
      const auto up = upstream(k);
      if (convertible_[up]) c *= std::max(saturation_[up], min_sat);
    }
    flow_[k] = c * (head_[cn.a[k]] - head_[cn.b[k]]);
  }
}

FlowStepResult FlowModel::solve_step(const TimeStep& step) {
  if (step.period != current_period_) {
    for (auto& p : packages_) p->prepare_period(step.period);
    current_period_ = step.period;
  }
  head_old_ = head_;
  saturation_old_ = saturation_;
  FlowStepResult result;
  const auto n_owned = static_cast<std::size_t>(graph_.n_owned);

  double norm = evaluate(step, true);
  // A step that starts at its own solution (a steady period repeated, or
  // stresses that did not change) needs no solve: its residual is within the
  // linear tolerance of the largest starting residual of the run (what a
  // solve would reduce it to), or no larger than the residual the last step
  // was accepted with (a preconditioned solve may stop with a true residual
  // above the first bound; a factor 10 allows for its round-off). Without
  // this check the solver spends its iterations on round-off.
  reference_residual_ = std::max(reference_residual_, norm);
  if (step_count_ > 0 && norm <= std::max(linear_tolerance_ * reference_residual_, 10.0 * accepted_residual_)) {
    result.converged = true;
    ++step_count_;
    evaluate(step, false);
    compute_flows();
    book_budget(step);
    return result;
  }
  ++step_count_;
  for (int outer = 0; outer < settings_.max_outer_iterations; ++outer) {
    std::fill(delta_.begin(), delta_.end(), 0.0);
    auto linear = solver_->solve(matrix_.mat(), residual_, delta_);
    result.linear_iterations += linear.iterations;
    result.outer_iterations = outer + 1;
    if (!linear.converged) {
      result.failure = fmt::format("linear solver did not converge ({}) after {} iterations", linear.reason,
                                   linear.iterations);
      break;
    }
    // Newton update with backtracking: halve it while the residual grows.
    std::vector<double> start(head_.begin(), head_.begin() + static_cast<std::ptrdiff_t>(n_owned));
    double lambda = 1.0;
    auto apply = [&](double fraction) {
      for (std::size_t c = 0; c < n_owned; ++c) head_[c] = start[c] + fraction * delta_[c];
      ghosts_.update(head_);
    };
    apply(lambda);
    if (nonlinear_) {
      double trial = evaluate(step, false);
      for (int cut = 0; cut < settings_.backtracking && trial > norm && trial > 1e-12; ++cut) {
        lambda *= 0.5;
        apply(lambda);
        trial = evaluate(step, false);
      }
    }
    double change = 0.0;
    for (std::size_t c = 0; c < n_owned; ++c) change = std::max(change, std::abs(lambda * delta_[c]));
    result.max_head_change = max_over_ranks(change, graph_.comm);
    if (!nonlinear_ || result.max_head_change < settings_.head_tolerance) {
      result.converged = true;
      break;
    }
    norm = evaluate(step, true);
  }
  if (!result.converged && result.failure.empty())
    result.failure = fmt::format("no convergence in {} outer iterations (largest head change {:.3g} m)",
                                 settings_.max_outer_iterations, result.max_head_change);
  // Final flows and budget from the packages linearised at the final heads.
  // Only a linear model's converged residual may excuse the next step from
  // solving: Newton stops on the head change, not on round-off.
  const double final_norm = evaluate(step, false);
  accepted_residual_ = result.converged && !nonlinear_ ? final_norm : 0.0;
  compute_flows();
  book_budget(step);
  return result;
}

void FlowModel::book_budget(const TimeStep& step) {
  budget_.clear_rates();
  for (std::int32_t c = 0; c < graph_.n_owned; ++c) {
    storage_flow_[c] = 0.0;
    if (step.steady || !std::isnan(fixed_[c])) continue;
    const double s = saturation_[c];
    const double ss = -specific_storage_[c] * s * (head_[c] - head_old_[c]) / step.dt;
    const double sy = convertible_[c] ? -specific_yield_[c] * graph_.thickness(c) * (s - saturation_old_[c]) / step.dt
                                      : 0.0;
    storage_flow_[c] = ss + sy;
    budget_.book(storage_ss_term_, ss);
    budget_.book(storage_sy_term_, sy);
  }
  for (std::size_t p = 0; p < packages_.size(); ++p) {
    const BoundaryTerms& t = terms_[p];
    for (std::size_t i = 0; i < t.cell.size(); ++i) {
      const auto c = t.cell[i];
      if (std::isnan(fixed_[c])) budget_.book(package_term_[p], t.flow(i, head_[c]));
    }
  }
  // A fixed-head cell supplies what flows from it into the solved cells.
  std::fill(fixed_flow_.begin(), fixed_flow_.end(), 0.0);
  for (std::int32_t c = 0; c < graph_.n_owned; ++c) {
    if (std::isnan(fixed_[c])) continue;
    double supplied = 0.0;
    for (std::int32_t i = graph_.conn_offset[c]; i < graph_.conn_offset[c + 1]; ++i) {
      const auto k = static_cast<std::size_t>(graph_.conn_of[i]);
      if (!std::isnan(fixed_[graph_.other(k, c)])) continue;
      supplied += graph_.connections.a[k] == c ? flow_[k] : -flow_[k];
    }
    fixed_flow_[c] = supplied;
    budget_.book(package_term_[static_cast<std::size_t>(fixed_owner_[c])], supplied);
  }
  budget_.sum_over_ranks(graph_.comm);
  budget_.accumulate(step.dt);
}

void FlowModel::save_state(StateWriter& state) const {
  state.cells("flow/head", std::span<const double>(head_.data(), static_cast<std::size_t>(graph_.n_owned)));
  auto cumulative = budget_.cumulative();
  state.values("flow/budget_cumulative", cumulative);
}

void FlowModel::load_state(StateReader& state) {
  auto head = state.cells("flow/head");
  set_head(head);
  budget_.set_cumulative(state.values("flow/budget_cumulative"));
}

std::vector<std::pair<std::int64_t, double>> FlowModel::worst_cells(int count) const {
  std::vector<std::pair<double, std::int64_t>> local;
  for (std::int32_t c = 0; c < graph_.n_owned; ++c) local.emplace_back(std::abs(residual_[c]), graph_.natural_index[c]);
  const auto keep = std::min<std::size_t>(static_cast<std::size_t>(count), local.size());
  std::partial_sort(local.begin(), local.begin() + static_cast<std::ptrdiff_t>(keep), local.end(), std::greater<>());
  local.resize(static_cast<std::size_t>(count), {-1.0, -1});
  // Gather every rank's candidates (count per rank) and keep the largest.
  const int size = comm_size(graph_.comm);
  std::vector<double> values(static_cast<std::size_t>(count)), all_values(static_cast<std::size_t>(count * size));
  std::vector<std::int64_t> cells(static_cast<std::size_t>(count)), all_cells(static_cast<std::size_t>(count * size));
  for (int i = 0; i < count; ++i) {
    values[static_cast<std::size_t>(i)] = local[static_cast<std::size_t>(i)].first;
    cells[static_cast<std::size_t>(i)] = local[static_cast<std::size_t>(i)].second;
  }
  MPI_Allgather(values.data(), count, MPI_DOUBLE, all_values.data(), count, MPI_DOUBLE, graph_.comm);
  MPI_Allgather(cells.data(), count, MPI_INT64_T, all_cells.data(), count, MPI_INT64_T, graph_.comm);
  std::vector<std::pair<double, std::int64_t>> merged;
  for (std::size_t i = 0; i < all_values.size(); ++i)
    if (all_cells[i] >= 0) merged.emplace_back(all_values[i], all_cells[i]);
  std::sort(merged.begin(), merged.end(), std::greater<>());
  std::vector<std::pair<std::int64_t, double>> out;
  for (std::size_t i = 0; i < merged.size() && i < static_cast<std::size_t>(count); ++i)
    out.emplace_back(merged[i].second, merged[i].first);
  return out;
}

std::vector<double> FlowModel::face_flows() const {
  std::vector<double> out(3 * static_cast<std::size_t>(graph_.n_owned), 0.0);
  const Connections& cn = graph_.connections;
  for (std::int32_t c = 0; c < graph_.n_owned; ++c) {
    for (std::int32_t i = graph_.conn_offset[c]; i < graph_.conn_offset[c + 1]; ++i) {
      const auto k = static_cast<std::size_t>(graph_.conn_of[i]);
      const bool is_a = cn.a[k] == c;
      const int side = is_a ? cn.sign[k] : -cn.sign[k];
      if (side > 0) out[3 * c + static_cast<int>(cn.axis[k])] = is_a ? flow_[k] : -flow_[k];
    }
  }
  return out;
}

std::vector<double> FlowModel::specific_discharge() const {
  // q = mean of the flows through the two opposite faces / saturated face
  // area, per axis (x east, y north, z up). Rows and layers grow south and down.
  std::vector<double> q(3 * static_cast<std::size_t>(graph_.n_owned), 0.0);
  const Connections& cn = graph_.connections;
  for (std::int32_t c = 0; c < graph_.n_owned; ++c) {
    double along[3] = {0.0, 0.0, 0.0};  // sum of flows in the +index direction through both faces
    for (std::int32_t i = graph_.conn_offset[c]; i < graph_.conn_offset[c + 1]; ++i) {
      const auto k = static_cast<std::size_t>(graph_.conn_of[i]);
      const bool is_a = cn.a[k] == c;
      const int side = is_a ? cn.sign[k] : -cn.sign[k];
      const double out_of_c = is_a ? flow_[k] : -flow_[k];
      along[static_cast<int>(cn.axis[k])] += side > 0 ? out_of_c : -out_of_c;
    }
    const double b = std::max(graph_.thickness(c) * saturation_[c], 1e-6 * graph_.thickness(c));
    q[3 * c + 0] = 0.5 * along[0] / (graph_.dy[c] * b);
    q[3 * c + 1] = -0.5 * along[1] / (graph_.dx[c] * b);
    q[3 * c + 2] = -0.5 * along[2] / graph_.plan_area(c);
  }
  return q;
}

}  // namespace aquaplume

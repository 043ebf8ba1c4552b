#include "solver/flow/flow_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "mesh/base/parallel.hpp"

namespace aquaplume {

namespace {
constexpr double kNotFixed = std::numeric_limits<double>::quiet_NaN();

std::vector<double> read_local(const CellArray& array, const CellGraph& g, Limits limits, ErrorList& errors) {
  return read_checked(array, g.natural_index, limits, errors);
}
}  // namespace

FlowModel::FlowModel(const CellGraph& graph, const FlowProperties& properties,
                     std::vector<std::unique_ptr<Package>>& packages, const FlowSolverSettings& settings,
                     ErrorList& errors)
    : graph_(graph),
      packages_(packages),
      settings_(settings),
      ghosts_(graph),
      matrix_(graph),
      solver_(graph, settings.linear) {
  // K is only needed for the conductances: read, use and release it here, and
  // read a direction once when the case gives one array for several.
  const auto kx = read_local(*properties.kx, graph, Limits::positive(), errors);
  const auto ky = properties.ky == properties.kx ? std::vector<double>{}
                                                 : read_local(*properties.ky, graph, Limits::positive(), errors);
  const auto kz = properties.kz == properties.kx ? std::vector<double>{}
                                                 : read_local(*properties.kz, graph, Limits::positive(), errors);
  auto ss = read_local(*properties.specific_storage, graph, Limits::non_negative(), errors);
  const auto n_local = static_cast<std::size_t>(graph.n_local);
  storage_.resize(n_local);
  for (std::int32_t c = 0; c < graph.n_local; ++c) storage_[c] = ss[c] * graph.volume(c);
  head_.assign(n_local, 0.0);
  head_old_.assign(n_local, 0.0);
  fixed_.assign(n_local, kNotFixed);
  fixed_owner_.assign(static_cast<std::size_t>(graph.n_owned), -1);
  fixed_entry_.assign(static_cast<std::size_t>(graph.n_owned), 0);
  fixed_flow_.assign(static_cast<std::size_t>(graph.n_owned), 0.0);
  storage_flow_.assign(static_cast<std::size_t>(graph.n_owned), 0.0);
  saturation_.assign(n_local, 1.0);
  saturation_old_.assign(n_local, 1.0);
  rhs_.assign(static_cast<std::size_t>(graph.n_owned), 0.0);
  flow_.assign(graph.connections.size(), 0.0);
  terms_.resize(packages.size());
  storage_term_ = budget_.add_term("STORAGE");
  for (const auto& p : packages) package_term_.push_back(budget_.add_term(p->name()));
  if (errors.empty()) compute_conductances(kx, ky.empty() ? kx : ky, kz.empty() ? kx : kz);
}

void FlowModel::compute_conductances(std::span<const double> kx, std::span<const double> ky,
                                     std::span<const double> kz) {
  // Two-point conductances with harmonic means (MODFLOW 6 GWF NPF, confined):
  //   horizontal  C = w / (d_a / (K_a b_a) + d_b / (K_b b_b))   (harmonic mean of transmissivity)
  //   vertical    C = A / (d_a / Kz_a + d_b / Kz_b)             (half-cell thicknesses)
  // w face width, d centre-to-face distance, b thickness, A plan area.
  const Connections& cn = graph_.connections;
  conductance_.resize(cn.size());
#pragma omp parallel for schedule(static)
  for (std::size_t k = 0; k < cn.size(); ++k) {
    const auto a = cn.a[k], b = cn.b[k];
    switch (cn.axis[k]) {
      case Axis::X:
        conductance_[k] = cn.width[k] / (cn.dist_a[k] / (kx[a] * graph_.thickness(a)) +
                                         cn.dist_b[k] / (kx[b] * graph_.thickness(b)));
        break;
      case Axis::Y:
        conductance_[k] = cn.width[k] / (cn.dist_a[k] / (ky[a] * graph_.thickness(a)) +
                                         cn.dist_b[k] / (ky[b] * graph_.thickness(b)));
        break;
      case Axis::Z:
        conductance_[k] = cn.area[k] / (cn.dist_a[k] / kz[a] + cn.dist_b[k] / kz[b]);
        break;
    }
  }
}

void FlowModel::set_head(std::span<const double> owned_head) {
  std::copy(owned_head.begin(), owned_head.begin() + graph_.n_owned, head_.begin());
  ghosts_.update(head_);
}

void FlowModel::formulate_packages(const TimeStep& step) {
  FlowState state{&graph_, head_, head_old_, step.end(), step.dt, step.period};
  const auto n_owned = static_cast<std::size_t>(graph_.n_owned);
  package_hcof_.assign(n_owned, 0.0);
  package_rhs_.assign(n_owned, 0.0);
  std::fill(fixed_.begin(), fixed_.end(), kNotFixed);
  std::fill(fixed_owner_.begin(), fixed_owner_.end(), -1);
  for (std::size_t p = 0; p < packages_.size(); ++p) {
    terms_[p].clear();
    packages_[p]->formulate(state, terms_[p]);
    for (std::size_t i = 0; i < terms_[p].fixed_cell.size(); ++i)
    {
      fixed_[terms_[p].fixed_cell[i]] = terms_[p].fixed_head[i];
      fixed_owner_[terms_[p].fixed_cell[i]] = static_cast<int>(p);
      fixed_entry_[terms_[p].fixed_cell[i]] = terms_[p].fixed_entry[i];
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

void FlowModel::assemble(const TimeStep& step) {
  // Positive-definite form of the balance: row n of  M h = f  with
  //   M_nn = sum C - hcof + S/dt,  M_nm = -C,  f_n = -rhs + S/dt h_old.
  // A fixed neighbour's term moves to f (symmetric elimination); a fixed
  // cell's row becomes  D h_n = D h_fixed  with D the sum of its conductances.
  const std::size_t n_owned = static_cast<std::size_t>(graph_.n_owned);
  std::span<double> values = matrix_.values();
  const double storage_factor = step.steady ? 0.0 : 1.0 / step.dt;
#pragma omp parallel for schedule(static)
  for (std::size_t n = 0; n < n_owned; ++n) {
    const auto c = static_cast<std::int32_t>(n);
    const std::int32_t first = graph_.conn_offset[n], count = graph_.conn_offset[n + 1] - first;
    double sum_c = 0.0;
    for (std::int32_t i = 0; i < count; ++i) sum_c += conductance_[graph_.conn_of[first + i]];
    if (!std::isnan(fixed_[c])) {
      const double d = sum_c > 0.0 ? sum_c : 1.0;
      for (std::int32_t i = 0; i < count; ++i) values[matrix_.off_diagonal(c, i)] = 0.0;
      values[matrix_.diagonal(c)] = d;
      rhs_[n] = d * fixed_[c];
      continue;
    }
    double f = -package_rhs_[n] + storage_factor * storage_[n] * head_old_[n];
    for (std::int32_t i = 0; i < count; ++i) {
      const auto k = static_cast<std::size_t>(graph_.conn_of[first + i]);
      const auto m = graph_.other(k, c);
      if (std::isnan(fixed_[m])) {
        values[matrix_.off_diagonal(c, i)] = -conductance_[k];
      } else {
        values[matrix_.off_diagonal(c, i)] = 0.0;
        f += conductance_[k] * fixed_[m];
      }
    }
    values[matrix_.diagonal(c)] = sum_c - package_hcof_[n] + storage_factor * storage_[n];
    rhs_[n] = f;
  }
  matrix_.assemble();
}

void FlowModel::compute_flows() {
  const Connections& cn = graph_.connections;
#pragma omp parallel for schedule(static)
  for (std::size_t k = 0; k < cn.size(); ++k)
    flow_[k] = conductance_[k] * (head_[cn.a[k]] - head_[cn.b[k]]);
}

FlowStepResult FlowModel::solve_step(const TimeStep& step) {
  if (step.period != current_period_) {
    for (auto& p : packages_) p->prepare_period(step.period);
    current_period_ = step.period;
  }
  head_old_ = head_;
  FlowStepResult result;
  bool nonlinear = false;
  for (const auto& p : packages_) nonlinear = nonlinear || p->nonlinear();

  std::vector<double> previous(static_cast<std::size_t>(graph_.n_owned));
  for (int outer = 0; outer < settings_.max_outer_iterations; ++outer) {
    formulate_packages(step);
    assemble(step);
    std::copy(head_.begin(), head_.begin() + graph_.n_owned, previous.begin());
    // Start fixed cells at their head so the first residual is small there.
    for (std::int32_t c = 0; c < graph_.n_owned; ++c)
      if (!std::isnan(fixed_[c])) head_[c] = fixed_[c];
    auto linear = solver_.solve(matrix_.mat(), rhs_, head_);
    result.linear_iterations += linear.iterations;
    result.outer_iterations = outer + 1;
    if (!linear.converged) {
      std::copy(previous.begin(), previous.end(), head_.begin());
      result.failure = fmt::format("linear solver did not converge ({}) after {} iterations", linear.reason,
                                   linear.iterations);
      ghosts_.update(head_);
      return result;
    }
    double change = 0.0;
    for (std::int32_t c = 0; c < graph_.n_owned; ++c) change = std::max(change, std::abs(head_[c] - previous[c]));
    result.max_head_change = max_over_ranks(change, graph_.comm);
    ghosts_.update(head_);
    // A linear system is solved exactly by one solve to the linear tolerance.
    if (!nonlinear || result.max_head_change < settings_.head_tolerance) {
      result.converged = true;
      break;
    }
  }
  if (!result.converged)
    result.failure = fmt::format("no convergence in {} outer iterations (largest head change {:.3g} m)",
                                 settings_.max_outer_iterations, result.max_head_change);
  compute_flows();
  book_budget(step);
  return result;
}

void FlowModel::book_budget(const TimeStep& step) {
  budget_.clear_rates();
  const double storage_factor = step.steady ? 0.0 : 1.0 / step.dt;
  // Water released from storage (head falling) enters the flow system.
  for (std::int32_t c = 0; c < graph_.n_owned; ++c) {
    storage_flow_[c] = std::isnan(fixed_[c]) ? storage_factor * storage_[c] * (head_old_[c] - head_[c]) : 0.0;
    budget_.book(storage_term_, storage_flow_[c]);
  }
  for (std::size_t p = 0; p < packages_.size(); ++p) {
    const BoundaryTerms& t = terms_[p];
    for (std::size_t i = 0; i < t.cell.size(); ++i) {
      const auto c = t.cell[i];
      if (std::isnan(fixed_[c])) budget_.book(package_term_[p], t.hcof[i] * head_[c] - t.rhs[i]);
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
  // q = mean of the flows through the two opposite faces / face area, per axis
  // (x east, y north, z up). Row and layer indices grow south and down.
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
    const double b = graph_.thickness(c);
    q[3 * c + 0] = 0.5 * along[0] / (graph_.dy[c] * b);
    q[3 * c + 1] = -0.5 * along[1] / (graph_.dx[c] * b);
    q[3 * c + 2] = -0.5 * along[2] / graph_.plan_area(c);
  }
  return q;
}

}  // namespace aquaplume

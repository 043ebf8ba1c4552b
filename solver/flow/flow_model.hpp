#pragma once
/// Groundwater flow on the cell graph: the control-volume balance of every
/// owned cell n (McDonald & Harbaugh 1988; Langevin et al. 2017, MODFLOW 6 GWF),
///
///   sum_m Q_mn(h) + sum_packages (hcof h_n - rhs) + q_storage,n(h) = 0,
///
/// solved for the heads of one time step by Newton–Raphson (Niswonger et al.
/// 2011): intercell flows Q = C_sat S_up (h_m - h_n) use the saturation of the
/// upstream cell for convertible (unconfined) cells, storage is Ss for the
/// saturated part plus Sy for the water table, and every package linearises
/// its flow at the current head. Confined models are linear: one Newton step
/// with a symmetric matrix (CG + BoomerAMG) solves them exactly.

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "mesh/cell_graph.hpp"
#include "solver/budget/budget.hpp"
#include "solver/case/case_spec.hpp"
#include "solver/checkpoint.hpp"
#include "solver/packages/package.hpp"
#include "solver/petsc/cell_matrix.hpp"
#include "solver/petsc/ghost_exchange.hpp"
#include "solver/petsc/linear_solver.hpp"
#include "solver/time/time_steps.hpp"

namespace aquaplume {

struct FlowStepResult {
  bool converged = false;
  int outer_iterations = 0;
  int linear_iterations = 0;
  double max_head_change = 0.0;  ///< [m] of the last outer iteration
  std::string failure;           ///< why it did not converge
};

class FlowModel {
 public:
  /// Reads the properties of local cells. Collective. Property problems go to `errors`.
  FlowModel(const CellGraph& graph, const FlowProperties& properties,
            std::vector<std::unique_ptr<Package>>& packages, const FlowSolverSettings& settings,
            ErrorList& errors);

  /// Sets the heads of owned cells (ghosts are filled here). Collective.
  void set_head(std::span<const double> owned_head);
  /// Solves one time step. Collective. On failure the heads are those of the
  /// last iterate; the caller decides (stop or cut the step).
  FlowStepResult solve_step(const TimeStep& step);
  /// Goes back to the heads at the start of the last step (for a retry with a shorter step).
  void restore_step_start();
  /// Writes heads and cumulative budgets (checkpoint). Collective.
  void save_state(StateWriter& state) const;
  /// Restores them. Collective.
  void load_state(StateReader& state);
  /// The owned cells with the largest |residual| at the last evaluation, over
  /// all ranks: (natural index, residual [m3/d]), largest first. Collective.
  std::vector<std::pair<std::int64_t, double>> worst_cells(int count) const;

  const CellGraph& graph() const { return graph_; }
  /// Heads of local cells (owned then ghosts) [m].
  std::span<const double> head() const { return head_; }
  /// Heads at the start of the last step, local cells [m].
  std::span<const double> head_old() const { return head_old_; }
  /// Flow through each connection from cell a to cell b [m3/d].
  std::span<const double> connection_flow() const { return flow_; }
  /// Saturated conductance of each connection (after barriers) [m2/d].
  std::span<const double> conductance() const { return conductance_; }
  /// The water budget of the last step (rates summed over ranks, cumulative volumes).
  const Budget& budget() const { return budget_; }
  /// True when some cell is convertible (unconfined).
  bool has_convertible_cells() const { return any_convertible_; }
  /// Flow out of each owned cell through its right (+col), front (+row) and
  /// lower (+layer) faces, MODFLOW's FRF/FFF/FLF [m3/d], 3 values per cell.
  std::vector<double> face_flows() const;
  /// Specific discharge vector (x east, y north, z up) per owned cell [m/d],
  /// from the face flows over the saturated face areas.
  std::vector<double> specific_discharge() const;

  // What transport and tracking need of the converged step (source-sink mixing):
  /// The packages, in case order, and their terms at the converged heads
  /// (flow of row i into the aquifer: terms[p].flow(i, head[cell])).
  const std::vector<std::unique_ptr<Package>>& packages() const { return packages_; }
  const std::vector<BoundaryTerms>& package_terms() const { return terms_; }
  /// Per owned cell: the package fixing its head (index into packages()), or -1.
  std::span<const int> fixed_by() const { return fixed_owner_; }
  /// Per owned cell: water a fixed-head cell supplies to the solved cells
  /// (negative: takes from them) [m3/d]; 0 for other cells.
  std::span<const double> fixed_flow() const { return fixed_flow_; }
  /// Per owned cell: the entry of the fixing package, for its concentration.
  std::span<const std::int32_t> fixed_entry() const { return fixed_entry_; }
  /// Per owned cell: water released from storage in the last step [m3/d]
  /// (positive when the head falls; 0 in steady steps).
  std::span<const double> storage_flow() const { return storage_flow_; }
  /// Saturated fraction of each local cell's thickness at the end and at the
  /// start of the last step (1 for confined cells). Water volume = porosity x
  /// volume x saturation.
  std::span<const double> saturation() const { return saturation_; }
  std::span<const double> saturation_old() const { return saturation_old_; }

 private:
  /// Formulates packages, saturations and flows at the current heads; fills the
  /// residual (net inflow per owned cell) and, if asked, the Newton matrix
  /// A = -dR/dh. Returns the global 2-norm of the residual. Collective.
  double evaluate(const TimeStep& step, bool with_jacobian);
  void formulate_packages(const TimeStep& step);
  void update_saturation();
  void compute_flows();
  void book_budget(const TimeStep& step);
  /// Upstream cell of connection k: the higher head, ties to the lower natural index
  /// (the same choice on every rank).
  std::int32_t upstream(std::size_t k) const;
  double storage_rate(std::int32_t c, double dt, double* derivative) const;

  const CellGraph& graph_;
  std::vector<std::unique_ptr<Package>>& packages_;
  FlowSolverSettings settings_;
  petsc::GhostExchange ghosts_;
  petsc::CellMatrix matrix_;
  std::unique_ptr<petsc::LinearSolver> solver_;
  bool any_convertible_ = false;
  bool nonlinear_ = false;
  double linear_tolerance_ = 0.0;     // relative tolerance of the linear solves
  double reference_residual_ = 0.0;   // largest residual norm at the start of a step [m3/d]
  double accepted_residual_ = 0.0;    // residual norm the last step ended with [m3/d]
  long step_count_ = 0;               // steps started

  std::vector<std::uint8_t> convertible_;           // local cells
  std::vector<double> specific_storage_, specific_yield_;  // local cells: Ss V [m2], Sy A [m2]
  std::vector<double> conductance_;                 // per connection, saturated
  std::vector<double> head_, head_old_;             // local cells
  std::vector<double> saturation_, saturation_old_, saturation_slope_;  // local cells
  std::vector<double> fixed_;                       // local cells: fixed head or NaN
  std::vector<int> fixed_owner_;                    // owned cells: package fixing the head, or -1
  std::vector<std::int32_t> fixed_entry_;           // owned cells: that package's entry
  std::vector<double> fixed_flow_;                  // owned cells: flow supplied by the fixed head [m3/d]
  std::vector<double> storage_flow_;                // owned cells: water released from storage [m3/d]
  std::vector<double> package_hcof_, package_rhs_;  // owned cells, summed over packages
  std::vector<BoundaryTerms> terms_;                // per package
  std::vector<double> residual_;                    // owned cells
  std::vector<double> delta_;                       // owned cells
  std::vector<double> flow_;                        // per connection
  Budget budget_;
  std::size_t storage_ss_term_ = 0, storage_sy_term_ = 0;
  std::vector<std::size_t> package_term_;
  int current_period_ = -1;
};

}  // namespace aquaplume

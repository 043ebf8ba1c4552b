#pragma once
/// Groundwater flow on the cell graph: the control-volume balance of every
/// owned cell n (McDonald & Harbaugh 1988; Langevin et al. 2017, MODFLOW 6 GWF),
///
///   sum_m C_nm (h_m - h_n) + sum_packages (hcof h_n - rhs) = S_n (h_n - h_n^old) / dt,
///
/// with two-point conductances C_nm, solved for the heads of one time step.
/// Fixed-head cells are eliminated symmetrically, so the matrix stays
/// symmetric positive definite for confined flow and CG + BoomerAMG applies.

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "mesh/cell_graph.hpp"
#include "solver/budget/budget.hpp"
#include "solver/case/case_spec.hpp"
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
  double max_head_change = 0.0;  ///< [m] over the step's last outer iteration
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

  const CellGraph& graph() const { return graph_; }
  /// Heads of local cells (owned then ghosts) [m].
  std::span<const double> head() const { return head_; }
  /// Flow through each connection from cell a to cell b [m3/d].
  std::span<const double> connection_flow() const { return flow_; }
  /// The water budget of the last step (rates summed over ranks, cumulative volumes).
  const Budget& budget() const { return budget_; }
  /// Flow out of each owned cell through its right (+col), front (+row) and
  /// lower (+layer) faces, MODFLOW's FRF/FFF/FLF [m3/d], 3 values per cell.
  std::vector<double> face_flows() const;
  /// Specific discharge vector (x east, y north, z up) per owned cell [m/d],
  /// interpolated from the face flows.
  std::vector<double> specific_discharge() const;
  /// Conductance of each connection [m2/d].
  std::span<const double> conductance() const { return conductance_; }
  /// Heads at the start of the last step, local cells [m].
  std::span<const double> head_old() const { return head_old_; }

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
  /// start of the last step (1 for confined cells; < 1 where the water table
  /// lies inside an unconfined cell). Water volume = porosity x volume x saturation.
  std::span<const double> saturation() const { return saturation_; }
  std::span<const double> saturation_old() const { return saturation_old_; }

 private:
  /// From K along x, y and z of the local cells [m/d].
  void compute_conductances(std::span<const double> kx, std::span<const double> ky, std::span<const double> kz);
  void formulate_packages(const TimeStep& step);
  void assemble(const TimeStep& step);
  void compute_flows();
  void book_budget(const TimeStep& step);

  const CellGraph& graph_;
  std::vector<std::unique_ptr<Package>>& packages_;
  FlowSolverSettings settings_;
  petsc::GhostExchange ghosts_;
  petsc::CellMatrix matrix_;
  petsc::LinearSolver solver_;

  std::vector<double> storage_;                 // local cells: Ss V [m2]
  std::vector<double> conductance_;             // per connection
  std::vector<double> head_, head_old_;         // local cells
  std::vector<double> fixed_;                   // local cells: fixed head or NaN
  std::vector<int> fixed_owner_;                // owned cells: package fixing the head, or -1
  std::vector<std::int32_t> fixed_entry_;       // owned cells: that package's entry
  std::vector<double> fixed_flow_;              // owned cells: flow supplied by the fixed head [m3/d]
  std::vector<double> storage_flow_;            // owned cells: water released from storage [m3/d]
  std::vector<double> saturation_, saturation_old_;  // local cells
  std::vector<double> package_hcof_, package_rhs_;  // owned cells, summed over packages
  std::vector<BoundaryTerms> terms_;            // per package
  std::vector<double> rhs_;                     // owned cells
  std::vector<double> flow_;                    // per connection
  Budget budget_;
  std::size_t storage_term_ = 0;
  std::vector<std::size_t> package_term_;
  int current_period_ = -1;
};

}  // namespace aquaplume

#pragma once
/// The discrete mass balance of one species in every owned cell over one
/// transport step (finite volumes; Zheng & Bennett 2002, ch. 7-8):
///
///   R_n = -[M_n(C_n) - M_n^old] / dt + w T_n(C) + (1 - w) T_n(C^old) = 0,
///   M_n(C) = V_n Sat_n (theta_n C + rho_b Cs(C))                        [g]
///   T_n(C) = - sum_faces F_nm + Q_in C_in - Q_out C_n + q_el C_n
///            - lambda_1 W_n C_n - lambda_2 B_n Cs(C_n) + gamma_1 W_n + gamma_2 B_n + L_n   [g/d]
///   F_nm   = Q+ C_n - Q- C_m + G (C_n - C_m) + E_nm
///
/// with W = theta V Sat the water and B = rho_b V Sat the solids of the cell,
/// w = 1 (backward Euler) or 1/2 (Crank–Nicolson), Q+/Q- the water leaving
/// and entering through the face (upstream weighting), G the dispersive
/// conductance, E the deferred (explicit) TVD and cross-dispersion flux, Q_in
/// C_in and Q_out the water exchanged with packages (source_sink.hpp) and L
/// the mass loading. q_el = (elastic storage release) + d W / dt is the
/// water the flow model takes from storage that the pore volume does not
/// account for: confined specific storage changes the water volume by a
/// negligible amount, so the pore volume is held fixed and that water enters
/// (or leaves) at the cell's own concentration, which keeps a uniform
/// concentration uniform and the budget closed.
///
/// Each face flux is evaluated once per connection from expressions that are
/// antisymmetric in (a, b), so internal fluxes cancel exactly, also between
/// ranks: the budget of the whole model differs from zero only by the
/// residual sum R_n, which the solver drives below its tolerance.
///
/// A constant-concentration cell's row is  s (C_held - C_n) = 0; its budget
/// term is the net mass its faces pass to the neighbours (as MODFLOW 6 CNC).

#include <span>
#include <vector>

#include "mesh/cell_graph.hpp"
#include "solver/petsc/cell_matrix.hpp"
#include "solver/transport/cell_stencil.hpp"
#include "solver/transport/cell_value.hpp"
#include "solver/transport/mass_budget.hpp"
#include "solver/transport/source_sink.hpp"
#include "solver/transport/transport_spec.hpp"

namespace aquaplume {

/// What the balance of one species over one transport step reads.
struct BalanceInputs {
  const CellGraph* graph = nullptr;
  const SpeciesSpec* species = nullptr;
  const CellValue* porosity = nullptr;  ///< per local cell
  // The converged flow step (constant over its transport steps).
  std::span<const double> face_flow;         ///< per connection, a -> b [m3/d]
  std::span<const double> storage_flow;      ///< per owned cell, released from elastic storage [m3/d]
  std::span<const double> saturation_start;  ///< per local cell, at the start of the flow step
  std::span<const double> saturation_end;    ///< per local cell, at its end
  double flow_dt = 1.0;                      ///< [d]
  std::span<const double> sink;              ///< per owned cell, water leaving through packages [m3/d]
  // The transport step.
  double dt = 1.0;                         ///< [d]
  double weight = 1.0;                     ///< w: 1 backward Euler, 1/2 Crank–Nicolson
  double fraction_old = 0.0;               ///< where the step starts in the flow step (0..1)
  double fraction_new = 1.0;               ///< where it ends
  std::span<const double> conductance;     ///< G per connection [m3/d]
  std::span<const double> explicit_outflow;  ///< per owned cell, net deferred flux out (sum of E) [g/d]; empty: none
  std::span<const double> target;          ///< per owned cell, held concentration or NaN; empty: none
  std::span<const double> old_level;       ///< per owned cell, (1 - w) T_n(C^old); empty when w = 1
};

/// The rows of the assembled matrix in local cell numbers, so that J C can be
/// formed without PETSc (the residual R = b - J C - w div E of linear isotherms).
struct MatrixRows {
  std::vector<std::size_t> start;     ///< per owned cell + 1: first position in CellMatrix::values()
  std::vector<std::int32_t> column;   ///< per position: the local cell of that column
  MatrixRows(const CellGraph& graph, const petsc::CellMatrix& matrix);
};

class SpeciesBalance {
 public:
  explicit SpeciesBalance(const BalanceInputs& in) : in_(in) {}

  /// T_n at the time level `fraction` for each owned cell [g/d], from the
  /// local concentrations `c` (ghosts up to date), the inflow mass and the
  /// loading of that level. For a constant-concentration cell: its net face
  /// outflow (the mass the boundary supplies).
  void level_terms(std::span<const double> c, std::span<const double> inflow, std::span<const double> loading,
                   double fraction, std::span<double> terms) const;
  /// R_n for each owned cell (see above) [g/d]; `c_old` per owned cell.
  void residual(std::span<const double> c, std::span<const double> c_old, std::span<const double> inflow,
                std::span<const double> loading, std::span<double> r) const;
  /// J = -dR/dC at `c` (Newton for the isotherm; E is deferred, so not in J).
  void jacobian(std::span<const double> c, petsc::CellMatrix& matrix) const;
  /// For an isotherm linear in C, R = b - J C - w div E exactly: the step's
  /// constant part b of every owned row [g/d] (held rows: s C_held).
  void constant_part(std::span<const double> c_old, std::span<const double> inflow, std::span<const double> loading,
                     std::span<double> b) const;
  /// R = b - J C - w div E from the rows of the matrix assembled by jacobian()
  /// (linear isotherms only): one streaming pass instead of re-deriving every
  /// face flux. `c` local (ghosts up to date).
  void linear_residual(std::span<const double> c, std::span<const double> b, const MatrixRows& rows,
                       std::span<const double> values, std::span<double> r) const;
  /// Per owned cell, the size of the step's right-hand side [g/d] (stored mass
  /// rate, sources), which the solver tolerance is relative to.
  double rhs_norm_squared(std::span<const double> c_old, std::span<const double> inflow,
                          std::span<const double> loading) const;
  /// Largest advective Courant number of the owned cells for a step `dt`:
  /// dt x (water leaving through faces) / (pore water).
  double max_courant(double dt) const;
  /// Largest (k Q_out + sum G + Q_sink) / W over the owned cells [1/d]: how
  /// fast an explicit half step drains a cell (k weights the face outflow).
  double max_explicit_rate(double advection_factor) const;

  /// Books the terms of one time level with weight `level_weight` (w or 1 - w):
  /// packages, decay, production, the elastic-storage water and the
  /// constant concentrations (mass loadings: ConcentrationBoundaries::book_loadings).
  /// `c` local (ghosts up to date).
  void book_level(std::span<const double> c, const SourceSinkMixing& mixing,
                  std::span<const double> group_concentration, double fraction, double level_weight,
                  MassBudget& budget) const;
  /// Books the change of dissolved and sorbed mass over the step.
  void book_storage(std::span<const double> c, std::span<const double> c_old, MassBudget& budget) const;

 private:
  bool held(std::int32_t n) const { return !in_.target.empty() && in_.target[n] == in_.target[n]; }
  double saturation(std::int32_t n, double fraction) const {
    return in_.saturation_start[n] + fraction * (in_.saturation_end[n] - in_.saturation_start[n]);
  }
  /// Water volume taken from storage that the pore volume does not hold [m3/d].
  double elastic(std::int32_t n) const;
  /// Net mass flux out of owned cell n through its faces [g/d].
  double face_outflow(std::int32_t n, std::span<const double> c) const;
  /// Scale of a constant-concentration row (the size of a normal diagonal).
  double held_scale(std::int32_t n) const;

  BalanceInputs in_;
};

}  // namespace aquaplume

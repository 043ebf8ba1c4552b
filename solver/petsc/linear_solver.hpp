#pragma once
/// A PETSc KSP for one kind of system (flow or transport) with our defaults,
/// which any option on the command line overrides (-ksp_type, -pc_type, ...;
/// transport's options carry the prefix -transport_).

#include <span>
#include <string>

#include "mesh/cell_graph.hpp"
#include "solver/petsc/handles.hpp"

namespace aquaplume::petsc {

struct LinearSolverSettings {
  std::string ksp_type = "auto";    ///< PETSc KSPType; auto: cg for confined models, bcgs otherwise
  std::string pc_type = "hypre";    ///< PETSc PCType (hypre = BoomerAMG)
  double relative_tolerance = 1e-12;
  double absolute_tolerance = 1e-50;
  int max_iterations = 1000;
  std::string options_prefix;       ///< "" for flow, "transport_" for transport
};

struct LinearSolveResult {
  bool converged = false;
  int iterations = 0;
  std::string reason;  ///< PETSc's KSPConvergedReason, as text
};

class LinearSolver {
 public:
  /// Collective.
  LinearSolver(const CellGraph& graph, const LinearSolverSettings& settings);
  /// Solves A x = b. `x` holds the initial guess on entry (owned cells).
  /// Collective. Does not throw on divergence: the caller decides (step cuts).
  LinearSolveResult solve(Mat a, std::span<const double> b, std::span<double> x);
  /// Tells the preconditioner the matrix values changed but not the pattern.
  KSP ksp() const { return ksp_.get(); }

 private:
  Krylov ksp_;
  Vector b_, x_;
  std::int32_t n_owned_;
};

}  // namespace aquaplume::petsc

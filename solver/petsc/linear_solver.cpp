#include "solver/petsc/linear_solver.hpp"

#include <algorithm>

namespace aquaplume::petsc {

LinearSolver::LinearSolver(const CellGraph& graph, const LinearSolverSettings& s)
    : n_owned_(graph.n_owned) {
  petsc_check(KSPCreate(graph.comm, ksp_.out()), "KSPCreate");
  KSP ksp = ksp_.get();
  if (!s.options_prefix.empty())
    petsc_check(KSPSetOptionsPrefix(ksp, s.options_prefix.c_str()), "KSPSetOptionsPrefix");
  petsc_check(KSPSetType(ksp, s.ksp_type.c_str()), "KSPSetType");
  PC pc = nullptr;
  petsc_check(KSPGetPC(ksp, &pc), "KSPGetPC");
  petsc_check(PCSetType(pc, s.pc_type.c_str()), "PCSetType");
  if (s.pc_type == "hypre") {
    // BoomerAMG settings that suit 3D heterogeneous diffusion: HMIS coarsening
    // with extended+i interpolation keeps operator complexity low in 3D
    // (Yang 2010, "On long-range interpolation operators for aggressive coarsening").
    petsc_check(PCHYPRESetType(pc, "boomeramg"), "PCHYPRESetType");
    const char* prefix = s.options_prefix.empty() ? nullptr : s.options_prefix.c_str();
    auto set_default = [&](const char* name, const char* value) {
      PetscBool present = PETSC_FALSE;
      std::string full = std::string("-") + (prefix ? prefix : "") + name;
      petsc_check(PetscOptionsHasName(nullptr, nullptr, full.c_str(), &present), "PetscOptionsHasName");
      if (!present) petsc_check(PetscOptionsSetValue(nullptr, full.c_str(), value), "PetscOptionsSetValue");
    };
    set_default("pc_hypre_boomeramg_coarsen_type", "HMIS");
    set_default("pc_hypre_boomeramg_interp_type", "ext+i");
    set_default("pc_hypre_boomeramg_strong_threshold", "0.5");
    set_default("pc_hypre_boomeramg_P_max", "4");
    set_default("pc_hypre_boomeramg_agg_nl", "1");
  }
  petsc_check(KSPSetTolerances(ksp, s.relative_tolerance, s.absolute_tolerance, PETSC_DEFAULT,
                               s.max_iterations),
              "KSPSetTolerances");
  petsc_check(KSPSetInitialGuessNonzero(ksp, PETSC_TRUE), "KSPSetInitialGuessNonzero");
  petsc_check(KSPSetFromOptions(ksp), "KSPSetFromOptions");

  petsc_check(VecCreateMPI(graph.comm, graph.n_owned, PETSC_DETERMINE, b_.out()), "VecCreateMPI");
  petsc_check(VecDuplicate(b_.get(), x_.out()), "VecDuplicate");
}

LinearSolveResult LinearSolver::solve(Mat a, std::span<const double> b, std::span<double> x) {
  {
    ArrayView bv(b_.get()), xv(x_.get());
    std::copy(b.begin(), b.begin() + n_owned_, bv.data());
    std::copy(x.begin(), x.begin() + n_owned_, xv.data());
  }
  petsc_check(KSPSetOperators(ksp_.get(), a, a), "KSPSetOperators");
  petsc_check(KSPSolve(ksp_.get(), b_.get(), x_.get()), "KSPSolve");
  KSPConvergedReason reason;
  PetscInt its = 0;
  petsc_check(KSPGetConvergedReason(ksp_.get(), &reason), "KSPGetConvergedReason");
  petsc_check(KSPGetIterationNumber(ksp_.get(), &its), "KSPGetIterationNumber");
  LinearSolveResult result;
  result.converged = reason > 0;
  result.iterations = static_cast<int>(its);
  result.reason = KSPConvergedReasons[reason];
  if (result.converged) {
    ConstArrayView xv(x_.get());
    std::copy(xv.data(), xv.data() + n_owned_, x.begin());
  }
  return result;
}

}  // namespace aquaplume::petsc

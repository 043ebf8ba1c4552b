#include "mesh/petsc_error.hpp"

#include <fmt/format.h>

namespace aquaplume {

void petsc_check(PetscErrorCode code, std::string_view call) {
  if (code == 0) return;
  const char* text = nullptr;
  PetscErrorMessage(code, &text, nullptr);
  throw RunError(fmt::format("PETSc {} failed (error {}): {}", call, static_cast<int>(code),
                             text ? text : "unknown error"));
}

}  // namespace aquaplume

#pragma once
/// Turns PETSc error codes into C++ exceptions naming the failed call.

#include <petscsys.h>

#include <string_view>

#include "mesh/base/diagnostics.hpp"

namespace aquaplume {

/// Throws RunError("PETSc <call> failed: <message>") when `code` is not 0.
void petsc_check(PetscErrorCode code, std::string_view call);

}  // namespace aquaplume

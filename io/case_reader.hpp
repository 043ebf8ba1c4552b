#pragma once
/// Reading a case file: YAML -> input tree -> CaseSpec, every problem listed.

#include <string>

#include "solver/case/case_spec.hpp"

namespace aquaplume::io {

/// Reads and checks the syntax and values of a case file (not yet the
/// per-cell arrays, which each rank checks for its cells when the model is
/// built). Throws InputError listing every problem. Not collective.
CaseSpec read_case(const std::string& path);

/// As read_case, but the problems of the case values go to `errors` (a file
/// that is missing or not YAML still throws). The spec is complete only when
/// `errors` stays empty.
CaseSpec read_case(const std::string& path, ErrorList& errors);

/// True when what the mesh and the flow model are built from (units, grid,
/// properties, initial heads) was read without problems, even though `errors`
/// lists problems elsewhere (packages, time, output): `aquaplume validate`
/// then goes on to check the geometry and the per-cell arrays as well.
bool model_inputs_complete(const CaseSpec& spec, const ErrorList& errors);

/// SHA-256 of a byte string, as 64 hex digits.
std::string sha256_hex(const std::string& bytes);

}  // namespace aquaplume::io

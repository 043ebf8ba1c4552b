#pragma once
/// Reading a case file: YAML -> input tree -> CaseSpec, every problem listed.

#include <string>

#include "solver/case/case_spec.hpp"

namespace aquaplume::io {

/// Reads and checks the syntax and values of a case file (not yet the
/// per-cell arrays, which each rank checks for its cells when the model is
/// built). Throws InputError listing every problem. Not collective.
CaseSpec read_case(const std::string& path);

/// SHA-256 of a byte string, as 64 hex digits.
std::string sha256_hex(const std::string& bytes);

}  // namespace aquaplume::io

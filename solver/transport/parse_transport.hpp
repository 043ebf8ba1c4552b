#pragma once
/// Reads the `transport:` section of a case (cases/README.md documents it).

#include <optional>

#include "solver/case/case_spec.hpp"
#include "solver/transport/transport_spec.hpp"

namespace aquaplume {

/// The transport settings, or nullopt when the case has no `transport:`
/// section. Needs the grid, units, periods and packages of `spec` already
/// read; checks the species that the packages' `concentration:` entries name.
/// Every problem goes to `root.errors()` with its file, line and key.
std::optional<TransportSpec> parse_transport(const Section& root, const CaseSpec& spec, const ArrayOpener& opener);

}  // namespace aquaplume

#pragma once
/// The entries of a boundary package in the case. A package is either one
/// entry itself (its selection and values at the top level) or has a list
/// `entries:` whose items inherit the package-level values they do not set:
///
///   - type: chd
///     head: 50.0              # default for every entry
///     entries:
///       - {cols: 1, head: 55.0}
///       - {cols: 40}

#include <optional>
#include <vector>

#include "mesh/base/input_node.hpp"
#include "solver/packages/package.hpp"
#include "solver/packages/schedule.hpp"

namespace aquaplume {

/// The entry sections of a package spec (the spec itself when it has no `entries:`).
std::vector<Section> package_entries(const Section& spec);

/// A value from the entry, else from the package level, as a number or a
/// schedule (see schedule.hpp) times `factor`; records "missing" when neither has it.
std::optional<ScheduledValue> entry_value(const Section& entry, const Section& spec, std::string_view key,
                                          double factor, const PackageContext& context, Limits limits = {});

/// The package's budget label: its `name:`, else the type in capitals.
std::string package_name(const Section& spec, const std::string& type);

}  // namespace aquaplume

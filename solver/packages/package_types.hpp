#pragma once
/// Factories of the built-in packages, one per package file. Only the
/// registry (registry.cpp) refers to them by name.

#include <memory>

#include "solver/packages/package.hpp"

namespace aquaplume {

std::unique_ptr<Package> make_chd(const Section& spec, const PackageContext& context);
std::unique_ptr<Package> make_wel(const Section& spec, const PackageContext& context);
std::unique_ptr<Package> make_rch(const Section& spec, const PackageContext& context);
std::unique_ptr<Package> make_ghb(const Section& spec, const PackageContext& context);
std::unique_ptr<Package> make_riv(const Section& spec, const PackageContext& context);
std::unique_ptr<Package> make_drn(const Section& spec, const PackageContext& context);
std::unique_ptr<Package> make_evt(const Section& spec, const PackageContext& context);
std::unique_ptr<Package> make_hfb(const Section& spec, const PackageContext& context);

}  // namespace aquaplume

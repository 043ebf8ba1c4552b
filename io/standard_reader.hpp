#pragma once
/// Reading a groundwater quality standard file (cases/standards/*.yaml).

#include <string>

#include "solver/risk/quality_standard.hpp"

namespace aquaplume::io {

/// Reads and checks a standard file. Throws InputError listing every
/// problem (file:line: key: message). Not collective.
QualityStandard read_quality_standard(const std::string& path);

}  // namespace aquaplume::io

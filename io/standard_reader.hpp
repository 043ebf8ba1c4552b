#pragma once
/// Reading a groundwater quality standard file (cases/standards/*.yaml).

#include <string>

#include "solver/risk/quality_standard.hpp"

namespace aquaplume::io {

/// Reads and checks a standard file. Throws InputError listing every
/// problem (file:line: key: message). Not collective.
QualityStandard read_quality_standard(const std::string& path);

/// The standard opener of a case (risk.standard.file): a file relative to
/// `case_directory`, or by default gb14848-2017.yaml in the standards/
/// folder beside the case's folder (cases/standards for cases/<name>/), in
/// the case's own folder, or in the source tree's cases/standards.
risk::StandardOpener make_standard_opener(std::string case_directory);

}  // namespace aquaplume::io

#include "io/standard_reader.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/yaml_reader.hpp"

namespace aquaplume::io {

QualityStandard read_quality_standard(const std::string& path) {
  ErrorList errors;
  SourceLoc file_loc;
  file_loc.file = path;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    errors.add(file_loc, "standard file does not exist or is not a file");
    throw InputError(errors);
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  auto tree = parse_yaml(text.str(), path, errors);
  if (!tree) throw InputError(errors);
  auto standard = parse_quality_standard(*tree, errors);
  errors.throw_if_any();
  return std::move(*standard);
}

}  // namespace aquaplume::io

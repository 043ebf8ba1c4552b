#include "io/standard_reader.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

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

risk::StandardOpener make_standard_opener(std::string case_directory) {
  return [directory = std::move(case_directory)](const std::string& file, const SourceLoc& where,
                                                 ErrorList& errors, std::string& resolved)
             -> std::optional<QualityStandard> {
    namespace fs = std::filesystem;
    const fs::path base = directory.empty() ? fs::path(".") : fs::path(directory);
    std::vector<fs::path> candidates;
    if (!file.empty()) {
      candidates.push_back(fs::path(file).is_absolute() ? fs::path(file) : base / file);
    } else {
      const char* name = "gb14848-2017.yaml";
      candidates = {base / ".." / "standards" / name, base / "standards" / name,
                    fs::path(AQUAPLUME_SOURCE_DIR) / "cases" / "standards" / name};
    }
    std::error_code ec;
    for (const auto& candidate : candidates) {
      if (!fs::is_regular_file(candidate, ec)) continue;
      resolved = candidate.lexically_normal().string();
      try {
        return read_quality_standard(resolved);
      } catch (const InputError& e) {
        errors.append(e.errors());
        return std::nullopt;
      }
    }
    errors.add(where, file.empty() ? "cannot find the default standard gb14848-2017.yaml (cases/standards); give "
                                     "risk.standard.file"
                                   : "the standard file " + candidates.front().string() + " does not exist");
    return std::nullopt;
  };
}

}  // namespace aquaplume::io

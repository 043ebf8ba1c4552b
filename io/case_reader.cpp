#include "io/case_reader.hpp"

#include <openssl/evp.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "io/array_files.hpp"
#include "io/geojson_polygons.hpp"
#include "io/standard_reader.hpp"
#include "io/yaml_reader.hpp"

namespace aquaplume::io {

namespace fs = std::filesystem;

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

CaseSpec read_case(const std::string& path) {
  ErrorList errors;
  CaseSpec spec = read_case(path, errors);
  errors.throw_if_any();
  return spec;
}

CaseSpec read_case(const std::string& path, ErrorList& errors) {
  SourceLoc file_loc;
  file_loc.file = path;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    errors.add(file_loc, "case file does not exist or is not a file");
    throw InputError(errors);
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (!in.good() && !in.eof()) {
    errors.add(file_loc, "cannot read the case file");
    throw InputError(errors);
  }
  const std::string text = buffer.str();
  if (text.find('\0') != std::string::npos) {
    errors.add(file_loc, "the case file is binary, not YAML text");
    throw InputError(errors);
  }
  auto tree = parse_yaml(text, path, errors);
  if (!tree) throw InputError(errors);

  CaseSource source;
  source.file = path;
  source.directory = fs::path(path).parent_path().string();
  source.hash = sha256_hex(text);
  source.open_array = make_array_opener(source.directory);
  source.open_polygon = make_polygon_opener(source.directory);
  source.open_standard = make_standard_opener(source.directory);
  CaseSpec spec = parse_case(tree, source, errors);
  if (spec.name.empty()) {
    fs::path p(path);
    spec.name = p.stem() == "case" && p.has_parent_path() ? fs::absolute(p).parent_path().filename().string()
                                                          : p.stem().string();
  }
  return spec;
}

bool model_inputs_complete(const CaseSpec& spec, const ErrorList& errors) {
  for (const auto& d : errors.items()) {
    const std::string_view key = d.loc.key;
    if (key.empty()) return false;  // about the file as a whole
    for (std::string_view part : {"units", "grid", "properties", "initial_head"})
      if (key.starts_with(part) && (key.size() == part.size() || key[part.size()] == '.'))
        return false;
  }
  const StructuredGridSpec& g = spec.grid;
  const FlowProperties& p = spec.properties;
  return g.nlay > 0 && !g.delr.empty() && !g.delc.empty() && g.top && g.botm && p.kx && p.ky &&
         p.kz && p.specific_storage && p.specific_yield && p.convertible;
}

}  // namespace aquaplume::io

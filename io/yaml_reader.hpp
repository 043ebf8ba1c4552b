#pragma once
/// YAML case files to the input tree, with the line of every value.

#include <memory>
#include <string>

#include "mesh/base/input_node.hpp"

namespace aquaplume::io {

/// Parses YAML text. Syntax errors, duplicate keys and non-text keys are
/// recorded in `errors` with their line; returns nullptr when the text is not YAML.
std::shared_ptr<InputNode> parse_yaml(const std::string& text, const std::string& file_name, ErrorList& errors);

}  // namespace aquaplume::io

#include "io/yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

namespace aquaplume::io {
namespace {

SourceLoc location(const YAML::Node& node, const std::string& file, const std::string& key) {
  const YAML::Mark mark = node.Mark();
  SourceLoc loc;
  loc.file = file;
  loc.line = mark.line >= 0 ? mark.line + 1 : 0;
  loc.column = mark.column >= 0 ? mark.column + 1 : 0;
  loc.key = key;
  return loc;
}

void convert(const YAML::Node& node, InputNode& out, const std::string& file, const std::string& key,
             ErrorList& errors, int depth) {
  out.loc = location(node, file, key);
  if (depth > 64) {
    errors.add(out.loc, "input nested more than 64 levels deep");
    return;
  }
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out.kind = InputNode::Kind::Null;
      return;
    case YAML::NodeType::Scalar:
      out.kind = InputNode::Kind::Scalar;
      out.scalar = node.Scalar();
      out.quoted = node.Tag() == "!";  // yaml-cpp tags quoted scalars with "!"
      return;
    case YAML::NodeType::Sequence: {
      out.kind = InputNode::Kind::Sequence;
      std::size_t i = 0;
      for (const auto& item : node) {
        out.items.emplace_back();
        convert(item, out.items.back(), file, fmt::format("{}[{}]", key, ++i), errors, depth + 1);
      }
      return;
    }
    case YAML::NodeType::Map: {
      out.kind = InputNode::Kind::Map;
      for (const auto& pair : node) {
        if (!pair.first.IsScalar()) {
          errors.add(location(pair.first, file, key), "keys must be plain text");
          continue;
        }
        const std::string name = pair.first.Scalar();
        const std::string path = key.empty() ? name : fmt::format("{}.{}", key, name);
        bool duplicate = false;
        for (const auto& [existing, value] : out.entries) {
          if (existing == name) {
            errors.add(location(pair.first, file, path),
                       fmt::format("key '{}' given twice (first at line {})", name, value.loc.line));
            duplicate = true;
          }
        }
        if (duplicate) continue;
        out.entries.emplace_back(name, InputNode{});
        convert(pair.second, out.entries.back().second, file, path, errors, depth + 1);
        if (out.entries.back().second.loc.line == 0) out.entries.back().second.loc = location(pair.first, file, path);
      }
      return;
    }
  }
}

}  // namespace

std::shared_ptr<InputNode> parse_yaml(const std::string& text, const std::string& file_name, ErrorList& errors) {
  YAML::Node document;
  try {
    document = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    SourceLoc loc;
    loc.file = file_name;
    loc.line = e.mark.line >= 0 ? e.mark.line + 1 : 0;
    loc.column = e.mark.column >= 0 ? e.mark.column + 1 : 0;
    errors.add(loc, fmt::format("not valid YAML: {}", e.msg));
    return nullptr;
  }
  auto root = std::make_shared<InputNode>();
  convert(document, *root, file_name, "", errors, 0);
  if (root->loc.line == 0) root->loc.line = 1;
  return root;
}

}  // namespace aquaplume::io

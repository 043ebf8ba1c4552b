#include "io/yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

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

/// The text split into lines (without their '\n').
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (true) {
    const auto end = text.find('\n');
    lines.push_back(text.substr(0, end));
    if (end == std::string_view::npos) return lines;
    text.remove_prefix(end + 1);
  }
}

/// The 0-based line of the '-' that opens an empty sequence item, or -1.
/// yaml-cpp marks an empty item with the position of the next token, which
/// may be lines further down; between the dash and that token there are only
/// blanks and comments, so walk back over them to the dash.
int dash_line(const std::vector<std::string_view>& lines, int line, int column) {
  for (int l = std::min(line, static_cast<int>(lines.size()) - 1); l >= 0; --l) {
    std::string_view text = lines[static_cast<std::size_t>(l)];
    if (l == line)
      text = text.substr(
          0, std::min<std::size_t>(static_cast<std::size_t>(std::max(column, 0)), text.size()));
    for (std::size_t i = 0; i < text.size(); ++i)  // a comment starts at a '#' after a blank
      if (text[i] == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t')) {
        text = text.substr(0, i);
        break;
      }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    if (text.empty()) continue;
    const bool dash = text.back() == '-' && (text.size() == 1 || text[text.size() - 2] == ' ' ||
                                             text[text.size() - 2] == '\t');
    return dash ? l : -1;
  }
  return -1;
}

/// True when a null is written out ("~", "null") at `mark`, which then is its place.
bool written_null(const std::vector<std::string_view>& lines, const YAML::Mark& mark) {
  if (mark.line < 0 || mark.line >= static_cast<int>(lines.size())) return false;
  std::string_view text = lines[static_cast<std::size_t>(mark.line)];
  if (mark.column < 0 || static_cast<std::size_t>(mark.column) >= text.size()) return false;
  text.remove_prefix(static_cast<std::size_t>(mark.column));
  std::string word;
  for (char c : text.substr(0, 4))
    word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text.front() == '~' || word == "null";
}

void convert(const YAML::Node& node, InputNode& out, const std::string& file,
             const std::string& key, ErrorList& errors, int depth,
             const std::vector<std::string_view>& lines) {
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
        InputNode& converted = out.items.back();
        convert(item, converted, file, fmt::format("{}[{}]", key, ++i), errors, depth + 1, lines);
        if (converted.is_null() && !written_null(lines, item.Mark())) {
          // An empty item ("-" alone) is marked at the next token: take the dash's line
          // (or else the list's).
          const int dash = dash_line(lines, item.Mark().line, item.Mark().column);
          converted.loc.line = dash >= 0 ? dash + 1 : out.loc.line;
          converted.loc.column = dash >= 0 ? 0 : out.loc.column;
        }
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
        InputNode& value = out.entries.back().second;
        convert(pair.second, value, file, path, errors, depth + 1, lines);
        // An empty value ("top:" alone) is marked at the next token, often the
        // next key's line: report it at its own key.
        if (value.loc.line == 0 || value.is_null()) value.loc = location(pair.first, file, path);
      }
      return;
    }
  }
}

/// The 0-based line of the innermost '[' or '{' still open at (line, column),
/// or -1. Brackets inside quotes and comments do not count. yaml-cpp reports
/// an unclosed flow list where it gave up (often the next key, lines later),
/// while the mistake is where the bracket was opened.
int open_bracket_line(const std::vector<std::string_view>& lines, int line, int column) {
  std::vector<int> open;  // line of each open bracket
  for (int l = 0; l < static_cast<int>(lines.size()) && l <= line; ++l) {
    std::string_view text = lines[static_cast<std::size_t>(l)];
    if (l == line)
      text = text.substr(
          0, std::min<std::size_t>(static_cast<std::size_t>(std::max(column, 0)), text.size()));
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      const char before = i == 0 ? ' ' : text[i - 1];
      if (quote) {
        const bool escaped =
            (quote == '"' && c == '\\') ||  // \" inside "..."
            (quote == '\'' && c == '\'' && i + 1 < text.size() && text[i + 1] == '\'');  // ''
        if (escaped)
          ++i;
        else if (c == quote)
          quote = 0;
        continue;
      }
      const bool starts_token = before == ' ' || before == '\t' || before == '[' || before == '{' ||
                                before == ',' || before == ':';
      if (c == '#' && (before == ' ' || before == '\t')) break;  // a comment
      if ((c == '"' || c == '\'') && starts_token) {
        quote = c;
      } else if ((c == '[' || c == '{') && (starts_token || before == '-')) {
        open.push_back(l);
      } else if ((c == ']' || c == '}') && !open.empty()) {
        open.pop_back();
      }
    }
  }
  return open.empty() ? -1 : open.back();
}

}  // namespace

std::shared_ptr<InputNode> parse_yaml(const std::string& text, const std::string& file_name, ErrorList& errors) {
  YAML::Node document;
  const auto lines = split_lines(text);
  try {
    document = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    SourceLoc loc;
    loc.file = file_name;
    loc.line = e.mark.line >= 0 ? e.mark.line + 1 : 0;
    loc.column = e.mark.column >= 0 ? e.mark.column + 1 : 0;
    std::string message = fmt::format("not valid YAML: {}", e.msg);
    if (e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW || e.msg == YAML::ErrorMsg::END_OF_MAP_FLOW) {
      const int opened = open_bracket_line(lines, e.mark.line, e.mark.column);
      if (opened >= 0 && opened + 1 != loc.line) {
        message = fmt::format(
            "not valid YAML: the {} opened on this line is never closed (the parser gave up at "
            "line {}: {})",
            e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW ? "'['" : "'{'", loc.line, e.msg);
        loc.line = opened + 1;
        loc.column = 0;
      }
    } else if (e.msg == YAML::ErrorMsg::MAP_VALUE) {
      // yaml-cpp's "illegal map value" mostly means a key indented deeper than its siblings.
      message += "; check the indentation of this line and the one above";
    }
    errors.add(loc, message);
    return nullptr;
  }
  auto root = std::make_shared<InputNode>();
  convert(document, *root, file_name, "", errors, 0, lines);
  if (root->loc.line == 0) root->loc.line = 1;
  return root;
}

}  // namespace aquaplume::io

#include "mesh/base/input_node.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace aquaplume {

const InputNode* InputNode::find(std::string_view key) const {
  used_ = true;
  if (std::find(asked_.begin(), asked_.end(), key) == asked_.end()) asked_.emplace_back(key);
  if (kind != Kind::Map) return nullptr;
  for (const auto& [k, v] : entries)
    if (k == key) return &v;
  return nullptr;
}

void InputNode::mark_used() const {
  used_ = true;
  for (const auto& item : items) item.mark_used();
  for (const auto& [k, v] : entries) {
    if (std::find(asked_.begin(), asked_.end(), k) == asked_.end()) asked_.push_back(k);
    v.mark_used();
  }
}

std::string InputNode::describe() const {
  switch (kind) {
    case Kind::Null: return "nothing";
    case Kind::Sequence:
      if (items.empty()) return "an empty list";
      return fmt::format("a list of {} value{}", items.size(), items.size() == 1 ? "" : "s");
    case Kind::Map: return "a mapping";
    case Kind::Scalar: break;
  }
  std::string shown = scalar.size() > 40 ? scalar.substr(0, 40) + "..." : scalar;
  return fmt::format("'{}'", shown);
}

void InputNode::report_unknown_keys(ErrorList& errors) const {
  if (kind == Kind::Sequence) {
    for (const auto& item : items) item.report_unknown_keys(errors);
    return;
  }
  if (kind != Kind::Map || !used_) return;
  for (const auto& [key, value] : entries) {
    if (std::find(asked_.begin(), asked_.end(), key) != asked_.end()) {
      value.report_unknown_keys(errors);
      continue;
    }
    std::string best;
    std::size_t best_distance = std::string::npos;
    for (const auto& known : asked_) {
      if (known.empty()) continue;
      std::size_t d = edit_distance(key, known);
      if (d < best_distance) {
        best = known;
        best_distance = d;
      }
    }
    if (best_distance > std::max<std::size_t>(2, key.size() / 3)) best.clear();
    SourceLoc at = value.loc;
    std::string msg = fmt::format("unknown key '{}'", key);
    if (!best.empty()) {
      msg += fmt::format("; did you mean '{}'?", best);
    } else {
      // asked_ holds "" for a section that was merely visited: list only real keys.
      std::vector<std::string> sorted;
      for (const auto& known : asked_)
        if (!known.empty()) sorted.push_back(known);
      std::sort(sorted.begin(), sorted.end());
      if (!sorted.empty()) msg += "; known keys here: ";
      for (std::size_t i = 0; i < sorted.size(); ++i) msg += (i ? ", " : "") + sorted[i];
    }
    errors.add(at, msg);
  }
}

std::string Limits::violation(double v) const {
  if (min) {
    if (min_exclusive && !(v > *min)) return fmt::format("> {}", *min);
    if (!min_exclusive && !(v >= *min)) return fmt::format(">= {}", *min);
  }
  if (max && !(v <= *max)) {
    if (min) return fmt::format("between {} and {}", *min, *max);
    return fmt::format("<= {}", *max);
  }
  return {};
}

namespace {

/// Parses the whole of `text` as a double, accepting one leading '+' (from_chars
/// does not). Sets `out_of_range` when the text is a number too large or too
/// small in magnitude for a double (1e400, 1e-400).
std::optional<double> parse_double(std::string_view text, bool& out_of_range) {
  out_of_range = false;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (!text.empty() && (text.front() == '+' || text.front() == '-'))
      return std::nullopt;  // "+-5"
  }
  if (text.empty()) return std::nullopt;
  double value = 0.0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ptr != text.data() + text.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) out_of_range = true;
  if (ec != std::errc()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<double> read_number(const InputNode& node, ErrorList& errors, Limits limits) {
  node.mark_used();
  if (!node.is_scalar() || node.quoted) {
    errors.add(node.loc, fmt::format("expected a number, got {}", node.describe()));
    return std::nullopt;
  }
  const std::string& s = node.scalar;
  std::string lower;
  for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == ".nan" || lower == "nan" || lower == ".inf" || lower == "-.inf" || lower == "+.inf" ||
      lower == "inf" || lower == "-inf") {
    errors.add(node.loc, fmt::format("expected a finite number, got '{}'", s));
    return std::nullopt;
  }
  bool out_of_range = false;
  auto value = parse_double(s, out_of_range);
  if (out_of_range) {
    errors.add(node.loc, fmt::format("expected a number, got '{}', which is out of range "
                                     "(magnitudes from 4.9e-324 to 1.8e308, or 0)",
                                     s));
    return std::nullopt;
  }
  if (!value) {
    errors.add(node.loc, fmt::format("expected a number, got {}", node.describe()));
    return std::nullopt;
  }
  if (!std::isfinite(*value)) {
    errors.add(node.loc, fmt::format("expected a finite number, got '{}'", s));
    return std::nullopt;
  }
  if (auto bad = limits.violation(*value); !bad.empty()) {
    errors.add(node.loc, fmt::format("expected a number {}, got {}", bad, s));
    return std::nullopt;
  }
  return value;
}

std::optional<long long> read_integer(const InputNode& node, ErrorList& errors, Limits limits) {
  ErrorList local;
  auto value = read_number(node, local, {});
  if (!value || std::floor(*value) != *value || std::abs(*value) > 9.0e15) {
    errors.add(node.loc, fmt::format("expected a whole number, got {}", node.describe()));
    return std::nullopt;
  }
  if (auto bad = limits.violation(*value); !bad.empty()) {
    errors.add(node.loc, fmt::format("expected a whole number {}, got {}", bad, node.scalar));
    return std::nullopt;
  }
  return static_cast<long long>(*value);
}

std::optional<std::string> read_text(const InputNode& node, ErrorList& errors) {
  node.mark_used();
  if (!node.is_scalar()) {
    errors.add(node.loc, fmt::format("expected text, got {}", node.describe()));
    return std::nullopt;
  }
  return node.scalar;
}

Section::Section(const InputNode& node, ErrorList& errors) : node_(&node), errors_(&errors) {
  node.find("");  // a section that is read counts as visited, even when empty
}

SourceLoc Section::loc_of(std::string_view key) const {
  if (node_->is_map())
    for (const auto& [k, v] : node_->entries)
      if (k == key) return v.loc;
  std::string path = node_->loc.key.empty() ? std::string(key)
                                            : fmt::format("{}.{}", node_->loc.key, key);
  return node_->loc.with_key(path);
}

bool Section::has(std::string_view key) const {
  if (!node_->is_map()) return false;
  for (const auto& [k, v] : node_->entries)
    if (k == key) return true;
  return false;
}

const InputNode* Section::get(std::string_view key) const { return node_->find(key); }

std::optional<double> Section::number(std::string_view key, Limits limits) const {
  const InputNode* n = get(key);
  if (!n || n->is_null()) {
    error(key, "missing; expected a number");
    return std::nullopt;
  }
  return read_number(*n, *errors_, limits);
}

double Section::number_or(std::string_view key, double fallback, Limits limits) const {
  const InputNode* n = get(key);
  if (!n) return fallback;
  return read_number(*n, *errors_, limits).value_or(fallback);
}

std::optional<long long> Section::integer(std::string_view key, Limits limits) const {
  const InputNode* n = get(key);
  if (!n || n->is_null()) {
    error(key, "missing; expected a whole number");
    return std::nullopt;
  }
  return read_integer(*n, *errors_, limits);
}

long long Section::integer_or(std::string_view key, long long fallback, Limits limits) const {
  const InputNode* n = get(key);
  if (!n) return fallback;
  return read_integer(*n, *errors_, limits).value_or(fallback);
}

namespace {
std::optional<std::string> check_choice(const InputNode& n, ErrorList& errors,
                                        const std::vector<std::string_view>& choices) {
  auto text = read_text(n, errors);
  if (!text || choices.empty()) return text;
  for (auto c : choices)
    if (*text == c) return text;
  std::string list;
  for (std::size_t i = 0; i < choices.size(); ++i) list += fmt::format("{}'{}'", i ? ", " : "", choices[i]);
  errors.add(n.loc, fmt::format("expected one of {}, got '{}'", list, *text));
  return std::nullopt;
}
}  // namespace

std::optional<std::string> Section::word(std::string_view key,
                                         std::vector<std::string_view> choices) const {
  const InputNode* n = get(key);
  if (!n || n->is_null()) {
    error(key, "missing; expected text");
    return std::nullopt;
  }
  return check_choice(*n, *errors_, choices);
}

std::string Section::word_or(std::string_view key, std::string fallback,
                             std::vector<std::string_view> choices) const {
  const InputNode* n = get(key);
  if (!n) return fallback;
  return check_choice(*n, *errors_, choices).value_or(fallback);
}

bool Section::flag_or(std::string_view key, bool fallback) const {
  const InputNode* n = get(key);
  if (!n) return fallback;
  auto text = read_text(*n, *errors_);
  if (!text) return fallback;
  // YAML writes booleans in any case (True, FALSE, Yes).
  std::string lower;
  for (char c : *text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "true" || lower == "yes" || lower == "on") return true;
  if (lower == "false" || lower == "no" || lower == "off") return false;
  errors_->add(n->loc, fmt::format("expected true or false, got '{}'", *text));
  return fallback;
}

std::optional<Section> Section::section(std::string_view key) const {
  const InputNode* n = get(key);
  if (!n) {
    error(key, "missing; expected a mapping of settings");
    return std::nullopt;
  }
  if (!n->is_map()) {
    errors_->add(n->loc, fmt::format("expected a mapping of settings, got {}", n->describe()));
    return std::nullopt;
  }
  return Section(*n, *errors_);
}

std::optional<Section> Section::maybe_section(std::string_view key) const {
  const InputNode* n = get(key);
  if (!n || n->is_null()) return std::nullopt;
  if (!n->is_map()) {
    errors_->add(n->loc, fmt::format("expected a mapping of settings, got {}", n->describe()));
    return std::nullopt;
  }
  return Section(*n, *errors_);
}

std::vector<const InputNode*> Section::list(std::string_view key) const {
  std::vector<const InputNode*> out;
  const InputNode* n = get(key);
  if (!n) {
    error(key, "missing; expected a list");
    return out;
  }
  if (!n->is_sequence()) {
    errors_->add(n->loc, fmt::format("expected a list, got {}", n->describe()));
    return out;
  }
  for (const auto& item : n->items) out.push_back(&item);
  return out;
}

void Section::error(std::string_view key, std::string message) const {
  errors_->add(loc_of(key), std::move(message));
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t substitution = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, substitution});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace aquaplume

#include "solver/risk/quality_standard.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

namespace aquaplume {
namespace {

constexpr std::array<std::string_view, 5> kClassNames{"I", "II", "III", "IV", "V"};

/// Names compare without case, and '-', ' ' and '_' are the same ("NO3-N" = "no3_n").
std::string normalised(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == '-' || c == ' ') c = '_';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

/// Divisor turning a printed limit into mg/L: 1 for mg/L, 1000 for µg/L.
/// (Dividing keeps 10 µg/L exactly the double nearest 0.01.)
std::optional<double> unit_divisor(std::string_view unit) {
  if (unit == "mg/L") return 1.0;
  // The micro sign (U+00B5), the Greek mu (U+03BC) and plain "u" all occur in print.
  if (unit == "\u00b5g/L" || unit == "\u03bcg/L" || unit == "ug/L") return 1000.0;
  return std::nullopt;
}

std::optional<double> parse_plain_number(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  double value = 0.0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

/// A class I..IV limit as printed: a number, or `not detected`.
std::optional<ClassLimit> parse_limit(const InputNode& node, double divisor, ErrorList& errors) {
  if (node.is_scalar() && node.scalar == "not detected") {
    node.mark_used();
    return ClassLimit{0.0, true};
  }
  auto value = read_number(node, errors, Limits::non_negative());
  if (!value) return std::nullopt;
  return ClassLimit{*value / divisor, false};
}

std::optional<StandardIndicator> parse_indicator(const std::string& key, const InputNode& node,
                                                 ErrorList& errors) {
  if (!node.is_map()) {
    errors.add(node.loc,
               fmt::format("expected the indicator's names, unit and limits (a mapping), got {}",
                           node.describe()));
    return std::nullopt;
  }
  Section s(node, errors);
  StandardIndicator ind;
  ind.key = key;
  ind.loc = node.loc;
  ind.chinese = s.word("chinese").value_or("");
  ind.english = s.word("english").value_or("");
  ind.cas = s.word_or("cas", "");
  ind.table = static_cast<int>(s.integer("table", Limits::between(1, 2)).value_or(0));
  ind.group = s.word("group").value_or("");
  ind.confidence = s.word_or("confidence", "unchecked", {"high", "medium", "low", "unchecked"});
  if (const InputNode* aliases = s.get("aliases")) {
    if (!aliases->is_sequence()) {
      errors.add(aliases->loc,
                 fmt::format("expected a list of other names, got {}", aliases->describe()));
    } else {
      for (const InputNode& a : aliases->items)
        if (auto text = read_text(a, errors)) ind.aliases.push_back(*text);
    }
  }
  const std::size_t before = errors.size();
  std::optional<double> divisor;
  if (auto unit = s.word("unit")) {
    ind.unit = *unit;
    divisor = unit_divisor(*unit);
    if (!divisor) s.error("unit", fmt::format("expected mg/L or µg/L, got '{}'", *unit));
  }
  auto limits = s.section("limits");
  if (!limits || !divisor) {
    if (limits) limits->node().mark_used();
    return std::nullopt;
  }
  // Classes I..IV: upper limits that never decrease from a better class to a worse one.
  std::array<std::optional<double>, 4> printed;
  for (std::size_t c = 0; c < 4; ++c) {
    const InputNode* n = limits->get(kClassNames[c]);
    if (!n) {
      limits->error(kClassNames[c],
                    fmt::format("missing; expected the class {} upper limit", kClassNames[c]));
      continue;
    }
    if (auto limit = parse_limit(*n, *divisor, errors)) {
      ind.limits[c] = *limit;
      printed[c] = limit->mg_per_l * *divisor;
      if (c > 0 && printed[c - 1] && *printed[c] < *printed[c - 1])
        errors.add(
            n->loc,
            fmt::format("the class {} limit {} is below the class {} limit {}; limits must not "
                        "decrease from class I to IV",
                        kClassNames[c], *printed[c], kClassNames[c - 1], *printed[c - 1]));
    }
  }
  // Class V is "above the class IV limit": written "> x" so that the file reads like the table.
  if (const InputNode* v = limits->get("V")) {
    v->mark_used();
    const std::string text = v->is_scalar() ? v->scalar : std::string();
    std::optional<double> above;
    if (!text.empty() && text.front() == '>')
      above = parse_plain_number(std::string_view(text).substr(1));
    if (!above) {
      errors.add(
          v->loc,
          fmt::format(
              "expected \"> x\" with x the class IV limit (class V has no upper limit), got {}",
              v->describe()));
    } else if (printed[3] && *above != *printed[3]) {
      errors.add(v->loc, fmt::format("class V starts above the class IV limit {}, not above {}",
                                     *printed[3], *above));
    }
  } else {
    limits->error("V", "missing; expected \"> x\" with x the class IV limit");
  }
  if (errors.size() > before) return std::nullopt;
  return ind;
}

}  // namespace

std::optional<QualityClass> quality_class_from_text(std::string_view text) {
  for (std::size_t c = 0; c < kClassNames.size(); ++c)
    if (text == kClassNames[c] || text == std::to_string(c + 1))
      return static_cast<QualityClass>(c + 1);
  return std::nullopt;
}

std::string_view quality_class_name(QualityClass c) {
  return kClassNames[static_cast<std::size_t>(c) - 1];
}

std::optional<double> StandardIndicator::limit(QualityClass c) const {
  if (c == QualityClass::V) return std::nullopt;
  return limits[static_cast<std::size_t>(c) - 1].mg_per_l;
}

QualityClass StandardIndicator::classify(double concentration, double detection_limit) const {
  for (std::size_t c = 0; c < 4; ++c) {
    const ClassLimit& l = limits[c];
    if (l.not_detected ? concentration < detection_limit : concentration <= l.mg_per_l)
      return static_cast<QualityClass>(c + 1);
  }
  return QualityClass::V;
}

const StandardIndicator* QualityStandard::find(std::string_view name) const {
  const std::string wanted = normalised(name);
  for (const StandardIndicator& ind : indicators) {
    if (normalised(ind.key) == wanted) return &ind;
    for (const std::string& alias : ind.aliases)
      if (normalised(alias) == wanted) return &ind;
  }
  return nullptr;
}

std::optional<QualityStandard> parse_quality_standard(const InputNode& tree, ErrorList& errors) {
  const std::size_t before = errors.size();
  if (!tree.is_map()) {
    errors.add(tree.loc, fmt::format("expected a standard ('standard' and 'indicators'), got {}",
                                     tree.describe()));
    return std::nullopt;
  }
  Section root(tree, errors);
  QualityStandard standard;
  standard.loc = tree.loc;
  if (auto about = root.section("standard")) {
    standard.code = about->word("code").value_or("");
    standard.chinese = about->word_or("chinese", "");
    standard.english = about->word_or("english", "");
    for (const char* key : {"issued", "in_force", "replaces"}) about->word_or(key, "");
  }
  const InputNode* indicators = root.get("indicators");
  if (!indicators || !indicators->is_map() || indicators->entries.empty()) {
    if (indicators) indicators->mark_used();
    root.error("indicators", "missing; expected a mapping of indicator name to its limits");
  } else {
    indicators->find("");  // the indicator names are its keys: none is unknown
    for (const auto& [key, node] : indicators->entries) {
      indicators->find(key);
      if (auto ind = parse_indicator(key, node, errors))
        standard.indicators.push_back(std::move(*ind));
    }
  }
  // Every key and alias must name one indicator only.
  std::vector<std::pair<std::string, const StandardIndicator*>> names;
  for (const StandardIndicator& ind : standard.indicators) {
    std::vector<std::string> own{ind.key};
    own.insert(own.end(), ind.aliases.begin(), ind.aliases.end());
    for (const std::string& name : own) {
      const std::string n = normalised(name);
      auto clash = std::find_if(names.begin(), names.end(),
                                [&](const auto& p) { return p.first == n && p.second != &ind; });
      if (clash != names.end())
        errors.add(ind.loc, fmt::format("the name '{}' of '{}' also names '{}'", name, ind.key,
                                        clash->second->key));
      names.emplace_back(n, &ind);
    }
  }
  tree.report_unknown_keys(errors);
  if (errors.size() > before) return std::nullopt;
  return standard;
}

}  // namespace aquaplume

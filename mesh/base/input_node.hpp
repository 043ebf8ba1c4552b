#pragma once
/// A format-neutral tree of input values, each with the place it was written.
///
/// io/ turns a YAML case file into this tree; physics code reads its settings
/// from it through `Section`, which checks types and ranges and collects every
/// problem with its file, line and key. Keys nobody asked for are reported at
/// the end as unknown, with a did-you-mean suggestion.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mesh/base/diagnostics.hpp"

namespace aquaplume {

class InputNode {
 public:
  enum class Kind { Null, Scalar, Sequence, Map };

  Kind kind = Kind::Null;
  std::string scalar;   ///< the text of a scalar, as written
  bool quoted = false;  ///< a quoted scalar is text, never a number
  std::vector<InputNode> items;                           ///< Sequence elements
  std::vector<std::pair<std::string, InputNode>> entries;  ///< Map entries, in file order
  SourceLoc loc;        ///< where the value is written; loc.key is its dotted path

  bool is_null() const { return kind == Kind::Null; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_sequence() const { return kind == Kind::Sequence; }
  bool is_map() const { return kind == Kind::Map; }

  /// The entry of a map, or nullptr. Records that `key` was asked for, so that
  /// the unknown-key check knows which keys this map understands.
  const InputNode* find(std::string_view key) const;
  /// Marks this node (and its whole subtree) as understood by a reader.
  void mark_used() const;
  /// "a number", "text 'abc'", "a list", "a mapping" — for error messages.
  std::string describe() const;

  /// Reports every map entry that no reader asked for ("unknown key"),
  /// suggesting the closest known key. Walks only maps that were read.
  void report_unknown_keys(ErrorList& errors) const;

 private:
  mutable bool used_ = false;
  mutable std::vector<std::string> asked_;
};

/// Bounds on a number read from input.
struct Limits {
  std::optional<double> min;
  std::optional<double> max;
  bool min_exclusive = false;

  static Limits any() { return {}; }
  static Limits positive() { return {0.0, std::nullopt, true}; }
  static Limits non_negative() { return {0.0, std::nullopt, false}; }
  static Limits at_least(double v) { return {v, std::nullopt, false}; }
  static Limits between(double lo, double hi) { return {lo, hi, false}; }
  /// Empty when `v` is allowed, else what was expected ("> 0", ">= 1", ...).
  std::string violation(double v) const;
};

/// Parses a scalar node as a finite number; records an error and returns
/// nullopt when it is not one or breaks the limits.
std::optional<double> read_number(const InputNode& node, ErrorList& errors,
                                  Limits limits = {});
/// As read_number, for whole numbers.
std::optional<long long> read_integer(const InputNode& node, ErrorList& errors,
                                      Limits limits = {});
/// A scalar as text (numbers are accepted as their text).
std::optional<std::string> read_text(const InputNode& node, ErrorList& errors);

/// A checked view of one map of the input.
class Section {
 public:
  Section(const InputNode& node, ErrorList& errors);

  const InputNode& node() const { return *node_; }
  const SourceLoc& loc() const { return node_->loc; }
  ErrorList& errors() const { return *errors_; }
  /// Location of `key` when present, else of this section (with the key path).
  SourceLoc loc_of(std::string_view key) const;

  bool has(std::string_view key) const;
  /// The entry, or nullptr (records `key` as understood either way).
  const InputNode* get(std::string_view key) const;

  /// Required number; records "missing" or "expected a number" errors.
  std::optional<double> number(std::string_view key, Limits limits = {}) const;
  /// Optional number with a default.
  double number_or(std::string_view key, double fallback, Limits limits = {}) const;
  std::optional<long long> integer(std::string_view key, Limits limits = {}) const;
  long long integer_or(std::string_view key, long long fallback, Limits limits = {}) const;
  /// Required text from a fixed set of choices (empty list = any text).
  std::optional<std::string> word(std::string_view key,
                                  std::vector<std::string_view> choices = {}) const;
  std::string word_or(std::string_view key, std::string fallback,
                      std::vector<std::string_view> choices = {}) const;
  bool flag_or(std::string_view key, bool fallback) const;
  /// A required sub-map.
  std::optional<Section> section(std::string_view key) const;
  /// An optional sub-map (nullopt when absent; an error when not a map).
  std::optional<Section> maybe_section(std::string_view key) const;
  /// The elements of a required list (empty and an error when absent).
  std::vector<const InputNode*> list(std::string_view key) const;

  /// Records an error at `key` (or at this section when the key is absent).
  void error(std::string_view key, std::string message) const;

 private:
  const InputNode* node_;
  ErrorList* errors_;
};

/// Levenshtein distance, for did-you-mean suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace aquaplume

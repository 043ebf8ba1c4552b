#pragma once
/// Where an input value came from, and the list of problems found in a case.
///
/// Input problems are collected, not thrown one at a time: a hydrogeologist
/// fixing a case file wants every mistake of the file in one report
/// (MODFLOW 6 does the same with its `store_error` / `count_errors`).

#include <stdexcept>
#include <string>
#include <vector>

namespace aquaplume {

/// A place in an input file. `line` and `column` are 1-based; 0 means unknown.
struct SourceLoc {
  std::string file;
  int line = 0;
  int column = 0;
  std::string key;  ///< dotted key path, e.g. "packages[2].rate"

  /// "file:line" (or just "file" when the line is unknown).
  std::string where() const;
  /// A copy of this location with another key path.
  SourceLoc with_key(std::string k) const;
};

/// One problem of an input, printed as `file:line: key: message`.
struct Diagnostic {
  SourceLoc loc;
  std::string message;
  std::string format() const;
};

/// Collects input problems so that all of them are reported together.
class ErrorList {
 public:
  void add(const SourceLoc& loc, std::string message);
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void append(const ErrorList& other);
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  /// Every problem on its own line, in the order found.
  std::string format() const;
  /// Throws InputError when the list holds anything.
  void throw_if_any() const;

 private:
  std::vector<Diagnostic> items_;
};

/// A case (or an input array) is wrong. The what() text lists every problem.
class InputError : public std::runtime_error {
 public:
  explicit InputError(ErrorList errors);
  const ErrorList& errors() const { return errors_; }

 private:
  ErrorList errors_;
};

/// A run failed for a reason that is not a bad input (solver, I/O, MPI).
/// `agreed` marks a failure every rank detects together (a global
/// convergence or budget test), so no rank needs to abort the others.
class RunError : public std::runtime_error {
 public:
  explicit RunError(const std::string& what, bool agreed = false)
      : std::runtime_error(what), agreed_(agreed) {}
  bool agreed() const { return agreed_; }

 private:
  bool agreed_;
};

}  // namespace aquaplume

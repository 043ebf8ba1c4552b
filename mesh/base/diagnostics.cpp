#include "mesh/base/diagnostics.hpp"

#include <fmt/format.h>

namespace aquaplume {

std::string SourceLoc::where() const {
  if (file.empty()) return line > 0 ? fmt::format("line {}", line) : std::string("<input>");
  return line > 0 ? fmt::format("{}:{}", file, line) : file;
}

SourceLoc SourceLoc::with_key(std::string k) const {
  SourceLoc copy = *this;
  copy.key = std::move(k);
  return copy;
}

std::string Diagnostic::format() const {
  if (loc.key.empty()) return fmt::format("{}: {}", loc.where(), message);
  return fmt::format("{}: {}: {}", loc.where(), loc.key, message);
}

void ErrorList::add(const SourceLoc& loc, std::string message) {
  items_.push_back(Diagnostic{loc, std::move(message)});
}

void ErrorList::append(const ErrorList& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

std::string ErrorList::format() const {
  std::string text;
  for (const auto& d : items_) {
    text += d.format();
    text += '\n';
  }
  return text;
}

void ErrorList::throw_if_any() const {
  if (!items_.empty()) throw InputError(*this);
}

InputError::InputError(ErrorList errors)
    : std::runtime_error(errors.format()), errors_(std::move(errors)) {}

}  // namespace aquaplume

#include "solver/packages/package.hpp"

namespace aquaplume {

void BoundaryTerms::clear() {
  cell.clear();
  hcof.clear();
  rhs.clear();
  fixed_cell.clear();
  fixed_head.clear();
}

void BoundaryTerms::add(std::int32_t c, double hcof_value, double rhs_value) {
  cell.push_back(c);
  hcof.push_back(hcof_value);
  rhs.push_back(rhs_value);
}

void BoundaryTerms::fix(std::int32_t c, double head) {
  fixed_cell.push_back(c);
  fixed_head.push_back(head);
}

Package::Package(std::string type, std::string name, SourceLoc loc)
    : type_(std::move(type)), name_(std::move(name)), loc_(std::move(loc)) {}

}  // namespace aquaplume

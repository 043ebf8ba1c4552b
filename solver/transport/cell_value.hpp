#pragma once
/// A per-cell parameter that is often the same everywhere (porosity): one
/// number when the case gives a constant, else one value per local cell.
/// Keeps a million-cell model from storing a million copies of 0.25.

#include <span>
#include <vector>

#include "mesh/base/cell_array.hpp"
#include "mesh/cell_graph.hpp"

namespace aquaplume {

class CellValue {
 public:
  CellValue() = default;
  /// Reads `array` at the local cells (owned and ghosts). Records problems.
  CellValue(const CellArray& array, const CellGraph& graph, Limits limits, ErrorList& errors) {
    if (auto c = array.constant()) {
      constant_ = *c;
      return;
    }
    values_ = read_checked(array, graph.natural_index, limits, errors);
  }
  double operator[](std::size_t cell) const { return values_.empty() ? constant_ : values_[cell]; }
  bool is_constant() const { return values_.empty(); }
  /// The smallest value over the local cells.
  double min() const {
    double m = constant_;
    if (!values_.empty()) {
      m = values_.front();
      for (double v : values_) m = v < m ? v : m;
    }
    return m;
  }

 private:
  double constant_ = 0.0;
  std::vector<double> values_;
};

}  // namespace aquaplume

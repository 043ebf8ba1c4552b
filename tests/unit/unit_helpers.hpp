#pragma once
/// Small helpers shared by the unit tests: input trees from YAML text, arrays
/// from plain vectors, and layered grids small enough to check by hand.

#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "io/yaml_reader.hpp"
#include "mesh/base/cell_array.hpp"
#include "mesh/structured_grid.hpp"

namespace aquaplume::unit {

/// Parses YAML text that is expected to be valid; throws (failing the test)
/// when it is not, with the parser's messages.
inline std::shared_ptr<InputNode> parse(const std::string& text) {
  ErrorList errors;
  auto tree = io::parse_yaml(text, "test.yaml", errors);
  if (!tree || !errors.empty())
    throw std::runtime_error("test YAML is not valid:\n" + errors.format());
  return tree;
}

/// Messages of an error list, in order (for EXPECT_THAT-free comparisons).
inline std::vector<std::string> messages(const ErrorList& errors) {
  std::vector<std::string> out;
  for (const auto& d : errors.items()) out.push_back(d.message);
  return out;
}

/// An array holding every value in memory, in natural (C) order.
class VectorArray final : public CellArray {
 public:
  VectorArray(std::vector<double> values, ArrayShape shape, SourceLoc loc = {})
      : CellArray(shape, std::move(loc)), values_(std::move(values)) {
    if (static_cast<std::int64_t>(values_.size()) != shape.size())
      throw std::invalid_argument("VectorArray: value count does not match the shape");
  }
  void read(std::span<const std::int64_t> indices, std::span<double> out) const override {
    for (std::size_t i = 0; i < indices.size(); ++i)
      out[i] = values_.at(static_cast<std::size_t>(indices[i]));
  }
  std::string describe() const override { return "test vector"; }

 private:
  std::vector<double> values_;
};

inline CellArrayPtr make_vector_array(std::vector<double> values, ArrayShape shape,
                                      SourceLoc loc = {}) {
  return std::make_shared<VectorArray>(std::move(values), shape, std::move(loc));
}

/// A grid with the given spacings, a flat top and flat layer bottoms
/// (`bottoms[k]` is the bottom of layer k everywhere).
inline StructuredGridSpec layered_grid(std::vector<double> delr, std::vector<double> delc,
                                       double top, const std::vector<double>& bottoms,
                                       double xorigin = 0.0, double yorigin = 0.0) {
  StructuredGridSpec g;
  g.nlay = static_cast<std::int64_t>(bottoms.size());
  g.nrow = static_cast<std::int64_t>(delc.size());
  g.ncol = static_cast<std::int64_t>(delr.size());
  g.delr = std::move(delr);
  g.delc = std::move(delc);
  g.xorigin = xorigin;
  g.yorigin = yorigin;
  g.loc.file = "test.yaml";
  g.loc.line = 1;
  g.loc.key = "grid";
  SourceLoc top_loc = g.loc.with_key("grid.top");
  SourceLoc botm_loc = g.loc.with_key("grid.botm");
  botm_loc.line = 7;
  g.top = make_constant_array(top, g.column_shape(), top_loc);
  std::vector<double> botm;
  for (std::int64_t k = 0; k < g.nlay; ++k)
    for (std::int64_t c = 0; c < g.nrow * g.ncol; ++c)
      botm.push_back(bottoms[static_cast<std::size_t>(k)]);
  g.botm = make_vector_array(std::move(botm), g.shape(), botm_loc);
  return g;
}

/// A grid of nlay x nrow x ncol cells of 10 m x 10 m, 5 m thick, top at 0.
inline StructuredGridSpec uniform_grid(std::int64_t nlay, std::int64_t nrow, std::int64_t ncol) {
  std::vector<double> bottoms;
  for (std::int64_t k = 0; k < nlay; ++k) bottoms.push_back(-5.0 * static_cast<double>(k + 1));
  return layered_grid(std::vector<double>(static_cast<std::size_t>(ncol), 10.0),
                      std::vector<double>(static_cast<std::size_t>(nrow), 10.0), 0.0, bottoms);
}

}  // namespace aquaplume::unit

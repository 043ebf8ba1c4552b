#pragma once
/// Property and geometry arrays (K, top, bottom, ...) read on demand.
///
/// A rank asks only for the values of the cells it holds, so a regional
/// model's arrays are never loaded whole on any rank. Constants and per-layer
/// lists live here; file-backed arrays (raw float64, HDF5, text) are made by
/// io/ through an `ArrayOpener`, so mesh/ and solver/ never see file formats.

#include <cstdint>
#include <functional>
#include <optional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "mesh/base/diagnostics.hpp"
#include "mesh/base/input_node.hpp"

namespace aquaplume {

/// The index space of an array: nlay layers of nrow x ncol values, C order
/// (layer, row, col). A 2D array (one value per column of cells) has nlay = 1.
struct ArrayShape {
  std::int64_t nlay = 1, nrow = 1, ncol = 1;
  std::int64_t size() const { return nlay * nrow * ncol; }
  std::int64_t layer_size() const { return nrow * ncol; }
  /// "(layer, row, col)" 1-based, or "(row, col)" for a 2D array.
  std::string cell_name(std::int64_t index) const;
};

class CellArray {
 public:
  CellArray(ArrayShape shape, SourceLoc loc) : shape_(shape), loc_(std::move(loc)) {}
  virtual ~CellArray() = default;
  CellArray(const CellArray&) = delete;
  CellArray& operator=(const CellArray&) = delete;

  const ArrayShape& shape() const { return shape_; }
  /// Where the case file defines this array.
  const SourceLoc& loc() const { return loc_; }
  /// out[i] = value at index indices[i]. Not collective. Throws InputError
  /// (naming the file) when the data cannot be read.
  virtual void read(std::span<const std::int64_t> indices, std::span<double> out) const = 0;
  /// The single value of a constant array, if it is one (lets callers skip reads).
  virtual std::optional<double> constant() const { return std::nullopt; }
  /// For messages: "10", "file k.f64", "per-layer list".
  virtual std::string describe() const = 0;

 private:
  ArrayShape shape_;
  SourceLoc loc_;
};

using CellArrayPtr = std::shared_ptr<const CellArray>;

/// Makes a file-backed array from a `{file: ..., ...}` mapping; supplied by io/.
/// Returns nullptr (and records the problem) when the file is missing or of the wrong size.
using ArrayOpener =
    std::function<CellArrayPtr(const InputNode& spec, ArrayShape shape, ErrorList& errors)>;

/// One value everywhere.
CellArrayPtr make_constant_array(double value, ArrayShape shape, SourceLoc loc = {});

/// `array` times `factor` (unit conversion); returns `array` itself when factor is 1.
CellArrayPtr scale_array(CellArrayPtr array, double factor);

/// Builds an array from a case value: a number (constant), a list with one entry
/// per layer (each a number or a layer array), a list with every value, or a
/// `{file: ...}` mapping handed to `open_file`. Records problems and returns nullptr.
CellArrayPtr parse_cell_array(const InputNode& node, ArrayShape shape, const ArrayOpener& open_file,
                              ErrorList& errors);

/// Reads `array` at `indices` and checks every value against `limits`
/// (NaN and infinities are always rejected). Problems are recorded once per
/// array with the first offending cell and the count of the others.
std::vector<double> read_checked(const CellArray& array, std::span<const std::int64_t> indices,
                                 Limits limits, ErrorList& errors);

}  // namespace aquaplume

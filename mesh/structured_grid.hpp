#pragma once
/// A layered structured grid (MODFLOW's DIS): nlay x nrow x ncol cells with
/// variable column widths (delr, along x) and row heights (delc, along y),
/// a top surface and per-cell layer bottoms.
///
/// Conventions (as MODFLOW): layer 0 is the top, row 0 is the north edge
/// (largest y), column 0 the west edge. (xorigin, yorigin) is the south-west
/// corner. Natural cell order is C order (layer, row, col).

#include <array>
#include <cstdint>
#include <vector>

#include "mesh/base/cell_array.hpp"

namespace aquaplume {

struct StructuredGridSpec {
  std::int64_t nlay = 0, nrow = 0, ncol = 0;
  std::vector<double> delr;  ///< ncol column widths along x [m]
  std::vector<double> delc;  ///< nrow row heights along y [m]
  double xorigin = 0.0, yorigin = 0.0;
  CellArrayPtr top;     ///< top of layer 0, one value per column (2D)
  CellArrayPtr botm;    ///< bottom of each cell (3D)
  CellArrayPtr active;  ///< optional: nonzero where the cell takes part (MODFLOW IDOMAIN)
  SourceLoc loc;

  ArrayShape shape() const { return {nlay, nrow, ncol}; }
  ArrayShape column_shape() const { return {1, nrow, ncol}; }
  std::int64_t cell_count() const { return nlay * nrow * ncol; }
  std::int64_t natural(std::int64_t lay, std::int64_t row, std::int64_t col) const {
    return (lay * nrow + row) * ncol + col;
  }
  /// (layer, row, col) of a natural index.
  std::array<std::int64_t, 3> lrc(std::int64_t natural_index) const {
    return {natural_index / (nrow * ncol), (natural_index / ncol) % nrow, natural_index % ncol};
  }

  /// x of the west edge of each column, ncol + 1 values increasing.
  std::vector<double> x_edges() const;
  /// y of the north edge of each row, nrow + 1 values decreasing.
  std::vector<double> y_edges() const;
  /// {row, col} of the cell containing (x, y), or {-1, -1} outside the grid
  /// (NaN included). A point on an edge between two cells belongs to the
  /// column to its east and the row to its south; points on the outer edges are inside.
  std::array<std::int64_t, 2> locate(double x, double y) const;
  double width() const;   ///< total extent along x
  double height() const;  ///< total extent along y
};

/// Checks the counts nlay, nrow and ncol only (at least one each, at most 2e9
/// cells in all); spacings and arrays are checked where they are read. Records problems.
void check_grid(const StructuredGridSpec& grid, ErrorList& errors);

}  // namespace aquaplume

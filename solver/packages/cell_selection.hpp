#pragma once
/// Which cells a package entry acts on, chosen in the case by index, box or
/// coordinates — never by coordinate ± epsilon tests in the solver.
///
/// Case keys (indices 1-based and inclusive, as in MODFLOW):
///   cell: [layer, row, col]
///   cells: [[layer, row, col], ...]
///   layers: 2 | [1, 3] | all,  rows: ...,  cols: ...     (a box; missing = all)
///   xy: [x, y]  with  layer: 2  or  layers: [2, 3]        (the cell containing the point)
///   polygon: ...  with  layer: 2  or  layers: [2, 3]      (the cells a plan polygon covers, see polygon_cells.hpp)
/// An entry uses exactly one of these forms and selects at least one cell.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "mesh/cell_graph.hpp"
#include "solver/packages/package.hpp"
#include "solver/packages/polygon_cells.hpp"

namespace aquaplume {

/// Cells lay0..lay1-1 x row0..row1-1 x col0..col1-1 (0-based, half-open).
struct CellBox {
  std::int64_t lay0 = 0, lay1 = 0, row0 = 0, row1 = 0, col0 = 0, col1 = 0;
  std::int64_t count() const { return (lay1 - lay0) * (row1 - row0) * (col1 - col0); }
  bool contains(std::int64_t lay, std::int64_t row, std::int64_t col) const {
    return lay >= lay0 && lay < lay1 && row >= row0 && row < row1 && col >= col0 && col < col1;
  }
};

struct CellSelection {
  std::vector<CellBox> boxes;
  std::optional<PolygonCells> polygon;  ///< cells chosen by `polygon:` (never together with boxes)
  SourceLoc loc;
  /// This rank's owned cells in the selection, sorted, without repeats. Not collective.
  std::vector<std::int32_t> owned_cells(const CellGraph& graph) const;
  /// The fraction of each of `cells` (owned, sorted) the selection covers in
  /// plan: 1 for cells chosen by index, box or point; the covered share of
  /// the cell for cells chosen by polygon. Not collective.
  std::vector<double> area_fractions(const CellGraph& graph, std::span<const std::int32_t> cells) const;
};

enum class SelectionKind {
  Cells,    ///< layers, rows and columns
  Columns,  ///< rows and columns only (recharge, evapotranspiration)
};

/// Reads the selection keys of an entry; keys the entry lacks are taken from
/// `package` (the package level, shared by its entries) when given. When none
/// is given: nullopt, and an error if `required`; without `required` the
/// caller picks a default.
std::optional<CellSelection> parse_selection(const Section& entry, const PackageContext& context,
                                             SelectionKind kind, bool required, const Section* package = nullptr);

/// The top cell (layer 1) of each selected column this rank owns, and the
/// natural index of each such column in a 2D (row, col) array.
void top_cells(const CellSelection& columns, const CellGraph& graph, std::vector<std::int32_t>& cells,
               std::vector<std::int64_t>& column_index);

/// Every cell (or every column, for SelectionKind::Columns) of the grid.
CellSelection whole_grid(const StructuredGridSpec& grid, SelectionKind kind);

}  // namespace aquaplume

#include "solver/packages/cell_selection.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace aquaplume {

std::vector<std::int32_t> CellSelection::owned_cells(const CellGraph& g) const {
  std::vector<std::int32_t> cells;
  for (const auto& box : boxes) {
    if (box.count() <= g.n_owned) {
      for (auto k = box.lay0; k < box.lay1; ++k)
        for (auto i = box.row0; i < box.row1; ++i)
          for (auto j = box.col0; j < box.col1; ++j)
            if (auto c = g.owned_of_natural(g.grid.natural(k, i, j)); c >= 0) cells.push_back(c);
    } else {
      for (std::int32_t c = 0; c < g.n_owned; ++c)
        if (box.contains(g.layer[c], g.row[c], g.col[c])) cells.push_back(c);
    }
  }
  if (polygon)
    for (const auto& [c, fraction] : polygon->owned_cells(g)) cells.push_back(c);
  std::sort(cells.begin(), cells.end());
  cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
  return cells;
}

std::vector<double> CellSelection::area_fractions(const CellGraph& g, std::span<const std::int32_t> cells) const {
  std::vector<double> fractions(cells.size(), 1.0);
  if (!polygon) return fractions;
  const auto covered = polygon->owned_cells(g);  // sorted by cell
  for (std::size_t i = 0; i < cells.size(); ++i) {
    auto it = std::lower_bound(covered.begin(), covered.end(), std::pair<std::int32_t, double>{cells[i], 0.0});
    if (it != covered.end() && it->first == cells[i]) fractions[i] = it->second;
  }
  return fractions;
}

void top_cells(const CellSelection& columns, const CellGraph& graph, std::vector<std::int32_t>& cells,
               std::vector<std::int64_t>& column_index) {
  cells.clear();
  column_index.clear();
  for (auto c : columns.owned_cells(graph))
    if (graph.layer[c] == 0) {
      cells.push_back(c);
      column_index.push_back(graph.grid.natural(0, graph.row[c], graph.col[c]));
    }
}

CellSelection whole_grid(const StructuredGridSpec& grid, SelectionKind kind) {
  CellSelection s;
  s.loc = grid.loc;
  s.boxes.push_back({0, kind == SelectionKind::Columns ? 1 : grid.nlay, 0, grid.nrow, 0, grid.ncol});
  return s;
}

namespace {

/// Reads `2`, `[1, 3]` or `all` as a 0-based half-open range within 1..n.
std::optional<std::array<std::int64_t, 2>> parse_range(const InputNode& node, std::int64_t n,
                                                       const char* what, ErrorList& errors) {
  if (node.is_scalar() && node.scalar == "all") {
    node.mark_used();
    return std::array<std::int64_t, 2>{0, n};
  }
  std::optional<long long> lo, hi;
  if (node.is_sequence() && node.items.size() == 2) {
    lo = read_integer(node.items[0], errors);
    hi = read_integer(node.items[1], errors);
  } else if (node.is_scalar()) {
    lo = hi = read_integer(node, errors);
  } else {
    errors.add(node.loc, fmt::format("expected a {} number, a range [first, last] or 'all', got {}", what,
                                     node.describe()));
    return std::nullopt;
  }
  if (!lo || !hi) return std::nullopt;
  if (*lo > *hi) {
    errors.add(node.loc,
               fmt::format("{0} range {1}..{2} is reversed: first {0} {1} is after last {0} {2}",
                           what, *lo, *hi));
    return std::nullopt;
  }
  if (*lo < 1 || *hi > n) {
    errors.add(node.loc, fmt::format("{} range {}..{} is outside 1..{}", what, *lo, *hi, n));
    return std::nullopt;
  }
  return std::array<std::int64_t, 2>{*lo - 1, *hi};
}

std::optional<CellBox> parse_cell(const InputNode& node, const StructuredGridSpec& g, ErrorList& errors) {
  if (!node.is_sequence() || node.items.size() != 3) {
    errors.add(node.loc, fmt::format("expected [layer, row, col], got {}", node.describe()));
    return std::nullopt;
  }
  auto k = read_integer(node.items[0], errors);
  auto i = read_integer(node.items[1], errors);
  auto j = read_integer(node.items[2], errors);
  if (!k || !i || !j) return std::nullopt;
  if (*k < 1 || *k > g.nlay || *i < 1 || *i > g.nrow || *j < 1 || *j > g.ncol) {
    errors.add(node.loc, fmt::format("({}, {}, {}) is outside the grid ({} x {} x {})", *k, *i, *j, g.nlay,
                                     g.nrow, g.ncol));
    return std::nullopt;
  }
  return CellBox{*k - 1, *k, *i - 1, *i, *j - 1, *j};
}

}  // namespace

std::optional<CellSelection> parse_selection(const Section& entry, const PackageContext& context,
                                             SelectionKind kind, bool required, const Section* package) {
  const StructuredGridSpec& g = *context.grid;
  ErrorList& errors = entry.errors();
  const bool columns = kind == SelectionKind::Columns;
  CellSelection s;
  s.loc = entry.loc();
  bool any = false, ok = true;
  // An entry's own selection keys first, then those given once for the whole package.
  const bool inherits = package && &package->node() != &entry.node();
  auto lookup = [&](std::string_view key) -> const InputNode* {
    if (entry.has(key) || !inherits || !package->has(key)) return entry.get(key);
    entry.get(key);
    return package->get(key);
  };

  const InputNode* cell = columns ? nullptr : lookup("cell");
  const InputNode* cells = columns ? nullptr : lookup("cells");
  const InputNode* layers = columns ? nullptr : lookup("layers");
  const InputNode* layer = columns ? nullptr : lookup("layer");
  const InputNode* rows = lookup("rows");
  const InputNode* cols = lookup("cols");
  const InputNode* xy = lookup("xy");
  const InputNode* polygon = lookup("polygon");
  if (layers && layer) {
    entry.error("layer", "give either 'layer' or 'layers', not both");
    ok = false;
  }
  const InputNode* layer_node = layers ? layers : layer;

  // An entry uses exactly one form: cell, cells, a box (layer(s)/rows/cols) or
  // xy with layer(s). Two forms would silently add up (a well's rate spread
  // over its cell and a whole layer), so name both keys instead.
  std::vector<const char*> forms;
  if (cell) forms.push_back("cell");
  if (cells) forms.push_back("cells");
  if (xy) forms.push_back("xy");
  if (polygon) forms.push_back("polygon");
  if (!xy && !polygon && layer_node) {
    forms.push_back(layers ? "layers" : "layer");
  } else if (rows || cols) {
    forms.push_back(rows ? "rows" : "cols");
  }
  if (forms.size() > 1) {
    for (std::size_t f = 1; f < forms.size(); ++f)
      entry.error(forms[f], fmt::format("give either '{}' or '{}', not both", forms[0], forms[f]));
    return std::nullopt;
  }

  if (cell) {
    any = true;
    s.loc = cell->loc;
    if (auto box = parse_cell(*cell, g, errors)) s.boxes.push_back(*box);
    else ok = false;
  }
  if (cells) {
    any = true;
    s.loc = cells->loc;
    if (!cells->is_sequence()) {
      errors.add(cells->loc, fmt::format("expected a list of [layer, row, col], got {}", cells->describe()));
      ok = false;
    } else {
      for (const auto& item : cells->items) {
        if (auto box = parse_cell(item, g, errors)) s.boxes.push_back(*box);
        else ok = false;
      }
    }
  }

  if (polygon) {
    any = true;
    s.loc = polygon->loc;
    std::optional<std::array<std::int64_t, 2>> lay_range = std::array<std::int64_t, 2>{0, 1};
    if (!columns) {
      if (!layer_node) {
        entry.error("polygon", "a polygon needs 'layer' or 'layers' as well");
        polygon->mark_used();
        lay_range.reset();
      } else {
        lay_range = parse_range(*layer_node, g.nlay, "layer", errors);
      }
    }
    if (lay_range) s.polygon = parse_polygon_cells(*polygon, (*lay_range)[0], (*lay_range)[1], context, errors);
    ok = ok && s.polygon.has_value();
  } else if (xy) {
    any = true;
    s.loc = xy->loc;
    std::optional<double> x, y;
    if (xy->is_sequence() && xy->items.size() == 2) {
      x = read_number(xy->items[0], errors);
      y = read_number(xy->items[1], errors);
    } else {
      errors.add(xy->loc, fmt::format("expected [x, y], got {}", xy->describe()));
    }
    std::optional<std::array<std::int64_t, 2>> lay_range =
        columns ? std::array<std::int64_t, 2>{0, 1} : std::array<std::int64_t, 2>{0, 0};
    if (!columns) {
      if (!layer_node) {
        entry.error("xy", "a point needs 'layer' or 'layers' as well");
        lay_range.reset();
      } else {
        lay_range = parse_range(*layer_node, g.nlay, "layer", errors);
      }
    }
    if (x && y && lay_range) {
      const double f = context.units->length_factor();
      auto [row, col] = g.locate(*x * f, *y * f);
      if (row < 0) {
        errors.add(xy->loc, fmt::format("point ({}, {}) is outside the grid (x {}..{}, y {}..{})", *x, *y,
                                        g.xorigin / f, (g.xorigin + g.width()) / f, g.yorigin / f,
                                        (g.yorigin + g.height()) / f));
        ok = false;
      } else {
        s.boxes.push_back({(*lay_range)[0], (*lay_range)[1], row, row + 1, col, col + 1});
      }
    } else {
      ok = false;
    }
  } else if (layer_node || rows || cols) {
    any = true;
    s.loc = (layer_node ? layer_node : rows ? rows : cols)->loc;
    auto lr = columns ? std::optional<std::array<std::int64_t, 2>>({0, 1})
              : layer_node ? parse_range(*layer_node, g.nlay, "layer", errors)
                           : std::optional<std::array<std::int64_t, 2>>({0, g.nlay});
    auto rr = rows ? parse_range(*rows, g.nrow, "row", errors)
                   : std::optional<std::array<std::int64_t, 2>>({0, g.nrow});
    auto cr = cols ? parse_range(*cols, g.ncol, "column", errors)
                   : std::optional<std::array<std::int64_t, 2>>({0, g.ncol});
    if (lr && rr && cr) s.boxes.push_back({(*lr)[0], (*lr)[1], (*rr)[0], (*rr)[1], (*cr)[0], (*cr)[1]});
    else ok = false;
  }

  if (!any) {
    if (required)
      entry.error(columns ? "rows" : "cell",
                  columns ? "missing; expected the cells: rows/cols or xy"
                          : "missing; expected the cells: cell, cells, layers/rows/cols or xy with layer");
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  std::int64_t selected = 0;
  for (const auto& box : s.boxes) selected += box.count();
  if (selected == 0 && !s.polygon) {  // a polygon outside the grid is reported by parse_polygon_cells
    // A package whose entry acts on no cell would drop its rate silently.
    errors.add(
        s.loc,
        cells && cells->is_sequence() && cells->items.empty()
            ? "the list is empty, so the entry selects no cells; expected [[layer, row, col], ...]"
            : "the entry selects no cells of the grid");
    return std::nullopt;
  }
  return s;
}

}  // namespace aquaplume

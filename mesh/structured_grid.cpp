#include "mesh/structured_grid.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace aquaplume {

std::vector<double> StructuredGridSpec::x_edges() const {
  std::vector<double> edges(static_cast<std::size_t>(ncol) + 1);
  edges[0] = xorigin;
  for (std::size_t j = 0; j < delr.size(); ++j) edges[j + 1] = edges[j] + delr[j];
  return edges;
}

std::vector<double> StructuredGridSpec::y_edges() const {
  std::vector<double> edges(static_cast<std::size_t>(nrow) + 1);
  edges[0] = yorigin + height();
  for (std::size_t i = 0; i < delc.size(); ++i) edges[i + 1] = edges[i] - delc[i];
  edges[delc.size()] = yorigin;  // avoid round-off at the south edge
  return edges;
}

double StructuredGridSpec::width() const {
  double w = 0.0;
  for (double d : delr) w += d;
  return w;
}

double StructuredGridSpec::height() const {
  double h = 0.0;
  for (double d : delc) h += d;
  return h;
}

std::array<std::int64_t, 2> StructuredGridSpec::locate(double x, double y) const {
  auto xe = x_edges();
  auto ye = y_edges();
  // Written as "not inside" so that NaN, which fails every comparison, is outside.
  const bool inside = x >= xe.front() && x <= xe.back() && y <= ye.front() && y >= ye.back();
  if (!inside) return {-1, -1};
  auto col = std::upper_bound(xe.begin(), xe.end(), x) - xe.begin() - 1;
  col = std::clamp<std::int64_t>(col, 0, ncol - 1);
  // y edges decrease with the row index.
  auto row = std::upper_bound(ye.begin(), ye.end(), y, std::greater<double>()) - ye.begin() - 1;
  row = std::clamp<std::int64_t>(row, 0, nrow - 1);
  return {row, static_cast<std::int64_t>(col)};
}

void check_grid(const StructuredGridSpec& grid, ErrorList& errors) {
  if (grid.nlay < 1 || grid.nrow < 1 || grid.ncol < 1) {
    errors.add(grid.loc, fmt::format("grid must have at least one layer, row and column (got {} x {} x {})",
                                     grid.nlay, grid.nrow, grid.ncol));
  }
  // PETSc is built with 32-bit indices here; say so instead of overflowing.
  if (grid.nlay > 0 && grid.nrow > 0 && grid.ncol > 0 &&
      static_cast<double>(grid.nlay) * static_cast<double>(grid.nrow) * static_cast<double>(grid.ncol) >
          2.0e9) {
    errors.add(grid.loc, "more than 2e9 cells needs a PETSc built with 64-bit indices");
  }
}

}  // namespace aquaplume

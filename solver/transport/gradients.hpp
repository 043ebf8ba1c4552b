#pragma once
/// One-sided concentration gradients of each cell along each grid axis, the
/// per-cell quantity that both the TVD limiter (upwind-side gradient) and the
/// dispersion cross terms (central gradient) need.
///
/// The TVD limiter at a face needs the cell upstream of the upwind cell, which
/// can be two cells away across a rank boundary. Rather than widen the ghost
/// layer, each rank computes the side gradients of its owned cells and a
/// ghost update copies them to the neighbours (so every rank evaluates a
/// shared face from the same numbers and the fluxes stay antisymmetric).

#include <array>
#include <cmath>
#include <span>

#include "mesh/cell_graph.hpp"
#include "solver/transport/cell_stencil.hpp"

namespace aquaplume {

/// Values per cell in a side-gradient array.
inline constexpr int kSideGradientWidth = 6;

/// Index of the gradient of `cell` along `axis` on its `plus` side (towards
/// the next column / row / layer) or minus side, in a side-gradient array.
inline std::size_t side_gradient_index(std::int32_t cell, Axis axis, bool plus) {
  return static_cast<std::size_t>(cell) * kSideGradientWidth + 2 * static_cast<int>(axis) + (plus ? 1 : 0);
}

/// For each owned cell and axis, dC/ds towards increasing index s between the
/// cell and its neighbour on each side, (C_plus - C) / d and (C - C_minus) / d
/// with d the centre distance [mg/L/m]; NaN where the cell has no neighbour
/// on that side. `concentration` holds local cells (ghosts up to date); the
/// ghost part of `gradient` is left for a ghost update.
void side_gradients(const CellGraph& graph, const CellStencil& stencil, std::span<const double> concentration,
                    std::span<double> gradient);

/// The central gradient of a local cell (x east, y north, z up) [mg/L/m]:
/// the mean of its side gradients, one-sided at the grid's edges.
inline std::array<double, 3> central_gradient(std::span<const double> gradient, std::int32_t cell) {
  std::array<double, 3> g{0.0, 0.0, 0.0};
  for (int axis = 0; axis < 3; ++axis) {
    const double minus = gradient[side_gradient_index(cell, static_cast<Axis>(axis), false)];
    const double plus = gradient[side_gradient_index(cell, static_cast<Axis>(axis), true)];
    double s = 0.0;
    if (!std::isnan(minus) && !std::isnan(plus)) s = 0.5 * (minus + plus);
    else if (!std::isnan(minus)) s = minus;
    else if (!std::isnan(plus)) s = plus;
    // Increasing row runs south and increasing layer runs down.
    g[axis] = axis == 0 ? s : -s;
  }
  return g;
}

}  // namespace aquaplume

#pragma once
/// Saturated two-point conductances of the connections of a cell graph.

#include <span>
#include <vector>

#include "mesh/cell_graph.hpp"

namespace aquaplume {

/// Conductance of each connection with full cell thicknesses [m2/d]
/// (MODFLOW 6 GWF NPF; harmonic means):
///   horizontal  C = w / (d_a / (K_a b_a) + d_b / (K_b b_b))
///   vertical    C = A / (d_a / Kz_a + d_b / Kz_b)
/// w face width, d centre-to-face distance, b thickness, A plan area; K is
/// kx across x faces and ky across y faces. Arrays are per local cell.
std::vector<double> saturated_conductances(const CellGraph& graph, std::span<const double> kx,
                                           std::span<const double> ky, std::span<const double> kz);

}  // namespace aquaplume

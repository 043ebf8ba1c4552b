#pragma once
/// Advection through the faces of the cell graph.
///
/// Upstream weighting: the mass flux through a face is Q C_U, with Q the
/// water flux [m3/d] and C_U the concentration of the cell the water comes
/// from. It goes into the implicit matrix; alone it is monotone at any time
/// step but smears fronts (numerical dispersion ~ v dx / 2).
///
/// TVD (total variation diminishing): the face value is reconstructed from
/// the upwind cell with a limited slope (Sweby 1984; on graphs Darwish &
/// Moukalled 2003),
///
///   C_f = C_U + psi(r) (d_Uf / d_UD) (C_D - C_U),
///   r   = (upwind-side gradient of U) / ((C_D - C_U) / d_UD),
///
/// with the van Leer limiter psi(r) = (r + |r|) / (1 + |r|) (van Leer 1974),
/// evaluated as 2 a / (a + b) for the two gradients a, b of r = a / b when
/// they have the same sign (one division) and 0 otherwise.
/// van Leer is second order where the solution is smooth and monotone, never
/// steepens smooth profiles into steps (superbee does) and is smooth in r, so
/// the deferred-correction iteration converges in fewer passes than with the
/// piecewise limiters (minmod, MC).
/// The high-order part Q (C_f - C_U) is a deferred correction: evaluated at
/// the latest iterate and moved to the right-hand side, so the matrix stays
/// the upstream M-matrix. Since psi(r) / r <= 2 and psi <= 2, the converged
/// backward-Euler scheme is TVD at any Courant number (Harten 1984). Where the
/// upwind cell has no neighbour upstream (a grid edge) the face is upstream-weighted.

#include <span>

#include "mesh/cell_graph.hpp"
#include "solver/transport/cell_stencil.hpp"

namespace aquaplume {

/// The TVD correction of every local connection as a mass flux a -> b
/// [g/d], Q (C_f - C_U), into `correction`; then each owned cell's net
/// correction leaving through its faces into `outflow`. Written in terms of
/// the upwind cell U and the downwind cell D only, so the rank that holds a
/// connection as (b, a) computes exactly the negated flux. `face_flow` is the
/// water flux a -> b [m3/d]; `concentration` and `side_gradient`
/// (gradients.hpp) hold local cells with ghosts up to date.
void tvd_outflow(const CellGraph& graph, const CellStencil& stencil, std::span<const double> face_flow,
                 std::span<const double> concentration, std::span<const double> side_gradient,
                 std::span<double> correction, std::span<double> outflow);

/// Adds each owned cell's net outflow of a per-connection flux a -> b to `outflow`.
void add_outflow(const CellGraph& graph, const CellStencil& stencil, std::span<const double> flux,
                 std::span<double> outflow);

}  // namespace aquaplume

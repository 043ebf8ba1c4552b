#pragma once
/// Hydrodynamic dispersion: the Bear–Scheidegger tensor (Bear 1972;
/// Burnett & Frind 1987 for separate horizontal and vertical transverse
/// dispersivities, as MT3DMS eq. 2.4), written with the specific discharge q
/// (theta D, so that the porosity needs no separate treatment):
///
///   theta D_xx = aL qx^2/|q| + aTH qy^2/|q| + aTV qz^2/|q| + theta D*
///   theta D_yy = aL qy^2/|q| + aTH qx^2/|q| + aTV qz^2/|q| + theta D*
///   theta D_zz = aL qz^2/|q| + aTV qx^2/|q| + aTV qy^2/|q| + theta D*
///   theta D_xy = (aL - aTH) qx qy/|q|,  theta D_xz = (aL - aTV) qx qz/|q|,  theta D_yz = (aL - aTV) qy qz/|q|
///
/// evaluated at each face (as MT3DMS does): the normal component of q from the
/// face's water flux, the other two averaged from the cell velocities of the
/// two cells (FlowModel::specific_discharge). theta is the water-filled
/// fraction (porosity x saturation), distance-weighted harmonically at the face.
///
/// Principal terms: a two-point flux G (C_a - C_b) with the conductance
/// G = theta D_nn A / d_ab, in the implicit matrix (positive, so the scheme
/// stays monotone). Cross terms (optional, structured grids): the flux
/// -A (theta D_nj dC/dx_j) for the two tangential directions j, with dC/dx_j at
/// the face the mean of the two cells' central gradients. Their stencil
/// reaches diagonal neighbours, which the 7-point matrix lacks, so they are a
/// deferred correction like TVD. Off by default: they destroy the M-matrix
/// property (negative concentrations and overshoots near sharp fronts, the
/// standard caveat of MT3DMS and MODFLOW 6 XT3D), and on grids aligned with
/// the mean flow the tangential gradients they act on are small.

#include <array>
#include <span>

#include "mesh/cell_graph.hpp"
#include "solver/transport/cell_stencil.hpp"
#include "solver/transport/cell_value.hpp"

namespace aquaplume {

struct Dispersivity {
  double longitudinal = 0.0;           ///< aL [m]
  double transverse_horizontal = 0.0;  ///< aTH [m]
  double transverse_vertical = 0.0;    ///< aTV [m]
  double diffusion = 0.0;              ///< D* [m2/d]
};

/// What the dispersion terms read from the flow and the medium.
struct DispersionInputs {
  const CellGraph* graph = nullptr;
  std::span<const double> face_flow;   ///< per connection, a -> b [m3/d]
  std::span<const double> discharge;   ///< per local cell, 3 values (x east, y north, z up) [m/d]
  std::span<const double> saturation;  ///< per local cell [-]
  const CellValue* porosity = nullptr;  ///< per local cell [-]
};

/// The conductance G of every local connection [m3/d]: dispersive mass flux a -> b = G (C_a - C_b).
void dispersive_conductance(const DispersionInputs& in, const Dispersivity& d, std::span<double> conductance);

/// The cross-term flux a -> b [g/d] of every local connection, in `flux`
/// (one per connection); `side_gradient` (gradients.hpp) holds local cells
/// with ghosts up to date. Then adds each owned cell's net cross-term outflow
/// to `outflow` (one per owned cell).
void add_cross_dispersion(const DispersionInputs& in, const CellStencil& stencil, const Dispersivity& d,
                          std::span<const double> side_gradient, std::span<double> flux, std::span<double> outflow);

}  // namespace aquaplume

#pragma once
/// Pollock's semi-analytical particle step through one rectangular cell
/// (Pollock 1988, "Semianalytical computation of path lines for finite-
/// difference models", Ground Water 26(6); Pollock 2016, MODPATH 7, USGS OFR
/// 2016-1086, section "Particle-tracking method").
///
/// Each velocity component varies linearly between the two faces normal to it,
///
///     v_x(x) = v_x1 + A_x (x - x_1),   A_x = (v_x2 - v_x1) / dx,
///
/// which is the velocity field the face flows of a finite-volume cell define
/// and whose divergence is the cell's internal source or sink. Integrating
/// dx/dt = v_x(x) gives the time to reach a face and the position after t in
/// closed form,
///
///     t_exit = ln(v_face / v_p) / A_x,      x(t) = x_1 + (v_p e^(A_x t) - v_x1) / A_x,
///
/// so the path inside the cell is exact for that field. Near A_x = 0 (uniform
/// flow) both are evaluated through log1p(z)/z and expm1(w)/w, which tend to 1
/// without cancellation: uniform flow is then exact to round-off.

#include <array>
#include <cstdint>

namespace aquaplume::tracking {

/// Faces of a cell in the order of the face arrays below.
enum Face : std::int8_t {
  kNoFace = -1,
  kWest = 0,
  kEast = 1,
  kSouth = 2,
  kNorth = 3,
  kBottom = 4,
  kTop = 5
};

/// The face across the cell from `face` (west <-> east, ...).
inline int opposite(int face) {
  return face ^ 1;
}

/// Result of one step of a particle in a cell.
struct PollockStep {
  double dt = 0.0;  ///< time spent [d]; +inf when the particle never leaves and no limit applies
  std::array<double, 3> position{};  ///< offsets from the west, south, bottom faces at the end [m]
  int exit_face = kNoFace;  ///< the face crossed at the end, or kNoFace (stopped by the limit)
};

/// Moves a particle at `position` (offsets from the west, south and bottom faces
/// [m]) through a cell of `size` (dx, dy, saturated thickness [m]) whose seepage
/// velocities on the west, east, south, north, bottom and top faces are
/// `face_velocity` [m/d], positive along +x (east), +y (north) and +z (up).
/// The particle leaves through the first face it reaches, unless `max_dt` [d]
/// runs out first (then exit_face is kNoFace and dt = max_dt). Ties between
/// faces go to the lower face index, so the choice never depends on the rank.
PollockStep pollock_step(const std::array<double, 6>& face_velocity,
                         const std::array<double, 3>& size, const std::array<double, 3>& position,
                         double max_dt);

/// Time [d] to travel from offset xp to the face at offset `face` (0 or L) along
/// one axis with v(x) = v_low + A x; +inf when the particle cannot reach it.
double time_to_face(double v_low, double A, double xp, double face);

/// Offset after time t along one axis (x(t) above), for A and v_p = v(xp).
double position_after(double xp, double vp, double A, double t);

}  // namespace aquaplume::tracking

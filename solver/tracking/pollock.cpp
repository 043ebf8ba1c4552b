#include "solver/tracking/pollock.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace aquaplume::tracking {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// log(1 + z) / z, accurate for small |z| (uniform flow) where log1p(z)/z loses nothing but
/// the division 0/0 would fail; the series error is below z^4/5.
double log1p_ratio(double z) {
  if (std::abs(z) < 1e-5) return 1.0 - z / 2.0 + z * z / 3.0 - z * z * z / 4.0;
  return std::log1p(z) / z;
}

/// (e^w - 1) / w, accurate for small |w|.
double expm1_ratio(double w) {
  if (std::abs(w) < 1e-5) return 1.0 + w / 2.0 + w * w / 6.0 + w * w * w / 24.0;
  return std::expm1(w) / w;
}

}  // namespace

double time_to_face(double v_low, double A, double xp, double face) {
  const double vp = v_low + A * xp;
  const double distance = face - xp;
  // On the face already: it leaves at once if it moves out through it.
  if (distance == 0.0) return (face == 0.0 ? vp < 0.0 : vp > 0.0) ? 0.0 : kInfinity;
  // The particle reaches the face only when it moves towards it and the
  // velocity at the face points the same way (else it stops where v = 0).
  const double v_face = v_low + A * face;
  if (!(vp * distance > 0.0) || !(v_face * distance > 0.0)) return kInfinity;
  // t = ln(v_face / v_p) / A = (d / v_p) log1p(z) / z with z = A d / v_p = v_face / v_p - 1 > -1.
  const double z = A * distance / vp;
  return distance / vp * log1p_ratio(z);
}

double position_after(double xp, double vp, double A, double t) {
  // x(t) = x_p + v_p (e^(A t) - 1) / A
  return xp + vp * t * expm1_ratio(A * t);
}

PollockStep pollock_step(const std::array<double, 6>& v, const std::array<double, 3>& size,
                         const std::array<double, 3>& position, double max_dt) {
  PollockStep step;
  double best = kInfinity;
  int best_face = kNoFace;
  std::array<double, 3> gradient{}, vp{};
  for (int axis = 0; axis < 3; ++axis) {
    const double v_low = v[2 * axis], v_high = v[2 * axis + 1], length = size[axis];
    gradient[axis] = (v_high - v_low) / length;
    const double xp = position[axis];
    vp[axis] = v_low + gradient[axis] * xp;
    if (vp[axis] == 0.0) continue;  // at rest along this axis: no face of it is reached
    const double face = vp[axis] > 0.0 ? length : 0.0;
    const double t = time_to_face(v_low, gradient[axis], xp, face);
    if (t < best) {
      best = t;
      best_face = 2 * axis + (vp[axis] > 0.0 ? 1 : 0);
    }
  }
  if (best > max_dt) {
    step.dt = max_dt;
    step.exit_face = kNoFace;
  } else {
    step.dt = best;
    step.exit_face = best_face;
  }
  if (!std::isfinite(step.dt)) {
    step.position = position;
    return step;
  }
  for (int axis = 0; axis < 3; ++axis) {
    const double moved = position_after(position[axis], vp[axis], gradient[axis], step.dt);
    step.position[axis] = std::clamp(moved, 0.0, size[axis]);
  }
  if (step.exit_face != kNoFace) {
    const int axis = step.exit_face / 2;
    step.position[axis] = (step.exit_face % 2) ? size[axis] : 0.0;
  }
  return step;
}

}  // namespace aquaplume::tracking

#pragma once
/// Smoothed saturation of a convertible cell and its derivative, for the
/// Newton–Raphson formulation of unconfined flow (Niswonger, Panday and Ibaraki
/// 2011, MODFLOW-NWT; Langevin et al. 2017, MODFLOW 6, eq. 4-11).
///
/// With x = (h - bottom) / (top - bottom), the saturation is 0 below the
/// bottom, 1 above the top and linear in between, with quadratic pieces over a
/// fraction `eps` of the thickness at both ends so that the conductance of a
/// drying cell and its derivative stay continuous (no cells switch off).

namespace aquaplume {

struct Saturation {
  double value = 1.0;       ///< S(h), 0..1
  double derivative = 0.0;  ///< dS/dh [1/m]
};

/// S and dS/dh for head h in a cell from bottom to top. eps as MODFLOW 6 (1e-6
/// is its default; we use a wider band by default for smoother convergence).
inline Saturation smoothed_saturation(double head, double top, double bottom, double eps) {
  const double thickness = top - bottom;
  if (!(thickness > 0.0)) return {head >= bottom ? 1.0 : 0.0, 0.0};
  const double x = (head - bottom) / thickness;
  // Slope of the linear middle part, so that the curve reaches 1 at x = 1.
  const double a = 1.0 / (1.0 - eps);
  if (x <= 0.0) return {0.0, 0.0};
  if (x < eps) return {0.5 * a * x * x / eps, a * x / eps / thickness};
  if (x < 1.0 - eps) return {a * x + 0.5 * (1.0 - a), a / thickness};
  if (x < 1.0) {
    const double r = 1.0 - x;
    return {1.0 - 0.5 * a * r * r / eps, a * r / eps / thickness};
  }
  return {1.0, 0.0};
}

/// A smooth 0..1 ramp over head from `low` to `high` (a cubic with zero slopes
/// at both ends): the fraction of a well's rate a drying cell still yields
/// (MODFLOW 6 WEL AUTO_FLOW_REDUCE, sQSaturation).
inline Saturation smooth_ramp(double head, double low, double high) {
  const double width = high - low;
  if (!(width > 0.0)) return {head >= low ? 1.0 : 0.0, 0.0};
  const double x = (head - low) / width;
  if (x <= 0.0) return {0.0, 0.0};
  if (x >= 1.0) return {1.0, 0.0};
  return {x * x * (3.0 - 2.0 * x), 6.0 * x * (1.0 - x) / width};
}

}  // namespace aquaplume

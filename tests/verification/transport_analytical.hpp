#pragma once
/// Analytical solutions of the advection–dispersion equation used by the
/// transport verification tests. Header-only; every function is for a
/// uniform flow along +x with seepage velocity v and dispersion coefficients D.

#include <cmath>
#include <functional>
#include <numbers>

namespace aquaplume::testing {

/// log(erfc(b)), accurate also where erfc(b) underflows (asymptotic series of
/// erfcx for large b, Abramowitz & Stegun 7.1.23).
inline double log_erfc(double b) {
  if (b < 25.0) return std::log(std::erfc(b));
  const double inv2 = 1.0 / (2.0 * b * b);
  const double series = 1.0 - inv2 + 3.0 * inv2 * inv2 - 15.0 * inv2 * inv2 * inv2 + 105.0 * std::pow(inv2, 4);
  return -b * b + std::log(series / (b * std::sqrt(std::numbers::pi)));
}

/// exp(a) erfc(b) without overflow when a is large and erfc(b) tiny.
inline double exp_erfc(double a, double b) {
  if (b < 0.0) return std::exp(a) * std::erfc(b);
  return std::exp(a + log_erfc(b));
}

/// Ogata & Banks (1961): C/C0 for a continuous source C(0, t) = C0 into a
/// semi-infinite column initially free of solute.
inline double ogata_banks(double x, double t, double v, double d) {
  const double s = 2.0 * std::sqrt(d * t);
  return 0.5 * (std::erfc((x - v * t) / s) + exp_erfc(v * x / d, (x + v * t) / s));
}

/// van Genuchten & Alves (1982), solution A1: continuous source C(0, t) = C0
/// with retardation R and first-order decay mu (of the whole equation
/// R dC/dt = D C'' - v C' - mu C), zero initial concentration.
inline double van_genuchten_alves(double x, double t, double v, double d, double r, double mu) {
  const double u = v * std::sqrt(1.0 + 4.0 * mu * d / (v * v));
  const double s = 2.0 * std::sqrt(d * r * t);
  return 0.5 * exp_erfc((v - u) * x / (2.0 * d), (r * x - u * t) / s) +
         0.5 * exp_erfc((v + u) * x / (2.0 * d), (r * x + u * t) / s);
}

/// Adaptive Simpson quadrature of f on [a, b] to an absolute tolerance.
inline double integrate(const std::function<double(double)>& f, double a, double b, double tolerance, int depth = 50) {
  std::function<double(double, double, double, double, double, double, double, int)> step =
      [&](double lo, double hi, double flo, double fmid, double fhi, double whole, double tol, int level) {
        const double mid = 0.5 * (lo + hi), left_mid = 0.5 * (lo + mid), right_mid = 0.5 * (mid + hi);
        const double fl = f(left_mid), fr = f(right_mid);
        const double left = (mid - lo) / 6.0 * (flo + 4.0 * fl + fmid);
        const double right = (hi - mid) / 6.0 * (fmid + 4.0 * fr + fhi);
        if (level <= 0 || std::abs(left + right - whole) <= 15.0 * tol)
          return left + right + (left + right - whole) / 15.0;
        return step(lo, mid, flo, fl, fmid, left, 0.5 * tol, level - 1) +
               step(mid, hi, fmid, fr, fhi, right, 0.5 * tol, level - 1);
      };
  const double fa = f(a), fb = f(b), fm = f(0.5 * (a + b));
  return step(a, b, fa, fm, fb, (b - a) / 6.0 * (fa + 4.0 * fm + fb), tolerance, depth);
}

/// Hantush's leaky-well function W(u, beta) = int_u^inf exp(-y - beta^2 / (4 y)) / y dy,
/// integrated in s = ln y.
inline double leaky_well_function(double u, double beta) {
  auto f = [beta](double s) {
    const double y = std::exp(s);
    return std::exp(-y - beta * beta / (4.0 * y));
  };
  // exp(-y) is negligible beyond y = 150 max(u, 1).
  return integrate(f, std::log(u), std::max(std::log(u), 0.0) + 5.0, 1e-13);
}

/// Wilson & Miller (1978): continuous injection of Q' [m2/d] (rate per unit
/// thickness) at concentration C0 into a uniform 2D flow, at (x, y) from the
/// source after time t; porosity theta, no decay. Returns C/C0.
inline double wilson_miller(double x, double y, double t, double v, double dxx, double dyy, double theta,
                            double q_per_thickness) {
  const double r = std::sqrt(x * x + y * y * dxx / dyy);
  const double b = 2.0 * dxx / v;
  const double u = r * r / (4.0 * dxx * t);
  return q_per_thickness / (4.0 * std::numbers::pi * theta * std::sqrt(dxx * dyy)) * std::exp(x * v / (2.0 * dxx)) *
         leaky_well_function(u, r / b);
}

/// Wexler (1992), eq. 91 form: a patch source C = C0 on y in [y1, y2], z in
/// [z1, z2] of the plane x = 0 (C = 0 elsewhere on it) in a uniform flow,
/// infinite in y and z. Returns C/C0.
inline double wexler_patch(double x, double y, double z, double t, double v, double dx, double dy, double dz,
                           double y1, double y2, double z1, double z2) {
  auto f = [&](double tau) {
    if (tau <= 0.0) return 0.0;
    const double sy = 2.0 * std::sqrt(dy * tau), sz = 2.0 * std::sqrt(dz * tau);
    const double ey = std::erf((y - y1) / sy) - std::erf((y - y2) / sy);
    const double ez = std::erf((z - z1) / sz) - std::erf((z - z2) / sz);
    return std::pow(tau, -1.5) * std::exp(-(x - v * tau) * (x - v * tau) / (4.0 * dx * tau)) * ey * ez;
  };
  return x / (8.0 * std::sqrt(std::numbers::pi * dx)) * integrate(f, 0.0, t, 1e-12);
}

}  // namespace aquaplume::testing

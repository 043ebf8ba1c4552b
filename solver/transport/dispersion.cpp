#include "solver/transport/dispersion.hpp"
#include "solver/transport/threading.hpp"

#include <cmath>

#include "solver/transport/advection.hpp"
#include "solver/transport/gradients.hpp"

namespace aquaplume {

namespace {

/// Water-conducting area of connection k [m2]: horizontal faces shrink with
/// the saturated thickness; vertical faces keep the plan area.
double face_area(const CellGraph& g, std::size_t k, std::span<const double> saturation) {
  const Connections& cn = g.connections;
  if (cn.axis[k] == Axis::Z) return cn.area[k];
  return cn.area[k] * 0.5 * (saturation[cn.a[k]] + saturation[cn.b[k]]);
}

/// Specific discharge at the face of connection k (x east, y north, z up) [m/d].
/// Every expression is symmetric in a and b, so the two ranks holding a
/// connection get the same numbers.
std::array<double, 3> face_discharge(const DispersionInputs& in, std::size_t k, double area) {
  const Connections& cn = in.graph->connections;
  const auto a = static_cast<std::size_t>(cn.a[k]), b = static_cast<std::size_t>(cn.b[k]);
  std::array<double, 3> q;
  for (int i = 0; i < 3; ++i) q[i] = 0.5 * (in.discharge[3 * a + i] + in.discharge[3 * b + i]);
  const auto normal = cn.normal(k);
  const int axis = static_cast<int>(cn.axis[k]);
  q[axis] = area > 0.0 ? in.face_flow[k] / area * normal[axis] : 0.0;
  return q;
}

/// What both dispersion loops need of a face: its wetted area, the specific
/// discharge there and its magnitude.
struct FaceVelocity {
  double area;
  std::array<double, 3> q;
  double speed;
};

FaceVelocity face_velocity(const DispersionInputs& in, std::size_t k) {
  FaceVelocity f;
  f.area = face_area(*in.graph, k, in.saturation);
  f.q = face_discharge(in, k, f.area);
  f.speed = std::sqrt(f.q[0] * f.q[0] + f.q[1] * f.q[1] + f.q[2] * f.q[2]);
  return f;
}

/// Harmonic mean of the water-filled fractions, weighted by the centre-to-face distances.
double face_water_fraction(const DispersionInputs& in, std::size_t k) {
  const Connections& cn = in.graph->connections;
  const auto a = cn.a[k], b = cn.b[k];
  const double wa = (*in.porosity)[a] * in.saturation[a], wb = (*in.porosity)[b] * in.saturation[b];
  if (wa <= 0.0 || wb <= 0.0) return 0.0;
  return (cn.dist_a[k] + cn.dist_b[k]) / (cn.dist_a[k] / wa + cn.dist_b[k] / wb);
}

}  // namespace

void dispersive_conductance(const DispersionInputs& in, const Dispersivity& d, std::span<double> conductance) {
  const Connections& cn = in.graph->connections;
  const auto n = static_cast<std::ptrdiff_t>(cn.size());
#pragma omp parallel for schedule(static) if (n > threaded_loop())
  for (std::ptrdiff_t kk = 0; kk < n; ++kk) {
    const auto k = static_cast<std::size_t>(kk);
    const auto [area, q, speed] = face_velocity(in, k);
    double mechanical = 0.0;
    if (speed > 0.0) {
      const double x2 = q[0] * q[0], y2 = q[1] * q[1], z2 = q[2] * q[2];
      switch (cn.axis[k]) {
        case Axis::X:
          mechanical = d.longitudinal * x2 + d.transverse_horizontal * y2 + d.transverse_vertical * z2;
          break;
        case Axis::Y:
          mechanical = d.longitudinal * y2 + d.transverse_horizontal * x2 + d.transverse_vertical * z2;
          break;
        case Axis::Z:
          mechanical = d.longitudinal * z2 + d.transverse_vertical * (x2 + y2);
          break;
      }
      mechanical /= speed;
    }
    const double theta_d = mechanical + face_water_fraction(in, k) * d.diffusion;
    conductance[k] = theta_d * area / (cn.dist_a[k] + cn.dist_b[k]);
  }
}

void add_cross_dispersion(const DispersionInputs& in, const CellStencil& stencil, const Dispersivity& d,
                          std::span<const double> gradient, std::span<double> flux, std::span<double> outflow) {
  const Connections& cn = in.graph->connections;
  const auto n = static_cast<std::ptrdiff_t>(cn.size());
#pragma omp parallel for schedule(static) if (n > threaded_loop())
  for (std::ptrdiff_t kk = 0; kk < n; ++kk) {
    const auto k = static_cast<std::size_t>(kk);
    const auto [area, q, speed] = face_velocity(in, k);
    flux[k] = 0.0;
    if (speed <= 0.0) continue;
    const auto ga = central_gradient(gradient, cn.a[k]);
    const auto gb = central_gradient(gradient, cn.b[k]);
    std::array<double, 3> grad;
    for (int i = 0; i < 3; ++i) grad[i] = 0.5 * (ga[i] + gb[i]);
    // Off-diagonal tensor entries of the face's row: theta D_nj, j != n.
    const int axis = static_cast<int>(cn.axis[k]);
    double row_flux = 0.0;  // -(theta D_nj dC/dx_j) summed over the tangential j
    for (int j = 0; j < 3; ++j) {
      if (j == axis) continue;
      // (aL - aTH) for the horizontal pair x-y, (aL - aTV) for pairs with z.
      const bool horizontal_pair = axis != 2 && j != 2;
      const double alpha = d.longitudinal - (horizontal_pair ? d.transverse_horizontal : d.transverse_vertical);
      row_flux -= alpha * q[axis] * q[j] / speed * grad[j];
    }
    // The row is along the global axis; the flux a -> b projects it on the normal.
    flux[k] = row_flux * area * cn.normal(k)[axis];
  }
  add_outflow(*in.graph, stencil, flux, outflow);
}

}  // namespace aquaplume

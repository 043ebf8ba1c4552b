#include "solver/transport/advection.hpp"
#include "solver/transport/threading.hpp"

#include <algorithm>

#include "solver/transport/gradients.hpp"

namespace aquaplume {

void tvd_correction(const CellGraph& g, std::span<const double> face_flow, std::span<const double> c,
                    std::span<const double> gradient, std::span<double> correction) {
  const Connections& cn = g.connections;
  const auto n = static_cast<std::ptrdiff_t>(cn.size());
  // Written in terms of the upwind cell U and downwind cell D only, so the rank
  // that holds the connection as (b, a) computes exactly the negated flux.
#pragma omp parallel for schedule(static) if (n > kThreadedLoop)
  for (std::ptrdiff_t kk = 0; kk < n; ++kk) {
    const auto k = static_cast<std::size_t>(kk);
    const double q = face_flow[k];
    correction[k] = 0.0;
    if (q == 0.0) continue;
    const bool from_a = q > 0.0;
    const std::int32_t up = from_a ? cn.a[k] : cn.b[k];
    const std::int32_t down = from_a ? cn.b[k] : cn.a[k];
    const double jump = c[down] - c[up];
    if (jump == 0.0) continue;
    // Direction of the flow along the axis (+1: towards increasing index).
    const bool increasing = from_a ? cn.sign[k] > 0 : cn.sign[k] < 0;
    const double upwind_side = gradient[side_gradient_index(up, cn.axis[k], !increasing)];
    if (std::isnan(upwind_side)) continue;
    const double distance = cn.dist_a[k] + cn.dist_b[k];
    // Both gradients towards increasing index: r = upwind-side / face gradient.
    const double face_gradient = (increasing ? jump : -jump) / distance;
    const double r = upwind_side / face_gradient;
    const double to_face = from_a ? cn.dist_a[k] : cn.dist_b[k];
    // On graded grids keep the face value between C_U and C_D.
    const double weight = std::min(van_leer(r) * to_face / distance, 1.0);
    correction[k] = q * weight * jump;
  }
}

}  // namespace aquaplume

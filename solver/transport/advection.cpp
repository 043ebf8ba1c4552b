#include "solver/transport/advection.hpp"
#include "solver/transport/threading.hpp"

#include <algorithm>

#include "solver/transport/gradients.hpp"

namespace aquaplume {

void tvd_outflow(const CellGraph& g, const CellStencil& stencil, std::span<const double> face_flow,
                 std::span<const double> c, std::span<const double> gradient, std::span<double> correction,
                 std::span<double> outflow) {
  const Connections& cn = g.connections;
  const auto count = static_cast<std::ptrdiff_t>(cn.size());
  // Every cell of a run carries some concentration (the implicit solve
  // spreads tiny values everywhere), so the loop avoids data-dependent
  // branches: a zero jump, no flow, an extremum (r <= 0) or a missing
  // upwind neighbour (NaN gradient) all simply give a zero weight.
#pragma omp parallel for schedule(static) if (count > threaded_loop())
  for (std::ptrdiff_t kk = 0; kk < count; ++kk) {
    const auto k = static_cast<std::size_t>(kk);
    const double q = face_flow[k];
    const std::int32_t a = cn.a[k], b = cn.b[k];
    const bool from_a = q > 0.0;
    const std::int32_t up = from_a ? a : b;
    // Flow towards increasing index when it goes a -> b and b is a's next cell (or the reverse).
    const bool increasing = from_a == (cn.sign[k] > 0);
    const double upwind_side =
        gradient[static_cast<std::size_t>(up) * kSideGradientWidth + 2 * static_cast<int>(cn.axis[k]) + (increasing ? 0 : 1)];
    const double inverse_distance = stencil.inverse_distance(k);
    const double difference = c[b] - c[a];
    const double face_gradient = (cn.sign[k] > 0 ? difference : -difference) * inverse_distance;
    const double to_face = (from_a ? cn.dist_a[k] : cn.dist_b[k]) * inverse_distance;
    // psi(r) (d_Uf / d_UD) with r = upwind_side / face_gradient, capped so
    // that C_f stays between C_U and C_D on graded grids.
    const double limited = std::min(2.0 * upwind_side / (upwind_side + face_gradient) * to_face, 1.0);
    const double weight = upwind_side * face_gradient > 0.0 ? limited : 0.0;
    const double jump = from_a ? difference : -difference;  // C_D - C_U
    correction[k] = q * weight * jump;
  }
  std::fill(outflow.begin(), outflow.begin() + g.n_owned, 0.0);
  add_outflow(g, stencil, correction, outflow);
}

void add_outflow(const CellGraph& g, const CellStencil& stencil, std::span<const double> flux,
                 std::span<double> outflow) {
#pragma omp parallel for schedule(static) if (g.n_owned > threaded_loop())
  for (std::int32_t n = 0; n < g.n_owned; ++n) {
    double out = 0.0;
    for (int slot = 0; slot < CellStencil::kSlots; ++slot) {
      const std::int32_t k = stencil.connection(n, slot);
      if (k < 0) continue;
      const double f = flux[static_cast<std::size_t>(k)];
      out += stencil.is_a(n, slot) ? f : -f;
    }
    outflow[n] += out;
  }
}

}  // namespace aquaplume

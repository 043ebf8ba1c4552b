#include "solver/transport/gradients.hpp"
#include "solver/transport/threading.hpp"

#include <limits>

namespace aquaplume {

void side_gradients(const CellGraph& g, std::span<const double> c, std::span<double> gradient) {
  const Connections& cn = g.connections;
  constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
#pragma omp parallel for schedule(static) if (g.n_owned > kThreadedLoop)
  for (std::int32_t n = 0; n < g.n_owned; ++n) {
    double* out = gradient.data() + static_cast<std::size_t>(n) * kSideGradientWidth;
    for (int i = 0; i < kSideGradientWidth; ++i) out[i] = kNone;
    for (std::int32_t i = g.conn_offset[n]; i < g.conn_offset[n + 1]; ++i) {
      const auto k = static_cast<std::size_t>(g.conn_of[i]);
      const bool is_a = cn.a[k] == n;
      const std::int32_t m = is_a ? cn.b[k] : cn.a[k];
      // b lies on a's plus side when sign > 0, so a lies on b's minus side.
      const bool plus = is_a ? cn.sign[k] > 0 : cn.sign[k] < 0;
      const double distance = cn.dist_a[k] + cn.dist_b[k];
      out[2 * static_cast<int>(cn.axis[k]) + (plus ? 1 : 0)] = plus ? (c[m] - c[n]) / distance : (c[n] - c[m]) / distance;
    }
  }
}

}  // namespace aquaplume

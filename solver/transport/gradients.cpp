#include "solver/transport/gradients.hpp"
#include "solver/transport/threading.hpp"

#include <limits>

namespace aquaplume {

void side_gradients(const CellGraph& g, const CellStencil& stencil, std::span<const double> c,
                    std::span<double> gradient) {
  constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
#pragma omp parallel for schedule(static) if (g.n_owned > threaded_loop())
  for (std::int32_t n = 0; n < g.n_owned; ++n) {
    double* out = gradient.data() + static_cast<std::size_t>(n) * kSideGradientWidth;
    for (int slot = 0; slot < CellStencil::kSlots; ++slot) {
      const std::int32_t m = stencil.neighbour(n, slot);
      if (m < 0) {
        out[slot] = kNone;
        continue;
      }
      // Towards increasing index on both sides: (C_next - C) / d or (C - C_previous) / d.
      const double jump = (slot & 1) ? c[m] - c[n] : c[n] - c[m];
      out[slot] = jump * stencil.inverse_distance(static_cast<std::size_t>(stencil.connection(n, slot)));
    }
  }
}

}  // namespace aquaplume

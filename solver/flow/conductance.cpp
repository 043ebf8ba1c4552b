#include "solver/flow/conductance.hpp"

namespace aquaplume {

std::vector<double> saturated_conductances(const CellGraph& g, std::span<const double> kx, std::span<const double> ky,
                                           std::span<const double> kz) {
  const Connections& cn = g.connections;
  std::vector<double> c(cn.size());
#pragma omp parallel for schedule(static)
  for (std::size_t k = 0; k < cn.size(); ++k) {
    const auto a = cn.a[k], b = cn.b[k];
    switch (cn.axis[k]) {
      case Axis::X:
        c[k] = cn.width[k] / (cn.dist_a[k] / (kx[a] * g.thickness(a)) + cn.dist_b[k] / (kx[b] * g.thickness(b)));
        break;
      case Axis::Y:
        c[k] = cn.width[k] / (cn.dist_a[k] / (ky[a] * g.thickness(a)) + cn.dist_b[k] / (ky[b] * g.thickness(b)));
        break;
      case Axis::Z:
        c[k] = cn.area[k] / (cn.dist_a[k] / kz[a] + cn.dist_b[k] / kz[b]);
        break;
    }
  }
  return c;
}

}  // namespace aquaplume

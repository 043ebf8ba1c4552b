#include "solver/transport/cell_stencil.hpp"

namespace aquaplume {

CellStencil::CellStencil(const CellGraph& g) {
  const auto n_owned = static_cast<std::size_t>(g.n_owned);
  neighbour_.assign(n_owned * kSlots, -1);
  connection_.assign(n_owned * kSlots, -1);
  is_a_.assign(n_owned * kSlots, 0);
  const Connections& cn = g.connections;
  for (std::int32_t n = 0; n < g.n_owned; ++n)
    for (std::int32_t i = g.conn_offset[n]; i < g.conn_offset[n + 1]; ++i) {
      const auto k = g.conn_of[i];
      const bool a = cn.a[static_cast<std::size_t>(k)] == n;
      // b lies on a's next side when sign > 0, so then a lies on b's previous side.
      const bool next = a ? cn.sign[static_cast<std::size_t>(k)] > 0 : cn.sign[static_cast<std::size_t>(k)] < 0;
      const std::size_t slot = index(n, 2 * static_cast<int>(cn.axis[static_cast<std::size_t>(k)]) + (next ? 1 : 0));
      neighbour_[slot] = a ? cn.b[static_cast<std::size_t>(k)] : cn.a[static_cast<std::size_t>(k)];
      connection_[slot] = k;
      is_a_[slot] = a ? 1 : 0;
    }
  inverse_distance_.resize(cn.size());
  for (std::size_t k = 0; k < cn.size(); ++k) inverse_distance_[k] = 1.0 / (cn.dist_a[k] + cn.dist_b[k]);
}

}  // namespace aquaplume

#include "solver/tracking/flow_field.hpp"

#include <algorithm>
#include <cmath>

#include "solver/tracking/pollock.hpp"

namespace aquaplume::tracking {

double CellFlow::face_outflow(int direction) const {
  // Outflow is along -x through the west face and along +x through the east face, etc.
  double out = 0.0;
  for (int face = 0; face < 6; ++face) {
    const double along = direction * face_flow[static_cast<std::size_t>(face)];
    out += (face % 2) ? std::max(along, 0.0) : std::max(-along, 0.0);
  }
  return out;
}

FlowField::FlowField(const FlowModel& flow, double start, double end) : start_(start), end_(end) {
  const CellGraph& g = flow.graph();
  const Connections& cn = g.connections;
  const auto q = flow.connection_flow();
  const auto head = flow.head();
  cells_.assign(static_cast<std::size_t>(g.n_owned), CellFlow{});

  for (std::int32_t c = 0; c < g.n_owned; ++c) {
    CellFlow& cell = cells_[static_cast<std::size_t>(c)];
    cell.saturation = flow.saturation()[c];
    cell.head = head[c];
    cell.fixed_head = flow.fixed_by()[c] >= 0;
    for (std::int32_t i = g.conn_offset[c]; i < g.conn_offset[c + 1]; ++i) {
      const auto k = static_cast<std::size_t>(g.conn_of[i]);
      const bool is_a = cn.a[k] == c;
      const double out_of_c = is_a ? q[k] : -q[k];
      const bool towards_higher_index = (is_a ? cn.sign[k] : -cn.sign[k]) > 0;
      // Increasing column is east (+x), row south (-y), layer down (-z).
      switch (cn.axis[k]) {
        case Axis::X:
          cell.face_flow[towards_higher_index ? kEast : kWest] =
              towards_higher_index ? out_of_c : -out_of_c;
          break;
        case Axis::Y:
          cell.face_flow[towards_higher_index ? kSouth : kNorth] =
              towards_higher_index ? -out_of_c : out_of_c;
          break;
        case Axis::Z:
          cell.face_flow[towards_higher_index ? kBottom : kTop] =
              towards_higher_index ? -out_of_c : out_of_c;
          break;
      }
    }
  }

  // Package terms: recharge through the top face, everything else inside the cell.
  const auto& packages = flow.packages();
  const auto& terms = flow.package_terms();
  for (std::size_t p = 0; p < packages.size(); ++p) {
    const bool recharge = packages[p]->type() == "rch";
    const BoundaryTerms& t = terms[p];
    for (std::size_t i = 0; i < t.cell.size(); ++i) {
      const auto c = t.cell[i];
      CellFlow& cell = cells_[static_cast<std::size_t>(c)];
      if (cell.fixed_head) continue;  // terms in fixed-head cells have no effect (flow_model.cpp)
      const double into_aquifer = t.flow(i, head[c]);
      if (recharge && g.layer[c] == 0) {
        cell.face_flow[kTop] -= into_aquifer;  // downward through the top face
      } else if (into_aquifer >= 0.0) {
        cell.source += into_aquifer;
      } else {
        cell.sink -= into_aquifer;
      }
    }
  }

  // A fixed-head cell takes or supplies whatever its faces do not balance.
  for (std::int32_t c = 0; c < g.n_owned; ++c) {
    CellFlow& cell = cells_[static_cast<std::size_t>(c)];
    if (!cell.fixed_head) continue;
    const auto& f = cell.face_flow;
    const double net_inflow =
        (f[kWest] - f[kEast]) + (f[kSouth] - f[kNorth]) + (f[kBottom] - f[kTop]);
    if (net_inflow > 0.0)
      cell.sink = net_inflow;
    else
      cell.source = -net_inflow;
  }
}

}  // namespace aquaplume::tracking

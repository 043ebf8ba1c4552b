#pragma once
/// The flow of one flow step as particle tracking needs it: for every owned
/// cell the flows through its six faces, its internal sinks and sources, its
/// saturation and head. Built once per flow step from the converged
/// FlowModel; held for the whole run only when backward tracking in
/// transient flow needs every step (then it costs sizeof(CellFlow), 88 bytes
/// on x86-64, per owned cell and step on each rank).

#include <array>
#include <cstdint>
#include <vector>

#include "solver/flow/flow_model.hpp"

namespace aquaplume::tracking {

/// One owned cell's flow. Face order as in pollock.hpp: west, east, south, north, bottom, top.
struct CellFlow {
  /// Flow through each face [m3/d], positive along +x (east), +y (north), +z (up).
  /// Areal recharge enters through the top face of the top cell (MODPATH's
  /// default IFACE 6 for recharge), so its particles start at the water table.
  std::array<double, 6> face_flow{};
  double sink = 0.0;  ///< water removed inside the cell (wells, drains, a fixed head taking water)
                      ///< [m3/d], >= 0
  double source =
      0.0;  ///< water added inside the cell (injection, a fixed head supplying water) [m3/d], >= 0
  double saturation = 1.0;  ///< saturated fraction of the thickness
  double head = 0.0;        ///< [m]
  bool fixed_head = false;

  /// Water leaving through the faces [m3/d] when tracking along `direction`
  /// (+1 forward, -1 backward).
  double face_outflow(int direction) const;
  /// The sink a particle moving along `direction` meets: forward the sink, backward the source.
  double sink_along(int direction) const { return direction > 0 ? sink : source; }
};

class FlowField {
 public:
  /// The flow of the step [start, end] (days) that `flow` has just solved. Not collective.
  FlowField(const FlowModel& flow, double start, double end);

  const CellFlow& cell(std::int32_t owned) const { return cells_[static_cast<std::size_t>(owned)]; }
  double start() const { return start_; }
  double end() const { return end_; }
  std::size_t bytes() const { return cells_.size() * sizeof(CellFlow); }

 private:
  std::vector<CellFlow> cells_;
  double start_ = 0.0, end_ = 0.0;
};

}  // namespace aquaplume::tracking

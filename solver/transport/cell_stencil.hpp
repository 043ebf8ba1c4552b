#pragma once
/// The neighbours of each owned cell by direction (previous / next column,
/// row, layer), with the connection to each: a compact table that lets the
/// per-cell loops of the transport solver (gradients, residuals) run over
/// contiguous memory instead of following the connection lists.

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "mesh/cell_graph.hpp"

namespace aquaplume {

class CellStencil {
 public:
  /// Slots per cell: 2 x axis + (0: previous index, 1: next index).
  static constexpr int kSlots = 6;

  explicit CellStencil(const CellGraph& graph);

  /// The local neighbour of owned cell n in `slot`, or -1 at the grid's edge.
  std::int32_t neighbour(std::int32_t n, int slot) const { return neighbour_[index(n, slot)]; }
  /// The connection to that neighbour (valid when neighbour >= 0).
  std::int32_t connection(std::int32_t n, int slot) const { return connection_[index(n, slot)]; }
  /// 1 / (centre distance) of connection k [1/m].
  double inverse_distance(std::size_t k) const { return inverse_distance_[k]; }
  /// True when owned cell n is cell `a` of the connection in `slot`.
  bool is_a(std::int32_t n, int slot) const { return is_a_[index(n, slot)] != 0; }

 private:
  static std::size_t index(std::int32_t n, int slot) { return static_cast<std::size_t>(n) * kSlots + slot; }
  std::vector<std::int32_t> neighbour_, connection_;
  std::vector<std::uint8_t> is_a_;
  std::vector<double> inverse_distance_;
};

}  // namespace aquaplume

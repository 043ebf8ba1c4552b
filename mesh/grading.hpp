#pragma once
/// Graded spacings for structured grids: small cells where a site needs them
/// (a landfill, a tailings pond, a well field), growing smoothly to a base
/// size away from them, so that a 10 km valley can carry 5 m cells at a
/// landfill without 5 m cells everywhere.
///
/// Along each axis the generator follows a size field
///
///     S(u) = min( C,  min_k [ h_k + s · dist(u, zone_k) ] )
///
/// (h_k the target size of zone k, C <= the base size) and places the cell
/// edges at equal steps of the integral of 1/S, so that cell sizes follow S:
/// cells of the target size inside each zone, growing geometrically away from
/// it (a ramp of slope s gives neighbour ratios exp(s) = growth), capped at
/// the base size. The count of cells is the integral rounded up, and the
/// rounding is taken up by lowering C, so zone cells keep their target size
/// and the coarse cells give a little. The slope starts at ln(growth) and is
/// lowered, if ever needed, towards (growth - 1) / (growth + 1), for which
/// every neighbour ratio is provably <= growth.
///
/// Zones grade rows and columns, not plan areas: a zone refines the columns
/// it spans along x over the whole height of the model, and the rows it spans
/// along y over its whole width (a tensor-product grid, as MODFLOW's DIS).

#include <cstdint>
#include <span>
#include <vector>

#include "mesh/polygon.hpp"

namespace aquaplume {

/// A stretch [start, end] of one axis (in metres from the axis origin) that
/// wants cells of at most `size` metres.
struct RefinedInterval {
  double start = 0.0, end = 0.0, size = 0.0;
};

/// Cell sizes along one axis, or why there are none.
struct GradedSpacing {
  std::vector<double> sizes;      ///< from the axis origin on; sums to the axis length
  std::int64_t cells_needed = 0;  ///< cells the axis needs (sizes stays empty when above the limit)
};

/// Graded cell sizes covering [0, length]: at most `size` inside each
/// interval (exactly `size` for cells wholly inside it unless a finer zone is
/// near), neighbour ratios <= `growth`, at most `base_size` anywhere, and a
/// sum equal to `length` to round-off. Needs length > 0, base_size > 0,
/// 1 < growth <= 2 and 0 < size; intervals may reach outside [0, length]
/// (they are clipped) and overlap (the smaller size wins). When more than
/// `max_cells` cells would be needed, returns no sizes and the count.
GradedSpacing graded_spacing(double length, double base_size,
                             std::span<const RefinedInterval> zones, double growth,
                             std::int64_t max_cells = 10'000'000);

/// A plan rectangle that wants cells of at most `size` metres.
struct RefinementZone {
  PlanBox box;
  double size = 0.0;
};

/// Column widths and row heights of a graded grid over `extent`.
struct GradedPlan {
  GradedSpacing delr;  ///< columns, west to east
  GradedSpacing delc;  ///< rows, north to south (MODFLOW order: row 1 is the north row)
};

/// Grades both axes of `extent` for the zones (see graded_spacing).
GradedPlan graded_plan(const PlanBox& extent, double base_size,
                       std::span<const RefinementZone> zones, double growth,
                       std::int64_t max_cells_per_axis = 10'000'000);

}  // namespace aquaplume

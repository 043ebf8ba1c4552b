#include "solver/risk/extent.hpp"

#include <cmath>
#include <numbers>

#include "mesh/base/parallel.hpp"

namespace aquaplume::risk {

Extent measure_extent(const ExtentInputs& in, double threshold) {
  const CellGraph& g = *in.graph;
  const std::int64_t ncol = g.grid.ncol;
  Extent e;
  std::vector<std::int64_t> columns;
  // Farthest cell: its distance and the vector from the nearest source point.
  double far = -1.0, far_dx = 0.0, far_dy = 0.0;
  for (std::int32_t c = 0; c < g.n_owned; ++c) {
    const double conc = in.concentration[c];
    if (!(conc > threshold)) continue;
    ++e.cells;
    const double volume = g.volume(c);
    e.volume += volume;
    // Dissolved mass: C [g/m3] x water-filled pore volume theta S V [m3].
    e.mass += conc * in.porosity[c] * in.saturation[c] * volume;
    e.max_concentration = std::max(e.max_concentration, conc);
    columns.push_back(static_cast<std::int64_t>(g.row[c]) * ncol + g.col[c]);
    if (in.source && !in.source->empty()) {
      double qx = 0.0, qy = 0.0;
      const double d = in.source->distance(g.center[c][0], g.center[c][1], qx, qy);
      if (d > far) {
        far = d;
        far_dx = g.center[c][0] - qx;
        far_dy = g.center[c][1] - qy;
      }
    }
  }
  MPI_Comm comm = g.comm;
  e.cells = sum_over_ranks(e.cells, comm);
  std::vector<double> sums{e.volume, e.mass};
  sum_over_ranks(sums, comm);
  const double L = in.metres_per_length;
  e.volume = sums[0] / (L * L * L);
  e.mass = sums[1];
  e.max_concentration = max_over_ranks(e.max_concentration, comm);

  // The farthest cell over all ranks (ties: the lowest rank, so that the
  // direction does not depend on the partition beyond exact ties).
  const int size = comm_size(comm);
  std::vector<double> mine{far, far_dx, far_dy}, all(3 * static_cast<std::size_t>(size));
  MPI_Allgather(mine.data(), 3, MPI_DOUBLE, all.data(), 3, MPI_DOUBLE, comm);
  std::size_t best = 0;
  for (std::size_t r = 1; r < static_cast<std::size_t>(size); ++r)
    if (all[3 * r] > all[3 * best]) best = r;
  e.max_distance = std::max(all[3 * best], 0.0) / L;
  // Azimuth: clockwise from north, atan2(east, north), in [0, 360).
  e.direction =
      all[3 * best] > 0.0
          ? std::fmod(
                std::atan2(all[3 * best + 1], all[3 * best + 2]) * 180.0 / std::numbers::pi + 360.0,
                360.0)
          : std::nan("");

  e.columns = all_gather_sorted(std::move(columns), comm);
  const auto xe = g.grid.x_edges(), ye = g.grid.y_edges();
  for (std::int64_t column : e.columns) {
    const auto r = static_cast<std::size_t>(column / ncol),
               c = static_cast<std::size_t>(column % ncol);
    e.area += (xe[c + 1] - xe[c]) * (ye[r] - ye[r + 1]);
  }
  e.area /= L * L;
  return e;
}

}  // namespace aquaplume::risk

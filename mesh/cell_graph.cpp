#include "mesh/cell_graph.hpp"

#include <petscao.h>

#include <algorithm>
#include <cmath>
#include <span>

#include <fmt/format.h>

#include "mesh/base/parallel.hpp"
#include "mesh/petsc_error.hpp"

namespace aquaplume {

std::array<double, 3> Connections::normal(std::size_t k) const {
  std::array<double, 3> n{0.0, 0.0, 0.0};
  const double s = sign[k];
  switch (axis[k]) {
    case Axis::X: n[0] = s; break;    // increasing column = east
    case Axis::Y: n[1] = -s; break;   // increasing row = south
    case Axis::Z: n[2] = -s; break;   // increasing layer = down
  }
  return n;
}

std::int32_t CellGraph::owned_of_natural(std::int64_t natural) const {
  auto begin = natural_index.begin(), end = natural_index.begin() + n_owned;
  auto it = std::lower_bound(begin, end, natural);
  return (it != end && *it == natural) ? static_cast<std::int32_t>(it - natural_index.begin()) : -1;
}

std::int32_t CellGraph::local_of_natural(std::int64_t natural) const {
  if (auto owned = owned_of_natural(natural); owned >= 0) return owned;
  auto begin = natural_index.begin() + n_owned, end = natural_index.end();
  auto it = std::lower_bound(begin, end, natural);
  return (it != end && *it == natural) ? static_cast<std::int32_t>(it - natural_index.begin()) : -1;
}

namespace {

/// Up to six face neighbours (natural indices) of a cell, in a fixed order.
/// `f(neighbour, axis, sign, direction)`, direction 0..5 in the order of the calls.
template <typename F>
void for_each_neighbour(const StructuredGridSpec& g, std::int64_t natural, F&& f) {
  auto [k, i, j] = g.lrc(natural);
  if (k > 0) f(g.natural(k - 1, i, j), Axis::Z, -1, 0);
  if (i > 0) f(g.natural(k, i - 1, j), Axis::Y, -1, 1);
  if (j > 0) f(g.natural(k, i, j - 1), Axis::X, -1, 2);
  if (j + 1 < g.ncol) f(g.natural(k, i, j + 1), Axis::X, +1, 3);
  if (i + 1 < g.nrow) f(g.natural(k, i + 1, j), Axis::Y, +1, 4);
  if (k + 1 < g.nlay) f(g.natural(k + 1, i, j), Axis::Z, +1, 5);
}

/// Finds the position of face neighbours in a sorted list of natural indices
/// without a search per lookup. For one direction (a fixed offset in natural
/// order) the neighbours of cells visited in increasing natural order are
/// themselves increasing, so one cursor per direction only moves forward:
/// a merge of two sorted lists, O(cells + list) for the whole walk.
class NeighbourCursors {
 public:
  explicit NeighbourCursors(std::span<const std::int64_t> sorted) : sorted_(sorted) {}
  /// Position of `natural` in the list, or -1; `direction` 0..5 as in for_each_neighbour.
  /// Successive calls for one direction must ask for increasing indices.
  std::int32_t find(int direction, std::int64_t natural) {
    std::size_t& p = cursor_[static_cast<std::size_t>(direction)];
    while (p < sorted_.size() && sorted_[p] < natural) ++p;
    return p < sorted_.size() && sorted_[p] == natural ? static_cast<std::int32_t>(p) : -1;
  }

 private:
  std::span<const std::int64_t> sorted_;
  std::array<std::size_t, 6> cursor_{};
};

/// Global (solver) indices of ghost cells, found through PETSc's scalable
/// application ordering: a distributed directory of (natural, global) pairs.
std::vector<std::int64_t> ghost_global_indices(const CellGraph& graph, MPI_Comm comm) {
  std::vector<PetscInt> app(static_cast<std::size_t>(graph.n_owned)), petsc(app.size());
  for (std::int32_t c = 0; c < graph.n_owned; ++c) {
    app[c] = static_cast<PetscInt>(graph.natural_index[c]);
    petsc[c] = static_cast<PetscInt>(graph.global_index[c]);
  }
  AO ao = nullptr;
  petsc_check(AOCreateMemoryScalable(comm, graph.n_owned, app.data(), petsc.data(), &ao),
              "AOCreateMemoryScalable");
  std::vector<PetscInt> ghosts;
  for (std::int32_t c = graph.n_owned; c < graph.n_local; ++c)
    ghosts.push_back(static_cast<PetscInt>(graph.natural_index[c]));
  PetscErrorCode code = AOApplicationToPetsc(ao, static_cast<PetscInt>(ghosts.size()), ghosts.data());
  AODestroy(&ao);
  petsc_check(code, "AOApplicationToPetsc");
  return {ghosts.begin(), ghosts.end()};
}

}  // namespace

CellGraph build_cell_graph(const StructuredGridSpec& grid, std::vector<std::int64_t> owned_natural,
                           MPI_Comm comm, ErrorList& errors) {
  CellGraph g;
  g.comm = comm;
  g.grid = grid;
  g.n_global = grid.cell_count();
  g.n_owned = static_cast<std::int32_t>(owned_natural.size());

  // Ghosts: neighbours that another rank owns. Also counts the connections
  // (owned pairs once, owned-ghost pairs always) and each cell's neighbours.
  std::vector<std::int64_t> ghosts;
  std::size_t n_connections = 0;
  g.conn_offset.assign(static_cast<std::size_t>(g.n_owned) + 1, 0);
  {
    NeighbourCursors owned(owned_natural);
    for (std::int32_t c = 0; c < g.n_owned; ++c) {
      const std::int64_t n = owned_natural[static_cast<std::size_t>(c)];
      std::int32_t degree = 0;
      for_each_neighbour(grid, n, [&](std::int64_t m, Axis, int, int direction) {
        ++degree;
        if (owned.find(direction, m) < 0) {
          ghosts.push_back(m);
          ++n_connections;
        } else if (m > n) {
          ++n_connections;
        }
      });
      g.conn_offset[static_cast<std::size_t>(c) + 1] = g.conn_offset[static_cast<std::size_t>(c)] + degree;
    }
  }
  std::sort(ghosts.begin(), ghosts.end());
  ghosts.erase(std::unique(ghosts.begin(), ghosts.end()), ghosts.end());

  g.natural_index = std::move(owned_natural);
  g.natural_index.insert(g.natural_index.end(), ghosts.begin(), ghosts.end());
  g.n_local = static_cast<std::int32_t>(g.natural_index.size());
  const auto n_local = static_cast<std::size_t>(g.n_local);

  g.first_owned = exclusive_prefix_sum(g.n_owned, comm);
  g.global_index.resize(n_local);
  for (std::int32_t c = 0; c < g.n_owned; ++c) g.global_index[c] = g.first_owned + c;
  auto ghost_globals = ghost_global_indices(g, comm);
  std::copy(ghost_globals.begin(), ghost_globals.end(), g.global_index.begin() + g.n_owned);

  // Geometry: x, y from the spacings; top and bottom from the arrays.
  const auto xe = grid.x_edges();
  const auto ye = grid.y_edges();
  g.layer.resize(n_local);
  g.row.resize(n_local);
  g.col.resize(n_local);
  g.dx.resize(n_local);
  g.dy.resize(n_local);
  g.center.resize(n_local);
  g.top.resize(n_local);
  g.bottom.resize(n_local);
  std::vector<std::int64_t> bottom_index(n_local), above_index, top_index;
  std::vector<std::size_t> above_of, top_of;
  for (std::size_t c = 0; c < n_local; ++c) {
    auto [k, i, j] = grid.lrc(g.natural_index[c]);
    g.layer[c] = static_cast<std::int32_t>(k);
    g.row[c] = static_cast<std::int32_t>(i);
    g.col[c] = static_cast<std::int32_t>(j);
    g.dx[c] = grid.delr[static_cast<std::size_t>(j)];
    g.dy[c] = grid.delc[static_cast<std::size_t>(i)];
    bottom_index[c] = g.natural_index[c];
    if (k == 0) {
      top_index.push_back(grid.natural(0, i, j));
      top_of.push_back(c);
    } else {
      above_index.push_back(grid.natural(k - 1, i, j));
      above_of.push_back(c);
    }
  }
  ErrorList geometry;
  auto bottoms = read_checked(*grid.botm, bottom_index, {}, geometry);
  auto aboves = read_checked(*grid.botm, above_index, {}, geometry);
  auto tops = read_checked(*grid.top, top_index, {}, geometry);
  if (!geometry.empty()) {
    errors.append(geometry);
    return g;
  }
  for (std::size_t c = 0; c < n_local; ++c) g.bottom[c] = bottoms[c];
  for (std::size_t t = 0; t < top_of.size(); ++t) g.top[top_of[t]] = tops[t];
  for (std::size_t t = 0; t < above_of.size(); ++t) g.top[above_of[t]] = aboves[t];

  std::size_t thin = 0, thick = 0;
  std::string first_thin, first_thick;
  for (std::int32_t c = 0; c < g.n_owned; ++c) {
    const auto j = static_cast<std::size_t>(g.col[c]), i = static_cast<std::size_t>(g.row[c]);
    g.center[c] = {0.5 * (xe[j] + xe[j + 1]), 0.5 * (ye[i] + ye[i + 1]), 0.5 * (g.top[c] + g.bottom[c])};
    if (!(g.top[c] > g.bottom[c]) && thin++ == 0)
      first_thin = fmt::format("bottom {} of {} is not below its top {}", g.bottom[c],
                               grid.shape().cell_name(g.natural_index[c]), g.top[c]);
    // A finite top and bottom far apart (1e308, -1e308) give an infinite thickness.
    if (g.top[c] > g.bottom[c] && !std::isfinite(g.top[c] - g.bottom[c]) && thick++ == 0)
      first_thick = fmt::format(
          "thickness of {} from top {} to bottom {} is out of range; expected top - bottom below "
          "1.8e308",
          grid.shape().cell_name(g.natural_index[c]), g.top[c], g.bottom[c]);
  }
  for (std::int32_t c = g.n_owned; c < g.n_local; ++c) {
    const auto j = static_cast<std::size_t>(g.col[c]), i = static_cast<std::size_t>(g.row[c]);
    g.center[c] = {0.5 * (xe[j] + xe[j + 1]), 0.5 * (ye[i] + ye[i + 1]), 0.5 * (g.top[c] + g.bottom[c])};
  }
  if (thick > 0) {
    std::string msg = first_thick;
    if (thick > 1) msg += fmt::format(" ({} more such cells)", thick - 1);
    errors.add(grid.botm->loc(), msg);
  }
  if (thin > 0) {
    std::string msg = first_thin;
    if (thin > 1) msg += fmt::format(" ({} more such cells)", thin - 1);
    errors.add(grid.botm->loc(), msg + "; layer bottoms must decrease downwards from the top");
  }
  if (thin > 0 || thick > 0) return g;

  // Connections: owned-owned pairs once (from the lower natural index), owned-ghost always.
  // Each owned cell lists all its connections (CSR, sized above), filled as they are made.
  Connections& cn = g.connections;
  for (auto* v : {&cn.width, &cn.area, &cn.dist_a, &cn.dist_b}) v->reserve(n_connections);
  cn.a.reserve(n_connections);
  cn.b.reserve(n_connections);
  cn.axis.reserve(n_connections);
  cn.sign.reserve(n_connections);
  g.conn_of.assign(static_cast<std::size_t>(g.conn_offset[static_cast<std::size_t>(g.n_owned)]), 0);
  std::vector<std::int32_t> filled(g.conn_offset.begin(), g.conn_offset.end() - 1);
  NeighbourCursors owned_cells(std::span<const std::int64_t>(g.natural_index.data(), static_cast<std::size_t>(g.n_owned)));
  NeighbourCursors ghost_cells(std::span<const std::int64_t>(g.natural_index.data() + g.n_owned,
                                                             static_cast<std::size_t>(g.n_local - g.n_owned)));
  for (std::int32_t c = 0; c < g.n_owned; ++c) {
    const std::int64_t n = g.natural_index[c];
    for_each_neighbour(grid, n, [&](std::int64_t m, Axis axis, int sign, int direction) {
      std::int32_t other = owned_cells.find(direction, m);
      const bool other_owned = other >= 0;
      if (!other_owned) other = g.n_owned + ghost_cells.find(direction, m);
      if (other_owned && m < n) return;  // booked from the other side
      const auto k = static_cast<std::int32_t>(cn.a.size());
      cn.a.push_back(c);
      cn.b.push_back(other);
      cn.axis.push_back(axis);
      cn.sign.push_back(static_cast<std::int8_t>(sign));
      if (axis == Axis::Z) {
        cn.width.push_back(0.0);
        cn.area.push_back(g.plan_area(c));
        cn.dist_a.push_back(0.5 * g.thickness(c));
        cn.dist_b.push_back(0.5 * g.thickness(other));
      } else {
        const double w = axis == Axis::X ? g.dy[c] : g.dx[c];
        const double da = axis == Axis::X ? 0.5 * g.dx[c] : 0.5 * g.dy[c];
        const double db = axis == Axis::X ? 0.5 * g.dx[other] : 0.5 * g.dy[other];
        cn.width.push_back(w);
        cn.area.push_back(w * 0.5 * (g.thickness(c) + g.thickness(other)));
        cn.dist_a.push_back(da);
        cn.dist_b.push_back(db);
      }
      g.conn_of[static_cast<std::size_t>(filled[static_cast<std::size_t>(c)]++)] = k;
      if (other_owned) g.conn_of[static_cast<std::size_t>(filled[static_cast<std::size_t>(other)]++)] = k;
    });
  }
  for (std::int32_t c = 0; c < g.n_owned; ++c) {
    // Order each cell's connections by the other cell's global index, as in the matrix row.
    auto first = g.conn_of.begin() + g.conn_offset[c], last = g.conn_of.begin() + g.conn_offset[c + 1];
    std::sort(first, last, [&](std::int32_t x, std::int32_t y) {
      return g.global_index[g.other(x, c)] < g.global_index[g.other(y, c)];
    });
  }
  return g;
}

}  // namespace aquaplume

#include "solver/tracking/releases.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "mesh/base/parallel.hpp"

namespace aquaplume::tracking {

ParticleFactory::ParticleFactory(const CellGraph& graph)
    : graph_(graph), x_edges_(graph.grid.x_edges()), y_edges_(graph.grid.y_edges()) {}

std::array<std::int64_t, 2> ParticleFactory::locate(Point2 xy) const {
  // As StructuredGridSpec::locate, with the edges computed once.
  const auto& xe = x_edges_;
  const auto& ye = y_edges_;
  if (xy[0] < xe.front() || xy[0] > xe.back() || xy[1] > ye.front() || xy[1] < ye.back())
    return {-1, -1};
  const auto ncol = static_cast<std::int64_t>(xe.size()) - 1,
             nrow = static_cast<std::int64_t>(ye.size()) - 1;
  const auto col = std::clamp<std::int64_t>(
      std::upper_bound(xe.begin(), xe.end(), xy[0]) - xe.begin() - 1, 0, ncol - 1);
  const auto row = std::clamp<std::int64_t>(
      std::upper_bound(ye.begin(), ye.end(), xy[1], std::greater<double>()) - ye.begin() - 1, 0,
      nrow - 1);
  return {row, col};
}

Particle ParticleFactory::make(std::int64_t natural, const std::array<double, 3>& local,
                               std::int32_t group, double time) {
  Particle p;
  p.id = next_id_;
  p.cell = p.release_cell = natural;
  for (int k = 0; k < 3; ++k) p.local[k] = std::clamp(local[k], 0.0, 1.0);
  p.group = group;
  p.release_time = p.time = time;
  p.status = Status::Pending;
  return p;
}

void ParticleFactory::add_in_cell(std::int64_t natural, const std::array<double, 3>& local,
                                  std::int32_t group, double time) {
  if (graph_.owned_of_natural(natural) >= 0)
    particles_.push_back(make(natural, local, group, time));
  ++next_id_;
}

void ParticleFactory::add_in_layer(Point2 xy, std::int64_t layer, double zeta, std::int32_t group,
                                   double time) {
  const auto [row, col] = locate(xy);
  if (row >= 0) {
    const std::int64_t natural = graph_.grid.natural(layer, row, col);
    if (graph_.owned_of_natural(natural) >= 0) {
      const auto r = static_cast<std::size_t>(row), c = static_cast<std::size_t>(col);
      const std::array<double, 3> local{(xy[0] - x_edges_[c]) / graph_.grid.delr[c],
                                        (xy[1] - y_edges_[r + 1]) / graph_.grid.delc[r], zeta};
      particles_.push_back(make(natural, local, group, time));
    }
  } else {
    outside_.push_back({xy, std::numeric_limits<double>::quiet_NaN(), group});
  }
  ++next_id_;
}

void ParticleFactory::add_at_elevation(Point2 xy, double z, std::int32_t group, double time) {
  const auto [row, col] = locate(xy);
  int placed = 0;
  if (row >= 0) {
    const StructuredGridSpec& g = graph_.grid;
    for (std::int64_t layer = 0; layer < g.nlay; ++layer) {
      const std::int32_t c = graph_.owned_of_natural(g.natural(layer, row, col));
      if (c < 0) continue;
      const bool lowest = layer + 1 == g.nlay;
      if (!(z <= graph_.top[c] && (z > graph_.bottom[c] || (lowest && z == graph_.bottom[c]))))
        continue;
      const auto r = static_cast<std::size_t>(row), j = static_cast<std::size_t>(col);
      const std::array<double, 3> local{(xy[0] - x_edges_[j]) / g.delr[j],
                                        (xy[1] - y_edges_[r + 1]) / g.delc[r],
                                        (z - graph_.bottom[c]) / graph_.thickness(c)};
      particles_.push_back(make(g.natural(layer, row, col), local, group, time));
      placed = 1;
      break;
    }
  }
  elevation_points_.push_back({xy, z, group});
  elevation_placed_.push_back(placed);
  ++next_id_;
}

std::vector<UnplacedPoint> ParticleFactory::unplaced(MPI_Comm comm) const {
  std::vector<int> placed = elevation_placed_;
  MPI_Allreduce(MPI_IN_PLACE, placed.data(), static_cast<int>(placed.size()), MPI_INT, MPI_SUM,
                comm);
  std::vector<UnplacedPoint> missing = outside_;
  for (std::size_t i = 0; i < placed.size(); ++i)
    if (placed[i] == 0) missing.push_back(elevation_points_[i]);
  return missing;
}

namespace {

/// Plan points of a release, before the vertical placement.
std::vector<Point2> plan_points(const ReleaseSpec& r, const StructuredGridSpec& grid) {
  std::vector<Point2> points;
  switch (r.shape) {
    case ReleaseSpec::Shape::Points:
      for (const auto& p : r.points) points.push_back({p[0], p[1]});
      break;
    case ReleaseSpec::Shape::Circle:
      for (int k = 0; k < r.count; ++k) {
        const double angle = 2.0 * std::numbers::pi * k / r.count;
        points.push_back(
            {r.centre[0] + r.radius * std::cos(angle), r.centre[1] + r.radius * std::sin(angle)});
      }
      break;
    case ReleaseSpec::Shape::Line: {
      // Equal parts of the polyline's length, a particle at the middle of each.
      std::vector<double> along{0.0};
      for (std::size_t i = 1; i < r.vertices.size(); ++i)
        along.push_back(along.back() + std::hypot(r.vertices[i][0] - r.vertices[i - 1][0],
                                                  r.vertices[i][1] - r.vertices[i - 1][1]));
      const double length = along.back();
      const int count =
          r.count > 0 ? r.count : std::max(1, static_cast<int>(std::lround(length / r.spacing)));
      for (int k = 0; k < count; ++k) {
        const double s = length * (k + 0.5) / count;
        auto i = static_cast<std::size_t>(std::upper_bound(along.begin(), along.end(), s) -
                                          along.begin());
        i = std::clamp<std::size_t>(i, 1, r.vertices.size() - 1);
        const double part = along[i] - along[i - 1];
        const double f = part > 0.0 ? (s - along[i - 1]) / part : 0.0;
        points.push_back({r.vertices[i - 1][0] + f * (r.vertices[i][0] - r.vertices[i - 1][0]),
                          r.vertices[i - 1][1] + f * (r.vertices[i][1] - r.vertices[i - 1][1])});
      }
      break;
    }
    case ReleaseSpec::Shape::Polygon: {
      // A square lattice of `spacing` (default: the smaller size of the cell at
      // the first vertex) over the polygon's bounds, kept where inside.
      double spacing = r.spacing;
      if (spacing <= 0.0) {
        const auto [row, col] = grid.locate(r.vertices[0][0], r.vertices[0][1]);
        spacing = std::min(grid.delr[static_cast<std::size_t>(col)],
                           grid.delc[static_cast<std::size_t>(row)]);
      }
      const auto b = bounds(r.vertices);
      const auto nx = static_cast<long>(std::ceil((b[2] - b[0]) / spacing)),
                 ny = static_cast<long>(std::ceil((b[3] - b[1]) / spacing));
      const double x0 = 0.5 * (b[0] + b[2]) - 0.5 * (nx - 1) * spacing,
                   y0 = 0.5 * (b[1] + b[3]) + 0.5 * (ny - 1) * spacing;
      for (long j = 0; j < ny; ++j)  // north to south, west to east, as the grid's natural order
        for (long i = 0; i < nx; ++i) {
          const Point2 p{x0 + i * spacing, y0 - j * spacing};
          if (inside(r.vertices, p)) points.push_back(p);
        }
      if (points.empty()) {
        // Smaller than the spacing: one particle at the mean of the vertices (or the first vertex).
        Point2 mean{0.0, 0.0};
        for (const auto& v : r.vertices)
          mean = {mean[0] + v[0] / r.vertices.size(), mean[1] + v[1] / r.vertices.size()};
        points.push_back(inside(r.vertices, mean) ? mean : r.vertices[0]);
      }
      break;
    }
    case ReleaseSpec::Shape::Cells:
      break;
  }
  return points;
}

}  // namespace

void add_releases(ParticleFactory& factory, const std::vector<ReleaseSpec>& releases,
                  const StructuredGridSpec& grid, double default_time) {
  for (std::size_t index = 0; index < releases.size(); ++index) {
    const ReleaseSpec& r = releases[index];
    const auto group = static_cast<std::int32_t>(index);
    const std::vector<double> times = r.times.empty() ? std::vector<double>{default_time} : r.times;
    const auto points = plan_points(r, grid);
    for (double time : times) {
      if (r.shape == ReleaseSpec::Shape::Cells) {
        const auto [nx, ny, nz] = r.per_cell;
        for (const CellBox& box : r.cells.boxes)
          for (auto k = box.lay0; k < box.lay1; ++k)
            for (auto i = box.row0; i < box.row1; ++i)
              for (auto j = box.col0; j < box.col1; ++j)
                for (int c = 0; c < nz; ++c)
                  for (int b = 0; b < ny; ++b)
                    for (int a = 0; a < nx; ++a)
                      factory.add_in_cell(grid.natural(k, i, j),
                                          {(a + 0.5) / nx, (b + 0.5) / ny, (c + 0.5) / nz}, group,
                                          time);
        continue;
      }
      for (std::size_t p = 0; p < points.size(); ++p) {
        if (r.points_have_z) {
          factory.add_at_elevation(points[p], r.points[p][2], group, time);
        } else if (r.z) {
          factory.add_at_elevation(points[p], *r.z, group, time);
        } else {
          for (auto layer = (*r.layers)[0]; layer < (*r.layers)[1]; ++layer)
            for (int level = 0; level < r.levels; ++level)
              factory.add_in_layer(points[p], layer, (level + 0.5) / r.levels, group, time);
        }
      }
    }
  }
}

}  // namespace aquaplume::tracking

#include "solver/tracking/tracker.hpp"

#include <cmath>

#include "mesh/base/parallel.hpp"
#include "solver/tracking/pollock.hpp"

namespace aquaplume::tracking {

namespace {

/// Sinks below this fraction of the water passing through a cell's faces are
/// round-off (a fixed-head cell that only passes water on) and stop nothing.
constexpr double kSinkFraction = 1e-9;

/// Half the summed |flow| over the faces: the water passing through the cell [m3/d].
double through_flow(const CellFlow& f) {
  double sum = 0.0;
  for (double q : f.face_flow) sum += std::abs(q);
  return 0.5 * sum;
}

/// The natural index across `face` of the cell `natural`, or -1 at the edge of the grid.
std::int64_t neighbour(const StructuredGridSpec& g, std::int64_t natural, int face) {
  auto [k, i, j] = g.lrc(natural);
  switch (face) {
    case kWest:
      return j > 0 ? natural - 1 : -1;
    case kEast:
      return j + 1 < g.ncol ? natural + 1 : -1;
    case kSouth:
      return i + 1 < g.nrow ? natural + g.ncol : -1;  // rows grow southwards
    case kNorth:
      return i > 0 ? natural - g.ncol : -1;
    case kBottom:
      return k + 1 < g.nlay ? natural + g.nrow * g.ncol : -1;  // layers grow downwards
    case kTop:
      return k > 0 ? natural - g.nrow * g.ncol : -1;
    default:
      return -1;
  }
}

}  // namespace

Tracker::Tracker(const CellGraph& graph, const CellOwners& owners, std::span<const double> porosity,
                 const TrackingOptions& options, TrackingRecords& records)
    : graph_(graph),
      owners_(owners),
      porosity_(porosity),
      options_(options),
      records_(records),
      x_edges_(graph.grid.x_edges()),
      y_edges_(graph.grid.y_edges()),
      rank_(comm_rank(graph.comm)) {}

std::array<double, 3> Tracker::position(const Particle& p, const FlowField& field) const {
  const std::int32_t c = graph_.owned_of_natural(p.cell);
  const auto col = static_cast<std::size_t>(graph_.col[c]),
             row = static_cast<std::size_t>(graph_.row[c]);
  const double saturated = field.cell(c).saturation * graph_.thickness(c);
  return {x_edges_[col] + p.local[0] * graph_.dx[c], y_edges_[row + 1] + p.local[1] * graph_.dy[c],
          graph_.bottom[c] + p.local[2] * saturated};
}

void Tracker::record_vertex(const Particle& p, const std::array<double, 3>& xyz) {
  if (options_.record_pathlines)
    records_.vertices.push_back(
        PathVertex{p.id, p.cell, p.vertices, p.group, p.time, p.travel_time, xyz});
}

void Tracker::check_receptors(Particle& p, const std::array<double, 3>& a,
                              const std::array<double, 3>& b, double time_a, double travel_a,
                              double dt) {
  if (!options_.receptors) return;
  const auto [layer, row, col] = graph_.grid.lrc(p.cell);
  for (std::size_t r = 0; r < options_.receptors->size(); ++r) {
    const std::uint64_t bit = std::uint64_t{1} << r;
    if (p.receptors_reached & bit) continue;
    auto s = options_.receptors->first_entry(r, {a[0], a[1]}, {b[0], b[1]}, layer, row, col);
    if (!s) continue;
    p.receptors_reached |= bit;
    records_.hits.push_back(ReceptorHit{p.id, static_cast<std::int32_t>(r), p.group,
                                        time_a + options_.direction * *s * dt, travel_a + *s * dt});
  }
}

void Tracker::start(Particle& p, const FlowField& field) {
  p.time = p.release_time;
  p.travel_time = 0.0;
  const std::int32_t c = graph_.owned_of_natural(p.cell);
  if (field.cell(c).saturation <= 0.0) {
    p.status = Status::Dry;
    return;
  }
  p.release_xyz = position(p, field);
  record_vertex(p, p.release_xyz);
  ++p.vertices;
  check_receptors(p, p.release_xyz, p.release_xyz, p.time, 0.0, 0.0);
}

int Tracker::advance(Particle& p, const FlowField& field, bool bounded) {
  const int direction = options_.direction;
  const double infinity = std::numeric_limits<double>::infinity();
  while (true) {
    const std::int32_t c = graph_.owned_of_natural(p.cell);
    const CellFlow& f = field.cell(c);
    const double through = through_flow(f);
    // A sink cell (MODPATH 7): strong when no water leaves through its faces, weak otherwise.
    const bool sink = f.sink_along(direction) > kSinkFraction * through;
    const bool strong = sink && f.face_outflow(direction) <= kSinkFraction * through;
    if (p.entered) {
      p.entered = false;
      // A receptor made of cells (a river's fixed-head cells) counts the particle that enters
      // it, even when that cell then stops it.
      if (options_.receptors) {
        const auto at = position(p, field);
        check_receptors(p, at, at, p.time, p.travel_time, 0.0);
      }
      if (f.saturation <= 0.0)
        p.status = Status::Dry;
      else if (sink && f.fixed_head)
        p.status = Status::FixedHead;
      else if (strong)
        p.status = Status::StrongSink;
      else if (sink && options_.stop_at_weak_sinks)
        p.status = Status::WeakSink;
      if (p.status != Status::Active) return rank_;
    }
    if (f.saturation <= 0.0) {
      p.status = Status::Dry;
      return rank_;
    }

    // Seepage velocity on each face, v = q / (n A) (Pollock 1988, eq. 2), signed
    // along the tracking direction.
    const double dx = graph_.dx[c], dy = graph_.dy[c],
                 saturated = f.saturation * graph_.thickness(c);
    const double n = porosity_[static_cast<std::size_t>(c)];
    const std::array<double, 3> size{dx, dy, saturated};
    const std::array<double, 3> area{n * dy * saturated, n * dx * saturated, n * dx * dy};
    std::array<double, 6> velocity{};
    for (int face = 0; face < 6; ++face)
      velocity[static_cast<std::size_t>(face)] =
          direction * f.face_flow[static_cast<std::size_t>(face)] / area[face / 2];

    // How long this step may last: to the end of the flow step, to max_time,
    // to the next requested travel time.
    enum class Limit { None, Window, MaxTime, TimePoint } limit = Limit::None;
    double allowed = infinity;
    if (bounded) {
      allowed = direction > 0 ? field.end() - p.time : p.time - field.start();
      limit = Limit::Window;
    }
    if (options_.max_time - p.travel_time <= allowed) {
      allowed = options_.max_time - p.travel_time;
      limit = Limit::MaxTime;
    }
    const auto& points = options_.time_points;
    if (static_cast<std::size_t>(p.next_time_point) < points.size() &&
        points[static_cast<std::size_t>(p.next_time_point)] - p.travel_time < allowed) {
      allowed = points[static_cast<std::size_t>(p.next_time_point)] - p.travel_time;
      limit = Limit::TimePoint;
    }
    allowed = std::max(allowed, 0.0);

    const std::array<double, 3> offset{p.local[0] * dx, p.local[1] * dy, p.local[2] * saturated};
    const PollockStep step = pollock_step(velocity, size, offset, allowed);
    if (!std::isfinite(step.dt)) {
      // Nowhere to go and no time limit: captured by the cell's sink, or at a stagnation point.
      p.status = sink ? (strong ? Status::StrongSink : Status::WeakSink) : Status::Stagnant;
      return rank_;
    }

    const auto from = position(p, field);
    const double time_from = p.time, travel_from = p.travel_time;
    for (int axis = 0; axis < 3; ++axis) p.local[axis] = step.position[axis] / size[axis];
    p.time += direction * step.dt;
    p.travel_time += step.dt;
    if (step.exit_face == kNoFace) {
      // Land exactly on the limit, so that round-off never leaves a sliver of time.
      if (limit == Limit::Window) p.time = direction > 0 ? field.end() : field.start();
      if (limit == Limit::MaxTime) p.travel_time = options_.max_time;
      if (limit == Limit::TimePoint)
        p.travel_time = points[static_cast<std::size_t>(p.next_time_point)];
    }
    ++records_.cell_steps;
    const auto to = position(p, field);
    check_receptors(p, from, to, time_from, travel_from, step.dt);
    record_vertex(p, to);
    ++p.vertices;

    if (step.exit_face == kNoFace) {
      switch (limit) {
        case Limit::TimePoint:
          records_.time_points.push_back(
              TimePoint{p.id, p.cell, p.next_time_point, p.group, to, f.head});
          ++p.next_time_point;
          continue;
        case Limit::MaxTime:
          p.status = Status::MaxTime;
          return rank_;
        case Limit::Window:
          return rank_;  // still Active: it goes on in the next flow step
        case Limit::None:
          break;
      }
      p.status = Status::Stagnant;
      return rank_;
    }
    if (++p.steps >= options_.max_steps) {
      p.status = Status::StepLimit;
      return rank_;
    }
    const std::int64_t next = neighbour(graph_.grid, p.cell, step.exit_face);
    if (next < 0) {
      p.status =
          Status::Boundary;  // out through the edge of the model (e.g. the water table, backward)
      return rank_;
    }
    p.cell = next;
    p.local[static_cast<std::size_t>(step.exit_face / 2)] = (step.exit_face % 2) ? 0.0 : 1.0;
    p.entered = true;
    const std::int32_t m = graph_.local_of_natural(next);
    if (m >= graph_.n_owned) return owners_.owner(m);
  }
}

void Tracker::run(std::vector<Particle>& particles, const FlowField& field, bool bounded) {
  const int size = comm_size(graph_.comm);
  const int direction = options_.direction;
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < particles.size(); ++i) {
    const Particle& p = particles[i];
    if (p.status != Status::Active) continue;
    if (bounded && !(direction > 0 ? p.time < field.end() : p.time > field.start())) continue;
    todo.push_back(i);
  }
  while (true) {
    std::vector<std::vector<Particle>> outbox(static_cast<std::size_t>(size));
    std::vector<char> gone(particles.size(), 0);
    std::int64_t sent = 0;
    for (std::size_t i : todo) {
      Particle& p = particles[i];
      if (p.vertices == 0) start(p, field);
      if (p.status != Status::Active) continue;
      const int destination = advance(p, field, bounded);
      if (destination != rank_) {
        outbox[static_cast<std::size_t>(destination)].push_back(p);
        gone[i] = 1;
        ++sent;
      }
    }
    if (sent > 0) {
      std::size_t kept = 0;
      for (std::size_t i = 0; i < particles.size(); ++i)
        if (!gone[i]) particles[kept++] = particles[i];
      particles.resize(kept);
    }
    records_.migrations += sent;
    auto arrived = exchange_between_ranks(outbox, graph_.comm);
    ++records_.rounds;
    // Global termination test: stop when no rank handed a particle to another.
    const std::int64_t moved = sum_over_ranks(sent, graph_.comm);
    todo.clear();
    for (const Particle& p : arrived) {
      todo.push_back(particles.size());
      particles.push_back(p);
    }
    if (moved == 0) break;
  }
}

}  // namespace aquaplume::tracking

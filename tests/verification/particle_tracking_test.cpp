/// Particle tracking against exact solutions.
///
/// pathline_uniform: a linear head field h = -g . (x - c) held by fixed heads
/// on the whole boundary is the exact discrete solution for uniform K, even
/// on a graded grid (the two-point flux is exact for linear heads), so the
/// seepage velocity v = K g / n is uniform: pathlines are straight and a
/// particle is at x0 + v t after t, forward and backward, in steady flow and
/// through stress periods of different gradients (Ss = 0, so no storage flow).
///
/// radial_travel_time: a well pumping Q in a confined aquifer of thickness b,
/// with the Thiem heads on the boundary. Water at radius r reaches radius r_w
/// after t = pi b n (r^2 - r_w^2) / Q (the pore volume of the annulus over the
/// rate). Particles stop where they enter the well's cell (a strong sink, as
/// in MODPATH 7). Rings of 16 particles from 3.5 to 40 cells out: the mean
/// time of each ring to the well cell against the pore volume outside the
/// cell (pi r^2 - dx^2) b n / Q, and each path's time from r to 3 cells.
///
/// backward_forward: Pollock's paths are exact for the cell's velocity field,
/// so tracking backward for a time T and then forward for T from the end
/// returns to the start up to round-off, here in a heterogeneous three-layer
/// aquifer with recharge and a partially penetrating well.
///
/// pollock_cell: the cell step against the closed form of Pollock (1988),
/// t = ln(v_face / v_p) / A and x(t) = x_1 + (v_p e^(A t) - v_1) / A, written
/// out here independently: directly on given face velocities, and on the
/// face flows of a solved model whose middle cell has recharge through its
/// top, so that all three components vary.

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <numbers>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "solver/tracking/pollock.hpp"
#include "tests/support/run_in_memory.hpp"

using namespace aquaplume;
using aquaplume::testing::report;
using aquaplume::testing::run_yaml;
using aquaplume::tracking::EndpointRecord;
using aquaplume::tracking::ParticleSetResults;

namespace {

const ParticleSetResults& releases(const aquaplume::testing::MemoryResults& r) {
  for (const auto& set : r.tracking.sets)
    if (set.name == "releases") return set;
  throw std::runtime_error("no releases in the tracking results");
}

/// Every run-based test checks that the flow it tracks through closes its water budget.
void expect_budget_closes(const aquaplume::testing::MemoryResults& r) {
  for (double d : r.step_discrepancy) EXPECT_LT(std::abs(d), 1e-6) << "percent discrepancy of a step";
}

std::string status_of(const aquaplume::testing::MemoryResults& r, const EndpointRecord& e) {
  return r.tracking.status_names[static_cast<std::size_t>(e.status)];
}

// ---------------------------------------------------------------- uniform flow

/// A graded two-layer grid whose boundary cells hold h = -gx (x - xc) - gy (y - yc).
struct UniformCase {
  int nrow = 16, ncol = 24;
  double x0 = 1000.0, y0 = 2000.0;
  double gx = 0.002, gy = -0.001;
  double k = 15.0, porosity = 0.3;
  std::vector<double> delr, delc;
  double width = 0.0, height = 0.0;

  UniformCase() {
    for (int j = 0; j < ncol; ++j) delr.push_back(20.0 + 8.0 * std::sin(0.7 * j) + (j % 3) * 3.0);
    for (int i = 0; i < nrow; ++i) delc.push_back(15.0 + 5.0 * std::cos(0.5 * i) + (i % 2) * 4.0);
    for (double d : delr) width += d;
    for (double d : delc) height += d;
  }
  double head(double x, double y) const {
    return -gx * (x - x0 - 0.5 * width) - gy * (y - y0 - 0.5 * height);
  }
  std::array<double, 2> velocity() const { return {k * gx / porosity, k * gy / porosity}; }

  /// The case text; `time` holds the time section and `schedule(h)` writes one boundary head.
  std::string yaml(const std::string& tracking, const std::string& time,
                   const std::function<std::string(double)>& schedule) const {
    std::ostringstream chd;
    double y_top = y0 + height;
    for (int i = 0; i < nrow; ++i) {
      double x = x0;
      const double yc = y_top - 0.5 * delc[static_cast<std::size_t>(i)];
      for (int j = 0; j < ncol; ++j) {
        const double xc = x + 0.5 * delr[static_cast<std::size_t>(j)];
        if (i == 0 || j == 0 || i == nrow - 1 || j == ncol - 1)
          chd << fmt::format("      - {{cells: [[1, {0}, {1}], [2, {0}, {1}]], head: {2}}}\n",
                             i + 1, j + 1, schedule(head(xc, yc)));
        x += delr[static_cast<std::size_t>(j)];
      }
      y_top -= delc[static_cast<std::size_t>(i)];
    }
    return fmt::format(R"(
grid:
  nlay: 2
  nrow: {}
  ncol: {}
  delr: [{}]
  delc: [{}]
  origin: [{}, {}]
  top: 50.0
  botm: [30.0, 0.0]
properties: {{k: {}, ss: 0.0, porosity: {}}}
packages:
  - type: chd
    name: linear_heads
    entries:
{}
{}
solver:
  linear: {{relative_tolerance: 1.0e-14}}
tracking:
{}
)",
                       nrow, ncol, fmt::join(delr, ", "), fmt::join(delc, ", "), x0, y0, k,
                       porosity, chd.str(), time, tracking);
  }
  /// Eight starting points in both layers, far enough from the boundary for 150 m of travel along
  /// x, 75 m along y.
  std::vector<std::array<double, 3>> starts() const {
    std::vector<std::array<double, 3>> points;
    for (double fx : {0.4, 0.5})
      for (double fy : {0.42, 0.58})
        for (double z : {44.0, 11.5}) points.push_back({x0 + fx * width, y0 + fy * height, z});
    return points;
  }
  std::string points_yaml() const {
    std::vector<std::string> items;
    for (const auto& p : starts())
      items.push_back(fmt::format("[{:.17g}, {:.17g}, {:.17g}]", p[0], p[1], p[2]));
    return fmt::format("[{}]", fmt::join(items, ", "));
  }
};

/// Exact displacement [m] (x, y) of a particle released at `release_time` after travel time `tau`.
using Displacement = std::function<std::array<double, 2>(double release_time, double tau)>;

/// Largest distance of any pathline vertex and end point from its exact position
/// x0 + D(t_release, tau), relative to the longest exact displacement.
double straight_line_error(const ParticleSetResults& set, const Displacement& exact) {
  double worst = 0.0, scale = 0.0;
  for (const auto& e : set.endpoints) {
    const auto d = exact(e.release_time, e.travel_time);
    scale = std::max(scale, std::hypot(d[0], d[1]));
  }
  auto error = [&](const EndpointRecord& e, const std::array<double, 3>& xyz, double tau) {
    const auto d = exact(e.release_time, tau);
    const double planar =
        std::hypot(xyz[0] - e.release_xyz[0] - d[0], xyz[1] - e.release_xyz[1] - d[1]);
    return std::max(planar, std::abs(xyz[2] - e.release_xyz[2])) / scale;
  };
  for (const auto& e : set.endpoints) worst = std::max(worst, error(e, e.end_xyz, e.travel_time));
  for (const auto& p : set.pathlines)
    worst = std::max(worst, error(set.endpoints[static_cast<std::size_t>(p.particle_id - 1)], p.xyz,
                                  p.travel_time));
  return worst;
}

TEST(PathlineUniform, SteadyForwardAndBackwardAreStraightAndTimed) {
  const UniformCase u;
  const double T = 1000.0;
  const auto v = u.velocity();
  for (const char* direction : {"forward", "backward"}) {
    const double sign = std::string(direction) == "forward" ? 1.0 : -1.0;
    auto results = run_yaml(u.yaml(
        fmt::format(
            "  direction: {}\n  max_time: {}\n  releases:\n    - {{name: points, points: {}}}",
            direction, T, u.points_yaml()),
        "", [](double h) { return fmt::format("{:.17g}", h); }));
    const auto& set = releases(results);
    expect_budget_closes(results);
    ASSERT_EQ(set.endpoints.size(), u.starts().size());
    double time_error = 0.0;
    for (const auto& e : set.endpoints) {
      EXPECT_EQ(status_of(results, e), "max_time");
      time_error = std::max(time_error, std::abs(e.travel_time - T) / T);
    }
    const double error = straight_line_error(set, [&](double, double tau) {
      return std::array<double, 2>{sign * v[0] * tau, sign * v[1] * tau};
    });
    const std::string name = fmt::format("pathline_uniform_{}", direction);
    report(name, "max_rel_position_error", error, 1e-10);
    report(name, "max_rel_travel_time_error", time_error, 1e-10);
    EXPECT_LT(error, 1e-10);
    EXPECT_LT(time_error, 1e-10);
    EXPECT_GT(set.pathlines.size(), 8u * 6u);  // the paths cross several cells
  }
}

TEST(PathlineUniform, TransientThroughPeriodsOfDifferentGradients) {
  // Period 1 (500 d) holds the gradient g, period 2 (500 d) twice it; 5 steps each.
  const UniformCase u;
  const auto v1 = u.velocity();
  const std::array<double, 2> v2{2.0 * v1[0], 2.0 * v1[1]};
  const double switch_time = 500.0, end = 1000.0;
  const std::string time = R"(time:
  periods:
    - {length: 500.0, steps: 5, steady: false}
    - {length: 500.0, steps: 5, steady: false})";
  auto schedule = [](double h) {
    return fmt::format("{{periods: {{1: {:.17g}, 2: {:.17g}}}}}", h, 2.0 * h);
  };
  // The exact displacement integrates v over the stress periods crossed.
  auto integral = [&](double from, double to) {
    const double in1 = std::max(0.0, std::min(to, switch_time) - std::max(from, 0.0));
    const double in2 = std::max(0.0, std::min(to, end) - std::max(from, switch_time));
    return std::array<double, 2>{v1[0] * in1 + v2[0] * in2, v1[1] * in1 + v2[1] * in2};
  };
  for (const char* direction : {"forward", "backward"}) {
    const bool forward = std::string(direction) == "forward";
    const std::string times = forward ? "[0.0, 250.0, 600.0]" : "[1000.0, 700.0, 400.0]";
    auto results = run_yaml(u.yaml(
        fmt::format("  direction: {}\n  releases:\n    - {{name: points, points: {}, time: {}}}",
                    direction, u.points_yaml(), times),
        time, schedule));
    const auto& set = releases(results);
    expect_budget_closes(results);
    ASSERT_EQ(set.endpoints.size(), 3 * u.starts().size());
    double time_error = 0.0;
    for (const auto& e : set.endpoints) {
      EXPECT_EQ(status_of(results, e), "simulation_end");
      const double expected = forward ? end - e.release_time : e.release_time;
      time_error = std::max(time_error, std::abs(e.travel_time - expected) / end);
    }
    const double error = straight_line_error(set, [&](double release_time, double tau) {
      if (forward) return integral(release_time, release_time + tau);
      const auto d = integral(release_time - tau, release_time);
      return std::array<double, 2>{-d[0], -d[1]};
    });
    const std::string name = fmt::format("pathline_uniform_transient_{}", direction);
    report(name, "max_rel_position_error", error, 1e-10);
    report(name, "max_rel_travel_time_error", time_error, 1e-10);
    EXPECT_LT(error, 1e-10);
    EXPECT_LT(time_error, 1e-10);
  }
}

// ---------------------------------------------------------------- radial flow

TEST(RadialTravelTime, ToAWellInAConfinedAquifer) {
  const int n = 101;       // cells per side, the well in the centre cell
  const double dx = 10.0;  // [m]
  const double k = 10.0, b = 20.0, porosity = 0.25, Q = 1000.0, h0 = 50.0, R = 2000.0;
  const double centre = 0.5 * n * dx;
  auto thiem = [&](double r) {
    return h0 - Q / (2.0 * std::numbers::pi * k * b) * std::log(R / r);
  };
  std::ostringstream chd;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      if (i != 0 && j != 0 && i != n - 1 && j != n - 1) continue;
      const double x = (j + 0.5) * dx, y = (n - i - 0.5) * dx;
      chd << fmt::format("      - {{cell: [1, {}, {}], head: {:.15g}}}\n", i + 1, j + 1,
                         thiem(std::hypot(x - centre, y - centre)));
    }
  // Rings of 16 particles at radii from 3.5 to 40 cells, turned off the grid lines.
  const std::vector<double> radii{35.0, 45.0, 60.0, 100.0, 150.0, 250.0, 400.0};
  std::vector<std::string> points;
  for (double r : radii)
    for (int a = 0; a < 16; ++a) {
      const double angle = 2.0 * std::numbers::pi * a / 16.0 + 0.1;
      points.push_back(fmt::format("[{:.17g}, {:.17g}]", centre + r * std::cos(angle),
                                   centre + r * std::sin(angle)));
    }
  const std::string yaml =
      fmt::format(R"(
grid: {{nlay: 1, nrow: {0}, ncol: {0}, delr: {1}, delc: {1}, top: 0.0, botm: [-{2}]}}
properties: {{k: {3}, porosity: {7}}}
packages:
  - type: chd
    name: thiem_boundary
    entries:
{4}
  - {{type: wel, name: well, cell: [1, {5}, {5}], rate: -{6}}}
solver:
  linear: {{relative_tolerance: 1.0e-13}}
tracking:
  releases:
    - {{name: rings, points: [{8}], layer: 1}}
)",
                  n, dx, b, k, chd.str(), n / 2 + 1, Q, porosity, fmt::join(points, ", "));
  auto results = run_yaml(yaml);
  const auto& set = releases(results);
  expect_budget_closes(results);
  ASSERT_EQ(set.endpoints.size(), points.size());
  auto radius = [&](const std::array<double, 3>& p) {
    return std::hypot(p[0] - centre, p[1] - centre);
  };
  auto annulus_time = [&](double r_out, double r_in) {
    return std::numbers::pi * b * porosity * (r_out * r_out - r_in * r_in) / Q;
  };
  // (a) Each path beyond 3 cells: the time from r to the circle r0 = 3 cells. Between two
  // vertices the crossing time is interpolated linearly in r^2, exact for radial flow.
  // The five-point flow field deviates from radial by O((dx / r)^2) with the angle
  // (Pollock interpolates each component along its own axis only), so single paths
  // meet 1 % from about 10 cells out; nearer, the ring means below do.
  const double r0 = 3.0 * dx;
  double beyond = 0.0, beyond_near = 0.0;
  // (b) To the well's cell: per particle with r_w the radius where it enters the cell, and
  // the mean over each ring against the pore volume outside the cell, pi r^2 - dx^2.
  double to_cell = 0.0, ring_mean = 0.0;
  std::size_t vertex = 0;
  for (std::size_t ring = 0; ring < radii.size(); ++ring) {
    double sum = 0.0;
    for (std::size_t a = 0; a < 16; ++a) {
      const auto& e = set.endpoints[ring * 16 + a];
      EXPECT_EQ(status_of(results, e), "strong_sink");
      const double r = radius(e.release_xyz);
      for (; vertex < set.pathlines.size() && set.pathlines[vertex].particle_id == e.particle_id;
           ++vertex) {
        const auto& p = set.pathlines[vertex];
        if (p.sequence == 0 || radius(p.xyz) > r0) continue;
        const auto& q = set.pathlines[vertex - 1];
        if (radius(q.xyz) <= r0) continue;  // crossed before
        const double r2_in = radius(p.xyz) * radius(p.xyz), r2_out = radius(q.xyz) * radius(q.xyz);
        const double t0 =
            q.travel_time + (p.travel_time - q.travel_time) * (r2_out - r0 * r0) / (r2_out - r2_in);
        const double error = std::abs(t0 - annulus_time(r, r0)) / annulus_time(r, r0);
        (r >= 10.0 * dx ? beyond : beyond_near) =
            std::max(r >= 10.0 * dx ? beyond : beyond_near, error);
      }
      const double exact = annulus_time(r, radius(e.end_xyz));
      to_cell = std::max(to_cell, std::abs(e.travel_time - exact) / exact);
      sum += e.travel_time;
    }
    const double volume_time =
        b * porosity * (std::numbers::pi * radii[ring] * radii[ring] - dx * dx) / Q;
    ring_mean = std::max(ring_mean, std::abs(sum / 16.0 - volume_time) / volume_time);
  }
  report("radial_travel_time", "max_rel_ring_mean_error_to_well_cell_from_3.5_cells", ring_mean,
         0.01);
  report("radial_travel_time", "max_rel_error_per_path_to_3_cells_from_10_cells", beyond, 0.01);
  // Single paths nearer the well, for the record: the angular error of the flow field, and
  // to the cell itself the detour of diagonal water through the side cells (a fixed ~1.6 d).
  report("radial_travel_time", "max_rel_error_per_path_to_3_cells_from_3.5_cells", beyond_near,
         0.1);
  report("radial_travel_time", "max_rel_error_per_path_to_well_cell_from_3.5_cells", to_cell, 0.1);
  EXPECT_LT(ring_mean, 0.01);
  EXPECT_LT(beyond, 0.01);
  EXPECT_LT(beyond_near, 0.1);
  EXPECT_LT(to_cell, 0.1);
}

// ---------------------------------------------------------------- backward then forward

namespace {
std::string heterogeneous_case(const std::string& tracking) {
  return fmt::format(R"(
grid:
  nlay: 3
  nrow: 30
  ncol: 40
  delr: 50.0
  delc: 50.0
  top: 100.0
  botm: [80.0, 70.0, 40.0]
properties:
  k: [20.0, 0.5, 15.0]
  ky: [12.0, 0.5, 25.0]
  kz: [2.0, 0.05, 1.5]
  porosity: [0.25, 0.1, 0.3]
initial_head: 98.0
packages:
  - {{type: chd, name: west_river, cols: 1, head: 99.0}}
  - {{type: chd, name: east_drain, cols: 40, head: 94.0}}
  - {{type: rch, name: recharge, rate: 0.0003}}
  - {{type: wel, name: supply_well, xy: [1325.0, 725.0], layers: 3, rate: -1500.0}}
solver:
  linear: {{relative_tolerance: 1.0e-14}}
tracking:
{}
)",
                     tracking);
}
}  // namespace

TEST(BackwardForward, ReturnsToTheStartInSteadyFlow) {
  const double T = 2000.0;
  std::vector<std::string> starts;
  for (double x : {830.0, 1210.0, 1480.0, 1730.0})
    for (double y : {310.0, 760.0, 1190.0})
      for (double z : {90.0, 55.0}) starts.push_back(fmt::format("[{}, {}, {}]", x, y, z));
  auto back = run_yaml(heterogeneous_case(fmt::format(
      "  direction: backward\n  max_time: {}\n  releases:\n    - {{name: starts, points: [{}]}}", T,
      fmt::join(starts, ", "))));
  const auto& b = releases(back);
  expect_budget_closes(back);
  ASSERT_EQ(b.endpoints.size(), starts.size());
  std::vector<std::string> ends;
  for (const auto& e : b.endpoints) {
    ASSERT_EQ(status_of(back, e), "max_time") << "particle " << e.particle_id;
    ends.push_back(
        fmt::format("[{:.17g}, {:.17g}, {:.17g}]", e.end_xyz[0], e.end_xyz[1], e.end_xyz[2]));
  }
  auto forth = run_yaml(heterogeneous_case(fmt::format(
      "  direction: forward\n  max_time: {}\n  releases:\n    - {{name: ends, points: [{}]}}", T,
      fmt::join(ends, ", "))));
  const auto& f = releases(forth);
  expect_budget_closes(forth);
  ASSERT_EQ(f.endpoints.size(), starts.size());
  double worst = 0.0;
  const double cells =
      static_cast<double>(f.pathlines.size()) / static_cast<double>(f.endpoints.size());
  for (std::size_t i = 0; i < f.endpoints.size(); ++i) {
    const auto& start = b.endpoints[i].release_xyz;
    const auto& back_end = b.endpoints[i].end_xyz;
    const auto& returned = f.endpoints[i].end_xyz;
    EXPECT_EQ(status_of(forth, f.endpoints[i]), "max_time");
    const double travelled =
        std::hypot(back_end[0] - start[0], back_end[1] - start[1], back_end[2] - start[2]);
    const double miss =
        std::hypot(returned[0] - start[0], returned[1] - start[1], returned[2] - start[2]);
    worst = std::max(worst, miss / travelled);
  }
  report("backward_forward", "max_rel_return_error", worst, 1e-8);
  EXPECT_LT(worst, 1e-8);
  EXPECT_GT(cells, 5.0);  // the paths cross several cells and layers
}

// ---------------------------------------------------------------- one cell

namespace {
/// The classic closed form of one axis: exit time (inf when none) for v(x) = v1 + A (x - 0).
double closed_form_exit(double v1, double v2, double length, double xp) {
  const double A = (v2 - v1) / length, vp = v1 + A * xp;
  if (vp > 0.0 && v2 > 0.0) return A == 0.0 ? (length - xp) / vp : std::log(v2 / vp) / A;
  if (vp < 0.0 && v1 < 0.0) return A == 0.0 ? -xp / vp : std::log(v1 / vp) / A;
  return INFINITY;
}
double closed_form_position(double v1, double v2, double length, double xp, double t) {
  const double A = (v2 - v1) / length, vp = v1 + A * xp;
  return A == 0.0 ? xp + vp * t : (vp * std::exp(A * t) - v1) / A;
}
}  // namespace

TEST(PollockCell, StepMatchesTheClosedForm) {
  using aquaplume::tracking::pollock_step;
  struct Case {
    std::array<double, 6> v;
    std::array<double, 3> size, start;
  };
  const std::vector<Case> cases{
      {{0.4, 1.1, -0.2, 0.35, -0.05, 0.02},
       {10.0, 8.0, 4.0},
       {3.0, 2.5, 1.0}},  // accelerating east, diverging
      {{0.3, 0.2, -0.6, -0.1, 0.0, -0.01},
       {12.0, 9.0, 5.0},
       {6.0, 4.0, 2.5}},  // out through the south face
      {{0.5, 0.5, 0.1, 0.1, 0.0, 0.0},
       {20.0, 20.0, 10.0},
       {1.0, 3.0, 5.0}},  // uniform: A = 0 exactly
      {{-0.2, -0.9, 0.05, 0.06, 0.01, 0.3},
       {7.0, 5.0, 2.0},
       {5.5, 0.5, 0.4}},  // west, with a strong upward gradient
  };
  double worst = 0.0;
  for (const auto& c : cases) {
    double t = INFINITY;
    int face = -1;
    for (int axis = 0; axis < 3; ++axis) {
      const double ta =
          closed_form_exit(c.v[2 * axis], c.v[2 * axis + 1], c.size[axis], c.start[axis]);
      if (ta < t) {
        t = ta;
        const double A = (c.v[2 * axis + 1] - c.v[2 * axis]) / c.size[axis];
        face = 2 * axis + ((c.v[2 * axis] + A * c.start[axis]) > 0.0 ? 1 : 0);
      }
    }
    const auto step = pollock_step(c.v, c.size, c.start, INFINITY);
    ASSERT_EQ(step.exit_face, face);
    worst = std::max(worst, std::abs(step.dt - t) / t);
    for (int axis = 0; axis < 3; ++axis) {
      const double x = axis == face / 2 ? ((face % 2) ? c.size[axis] : 0.0)
                                        : closed_form_position(c.v[2 * axis], c.v[2 * axis + 1],
                                                               c.size[axis], c.start[axis], t);
      worst = std::max(worst, std::abs(step.position[axis] - x) / c.size[axis]);
    }
    // Half-way, stopped by the time limit.
    const auto half = pollock_step(c.v, c.size, c.start, 0.5 * t);
    EXPECT_EQ(half.exit_face, -1);
    for (int axis = 0; axis < 3; ++axis)
      worst = std::max(worst, std::abs(half.position[axis] -
                                       closed_form_position(c.v[2 * axis], c.v[2 * axis + 1],
                                                            c.size[axis], c.start[axis], 0.5 * t)) /
                                  c.size[axis]);
  }
  // Converging flow on every axis: the particle never leaves.
  const auto trapped = pollock_step({0.3, -0.3, 0.2, -0.1, 0.05, -0.05}, {10.0, 10.0, 5.0},
                                    {4.0, 6.0, 2.0}, INFINITY);
  EXPECT_EQ(trapped.exit_face, -1);
  EXPECT_FALSE(std::isfinite(trapped.dt));
  report("pollock_cell_closed_form", "max_rel_error", worst, 1e-12);
  EXPECT_LT(worst, 1e-12);
}

TEST(PollockCell, ModelCellMatchesTheClosedFormOfItsFaceFlows) {
  // Three by three cells; fixed heads around a middle cell with recharge on top.
  const std::vector<double> delr{10.0, 12.0, 14.0}, delc{9.0, 11.0, 13.0};
  const double porosity = 0.3, recharge = 0.001, thickness = 10.0;
  auto head = [](double x, double y) { return 1.0 + 0.05 * x - 0.02 * y + 0.001 * x * y; };
  std::ostringstream chd;
  double y_top = 33.0;
  for (int i = 0; i < 3; ++i) {
    double x = 0.0;
    for (int j = 0; j < 3; ++j) {
      if (i != 1 || j != 1)
        chd << fmt::format("      - {{cell: [1, {}, {}], head: {:.17g}}}\n", i + 1, j + 1,
                           head(x + 0.5 * delr[j], y_top - 0.5 * delc[i]));
      x += delr[j];
    }
    y_top -= delc[i];
  }
  // Middle cell: x 10..22, y 13..24, z 0..10. Start at fractions (0.3, 0.6, 0.8).
  const std::array<double, 3> start{10.0 + 0.3 * 12.0, 13.0 + 0.6 * 11.0, 8.0};
  const std::string yaml = fmt::format(R"(
grid: {{nlay: 1, nrow: 3, ncol: 3, delr: [{}], delc: [{}], top: {}, botm: [0.0]}}
properties: {{k: 5.0, porosity: {}}}
packages:
  - type: chd
    name: around
    entries:
{}
  - {{type: rch, name: recharge, rate: {}}}
solver:
  linear: {{relative_tolerance: 1.0e-14}}
tracking:
  releases:
    - {{name: one, points: [[{}, {}, {}]]}}
)",
                                       fmt::join(delr, ", "), fmt::join(delc, ", "), thickness,
                                       porosity, chd.str(), recharge, start[0], start[1], start[2]);
  auto results = run_yaml(yaml);
  const auto& set = releases(results);
  expect_budget_closes(results);
  ASSERT_EQ(set.endpoints.size(), 1u);
  ASSERT_GE(set.pathlines.size(), 2u);
  // Face flows of the middle cell (natural index 4) from the right, front and
  // lower face flows of it and of its west and north neighbours.
  const auto& ff = results.fields.at("face_flow")[0];
  const double qx_west = ff[3 * 3 + 0], qx_east = ff[3 * 4 + 0];
  const double qy_south = -ff[3 * 4 + 1], qy_north = -ff[3 * 1 + 1];
  const double dx = 12.0, dy = 11.0;
  const std::array<double, 6> v{qx_west / (porosity * dy * thickness),
                                qx_east / (porosity * dy * thickness),
                                qy_south / (porosity * dx * thickness),
                                qy_north / (porosity * dx * thickness),
                                0.0,
                                -recharge * dx * dy / (porosity * dx * dy)};
  const std::array<double, 3> size{dx, dy, thickness},
      offset{start[0] - 10.0, start[1] - 13.0, start[2]};
  double t = INFINITY;
  int axis_out = -1;
  for (int axis = 0; axis < 3; ++axis) {
    const double ta = closed_form_exit(v[2 * axis], v[2 * axis + 1], size[axis], offset[axis]);
    if (ta < t) {
      t = ta;
      axis_out = axis;
    }
  }
  ASSERT_TRUE(std::isfinite(t));
  const auto& exit = set.pathlines[1];  // the first face crossing
  double worst = std::abs(exit.travel_time - t) / t;
  const std::array<double, 3> origin{10.0, 13.0, 0.0};
  for (int axis = 0; axis < 3; ++axis) {
    if (axis == axis_out) continue;
    const double x = origin[axis] + closed_form_position(v[2 * axis], v[2 * axis + 1], size[axis],
                                                         offset[axis], t);
    worst = std::max(worst, std::abs(exit.xyz[axis] - x) / size[axis]);
  }
  report("pollock_cell_model", "max_rel_error", worst, 1e-10);
  EXPECT_LT(worst, 1e-10);
}

}  // namespace

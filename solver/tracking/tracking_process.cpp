#include "solver/tracking/tracking_process.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "mesh/base/parallel.hpp"
#include "solver/tracking/flow_field.hpp"
#include "solver/tracking/particle_exchange.hpp"
#include "solver/tracking/protection_zones.hpp"
#include "solver/tracking/receptors.hpp"
#include "solver/tracking/releases.hpp"
#include "solver/tracking/tracker.hpp"
#include "solver/tracking/tracking_results.hpp"
#include "solver/tracking/tracking_spec.hpp"

namespace aquaplume::tracking {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// Particles tracked together with one set of options, and what they left behind.
struct ParticleSet {
  std::string name;
  std::vector<std::string> group_names;
  TrackingOptions options;
  std::vector<Particle> particles;  // this rank's
  std::int64_t total = 0;           // over all ranks
  TrackingRecords records;
};

/// Pending particles whose release time falls in the step become Active: [start, end)
/// forward, (start, end] backward (tracking starts at the step's start, or its end).
void release(ParticleSet& set, double start, double end) {
  const int direction = set.options.direction;
  for (auto& p : set.particles) {
    if (p.status != Status::Pending) continue;
    const double t = p.release_time;
    if (direction > 0 ? (t >= start && t < end) : (t > start && t <= end)) {
      p.status = Status::Active;
      p.time = t;
    }
  }
}

class TrackingProcess final : public Process {
 public:
  TrackingProcess(const CaseSpec& spec, const CellGraph& graph, ErrorList& errors);
  std::string name() const override { return "tracking"; }
  void advance(const TimeStep& step, const FlowModel& flow) override;
  std::string progress() const override;
  void finish(OutputSink& sink, RunSummary& summary) override;

 private:
  void run(ParticleSet& set, const FlowField& field, bool bounded) {
    Tracker tracker(graph_, owners_, porosity_, set.options, set.records);
    tracker.run(set.particles, field, bounded);
  }
  /// Tracks backward through the saved flow steps, from the last to the first.
  void track_backward(ParticleSet& set) {
    for (auto it = history_.rbegin(); it != history_.rend(); ++it) {
      release(set, (*it)->start(), (*it)->end());
      run(set, **it, true);
    }
  }
  /// Particles still moving at the end (start) of the simulation: on in the
  /// last (first) flow field with tracking.extend, else stopped there.
  void close_unfinished(ParticleSet& set, const FlowField& field) {
    if (spec_->extend) {
      release(set, -kInfinity, kInfinity);
      run(set, field, false);
    }
    for (auto& p : set.particles)
      if (p.status == Status::Active || p.status == Status::Pending)
        p.status = Status::SimulationEnd;
  }
  /// Tracks a set in the flow of the run: one steady field, or the saved steps backward.
  void track_all(ParticleSet& set) {
    if (set.total == 0) return;  // the same on every rank
    if (steady_) {
      release(set, -kInfinity, kInfinity);
      run(set, *last_, false);
    } else {
      track_backward(set);
      close_unfinished(set, *history_.front());
    }
  }
  std::vector<Endpoint> endpoints(ParticleSet& set) const;
  ParticleSetResults set_results(const ParticleSet& set, const std::vector<Endpoint>& ends,
                                 const std::vector<PathVertex>& vertices,
                                 bool with_pathlines) const;
  std::vector<ReceptorResult> receptor_results() const;

  std::shared_ptr<const TrackingSpec> spec_;
  Units units_;
  const CellGraph& graph_;
  CellArrayPtr conductivity_;
  std::vector<double> porosity_;  // owned cells
  CellOwners owners_;
  bool steady_ = true;
  double end_time_ = 0.0;  // [d]
  ParticleSet releases_, zone_particles_;
  ProtectionZones zones_;
  std::unique_ptr<ReceptorSet> receptors_;
  std::shared_ptr<const FlowField> last_;
  std::vector<std::shared_ptr<const FlowField>> history_;
  bool keep_history_ = false;
  std::int64_t moving_ = 0;  // forward particles still moving after the last step
};

TrackingProcess::TrackingProcess(const CaseSpec& spec, const CellGraph& graph, ErrorList& errors)
    : spec_(spec.tracking),
      units_(spec.units),
      graph_(graph),
      conductivity_(spec.properties.kx),
      owners_(graph),
      zones_(spec.tracking->zones) {
  const TrackingSpec& t = *spec_;
  const std::vector<std::int64_t> owned(graph.natural_index.begin(),
                                        graph.natural_index.begin() + graph.n_owned);
  if (t.porosity) porosity_ = read_checked(*t.porosity, owned, Limits{0.0, 1.0, true}, errors);
  const auto steps = time_steps(spec.periods);
  steady_ = steps.size() == 1 && steps.front().steady;
  end_time_ = steps.back().end();
  if (!t.receptors.empty()) receptors_ = std::make_unique<ReceptorSet>(t.receptors);

  releases_.name = "releases";
  for (const auto& r : t.releases) releases_.group_names.push_back(r.name);
  releases_.options = {t.direction, t.stop_at_weak_sinks, t.max_time, {},
                       t.pathlines, receptors_.get(),     t.max_steps};
  ParticleFactory factory(graph);
  // Backward in time-varying flow, particles start by default at the end of the simulation.
  add_releases(factory, t.releases, graph.grid, t.direction < 0 && !steady_ ? end_time_ : 0.0);
  const double L = units_.length_factor();
  for (const auto& missing : factory.unplaced(graph.comm)) {
    const ReleaseSpec& r = t.releases[static_cast<std::size_t>(missing.group)];
    if (std::isnan(missing.z))
      errors.add(r.loc, fmt::format("release '{}': point ({:g}, {:g}) is off the grid", r.name,
                                    missing.xy[0] / L, missing.xy[1] / L));
    else
      errors.add(
          r.loc,
          fmt::format(
              "release '{}': point ({:g}, {:g}, {:g}) is above the top or below the bottom of "
              "the model there",
              r.name, missing.xy[0] / L, missing.xy[1] / L, missing.z / L));
  }
  releases_.total = factory.count();
  releases_.particles = factory.take();

  zone_particles_.name = "protection_zones";
  zone_particles_.options = {-1,      t.stop_at_weak_sinks, t.max_time, zones_.time_points(), true,
                             nullptr, t.max_steps};
  keep_history_ = !steady_ && ((t.direction < 0 && releases_.total > 0) || !zones_.empty());
}

void TrackingProcess::advance(const TimeStep& step, const FlowModel& flow) {
  // Wells as pumped in the last step (whose end the zones' particles start from).
  if (!zones_.empty()) zones_.find_wells(flow, porosity_, *conductivity_);
  last_ = std::make_shared<const FlowField>(flow, step.start, step.end());
  if (keep_history_) history_.push_back(last_);
  if (steady_ || spec_->direction < 0 || releases_.total == 0) return;
  release(releases_, step.start, step.end());
  run(releases_, *last_, true);
  std::int64_t moving = 0;
  for (const auto& p : releases_.particles) moving += p.status == Status::Active ? 1 : 0;
  moving_ = sum_over_ranks(moving, graph_.comm);
}

std::string TrackingProcess::progress() const {
  if (steady_ || spec_->direction < 0 || releases_.total == 0) return {};
  return fmt::format("tracking {} moving", moving_);
}

std::vector<Endpoint> TrackingProcess::endpoints(ParticleSet& set) const {
  Tracker tracker(graph_, owners_, porosity_, set.options, set.records);
  std::vector<Endpoint> out;
  out.reserve(set.particles.size());
  for (const Particle& p : set.particles) {
    Endpoint e;
    e.id = p.id;
    e.release_cell = p.release_cell;
    e.end_cell = p.cell;
    e.group = p.group;
    e.status = p.status;
    e.release_time = p.release_time;
    e.end_time = p.time;
    e.travel_time = p.travel_time;
    e.end_xyz = tracker.position(p, *last_);
    e.release_xyz = p.vertices > 0 ? p.release_xyz : e.end_xyz;
    out.push_back(e);
  }
  return out;
}

ParticleSetResults TrackingProcess::set_results(const ParticleSet& set,
                                                const std::vector<Endpoint>& ends,
                                                const std::vector<PathVertex>& vertices,
                                                bool with_pathlines) const {
  const double L = 1.0 / units_.length_factor(), T = 1.0 / units_.time_factor();
  const StructuredGridSpec& g = graph_.grid;
  auto lrc = [&](std::int64_t natural) {
    auto [k, i, j] = g.lrc(natural);
    return std::array<std::int32_t, 3>{static_cast<std::int32_t>(k + 1),
                                       static_cast<std::int32_t>(i + 1),
                                       static_cast<std::int32_t>(j + 1)};
  };
  auto scaled = [&](const std::array<double, 3>& xyz) {
    return std::array<double, 3>{xyz[0] * L, xyz[1] * L, xyz[2] * L};
  };
  ParticleSetResults out;
  out.name = set.name;
  out.direction = set.options.direction > 0 ? "forward" : "backward";
  out.group_names = set.group_names;
  for (const Endpoint& e : ends)
    out.endpoints.push_back({e.id, e.group, static_cast<std::int32_t>(e.status), e.release_time * T,
                             e.end_time * T, e.travel_time * T, scaled(e.release_xyz),
                             scaled(e.end_xyz), lrc(e.release_cell), lrc(e.end_cell)});
  out.endpoint_offset = exclusive_prefix_sum(static_cast<std::int64_t>(ends.size()), graph_.comm);
  out.endpoint_total = set.total;
  out.has_pathlines = with_pathlines;
  if (with_pathlines) {
    for (const PathVertex& v : vertices)
      out.pathlines.push_back(
          {v.id, v.sequence, lrc(v.cell), v.time * T, v.travel_time * T, scaled(v.xyz)});
    out.pathline_offset =
        exclusive_prefix_sum(static_cast<std::int64_t>(vertices.size()), graph_.comm);
    out.pathline_total = sum_over_ranks(static_cast<std::int64_t>(vertices.size()), graph_.comm);
  }
  return out;
}

std::vector<ReceptorResult> TrackingProcess::receptor_results() const {
  std::vector<ReceptorResult> out;
  if (!receptors_) return out;
  const auto hits = all_gather(releases_.records.hits, graph_.comm);
  std::vector<double> released(releases_.group_names.size(), 0.0);
  for (const auto& p : releases_.particles) released[static_cast<std::size_t>(p.group)] += 1.0;
  sum_over_ranks(released, graph_.comm);
  const double T = 1.0 / units_.time_factor();
  for (std::size_t r = 0; r < receptors_->size(); ++r)
    for (std::size_t g = 0; g < released.size(); ++g) {
      ReceptorResult result;
      result.receptor = receptors_->spec(r).name;
      result.release = releases_.group_names[g];
      result.released = static_cast<std::int64_t>(released[g]);
      result.first_arrival_time = result.first_travel_time = kInfinity;
      for (const auto& h : hits) {
        if (h.receptor != static_cast<std::int32_t>(r) || h.group != static_cast<std::int32_t>(g))
          continue;
        ++result.reached;
        result.first_arrival_time = std::min(result.first_arrival_time, h.time * T);
        result.first_travel_time = std::min(result.first_travel_time, h.travel_time * T);
      }
      if (result.reached == 0) result.first_arrival_time = result.first_travel_time = std::nan("");
      result.fraction =
          result.released > 0 ? static_cast<double>(result.reached) / result.released : 0.0;
      out.push_back(result);
    }
  return out;
}

void TrackingProcess::finish(OutputSink& sink, RunSummary& summary) {
  const double t0 = MPI_Wtime();
  const TrackingSpec& t = *spec_;
  const MPI_Comm comm = graph_.comm;
  if (steady_ || t.direction < 0)
    track_all(releases_);
  else
    close_unfinished(releases_, *last_);

  if (!zones_.empty()) {
    ParticleFactory factory(graph_);
    zones_.add_particles(factory, graph_.grid, steady_ ? 0.0 : end_time_);
    if (const auto missing = factory.unplaced(comm); !missing.empty())
      throw RunError(
          fmt::format(
              "{}: protection zone rings leave the grid near ({:g}, {:g}); give a smaller radius",
              t.loc.where(), missing.front().xy[0] / units_.length_factor(),
              missing.front().xy[1] / units_.length_factor()),
          true);
    zone_particles_.total = factory.count();
    zone_particles_.particles = factory.take();
    zone_particles_.group_names = zones_.ring_names();
    track_all(zone_particles_);
  }

  TrackingResults results;
  results.length_unit = units_.length;
  results.time_unit = units_.time;
  results.crs = t.crs;
  for (int s = 0; s < kStatusCount; ++s)
    results.status_names.emplace_back(status_name(static_cast<Status>(s)));
  for (const auto& r : t.receptors) results.receptor_names.push_back(r.name);
  auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };
  auto by_path = [](const PathVertex& a, const PathVertex& b) {
    return a.id != b.id ? a.id < b.id : a.sequence < b.sequence;
  };
  std::int64_t steps = 0, migrations = 0;
  for (ParticleSet* set : {&releases_, &zone_particles_}) {
    steps += set->records.cell_steps;
    migrations += set->records.migrations;
    if (set->total == 0) continue;
    const auto ends = to_id_blocks(endpoints(*set), set->total, comm, by_id);
    const auto vertices = to_id_blocks(set->records.vertices, set->total, comm, by_path);
    results.sets.push_back(set_results(*set, ends, vertices, t.pathlines));
    if (set == &zone_particles_)
      results.zones = zones_.delineate(ends, vertices, set->records.time_points, graph_, units_);
  }
  results.receptors = receptor_results();

  double history_bytes = 0.0;
  for (const auto& field : history_) history_bytes += static_cast<double>(field->bytes());
  const double seconds = MPI_Wtime() - t0;
  const double cell_steps = static_cast<double>(sum_over_ranks(steps, comm));
  const double moved = static_cast<double>(sum_over_ranks(migrations, comm));
  results.figures = {
      {"particles", static_cast<double>(releases_.total)},
      {"zone_particles", static_cast<double>(zone_particles_.total)},
      {"cell_steps", cell_steps},
      {"migrations", moved},
      {"flow_history_mb_per_rank", max_over_ranks(history_bytes, comm) / (1024.0 * 1024.0)},
      {"seconds_after_flow", max_over_ranks(seconds, comm)}};
  sink.write_tracking(results);
  for (const auto& [key, value] : results.figures)
    summary.extra.emplace_back("tracking_" + key, value);
  spdlog::info(
      "tracking: {} particle(s), {} for protection zones, {:.0f} cell steps, {:.0f} migrations "
      "between ranks",
      releases_.total, zone_particles_.total, cell_steps, moved);
}

}  // namespace

std::unique_ptr<Process> make_tracking_process(const CaseSpec& spec, const CellGraph& graph,
                                               ErrorList& errors) {
  return std::make_unique<TrackingProcess>(spec, graph, errors);
}

}  // namespace aquaplume::tracking

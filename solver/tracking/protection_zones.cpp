#include "solver/tracking/protection_zones.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>
#include <tuple>

#include <fmt/format.h>

#include "mesh/base/parallel.hpp"
#include "solver/tracking/particle_exchange.hpp"

namespace aquaplume::tracking {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// One screened cell of a well, gathered to every rank.
struct WellCell {
  std::int32_t zone = 0, entry = 0;
  std::int64_t natural = 0;
  double rate = 0.0, head = 0.0, conductivity = 0.0, porosity = 0.0;
};

/// A ring particle's plan position at one sample time, sent to the rank that fills the ring.
struct SamplePoint {
  std::int32_t ring = 0, sample = 0;
  std::int64_t index = 0;  // within the ring
  double x = 0.0, y = 0.0;
};

/// Columns first..last of a row in a zone; `level` is the isochrone index
/// (k: the capture zone only).
struct Span {
  std::int32_t zone = 0, level = 0;
  std::int64_t row = 0, first = 0, last = 0;
};

/// Travel times at which the rings are drawn: the isochrones and a geometric
/// sequence (ratio 1.25, at most 160 values) from a sixteenth of the first up to `longest`.
std::vector<double> sample_times(const std::vector<double>& isochrones, double longest) {
  std::vector<double> times = isochrones;
  double t = isochrones.front() / 16.0;
  for (int k = 0; k < 160 && t < longest; ++k, t *= 1.25) times.push_back(t);
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  return times;
}

/// The isochrone level of a travel time: the first T_i >= t, or k beyond the last.
std::int32_t level_of(const std::vector<double>& isochrones, double t) {
  return static_cast<std::int32_t>(std::lower_bound(isochrones.begin(), isochrones.end(), t) -
                                   isochrones.begin());
}

/// Plan position at travel time `t` along a pathline (vertices of one particle,
/// increasing travel time), linear between vertices; the end point beyond its end.
Point2 position_at(std::span<const PathVertex> path, const Endpoint& end, double t) {
  if (path.empty() || t >= end.travel_time) return {end.end_xyz[0], end.end_xyz[1]};
  auto after = std::upper_bound(path.begin(), path.end(), t, [](double value, const PathVertex& v) {
    return value < v.travel_time;
  });
  if (after == path.begin()) return {path.front().xyz[0], path.front().xyz[1]};
  if (after == path.end()) return {end.end_xyz[0], end.end_xyz[1]};
  const PathVertex& a = *(after - 1);
  const PathVertex& b = *after;
  const double span = b.travel_time - a.travel_time;
  const double f = span > 0.0 ? (t - a.travel_time) / span : 1.0;
  return {a.xyz[0] + f * (b.xyz[0] - a.xyz[0]), a.xyz[1] + f * (b.xyz[1] - a.xyz[1])};
}

/// Merges spans of one row into disjoint sorted runs.
std::vector<std::array<std::int64_t, 2>> merge_runs(std::vector<std::array<std::int64_t, 2>> runs) {
  std::sort(runs.begin(), runs.end());
  std::vector<std::array<std::int64_t, 2>> merged;
  for (const auto& r : runs) {
    if (!merged.empty() && r[0] <= merged.back()[1] + 1)
      merged.back()[1] = std::max(merged.back()[1], r[1]);
    else
      merged.push_back(r);
  }
  return merged;
}

}  // namespace

void ProtectionZones::find_wells(const FlowModel& flow, std::span<const double> porosity,
                                 const CellArray& conductivity) {
  const CellGraph& g = flow.graph();
  const auto head = flow.head();
  const auto& packages = flow.packages();
  const auto& terms = flow.package_terms();
  std::vector<WellCell> local;
  for (std::size_t z = 0; z < specs_.size(); ++z) {
    const ProtectionZoneSpec& spec = specs_[z];
    const auto zone = static_cast<std::int32_t>(z);
    if (!spec.package.empty()) {
      for (std::size_t p = 0; p < packages.size(); ++p) {
        if (packages[p]->name() != spec.package) continue;
        const BoundaryTerms& t = terms[p];
        for (std::size_t i = 0; i < t.cell.size(); ++i) {
          const auto c = t.cell[i];
          local.push_back({zone, t.entry[i], g.natural_index[static_cast<std::size_t>(c)],
                           t.flow(i, head[c]), head[c], 0.0,
                           porosity[static_cast<std::size_t>(c)]});
        }
      }
    } else {
      for (auto c : spec.cells->owned_cells(g)) {
        double rate = 0.0;  // whatever wel packages take from the cell
        for (std::size_t p = 0; p < packages.size(); ++p) {
          if (packages[p]->type() != "wel") continue;
          const BoundaryTerms& t = terms[p];
          for (std::size_t i = 0; i < t.cell.size(); ++i)
            if (t.cell[i] == c) rate += t.flow(i, head[c]);
        }
        local.push_back({zone, 0, g.natural_index[static_cast<std::size_t>(c)], rate, head[c], 0.0,
                         porosity[static_cast<std::size_t>(c)]});
      }
    }
  }
  std::vector<std::int64_t> naturals;
  for (const auto& w : local) naturals.push_back(w.natural);
  ErrorList ignored;  // the flow model has checked the conductivities already
  const auto k = read_checked(conductivity, naturals, {}, ignored);
  for (std::size_t i = 0; i < local.size(); ++i) local[i].conductivity = k[i];

  auto cells = all_gather(local, g.comm);
  const StructuredGridSpec& grid = g.grid;
  auto key = [&](const WellCell& w) {
    auto [layer, row, col] = grid.lrc(w.natural);
    return std::make_tuple(w.zone, w.entry, row, col, layer);
  };
  std::sort(cells.begin(), cells.end(),
            [&](const WellCell& a, const WellCell& b) { return key(a) < key(b); });
  const auto xe = grid.x_edges();
  const auto ye = grid.y_edges();
  wells_.clear();
  for (std::size_t i = 0; i < cells.size();) {
    const auto [zone, entry, row, col, layer0] = key(cells[i]);
    ZoneWell w;
    w.zone = zone;
    w.row = row;
    w.col = col;
    const auto& spec = specs_[static_cast<std::size_t>(zone)];
    w.xy = spec.xy ? *spec.xy
                   : Point2{0.5 * (xe[static_cast<std::size_t>(col)] +
                                   xe[static_cast<std::size_t>(col) + 1]),
                            0.5 * (ye[static_cast<std::size_t>(row)] +
                                   ye[static_cast<std::size_t>(row) + 1])};
    std::size_t j = i;
    for (; j < cells.size(); ++j) {
      const auto [z2, e2, r2, c2, l2] = key(cells[j]);
      if (z2 != zone || e2 != entry || r2 != row || c2 != col) break;
      if (w.layers.empty() || w.layers.back() != l2) w.layers.push_back(l2);
      w.rate += cells[j].rate;
      w.head += cells[j].head;
      w.conductivity += cells[j].conductivity;
      w.porosity += cells[j].porosity;
    }
    const double n = static_cast<double>(j - i);
    w.head /= n;
    w.conductivity /= n;
    w.porosity /= n;
    wells_.push_back(std::move(w));
    i = j;
  }

  found_ = true;
}

void ProtectionZones::add_particles(ParticleFactory& factory, const StructuredGridSpec& grid,
                                    double time) {
  for (std::size_t z = 0; z < specs_.size(); ++z) {
    const ProtectionZoneSpec& spec = specs_[z];
    double rate = 0.0;
    int count = 0;
    for (const auto& w : wells_)
      if (w.zone == static_cast<std::int32_t>(z)) {
        rate += w.rate;
        ++count;
      }
    if (count == 0)
      throw RunError(
          fmt::format("{}: protection zone '{}': no well cells found", spec.loc.where(), spec.name),
          true);
    if (!spec.package.empty() && !(rate < 0.0))
      throw RunError(
          fmt::format(
              "{}: protection zone '{}': the wells of package '{}' pump no water (total rate {:g} "
              "m3/d); protection zones are drawn around pumping wells",
              spec.loc.where(), spec.name, spec.package, rate),
          true);
  }
  rings_.clear();
  for (std::size_t w = 0; w < wells_.size(); ++w) {
    const ZoneWell& well = wells_[w];
    const ProtectionZoneSpec& spec = specs_[static_cast<std::size_t>(well.zone)];
    // Inside the well's cell by default: 0.4 of its smaller width.
    const double radius =
        spec.radius.value_or(0.4 * std::min(grid.delr[static_cast<std::size_t>(well.col)],
                                            grid.delc[static_cast<std::size_t>(well.row)]));
    for (const auto layer : well.layers)
      for (int level = 0; level < spec.levels; ++level) {
        const auto ring = static_cast<std::int32_t>(rings_.size());
        rings_.push_back({well.zone, static_cast<std::int32_t>(w), layer, level, factory.next_id(),
                          spec.particles});
        for (int k = 0; k < spec.particles; ++k) {
          const double angle = 2.0 * std::numbers::pi * k / spec.particles;
          factory.add_in_layer(
              {well.xy[0] + radius * std::cos(angle), well.xy[1] + radius * std::sin(angle)}, layer,
              (level + 0.5) / spec.levels, ring, time);
        }
      }
  }
}

std::vector<std::string> ProtectionZones::ring_names() const {
  std::vector<std::string> names;
  std::vector<int> well_number(wells_.size(), 0);
  std::vector<int> per_zone(specs_.size(), 0);
  for (std::size_t w = 0; w < wells_.size(); ++w)
    well_number[w] = ++per_zone[static_cast<std::size_t>(wells_[w].zone)];
  for (const auto& r : rings_) {
    const auto& spec = specs_[static_cast<std::size_t>(r.zone)];
    std::string name = fmt::format("{} well {} layer {}", spec.name,
                                   well_number[static_cast<std::size_t>(r.well)], r.layer + 1);
    if (spec.levels > 1) name += fmt::format(" level {}", r.level + 1);
    names.push_back(std::move(name));
  }
  return names;
}

std::vector<double> ProtectionZones::time_points() const {
  std::vector<double> times;
  for (const auto& s : specs_)
    times.insert(times.end(), s.travel_times.begin(), s.travel_times.end());
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  return times;
}

std::vector<ZoneSetResults> ProtectionZones::delineate(const std::vector<Endpoint>& endpoints,
                                                       const std::vector<PathVertex>& vertices,
                                                       const std::vector<TimePoint>& points,
                                                       const CellGraph& graph,
                                                       const Units& units) const {
  const MPI_Comm comm = graph.comm;
  const int size = comm_size(comm), rank = comm_rank(comm);
  const StructuredGridSpec& grid = graph.grid;
  const std::size_t n_zones = specs_.size();
  auto zone_of = [&](std::int32_t ring) {
    return static_cast<std::size_t>(rings_[static_cast<std::size_t>(ring)].zone);
  };

  // The longest backward travel of each zone's particles sets how far its rings are sampled.
  std::vector<double> longest(n_zones, 0.0);
  for (const auto& e : endpoints)
    longest[zone_of(e.group)] = std::max(longest[zone_of(e.group)], e.travel_time);
  MPI_Allreduce(MPI_IN_PLACE, longest.data(), static_cast<int>(n_zones), MPI_DOUBLE, MPI_MAX, comm);
  std::vector<std::vector<double>> samples(n_zones);
  for (std::size_t z = 0; z < n_zones; ++z) {
    const auto& T = specs_[z].travel_times;
    samples[z] =
        sample_times(T, specs_[z].capture_zone ? longest[z] : std::min(longest[z], T.back()));
  }

  // Positions of this rank's particles at every sample time (and at their ends), to the ring's
  // filling rank; the farthest reach from the well at each isochrone on the way.
  std::vector<std::vector<double>> reach(n_zones);
  for (std::size_t z = 0; z < n_zones; ++z) reach[z].assign(specs_[z].travel_times.size() + 1, 0.0);
  std::vector<std::vector<SamplePoint>> outbox(static_cast<std::size_t>(size));
  std::vector<Span> spans;
  for (const Endpoint& e : endpoints) {
    const ZoneRing& ring = rings_[static_cast<std::size_t>(e.group)];
    const std::size_t z = static_cast<std::size_t>(ring.zone);
    const ZoneWell& well = wells_[static_cast<std::size_t>(ring.well)];
    const auto& T = specs_[z].travel_times;
    auto first = std::lower_bound(vertices.begin(), vertices.end(), e.id,
                                  [](const PathVertex& v, std::int64_t id) { return v.id < id; });
    auto last = std::upper_bound(first, vertices.end(), e.id,
                                 [](std::int64_t id, const PathVertex& v) { return id < v.id; });
    const std::span<const PathVertex> path(first, last);
    auto& box = outbox[static_cast<std::size_t>(e.group % size)];
    for (std::size_t j = 0; j <= samples[z].size(); ++j) {
      const bool end = j == samples[z].size();
      const Point2 p =
          end ? Point2{e.end_xyz[0], e.end_xyz[1]} : position_at(path, e, samples[z][j]);
      box.push_back({e.group, static_cast<std::int32_t>(j), e.id - ring.first_id, p[0], p[1]});
      const double distance = std::hypot(p[0] - well.xy[0], p[1] - well.xy[1]);
      const std::size_t level =
          end ? T.size() : static_cast<std::size_t>(level_of(T, samples[z][j]));
      if (end || (level < T.size() && samples[z][j] == T[level]))
        reach[z][level] = std::max(reach[z][level], distance);
    }
    // Every column a pathline crosses belongs to the zones of the travel times it gets there.
    for (const PathVertex& v : path) {
      auto [layer, row, col] = grid.lrc(v.cell);
      spans.push_back({ring.zone, level_of(T, v.travel_time), row, col, col});
    }
  }
  for (auto& r : reach)
    MPI_Allreduce(MPI_IN_PLACE, r.data(), static_cast<int>(r.size()), MPI_DOUBLE, MPI_MAX, comm);

  // Fill each ring polygon this rank was sent (ring % size == rank).
  auto received = exchange_between_ranks(outbox, comm);
  std::sort(received.begin(), received.end(), [](const SamplePoint& a, const SamplePoint& b) {
    return std::tie(a.ring, a.sample, a.index) < std::tie(b.ring, b.sample, b.index);
  });
  const auto xe = grid.x_edges();
  const auto ye = grid.y_edges();
  std::vector<double> xc(static_cast<std::size_t>(grid.ncol)),
      yc(static_cast<std::size_t>(grid.nrow));
  for (std::size_t j = 0; j < xc.size(); ++j) xc[j] = 0.5 * (xe[j] + xe[j + 1]);
  for (std::size_t i = 0; i < yc.size(); ++i) yc[i] = 0.5 * (ye[i] + ye[i + 1]);
  for (std::size_t i = 0; i < received.size();) {
    std::size_t j = i;
    Ring polygon;
    while (j < received.size() && received[j].ring == received[i].ring &&
           received[j].sample == received[i].sample) {
      polygon.push_back({received[j].x, received[j].y});
      ++j;
    }
    const auto ring = received[i].ring;
    const std::size_t z = zone_of(ring);
    const auto& T = specs_[z].travel_times;
    const auto sample = static_cast<std::size_t>(received[i].sample);
    const std::int32_t level = sample == samples[z].size() ? static_cast<std::int32_t>(T.size())
                                                           : level_of(T, samples[z][sample]);
    for (const auto& run : fill_columns(polygon, xc, yc))
      spans.push_back({static_cast<std::int32_t>(z), level, run[0], run[1], run[2]});
    i = j;
  }
  if (rank == 0)
    for (const auto& w : wells_) spans.push_back({w.zone, 0, w.row, w.col, w.col});
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return std::tie(a.zone, a.level, a.row, a.first, a.last) <
           std::tie(b.zone, b.level, b.row, b.first, b.last);
  });
  spans.erase(std::unique(spans.begin(), spans.end(),
                          [](const Span& a, const Span& b) {
                            return std::tie(a.zone, a.level, a.row, a.first, a.last) ==
                                   std::tie(b.zone, b.level, b.row, b.first, b.last);
                          }),
              spans.end());
  const auto all_spans = all_gather(spans, comm);

  // Head gradient along the paths at each isochrone (for the empirical radius): sums over ranks.
  const auto merged_times = time_points();
  std::vector<std::vector<double>> gradient_sum(n_zones), gradient_count(n_zones);
  for (std::size_t z = 0; z < n_zones; ++z) {
    gradient_sum[z].assign(specs_[z].travel_times.size(), 0.0);
    gradient_count[z].assign(specs_[z].travel_times.size(), 0.0);
  }
  for (const TimePoint& tp : points) {
    const ZoneRing& ring = rings_[static_cast<std::size_t>(tp.group)];
    const std::size_t z = static_cast<std::size_t>(ring.zone);
    const auto& T = specs_[z].travel_times;
    const double t = merged_times[static_cast<std::size_t>(tp.index)];
    const auto level = static_cast<std::size_t>(level_of(T, t));
    if (level >= T.size() || T[level] != t) continue;
    const ZoneWell& well = wells_[static_cast<std::size_t>(ring.well)];
    const double distance = std::hypot(tp.xyz[0] - well.xy[0], tp.xyz[1] - well.xy[1]);
    if (distance <= 0.0) continue;
    gradient_sum[z][level] += (tp.head - well.head) / distance;
    gradient_count[z][level] += 1.0;
  }
  for (std::size_t z = 0; z < n_zones; ++z) {
    sum_over_ranks(gradient_sum[z], comm);
    sum_over_ranks(gradient_count[z], comm);
  }

  const double L = 1.0 / units.length_factor(), T_unit = 1.0 / units.time_factor();
  std::vector<ZoneSetResults> results;
  for (std::size_t z = 0; z < n_zones; ++z) {
    const ProtectionZoneSpec& spec = specs_[z];
    const auto& T = spec.travel_times;
    const std::size_t k = T.size();
    ZoneSetResults out;
    out.name = spec.name;
    out.package = spec.package;
    double conductivity = 0.0, porosity = 0.0, screened = 0.0, rate = 0.0;
    for (const auto& w : wells_) {
      if (w.zone != static_cast<std::int32_t>(z)) continue;
      out.wells.push_back({w.xy[0] * L, w.xy[1] * L});
      rate += w.rate;
      const double layers = static_cast<double>(w.layers.size());
      conductivity += w.conductivity * layers;
      porosity += w.porosity * layers;
      screened += layers;
    }
    conductivity /= screened;
    porosity /= screened;
    out.pumping_rate = rate == 0.0 ? 0.0 : -rate / units.to_internal(3, -1);

    // Columns of each zone: the union of the spans of its level and the levels below.
    std::vector<std::vector<std::int64_t>> columns(k + 1);
    for (std::size_t level = 0; level <= k; ++level) {
      if (level == k && !spec.capture_zone) break;
      std::map<std::int64_t, std::vector<std::array<std::int64_t, 2>>> rows;
      for (const Span& s : all_spans)
        if (s.zone == static_cast<std::int32_t>(z) && static_cast<std::size_t>(s.level) <= level)
          rows[s.row].push_back({s.first, s.last});
      for (auto& [row, runs] : rows)
        for (const auto& run : merge_runs(std::move(runs)))
          for (std::int64_t col = run[0]; col <= run[1]; ++col)
            columns[level].push_back(row * grid.ncol + col);
    }
    for (std::size_t level = 0; level <= k; ++level) {
      if (level == k && !spec.capture_zone) break;
      ZoneResult zone;
      zone.capture_zone = level == k;
      zone.travel_time = level < k ? T[level] * T_unit : kNaN;
      for (auto index : columns[level])
        zone.area += grid.delr[static_cast<std::size_t>(index % grid.ncol)] *
                     grid.delc[static_cast<std::size_t>(index / grid.ncol)];
      zone.area *= L * L;
      zone.columns = static_cast<std::int64_t>(columns[level].size());
      zone.max_distance = reach[z][level] * L;
      if (rank == 0) {
        zone.polygons = outline_columns(columns[level], grid.nrow, grid.ncol, xe, ye);
        for (auto& polygon : zone.polygons)
          for (auto& ring : polygon)
            for (auto& p : ring) p = {p[0] * L, p[1] * L};
      }
      if (level < k) {
        zone.alpha = spec.alpha;
        zone.conductivity = conductivity / units.to_internal(1, -1);
        zone.porosity = porosity;
        zone.gradient_given = spec.gradient.has_value();
        zone.gradient = spec.gradient ? *spec.gradient
                        : gradient_count[z][level] > 0
                            ? gradient_sum[z][level] / gradient_count[z][level]
                            : kNaN;
        // HJ 338-2018: R = alpha K I T / n.
        zone.empirical_radius = spec.alpha * conductivity * zone.gradient * T[level] / porosity * L;
      }
      out.zones.push_back(std::move(zone));
    }

    // Each owned cell's smallest zone.
    out.cell_zone.assign(static_cast<std::size_t>(graph.n_owned), 0.0);
    for (std::int32_t c = 0; c < graph.n_owned; ++c) {
      const std::int64_t index = static_cast<std::int64_t>(graph.row[c]) * grid.ncol + graph.col[c];
      for (std::size_t level = 0; level <= k; ++level) {
        if (std::binary_search(columns[level].begin(), columns[level].end(), index)) {
          out.cell_zone[static_cast<std::size_t>(c)] = static_cast<double>(level + 1);
          break;
        }
      }
    }
    results.push_back(std::move(out));
  }
  return results;
}

}  // namespace aquaplume::tracking

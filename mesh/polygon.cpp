#include "mesh/polygon.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

namespace aquaplume {
namespace {

/// Calls f(ref, ring) for the outer ring and each hole of every part.
template <typename F>
void for_each_ring(const Polygon& polygon, F&& f) {
  for (std::size_t k = 0; k < polygon.parts.size(); ++k) {
    f(RingRef{k, 0}, polygon.parts[k].outer);
    for (std::size_t h = 0; h < polygon.parts[k].holes.size(); ++h)
      f(RingRef{k, h + 1}, polygon.parts[k].holes[h]);
  }
}

/// Twice the signed area of the triangle (a, b, c): positive when c lies to
/// the left of the line from a to b, zero when the three are collinear.
double orientation(PlanPoint a, PlanPoint b, PlanPoint c) {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

/// Shoelace area about `origin`: the formula does not depend on the origin,
/// but its round-off does. Projected coordinates (~1e6 m) multiplied
/// together would lose the digits that make up a 5 m cell's area.
double signed_area_about(const Ring& ring, PlanPoint origin) {
  const std::size_t n = ring.size();
  double twice = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const PlanPoint& p = ring[i];
    const PlanPoint& q = ring[i + 1 == n ? 0 : i + 1];
    twice += (p.x - origin.x) * (q.y - origin.y) - (q.x - origin.x) * (p.y - origin.y);
  }
  return 0.5 * twice;
}

/// Crossing-number test of one ring.
bool ring_contains(const Ring& ring, PlanPoint p) {
  bool inside = false;
  const std::size_t n = ring.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const PlanPoint& a = ring[i];
    const PlanPoint& b = ring[j];
    if ((a.y > p.y) != (b.y > p.y)) {
      const double x = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
      if (p.x < x) inside = !inside;
    }
  }
  return inside;
}

bool part_contains(const PolygonPart& part, PlanPoint p) {
  if (!ring_contains(part.outer, p)) return false;
  for (const Ring& hole : part.holes)
    if (ring_contains(hole, p)) return false;
  return true;
}

PlanBox ring_box(const Ring& ring) {
  PlanBox box{1e300, -1e300, 1e300, -1e300};
  for (const PlanPoint& p : ring) {
    box.xmin = std::min(box.xmin, p.x);
    box.xmax = std::max(box.xmax, p.x);
    box.ymin = std::min(box.ymin, p.y);
    box.ymax = std::max(box.ymax, p.y);
  }
  return box;
}

/// True when every vertex lies on the line through the first vertex and the
/// one farthest from it (a ring that encloses nothing, whatever its order;
/// a bow-tie also has zero net area but is reported as a self-intersection).
bool collinear(const Ring& ring) {
  const PlanPoint p0 = ring.front();
  PlanPoint far = p0;
  double far2 = 0.0;
  for (const PlanPoint& p : ring) {
    const double d2 = (p.x - p0.x) * (p.x - p0.x) + (p.y - p0.y) * (p.y - p0.y);
    if (d2 > far2) {
      far2 = d2;
      far = p;
    }
  }
  for (const PlanPoint& p : ring)
    if (std::abs(orientation(p0, far, p)) > 1e-12 * far2) return false;
  return true;
}

std::size_t distinct_vertices(Ring ring) {
  std::sort(ring.begin(), ring.end(),
            [](PlanPoint a, PlanPoint b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
  auto same = [](PlanPoint a, PlanPoint b) { return a.x == b.x && a.y == b.y; };
  return static_cast<std::size_t>(std::unique(ring.begin(), ring.end(), same) - ring.begin());
}

/// Keeps the part of `in` on one side of an axis-parallel line (one step of
/// Sutherland–Hodgman): coordinate `axis` (0 = x, 1 = y) >= value when
/// `keep_above`, else <= value. Crossing points get the line's coordinate
/// exactly, so neighbouring cells share their cut points and tile the polygon.
void clip_half_plane(const Ring& in, int axis, double value, bool keep_above, Ring& out) {
  out.clear();
  if (in.empty()) return;
  auto coordinate = [axis](const PlanPoint& p) { return axis == 0 ? p.x : p.y; };
  auto inside = [&](const PlanPoint& p) {
    return keep_above ? coordinate(p) >= value : coordinate(p) <= value;
  };
  PlanPoint previous = in.back();
  bool previous_inside = inside(previous);
  for (const PlanPoint& current : in) {
    const bool current_inside = inside(current);
    if (current_inside != previous_inside) {
      // One end is strictly on each side, so the denominator is not zero.
      const double t =
          (value - coordinate(previous)) / (coordinate(current) - coordinate(previous));
      PlanPoint cut;
      if (axis == 0) {
        cut.x = value;
        cut.y = previous.y + t * (current.y - previous.y);
      } else {
        cut.y = value;
        cut.x = previous.x + t * (current.x - previous.x);
      }
      out.push_back(cut);
    }
    if (current_inside) out.push_back(current);
    previous = current;
    previous_inside = current_inside;
  }
}

/// The rings of a polygon moved to a local origin, each with the sign that
/// counts its enclosed area positive for an outer ring and negative for a hole.
struct SignedRings {
  std::vector<Ring> rings;
  std::vector<double> sign;
};

SignedRings local_rings(const Polygon& polygon, PlanPoint origin) {
  SignedRings out;
  for_each_ring(polygon, [&](RingRef ref, const Ring& ring) {
    if (ring.size() < 3) return;
    Ring local;
    local.reserve(ring.size());
    for (const PlanPoint& p : ring) local.push_back({p.x - origin.x, p.y - origin.y});
    const double orientation_sign = signed_area_about(local, local.front()) >= 0.0 ? 1.0 : -1.0;
    out.sign.push_back(ref.ring == 0 ? orientation_sign : -orientation_sign);
    out.rings.push_back(std::move(local));
  });
  return out;
}

/// First and one-past-last index of the intervals [edges[k], edges[k+1]]
/// (edges increasing) that overlap [lo, hi] with positive length.
std::array<std::int64_t, 2> overlapping_intervals(const std::vector<double>& edges, double lo,
                                                  double hi) {
  const auto n = static_cast<std::int64_t>(edges.size()) - 1;
  auto first = std::upper_bound(edges.begin(), edges.end(), lo) - edges.begin() - 1;
  auto last = std::lower_bound(edges.begin(), edges.end(), hi) - edges.begin();
  return {std::clamp<std::int64_t>(first, 0, n), std::clamp<std::int64_t>(last, 0, n)};
}

/// The covered columns of rows [row0, row1) x cols [col0, col1) for which
/// `wanted(row, col)` holds. Strips first: each ring is clipped to a column's
/// x-range once, and the strip to each row, so the work per cell is the
/// number of vertices in the column rather than in the whole polygon.
template <typename Wanted>
std::vector<CoveredColumn> scan_columns(const Polygon& polygon, const StructuredGridSpec& grid,
                                        std::array<std::int64_t, 2> rows,
                                        std::array<std::int64_t, 2> cols, Wanted&& wanted) {
  std::vector<CoveredColumn> out;
  if (grid.nrow < 1 || grid.ncol < 1 || polygon.parts.empty()) return out;
  // Work about the grid's south-west corner; y edges increasing from the south.
  const PlanPoint origin{grid.xorigin, grid.yorigin};
  const auto x_edges = grid.x_edges();
  auto y_north = grid.y_edges();
  std::vector<double> xe(x_edges.size()), ye(y_north.size());
  for (std::size_t j = 0; j < xe.size(); ++j) xe[j] = x_edges[j] - origin.x;
  for (std::size_t k = 0; k < ye.size(); ++k) ye[k] = y_north[ye.size() - 1 - k] - origin.y;
  // Row i (0 = north) lies between ye[nrow - 1 - i] and ye[nrow - i].
  const std::int64_t nrow = grid.nrow;

  const SignedRings local = local_rings(polygon, origin);
  PlanBox box{1e300, -1e300, 1e300, -1e300};
  for (const Ring& ring : local.rings) {
    const PlanBox b = ring_box(ring);
    box = {std::min(box.xmin, b.xmin), std::max(box.xmax, b.xmax), std::min(box.ymin, b.ymin),
           std::max(box.ymax, b.ymax)};
  }
  if (local.rings.empty() || box.xmax <= xe.front() || box.xmin >= xe.back() ||
      box.ymax <= ye.front() || box.ymin >= ye.back())
    return out;
  auto col_range = overlapping_intervals(xe, box.xmin, box.xmax);
  const std::int64_t col0 = std::max(col_range[0], cols[0]), col1 = std::min(col_range[1], cols[1]);

  const std::size_t n_rings = local.rings.size();
  std::vector<Ring> strips(n_rings);
  Ring scratch, south, piece;
  for (std::int64_t j = col0; j < col1; ++j) {
    const auto jj = static_cast<std::size_t>(j);
    double ymin = 1e300, ymax = -1e300;
    for (std::size_t r = 0; r < n_rings; ++r) {
      clip_half_plane(local.rings[r], 0, xe[jj], true, scratch);
      clip_half_plane(scratch, 0, xe[jj + 1], false, strips[r]);
      for (const PlanPoint& p : strips[r]) {
        ymin = std::min(ymin, p.y);
        ymax = std::max(ymax, p.y);
      }
    }
    if (ymin >= ymax) continue;
    // Rows counted from the south: k = nrow - 1 - row.
    auto south_range = overlapping_intervals(ye, ymin, ymax);
    for (std::int64_t k = south_range[0]; k < south_range[1]; ++k) {
      const std::int64_t row = nrow - 1 - k;
      if (row < rows[0] || row >= rows[1] || !wanted(row, j)) continue;
      const auto kk = static_cast<std::size_t>(k);
      const PlanPoint corner{xe[jj], ye[kk]};
      double covered = 0.0;
      for (std::size_t r = 0; r < n_rings; ++r) {
        if (strips[r].size() < 3) continue;
        clip_half_plane(strips[r], 1, ye[kk], true, south);
        clip_half_plane(south, 1, ye[kk + 1], false, piece);
        if (piece.size() >= 3) covered += local.sign[r] * signed_area_about(piece, corner);
      }
      const double fraction = covered / (grid.delr[jj] * grid.delc[static_cast<std::size_t>(row)]);
      if (fraction > 1e-12) out.push_back({row, j, std::min(fraction, 1.0)});
    }
  }
  std::sort(out.begin(), out.end(), [](const CoveredColumn& a, const CoveredColumn& b) {
    return a.row < b.row || (a.row == b.row && a.col < b.col);
  });
  return out;
}

std::string ring_name(RingRef r, bool several_parts) {
  std::string name = r.ring == 0 ? "the outer ring" : fmt::format("hole {}", r.ring);
  if (several_parts) name += fmt::format(" of part {}", r.part + 1);
  return name;
}

}  // namespace

std::vector<std::size_t> remove_repeated_vertices(Ring& ring) {
  std::vector<std::size_t> kept;
  Ring out;
  auto same = [](PlanPoint a, PlanPoint b) { return a.x == b.x && a.y == b.y; };
  for (std::size_t i = 0; i < ring.size(); ++i) {
    if (!out.empty() && same(out.back(), ring[i])) continue;
    out.push_back(ring[i]);
    kept.push_back(i);
  }
  // GeoJSON (and many users) close a ring by repeating its first vertex.
  while (out.size() > 1 && same(out.back(), out.front())) {
    out.pop_back();
    kept.pop_back();
  }
  ring = std::move(out);
  return kept;
}

double signed_area(const Ring& ring) {
  return ring.empty() ? 0.0 : signed_area_about(ring, ring.front());
}

double area(const Polygon& polygon) {
  double total = 0.0;
  for (const PolygonPart& part : polygon.parts) {
    total += std::abs(signed_area(part.outer));
    for (const Ring& hole : part.holes) total -= std::abs(signed_area(hole));
  }
  return total;
}

PlanBox bounding_box(const Polygon& polygon) {
  PlanBox box{1e300, -1e300, 1e300, -1e300};
  for_each_ring(polygon, [&](RingRef, const Ring& ring) {
    const PlanBox b = ring_box(ring);
    box = {std::min(box.xmin, b.xmin), std::max(box.xmax, b.xmax), std::min(box.ymin, b.ymin),
           std::max(box.ymax, b.ymax)};
  });
  return box;
}

double area_inside(const Polygon& polygon, const PlanBox& box) {
  const PlanPoint origin{box.xmin, box.ymin};
  const SignedRings local = local_rings(polygon, origin);
  const double width = box.xmax - box.xmin, height = box.ymax - box.ymin;
  double total = 0.0;
  Ring a, b;
  for (std::size_t r = 0; r < local.rings.size(); ++r) {
    clip_half_plane(local.rings[r], 0, 0.0, true, a);
    clip_half_plane(a, 0, width, false, b);
    clip_half_plane(b, 1, 0.0, true, a);
    clip_half_plane(a, 1, height, false, b);
    if (b.size() >= 3) total += local.sign[r] * signed_area_about(b, {0.0, 0.0});
  }
  return total;
}

bool contains(const Polygon& polygon, PlanPoint point) {
  bool inside = false;
  for_each_ring(polygon, [&](RingRef, const Ring& ring) {
    if (ring.size() >= 3 && ring_contains(ring, point)) inside = !inside;
  });
  return inside;
}

std::vector<PolygonDefect> find_defects(const Polygon& polygon, std::size_t max_crossings) {
  std::vector<PolygonDefect> defects;
  const bool several = polygon.parts.size() > 1;
  auto add = [&](PolygonDefect d) {
    d.several_parts = several;
    defects.push_back(d);
  };

  if (polygon.parts.empty()) {
    add(PolygonDefect{});  // no outer ring at all: fewer than 3 vertices
    return defects;
  }
  // Rings that cannot enclose anything are reported alone: edges of a
  // degenerate ring would only add confusing crossings.
  bool rings_ok = true;
  for_each_ring(polygon, [&](RingRef ref, const Ring& ring) {
    PolygonDefect d;
    d.ring = ref;
    if (distinct_vertices(ring) < 3) {
      d.kind = PolygonDefect::Kind::TooFewVertices;
      add(d);
      rings_ok = false;
      return;
    }
    if (collinear(ring)) {
      d.kind = PolygonDefect::Kind::ZeroArea;
      add(d);
      rings_ok = false;
    }
  });
  if (!rings_ok) return defects;

  // Every edge, in coordinates about the first vertex (orientation tests on
  // differences of ~1e6 m coordinates would lose their last digits).
  const PlanPoint origin = polygon.parts.front().outer.front();
  struct Edge {
    PolygonDefect::Edge id;
    PlanPoint a, b;
    double xmin, xmax;
  };
  std::vector<Edge> edges;
  std::vector<std::size_t> ring_size;
  for_each_ring(polygon, [&](RingRef ref, const Ring& ring) {
    const std::size_t n = ring.size();
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t k = i + 1 == n ? 0 : i + 1;
      const PlanPoint a{ring[i].x - origin.x, ring[i].y - origin.y};
      const PlanPoint b{ring[k].x - origin.x, ring[k].y - origin.y};
      edges.push_back({{ref, i, k}, a, b, std::min(a.x, b.x), std::max(a.x, b.x)});
    }
  });
  std::sort(edges.begin(), edges.end(),
            [](const Edge& e, const Edge& f) { return e.xmin < f.xmin; });

  auto on_segment = [](PlanPoint a, PlanPoint b, PlanPoint p) {
    return std::min(a.x, b.x) <= p.x && p.x <= std::max(a.x, b.x) && std::min(a.y, b.y) <= p.y &&
           p.y <= std::max(a.y, b.y);
  };
  std::size_t crossings = 0;
  for (std::size_t i = 0; i < edges.size() && crossings < max_crossings; ++i) {
    const Edge& e = edges[i];
    for (std::size_t k = i + 1; k < edges.size() && edges[k].xmin <= e.xmax; ++k) {
      const Edge& f = edges[k];
      if (std::max(f.a.y, f.b.y) < std::min(e.a.y, e.b.y) ||
          std::max(e.a.y, e.b.y) < std::min(f.a.y, f.b.y))
        continue;
      PolygonDefect d;
      d.ring = e.id.ring;
      if (e.id.ring == f.id.ring && (e.id.to == f.id.from || f.id.to == e.id.from)) {
        // Consecutive edges share a vertex; they are wrong only when the
        // second runs back along the first (a spike). A triangle's edges are
        // consecutive both ways round, so try both pairings.
        auto folds_back = [](const Edge& first, const Edge& second) {
          const PlanPoint p = first.a, v = first.b, q = second.b;
          return orientation(p, v, q) == 0.0 &&
                 (p.x - v.x) * (q.x - v.x) + (p.y - v.y) * (q.y - v.y) > 0.0;
        };
        const Edge* first = nullptr;
        const Edge* second = nullptr;
        if (e.id.to == f.id.from && folds_back(e, f))
          first = &e, second = &f;
        else if (f.id.to == e.id.from && folds_back(f, e))
          first = &f, second = &e;
        if (first) {
          d.kind = PolygonDefect::Kind::FoldsBack;
          d.edge = first->id;
          d.other_edge = second->id;
          add(d);
          if (++crossings >= max_crossings) break;
        }
        continue;
      }
      const double o1 = orientation(e.a, e.b, f.a), o2 = orientation(e.a, e.b, f.b);
      const double o3 = orientation(f.a, f.b, e.a), o4 = orientation(f.a, f.b, e.b);
      bool meet = false;
      PlanPoint at;
      if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) &&
          ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) {
        meet = d.proper = true;
        const double t = o3 / (o3 - o4);  // along e
        at = {e.a.x + t * (e.b.x - e.a.x), e.a.y + t * (e.b.y - e.a.y)};
      } else if (o1 == 0.0 && on_segment(e.a, e.b, f.a)) {
        meet = true;
        at = f.a;
      } else if (o2 == 0.0 && on_segment(e.a, e.b, f.b)) {
        meet = true;
        at = f.b;
      } else if (o3 == 0.0 && on_segment(f.a, f.b, e.a)) {
        meet = true;
        at = e.a;
      } else if (o4 == 0.0 && on_segment(f.a, f.b, e.b)) {
        meet = true;
        at = e.b;
      }
      if (!meet) continue;
      // Report the pair in ring and vertex order, whatever the sweep order.
      const bool e_first = e.id.ring.part < f.id.ring.part ||
                           (e.id.ring.part == f.id.ring.part &&
                            (e.id.ring.ring < f.id.ring.ring ||
                             (e.id.ring.ring == f.id.ring.ring && e.id.from < f.id.from)));
      d.kind = PolygonDefect::Kind::EdgesCross;
      d.edge = e_first ? e.id : f.id;
      d.other_edge = e_first ? f.id : e.id;
      d.ring = d.edge.ring;
      d.other_ring = d.other_edge.ring;
      d.at = {at.x + origin.x, at.y + origin.y};
      add(d);
      if (++crossings >= max_crossings) break;
    }
  }
  if (crossings > 0) return defects;

  // Without crossings every ring lies wholly inside or outside every other,
  // so one vertex tells which.
  for (std::size_t k = 0; k < polygon.parts.size(); ++k) {
    const PolygonPart& part = polygon.parts[k];
    for (std::size_t h = 0; h < part.holes.size(); ++h) {
      PolygonDefect d;
      d.ring = {k, h + 1};
      if (!ring_contains(part.outer, part.holes[h].front())) {
        d.kind = PolygonDefect::Kind::HoleOutside;
        d.other_ring = {k, 0};
        add(d);
        continue;
      }
      for (std::size_t g = 0; g < part.holes.size(); ++g) {
        if (g != h && ring_contains(part.holes[g], part.holes[h].front())) {
          d.kind = PolygonDefect::Kind::HolesOverlap;
          d.other_ring = {k, g + 1};
          add(d);
          break;
        }
      }
    }
  }
  for (std::size_t k = 0; k < polygon.parts.size(); ++k)
    for (std::size_t m = 0; m < polygon.parts.size(); ++m)
      if (m != k && part_contains(polygon.parts[m], polygon.parts[k].outer.front())) {
        PolygonDefect d;
        d.kind = PolygonDefect::Kind::PartsOverlap;
        d.ring = {k, 0};
        d.other_ring = {m, 0};
        add(d);
      }
  return defects;
}

std::string PolygonDefect::describe(double metres_per_unit, const VertexNumber& number) const {
  auto vertex = [&](RingRef r, std::size_t index) { return number ? number(r, index) : index + 1; };
  const std::string name = ring_name(ring, several_parts);
  switch (kind) {
    case Kind::TooFewVertices:
      return fmt::format("{} has fewer than 3 distinct vertices", name);
    case Kind::ZeroArea:
      return fmt::format("{} encloses no area (its vertices lie on one line)", name);
    case Kind::FoldsBack:
      return fmt::format(
          "the edges from vertex {} to {} and from vertex {} to {} of {} run back over each other",
          vertex(edge.ring, edge.from), vertex(edge.ring, edge.to),
          vertex(other_edge.ring, other_edge.from), vertex(other_edge.ring, other_edge.to), name);
    case Kind::EdgesCross: {
      const char* verb = proper ? "cross" : "touch";
      const double x = at.x / metres_per_unit, y = at.y / metres_per_unit;
      if (edge.ring == other_edge.ring)
        return fmt::format(
            "the edge from vertex {} to {} and the edge from vertex {} to {} of {} {} at ({:.10g}, "
            "{:.10g})",
            vertex(edge.ring, edge.from), vertex(edge.ring, edge.to),
            vertex(other_edge.ring, other_edge.from), vertex(other_edge.ring, other_edge.to), name,
            verb, x, y);
      return fmt::format(
          "the edge from vertex {} to {} of {} and the edge from vertex {} to {} of {} {} at "
          "({:.10g}, {:.10g})",
          vertex(edge.ring, edge.from), vertex(edge.ring, edge.to), name,
          vertex(other_edge.ring, other_edge.from), vertex(other_edge.ring, other_edge.to),
          ring_name(other_edge.ring, several_parts), verb, x, y);
    }
    case Kind::HoleOutside:
      return fmt::format("{} lies outside {}", name, ring_name(other_ring, several_parts));
    case Kind::HolesOverlap:
      return fmt::format("{} lies inside {}; holes must not overlap", name,
                         ring_name(other_ring, several_parts));
    case Kind::PartsOverlap:
      return fmt::format(
          "part {} lies inside part {}; the parts of a multipolygon must not overlap",
          ring.part + 1, other_ring.part + 1);
  }
  return "invalid polygon";
}

std::vector<CoveredColumn> covered_columns(const Polygon& polygon, const StructuredGridSpec& grid) {
  return scan_columns(polygon, grid, {0, grid.nrow}, {0, grid.ncol},
                      [](std::int64_t, std::int64_t) { return true; });
}

std::vector<CoveredColumn> covered_columns(const Polygon& polygon, const CellGraph& graph) {
  const StructuredGridSpec& grid = graph.grid;
  // This rank's columns (a column may be split over ranks by layer: each
  // rank holding one of its cells gets the column).
  std::vector<std::int64_t> owned;
  owned.reserve(static_cast<std::size_t>(graph.n_owned));
  std::array<std::int64_t, 2> rows{grid.nrow, 0}, cols{grid.ncol, 0};
  for (std::int32_t c = 0; c < graph.n_owned; ++c) {
    owned.push_back(static_cast<std::int64_t>(graph.row[c]) * grid.ncol + graph.col[c]);
    rows = {std::min<std::int64_t>(rows[0], graph.row[c]),
            std::max<std::int64_t>(rows[1], graph.row[c] + 1)};
    cols = {std::min<std::int64_t>(cols[0], graph.col[c]),
            std::max<std::int64_t>(cols[1], graph.col[c] + 1)};
  }
  if (owned.empty()) return {};
  std::sort(owned.begin(), owned.end());
  owned.erase(std::unique(owned.begin(), owned.end()), owned.end());
  return scan_columns(polygon, grid, rows, cols, [&](std::int64_t row, std::int64_t col) {
    return std::binary_search(owned.begin(), owned.end(), row * grid.ncol + col);
  });
}

}  // namespace aquaplume

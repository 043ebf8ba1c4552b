#include "solver/tracking/plan_geometry.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace aquaplume::tracking {

double signed_area(const Ring& ring) {
  // Shoelace formula about the first point: small round-off for projected coordinates.
  double twice = 0.0;
  const std::size_t n = ring.size();
  if (n < 3) return 0.0;
  const Point2 o = ring[0];
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const double ax = ring[i][0] - o[0], ay = ring[i][1] - o[1];
    const double bx = ring[i + 1][0] - o[0], by = ring[i + 1][1] - o[1];
    twice += ax * by - bx * ay;
  }
  return 0.5 * twice;
}

bool inside(const Ring& ring, Point2 p) {
  // Winding number: count upward crossings left of p minus downward crossings right of p.
  int winding = 0;
  const std::size_t n = ring.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Point2 a = ring[i], b = ring[(i + 1) % n];
    const double side = (b[0] - a[0]) * (p[1] - a[1]) - (p[0] - a[0]) * (b[1] - a[1]);
    if (a[1] <= p[1]) {
      if (b[1] > p[1] && side > 0.0) ++winding;
    } else if (b[1] <= p[1] && side < 0.0) {
      --winding;
    }
  }
  return winding != 0;
}

std::array<double, 4> bounds(const Ring& ring) {
  std::array<double, 4> b{
      std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
      -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (const auto& p : ring) {
    b[0] = std::min(b[0], p[0]);
    b[1] = std::min(b[1], p[1]);
    b[2] = std::max(b[2], p[0]);
    b[3] = std::max(b[3], p[1]);
  }
  return b;
}

std::optional<double> first_entry_into_circle(Point2 a, Point2 b, Point2 centre, double radius) {
  const double fx = a[0] - centre[0], fy = a[1] - centre[1];
  const double c = fx * fx + fy * fy - radius * radius;
  if (c <= 0.0) return 0.0;
  const double dx = b[0] - a[0], dy = b[1] - a[1];
  const double qa = dx * dx + dy * dy;
  if (qa == 0.0) return std::nullopt;
  const double qb = 2.0 * (fx * dx + fy * dy);
  const double discriminant = qb * qb - 4.0 * qa * c;
  if (discriminant < 0.0) return std::nullopt;
  // The smaller root is where the segment enters the disc (c > 0: a lies outside).
  const double s = (-qb - std::sqrt(discriminant)) / (2.0 * qa);
  if (s < 0.0 || s > 1.0) return std::nullopt;
  return s;
}

std::optional<double> first_entry_into_ring(Point2 a, Point2 b, const Ring& ring) {
  if (inside(ring, a)) return 0.0;
  std::optional<double> first;
  const std::size_t n = ring.size();
  const double dx = b[0] - a[0], dy = b[1] - a[1];
  for (std::size_t i = 0; i < n; ++i) {
    const Point2 p = ring[i], q = ring[(i + 1) % n];
    const double ex = q[0] - p[0], ey = q[1] - p[1];
    const double denominator = dx * ey - dy * ex;
    if (denominator == 0.0)
      continue;  // parallel: a touching segment enters through a neighbouring edge
    const double s = ((p[0] - a[0]) * ey - (p[1] - a[1]) * ex) / denominator;
    const double u = ((p[0] - a[0]) * dy - (p[1] - a[1]) * dx) / denominator;
    if (s >= 0.0 && s <= 1.0 && u >= 0.0 && u <= 1.0 && (!first || s < *first)) first = s;
  }
  return first;
}

std::vector<std::array<std::int64_t, 3>> fill_columns(const Ring& ring,
                                                      const std::vector<double>& x_centres,
                                                      const std::vector<double>& y_centres) {
  std::vector<std::array<std::int64_t, 3>> runs;
  if (ring.size() < 3) return runs;
  const auto b = bounds(ring);
  const std::size_t n = ring.size();
  std::vector<std::pair<double, int>> crossings;
  for (std::size_t row = 0; row < y_centres.size(); ++row) {
    const double y = y_centres[row];
    if (y < b[1] || y > b[3]) continue;
    // Crossings of the row's line with the edges, with the edge's winding direction
    // (half-open in y, as inside(), so a vertex on the line counts once).
    crossings.clear();
    for (std::size_t i = 0; i < n; ++i) {
      const Point2 p = ring[i], q = ring[(i + 1) % n];
      if ((p[1] <= y) == (q[1] <= y)) continue;
      const double x = p[0] + (y - p[1]) * (q[0] - p[0]) / (q[1] - p[1]);
      crossings.emplace_back(x, q[1] > p[1] ? 1 : -1);
    }
    std::sort(crossings.begin(), crossings.end());
    int winding = 0;
    for (std::size_t k = 0; k + 1 < crossings.size(); ++k) {
      winding += crossings[k].second;
      if (winding == 0) continue;
      const auto first = std::lower_bound(x_centres.begin(), x_centres.end(), crossings[k].first) -
                         x_centres.begin();
      const auto end =
          std::lower_bound(x_centres.begin(), x_centres.end(), crossings[k + 1].first) -
          x_centres.begin();
      if (end > first)
        runs.push_back({static_cast<std::int64_t>(row), static_cast<std::int64_t>(first),
                        static_cast<std::int64_t>(end - 1)});
    }
  }
  return runs;
}

namespace {

/// A corner of the grid: row edge i (0 north), column edge j (0 west).
using Corner = std::pair<std::int64_t, std::int64_t>;

/// How the boundary turns at `at`, coming from `from` and going to `to`:
/// 0 left, 1 straight on, 2 right.
int turn_priority(Corner from, Corner at, Corner to) {
  // Incoming direction d1 and outgoing d2 in (x, y) = (column, -row); cross > 0 is a left turn.
  const double d1x = static_cast<double>(at.second - from.second),
               d1y = -static_cast<double>(at.first - from.first);
  const double d2x = static_cast<double>(to.second - at.second),
               d2y = -static_cast<double>(to.first - at.first);
  const double cross = d1x * d2y - d1y * d2x;
  return cross > 0 ? 0 : cross == 0 ? 1 : 2;  // prefer left, then straight, then right
}

}  // namespace

std::vector<PlanPolygon> outline_columns(const std::vector<std::int64_t>& columns,
                                         std::int64_t nrow, std::int64_t ncol,
                                         const std::vector<double>& x_edges,
                                         const std::vector<double>& y_edges) {
  auto member = [&](std::int64_t row, std::int64_t col) {
    if (row < 0 || col < 0 || row >= nrow || col >= ncol) return false;
    return std::binary_search(columns.begin(), columns.end(), row * ncol + col);
  };
  // Boundary edges with the columns on their left (counter-clockwise around the set):
  // a column's corners NW (r, c), NE (r, c+1), SE (r+1, c+1), SW (r+1, c).
  std::multimap<Corner, Corner> edges;
  for (std::int64_t index : columns) {
    const std::int64_t r = index / ncol, c = index % ncol;
    if (!member(r + 1, c))
      edges.emplace(Corner{r + 1, c}, Corner{r + 1, c + 1});  // south side, eastwards
    if (!member(r, c + 1))
      edges.emplace(Corner{r + 1, c + 1}, Corner{r, c + 1});               // east side, northwards
    if (!member(r - 1, c)) edges.emplace(Corner{r, c + 1}, Corner{r, c});  // north side, westwards
    if (!member(r, c - 1)) edges.emplace(Corner{r, c}, Corner{r + 1, c});  // west side, southwards
  }

  std::vector<Ring> outers, holes;
  while (!edges.empty()) {
    // Start at the first remaining edge; follow edges until back at the start.
    auto start = edges.begin();
    const Corner origin = start->first;
    Corner previous = start->first, current = start->second;
    edges.erase(start);
    std::vector<Corner> corners{origin};
    while (current != origin) {
      corners.push_back(current);
      auto [lo, hi] = edges.equal_range(current);
      // Where two columns touch at a corner there are two ways on: take the left
      // turn, which keeps each column's boundary to itself (separate polygons).
      auto next = lo;
      for (auto it = lo; it != hi; ++it)
        if (turn_priority(previous, current, it->second) <
            turn_priority(previous, current, next->second))
          next = it;
      previous = current;
      current = next->second;
      edges.erase(next);
    }
    // Drop corners where the boundary runs straight on.
    Ring ring;
    const std::size_t n = corners.size();
    for (std::size_t k = 0; k < n; ++k) {
      const Corner a = corners[(k + n - 1) % n], b = corners[k], c = corners[(k + 1) % n];
      const bool straight = (a.first == b.first && b.first == c.first) ||
                            (a.second == b.second && b.second == c.second);
      if (!straight)
        ring.push_back({x_edges[static_cast<std::size_t>(b.second)],
                        y_edges[static_cast<std::size_t>(b.first)]});
    }
    (signed_area(ring) > 0.0 ? outers : holes).push_back(std::move(ring));
  }

  std::vector<PlanPolygon> polygons;
  std::vector<double> areas;
  for (auto& outer : outers) {
    areas.push_back(signed_area(outer));
    polygons.push_back({std::move(outer)});
  }
  for (auto& hole : holes) {
    // The hole belongs to the smallest outer ring containing the middle of its first side.
    const Point2 probe{0.5 * (hole[0][0] + hole[1][0]), 0.5 * (hole[0][1] + hole[1][1])};
    std::size_t parent = polygons.size();
    for (std::size_t p = 0; p < polygons.size(); ++p)
      if (inside(polygons[p][0], probe) && (parent == polygons.size() || areas[p] < areas[parent]))
        parent = p;
    if (parent < polygons.size()) polygons[parent].push_back(std::move(hole));
  }
  return polygons;
}

}  // namespace aquaplume::tracking

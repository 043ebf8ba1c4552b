#pragma once
/// Plan-view (x, y) geometry for releases, receptors and protection zones:
/// point in polygon, first crossing of a segment into a circle or polygon, and
/// the outline of a set of grid columns as polygons with holes.

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace aquaplume::tracking {

using Point2 = std::array<double, 2>;
/// A closed ring without the repeated first point.
using Ring = std::vector<Point2>;
/// An outer ring (counter-clockwise) followed by its holes (clockwise), as in GeoJSON (RFC 7946).
using PlanPolygon = std::vector<Ring>;

/// Signed area of a ring [L2]: positive when counter-clockwise (x east, y north).
double signed_area(const Ring& ring);

/// True when `p` is inside `ring` by the nonzero winding rule (Sunday 2001), so a
/// ring that crosses itself still covers everything it winds around.
bool inside(const Ring& ring, Point2 p);

/// Axis-aligned bounds of a ring: {xmin, ymin, xmax, ymax}.
std::array<double, 4> bounds(const Ring& ring);

/// The smallest s in [0, 1] at which a + s (b - a) lies in the disc (centre,
/// radius), or nullopt.
std::optional<double> first_entry_into_circle(Point2 a, Point2 b, Point2 centre, double radius);
/// The smallest s in [0, 1] at which a + s (b - a) lies inside `ring`, or nullopt.
std::optional<double> first_entry_into_ring(Point2 a, Point2 b, const Ring& ring);

/// Runs of grid columns whose centres lie inside `ring` (nonzero winding), as
/// {row, first column, last column}, found row by row along the line through
/// the row's centres (a scan-line fill). `x_centres` increase with the column,
/// `y_centres` decrease with the row.
std::vector<std::array<std::int64_t, 3>> fill_columns(const Ring& ring,
                                                      const std::vector<double>& x_centres,
                                                      const std::vector<double>& y_centres);

/// The outline of a set of grid columns, each given as row * ncol + col (sorted,
/// without repeats), as polygons whose corners are grid vertices: x from
/// `x_edges` (ncol + 1, increasing), y from `y_edges` (nrow + 1, decreasing
/// with the row, row 0 north). Columns touching only at a corner give separate
/// polygons; enclosed gaps become holes. Collinear corners are dropped. The
/// polygons' area equals the summed area of the columns.
std::vector<PlanPolygon> outline_columns(const std::vector<std::int64_t>& columns,
                                         std::int64_t nrow, std::int64_t ncol,
                                         const std::vector<double>& x_edges,
                                         const std::vector<double>& y_edges);

}  // namespace aquaplume::tracking

#pragma once
/// Plan polygons (landfill and tailings-pond footprints, industrial zones,
/// refinement zones) and the share of each structured-grid cell column they
/// cover.
///
/// Coordinates are metres in the grid's projected frame (the frame of
/// StructuredGridSpec's origin). A polygon has one or more parts (a GeoJSON
/// MultiPolygon); each part is an outer ring with optional holes. Rings are
/// open: the first vertex is not repeated at the end (remove_repeated_vertices
/// makes them so). Either orientation is accepted: areas and coverage use each
/// ring's own orientation to count outer rings positive and holes negative.
///
/// Coverage is exact up to round-off: each cell rectangle is intersected with
/// the polygon by Sutherland–Hodgman clipping, which for a convex (here
/// rectangular) window is exact for any simple ring, concave ones included —
/// the bridges it leaves along the window's edges enclose no area.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "mesh/cell_graph.hpp"
#include "mesh/structured_grid.hpp"

namespace aquaplume {

struct PlanPoint {
  double x = 0.0, y = 0.0;  ///< [m]
};

/// A closed plan curve given by its vertices, without repeating the first.
using Ring = std::vector<PlanPoint>;

/// One connected piece of a polygon: the outer boundary and its holes.
struct PolygonPart {
  Ring outer;
  std::vector<Ring> holes;
};

/// A (multi)polygon: the union of its parts, which must not overlap.
struct Polygon {
  std::vector<PolygonPart> parts;
};

/// Axis-aligned plan rectangle [xmin, xmax] x [ymin, ymax] [m].
struct PlanBox {
  double xmin = 0.0, xmax = 0.0, ymin = 0.0, ymax = 0.0;
};

/// Which ring of a polygon: `part` (0-based) and `ring` (0 = outer, k = hole k).
struct RingRef {
  std::size_t part = 0, ring = 0;
  bool operator==(const RingRef&) const = default;
};

/// Why a polygon cannot be used. Edge e of a ring joins its vertices e and
/// e + 1 (the last edge closes the ring back to vertex 0); indices are 0-based.
struct PolygonDefect {
  enum class Kind {
    TooFewVertices,  ///< a ring with fewer than 3 distinct vertices
    ZeroArea,        ///< a ring whose vertices all lie on one line
    EdgesCross,      ///< two edges cross or touch (a self-intersection)
    FoldsBack,       ///< two consecutive edges run back over each other (a spike)
    HoleOutside,     ///< a hole not inside its outer ring
    HolesOverlap,    ///< one hole inside another
    PartsOverlap,    ///< one part inside another
  };
  /// An edge: its ring and the 0-based indices of its two vertices.
  struct Edge {
    RingRef ring;
    std::size_t from = 0, to = 0;
  };
  Kind kind = Kind::TooFewVertices;
  RingRef ring;                ///< the ring at fault
  RingRef other_ring;          ///< HolesOverlap, PartsOverlap: the other ring
  Edge edge, other_edge;       ///< EdgesCross, FoldsBack: the two edges
  PlanPoint at;                ///< EdgesCross: where the edges meet [m]
  bool proper = false;         ///< EdgesCross: they cross (true) or only touch (false)
  bool several_parts = false;  ///< the polygon has more than one part (names say which)

  /// The vertex number shown to users for vertex `index` of `ring`
  /// (default: index + 1). Lets a reader number the vertices as written in
  /// its input, before repeated vertices were removed.
  using VertexNumber = std::function<std::size_t(RingRef ring, std::size_t index)>;
  /// A sentence for error messages, e.g. "the edge from vertex 2 to 3 and the
  /// edge from vertex 5 to 6 of the outer ring cross at (512, 340)".
  /// Coordinates are divided by `metres_per_unit` (to show the case length unit).
  std::string describe(double metres_per_unit = 1.0, const VertexNumber& number = {}) const;
};

/// Removes a closing vertex equal to the first and consecutive repeats, and
/// returns for each kept vertex its index in the ring as it was given.
std::vector<std::size_t> remove_repeated_vertices(Ring& ring);

/// Signed area of a ring [m2]: positive when counter-clockwise.
double signed_area(const Ring& ring);
/// Area of a polygon: its outer rings less its holes [m2].
double area(const Polygon& polygon);
/// The smallest box holding every vertex.
PlanBox bounding_box(const Polygon& polygon);

/// Every defect of a polygon (empty when it is usable). Rings must not repeat
/// a vertex consecutively (remove_repeated_vertices), or the zero-length edge
/// shows up as a touch. Edges are compared only with edges whose x-ranges
/// overlap theirs (a sweep over the edges sorted by x), so footprints with
/// thousands of vertices are cheap; at most `max_crossings` crossings are listed.
std::vector<PolygonDefect> find_defects(const Polygon& polygon, std::size_t max_crossings = 10);

/// Area of the part of the polygon inside `box` [m2].
double area_inside(const Polygon& polygon, const PlanBox& box);

/// True when `point` lies inside the polygon (even–odd rule over all rings).
/// A point on an edge may fall either way.
bool contains(const Polygon& polygon, PlanPoint point);

/// A column of cells (0-based row and column) and the fraction of its plan
/// area inside a polygon, in (0, 1].
struct CoveredColumn {
  std::int64_t row = 0, col = 0;
  double fraction = 0.0;
};

/// The columns of `grid` a polygon covers, sorted by row then column, with
/// their covered fractions; cells the polygon misses or only grazes
/// (fraction <= 1e-12, round-off along a shared edge) are left out. Visits
/// only the columns inside the polygon's bounding box. The polygon must have
/// no defects (see find_defects).
std::vector<CoveredColumn> covered_columns(const Polygon& polygon, const StructuredGridSpec& grid);

/// As above, restricted to the columns in which this rank owns at least one
/// cell: no rank looks at, or stores, the columns of another. Not collective.
std::vector<CoveredColumn> covered_columns(const Polygon& polygon, const CellGraph& graph);

}  // namespace aquaplume

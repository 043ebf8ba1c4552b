#pragma once
/// Plan polygons written in a case: a site footprint, a spill area, a
/// refinement zone. Either inline, in the case length unit and the case's
/// projected coordinates,
///
///   polygon: [[x, y], [x, y], [x, y], ...]               one ring (closing it again is optional)
///   polygon: [[[x, y], ...], [[x, y], ...]]               an outer ring, then its holes (GeoJSON
///   order)
///
/// or from a GeoJSON file (read by io/, so that solver/ sees no file format):
///
///   polygon: {file: sites.geojson, feature: landfill_a}  # a Polygon or MultiPolygon feature
///
/// The polygon is checked (at least 3 distinct vertices, a non-zero area, no
/// self-intersection, holes inside their ring, parts apart) and every problem
/// is reported at the line of the offending vertex, or of `file:`.

#include <functional>
#include <optional>
#include <string>

#include "mesh/base/input_node.hpp"
#include "mesh/polygon.hpp"

namespace aquaplume {

/// A polygon as read from a file, in the file's units (the case length unit),
/// with its rings as written (closing vertices included), and a name for
/// messages such as "sites.geojson feature 'landfill_a'".
struct PolygonSource {
  Polygon polygon;
  std::string name;
};

/// Reads the polygon a `{file: ..., feature: ...}` mapping points to; supplied
/// by io/. Records problems (missing file, not JSON, unknown feature, not a
/// polygon) and returns nullopt.
using PolygonOpener =
    std::function<std::optional<PolygonSource>(const InputNode& spec, ErrorList& errors)>;

/// Reads a polygon (see above) and returns it in metres (coordinates times
/// `metres_per_unit`). Records every problem; nullopt when there is any.
std::optional<Polygon> parse_polygon(const InputNode& node, double metres_per_unit,
                                     const PolygonOpener* open_file, ErrorList& errors);

}  // namespace aquaplume

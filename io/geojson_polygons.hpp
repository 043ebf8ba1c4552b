#pragma once
/// Polygons from GeoJSON files (RFC 7946) beside a case:
///
///   polygon: {file: sites.geojson, feature: landfill_a}
///
/// The file may hold a FeatureCollection, one Feature or a bare Polygon or
/// MultiPolygon geometry. `feature` picks a feature by its
/// `properties.name` or its `id` (text), or by its position in the file
/// (a whole number, 1 = the first); it may be left out when the file holds
/// one feature. Coordinates are taken as the case's projected coordinates
/// in the case length unit (not the longitude and latitude RFC 7946
/// prescribes: export site footprints from GIS in the model's projection);
/// a third coordinate (elevation) is ignored.

#include <string>

#include "solver/packages/polygon_input.hpp"

namespace aquaplume::io {

/// An opener resolving relative paths against `case_directory`.
PolygonOpener make_polygon_opener(std::string case_directory);

}  // namespace aquaplume::io

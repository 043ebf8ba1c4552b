#pragma once
/// The plan of a generated (graded) grid in the case, instead of nrow, ncol,
/// delr and delc:
///
///   grid:
///     extent: {x: [x0, x1], y: [y0, y1]}   # the model area, case length unit
///     cell_size: 100.0                     # base (largest) cell size
///     refine:                              # optional refinement zones
///       - {box: [[x0, y0], [x1, y1]], size: 5.0}
///       - {polygon: {file: sites.geojson, feature: landfill}, size: 10.0}   # its bounding box
///     growth: 1.2                          # largest ratio of neighbouring cell sizes, 1 < growth
///     <= 1.5 nlay: 3 top: ... botm: ...
///
/// See mesh/grading.hpp for how the sizes are made.

#include "mesh/base/input_node.hpp"
#include "mesh/structured_grid.hpp"
#include "solver/case/units.hpp"
#include "solver/packages/polygon_input.hpp"

namespace aquaplume {

/// Fills nrow, ncol, delr, delc and the origin of `grid` (metres) from the
/// keys above. Records every problem with its key; false when there is one.
bool parse_graded_plan(const Section& grid_section, const Units& units,
                       const PolygonOpener* open_polygon, StructuredGridSpec& grid);

}  // namespace aquaplume

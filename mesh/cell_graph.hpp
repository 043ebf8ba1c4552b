#pragma once
/// The cell graph every solver works on: cells with their geometry and the
/// connections between them, distributed over MPI ranks.
///
/// Local numbering on a rank: owned cells first (0 .. n_owned-1, in increasing
/// natural order), then one layer of ghost cells (copies of the neighbours
/// owned by other ranks). Global (solver) numbering gives each rank a
/// contiguous block: global = first_owned + local for owned cells.
/// Natural numbering is the generator's (layer, row, col) C order; results
/// are written in natural order so they do not depend on the rank count.

#include <mpi.h>

#include <array>
#include <cstdint>
#include <vector>

#include "mesh/partition.hpp"
#include "mesh/structured_grid.hpp"

namespace aquaplume {

/// Axis of a connection: X joins columns, Y rows, Z layers.
enum class Axis : std::uint8_t { X = 0, Y = 1, Z = 2 };

/// Connections between local cells. Each pair of owned cells appears once;
/// a pair of an owned and a ghost cell appears on both ranks that hold it.
/// Cell `a` is always owned. Geometry in metres.
struct Connections {
  std::vector<std::int32_t> a, b;     ///< local cell indices
  std::vector<Axis> axis;
  /// +1 when b lies in the increasing column/row/layer direction from a, else -1.
  std::vector<std::int8_t> sign;
  std::vector<double> width;          ///< horizontal: face width; vertical: unused (0)
  std::vector<double> area;           ///< face area (horizontal: width x mean thickness)
  std::vector<double> dist_a, dist_b;  ///< centre-to-face distances of a and b

  std::size_t size() const { return a.size(); }
  /// Unit normal pointing from a to b (x east, y north, z up).
  std::array<double, 3> normal(std::size_t k) const;
};

struct CellGraph {
  MPI_Comm comm = MPI_COMM_WORLD;
  StructuredGridSpec grid;  ///< the generator's description (no global arrays)

  std::int64_t n_global = 0;  ///< cells in the whole model
  std::int32_t n_owned = 0;   ///< cells this rank owns
  std::int32_t n_local = 0;   ///< owned + ghost cells
  std::int64_t first_owned = 0;  ///< global index of local cell 0

  // Per local cell (owned then ghosts).
  std::vector<std::int64_t> global_index;
  std::vector<std::int64_t> natural_index;
  std::vector<std::array<double, 3>> center;
  std::vector<double> top, bottom;
  std::vector<double> dx, dy;  ///< cell widths along x and y
  std::vector<std::int32_t> layer, row, col;

  Connections connections;
  /// Connections of each owned cell, CSR: conn_of[conn_offset[i] .. conn_offset[i+1]).
  std::vector<std::int32_t> conn_offset, conn_of;

  double thickness(std::int32_t c) const { return top[c] - bottom[c]; }
  double plan_area(std::int32_t c) const { return dx[c] * dy[c]; }
  double volume(std::int32_t c) const { return plan_area(c) * thickness(c); }
  /// The other cell of connection k seen from local cell c.
  std::int32_t other(std::size_t k, std::int32_t c) const {
    return connections.a[k] == c ? connections.b[k] : connections.a[k];
  }
  /// Local index of a natural cell index, or -1 when this rank holds no copy.
  std::int32_t local_of_natural(std::int64_t natural) const;
  /// Local index of an owned cell with this natural index, or -1.
  std::int32_t owned_of_natural(std::int64_t natural) const;
};

/// Builds this rank's part of the cell graph of a structured grid for the
/// given owned cells (sorted natural indices). Reads only the top and bottom
/// values of local cells. Collective. Geometry problems (a bottom above its
/// top) are recorded in `errors` on the rank that finds them.
CellGraph build_cell_graph(const StructuredGridSpec& grid, std::vector<std::int64_t> owned_natural,
                           MPI_Comm comm, ErrorList& errors);

}  // namespace aquaplume

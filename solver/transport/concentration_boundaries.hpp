#pragma once
/// Transport boundaries that are not tied to a water flow: constant
/// concentrations (cells held at given values; the mass needed to hold them
/// is their budget term) and mass loadings (a source of so many grams per
/// day, split equally over the entry's cells, like a WEL rate).

#include <span>
#include <vector>

#include "mesh/cell_graph.hpp"
#include "solver/transport/transport_spec.hpp"

namespace aquaplume {

class ConcentrationBoundaries {
 public:
  /// Finds the owned cells of every entry. Collective (counts the cells of each loading over ranks).
  ConcentrationBoundaries(const CellGraph& graph, const TransportSpec& spec);

  /// True when some rank holds `species` at a constant concentration somewhere (the same on every rank).
  bool any_constant(std::size_t species) const { return any_constant_[species]; }
  bool any_loading(std::size_t species) const { return any_loading_[species]; }
  /// Per owned cell: the held concentration [mg/L] at (period, time), NaN where none is.
  void constant_targets(std::size_t species, int period, double time, std::span<double> target) const;
  /// Per owned cell: the loading [g/d] at (period, time) (overwrites `mass`).
  void loading(std::size_t species, int period, double time, std::span<double> mass) const;

 private:
  struct Bound {
    std::vector<std::int32_t> owned;
    std::int64_t cells_total = 0;  ///< over all ranks
    SpeciesValues values;
  };
  std::vector<Bound> constants_, loadings_;
  std::vector<bool> any_constant_, any_loading_;
};

}  // namespace aquaplume

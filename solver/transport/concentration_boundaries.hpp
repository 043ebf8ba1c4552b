#pragma once
/// Transport boundaries that are not tied to a water flow: constant
/// concentrations (cells held at given values; the mass needed to hold them
/// is their budget term) and mass loadings (a source of so many grams per
/// day, split equally over the entry's cells, like a WEL rate, or by covered
/// area; booked to MASS_LOADING or to the line the entry names).

#include <limits>
#include <span>
#include <string>
#include <vector>

#include "mesh/cell_graph.hpp"
#include "solver/transport/mass_budget.hpp"
#include "solver/transport/transport_spec.hpp"

namespace aquaplume {

class ConcentrationBoundaries {
 public:
  /// A transport step [d].
  struct Interval {
    double start = 0.0, end = 0.0;
  };

  /// Finds the owned cells of every entry. Collective (counts the cells of each loading over ranks).
  ConcentrationBoundaries(const CellGraph& graph, const TransportSpec& spec);

  /// True when some rank holds `species` at a constant concentration somewhere (the same on every rank).
  bool any_constant(std::size_t species) const { return any_constant_[species]; }
  bool any_loading(std::size_t species) const { return any_loading_[species]; }
  /// Per owned cell: the held concentration [mg/L] at (period, time), NaN where none is.
  void constant_targets(std::size_t species, int period, double time, std::span<double> target) const;
  /// Per owned cell: the loading [g/d] at (period, time) of the transport
  /// step `step` (overwrites `mass`). Entries with an active window give
  /// their mean over the step.
  void loading(std::size_t species, int period, double time, const Interval& step, std::span<double> mass) const;
  /// The mass-budget lines of the loadings of `species`, in order (the same on every rank).
  std::vector<std::string> loading_terms(std::size_t species) const;
  /// Books the loadings of the step, times `weight`, to their lines, except
  /// in cells held at a concentration (`target` not NaN; empty: none).
  void book_loadings(std::size_t species, int period, double time, const Interval& step, double weight,
                     std::span<const double> target, MassBudget& budget) const;

 private:
  struct Bound {
    std::vector<std::int32_t> owned;
    std::vector<double> share;  ///< of each owned cell in the entry's total (loadings)
    SpeciesValues values;
    std::string term;
    double start = -std::numeric_limits<double>::infinity(), end = std::numeric_limits<double>::infinity();
    /// The entry's total rate [g/d] in `step`.
    double rate(const ScheduledValue& value, int period, double time, const Interval& step) const;
  };
  std::vector<Bound> constants_, loadings_;
  std::vector<bool> any_constant_, any_loading_;
};

}  // namespace aquaplume

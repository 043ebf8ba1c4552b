#pragma once
/// The solute mass budget of one species: rates [g/d] and cumulative masses
/// [g] per term, as the water budget (budget/budget.hpp), with the terms
///
///   STORAGE_DISSOLVED  mass released from (+) or stored in (-) the pore water
///   STORAGE_SORBED     the same for the sorbed phase
///   DECAY              first-order decay in both phases (always out)
///   PRODUCTION         zero-order production (always in)
///   <package name>     each flow package: inflow x its concentration, outflow x the cell's
///   CONSTANT_CONCENTRATION  mass that holds the constant-concentration cells
///   MASS_LOADING       mass-loading sources (a site's spills: the site's line)
///
/// Transport sub-steps book into a step record first; only a sub-step that
/// converges is committed, weighted by its share of the flow step, so the
/// step's rates are time averages and rate x dt is the mass moved.

#include <limits>
#include <memory>
#include <vector>

#include "solver/budget/budget.hpp"
#include "solver/packages/package.hpp"
#include "solver/transport/transport_spec.hpp"

namespace aquaplume {

class MassBudget {
 public:
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

  /// `loading_terms`: the lines of the mass loadings; one named like a
  /// package (a site's spills) shares the package's line.
  MassBudget(const SpeciesSpec& species, const std::vector<std::unique_ptr<Package>>& packages,
             bool constant_concentration, const std::vector<std::string>& loading_terms);

  const Budget& budget() const { return budget_; }
  /// Restores the cumulative masses of a checkpoint.
  void set_cumulative(const std::vector<double>& values) { budget_.set_cumulative(values); }

  std::size_t storage_dissolved = kNone, storage_sorbed = kNone, decay = kNone, production = kNone,
              constant_concentration = kNone;
  std::vector<std::size_t> package;  ///< term of each package

  /// The index of the line named `name`, or kNone.
  std::size_t term_named(const std::string& name) const;
  /// Starts the record of a sub-step.
  void begin_substep();
  /// Books a mass rate of one cell into the sub-step record (positive: into the aquifer's water).
  void book(std::size_t term, double rate) {
    if (term == kNone) return;
    if (rate > 0.0) in_[term] += rate;
    else out_[term] -= rate;
  }
  /// Adds the sub-step record to the step's rates with weight `fraction` (dt_sub / dt_step).
  void commit_substep(double fraction);
  /// Zeroes the rates at the start of a flow step.
  void begin_step() { budget_.clear_rates(); }
  /// Sums the ranks' rates and accumulates the masses of the step. Collective.
  void end_step(double dt, MPI_Comm comm);

 private:
  Budget budget_;
  std::vector<double> in_, out_;
};

}  // namespace aquaplume

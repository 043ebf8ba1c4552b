#pragma once
/// Source–sink mixing (Zheng & Bennett 2002, ch. 7; MODFLOW 6 GWT SSM): water
/// that a flow package (WEL, RCH, RIV, GHB, CHD, ...) brings into the aquifer
/// carries the concentration given in that package entry's `concentration:`
/// (0 when none is given); water leaving the aquifer carries the
/// concentration of the cell it leaves. Nothing here knows a package by name:
/// each package's flow comes from its terms at the converged heads, q = hcof h - rhs.
///
/// A constant-head cell supplies whatever its faces pass on: its water
/// exchange is the net flow out through all its faces, including faces to
/// other constant-head cells, so that the water balance of each such cell
/// closes (FlowModel::fixed_flow() counts only the faces to solved cells; the
/// two agree when neighbouring constant heads are equal). As in the flow
/// model, package terms in constant-head cells have no effect.

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "solver/flow/flow_model.hpp"

namespace aquaplume {

class SourceSinkMixing {
 public:
  /// One exchange of water between an owned cell and a package.
  struct Row {
    std::int32_t cell;
    std::int32_t group;  ///< index into groups(): the package entry
    double flow;         ///< [m3/d], positive into the aquifer
  };
  /// A package entry that exchanges water somewhere on this rank.
  struct Group {
    std::size_t package;
    std::size_t entry;
  };

  explicit SourceSinkMixing(const CellGraph& graph) : graph_(graph) {}

  /// Reads the water exchanged with the packages in the converged flow step. Not collective.
  void update(const FlowModel& flow);

  std::span<const Row> rows() const { return rows_; }
  std::span<const Group> groups() const { return groups_; }
  /// Per owned cell: water leaving the aquifer through packages and constant heads [m3/d], >= 0.
  std::span<const double> outflow() const { return outflow_; }

  /// Inflow concentration of every group for `species` at (period, time) [mg/L].
  void group_concentrations(const std::vector<std::unique_ptr<Package>>& packages, const std::string& species,
                            int period, double time, std::vector<double>& concentration) const;
  /// Mass arriving with inflowing water in each owned cell [g/d] (overwrites `mass`).
  void inflow_mass(std::span<const double> group_concentration, std::span<double> mass) const;

 private:
  std::int32_t group_of(std::size_t package, std::size_t entry);

  const CellGraph& graph_;
  std::vector<Row> rows_;
  std::vector<Group> groups_;
  std::vector<double> outflow_;
};

}  // namespace aquaplume

#pragma once
/// The one interface every boundary package implements (after MODFLOW 6's
/// BoundaryPackage): a package only says, for each cell it acts on,
///
///     q = hcof * h - rhs        [m3/d, positive into the aquifer]
///
/// at the current head iterate (or fixes the head of a cell). Shared code in
/// solver/flow assembles those numbers into the matrix, computes the flows
/// with the same numbers and books them to the budget, so the water balance
/// closes by construction. Packages never see the linear-algebra backend.

#include <functional>
#include <optional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "mesh/base/cell_array.hpp"
#include "mesh/base/input_node.hpp"
#include "mesh/cell_graph.hpp"
#include "solver/case/units.hpp"
#include "solver/packages/polygon_input.hpp"
#include "solver/packages/schedule.hpp"

namespace aquaplume {

/// What a package may consult while it reads its settings from the case.
struct PackageContext {
  const StructuredGridSpec* grid = nullptr;
  const Units* units = nullptr;
  const ArrayOpener* open_array = nullptr;
  int n_periods = 1;
  const PolygonOpener* open_polygon = nullptr;  ///< reads `polygon: {file: ...}` (GeoJSON)
};

/// The flow state a package formulates its terms from.
struct FlowState {
  const CellGraph* graph = nullptr;
  std::span<const double> head;      ///< current iterate, local cells (owned + ghosts) [m]
  std::span<const double> head_old;  ///< at the start of the step [m]
  double time = 0.0;                 ///< end of the step [d]
  double dt = 0.0;                   ///< step length [d]
  int period = 0;                    ///< stress period, 0-based
  std::span<const std::uint8_t> convertible;  ///< per local cell: 1 where the cell can desaturate
};

/// One package's terms for the current iterate. Rows refer to owned cells;
/// `entry` tells which case entry made a row (for its inflow concentration).
struct BoundaryTerms {
  std::vector<std::int32_t> cell;
  std::vector<double> hcof;  ///< d q / d h [m2/d], <= 0 for head-dependent boundaries
  std::vector<double> rhs;   ///< so that q = hcof * h - rhs [m3/d]
  std::vector<std::int32_t> entry;
  std::vector<std::int32_t> fixed_cell;  ///< cells whose head the package fixes
  std::vector<double> fixed_head;        ///< [m]
  std::vector<std::int32_t> fixed_entry;

  void clear();
  void add(std::int32_t c, double hcof_value, double rhs_value, std::int32_t from_entry = 0);
  void fix(std::int32_t c, double head, std::int32_t from_entry = 0);
  /// Flow of row i into the aquifer at head h [m3/d].
  double flow(std::size_t i, double h) const { return hcof[i] * h - rhs[i]; }
};

class Package {
 public:
  virtual ~Package() = default;
  Package(const Package&) = delete;
  Package& operator=(const Package&) = delete;

  /// Lower-case package type as written in the case ("wel").
  const std::string& type() const { return type_; }
  /// Budget label: the case's `name`, or the type in capitals.
  const std::string& name() const { return name_; }
  const SourceLoc& loc() const { return loc_; }

  /// Finds this rank's owned cells of every entry and reads arrays. Records problems.
  virtual void bind(const CellGraph& graph, ErrorList& errors) = 0;
  /// Called at the start of each stress period (0-based) before any formulate().
  virtual void prepare_period(int period) {}
  /// Fills `terms` (already cleared) for the current iterate.
  virtual void formulate(const FlowState& state, BoundaryTerms& terms) = 0;
  /// True when the terms depend on head other than linearly.
  virtual bool nonlinear() const { return false; }
  /// Barrier packages (HFB) scale the conductances of the connections they
  /// cross (per connection of `graph`); called once the mesh exists and at
  /// each period start. Other packages leave them alone.
  virtual void adjust_conductance(const CellGraph& graph, std::span<double> conductance) const {}
  /// A remark on the last step worth a warning (e.g. a well whose cells
  /// dry and pump less than asked); empty when there is none. Collective.
  virtual std::string step_note(MPI_Comm comm) const { return {}; }

  /// Concentration [mg/L] of the water entering the aquifer through entry
  /// `entry` for `species` during `period` at `time` [d]; nullopt when the case
  /// gives none (the inflow then carries no solute). Outflow always leaves at
  /// the cell's concentration.
  std::optional<double> inflow_concentration(std::size_t entry, const std::string& species, int period,
                                             double time) const;
  /// Species named in any entry's `concentration:`, with where they were written.
  std::vector<std::pair<std::string, SourceLoc>> concentration_species() const;

 protected:
  Package(std::string type, std::string name, SourceLoc loc);
  /// Reads the entry's `concentration: {species: value, ...}` (each value a
  /// number or schedule, mg/L), falling back to the package level, and
  /// returns the index of the new entry. Packages call it once per entry, in order.
  std::int32_t register_entry(const Section& entry, const Section& spec, const PackageContext& context);
  /// The same for packages assembled by a generator (solver/sites) rather than
  /// read from one entry: the inflow concentration of each species [mg/L] and
  /// where each was written.
  std::int32_t register_entry(std::vector<std::pair<std::string, ScheduledValue>> by_species,
                              std::vector<std::pair<std::string, SourceLoc>> where);

 private:
  struct EntryConcentration {
    std::vector<std::pair<std::string, ScheduledValue>> by_species;
    std::vector<std::pair<std::string, SourceLoc>> where;
  };
  std::string type_, name_;
  SourceLoc loc_;
  std::vector<EntryConcentration> entries_;
};

using PackageFactory = std::function<std::unique_ptr<Package>(const Section& spec, const PackageContext& context)>;

/// Builds a package from its case entry (`type:` picks the factory). Records
/// problems (unknown type with a did-you-mean) and returns nullptr on failure.
std::unique_ptr<Package> make_package(const Section& spec, const PackageContext& context);
/// Checks what can be checked of a package entry when the grid is unusable
/// (cells and arrays refer to the grid): its type (a did-you-mean for an
/// unknown one) and the plain numbers of its values. Marks the entry read.
void check_package_without_grid(const Section& spec);
/// The package types the registry knows.
std::vector<std::string> package_types();

}  // namespace aquaplume

/// DRN: drains, springs and seepage faces. Water leaves the aquifer when the
/// head rises above the drain elevation and never enters (MODFLOW DRN):
///
///   q = -C (h - elevation)   when h > elevation, else 0
///
///   - type: drn
///     name: spring_line
///     rows: 12
///     layer: 1
///     elevation: 95.0        # [L]
///     conductance: 50.0      # [L2/T]

#include "solver/packages/package_types.hpp"

#include "solver/packages/cell_selection.hpp"
#include "solver/packages/entries.hpp"

namespace aquaplume {
namespace {

class Drain final : public Package {
 public:
  Drain(const Section& spec, const PackageContext& context) : Package("drn", package_name(spec, "drn"), spec.loc()) {
    const Units& u = *context.units;
    for (const Section& e : package_entries(spec)) {
      const auto index = register_entry(e, spec, context);
      auto cells = parse_selection(e, context, SelectionKind::Cells, true, &spec);
      auto elevation = entry_value(e, spec, "elevation", u.length_factor(), context);
      auto conductance = entry_value(e, spec, "conductance", u.to_internal(2, -1), context, Limits::non_negative());
      if (cells && elevation && conductance) entries_.push_back({*cells, *elevation, *conductance, {}, index});
    }
  }

  void bind(const CellGraph& graph, ErrorList&) override {
    for (auto& e : entries_) e.owned = e.cells.owned_cells(graph);
  }

  void formulate(const FlowState& state, BoundaryTerms& terms) override {
    for (const auto& e : entries_) {
      const double d = e.elevation.at(state.period, state.time);
      const double c = e.conductance.at(state.period, state.time);
      for (auto cell : e.owned) {
        if (state.head[cell] > d) terms.add(cell, -c, -c * d, e.index);
        else terms.add(cell, 0.0, 0.0, e.index);
      }
    }
  }

  bool nonlinear() const override { return true; }

 private:
  struct Entry {
    CellSelection cells;
    ScheduledValue elevation, conductance;
    std::vector<std::int32_t> owned;
    std::int32_t index;
  };
  std::vector<Entry> entries_;
};

}  // namespace

std::unique_ptr<Package> make_drn(const Section& spec, const PackageContext& context) {
  return std::make_unique<Drain>(spec, context);
}

}  // namespace aquaplume

/// RIV: rivers. Leakage between the river and the aquifer through the bed
/// conductance (MODFLOW RIV):
///
///   q = C (stage - h)            when h > bottom
///   q = C (stage - bottom)       when h <= bottom (the bed drains freely; leakage no longer grows)
///
///   - type: riv
///     name: river
///     cells: [[1, 10, 1], [1, 10, 2]]
///     stage: 98.5            # [L]
///     conductance: 120.0     # [L2/T] = K_bed * length * width / bed thickness
///     bottom: 96.0           # [L] bottom of the river bed

#include "solver/packages/package_types.hpp"

#include <fmt/format.h>

#include "solver/packages/cell_selection.hpp"
#include "solver/packages/entries.hpp"

namespace aquaplume {
namespace {

class River final : public Package {
 public:
  River(const Section& spec, const PackageContext& context) : Package("riv", package_name(spec, "riv"), spec.loc()) {
    const Units& u = *context.units;
    for (const Section& e : package_entries(spec)) {
      const auto index = register_entry(e, spec, context);
      auto cells = parse_selection(e, context, SelectionKind::Cells, true, &spec);
      auto stage = entry_value(e, spec, "stage", u.length_factor(), context);
      auto conductance = entry_value(e, spec, "conductance", u.to_internal(2, -1), context, Limits::non_negative());
      auto bottom = entry_value(e, spec, "bottom", u.length_factor(), context);
      if (cells && stage && conductance && bottom)
        entries_.push_back({*cells, *stage, *conductance, *bottom, {}, index, e.loc_of("bottom")});
    }
  }

  void bind(const CellGraph& graph, ErrorList& errors) override {
    for (auto& e : entries_) {
      e.owned = e.cells.owned_cells(graph);
      // MODFLOW's rule: a river bed cannot lie below the bottom of its cell.
      for (auto c : e.owned) {
        if (e.bottom.is_constant() && e.bottom.at(0, 0.0) < graph.bottom[c]) {
          errors.add(e.bottom_loc, fmt::format("river bottom {} lies below the bottom {} of cell {}", e.bottom.at(0, 0.0),
                                               graph.bottom[c], graph.grid.shape().cell_name(graph.natural_index[c])));
          break;
        }
      }
    }
  }

  void formulate(const FlowState& state, BoundaryTerms& terms) override {
    for (const auto& e : entries_) {
      const double stage = e.stage.at(state.period, state.time);
      const double c = e.conductance.at(state.period, state.time);
      const double bottom = e.bottom.at(state.period, state.time);
      for (auto cell : e.owned) {
        if (state.head[cell] > bottom) terms.add(cell, -c, -c * stage, e.index);
        else terms.add(cell, 0.0, -c * (stage - bottom), e.index);
      }
    }
  }

  bool nonlinear() const override { return true; }

 private:
  struct Entry {
    CellSelection cells;
    ScheduledValue stage, conductance, bottom;
    std::vector<std::int32_t> owned;
    std::int32_t index;
    SourceLoc bottom_loc;
  };
  std::vector<Entry> entries_;
};

}  // namespace

std::unique_ptr<Package> make_riv(const Section& spec, const PackageContext& context) {
  return std::make_unique<River>(spec, context);
}

}  // namespace aquaplume

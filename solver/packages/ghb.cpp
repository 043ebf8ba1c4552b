/// GHB: general-head boundaries, q = C (h_b - h) [L3/T into the aquifer]:
/// a lake, a sea or a distant boundary connected through a conductance.
///
///   - type: ghb
///     name: lake
///     cols: 1
///     head: 52.0             # [L], number or schedule
///     conductance: 250.0     # [L2/T] per cell, number or schedule

#include "solver/packages/package_types.hpp"

#include "solver/packages/cell_selection.hpp"
#include "solver/packages/entries.hpp"

namespace aquaplume {
namespace {

class GeneralHead final : public Package {
 public:
  GeneralHead(const Section& spec, const PackageContext& context)
      : Package("ghb", package_name(spec, "ghb"), spec.loc()) {
    const Units& u = *context.units;
    for (const Section& e : package_entries(spec)) {
      const auto index = register_entry(e, spec, context);
      auto cells = parse_selection(e, context, SelectionKind::Cells, true, &spec);
      auto head = entry_value(e, spec, "head", u.length_factor(), context);
      auto conductance = entry_value(e, spec, "conductance", u.to_internal(2, -1), context, Limits::non_negative());
      if (cells && head && conductance) entries_.push_back({*cells, *head, *conductance, {}, index});
    }
  }

  void bind(const CellGraph& graph, ErrorList&) override {
    for (auto& e : entries_) e.owned = e.cells.owned_cells(graph);
  }

  void formulate(const FlowState& state, BoundaryTerms& terms) override {
    for (const auto& e : entries_) {
      const double h = e.head.at(state.period, state.time);
      const double c = e.conductance.at(state.period, state.time);
      for (auto cell : e.owned) terms.add(cell, -c, -c * h, e.index);
    }
  }

 private:
  struct Entry {
    CellSelection cells;
    ScheduledValue head, conductance;  // [m], [m2/d]
    std::vector<std::int32_t> owned;
    std::int32_t index;
  };
  std::vector<Entry> entries_;
};

}  // namespace

std::unique_ptr<Package> make_ghb(const Section& spec, const PackageContext& context) {
  return std::make_unique<GeneralHead>(spec, context);
}

}  // namespace aquaplume

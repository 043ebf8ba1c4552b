/// WEL: specified-rate wells. `rate` is the entry's total rate in L3/T,
/// negative for pumping, split equally over the entry's cells (a well
/// screened over several layers: give `layers: [first, last]`).
///
///   - type: wel
///     name: supply
///     xy: [651.5, 498.4]
///     layers: [6, 10]
///     rate: -400.0                   # or {periods: {1: -400.0, 2: 0.0}} or a time series
///     concentration: {tce: 0.0}      # of injected water (rate > 0), for transport

#include "solver/packages/package_types.hpp"

#include "mesh/base/parallel.hpp"
#include "solver/packages/cell_selection.hpp"
#include "solver/packages/entries.hpp"

namespace aquaplume {
namespace {

class Well final : public Package {
 public:
  Well(const Section& spec, const PackageContext& context)
      : Package("wel", package_name(spec, "wel"), spec.loc()) {
    const double factor = context.units->to_internal(3, -1);
    for (const Section& e : package_entries(spec)) {
      const auto index = register_entry(e, spec, context);
      auto cells = parse_selection(e, context, SelectionKind::Cells, true);
      auto rate = entry_value(e, spec, "rate", factor, context);
      if (cells && rate) entries_.push_back({*cells, *rate, {}, 0, index});
    }
  }

  void bind(const CellGraph& graph, ErrorList&) override {
    for (auto& e : entries_) {
      e.owned = e.cells.owned_cells(graph);
      e.cells_total = sum_over_ranks(static_cast<std::int64_t>(e.owned.size()), graph.comm);
    }
  }

  void formulate(const FlowState& state, BoundaryTerms& terms) override {
    for (const auto& e : entries_) {
      if (e.cells_total == 0) continue;
      const double per_cell = e.rate.at(state.period, state.time) / static_cast<double>(e.cells_total);
      for (auto c : e.owned) terms.add(c, 0.0, -per_cell, e.index);
    }
  }

 private:
  struct Entry {
    CellSelection cells;
    ScheduledValue rate;  // [m3/d], total of the entry
    std::vector<std::int32_t> owned;
    std::int64_t cells_total;  // over all ranks
    std::int32_t index;
  };
  std::vector<Entry> entries_;
};

}  // namespace

std::unique_ptr<Package> make_wel(const Section& spec, const PackageContext& context) {
  return std::make_unique<Well>(spec, context);
}

}  // namespace aquaplume

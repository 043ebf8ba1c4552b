/// CHD: constant (specified) head cells. The head of each selected cell is
/// fixed; its budget term is the water that must enter or leave there to hold
/// it, computed by the shared flow code from the connections of the cell.
///
///   - type: chd
///     name: west_boundary
///     cols: 1
///     head: 55.0                     # or {periods: {1: 55.0, 3: 56.0}}
///     concentration: {tce: 0.0}      # of inflowing water, for transport

#include "solver/packages/package_types.hpp"

#include "solver/packages/cell_selection.hpp"
#include "solver/packages/entries.hpp"

namespace aquaplume {
namespace {

class ConstantHead final : public Package {
 public:
  ConstantHead(const Section& spec, const PackageContext& context)
      : Package("chd", package_name(spec, "chd"), spec.loc()) {
    for (const Section& e : package_entries(spec)) {
      const auto index = register_entry(e, spec, context);
      auto cells = parse_selection(e, context, SelectionKind::Cells, true, &spec);
      auto head = entry_value(e, spec, "head", context.units->length_factor(), context);
      if (cells && head) entries_.push_back({*cells, *head, {}, index});
    }
  }

  void bind(const CellGraph& graph, ErrorList&) override {
    for (auto& e : entries_) e.owned = e.cells.owned_cells(graph);
  }

  void formulate(const FlowState& state, BoundaryTerms& terms) override {
    for (const auto& e : entries_) {
      const double head = e.head.at(state.period, state.time);
      for (auto c : e.owned) terms.fix(c, head, e.index);
    }
  }

 private:
  struct Entry {
    CellSelection cells;
    ScheduledValue head;  // [m]
    std::vector<std::int32_t> owned;
    std::int32_t index;
  };
  std::vector<Entry> entries_;
};

}  // namespace

std::unique_ptr<Package> make_chd(const Section& spec, const PackageContext& context) {
  return std::make_unique<ConstantHead>(spec, context);
}

}  // namespace aquaplume

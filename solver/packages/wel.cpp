/// WEL: specified-rate wells. `rate` is the entry's total rate in L3/T,
/// negative for pumping, split equally over the entry's cells (a well
/// screened over several layers: give `layers: [first, last]`).
///
///   - type: wel
///     name: supply
///     xy: [651.5, 498.4]
///     layers: [6, 10]
///     rate: -400.0

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
      auto cells = parse_selection(e, context, SelectionKind::Cells, true);
      auto rate = entry_number(e, spec, "rate");
      if (cells && rate) entries_.push_back({*cells, *rate * factor, {}, 0.0});
    }
  }

  void bind(const CellGraph& graph, ErrorList&) override {
    for (auto& e : entries_) {
      e.owned = e.cells.owned_cells(graph);
      const auto total = sum_over_ranks(static_cast<std::int64_t>(e.owned.size()), graph.comm);
      e.rate_per_cell = total > 0 ? e.rate / static_cast<double>(total) : 0.0;
    }
  }

  void formulate(const FlowState&, BoundaryTerms& terms) override {
    for (const auto& e : entries_)
      for (auto c : e.owned) terms.add(c, 0.0, -e.rate_per_cell);
  }

 private:
  struct Entry {
    CellSelection cells;
    double rate;  // [m3/d], total of the entry
    std::vector<std::int32_t> owned;
    double rate_per_cell;
  };
  std::vector<Entry> entries_;
};

}  // namespace

std::unique_ptr<Package> make_wel(const Section& spec, const PackageContext& context) {
  return std::make_unique<Well>(spec, context);
}

}  // namespace aquaplume

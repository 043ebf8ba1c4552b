/// RCH: areal recharge in L/T, applied to the top cell of each column.
/// `rate` is a number or a 2D array (one value per column: a list or a file).
/// Without a selection it covers the whole grid.
///
///   - type: rch
///     rate: 0.0005
///   - type: rch
///     name: landfill
///     rows: [20, 30]
///     cols: [10, 18]
///     rate: 0.001
///     concentration: {nitrate: 1000.0}   # of the recharge water, for transport

#include "solver/packages/package_types.hpp"

#include "solver/packages/cell_selection.hpp"
#include "solver/packages/entries.hpp"

namespace aquaplume {
namespace {

class Recharge final : public Package {
 public:
  Recharge(const Section& spec, const PackageContext& context)
      : Package("rch", package_name(spec, "rch"), spec.loc()), grid_(context.grid) {
    const double factor = context.units->to_internal(1, -1);
    for (const Section& e : package_entries(spec)) {
      const auto index = register_entry(e, spec, context);
      auto cells = parse_selection(e, context, SelectionKind::Columns, false);
      const InputNode* rate = e.has("rate") ? e.get("rate") : spec.get("rate");
      if (!rate) {
        e.error("rate", "missing; expected a recharge rate (number or array)");
        continue;
      }
      auto array = parse_cell_array(*rate, grid_->column_shape(), *context.open_array, e.errors());
      if (!array) continue;
      entries_.push_back({cells ? *cells : whole_grid(*grid_, SelectionKind::Columns),
                          scale_array(array, factor), {}, {}, index});
    }
  }

  void bind(const CellGraph& graph, ErrorList& errors) override {
    for (auto& e : entries_) {
      // The top cell of each selected column: layer 0 of the grid.
      e.owned.clear();
      for (auto c : e.cells.owned_cells(graph))
        if (graph.layer[c] == 0) e.owned.push_back(c);
      std::vector<std::int64_t> columns;
      for (auto c : e.owned) columns.push_back(graph.grid.natural(0, graph.row[c], graph.col[c]));
      auto rates = read_checked(*e.rate, columns, {}, errors);
      e.flow.resize(e.owned.size());
      for (std::size_t i = 0; i < e.owned.size(); ++i) e.flow[i] = rates[i] * graph.plan_area(e.owned[i]);
    }
  }

  void formulate(const FlowState&, BoundaryTerms& terms) override {
    for (const auto& e : entries_)
      for (std::size_t i = 0; i < e.owned.size(); ++i) terms.add(e.owned[i], 0.0, -e.flow[i], e.index);
  }

 private:
  struct Entry {
    CellSelection cells;
    CellArrayPtr rate;  // [m/d] per column
    std::vector<std::int32_t> owned;
    std::vector<double> flow;  // [m3/d] per owned cell
    std::int32_t index;
  };
  const StructuredGridSpec* grid_;
  std::vector<Entry> entries_;
};

}  // namespace

std::unique_ptr<Package> make_rch(const Section& spec, const PackageContext& context) {
  return std::make_unique<Recharge>(spec, context);
}

}  // namespace aquaplume

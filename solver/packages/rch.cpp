/// RCH: areal recharge in L/T, applied to the top cell of each column.
/// `rate` is a number or a 2D array (one value per column: a list or a file),
/// optionally by period. Without a selection it covers the whole grid.
///
///   - type: rch
///     rate: 0.0005
///   - type: rch
///     name: landfill
///     rows: [20, 30]
///     cols: [10, 18]
///     rate: {periods: {1: 0.001, 3: {file: leachate_rate.f64}}}
///     concentration: {nitrate: 1000.0}   # of the recharge water, for transport
///   - type: rch
///     name: landfill_leakage
///     polygon: {file: sites.geojson, feature: landfill}   # or [[x, y], ...]
///     rate: 0.0002             # over the footprint: rate x covered fraction x cell area

#include "solver/packages/package_types.hpp"

#include "solver/packages/cell_selection.hpp"
#include "solver/packages/entries.hpp"
#include "solver/packages/period_array.hpp"

namespace aquaplume {
namespace {

class Recharge final : public Package {
 public:
  Recharge(const Section& spec, const PackageContext& context)
      : Package("rch", package_name(spec, "rch"), spec.loc()), grid_(context.grid) {
    const double factor = context.units->to_internal(1, -1);
    for (const Section& e : package_entries(spec)) {
      const auto index = register_entry(e, spec, context);
      auto cells = parse_selection(e, context, SelectionKind::Columns, false, &spec);
      const InputNode* rate = e.has("rate") ? e.get("rate") : spec.get("rate");
      if (!rate) {
        e.error("rate", "missing; expected a recharge rate (number or array)");
        continue;
      }
      auto array = parse_period_array(*rate, grid_->column_shape(), factor, context, e.errors());
      if (!array) continue;
      entries_.push_back({cells ? *cells : whole_grid(*grid_, SelectionKind::Columns), *array, {}, {}, index, -1});
    }
  }

  void bind(const CellGraph& graph, ErrorList& errors) override {
    for (auto& e : entries_) {
      // The top cell of each selected column: layer 1.
      std::vector<std::int64_t> columns;
      top_cells(e.cells, graph, e.owned, columns);
      // A polygon covers part of its edge cells: recharge falls on that part only.
      const auto covered = e.cells.area_fractions(graph, e.owned);
      e.flow.clear();
      for (const auto& [first, array] : e.rate.all()) {
        auto rates = read_checked(*array, columns, {}, errors);
        for (std::size_t i = 0; i < e.owned.size(); ++i) rates[i] *= graph.plan_area(e.owned[i]) * covered[i];
        e.flow.push_back(std::move(rates));
      }
    }
  }

  void prepare_period(int period) override {
    for (auto& e : entries_) {
      e.active = -1;
      for (std::size_t v = 0; v < e.rate.all().size(); ++v)
        if (e.rate.all()[v].first <= period) e.active = static_cast<int>(v);
    }
  }

  void formulate(const FlowState&, BoundaryTerms& terms) override {
    for (const auto& e : entries_) {
      if (e.active < 0) continue;
      const auto& flow = e.flow[static_cast<std::size_t>(e.active)];
      for (std::size_t i = 0; i < e.owned.size(); ++i) terms.add(e.owned[i], 0.0, -flow[i], e.index);
    }
  }

 private:
  struct Entry {
    CellSelection cells;
    PeriodArray rate;  // [m/d] per column
    std::vector<std::int32_t> owned;
    std::vector<std::vector<double>> flow;  // [m3/d] per version of the rate, per owned cell
    std::int32_t index;
    int active;  // version in force this period, or -1
  };
  const StructuredGridSpec* grid_;
  std::vector<Entry> entries_;
};

}  // namespace

std::unique_ptr<Package> make_rch(const Section& spec, const PackageContext& context) {
  return std::make_unique<Recharge>(spec, context);
}

}  // namespace aquaplume

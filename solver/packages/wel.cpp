/// WEL: specified-rate wells. `rate` is the entry's total rate in L3/T,
/// negative for pumping, split equally over the entry's cells (a well
/// screened over several layers: give `layers: [first, last]`).
///
/// A pumping well in a convertible cell cannot take more water than the cell
/// holds: as the head falls into the lowest `reduction` fraction of the cell
/// thickness the rate tapers smoothly to zero (MODFLOW 6 AUTO_FLOW_REDUCE),
/// and the shortfall is reported after each step.
///
///   - type: wel
///     name: supply
///     xy: [651.5, 498.4]
///     layers: [6, 10]
///     rate: -400.0                   # or {periods: {1: -400.0, 2: 0.0}} or a time series
///     reduction: 0.1                 # default 0.1 of the cell thickness; 0 turns it off
///     concentration: {tce: 0.0}      # of injected water (rate > 0), for transport

#include "solver/packages/package_types.hpp"

#include <fmt/format.h>

#include "mesh/base/parallel.hpp"
#include "solver/flow/saturation.hpp"
#include "solver/packages/cell_selection.hpp"
#include "solver/packages/entries.hpp"

namespace aquaplume {
namespace {

class Well final : public Package {
 public:
  Well(const Section& spec, const PackageContext& context) : Package("wel", package_name(spec, "wel"), spec.loc()) {
    const double factor = context.units->to_internal(3, -1);
    reduction_ = spec.number_or("reduction", 0.1, Limits::between(0.0, 1.0));
    for (const Section& e : package_entries(spec)) {
      const auto index = register_entry(e, spec, context);
      auto cells = parse_selection(e, context, SelectionKind::Cells, true, &spec);
      auto rate = entry_value(e, spec, "rate", factor, context);
      if (cells && rate) entries_.push_back({*cells, *rate, {}, 0, index});
    }
  }

  void bind(const CellGraph& graph, ErrorList&) override {
    graph_ = &graph;
    for (auto& e : entries_) {
      e.owned = e.cells.owned_cells(graph);
      e.cells_total = sum_over_ranks(static_cast<std::int64_t>(e.owned.size()), graph.comm);
    }
  }

  void formulate(const FlowState& state, BoundaryTerms& terms) override {
    asked_ = taken_ = 0.0;
    reduced_cells_ = 0;
    for (const auto& e : entries_) {
      if (e.cells_total == 0) continue;
      const double q = e.rate.at(state.period, state.time) / static_cast<double>(e.cells_total);
      for (auto c : e.owned) {
        if (q >= 0.0 || reduction_ <= 0.0 || !state.convertible[c]) {
          terms.add(c, 0.0, -q, e.index);
          asked_ += q;
          taken_ += q;
          continue;
        }
        // q(h) = Q f(h), f rising from 0 at the cell bottom to 1 at bottom + reduction x thickness;
        // linearised at the current head for Newton: hcof = Q f', rhs = Q f' h - Q f.
        const double bottom = graph_->bottom[c];
        const Saturation f = smooth_ramp(state.head[c], bottom, bottom + reduction_ * graph_->thickness(c));
        const double h = state.head[c];
        terms.add(c, q * f.derivative, q * f.derivative * h - q * f.value, e.index);
        asked_ += q;
        taken_ += q * f.value;
        if (f.value < 1.0) ++reduced_cells_;
      }
    }
  }

  // The taper acts only in convertible cells, which make the model nonlinear anyway.
  bool nonlinear() const override { return false; }

  std::string step_note(MPI_Comm comm) const override {
    const double asked = sum_over_ranks(asked_, comm), taken = sum_over_ranks(taken_, comm);
    const auto cells = sum_over_ranks(static_cast<std::int64_t>(reduced_cells_), comm);
    if (cells == 0 || asked >= 0.0) return {};
    return fmt::format("{}: {} drying cell(s) yield {:.4g} of the {:.4g} m3/d asked ({:.1f} % less)", name(), cells,
                       -taken, -asked, 100.0 * (1.0 - taken / asked));
  }

 private:
  struct Entry {
    CellSelection cells;
    ScheduledValue rate;  // [m3/d], total of the entry
    std::vector<std::int32_t> owned;
    std::int64_t cells_total;  // over all ranks
    std::int32_t index;
  };
  const CellGraph* graph_ = nullptr;
  double reduction_ = 0.1;
  std::vector<Entry> entries_;
  double asked_ = 0.0, taken_ = 0.0;  // [m3/d] at the last formulation, this rank
  int reduced_cells_ = 0;
};

}  // namespace

std::unique_ptr<Package> make_wel(const Section& spec, const PackageContext& context) {
  return std::make_unique<Well>(spec, context);
}

}  // namespace aquaplume

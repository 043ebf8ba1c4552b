/// EVT: evapotranspiration from the water table, from the top cell of each
/// column (MODFLOW EVT): the full `rate` when the head is at or above the ET
/// `surface`, falling linearly to zero at `depth` below it:
///
///   q = -rate A                                    h >= surface
///   q = -rate A (h - (surface - depth)) / depth     surface - depth < h < surface
///   q = 0                                          h <= surface - depth
///
///   - type: evt
///     surface: 100.0         # [L] number or 2D array (often the land surface)
///     rate: 0.0004           # [L/T] maximum rate, number or 2D array, optionally {periods: ...}
///     depth: 2.0             # [L] extinction depth, number or 2D array

#include "solver/packages/package_types.hpp"

#include "solver/packages/cell_selection.hpp"
#include "solver/packages/entries.hpp"
#include "solver/packages/period_array.hpp"

namespace aquaplume {
namespace {

class Evapotranspiration final : public Package {
 public:
  Evapotranspiration(const Section& spec, const PackageContext& context)
      : Package("evt", package_name(spec, "evt"), spec.loc()), grid_(context.grid) {
    const Units& u = *context.units;
    const ArrayShape plan = grid_->column_shape();
    for (const Section& e : package_entries(spec)) {
      const auto index = register_entry(e, spec, context);
      auto cells = parse_selection(e, context, SelectionKind::Columns, false, &spec);
      auto array = [&](const char* key, double factor, Limits limits) -> std::optional<PeriodArray> {
        const InputNode* node = e.has(key) ? e.get(key) : spec.get(key);
        if (!node) {
          e.error(key, "missing; expected a number or a 2D array");
          return std::nullopt;
        }
        auto a = parse_period_array(*node, plan, factor, context, e.errors());
        if (a)
          for (const auto& [first, arr] : a->all())
            if (auto c = arr->constant(); c && !limits.violation(*c).empty())
              e.errors().add(node->loc, "expected a value " + limits.violation(*c));
        return a;
      };
      auto surface = array("surface", u.length_factor(), {});
      auto rate = array("rate", u.to_internal(1, -1), Limits::non_negative());
      auto depth = array("depth", u.length_factor(), Limits::positive());
      if (surface && rate && depth)
        entries_.push_back({cells ? *cells : whole_grid(*grid_, SelectionKind::Columns), {*surface}, {*rate}, {*depth},
                            index, {}});
    }
  }

  void bind(const CellGraph& graph, ErrorList& errors) override {
    graph_ = &graph;
    for (auto& e : entries_) {
      // The top cell of each selected column: layer 1.
      std::vector<std::int64_t> columns;
      top_cells(e.cells, graph, e.owned, columns);
      // Every version of each array, for this rank's columns only; periods pick one.
      e.surface.read(columns, {}, errors);
      e.rate.read(columns, Limits::non_negative(), errors);
      e.depth.read(columns, Limits::positive(), errors);
    }
  }

  void prepare_period(int period) override {
    for (auto& e : entries_) {
      e.surface.select(period);
      e.rate.select(period);
      e.depth.select(period);
    }
  }

  void formulate(const FlowState& state, BoundaryTerms& terms) override {
    for (const auto& e : entries_) {
      if (!e.surface.now || !e.rate.now || !e.depth.now) continue;
      for (std::size_t i = 0; i < e.owned.size(); ++i) {
        const auto c = e.owned[i];
        const double max_q = (*e.rate.now)[i] * graph_->plan_area(c);
        const double s = (*e.surface.now)[i], x = (*e.depth.now)[i], h = state.head[c];
        if (h >= s) terms.add(c, 0.0, max_q, e.index);
        else if (h > s - x) terms.add(c, -max_q / x, -max_q * (s - x) / x, e.index);
        else terms.add(c, 0.0, 0.0, e.index);
      }
    }
  }

  bool nonlinear() const override { return true; }

 private:
  /// A period array's values at this rank's columns, for every version.
  struct Values {
    PeriodArray array;
    std::vector<std::vector<double>> versions;
    const std::vector<double>* now = nullptr;
    void read(const std::vector<std::int64_t>& columns, Limits limits, ErrorList& errors) {
      versions.clear();
      for (const auto& [first, a] : array.all()) versions.push_back(read_checked(*a, columns, limits, errors));
    }
    void select(int period) {
      now = nullptr;
      for (std::size_t v = 0; v < array.all().size(); ++v)
        if (array.all()[v].first <= period) now = &versions[v];
    }
  };
  struct Entry {
    CellSelection cells;
    Values surface, rate, depth;
    std::int32_t index;
    std::vector<std::int32_t> owned;
  };
  const StructuredGridSpec* grid_;
  const CellGraph* graph_ = nullptr;
  std::vector<Entry> entries_;
};

}  // namespace

std::unique_ptr<Package> make_evt(const Section& spec, const PackageContext& context) {
  return std::make_unique<Evapotranspiration>(spec, context);
}

}  // namespace aquaplume

/// CHD: constant (specified) head cells. The head of each selected cell is
/// fixed; its budget term is the water that must enter or leave there to hold
/// it, computed by the shared flow code from the connections of the cell.
///
///   - type: chd
///     name: west_boundary
///     cols: 1
///     head: 55.0

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
      auto cells = parse_selection(e, context, SelectionKind::Cells, true);
      auto head = entry_number(e, spec, "head");
      if (cells && head) entries_.push_back({*cells, *head * context.units->length_factor(), {}});
    }
  }

  void bind(const CellGraph& graph, ErrorList&) override {
    for (auto& e : entries_) e.owned = e.cells.owned_cells(graph);
  }

  void formulate(const FlowState&, BoundaryTerms& terms) override {
    for (const auto& e : entries_)
      for (auto c : e.owned) terms.fix(c, e.head);
  }

 private:
  struct Entry {
    CellSelection cells;
    double head;  // [m]
    std::vector<std::int32_t> owned;
  };
  std::vector<Entry> entries_;
};

}  // namespace

std::unique_ptr<Package> make_chd(const Section& spec, const PackageContext& context) {
  return std::make_unique<ConstantHead>(spec, context);
}

}  // namespace aquaplume

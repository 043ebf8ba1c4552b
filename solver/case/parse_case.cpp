/// Reads a case from its input tree. The schema is documented with examples in
/// cases/README.md; keep the two in step.

#include <fmt/format.h>

#include "solver/case/case_spec.hpp"
#include "solver/transport/parse_transport.hpp"

namespace aquaplume {
namespace {

/// delr / delc: one number for all, or one per column / row; all > 0.
std::vector<double> parse_spacing(const Section& grid, std::string_view key, std::int64_t n, double factor) {
  std::vector<double> out;
  const InputNode* node = grid.get(key);
  if (!node) {
    grid.error(key, "missing; expected a cell size (a number or a list)");
    return out;
  }
  ErrorList& errors = grid.errors();
  if (node->is_scalar()) {
    if (auto v = read_number(*node, errors, Limits::positive())) out.assign(static_cast<std::size_t>(n), *v * factor);
    return out;
  }
  if (node->is_sequence() && static_cast<std::int64_t>(node->items.size()) == n) {
    bool ok = true;
    for (const auto& item : node->items) {
      auto v = read_number(item, errors, Limits::positive());
      ok = ok && v;
      out.push_back(v.value_or(1.0) * factor);
    }
    if (!ok) out.clear();
    return out;
  }
  errors.add(node->loc, fmt::format("expected a number or a list of {} numbers, got {}", n,
                                    node->is_sequence() ? fmt::format("{} numbers", node->items.size())
                                                        : node->describe()));
  return out;
}

/// An array under the first of `keys` present; nullptr (and an error if
/// `required`) when none is. A constant breaking `limits` is reported here;
/// other values are checked when each rank reads its cells.
CellArrayPtr parse_property(const Section& s, std::vector<std::string_view> keys, ArrayShape shape,
                            double factor, Limits limits, bool required, const ArrayOpener& opener) {
  const InputNode* node = nullptr;
  std::string_view used;
  for (auto key : keys) {
    if (s.has(key)) {
      if (node) {
        s.error(key, fmt::format("give only one of '{}' and '{}'", used, key));
        continue;
      }
      node = s.get(key);
      used = key;
    } else {
      s.get(key);  // known key, for did-you-mean
    }
  }
  if (!node) {
    if (required) s.error(keys.front(), "missing; expected a number, a list or {file: ...}");
    return nullptr;
  }
  auto array = parse_cell_array(*node, shape, opener, s.errors());
  if (!array) return nullptr;
  if (auto c = array->constant()) {
    if (auto bad = limits.violation(*c); !bad.empty()) {
      s.errors().add(node->loc, fmt::format("expected a value {}, got {}", bad, *c));
      return nullptr;
    }
  }
  return scale_array(array, factor);
}

void parse_grid(const Section& root, CaseSpec& spec, const ArrayOpener& opener) {
  auto grid = root.section("grid");
  if (!grid) return;
  StructuredGridSpec& g = spec.grid;
  g.loc = grid->loc();
  const Limits count = Limits::between(1, 1e9);
  auto nlay = grid->integer("nlay", count);
  auto nrow = grid->integer("nrow", count);
  auto ncol = grid->integer("ncol", count);
  if (!nlay || !nrow || !ncol) {
    // Without the sizes the arrays cannot be checked; mark their keys as known.
    for (auto key : {"delr", "delc", "top", "botm", "origin", "idomain"}) {
      if (const InputNode* n = grid->get(key)) n->mark_used();
    }
    return;
  }
  g.nlay = *nlay;
  g.nrow = *nrow;
  g.ncol = *ncol;
  ErrorList& errors = grid->errors();
  check_grid(g, errors);
  const double f = spec.units.length_factor();
  g.delr = parse_spacing(*grid, "delr", g.ncol, f);
  g.delc = parse_spacing(*grid, "delc", g.nrow, f);
  if (const InputNode* origin = grid->get("origin")) {
    if (origin->is_sequence() && origin->items.size() == 2) {
      g.xorigin = read_number(origin->items[0], errors).value_or(0.0) * f;
      g.yorigin = read_number(origin->items[1], errors).value_or(0.0) * f;
    } else {
      errors.add(origin->loc, fmt::format("expected [x, y] of the south-west corner, got {}", origin->describe()));
    }
  }
  g.top = parse_property(*grid, {"top"}, g.column_shape(), f, {}, true, opener);
  g.botm = parse_property(*grid, {"botm"}, g.shape(), f, {}, true, opener);
  if (g.nlay > 1 && g.botm && g.botm->constant())
    grid->error("botm", fmt::format("one bottom for {} layers would make them empty; give one per layer",
                                    g.nlay));
}

void parse_properties(const Section& root, CaseSpec& spec, const ArrayOpener& opener) {
  auto props = root.section("properties");
  if (!props || spec.grid.nlay < 1) return;
  const ArrayShape shape = spec.grid.shape();
  const double velocity = spec.units.to_internal(1, -1);
  FlowProperties& p = spec.properties;
  p.kx = parse_property(*props, {"k", "kh", "kx"}, shape, velocity, Limits::positive(), true, opener);
  p.ky = parse_property(*props, {"ky"}, shape, velocity, Limits::positive(), false, opener);
  p.kz = parse_property(*props, {"kz", "kv"}, shape, velocity, Limits::positive(), false, opener);
  p.specific_storage = parse_property(*props, {"ss"}, shape, spec.units.to_internal(-1, 0),
                                      Limits::non_negative(), false, opener);
  if (!p.ky) p.ky = p.kx;
  if (!p.kz) p.kz = p.kx;
  if (!p.specific_storage) p.specific_storage = make_constant_array(1e-5, shape, props->loc());
}

void parse_solver(const Section& root, CaseSpec& spec) {
  FlowSolverSettings& s = spec.solver;
  auto solver = root.maybe_section("solver");
  if (!solver) return;
  s.head_tolerance = solver->number_or("head_tolerance", 1e-6, Limits::positive()) * spec.units.length_factor();
  s.max_outer_iterations = static_cast<int>(solver->integer_or("max_iterations", 100, Limits::between(1, 1e6)));
  s.budget_tolerance = solver->number_or("budget_tolerance", 0.01, Limits::positive());
  auto partition = solver->word_or("partition", "geometric", {"geometric", "ptscotch"});
  s.partition = partition == "ptscotch" ? PartitionMethod::PtScotch : PartitionMethod::Geometric;
  if (auto linear = solver->maybe_section("linear")) {
    s.linear.ksp_type = linear->word_or("method", s.linear.ksp_type, {"cg", "bcgs", "gmres", "fgmres", "preonly"});
    s.linear.pc_type = linear->word_or("preconditioner", s.linear.pc_type,
                                       {"hypre", "gamg", "ilu", "bjacobi", "jacobi", "lu", "none"});
    s.linear.relative_tolerance = linear->number_or("relative_tolerance", s.linear.relative_tolerance,
                                                    Limits::between(1e-300, 0.5));
    s.linear.max_iterations = static_cast<int>(linear->integer_or("max_iterations", s.linear.max_iterations,
                                                                  Limits::between(1, 1e7)));
  }
}

void parse_output(const Section& root, CaseSpec& spec) {
  OutputSettings& o = spec.output;
  auto output = root.maybe_section("output");
  if (!output) return;
  o.directory = output->word_or("directory", "");
  o.xdmf = output->flag_or("xdmf", true);
  o.vtk = output->flag_or("vtk", true);
  o.compress = output->flag_or("compress", false);
  if (const InputNode* save = output->get("save")) {
    if (save->is_map()) {
      Section every(*save, root.errors());
      o.control.mode = OutputControl::Mode::Every;
      o.control.every = static_cast<int>(every.integer("every", Limits::between(1, 1e9)).value_or(1));
    } else {
      auto mode = read_text(*save, root.errors()).value_or("all");
      if (mode == "all") o.control.mode = OutputControl::Mode::All;
      else if (mode == "last") o.control.mode = OutputControl::Mode::Last;
      else if (mode == "period_ends") o.control.mode = OutputControl::Mode::PeriodEnds;
      else root.errors().add(save->loc, fmt::format("expected all, last, period_ends or {{every: N}}, got '{}'", mode));
    }
  }
}

void parse_packages(const Section& root, CaseSpec& spec, const ArrayOpener& opener) {
  if (!root.has("packages")) {
    root.get("packages");
    return;
  }
  PackageContext context{&spec.grid, &spec.units, &opener, static_cast<int>(spec.periods.size())};
  const bool grid_ok = spec.grid.nlay > 0 && !spec.grid.delr.empty() && !spec.grid.delc.empty();
  std::vector<std::string> names;
  for (const InputNode* item : root.list("packages")) {
    if (!item->is_map()) {
      root.errors().add(item->loc, fmt::format("expected a package (a mapping with 'type'), got {}", item->describe()));
      continue;
    }
    if (!grid_ok) {
      item->mark_used();  // cannot check cell references without a grid
      continue;
    }
    Section package(*item, root.errors());
    auto made = make_package(package, context);
    if (!made) continue;
    for (const auto& n : names)
      if (n == made->name())
        package.error("name", fmt::format("two packages are named '{}'; give each a distinct 'name'", n));
    names.push_back(made->name());
    spec.packages.push_back(std::move(made));
  }
}

}  // namespace

CaseSpec parse_case(std::shared_ptr<const InputNode> tree, const CaseSource& source, ErrorList& errors) {
  CaseSpec spec;
  spec.file = source.file;
  spec.directory = source.directory;
  spec.hash = source.hash;
  spec.tree = tree;
  if (!tree->is_map()) {
    errors.add(tree->loc, fmt::format("expected the case settings (a mapping), got {}", tree->describe()));
    return spec;
  }
  Section root(*tree, errors);
  spec.name = root.word_or("name", "");
  spec.title = root.word_or("title", "");
  spec.units = parse_units(root);
  parse_grid(root, spec, source.open_array);
  parse_properties(root, spec, source.open_array);
  if (spec.grid.nlay > 0) {
    spec.initial_head = parse_property(root, {"initial_head"}, spec.grid.shape(), spec.units.length_factor(), {},
                                       false, source.open_array);
  }
  spec.periods = parse_periods(root, spec.units);
  parse_packages(root, spec, source.open_array);
  parse_solver(root, spec);
  parse_output(root, spec);
  spec.transport = parse_transport(root, spec, source.open_array);
  tree->report_unknown_keys(errors);
  return spec;
}

}  // namespace aquaplume

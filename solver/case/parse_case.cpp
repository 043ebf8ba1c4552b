/// Reads a case from its input tree. The schema is documented with examples in
/// cases/README.md; keep the two in step.

#include <cmath>

#include <fmt/format.h>

#include "solver/case/case_spec.hpp"
#include "solver/risk/risk_spec.hpp"
#include "solver/tracking/tracking_spec.hpp"
#include "solver/case/graded_grid.hpp"
#include "solver/sites/parse_sites.hpp"
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

/// An array from a case value; a constant breaking `limits` is reported here,
/// other values when each rank reads its cells.
CellArrayPtr parse_property_node(const InputNode& node, ArrayShape shape, double factor, Limits limits,
                                 const ArrayOpener& opener, ErrorList& errors) {
  auto array = parse_cell_array(node, shape, opener, errors);
  if (!array) return nullptr;
  if (auto c = array->constant()) {
    if (auto bad = limits.violation(*c); !bad.empty()) {
      errors.add(node.loc, fmt::format("expected a value {}, got {}", bad, *c));
      return nullptr;
    }
  }
  return scale_array(array, factor);
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
        s.get(key)->mark_used();  // a known key, given twice: one problem, not also "unknown"
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
  return parse_property_node(*node, shape, factor, limits, opener, s.errors());
}

/// `convertible: true | false | [per layer] | array of 0/1`: which cells are
/// unconfined (MODFLOW ICELLTYPE). Booleans become 1 and 0.
CellArrayPtr parse_convertible(const Section& props, ArrayShape shape, const ArrayOpener& opener) {
  const InputNode* node = props.get("convertible");
  if (!node) return make_constant_array(0.0, shape, props.loc());
  InputNode numeric = *node;
  auto to_number = [](InputNode& n) {
    if (!n.is_scalar() || n.quoted) return;
    if (n.scalar == "true" || n.scalar == "yes") n.scalar = "1";
    if (n.scalar == "false" || n.scalar == "no") n.scalar = "0";
  };
  to_number(numeric);
  for (auto& item : numeric.items) to_number(item);
  node->mark_used();
  return parse_property_node(numeric, shape, 1.0, Limits::between(0.0, 1.0), opener, props.errors());
}

void parse_grid(const Section& root, CaseSpec& spec, const CaseSource& source) {
  const ArrayOpener& opener = source.open_array;
  auto grid = root.section("grid");
  if (!grid) return;
  StructuredGridSpec& g = spec.grid;
  g.loc = grid->loc();
  const Limits count = Limits::between(1, 1e9);
  // With `extent` the plan (rows, columns, spacings) is generated: graded_grid.hpp.
  const bool generated = grid->has("extent");
  auto nlay = grid->integer("nlay", count);
  std::optional<long long> nrow, ncol;
  if (!generated) {
    nrow = grid->integer("nrow", count);
    ncol = grid->integer("ncol", count);
  } else if (parse_graded_plan(*grid, spec.units, &source.open_polygon, g)) {
    nrow = g.nrow;
    ncol = g.ncol;
  }
  // Without usable sizes the arrays cannot be checked; mark their keys as known.
  auto skip_arrays = [&] {
    for (auto key : {"delr", "delc", "top", "botm", "origin", "idomain"}) {
      if (const InputNode* n = grid->get(key)) n->mark_used();
    }
  };
  if (!nlay || !nrow || !ncol) {
    skip_arrays();
    return;
  }
  g.nlay = *nlay;
  g.nrow = *nrow;
  g.ncol = *ncol;
  ErrorList& errors = grid->errors();
  const std::size_t known_errors = errors.size();
  check_grid(g, errors);
  if (errors.size() > known_errors) {
    // Too many cells: stop before delr/delc (one value per column/row) are
    // allocated, and leave the grid empty so that nothing else sizes by it.
    g.nlay = g.nrow = g.ncol = 0;
    skip_arrays();
    return;
  }
  const double f = spec.units.length_factor();
  if (!generated) {
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
  }
  // Each spacing is finite, but their sum (and the far edge from the origin)
  // may not be; every cell centre and face would then be infinite.
  if (!g.delr.empty() && !std::isfinite(g.width())) {
    grid->error("delr",
                "the column widths add up to more than the largest number (1.8e308); expected "
                "smaller widths");
    g.delr.clear();
  } else if (!g.delr.empty() && !std::isfinite(g.xorigin + g.width())) {
    grid->error("origin",
                "x of the origin plus the grid width is out of range; expected a sum below 1.8e308");
    g.delr.clear();
  }
  if (!g.delc.empty() && !std::isfinite(g.height())) {
    grid->error("delc",
                "the row heights add up to more than the largest number (1.8e308); expected "
                "smaller heights");
    g.delc.clear();
  } else if (!g.delc.empty() && !std::isfinite(g.yorigin + g.height())) {
    grid->error("origin",
                "y of the origin plus the grid height is out of range; expected a sum below 1.8e308");
    g.delc.clear();
  }
  g.top = parse_property(*grid, {"top"}, g.column_shape(), f, {}, true, opener);
  g.botm = parse_property(*grid, {"botm"}, g.shape(), f, {}, true, opener);
  if (g.nlay > 1 && g.botm && g.botm->constant())
    grid->error("botm", fmt::format("one bottom for {} layers would make them empty; give one per layer",
                                    g.nlay));
}

void parse_properties(const Section& root, CaseSpec& spec, const ArrayOpener& opener) {
  auto props = root.section("properties");
  if (!props) return;
  if (spec.grid.nlay < 1) {
    props->node().mark_used();  // cannot be sized without a grid; its keys are not unknown
    return;
  }
  const ArrayShape shape = spec.grid.shape();
  const double velocity = spec.units.to_internal(1, -1);
  FlowProperties& p = spec.properties;
  p.kx = parse_property(*props, {"k", "kh", "kx"}, shape, velocity, Limits::positive(), true, opener);
  p.ky = parse_property(*props, {"ky"}, shape, velocity, Limits::positive(), false, opener);
  p.kz = parse_property(*props, {"kz", "kv"}, shape, velocity, Limits::positive(), false, opener);
  p.specific_storage = parse_property(*props, {"ss"}, shape, spec.units.to_internal(-1, 0),
                                      Limits::non_negative(), false, opener);
  p.porosity = parse_property(*props, {"porosity"}, shape, 1.0, Limits{0.0, 1.0, true}, false, opener);
  p.specific_yield = parse_property(*props, {"sy"}, shape, 1.0, Limits::between(0.0, 1.0), false, opener);
  if (!p.specific_yield) p.specific_yield = make_constant_array(0.1, shape, props->loc());
  p.convertible = parse_convertible(*props, shape, opener);
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
  s.max_step_cuts = static_cast<int>(solver->integer_or("max_step_cuts", s.max_step_cuts, Limits::between(0, 30)));
  auto partition = solver->word_or("partition", "geometric", {"geometric", "ptscotch"});
  s.partition = partition == "ptscotch" ? PartitionMethod::PtScotch : PartitionMethod::Geometric;
  if (auto newton = solver->maybe_section("newton")) {
    s.saturation_smoothing = newton->number_or("saturation_smoothing", s.saturation_smoothing, Limits{0.0, 0.25, true});
    s.minimum_saturation = newton->number_or("minimum_saturation", s.minimum_saturation, Limits{0.0, 0.01, true});
    s.backtracking = static_cast<int>(newton->integer_or("backtracking", s.backtracking, Limits::between(0, 20)));
    s.newton_linear_tolerance =
        newton->number_or("linear_relative_tolerance", s.newton_linear_tolerance, Limits::between(1e-300, 0.5));
  }
  if (auto linear = solver->maybe_section("linear")) {
    s.linear.ksp_type = linear->word_or("method", s.linear.ksp_type, {"auto", "cg", "bcgs", "gmres", "fgmres", "preonly"});
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
  o.check_space = output->flag_or("check_space", true);
  if (auto checkpoint = output->maybe_section("checkpoint")) {
    o.checkpoint_every_steps = static_cast<int>(checkpoint->integer_or("every_steps", 0, Limits::between(0, 1e9)));
    o.checkpoint_every_seconds = checkpoint->number_or("every_seconds", o.checkpoint_every_seconds, Limits::non_negative());
  }
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

PackageContext package_context(const CaseSpec& spec, const CaseSource& source) {
  PackageContext context{&spec.grid, &spec.units, &source.open_array, static_cast<int>(spec.periods.size())};
  context.open_polygon = &source.open_polygon;
  return context;
}

void parse_packages(const Section& root, CaseSpec& spec, const CaseSource& source) {
  if (!root.has("packages")) {
    root.get("packages");
    return;
  }
  const PackageContext context = package_context(spec, source);
  const bool grid_ok = spec.grid.nlay > 0 && !spec.grid.delr.empty() && !spec.grid.delc.empty();
  std::vector<std::string> names;
  for (const InputNode* item : root.list("packages")) {
    if (!item->is_map()) {
      root.errors().add(item->loc, fmt::format("expected a package (a mapping with 'type'), got {}", item->describe()));
      continue;
    }
    Section package(*item, root.errors());
    if (!grid_ok) {
      check_package_without_grid(package);  // cells and arrays need a grid
      continue;
    }
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
  parse_grid(root, spec, source);
  parse_properties(root, spec, source.open_array);
  if (spec.grid.nlay > 0) {
    spec.initial_head = parse_property(root, {"initial_head"}, spec.grid.shape(), spec.units.length_factor(), {},
                                       false, source.open_array);
  } else if (const InputNode* initial_head = root.get("initial_head")) {
    initial_head->mark_used();  // cannot be sized without a grid; not an unknown key
  }
  spec.periods = parse_periods(root, spec.units);
  parse_packages(root, spec, source);
  // Sites (landfills, ponds, industrial zones) become packages after those of `packages:`.
  auto site_sources = sites::parse_sites(root, spec, package_context(spec, source));
  parse_solver(root, spec);
  parse_output(root, spec);
  spec.tracking = tracking::parse_tracking(root, spec, source.open_array, errors);
  spec.transport = parse_transport(root, spec, source.open_array);
  sites::add_site_loadings(std::move(site_sources), spec, errors);
  spec.risk = risk::parse_risk(root, spec, source, errors);
  tree->report_unknown_keys(errors);
  return spec;
}

}  // namespace aquaplume

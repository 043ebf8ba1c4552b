#include "solver/transport/parse_transport.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace aquaplume {
namespace {

/// A 3D array under `key` (number, per-layer list or file), with `fallback`
/// when absent; constants are checked against `limits` here, file values
/// when each rank reads its cells.
CellArrayPtr parse_array(const Section& s, std::string_view key, const CaseSpec& spec, const ArrayOpener& opener,
                         Limits limits, std::optional<double> fallback) {
  const InputNode* node = s.get(key);
  if (!node) {
    if (!fallback) {
      s.error(key, "missing; expected a number, a list per layer or {file: ...}");
      return nullptr;
    }
    return make_constant_array(*fallback, spec.grid.shape(), s.loc_of(key));
  }
  auto array = parse_cell_array(*node, spec.grid.shape(), opener, s.errors());
  if (!array) return nullptr;
  if (auto c = array->constant()) {
    if (auto bad = limits.violation(*c); !bad.empty()) {
      s.errors().add(node->loc, fmt::format("expected a value {}, got {}", bad, *c));
      return nullptr;
    }
  }
  return array;
}

std::string known_species(const std::vector<SpeciesSpec>& species) {
  std::vector<std::string> names;
  for (const auto& s : species) names.push_back(s.name);
  return fmt::format("{}", fmt::join(names, ", "));
}

std::optional<std::size_t> species_index(const std::vector<SpeciesSpec>& species, const std::string& name) {
  for (std::size_t i = 0; i < species.size(); ++i)
    if (species[i].name == name) return i;
  return std::nullopt;
}

/// `{species: value, ...}`, each value a number or a schedule times `factor`.
SpeciesValues parse_species_values(const Section& s, std::string_view key, const std::vector<SpeciesSpec>& species,
                                   double factor, Limits limits, const CaseSpec& spec, const char* what) {
  SpeciesValues out;
  const InputNode* node = s.get(key);
  if (!node) {
    s.error(key, fmt::format("missing; expected {{species: {}, ...}}", what));
    return out;
  }
  if (!node->is_map() || node->entries.empty()) {
    s.errors().add(node->loc, fmt::format("expected {{species: {}, ...}}, got {}", what, node->describe()));
    return out;
  }
  node->find("");  // its keys are species names: none is unknown by the key check
  for (const auto& [name, value] : node->entries) {
    node->find(name);
    auto index = species_index(species, name);
    if (!index) {
      s.errors().add(value.loc, fmt::format("unknown species '{}'; the transport species are {}", name,
                                            known_species(species)));
      value.mark_used();
      continue;
    }
    auto v = parse_scheduled(value, factor, static_cast<int>(spec.periods.size()), spec.units, limits, s.errors());
    if (v) out.emplace_back(*index, *v);
  }
  return out;
}

bool valid_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-' || c == '.';
  });
}

void parse_sorption(const Section& s, SpeciesSpec& species) {
  auto sorption = s.maybe_section("sorption");
  if (!sorption) return;
  Isotherm& iso = species.sorption;
  auto type = sorption->word("type", {"linear", "freundlich", "langmuir"});
  iso.bulk_density = sorption->number("bulk_density", Limits::positive()).value_or(0.0);
  if (!type) return;
  if (*type == "linear") {
    iso.type = Isotherm::Type::Linear;
    iso.kd = sorption->number("kd", Limits::non_negative()).value_or(0.0);
  } else if (*type == "freundlich") {
    iso.type = Isotherm::Type::Freundlich;
    iso.kf = sorption->number("kf", Limits::non_negative()).value_or(0.0);
    iso.exponent = sorption->number("exponent", Limits::between(0.05, 5.0)).value_or(1.0);
  } else {
    iso.type = Isotherm::Type::Langmuir;
    iso.kl = sorption->number("kl", Limits::positive()).value_or(0.0);
    iso.capacity = sorption->number("capacity", Limits::non_negative()).value_or(0.0);
  }
}

/// `key: rate` (dissolved phase; `both_phases`: both) or `key: {dissolved: ..., sorbed: ...}`.
/// Returns true when a sorbed-phase rate was written out.
bool parse_phase_rates(const Section& s, std::string_view key, double factor, bool both_phases, Limits limits,
                       double& dissolved, double& sorbed) {
  const InputNode* node = s.get(key);
  if (!node) return false;
  if (node->is_scalar()) {
    dissolved = read_number(*node, s.errors(), limits).value_or(0.0) * factor;
    if (both_phases) sorbed = dissolved;
    return false;
  }
  if (!node->is_map()) {
    s.errors().add(node->loc, fmt::format("expected a number or {{dissolved: ..., sorbed: ...}}, got {}",
                                          node->describe()));
    return false;
  }
  Section phases(*node, s.errors());
  dissolved = phases.number_or("dissolved", 0.0, limits) * factor;
  sorbed = phases.number_or("sorbed", 0.0, limits) * factor;
  return phases.has("sorbed") && sorbed > 0.0;
}

std::optional<SpeciesSpec> parse_species(const InputNode& item, const CaseSpec& spec, const ArrayOpener& opener,
                                         ErrorList& errors) {
  if (!item.is_map()) {
    errors.add(item.loc, fmt::format("expected a species (a mapping with 'name'), got {}", item.describe()));
    return std::nullopt;
  }
  Section s(item, errors);
  SpeciesSpec sp;
  sp.loc = item.loc;
  sp.name = s.word("name").value_or("");
  if (s.has("name") && !valid_name(sp.name))
    s.error("name", fmt::format("'{}' is not a usable species name: use letters, digits, '_', '-' or '.'", sp.name));
  const Units& u = spec.units;
  sp.porosity = parse_array(s, "porosity", spec, opener, {0.0, 1.0, true}, std::nullopt);
  sp.initial = parse_array(s, "initial", spec, opener, Limits::non_negative(), 0.0);
  sp.diffusion = s.number_or("diffusion", 0.0, Limits::non_negative()) * u.to_internal(2, -1);
  if (const InputNode* d = s.get("dispersivity")) {
    if (!d->is_map()) {
      errors.add(d->loc, fmt::format("expected {{longitudinal: ..., transverse_horizontal: ..., "
                                     "transverse_vertical: ...}}, got {}", d->describe()));
    } else {
      Section disp(*d, errors);
      const double f = u.length_factor();
      sp.longitudinal = disp.number("longitudinal", Limits::non_negative()).value_or(0.0) * f;
      sp.transverse_horizontal = disp.number("transverse_horizontal", Limits::non_negative()).value_or(0.0) * f;
      sp.transverse_vertical = disp.number("transverse_vertical", Limits::non_negative()).value_or(0.0) * f;
    }
  }
  parse_sorption(s, sp);
  const double per_time = u.to_internal(0, -1);
  const bool sorbed_decay =
      parse_phase_rates(s, "decay", per_time, true, Limits::non_negative(), sp.decay_dissolved, sp.decay_sorbed);
  const bool sorbed_production = parse_phase_rates(s, "production", per_time, false, Limits::non_negative(),
                                                   sp.production_dissolved, sp.production_sorbed);
  // A sorbed-phase rate without a sorbed phase would be silently ignored.
  if ((sorbed_decay || sorbed_production) && !s.has("sorption"))
    s.error(sorbed_decay ? "decay" : "production", "a sorbed-phase rate needs a sorbed phase: add 'sorption'");
  if (sp.name.empty()) return std::nullopt;
  return sp;
}

void parse_time(const Section& t, const Units& u, TransportTimeSettings& time) {
  auto scheme = t.word_or("scheme", "backward_euler", {"backward_euler", "crank_nicolson"});
  time.scheme = scheme == "crank_nicolson" ? TimeScheme::CrankNicolson : TimeScheme::BackwardEuler;
  time.max_dt = t.number_or("max_dt", 0.0, Limits::positive()) * u.time_factor();
  time.courant = t.number_or("courant", 0.0, Limits::positive());
  time.min_dt = t.number_or("min_dt", 0.0, Limits::positive()) * u.time_factor();
}

void parse_solver(const Section& s, TransportSolverSettings& solver) {
  solver.nonlinear_tolerance = s.number_or("nonlinear_tolerance", solver.nonlinear_tolerance, Limits::positive());
  solver.relative_tolerance = s.number_or("relative_tolerance", solver.relative_tolerance,
                                          Limits::between(1e-300, 0.1));
  solver.max_iterations = static_cast<int>(s.integer_or("max_iterations", solver.max_iterations,
                                                        Limits::between(1, 1e6)));
  solver.budget_tolerance = s.number_or("budget_tolerance", solver.budget_tolerance, Limits::positive());
  if (auto linear = s.maybe_section("linear")) {
    petsc::LinearSolverSettings& l = solver.linear;
    l.ksp_type = linear->word_or("method", l.ksp_type, {"bcgs", "gmres", "fgmres", "richardson"});
    l.pc_type = linear->word_or("preconditioner", l.pc_type,
                                {"bjacobi", "ilu", "hypre", "gamg", "sor", "jacobi", "asm", "none"});
    l.max_iterations = static_cast<int>(linear->integer_or("max_iterations", l.max_iterations,
                                                           Limits::between(1, 1e7)));
  }
}

/// `constant_concentration`, `mass_loading` and `observations` entries: a
/// name, a cell selection (as the packages') and their values.
template <typename Entry, typename Fill>
std::vector<Entry> parse_entries(const Section& t, std::string_view key, const PackageContext& context,
                                 const char* default_name, Fill&& fill) {
  std::vector<Entry> out;
  if (!t.has(key)) {
    t.get(key);
    return out;
  }
  std::vector<std::string> names;
  int index = 0;
  for (const InputNode* item : t.list(key)) {
    ++index;
    if (!item->is_map()) {
      t.errors().add(item->loc, fmt::format("expected an entry (a mapping), got {}", item->describe()));
      continue;
    }
    Section e(*item, t.errors());
    Entry entry;
    entry.loc = item->loc;
    entry.name = e.word_or("name", fmt::format("{}_{}", default_name, index));
    if (!valid_name(entry.name))
      e.error("name", fmt::format("'{}' is not a usable name: use letters, digits, '_', '-' or '.'", entry.name));
    if (std::find(names.begin(), names.end(), entry.name) != names.end())
      e.error("name", fmt::format("two entries are named '{}'", entry.name));
    names.push_back(entry.name);
    if (fill(e, entry, context)) out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

std::optional<TransportSpec> parse_transport(const Section& root, const CaseSpec& spec, const ArrayOpener& opener) {
  const InputNode* node = root.get("transport");
  if (!node || node->is_null()) return std::nullopt;
  ErrorList& errors = root.errors();
  if (!node->is_map()) {
    errors.add(node->loc, fmt::format("expected the transport settings (a mapping), got {}", node->describe()));
    return std::nullopt;
  }
  const bool grid_ok = spec.grid.nlay > 0 && !spec.grid.delr.empty() && !spec.grid.delc.empty();
  if (!grid_ok) {
    node->mark_used();  // cannot check arrays and cells without a grid
    return std::nullopt;
  }
  Section t(*node, errors);
  TransportSpec out;
  out.loc = node->loc;

  for (const InputNode* item : t.list("species")) {
    auto sp = parse_species(*item, spec, opener, errors);
    if (!sp) continue;
    if (species_index(out.species, sp->name))
      errors.add(item->loc, fmt::format("two species are named '{}'", sp->name));
    else
      out.species.push_back(std::move(*sp));
  }
  if (out.species.empty() && t.has("species")) t.error("species", "expected at least one species");

  out.advection = t.word_or("advection", "tvd", {"tvd", "upstream"}) == "upstream" ? AdvectionScheme::Upstream
                                                                                   : AdvectionScheme::Tvd;
  out.cross_dispersion = t.flag_or("cross_dispersion", false);
  if (auto time = t.maybe_section("time")) parse_time(*time, spec.units, out.time);
  out.solver.linear.ksp_type = "bcgs";
  out.solver.linear.pc_type = "bjacobi";
  out.solver.linear.max_iterations = 500;
  out.solver.linear.options_prefix = "transport_";
  if (auto solver = t.maybe_section("solver")) parse_solver(*solver, out.solver);

  PackageContext context{&spec.grid, &spec.units, &opener, static_cast<int>(spec.periods.size())};
  const auto& species = out.species;
  out.constant_concentration = parse_entries<ConstantConcentrationSpec>(
      t, "constant_concentration", context, "constant_concentration",
      [&](const Section& e, ConstantConcentrationSpec& entry, const PackageContext& c) {
        auto cells = parse_selection(e, c, SelectionKind::Cells, true);
        entry.concentration = parse_species_values(e, "concentration", species, 1.0, Limits::non_negative(), spec,
                                                   "concentration in mg/L");
        if (!cells) return false;
        entry.cells = *cells;
        return !entry.concentration.empty();
      });
  out.mass_loading = parse_entries<MassLoadingSpec>(
      t, "mass_loading", context, "mass_loading",
      [&](const Section& e, MassLoadingSpec& entry, const PackageContext& c) {
        auto cells = parse_selection(e, c, SelectionKind::Cells, true);
        entry.rate = parse_species_values(e, "rate", species, spec.units.to_internal(0, -1), Limits::any(), spec,
                                          "mass rate in g per time unit");
        if (!cells) return false;
        entry.cells = *cells;
        return !entry.rate.empty();
      });
  out.observations = parse_entries<ObservationSpec>(
      t, "observations", context, "observation",
      [&](const Section& e, ObservationSpec& entry, const PackageContext& c) {
        auto cells = parse_selection(e, c, SelectionKind::Cells, true);
        if (!cells) return false;
        std::int64_t count = 0;
        for (const auto& box : cells->boxes) count += box.count();
        if (count != 1) {
          errors.add(cells->loc, fmt::format("an observation point is one cell; this selects {}", count));
          return false;
        }
        entry.cell = *cells;
        return true;
      });

  // Inflow concentrations of the packages must name transport species.
  for (const auto& package : spec.packages)
    for (const auto& [name, loc] : package->concentration_species())
      if (!species_index(out.species, name) && !out.species.empty())
        errors.add(loc, fmt::format("unknown species '{}'; the transport species are {}", name,
                                    known_species(out.species)));
  return out;
}

}  // namespace aquaplume

#include "solver/transport/species_balance.hpp"
#include "solver/transport/threading.hpp"

#include <algorithm>
#include <cmath>

namespace aquaplume {

double SpeciesBalance::elastic(std::int32_t n) const {
  const double pore = (*in_.porosity)[n] * in_.graph->volume(n);
  return in_.storage_flow[n] + pore * (in_.saturation_end[n] - in_.saturation_start[n]) / in_.flow_dt;
}

double SpeciesBalance::face_outflow(std::int32_t n, std::span<const double> c) const {
  const CellGraph& g = *in_.graph;
  const Connections& cn = g.connections;
  double out = in_.explicit_outflow.empty() ? 0.0 : in_.explicit_outflow[n];
  for (std::int32_t i = g.conn_offset[n]; i < g.conn_offset[n + 1]; ++i) {
    const auto k = static_cast<std::size_t>(g.conn_of[i]);
    const bool is_a = cn.a[k] == n;
    const std::int32_t m = is_a ? cn.b[k] : cn.a[k];
    const double q = is_a ? in_.face_flow[k] : -in_.face_flow[k];  // water n -> m
    // Upstream advection and dispersion, n -> m.
    out += (q > 0.0 ? q * c[n] : q * c[m]) + in_.conductance[k] * (c[n] - c[m]);
  }
  return out;
}

double SpeciesBalance::held_scale(std::int32_t n) const {
  const CellGraph& g = *in_.graph;
  double s = (*in_.porosity)[n] * g.volume(n) * saturation(n, in_.fraction_new) / in_.dt;
  for (std::int32_t i = g.conn_offset[n]; i < g.conn_offset[n + 1]; ++i) {
    const auto k = static_cast<std::size_t>(g.conn_of[i]);
    s += std::abs(in_.face_flow[k]) + in_.conductance[k];
  }
  return s > 0.0 ? s : 1.0;
}

void SpeciesBalance::level_terms(std::span<const double> c, std::span<const double> inflow,
                                 std::span<const double> loading, double fraction, std::span<double> terms) const {
  const CellGraph& g = *in_.graph;
  const SpeciesSpec& sp = *in_.species;
  const Isotherm& iso = sp.sorption;
#pragma omp parallel for schedule(static) if (g.n_owned > threaded_loop())
  for (std::int32_t n = 0; n < g.n_owned; ++n) {
    const double flux = face_outflow(n, c);
    if (held(n)) {
      terms[n] = flux;
      continue;
    }
    const double sat = saturation(n, fraction);
    const double water = (*in_.porosity)[n] * g.volume(n) * sat;
    const double solids = iso.bulk_density * g.volume(n) * sat;
    const double sorbed = iso.sorbed(c[n]);
    terms[n] = -flux + inflow[n] + loading[n] + (elastic(n) - in_.sink[n]) * c[n] -
               sp.decay_dissolved * water * c[n] - sp.decay_sorbed * solids * sorbed +
               sp.production_dissolved * water + sp.production_sorbed * solids;
  }
}

void SpeciesBalance::residual(std::span<const double> c, std::span<const double> c_old,
                              std::span<const double> inflow, std::span<const double> loading,
                              std::span<double> r) const {
  const CellGraph& g = *in_.graph;
  const Isotherm& iso = in_.species->sorption;
  level_terms(c, inflow, loading, in_.fraction_new, r);
  const bool has_old = !in_.old_level.empty();
#pragma omp parallel for schedule(static) if (g.n_owned > threaded_loop())
  for (std::int32_t n = 0; n < g.n_owned; ++n) {
    if (held(n)) {
      r[n] = held_scale(n) * (in_.target[n] - c[n]);
      continue;
    }
    const double volume = g.volume(n);
    const double s1 = saturation(n, in_.fraction_new), s0 = saturation(n, in_.fraction_old);
    const double theta = (*in_.porosity)[n];
    const double mass_new = volume * s1 * (theta * c[n] + iso.bulk_density * iso.sorbed(c[n]));
    const double mass_old = volume * s0 * (theta * c_old[n] + iso.bulk_density * iso.sorbed(c_old[n]));
    r[n] = -(mass_new - mass_old) / in_.dt + in_.weight * r[n] + (has_old ? in_.old_level[n] : 0.0);
  }
}

void SpeciesBalance::jacobian(std::span<const double> c, petsc::CellMatrix& matrix) const {
  const CellGraph& g = *in_.graph;
  const Connections& cn = g.connections;
  const SpeciesSpec& sp = *in_.species;
  const Isotherm& iso = sp.sorption;
  const double w = in_.weight;
  std::span<double> values = matrix.values();
#pragma omp parallel for schedule(static) if (g.n_owned > threaded_loop())
  for (std::int32_t n = 0; n < g.n_owned; ++n) {
    const std::int32_t first = g.conn_offset[n], count = g.conn_offset[n + 1] - first;
    if (held(n)) {
      for (std::int32_t i = 0; i < count; ++i) values[matrix.off_diagonal(n, i)] = 0.0;
      values[matrix.diagonal(n)] = held_scale(n);
      continue;
    }
    double diagonal = 0.0;
    for (std::int32_t i = 0; i < count; ++i) {
      const auto k = static_cast<std::size_t>(g.conn_of[first + i]);
      const double q = cn.a[k] == n ? in_.face_flow[k] : -in_.face_flow[k];  // water n -> m
      const double conductance = in_.conductance[k];
      diagonal += std::max(q, 0.0) + conductance;
      values[matrix.off_diagonal(n, i)] = -w * (std::max(-q, 0.0) + conductance);
    }
    const double volume = g.volume(n);
    const double sat = saturation(n, in_.fraction_new);
    const double water = (*in_.porosity)[n] * volume * sat;
    const double solids = iso.bulk_density * volume * sat;
    const double slope = iso.sorbs() ? iso.slope(c[n]) : 0.0;
    diagonal += in_.sink[n] - elastic(n) + sp.decay_dissolved * water + sp.decay_sorbed * solids * slope;
    values[matrix.diagonal(n)] = (water + solids * slope) / in_.dt + w * diagonal;
  }
  matrix.assemble();
}

MatrixRows::MatrixRows(const CellGraph& g, const petsc::CellMatrix& matrix) {
  start.resize(static_cast<std::size_t>(g.n_owned) + 1, 0);
  for (std::int32_t n = 0; n < g.n_owned; ++n) {
    std::size_t first = matrix.diagonal(n);
    const std::int32_t count = g.conn_offset[n + 1] - g.conn_offset[n];
    for (std::int32_t i = 0; i < count; ++i) first = std::min(first, matrix.off_diagonal(n, i));
    start[static_cast<std::size_t>(n)] = first;
    start[static_cast<std::size_t>(n) + 1] = first + static_cast<std::size_t>(count) + 1;
  }
  column.resize(start.back());
  for (std::int32_t n = 0; n < g.n_owned; ++n) {
    column[matrix.diagonal(n)] = n;
    for (std::int32_t i = g.conn_offset[n]; i < g.conn_offset[n + 1]; ++i)
      column[matrix.off_diagonal(n, i - g.conn_offset[n])] = g.other(static_cast<std::size_t>(g.conn_of[i]), n);
  }
}

void SpeciesBalance::constant_part(std::span<const double> c_old, std::span<const double> inflow,
                                   std::span<const double> loading, std::span<double> b) const {
  const CellGraph& g = *in_.graph;
  const SpeciesSpec& sp = *in_.species;
  const Isotherm& iso = sp.sorption;
  const bool has_old = !in_.old_level.empty();
#pragma omp parallel for schedule(static) if (g.n_owned > threaded_loop())
  for (std::int32_t n = 0; n < g.n_owned; ++n) {
    if (held(n)) {
      b[n] = held_scale(n) * in_.target[n];
      continue;
    }
    const double volume = g.volume(n);
    const double s0 = saturation(n, in_.fraction_old), s1 = saturation(n, in_.fraction_new);
    const double theta = (*in_.porosity)[n];
    const double mass_old = volume * s0 * (theta * c_old[n] + iso.bulk_density * iso.sorbed(c_old[n]));
    const double production = sp.production_dissolved * theta * volume * s1 + sp.production_sorbed * iso.bulk_density * volume * s1;
    b[n] = mass_old / in_.dt + in_.weight * (inflow[n] + loading[n] + production) + (has_old ? in_.old_level[n] : 0.0);
  }
}

void SpeciesBalance::linear_residual(std::span<const double> c, std::span<const double> b, const MatrixRows& rows,
                                     std::span<const double> values, std::span<double> r) const {
  const CellGraph& g = *in_.graph;
  const bool explicit_flux = !in_.explicit_outflow.empty();
  const double w = in_.weight;
#pragma omp parallel for schedule(static) if (g.n_owned > threaded_loop())
  for (std::int32_t n = 0; n < g.n_owned; ++n) {
    double jc = 0.0;
    for (std::size_t p = rows.start[n]; p < rows.start[n + 1]; ++p) jc += values[p] * c[rows.column[p]];
    const double deferred = explicit_flux && !held(n) ? in_.explicit_outflow[n] : 0.0;
    r[n] = b[n] - jc - w * deferred;
  }
}

double SpeciesBalance::rhs_norm_squared(std::span<const double> c_old, std::span<const double> inflow,
                                        std::span<const double> loading) const {
  const CellGraph& g = *in_.graph;
  const SpeciesSpec& sp = *in_.species;
  const Isotherm& iso = sp.sorption;
  double sum = 0.0;
  for (std::int32_t n = 0; n < g.n_owned; ++n) {
    const double volume = g.volume(n);
    const double sat = saturation(n, in_.fraction_old);
    const double water = (*in_.porosity)[n] * volume * sat, solids = iso.bulk_density * volume * sat;
    double b = (water * c_old[n] + solids * iso.sorbed(c_old[n])) / in_.dt + std::abs(inflow[n]) +
               std::abs(loading[n]) + sp.production_dissolved * water + sp.production_sorbed * solids;
    if (!in_.old_level.empty()) b += std::abs(in_.old_level[n]);
    if (held(n)) b = held_scale(n) * std::abs(in_.target[n]);
    sum += b * b;
  }
  return sum;
}

double SpeciesBalance::max_courant(double dt) const {
  const CellGraph& g = *in_.graph;
  const Connections& cn = g.connections;
  double worst = 0.0;
  for (std::int32_t n = 0; n < g.n_owned; ++n) {
    double out = 0.0;
    for (std::int32_t i = g.conn_offset[n]; i < g.conn_offset[n + 1]; ++i) {
      const auto k = static_cast<std::size_t>(g.conn_of[i]);
      out += std::max(cn.a[k] == n ? in_.face_flow[k] : -in_.face_flow[k], 0.0);
    }
    const double water = (*in_.porosity)[n] * g.volume(n) * std::min(in_.saturation_start[n], in_.saturation_end[n]);
    if (water > 0.0) worst = std::max(worst, dt * out / water);
  }
  return worst;
}

double SpeciesBalance::max_explicit_rate(double advection_factor) const {
  const CellGraph& g = *in_.graph;
  const Connections& cn = g.connections;
  double worst = 0.0;
  for (std::int32_t n = 0; n < g.n_owned; ++n) {
    double rate = in_.sink[n];
    for (std::int32_t i = g.conn_offset[n]; i < g.conn_offset[n + 1]; ++i) {
      const auto k = static_cast<std::size_t>(g.conn_of[i]);
      rate += advection_factor * std::max(cn.a[k] == n ? in_.face_flow[k] : -in_.face_flow[k], 0.0) +
              in_.conductance[k];
    }
    const double water = (*in_.porosity)[n] * g.volume(n) * std::min(in_.saturation_start[n], in_.saturation_end[n]);
    if (water > 0.0) worst = std::max(worst, rate / water + in_.species->decay_dissolved);
  }
  return worst;
}

void SpeciesBalance::book_level(std::span<const double> c, const SourceSinkMixing& mixing,
                                std::span<const double> group_concentration, double fraction, double level_weight,
                                MassBudget& budget) const {
  const CellGraph& g = *in_.graph;
  const SpeciesSpec& sp = *in_.species;
  const Isotherm& iso = sp.sorption;
  const double w = level_weight;
  for (std::int32_t n = 0; n < g.n_owned; ++n) {
    if (held(n)) {
      budget.book(budget.constant_concentration, w * face_outflow(n, c));
      continue;
    }
    const double sat = saturation(n, fraction);
    const double water = (*in_.porosity)[n] * g.volume(n) * sat;
    const double solids = iso.bulk_density * g.volume(n) * sat;
    budget.book(budget.storage_dissolved, w * elastic(n) * c[n]);
    budget.book(budget.decay, -w * (sp.decay_dissolved * water * c[n] + sp.decay_sorbed * solids * iso.sorbed(c[n])));
    budget.book(budget.production, w * (sp.production_dissolved * water + sp.production_sorbed * solids));
  }
  const auto groups = mixing.groups();
  for (const auto& row : mixing.rows()) {
    if (held(row.cell)) continue;
    const double mass = row.flow > 0.0 ? row.flow * group_concentration[row.group] : row.flow * c[row.cell];
    budget.book(budget.package[groups[row.group].package], w * mass);
  }
}

void SpeciesBalance::book_storage(std::span<const double> c, std::span<const double> c_old,
                                  MassBudget& budget) const {
  const CellGraph& g = *in_.graph;
  const Isotherm& iso = in_.species->sorption;
  for (std::int32_t n = 0; n < g.n_owned; ++n) {
    if (held(n)) continue;
    const double volume = g.volume(n);
    const double theta = (*in_.porosity)[n];
    const double s1 = saturation(n, in_.fraction_new), s0 = saturation(n, in_.fraction_old);
    budget.book(budget.storage_dissolved, -(volume * s1 * theta * c[n] - volume * s0 * theta * c_old[n]) / in_.dt);
    if (iso.sorbs())
      budget.book(budget.storage_sorbed,
                  -(volume * s1 * iso.bulk_density * iso.sorbed(c[n]) -
                    volume * s0 * iso.bulk_density * iso.sorbed(c_old[n])) / in_.dt);
  }
}

}  // namespace aquaplume

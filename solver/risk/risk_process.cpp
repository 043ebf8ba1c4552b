#include "solver/risk/risk_process.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "mesh/base/parallel.hpp"
#include "solver/risk/extent.hpp"
#include "solver/risk/risk_geometry.hpp"
#include "solver/risk/risk_results.hpp"
#include "solver/risk/risk_spec.hpp"

namespace aquaplume::risk {
namespace {

const double kNever = std::nan("");

/// The time in (t_old, t_new] at which a value varying linearly from `c_old`
/// to `c_new` over the transport step rises through `threshold` (called once
/// c_new is above it). Linear interpolation between transport steps is the
/// resolution the concentrations have; an error of O(dt^2 C'') in time.
double crossing_time(double t_old, double t_new, double c_old, double c_new, double threshold) {
  if (c_old > threshold || !(c_new > c_old)) return t_old;
  return t_old + (threshold - c_old) / (c_new - c_old) * (t_new - t_old);
}

struct SpeciesTrack {
  const SpeciesLimits* limits = nullptr;
  std::vector<double> porosity;          // owned cells
  std::vector<double> current;           // owned cells, after the last transport step [mg/L]
  std::vector<double> highest;           // owned cells [mg/L]
  std::vector<double> first_detection;   // owned cells [d], NaN: not yet
  std::vector<double> first_exceedance;  // owned cells [d], NaN: not yet
  SourceOutline source;
};

struct ReceptorTrack {
  std::vector<double> current, highest, first_detection, first_exceedance;  // per species
  std::vector<std::vector<double>> series;         // per species, per time [mg/L]
  std::vector<std::vector<double>> at_prediction;  // per species, per prediction time
};

class RiskProcess final : public Process, public TransportListener {
 public:
  RiskProcess(const CaseSpec& spec, const CellGraph& graph, ErrorList& errors);

  std::string name() const override { return "risk"; }
  void transport_step(double t_old, double t_new,
                      const std::vector<std::span<const double>>& c) override;
  void advance(const TimeStep& step, const FlowModel& flow) override;
  void append_fields(std::vector<OutputField>& fields) const override;
  void finish(OutputSink& sink, RunSummary& summary) override;
  void save_state(StateWriter& state) const override;
  void load_state(StateReader& state) override;

 private:
  /// Volume-weighted concentration of every receptor and species (receptor-major). Collective.
  std::vector<double> receptor_concentrations() const;
  void record_receptors(double t_old, double t_new);
  /// The class of owned cell n for species k: rules.size() - i for the first rule i that holds, 0
  /// for none.
  int risk_class(const SpeciesTrack& k, std::int32_t n) const;

  const CellGraph& graph_;
  std::shared_ptr<const RiskSpec> spec_;
  Units units_;
  std::vector<SpeciesTrack> species_;
  std::vector<ReceptorCells> receptor_cells_;
  std::vector<ReceptorTrack> receptors_;
  std::vector<double> times_;  // receptor series times [d]
  std::size_t next_prediction_ = 0;
  std::vector<SpeciesExtents> extents_;
};

RiskProcess::RiskProcess(const CaseSpec& spec, const CellGraph& graph, ErrorList& errors)
    : graph_(graph), spec_(spec.risk), units_(spec.units) {
  const auto n_owned = static_cast<std::size_t>(graph.n_owned);
  std::vector<std::int64_t> owned_natural(graph.natural_index.begin(),
                                          graph.natural_index.begin() + graph.n_owned);
  ErrorList already_reported;  // transport reads and checks the same arrays
  for (const SpeciesLimits& limits : spec_->species) {
    const SpeciesSpec& sp = spec.transport->species[limits.index];
    SpeciesTrack k;
    k.limits = &limits;
    k.porosity = sp.porosity ? read_checked(*sp.porosity, owned_natural, {}, already_reported)
                             : std::vector<double>(n_owned, 1.0);
    k.current = sp.initial ? read_checked(*sp.initial, owned_natural, {}, already_reported)
                           : std::vector<double>(n_owned, 0.0);
    k.porosity.resize(n_owned, 1.0);
    k.current.resize(n_owned, 0.0);
    k.highest = k.current;
    k.first_detection.assign(n_owned, kNever);
    k.first_exceedance.assign(n_owned, kNever);
    for (std::size_t n = 0; n < n_owned; ++n) {
      if (k.current[n] > limits.detection) k.first_detection[n] = 0.0;
      if (k.current[n] > limits.standard) k.first_exceedance[n] = 0.0;
    }
    // The source the distances are measured from: the case's `sources`, or
    // the cells where the transport section puts this species in.
    std::vector<std::int32_t> source_cells;
    if (!spec_->sources.empty()) {
      for (const CellSelection& s : spec_->sources)
        for (std::int32_t c : s.owned_cells(graph)) source_cells.push_back(c);
    } else {
      auto positive = [&](const SpeciesValues& values) {
        return std::any_of(values.begin(), values.end(), [&](const auto& v) {
          return v.first == limits.index && (v.second.varies() || v.second.at(0, 0.0) > 0.0);
        });
      };
      for (const CellSelection& s : limits.package_sources)
        for (std::int32_t c : s.owned_cells(graph)) source_cells.push_back(c);
      for (const auto& entry : spec.transport->constant_concentration)
        if (positive(entry.concentration))
          for (std::int32_t c : entry.cells.owned_cells(graph)) source_cells.push_back(c);
      for (const auto& entry : spec.transport->mass_loading)
        if (positive(entry.rate))
          for (std::int32_t c : entry.cells.owned_cells(graph)) source_cells.push_back(c);
    }
    k.source = source_outline(graph, source_cells);
    species_.push_back(std::move(k));
  }
  receptor_cells_ = receptor_cells(*spec_, graph, errors);
  receptors_.resize(spec_->receptors.size());
  const std::size_t n_species = species_.size();
  const auto initial = receptor_concentrations();
  for (std::size_t r = 0; r < receptors_.size(); ++r) {
    ReceptorTrack& rt = receptors_[r];
    rt.current.assign(initial.begin() + static_cast<std::ptrdiff_t>(r * n_species),
                      initial.begin() + static_cast<std::ptrdiff_t>((r + 1) * n_species));
    rt.highest = rt.current;
    rt.first_detection.assign(n_species, kNever);
    rt.first_exceedance.assign(n_species, kNever);
    rt.series.resize(n_species);
    rt.at_prediction.resize(n_species);
    for (std::size_t k = 0; k < n_species; ++k) {
      if (rt.current[k] > species_[k].limits->detection) rt.first_detection[k] = 0.0;
      if (rt.current[k] > species_[k].limits->standard) rt.first_exceedance[k] = 0.0;
    }
  }
}

std::vector<double> RiskProcess::receptor_concentrations() const {
  const std::size_t n_species = species_.size();
  std::vector<double> sums(receptor_cells_.size() * n_species, 0.0);
  for (std::size_t r = 0; r < receptor_cells_.size(); ++r)
    for (std::size_t k = 0; k < n_species; ++k)
      for (const auto& [cell, weight] : receptor_cells_[r].cells)
        sums[r * n_species + k] += weight * species_[k].current[static_cast<std::size_t>(cell)];
  if (!sums.empty()) sum_over_ranks(sums, graph_.comm);
  for (std::size_t r = 0; r < receptor_cells_.size(); ++r)
    for (std::size_t k = 0; k < n_species; ++k)
      sums[r * n_species + k] /= std::max(receptor_cells_[r].total_weight, 1e-300);
  return sums;
}

void RiskProcess::record_receptors(double t_old, double t_new) {
  if (receptors_.empty()) return;
  const auto values = receptor_concentrations();
  const std::size_t n_species = species_.size();
  times_.push_back(t_new);
  for (std::size_t r = 0; r < receptors_.size(); ++r) {
    ReceptorTrack& rt = receptors_[r];
    for (std::size_t k = 0; k < n_species; ++k) {
      const double c_old = rt.current[k], c_new = values[r * n_species + k];
      const SpeciesLimits& limits = *species_[k].limits;
      if (std::isnan(rt.first_detection[k]) && c_new > limits.detection)
        rt.first_detection[k] = crossing_time(t_old, t_new, c_old, c_new, limits.detection);
      if (std::isnan(rt.first_exceedance[k]) && c_new > limits.standard)
        rt.first_exceedance[k] = crossing_time(t_old, t_new, c_old, c_new, limits.standard);
      rt.current[k] = c_new;
      rt.highest[k] = std::max(rt.highest[k], c_new);
      rt.series[k].push_back(c_new);
    }
  }
}

void RiskProcess::transport_step(double t_old, double t_new,
                                 const std::vector<std::span<const double>>& c) {
  for (SpeciesTrack& k : species_) {
    const std::span<const double> now = c[k.limits->index];
    const double detection = k.limits->detection, standard = k.limits->standard;
    for (std::size_t n = 0; n < k.current.size(); ++n) {
      const double c_old = k.current[n], c_new = now[n];
      if (c_new > detection && std::isnan(k.first_detection[n]))
        k.first_detection[n] = crossing_time(t_old, t_new, c_old, c_new, detection);
      if (c_new > standard && std::isnan(k.first_exceedance[n]))
        k.first_exceedance[n] = crossing_time(t_old, t_new, c_old, c_new, standard);
      k.highest[n] = std::max(k.highest[n], c_new);
      k.current[n] = c_new;
    }
  }
  record_receptors(t_old, t_new);
}

void RiskProcess::advance(const TimeStep& step, const FlowModel& flow) {
  const auto& times = spec_->prediction_times;
  if (next_prediction_ >= times.size()) return;
  const double t = times[next_prediction_];
  if (std::abs(step.end() - t) > 1e-9 * std::max(t, 1.0)) return;
  // A prediction time: the extents of every species in the state at this step end.
  for (SpeciesTrack& k : species_) {
    ExtentInputs in{&graph_,           k.current, k.porosity,
                    flow.saturation(), &k.source, units_.length_factor()};
    SpeciesExtents e;
    e.species = k.limits->species;
    e.time = t / units_.time_factor();
    e.label = spec_->prediction_labels[next_prediction_];
    e.exceedance = measure_extent(in, k.limits->standard);
    e.influence = measure_extent(in, k.limits->detection);
    extents_.push_back(std::move(e));
  }
  for (ReceptorTrack& rt : receptors_)
    for (std::size_t k = 0; k < species_.size(); ++k) rt.at_prediction[k].push_back(rt.current[k]);
  ++next_prediction_;
}

int RiskProcess::risk_class(const SpeciesTrack& k, std::int32_t n) const {
  const auto& rules = spec_->rules;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const double first = rules[i].condition == RiskCondition::ExceedsStandard
                             ? k.first_exceedance[n]
                             : k.first_detection[n];
    if (!std::isnan(first) && first <= rules[i].within * (1.0 + 1e-12))
      return static_cast<int>(rules.size() - i);
  }
  return 0;
}

void RiskProcess::append_fields(std::vector<OutputField>& fields) const {
  const double T = 1.0 / units_.time_factor();
  auto in_case_time = [T](std::vector<double> v) {
    for (double& x : v) x *= T;  // NaN (never) stays NaN
    return v;
  };
  std::vector<double> overall(static_cast<std::size_t>(graph_.n_owned), 0.0);
  std::string classes;
  for (std::size_t i = 0; i < spec_->rules.size(); ++i)
    classes += fmt::format("{} = {}, ", spec_->rules.size() - i, spec_->rules[i].name);
  for (const SpeciesTrack& k : species_) {
    const std::string& sp = k.limits->species;
    fields.push_back({"max_concentration/" + sp, k.highest, 0, "mg/L",
                      fmt::format("highest concentration of {} so far in the run", sp)});
    fields.push_back({"first_exceedance_time/" + sp, in_case_time(k.first_exceedance), 0,
                      units_.time,
                      fmt::format("first time {} exceeds the standard {:g} mg/L (NaN: not yet)", sp,
                                  k.limits->standard)});
    fields.push_back(
        {"first_detection_time/" + sp, in_case_time(k.first_detection), 0, units_.time,
         fmt::format("first time {} exceeds the detection limit {:g} mg/L (NaN: not yet)", sp,
                     k.limits->detection)});
    std::vector<double> cls(overall.size());
    for (std::int32_t n = 0; n < graph_.n_owned; ++n) {
      cls[n] = risk_class(k, n);
      overall[n] = std::max(overall[n], cls[n]);
    }
    fields.push_back({"risk_class/" + sp, std::move(cls), 0, "1",
                      fmt::format("risk class of {}: {}0 = unaffected", sp, classes)});
  }
  fields.push_back({"max_risk_class", std::move(overall), 0, "1",
                    fmt::format("highest risk class over the species: {}0 = unaffected", classes)});
}

void RiskProcess::finish(OutputSink& sink, RunSummary& summary) {
  const double T = 1.0 / units_.time_factor();
  auto case_time = [T](double t) { return t * T; };
  RiskResults out;
  out.length_unit = units_.length;
  out.time_unit = units_.time;
  out.standard_code = spec_->standard_code;
  out.standard_file = spec_->standard_file;
  out.crs = spec_->crs;
  out.quality_class = std::string(quality_class_name(spec_->quality_class));
  for (const SpeciesTrack& k : species_)
    out.species.push_back(
        {k.limits->species, k.limits->indicator, k.limits->standard, k.limits->detection});
  for (double t : spec_->prediction_times) out.prediction_times.push_back(case_time(t));
  out.prediction_labels = spec_->prediction_labels;
  out.extents = extents_;
  for (const auto& rule : spec_->rules) out.class_names.push_back(rule.name);
  std::reverse(out.class_names.begin(), out.class_names.end());  // class k = class_names[k - 1]
  if (!species_.empty())
    out.source_area = species_.front().source.area / std::pow(units_.length_factor(), 2);
  for (std::size_t r = 0; r < receptors_.size(); ++r) {
    const ReceptorTrack& rt = receptors_[r];
    ReceptorResults rr;
    rr.name = spec_->receptors[r].name;
    rr.kind = std::string(receptor_kind_name(spec_->receptors[r].kind));
    rr.cells = receptor_cells_[r].total_cells;
    for (double t : times_) rr.times.push_back(case_time(t));
    for (std::size_t k = 0; k < species_.size(); ++k)
      rr.species.push_back({species_[k].limits->species, rt.series[k], rt.highest[k],
                            case_time(rt.first_detection[k]), case_time(rt.first_exceedance[k]),
                            rt.at_prediction[k]});
    out.receptors.push_back(std::move(rr));
  }
  append_fields(out.cell_fields);
  summary.extra.emplace_back(
      "risk_prediction_times",
      static_cast<double>(extents_.size() / std::max<std::size_t>(species_.size(), 1)));
  sink.write_risk(out);
}

// What carries from one step to the next: the per-cell tracks, the receptor
// series and arrivals, and the extents of the prediction times passed.
void RiskProcess::save_state(StateWriter& state) const {
  for (const SpeciesTrack& k : species_) {
    const std::string prefix = "risk/" + k.limits->species + "/";
    state.cells(prefix + "current", k.current);
    state.cells(prefix + "highest", k.highest);
    state.cells(prefix + "first_detection", k.first_detection);
    state.cells(prefix + "first_exceedance", k.first_exceedance);
  }
  std::vector<double> flat{static_cast<double>(next_prediction_)};
  for (const ReceptorTrack& rt : receptors_)
    for (std::size_t k = 0; k < species_.size(); ++k) {
      flat.insert(flat.end(),
                  {rt.current[k], rt.highest[k], rt.first_detection[k], rt.first_exceedance[k]});
      flat.insert(flat.end(), rt.series[k].begin(), rt.series[k].end());
      flat.insert(flat.end(), rt.at_prediction[k].begin(), rt.at_prediction[k].end());
    }
  state.values("risk/receptors", flat);
  state.values("risk/times", times_);
  std::vector<double> extents;
  for (const SpeciesExtents& e : extents_)
    for (const Extent* x : {&e.exceedance, &e.influence}) {
      extents.insert(extents.end(), {static_cast<double>(x->cells), x->area, x->volume, x->mass,
                                     x->max_concentration, x->max_distance, x->direction,
                                     static_cast<double>(x->columns.size())});
      for (std::int64_t c : x->columns) extents.push_back(static_cast<double>(c));
    }
  state.values("risk/extents", extents);
}

void RiskProcess::load_state(StateReader& state) {
  for (SpeciesTrack& k : species_) {
    const std::string prefix = "risk/" + k.limits->species + "/";
    if (!state.has(prefix + "current"))
      throw std::runtime_error(
          fmt::format("checkpoint: no risk products of species '{}' (was the case changed?)",
                      k.limits->species));
    k.current = state.cells(prefix + "current");
    k.highest = state.cells(prefix + "highest");
    k.first_detection = state.cells(prefix + "first_detection");
    k.first_exceedance = state.cells(prefix + "first_exceedance");
  }
  times_ = state.values("risk/times");
  const auto flat = state.values("risk/receptors");
  std::size_t i = 0;
  next_prediction_ = static_cast<std::size_t>(flat.at(i++));
  for (ReceptorTrack& rt : receptors_)
    for (std::size_t k = 0; k < species_.size(); ++k) {
      rt.current[k] = flat.at(i++);
      rt.highest[k] = flat.at(i++);
      rt.first_detection[k] = flat.at(i++);
      rt.first_exceedance[k] = flat.at(i++);
      rt.series[k].assign(flat.begin() + static_cast<std::ptrdiff_t>(i),
                          flat.begin() + static_cast<std::ptrdiff_t>(i + times_.size()));
      i += times_.size();
      rt.at_prediction[k].assign(flat.begin() + static_cast<std::ptrdiff_t>(i),
                                 flat.begin() + static_cast<std::ptrdiff_t>(i + next_prediction_));
      i += next_prediction_;
    }
  const auto extents = state.values("risk/extents");
  extents_.clear();
  std::size_t j = 0;
  for (std::size_t p = 0; p < next_prediction_; ++p)
    for (const SpeciesTrack& k : species_) {
      SpeciesExtents e;
      e.species = k.limits->species;
      e.time = spec_->prediction_times[p] / units_.time_factor();
      e.label = spec_->prediction_labels[p];
      for (Extent* x : {&e.exceedance, &e.influence}) {
        x->cells = static_cast<std::int64_t>(extents.at(j));
        x->area = extents.at(j + 1);
        x->volume = extents.at(j + 2);
        x->mass = extents.at(j + 3);
        x->max_concentration = extents.at(j + 4);
        x->max_distance = extents.at(j + 5);
        x->direction = extents.at(j + 6);
        const auto n = static_cast<std::size_t>(extents.at(j + 7));
        j += 8;
        for (std::size_t c = 0; c < n; ++c)
          x->columns.push_back(static_cast<std::int64_t>(extents.at(j++)));
      }
      extents_.push_back(std::move(e));
    }
}

}  // namespace

std::unique_ptr<Process> make_risk_process(const CaseSpec& spec, const CellGraph& graph,
                                           TransportProcess& transport, ErrorList& errors) {
  auto process = std::make_unique<RiskProcess>(spec, graph, errors);
  transport.add_listener(process.get());
  return process;
}

}  // namespace aquaplume::risk

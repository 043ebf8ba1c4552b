/// Risk outputs of ResultsWriter (results_writer.hpp; products described in
/// solver/risk/risk_process.hpp and cases/README.md "risk"):
///
///   results.h5
///   /risk/<species>/{max_concentration,first_exceedance_time,first_detection_time,risk_class} [N]
///              /risk/<species>/{exceedance,influence}/{cells,area,volume,mass,max_concentration,
///                                                     max_distance,direction} [P]
///              /risk/max_risk_class [N] (over the species), /risk/prediction_time [P]
///              /risk/receptors/<name>/time [S], /risk/receptors/<name>/<species>/{concentration
///              [S],
///                                      at_prediction_times [P], first_detection_time,
///                                      first_exceedance_time}
///   risk_summary.json   standard, species limits, extents per prediction time, receptor arrivals,
///   classes risk_summary.csv    one row per species, prediction time and extent risk_receptors.csv
///   one row per receptor and species: arrivals and the concentration at the prediction times
///   risk_breakthrough.csv  the receptors' concentrations after every transport step
///   risk/extent_<species>_<time>_{exceedance,influence}.geojson   plan outlines (maximum over the
///   layers)
///
/// The single files are written by rank 0 from results every rank holds.

#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/results_writer.hpp"
#include "mesh/base/parallel.hpp"
#include "solver/risk/risk_results.hpp"
#include "solver/tracking/plan_geometry.hpp"

namespace aquaplume::io {

namespace fs = std::filesystem;
using nlohmann::json;
using risk::Extent;
using risk::RiskResults;

namespace {

constexpr const char* kRiskPartial = "risk.partial";
constexpr const char* kPartialSuffix = ".partial";

std::string safe(const std::string& name) {
  std::string out;
  for (char c : name)
    out +=
        std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ? c : '_';
  return out.empty() ? "x" : out;
}

json number(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

std::string geojson_name(const std::string& species, const std::string& label, const char* kind) {
  return fmt::format("extent_{}_{}_{}.geojson", safe(species), safe(label), kind);
}

json extent_json(const Extent& e, double threshold) {
  return {{"threshold", threshold},
          {"cells", e.cells},
          {"area", e.area},
          {"volume", e.volume},
          {"mass", e.mass},
          {"max_concentration", e.max_concentration},
          {"max_distance", e.max_distance},
          {"direction", number(e.direction)},
          {"columns", e.columns.size()}};
}

/// The extent's columns as one GeoJSON MultiPolygon feature (outer rings
/// counter-clockwise, holes clockwise, RFC 7946), in the case's projected
/// coordinates and length unit; no feature when the extent is empty.
json extent_collection(const Extent& e, const StructuredGridSpec& grid, double metres,
                       const std::string& crs, json properties) {
  const std::string name = fmt::format(
      "{} {} at {:g} {}", properties.value("species", ""), properties.value("extent", ""),
      properties.value("time", 0.0), properties.value("time_unit", ""));
  json collection{{"type", "FeatureCollection"}, {"name", name}, {"features", json::array()}};
  // The GeoJSON 2008 way of naming a projected CRS, which QGIS and GDAL read.
  if (!crs.empty()) collection["crs"] = {{"type", "name"}, {"properties", {{"name", crs}}}};
  if (e.columns.empty()) return collection;
  const auto polygons =
      tracking::outline_columns(e.columns, grid.nrow, grid.ncol, grid.x_edges(), grid.y_edges());
  json coordinates = json::array();
  for (const auto& polygon : polygons) {
    json rings = json::array();
    for (const auto& ring : polygon) {
      json points = json::array();
      for (const auto& p : ring) points.push_back({p[0] / metres, p[1] / metres});
      if (!ring.empty()) points.push_back({ring.front()[0] / metres, ring.front()[1] / metres});
      rings.push_back(std::move(points));
    }
    coordinates.push_back(std::move(rings));
  }
  collection["features"].push_back(
      {{"type", "Feature"},
       {"properties", std::move(properties)},
       {"geometry", {{"type", "MultiPolygon"}, {"coordinates", coordinates}}}});
  return collection;
}

void write_extent_h5(h5::DistributedWriter& h5, const std::string& group,
                     const std::vector<const Extent*>& extents, const RiskResults& r) {
  auto column = [&](auto get) {
    std::vector<double> v;
    for (const Extent* e : extents) v.push_back(get(*e));
    return v;
  };
  const std::string L = r.length_unit;
  h5.ensure_groups(group + "/cells");
  h5.write_values(group + "/cells",
                  column([](const Extent& e) { return static_cast<double>(e.cells); }), "1");
  h5.write_values(group + "/area", column([](const Extent& e) { return e.area; }), L + "2");
  h5.write_values(group + "/volume", column([](const Extent& e) { return e.volume; }), L + "3");
  h5.write_values(group + "/mass", column([](const Extent& e) { return e.mass; }), "g");
  h5.write_values(group + "/max_concentration",
                  column([](const Extent& e) { return e.max_concentration; }), "mg/L");
  h5.write_values(group + "/max_distance", column([](const Extent& e) { return e.max_distance; }),
                  L);
  h5.write_values(group + "/direction", column([](const Extent& e) { return e.direction; }),
                  "degree");
}

}  // namespace

void ResultsWriter::write_risk(const RiskResults& r) {
  const double metres = spec_->units.length_factor();
  // /risk in results.h5: per-cell products, extents per species, receptor series.
  h5_->ensure_groups("/risk/prediction_time");
  h5_->write_values("/risk/prediction_time", r.prediction_times, r.time_unit);
  h5_->set_attribute("/risk", "standard", r.standard_code);
  h5_->set_attribute("/risk", "quality_class", r.quality_class);
  for (const OutputField& f : r.cell_fields) {
    // "max_concentration/tce" -> /risk/tce/max_concentration; "max_risk_class" ->
    // /risk/max_risk_class.
    const auto slash = f.name.find('/');
    const std::string name = slash == std::string::npos ? "/risk/" + f.name
                                                        : "/risk/" + f.name.substr(slash + 1) +
                                                              "/" + f.name.substr(0, slash);
    h5_->ensure_groups(name);
    h5_->write_cells(name, f.values, f.width, f.units);
    h5_->set_attribute(name, "description", f.description);
  }
  for (const auto& s : r.species) {
    std::vector<const Extent*> exceedance, influence;
    for (const auto& e : r.extents)
      if (e.species == s.species) {
        exceedance.push_back(&e.exceedance);
        influence.push_back(&e.influence);
      }
    const std::string group = "/risk/" + s.species;
    h5_->ensure_groups(group + "/x");
    h5_->set_attribute(group, "standard", s.standard);
    h5_->set_attribute(group, "detection_limit", s.detection);
    h5_->set_attribute(group, "indicator", s.indicator);
    write_extent_h5(*h5_, group + "/exceedance", exceedance, r);
    write_extent_h5(*h5_, group + "/influence", influence, r);
  }
  for (const auto& receptor : r.receptors) {
    const std::string group = "/risk/receptors/" + safe(receptor.name);
    h5_->ensure_groups(group + "/time");
    h5_->write_values(group + "/time", receptor.times, r.time_unit);
    h5_->set_attribute(group, "type", receptor.kind);
    for (const auto& s : receptor.species) {
      const std::string g = group + "/" + s.species;
      h5_->ensure_groups(g + "/concentration");
      h5_->write_values(g + "/concentration", s.concentration, "mg/L");
      h5_->write_values(g + "/at_prediction_times", s.at_prediction_times, "mg/L");
      h5_->write_values(g + "/first_detection_time", std::vector<double>{s.first_detection},
                        r.time_unit);
      h5_->write_values(g + "/first_exceedance_time", std::vector<double>{s.first_exceedance},
                        r.time_unit);
    }
  }
  h5_->flush();

  // The single files, from rank 0.
  bool ok = true;
  std::string problem;
  if (rank_ == 0) {
    try {
      write_risk_files(r, metres);
    } catch (const std::exception& e) {
      ok = false;
      problem = e.what();
    }
  }
  if (!all_ranks_ok(ok, comm_)) throw RunError("cannot write the risk results: " + problem);
  risk_written_ = true;
}

void ResultsWriter::write_risk_files(const RiskResults& r, double metres) {
  fs::create_directories(path(kRiskPartial));
  const std::string L = r.length_unit;
  auto limit_of = [&](const std::string& species) {
    for (const auto& s : r.species)
      if (s.species == species) return s;
    return risk::SpeciesStandard{};
  };

  json summary{{"standard",
                {{"code", r.standard_code}, {"file", r.standard_file}, {"class", r.quality_class}}},
               {"length_unit", L},
               {"time_unit", r.time_unit},
               {"area_unit", L + "2"},
               {"volume_unit", L + "3"},
               {"mass_unit", "g"},
               {"concentration_unit", "mg/L"},
               {"source_area", r.source_area},
               {"direction",
                "azimuth of the farthest cell from the nearest source point, degrees clockwise "
                "from north"}};
  summary["species"] = json::array();
  for (const auto& s : r.species)
    summary["species"].push_back(
        {{"species", s.species},
         {"indicator", s.indicator.empty() ? json(nullptr) : json(s.indicator)},
         {"standard", s.standard},
         {"detection_limit", s.detection}});
  summary["prediction_times"] = json::array();
  for (std::size_t p = 0; p < r.prediction_times.size(); ++p)
    summary["prediction_times"].push_back(
        {{"time", r.prediction_times[p]}, {"label", r.prediction_labels[p]}});

  auto& extents_csv = csv_["risk_summary.csv"];
  extents_csv.open(path(std::string("risk_summary.csv") + kPartialSuffix));
  extents_csv << fmt::format(
      "species,time [{0}],label,extent,threshold [mg/L],cells,area [{1}2],volume [{1}3],"
      "mass [g],max_concentration [mg/L],max_distance [{1}],direction [degree],geojson\n",
      r.time_unit, L);
  summary["extents"] = json::array();
  for (const auto& e : r.extents) {
    const auto limits = limit_of(e.species);
    json entry{{"species", e.species}, {"time", e.time}, {"label", e.label}};
    const std::pair<const char*, std::pair<const Extent*, double>> kinds[] = {
        {"exceedance", {&e.exceedance, limits.standard}},
        {"influence", {&e.influence, limits.detection}}};
    for (const auto& [kind, extent_threshold] : kinds) {
      const auto& [extent, threshold] = extent_threshold;
      const std::string file = (fs::path("risk") / geojson_name(e.species, e.label, kind)).string();
      json figures = extent_json(*extent, threshold);
      figures["geojson"] = file;
      json properties = figures;
      properties.update({{"species", e.species},
                         {"time", e.time},
                         {"time_unit", r.time_unit},
                         {"label", e.label},
                         {"extent", kind},
                         {"length_unit", L}});
      std::ofstream out(
          path((fs::path(kRiskPartial) / geojson_name(e.species, e.label, kind)).string()));
      out << extent_collection(*extent, spec_->grid, metres, r.crs, properties).dump(1) << "\n";
      if (!out) throw RunError("cannot write " + file);
      extents_csv << fmt::format(
          "{},{:.10g},{},{},{:.10g},{},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{},{}\n", e.species,
          e.time, e.label, kind, threshold, extent->cells, extent->area, extent->volume,
          extent->mass, extent->max_concentration, extent->max_distance,
          std::isfinite(extent->direction) ? fmt::format("{:.4g}", extent->direction) : "", file);
      entry[kind] = std::move(figures);
    }
    summary["extents"].push_back(std::move(entry));
  }
  extents_csv.flush();

  auto& receptors_csv = csv_["risk_receptors.csv"];
  receptors_csv.open(path(std::string("risk_receptors.csv") + kPartialSuffix));
  receptors_csv << fmt::format(
      "receptor,type,cells,species,first_detection_time [{0}],first_exceedance_time [{0}],"
      "max_concentration [mg/L]",
      r.time_unit);
  for (const auto& label : r.prediction_labels)
    receptors_csv << fmt::format(",concentration at {} [mg/L]", label);
  receptors_csv << "\n";
  summary["receptors"] = json::array();
  for (const auto& receptor : r.receptors) {
    json list = json::array();
    for (const auto& s : receptor.species) {
      json at = json::array();
      for (std::size_t p = 0; p < s.at_prediction_times.size(); ++p)
        at.push_back({{"time", r.prediction_times[p]},
                      {"label", r.prediction_labels[p]},
                      {"concentration", s.at_prediction_times[p]}});
      list.push_back({{"species", s.species},
                      {"first_detection_time", number(s.first_detection)},
                      {"first_exceedance_time", number(s.first_exceedance)},
                      {"max_concentration", s.max_concentration},
                      {"at_prediction_times", std::move(at)}});
      auto text = [](double v) {
        return std::isfinite(v) ? fmt::format("{:.10g}", v) : std::string();
      };
      receptors_csv << fmt::format("{},{},{},{},{},{},{:.10g}", receptor.name, receptor.kind,
                                   receptor.cells, s.species, text(s.first_detection),
                                   text(s.first_exceedance), s.max_concentration);
      for (double c : s.at_prediction_times) receptors_csv << fmt::format(",{:.10g}", c);
      receptors_csv << "\n";
    }
    summary["receptors"].push_back({{"name", receptor.name},
                                    {"type", receptor.kind},
                                    {"cells", receptor.cells},
                                    {"species", std::move(list)}});
  }
  receptors_csv.flush();

  if (!r.receptors.empty()) {
    auto& curves = csv_["risk_breakthrough.csv"];
    curves.open(path(std::string("risk_breakthrough.csv") + kPartialSuffix));
    curves << fmt::format("time [{}]", r.time_unit);
    for (const auto& receptor : r.receptors)
      for (const auto& s : receptor.species)
        curves << fmt::format(",{}:{} [mg/L]", receptor.name, s.species);
    curves << "\n";
    const auto& times = r.receptors.front().times;
    for (std::size_t t = 0; t < times.size(); ++t) {
      curves << fmt::format("{:.10g}", times[t]);
      for (const auto& receptor : r.receptors)
        for (const auto& s : receptor.species)
          curves << fmt::format(",{:.10g}", s.concentration[t]);
      curves << "\n";
    }
    curves.flush();
  }

  json classes{{"0", "unaffected"}};
  for (std::size_t k = 0; k < r.class_names.size(); ++k)
    classes[std::to_string(k + 1)] = r.class_names[k];
  summary["risk_classes"] = std::move(classes);
  auto& out = csv_["risk_summary.json"];
  out.open(path(std::string("risk_summary.json") + kPartialSuffix));
  out << summary.dump(2) << "\n";
  out.flush();
  if (!out || !extents_csv || !receptors_csv) throw RunError("cannot write the risk summary files");
}

}  // namespace aquaplume::io

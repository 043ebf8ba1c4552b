/// Particle-tracking outputs of ResultsWriter (results_writer.hpp):
///
///   results.h5 /tracking/endpoints/*             one row per particle of the releases, in
///   particle-id order
///              /tracking/pathlines/*             one row per pathline vertex, by particle then
///              sequence /tracking/protection_zones/...    the same for the zones' ring particles,
///              and per zone
///                                                <name>/cell_zone [N] and the areas
///              /tracking/receptors/*             arrivals per receptor and release
///   tracking/pathlines.vtp                       VTK polylines, point arrays travel_time, time
///   tracking/endpoints.csv                       the endpoint table
///   tracking/protection_zone_pathlines.vtp, protection_zone_endpoints.csv
///   tracking/zones_<name>.geojson                a FeatureCollection per well (field): isochrones
///   and capture zone summary.json "tracking"                      zone areas next to the empirical
///   radius, receptor arrivals
///
/// HDF5 rows are written in parallel (each rank its block of particle ids);
/// the single files (.vtp, .csv, .geojson) are written by rank 0 from rows
/// gathered to it.

#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkDoubleArray.h>
#include <vtkIdTypeArray.h>
#include <vtkIntArray.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkXMLPolyDataWriter.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/results_writer.hpp"
#include "mesh/base/parallel.hpp"
#include "solver/tracking/particle_exchange.hpp"
#include "solver/tracking/tracking_results.hpp"

namespace aquaplume::io {

namespace fs = std::filesystem;
using tracking::EndpointRecord;
using tracking::ParticleSetResults;
using tracking::PathlineRecord;
using tracking::TrackingResults;
using tracking::ZoneSetResults;

namespace {

template <typename T>
hid_t h5_type();
template <>
hid_t h5_type<double>() {
  return H5T_NATIVE_DOUBLE;
}
template <>
hid_t h5_type<std::int64_t>() {
  return H5T_NATIVE_INT64;
}
template <>
hid_t h5_type<std::int32_t>() {
  return H5T_NATIVE_INT32;
}

/// A [total] or [total, width] dataset of which this rank writes rows
/// offset .. offset + rows - 1 (values: rows x max(width, 1)). Collective.
template <typename T>
void write_rows(h5::DistributedWriter& h5, const std::string& name, const std::vector<T>& values,
                int width, std::int64_t offset, std::int64_t total, const std::string& units) {
  using namespace h5;
  h5.ensure_groups(name);
  const hsize_t columns = static_cast<hsize_t>(std::max(width, 1));
  std::vector<hsize_t> dims{static_cast<hsize_t>(total)};
  if (width > 0) dims.push_back(columns);
  Dataspace space(check_id(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                           "H5Screate_simple"));
  Dataset data(check_id(H5Dcreate2(h5.file(), name.c_str(), h5_type<T>(), space, H5P_DEFAULT,
                                   H5P_DEFAULT, H5P_DEFAULT),
                        "H5Dcreate2"));
  const hsize_t rows = values.size() / columns;
  hsize_t count = rows * columns;
  Dataspace memory(check_id(H5Screate_simple(1, &count, nullptr), "H5Screate_simple"));
  if (rows > 0) {
    std::vector<hsize_t> start{static_cast<hsize_t>(offset)}, block{rows};
    if (width > 0) {
      start.push_back(0);
      block.push_back(columns);
    }
    check(H5Sselect_hyperslab(space, H5S_SELECT_SET, start.data(), nullptr, block.data(), nullptr),
          "H5Sselect_hyperslab");
  } else {
    check(H5Sselect_none(space), "H5Sselect_none");
    check(H5Sselect_none(memory), "H5Sselect_none");
  }
  PropertyList collective(check_id(H5Pcreate(H5P_DATASET_XFER), "H5Pcreate"));
  check(H5Pset_dxpl_mpio(collective, H5FD_MPIO_COLLECTIVE), "H5Pset_dxpl_mpio");
  check(H5Dwrite(data, h5_type<T>(), memory, space, collective, values.data()), "H5Dwrite");
  data.close("H5Dclose");
  if (!units.empty()) h5.set_attribute(name, "units", units);
}

/// A small table every rank holds whole: rank 0 writes it. Collective.
template <typename T>
void write_small(h5::DistributedWriter& h5, const std::string& name, const std::vector<T>& values,
                 int width, const std::string& units, int rank) {
  const auto rows =
      static_cast<std::int64_t>(values.size() / static_cast<std::size_t>(std::max(width, 1)));
  write_rows(h5, name, rank == 0 ? values : std::vector<T>{}, width, 0, rows, units);
}

/// A [n] dataset of fixed-length strings (h5py reads bytes). Collective.
void write_strings(h5::DistributedWriter& h5, const std::string& name,
                   const std::vector<std::string>& strings, int rank) {
  using namespace h5;
  h5.ensure_groups(name);
  std::size_t width = 1;
  for (const auto& s : strings) width = std::max(width, s.size());
  Datatype type(check_id(H5Tcopy(H5T_C_S1), "H5Tcopy"));
  check(H5Tset_size(type, width), "H5Tset_size");
  hsize_t n = strings.size();
  Dataspace space(check_id(H5Screate_simple(1, &n, nullptr), "H5Screate_simple"));
  Dataset data(check_id(
      H5Dcreate2(h5.file(), name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
      "H5Dcreate2"));
  std::vector<char> buffer(n * width, '\0');
  for (std::size_t i = 0; i < strings.size(); ++i)
    std::copy(strings[i].begin(), strings[i].end(), buffer.begin() + i * width);
  Dataspace memory(check_id(H5Screate_simple(1, &n, nullptr), "H5Screate_simple"));
  if (rank != 0 || n == 0) {
    check(H5Sselect_none(space), "H5Sselect_none");
    check(H5Sselect_none(memory), "H5Sselect_none");
  }
  PropertyList collective(check_id(H5Pcreate(H5P_DATASET_XFER), "H5Pcreate"));
  check(H5Pset_dxpl_mpio(collective, H5FD_MPIO_COLLECTIVE), "H5Pset_dxpl_mpio");
  check(H5Dwrite(data, type, memory, space, collective, buffer.data()), "H5Dwrite");
}

/// A name made safe for a file name ("Well field 1" -> "Well_field_1").
std::string file_safe(const std::string& name) {
  std::string out;
  for (char c : name)
    out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
  return out.empty() ? "zone" : out;
}

/// JSON null for NaN and infinities (JSON has no such numbers).
nlohmann::json number(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

/// The HDF5 group and file prefix of a particle set: the releases at /tracking, the zones below it.
std::string group_of(const ParticleSetResults& set) {
  return set.name == "releases" ? "/tracking" : "/tracking/" + set.name;
}
std::string prefix_of(const ParticleSetResults& set) {
  return set.name == "releases" ? "" : "protection_zone_";
}

void write_set_h5(h5::DistributedWriter& h5, const ParticleSetResults& set,
                  const TrackingResults& results, int rank) {
  const std::string group = group_of(set) + "/endpoints";
  const auto& e = set.endpoints;
  const std::int64_t offset = set.endpoint_offset, total = set.endpoint_total;
  auto column = [&](auto get) {
    using T = decltype(get(e.front()));
    std::vector<T> values;
    for (const auto& r : e) values.push_back(get(r));
    return values;
  };
  auto triple = [&](auto get) {
    using T = typename decltype(get(e.front()))::value_type;
    std::vector<T> values;
    for (const auto& r : e)
      for (auto v : get(r)) values.push_back(v);
    return values;
  };
  const std::string L = results.length_unit, T = results.time_unit;
  if (total == 0) return;  // the same on every rank
  write_rows(h5, group + "/particle_id",
             column([](const EndpointRecord& r) { return r.particle_id; }), 0, offset, total, "");
  write_rows(h5, group + "/group", column([](const EndpointRecord& r) { return r.group; }), 0,
             offset, total, "");
  write_rows(h5, group + "/status", column([](const EndpointRecord& r) { return r.status; }), 0,
             offset, total, "");
  write_rows(h5, group + "/release_time",
             column([](const EndpointRecord& r) { return r.release_time; }), 0, offset, total, T);
  write_rows(h5, group + "/end_time", column([](const EndpointRecord& r) { return r.end_time; }), 0,
             offset, total, T);
  write_rows(h5, group + "/travel_time",
             column([](const EndpointRecord& r) { return r.travel_time; }), 0, offset, total, T);
  write_rows(h5, group + "/release_xyz",
             triple([](const EndpointRecord& r) { return r.release_xyz; }), 3, offset, total, L);
  write_rows(h5, group + "/end_xyz", triple([](const EndpointRecord& r) { return r.end_xyz; }), 3,
             offset, total, L);
  write_rows(h5, group + "/release_cell",
             triple([](const EndpointRecord& r) { return r.release_cell; }), 3, offset, total, "");
  write_rows(h5, group + "/end_cell", triple([](const EndpointRecord& r) { return r.end_cell; }), 3,
             offset, total, "");
  write_strings(h5, group + "/group_names", set.group_names, rank);
  write_strings(h5, group + "/status_names", results.status_names, rank);
  h5.set_attribute(group, "direction", set.direction);
  h5.set_attribute(group, "description",
                   "one row per particle in particle-id order; group and status index group_names "
                   "and status_names; "
                   "cells are layer, row, column (1-based)");

  if (!set.has_pathlines) return;
  const std::string paths = group_of(set) + "/pathlines";
  const auto& p = set.pathlines;
  auto pcolumn = [&](auto get) {
    using V = decltype(get(p.front()));
    std::vector<V> values;
    for (const auto& r : p) values.push_back(get(r));
    return values;
  };
  auto ptriple = [&](auto get) {
    using V = typename decltype(get(p.front()))::value_type;
    std::vector<V> values;
    for (const auto& r : p)
      for (auto v : get(r)) values.push_back(v);
    return values;
  };
  const std::int64_t poffset = set.pathline_offset, ptotal = set.pathline_total;
  write_rows(h5, paths + "/particle_id",
             pcolumn([](const PathlineRecord& r) { return r.particle_id; }), 0, poffset, ptotal,
             "");
  write_rows(h5, paths + "/sequence", pcolumn([](const PathlineRecord& r) { return r.sequence; }),
             0, poffset, ptotal, "");
  write_rows(h5, paths + "/time", pcolumn([](const PathlineRecord& r) { return r.time; }), 0,
             poffset, ptotal, T);
  write_rows(h5, paths + "/travel_time",
             pcolumn([](const PathlineRecord& r) { return r.travel_time; }), 0, poffset, ptotal, T);
  write_rows(h5, paths + "/xyz", ptriple([](const PathlineRecord& r) { return r.xyz; }), 3, poffset,
             ptotal, L);
  write_rows(h5, paths + "/cell", ptriple([](const PathlineRecord& r) { return r.cell; }), 3,
             poffset, ptotal, "");
  h5.set_attribute(
      paths, "description",
      "pathline vertices by particle id, then sequence (0 at release): at release, face crossings, "
      "requested travel times, ends of flow steps and the end");
}

/// tracking/<prefix>pathlines.vtp: a polyline per particle, point arrays travel_time and time.
void write_vtp(const std::string& path, const std::vector<PathlineRecord>& vertices,
               const std::vector<EndpointRecord>& ends) {
  vtkNew<vtkPoints> points;
  points->SetDataTypeToDouble();
  vtkNew<vtkCellArray> lines;
  vtkNew<vtkDoubleArray> travel, time;
  travel->SetName("travel_time");
  time->SetName("time");
  vtkNew<vtkIdTypeArray> point_id;
  point_id->SetName("particle_id");
  vtkNew<vtkIdTypeArray> cell_id;
  cell_id->SetName("particle_id");
  vtkNew<vtkIntArray> group, status;
  group->SetName("group");
  status->SetName("status");
  std::size_t v = 0;
  for (const EndpointRecord& e : ends) {
    std::vector<vtkIdType> ids;
    for (; v < vertices.size() && vertices[v].particle_id == e.particle_id; ++v) {
      const auto& p = vertices[v];
      ids.push_back(points->InsertNextPoint(p.xyz[0], p.xyz[1], p.xyz[2]));
      travel->InsertNextValue(p.travel_time);
      time->InsertNextValue(p.time);
      point_id->InsertNextValue(static_cast<vtkIdType>(p.particle_id));
    }
    // A particle that never moved still gets its line (of one point twice), so lines = particles.
    while (ids.size() < 2) {
      const double xyz[3] = {e.release_xyz[0], e.release_xyz[1], e.release_xyz[2]};
      ids.push_back(points->InsertNextPoint(xyz));
      travel->InsertNextValue(0.0);
      time->InsertNextValue(e.release_time);
      point_id->InsertNextValue(static_cast<vtkIdType>(e.particle_id));
    }
    lines->InsertNextCell(static_cast<vtkIdType>(ids.size()), ids.data());
    cell_id->InsertNextValue(static_cast<vtkIdType>(e.particle_id));
    group->InsertNextValue(e.group);
    status->InsertNextValue(e.status);
  }
  vtkNew<vtkPolyData> data;
  data->SetPoints(points);
  data->SetLines(lines);
  data->GetPointData()->AddArray(travel);
  data->GetPointData()->AddArray(time);
  data->GetPointData()->AddArray(point_id);
  data->GetPointData()->SetActiveScalars("travel_time");
  data->GetCellData()->AddArray(cell_id);
  data->GetCellData()->AddArray(group);
  data->GetCellData()->AddArray(status);
  vtkNew<vtkXMLPolyDataWriter> writer;
  writer->SetInputData(data);
  writer->SetFileName(path.c_str());
  writer->SetDataModeToAppended();
  writer->EncodeAppendedDataOff();
  if (writer->Write() != 1) throw RunError(fmt::format("VTK could not write {}", path));
}

void write_endpoints_csv(const std::string& path, const ParticleSetResults& set,
                         const std::vector<EndpointRecord>& ends, const TrackingResults& results) {
  std::ofstream csv(path);
  csv << "particle_id,release,status,release_time,release_x,release_y,release_z,release_layer,"
         "release_row,"
         "release_col,end_time,travel_time,end_x,end_y,end_z,end_layer,end_row,end_col\n";
  for (const auto& e : ends) {
    csv << fmt::format(
        "{},{},{},{:.12g},{:.12g},{:.12g},{:.12g},{},{},{},{:.12g},{:.12g},{:.12g},{:.12g},{:.12g},"
        "{},{},{}\n",
        e.particle_id, set.group_names[static_cast<std::size_t>(e.group)],
        results.status_names[static_cast<std::size_t>(e.status)], e.release_time, e.release_xyz[0],
        e.release_xyz[1], e.release_xyz[2], e.release_cell[0], e.release_cell[1], e.release_cell[2],
        e.end_time, e.travel_time, e.end_xyz[0], e.end_xyz[1], e.end_xyz[2], e.end_cell[0],
        e.end_cell[1], e.end_cell[2]);
  }
  if (!csv) throw RunError(fmt::format("cannot write {}", path));
}

/// GeoJSON (RFC 7946) FeatureCollection of a well's zones, in the case's projected coordinates.
nlohmann::json zone_features(const ZoneSetResults& zones, const TrackingResults& results) {
  using nlohmann::json;
  json collection{{"type", "FeatureCollection"}, {"name", zones.name}, {"features", json::array()}};
  if (!results.crs
           .empty())  // the GeoJSON 2008 way of naming a projected CRS, which QGIS and GDAL read
    collection["crs"] = {{"type", "name"}, {"properties", {{"name", results.crs}}}};
  for (const auto& zone : zones.zones) {
    json coordinates = json::array();
    for (const auto& polygon : zone.polygons) {
      json rings = json::array();
      for (const auto& ring : polygon) {
        json points = json::array();
        for (const auto& p : ring) points.push_back({p[0], p[1]});
        if (!ring.empty()) points.push_back({ring.front()[0], ring.front()[1]});  // closed ring
        rings.push_back(std::move(points));
      }
      coordinates.push_back(std::move(rings));
    }
    json properties{
        {"well", zones.name},
        {"zone", zone.capture_zone ? std::string("capture")
                                   : fmt::format("{:g} {}", zone.travel_time, results.time_unit)},
        {"travel_time", zone.capture_zone ? json(nullptr) : json(zone.travel_time)},
        {"time_unit", results.time_unit},
        {"area", zone.area},
        {"area_unit", results.length_unit + "2"},
        {"columns", zone.columns},
        {"max_distance", zone.max_distance}};
    if (!zone.capture_zone) {
      properties["empirical_radius"] = number(zone.empirical_radius);
      properties["alpha"] = zone.alpha;
      properties["conductivity"] = zone.conductivity;
      properties["gradient"] = number(zone.gradient);
      properties["porosity"] = zone.porosity;
    }
    collection["features"].push_back(
        {{"type", "Feature"},
         {"properties", properties},
         {"geometry", {{"type", "MultiPolygon"}, {"coordinates", coordinates}}}});
  }
  return collection;
}

}  // namespace

void ResultsWriter::write_tracking(const TrackingResults& results) {
  using nlohmann::json;
  const std::string directory = std::string("tracking") + ".partial";
  if (rank_ == 0) fs::create_directories(path(directory));
  MPI_Barrier(comm_);
  json summary{{"length_unit", results.length_unit}, {"time_unit", results.time_unit}};
  for (const auto& [key, value] : results.figures) summary[key] = value;

  bool ok = true;
  std::string problem;
  for (const auto& set : results.sets) {
    write_set_h5(*h5_, set, results, rank_);
    // The single files come from rank 0, with the rows gathered in rank (= particle-id) order.
    const auto ends = tracking::gather_to_root(set.endpoints, comm_);
    const auto vertices = set.has_pathlines ? tracking::gather_to_root(set.pathlines, comm_)
                                            : std::vector<PathlineRecord>{};
    if (rank_ != 0) continue;
    try {
      const std::string prefix = (fs::path(directory) / prefix_of(set)).string();
      write_endpoints_csv(path(prefix + "endpoints.csv"), set, ends, results);
      if (set.has_pathlines) write_vtp(path(prefix + "pathlines.vtp"), vertices, ends);
      std::map<std::string, std::int64_t> counts;
      for (const auto& e : ends) ++counts[results.status_names[static_cast<std::size_t>(e.status)]];
      const std::string key = set.name == "releases" ? "releases" : "protection_zone_particles";
      summary[key] = {
          {"direction", set.direction}, {"particles", set.endpoint_total}, {"status", counts}};
    } catch (const std::exception& e) {
      ok = false;
      problem = e.what();
    }
  }

  json zones = json::array();
  for (const auto& z : results.zones) {
    const std::string group = "/tracking/protection_zones/" + file_safe(z.name);
    h5_->write_cells(group + "/cell_zone", z.cell_zone, 0, "");
    std::vector<double> times, areas, radii;
    for (const auto& zone : z.zones) {
      times.push_back(zone.capture_zone ? std::nan("") : zone.travel_time);
      areas.push_back(zone.area);
      radii.push_back(zone.capture_zone ? std::nan("") : zone.empirical_radius);
    }
    write_small(*h5_, group + "/travel_time", times, 0, results.time_unit, rank_);
    write_small(*h5_, group + "/area", areas, 0, results.length_unit + "2", rank_);
    write_small(*h5_, group + "/empirical_radius", radii, 0, results.length_unit, rank_);
    h5_->set_attribute(group + "/cell_zone", "description",
                       "per cell: 1..k for the smallest isochrone (travel_time[i-1]) holding its "
                       "column, k+1 for the "
                       "capture zone only, 0 outside");
    json entry{{"well", z.name},
               {"package", z.package},
               {"pumping_rate", z.pumping_rate},
               {"wells", z.wells},
               {"geojson", "tracking/zones_" + file_safe(z.name) + ".geojson"}};
    json list = json::array();
    for (const auto& zone : z.zones) {
      json item{
          {"zone", zone.capture_zone ? std::string("capture")
                                     : fmt::format("{:g} {}", zone.travel_time, results.time_unit)},
          {"travel_time", zone.capture_zone ? json(nullptr) : json(zone.travel_time)},
          {"area", zone.area},
          {"columns", zone.columns},
          {"max_distance", zone.max_distance}};
      if (!zone.capture_zone) {
        item["empirical_radius"] = number(zone.empirical_radius);
        item["empirical"] = {
            {"formula", "R = alpha K I T / n (HJ 338-2018)"},
            {"alpha", zone.alpha},
            {"K", zone.conductivity},
            {"I", number(zone.gradient)},
            {"I_source",
             zone.gradient_given ? "case" : "mean gradient along the backward pathlines"},
            {"n", zone.porosity}};
      }
      list.push_back(std::move(item));
    }
    entry["zones"] = std::move(list);
    zones.push_back(std::move(entry));
    if (rank_ == 0) {
      try {
        const std::string file =
            path((fs::path(directory) / ("zones_" + file_safe(z.name) + ".geojson")).string());
        std::ofstream out(file);
        out << zone_features(z, results).dump(1) << "\n";
        if (!out) throw RunError(fmt::format("cannot write {}", file));
      } catch (const std::exception& e) {
        ok = false;
        problem = e.what();
      }
    }
  }
  if (!results.zones.empty()) summary["protection_zones"] = std::move(zones);

  if (!results.receptors.empty()) {
    std::vector<std::string> receptor, release;
    std::vector<std::int64_t> released, reached;
    std::vector<double> fraction, first_arrival, first_travel;
    json list = json::array();
    for (const auto& r : results.receptors) {
      receptor.push_back(r.receptor);
      release.push_back(r.release);
      released.push_back(r.released);
      reached.push_back(r.reached);
      fraction.push_back(r.fraction);
      first_arrival.push_back(r.first_arrival_time);
      first_travel.push_back(r.first_travel_time);
      list.push_back({{"receptor", r.receptor},
                      {"release", r.release},
                      {"reached", r.reached > 0},
                      {"particles_released", r.released},
                      {"particles_arrived", r.reached},
                      {"fraction", r.fraction},
                      {"first_arrival_time", number(r.first_arrival_time)},
                      {"first_travel_time", number(r.first_travel_time)}});
    }
    write_strings(*h5_, "/tracking/receptors/receptor", receptor, rank_);
    write_strings(*h5_, "/tracking/receptors/release", release, rank_);
    write_small(*h5_, "/tracking/receptors/particles_released", released, 0, "", rank_);
    write_small(*h5_, "/tracking/receptors/particles_arrived", reached, 0, "", rank_);
    write_small(*h5_, "/tracking/receptors/fraction", fraction, 0, "", rank_);
    write_small(*h5_, "/tracking/receptors/first_arrival_time", first_arrival, 0, results.time_unit,
                rank_);
    write_small(*h5_, "/tracking/receptors/first_travel_time", first_travel, 0, results.time_unit,
                rank_);
    summary["receptors"] = std::move(list);
  }
  h5_->flush();
  if (!all_ranks_ok(ok, comm_)) throw RunError("cannot write the tracking results: " + problem, true);
  tracking_summary_ = summary.dump();
}

}  // namespace aquaplume::io

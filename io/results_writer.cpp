#include "io/results_writer.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/xdmf_writer.hpp"
#include "mesh/base/fault_point.hpp"
#include "mesh/base/parallel.hpp"
#include "solver/time/time_steps.hpp"

#ifndef AQUAPLUME_VERSION
#define AQUAPLUME_VERSION "0.0.0"
#endif

namespace aquaplume::io {

namespace fs = std::filesystem;

namespace {
const char* kPartial = ".partial";

/// Rank 0's `text` on every rank. Collective.
std::string broadcast_text(std::string text, MPI_Comm comm) {
  int length = static_cast<int>(text.size());
  MPI_Bcast(&length, 1, MPI_INT, 0, comm);
  text.resize(static_cast<std::size_t>(length));
  MPI_Bcast(text.data(), length, MPI_CHAR, 0, comm);
  return text;
}

/// 1.5 GB, 320 MB, 12 kB: sizes for a person.
std::string human_bytes(std::uintmax_t bytes) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1000.0 && unit < 6) {
    value /= 1000.0;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.3g} {}", value, units[unit]);
}

std::string dataset_name(std::string term) {
  for (char& c : term)
    if (c == '/') c = '_';
  return term;
}

}  // namespace

ResultsWriter::ResultsWriter(std::string directory, MPI_Comm comm) : directory_(std::move(directory)), comm_(comm) {
  rank_ = comm_rank(comm);
}

ResultsWriter::~ResultsWriter() {
  if (open_) {
    try {
      abandon();
    } catch (...) {
      // A destructor must not throw; the partial files stay for inspection.
    }
  }
}

std::string ResultsWriter::path(const std::string& name) const { return (fs::path(directory_) / name).string(); }

std::string ResultsWriter::check_writable() {
  std::string problem;
  if (rank_ == 0) {
    std::error_code ec;
    fs::create_directories(directory_, ec);
    if (ec) problem = fmt::format("cannot create the output directory {}: {}", directory_, ec.message());
    else {
      std::ofstream probe(path(".write_test"));
      if (!probe) problem = fmt::format("the output directory {} is not writable", directory_);
      probe.close();
      fs::remove(path(".write_test"), ec);
    }
  }
  return broadcast_text(problem, comm_);
}

std::uintmax_t estimate_results_bytes(const CaseSpec& spec, std::size_t first_step) {
  const auto steps = time_steps(spec.periods);
  std::uintmax_t saved = 0;
  for (std::size_t s = first_step; s < steps.size(); ++s) saved += spec.output.control.saves(steps, s) ? 1 : 0;
  const auto cells = static_cast<std::uintmax_t>(std::max<std::int64_t>(spec.grid.cell_count(), 0));
  const std::uintmax_t species = spec.transport ? spec.transport->species.size() : 0;
  // Values per cell and saved time: head, specific discharge (3), face flows (3),
  // saturation when cells can be convertible, a concentration per species.
  const std::uintmax_t values = 1 + 3 + 3 + (spec.properties.convertible ? 1 : 0) + species;
  // /mesh: centres 3, volume, layer, cell index 3, hexahedron node ids 8, nodes 24.
  const std::uintmax_t mesh = first_step == 0 ? cells * 40 * 8 : 0;
  // A .vtu piece repeats the mesh: 8 points x 3 doubles, 8 ids of connectivity,
  // an offset, a type, the global id and the layer, then the fields.
  const std::uintmax_t vtk = spec.output.vtk ? saved * cells * (192 + 64 + 8 + 1 + 8 + 4 + values * 8) : 0;
  // The checkpoint and its .partial while it is replaced: state per cell
  // (head, start-of-step head, concentrations and their old values) in generous measure.
  const std::uintmax_t checkpoints = 2 * cells * (4 + 4 * species) * 8;
  const std::uintmax_t budgets = steps.size() * 4096;
  return mesh + saved * cells * values * 8 + vtk + checkpoints + budgets;
}

void ResultsWriter::check_room(const CaseSpec& spec, std::size_t first_step) {
  std::string problem = check_writable();
  const std::uintmax_t needed = estimate_results_bytes(spec, first_step);
  estimate_ = needed;
  if (problem.empty() && spec.output.check_space && rank_ == 0) {
    std::error_code ec;
    const fs::space_info space = fs::space(directory_, ec);
    if (!ec && space.available < needed)
      problem = fmt::format(
          "the output directory {} has {} free, but the results of this run need about {} ({} cells, fields of "
          "every saved time{}); free some space, choose another directory with -o, save fewer times "
          "(output: save:), turn VTK off (output: vtk: false), or skip this check with output: check_space: false",
          directory_, human_bytes(space.available), human_bytes(needed), spec.grid.cell_count(),
          spec.output.vtk ? ", VTK pieces included" : "");
  }
  problem = broadcast_text(problem, comm_);
  if (!problem.empty()) throw RunError(problem, true);  // every rank throws it
}

void ResultsWriter::begin(const CaseSpec& spec, const CellGraph& g, const RunPlan& plan) {
  spec_ = &spec;
  graph_ = &g;
  plan_ = plan;
  if (auto problem = check_writable(); !problem.empty()) throw RunError(problem, true);  // every rank throws it
  open_ = true;
  std::vector<std::int64_t> natural(g.natural_index.begin(), g.natural_index.begin() + g.n_owned);
  const double L = 1.0 / spec.units.length_factor();
  if (plan.resume) {
    resume(natural, L);
    return;
  }
  h5_ = std::make_unique<h5::DistributedWriter>(path(std::string("results.h5") + kPartial), comm_, natural,
                                                g.n_global, spec.output.compress);
  const std::string lu = spec.units.length;

  // Attributes of the file.
  h5_->set_attribute("/", "aquaplume_version", AQUAPLUME_VERSION);
  h5_->set_attribute("/", "case_file", spec.file);
  h5_->set_attribute("/", "case_hash_sha256", spec.hash);
  h5_->set_attribute("/", "case_name", spec.name);
  h5_->set_attribute("/", "title", spec.title);
  h5_->set_attribute("/", "length_unit", spec.units.length);
  h5_->set_attribute("/", "time_unit", spec.units.time);
  h5_->set_attribute("/", "crs", "local projected coordinates of the case (x east, y north)");
  h5_->set_attribute("/", "created", fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr))));
  h5_->set_attribute("/", "nlay", static_cast<double>(spec.grid.nlay));
  h5_->set_attribute("/", "nrow", static_cast<double>(spec.grid.nrow));
  h5_->set_attribute("/", "ncol", static_cast<double>(spec.grid.ncol));

  // Mesh, in natural cell order.
  const auto n = static_cast<std::size_t>(g.n_owned);
  std::vector<double> centers(3 * n), volumes(n), layer(n), nodes(24 * n);
  std::vector<std::int64_t> cells(8 * n), index(3 * n);
  const auto xe = g.grid.x_edges();
  const auto ye = g.grid.y_edges();
  for (std::size_t c = 0; c < n; ++c) {
    for (int k = 0; k < 3; ++k) centers[3 * c + k] = g.center[c][k] * L;
    volumes[c] = g.volume(static_cast<std::int32_t>(c)) * L * L * L;
    layer[c] = g.layer[c] + 1;
    index[3 * c] = g.layer[c] + 1;
    index[3 * c + 1] = g.row[c] + 1;
    index[3 * c + 2] = g.col[c] + 1;
    // Eight corners per cell (VTK/XDMF hexahedron order); cells keep their own
    // top and bottom, so neighbouring cells of different elevations stay exact.
    const auto j = static_cast<std::size_t>(g.col[c]), i = static_cast<std::size_t>(g.row[c]);
    const double x0 = xe[j] * L, x1 = xe[j + 1] * L, y0 = ye[i + 1] * L, y1 = ye[i] * L;
    const double z0 = g.bottom[c] * L, z1 = g.top[c] * L;
    const double corners[8][3] = {{x0, y0, z0}, {x1, y0, z0}, {x1, y1, z0}, {x0, y1, z0},
                                  {x0, y0, z1}, {x1, y0, z1}, {x1, y1, z1}, {x0, y1, z1}};
    for (int k = 0; k < 8; ++k) {
      cells[8 * c + k] = 8 * g.natural_index[c] + k;
      for (int d = 0; d < 3; ++d) nodes[24 * c + 3 * k + d] = corners[k][d];
    }
  }
  h5_->write_cells("/mesh/cell_centers", centers, 3, lu);
  h5_->write_cells("/mesh/cell_volumes", volumes, 0, lu + "3");
  h5_->write_cells("/mesh/cell_layer", layer, 0, "");
  h5_->write_cells_int("/mesh/cell_index", index, 3);
  h5_->write_cells_int("/mesh/cells", cells, 8);
  h5_->write_cells("/mesh/nodes", nodes, 3, lu, 8);
  h5_->set_attribute("/mesh/cell_index", "description", "layer, row, column of each cell, 1-based");
  h5_->set_attribute("/mesh/cells", "description", "8 node ids per cell (hexahedron, VTK order) into /mesh/nodes");
  h5_->flush();

  if (spec.output.vtk) vtk_ = std::make_unique<VtkSeries>(g, directory_, std::string("vtk") + kPartial, "vtk", L);
}

void ResultsWriter::resume(std::span<const std::int64_t> natural, double L) {
  // Continue the results of the interrupted run: rows from the checkpoint's
  // position on are written again, the ones before it are kept.
  const RunPosition& at = *plan_.resume;
  std::string missing;
  if (rank_ == 0 && !fs::exists(path(std::string("results.h5") + kPartial)))
    missing = fmt::format("cannot continue: {} (the results of the interrupted run) is missing",
                          path(std::string("results.h5") + kPartial));
  if (!all_ranks_ok(missing.empty(), comm_)) throw RunError(missing.empty() ? "cannot continue the results" : missing, true);
  h5_ = std::make_unique<h5::DistributedWriter>(path(std::string("results.h5") + kPartial), comm_, natural,
                                                graph_->n_global, spec_->output.compress,
                                                h5::DistributedWriter::Mode::Append);
  auto times = h5_->read_values("/time");
  if (times.size() < at.saved) throw RunError("the results file holds fewer output times than the checkpoint", true);
  times_.assign(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(at.saved));
  // The index lists the fields of the file, also when no output time follows the checkpoint.
  for (const auto& [dataset, width] : h5_->cell_series("/fields"))
    xdmf_fields_.push_back({dataset.substr(std::string("/fields/").size()), dataset, width});
  budget_steps_ = at.next_step;
  if (rank_ == 0) {
    // Keep the header and the rows of the steps before the checkpoint in each budget CSV.
    for (const auto& entry : fs::directory_iterator(directory_)) {
      const std::string name = entry.path().filename().string();
      if (!name.starts_with("budget") || !name.ends_with(std::string(".csv") + kPartial)) continue;
      std::ifstream in(entry.path());
      std::vector<std::string> lines;
      for (std::string line; std::getline(in, line);) lines.push_back(line);
      in.close();
      lines.resize(std::min(lines.size(), at.next_step + 1));
      const std::string file = name.substr(0, name.size() - std::string(kPartial).size());
      auto& csv = csv_[file];
      csv.open(entry.path(), std::ios::trunc);
      for (const auto& line : lines) csv << line << "\n";
      csv.flush();
    }
  }
  if (spec_->output.vtk) {
    vtk_ = std::make_unique<VtkSeries>(*graph_, directory_, std::string("vtk") + kPartial, "vtk", L);
    vtk_->resume(times_);
  }
}

std::string ResultsWriter::write_checkpoint(const RunPosition& position, const StateFiller& fill) {
  h5_->flush();
  return io::write_checkpoint(directory_, *spec_, *graph_, position, fill);
}

void ResultsWriter::write_budgets(const TimeStep& step, double time, const std::vector<NamedBudget>& budgets) {
  const hsize_t s = budget_steps_++;
  const double T = 1.0 / spec_->units.time_factor();
  for (const NamedBudget& nb : budgets) {
    const Budget& budget = *nb.budget;
    const std::string group = "/budget/" + nb.name;
    const hsize_t rows = plan_.steps;
    h5_->write_value(group + "/period", rows, s, step.period + 1, "");
    h5_->write_value(group + "/step", rows, s, step.step + 1, "");
    for (const auto& term : budget.terms()) {
      const std::string base = group + "/" + dataset_name(term.name);
      h5_->write_value(base + "/rate_in", rows, s, term.rate_in * nb.rate_factor, nb.rate_units);
      h5_->write_value(base + "/rate_out", rows, s, term.rate_out * nb.rate_factor, nb.rate_units);
      h5_->write_value(base + "/cumulative_in", rows, s, term.cumulative_in * nb.amount_factor, nb.amount_units);
      h5_->write_value(base + "/cumulative_out", rows, s, term.cumulative_out * nb.amount_factor, nb.amount_units);
    }
    h5_->write_value(group + "/total_in", rows, s, budget.total_in() * nb.rate_factor, nb.rate_units);
    h5_->write_value(group + "/total_out", rows, s, budget.total_out() * nb.rate_factor, nb.rate_units);
    h5_->write_value(group + "/percent_discrepancy", rows, s, budget.percent_discrepancy(), "%");
    // The time last: a row with a time is complete.
    h5_->write_value(group + "/time", rows, s, time, spec_->units.time);
    if (rank_ != 0) continue;

    // One CSV per budget: budget.csv for flow, budget_mass_<species>.csv, ...
    const std::string file = nb.name == "flow" ? "budget.csv" : "budget_" + dataset_name(nb.name) + ".csv";
    auto [it, created] = csv_.try_emplace(file);
    std::ofstream& csv = it->second;
    if (created || !csv.is_open()) {
      csv.open(path(file + kPartial));
      csv << "time,period,step,dt";
      for (const auto& term : budget.terms()) csv << fmt::format(",{0}_in,{0}_out", term.name);
      csv << ",total_in,total_out,percent_discrepancy\n";
    }
    csv << fmt::format("{:.10g},{},{},{:.10g}", time, step.period + 1, step.step + 1, step.dt * T);
    for (const auto& term : budget.terms())
      csv << fmt::format(",{:.10g},{:.10g}", term.rate_in * nb.rate_factor, term.rate_out * nb.rate_factor);
    csv << fmt::format(",{:.10g},{:.10g},{:.6g}\n", budget.total_in() * nb.rate_factor,
                       budget.total_out() * nb.rate_factor, budget.percent_discrepancy());
    csv.flush();
  }
}

void ResultsWriter::write_fields(const StepFields& f) {
  const auto t = static_cast<hsize_t>(times_.size());
  const auto rows = static_cast<hsize_t>(plan_.saved_times);
  times_.push_back(f.time);
  std::vector<VtkField> vtk_fields;
  for (const OutputField& field : f.fields) {
    const std::string dataset = "/fields/" + field.name;
    const bool created = !h5_->exists(dataset);
    h5_->write_cells_row(dataset, rows, t, field.values, field.width, field.units);
    if (created && !field.description.empty()) h5_->set_attribute(dataset, "description", field.description);
    if (xdmf_fields_.size() < f.fields.size()) xdmf_fields_.push_back({field.name, dataset, field.width});
    vtk_fields.push_back({field.name == "velocity" ? "specific_discharge" : field.name, field.values,
                          std::max(field.width, 1)});
  }
  fault_point("output", comm_);
  // The time last, then flush: a row with a time is complete on disk.
  h5_->write_value("/time", rows, t, f.time, spec_->units.time);
  h5_->flush();
  if (vtk_) vtk_->write_step(f.time, vtk_fields);
}

void ResultsWriter::write_observations(const std::vector<ObservationSeries>& series) {
  for (const ObservationSeries& s : series) {
    const std::string group = "/observations/" + s.name;
    h5_->write_values(group + "/time", s.times, s.time_units);
    for (const auto& column : s.columns) h5_->write_values(group + "/" + column.name, column.values, column.units);
  }
  if (rank_ != 0 || series.empty()) return;
  // One row per time of any series, one column per point and quantity;
  // a point not observed at a time leaves its cell empty.
  std::vector<double> times;
  for (const auto& s : series) times.insert(times.end(), s.times.begin(), s.times.end());
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  auto [it, created] = csv_.try_emplace("observations.csv");
  std::ofstream& csv = it->second;
  csv.open(path(std::string("observations.csv") + kPartial));
  csv << "time";
  for (const auto& s : series)
    for (const auto& column : s.columns) csv << fmt::format(",{}:{} [{}]", s.name, column.name, column.units);
  csv << "\n";
  std::vector<std::size_t> next(series.size(), 0);
  for (double t : times) {
    csv << fmt::format("{:.10g}", t);
    for (std::size_t i = 0; i < series.size(); ++i) {
      const auto& s = series[i];
      const bool here = next[i] < s.times.size() && s.times[next[i]] == t;
      for (const auto& column : s.columns)
        csv << (here ? fmt::format(",{:.10g}", column.values[next[i]]) : std::string(","));
      if (here) ++next[i];
    }
    csv << "\n";
  }
  csv.flush();
}

void ResultsWriter::finish(const RunSummary& summary) {
  h5_->close();
  h5_.reset();
  for (auto& [file, csv] : csv_) csv.close();

  bool ok = true;
  std::string problem;
  if (rank_ == 0) {
    try {
      fs::rename(path(std::string("results.h5") + kPartial), path("results.h5"));
      for (const auto& [file, csv] : csv_) fs::rename(path(file + kPartial), path(file));
      if (spec_->output.xdmf) {
        std::vector<XdmfField> shown;
        for (const auto& field : xdmf_fields_)
          if (field.name != "face_flow") shown.push_back(field.name == "velocity" ? XdmfField{"specific_discharge", field.dataset, field.width} : field);
        write_xdmf(path(std::string("results.xmf") + kPartial), "results.h5", graph_->n_global, times_, shown,
                   {{"layer", "/mesh/cell_layer", 0}});
        fs::rename(path(std::string("results.xmf") + kPartial), path("results.xmf"));
      }
      nlohmann::json j;
      j["case"] = spec_->file;
      j["cells"] = summary.cells;
      j["ranks"] = summary.ranks;
      j["threads"] = summary.threads;
      j["steps"] = summary.steps;
      j["saved_steps"] = summary.saved_steps;
      j["outer_iterations"] = summary.outer_iterations;
      j["linear_iterations"] = summary.linear_iterations;
      j["max_percent_discrepancy"] = summary.max_percent_discrepancy;
      j["head_min"] = summary.head_min;
      j["head_max"] = summary.head_max;
      j["seconds"] = {{"setup", summary.seconds_setup},
                      {"flow", summary.seconds_flow},
                      {"output", summary.seconds_output},
                      {"total", summary.seconds_total}};
      j["peak_memory_mb"] = summary.peak_memory_mb;
      if (estimate_ > 0) j["output_bytes_estimate"] = estimate_;  // what the free-space check asked for
      for (const auto& [key, value] : summary.extra) j[key] = value;
      if (!tracking_summary_.empty()) j["tracking"] = nlohmann::json::parse(tracking_summary_);
      if (risk_written_) j["risk"] = "risk_summary.json";
      j["length_unit"] = spec_->units.length;
      j["time_unit"] = spec_->units.time;
      std::ofstream(path("summary.json")) << j.dump(2) << "\n";
    } catch (const std::exception& e) {
      ok = false;
      problem = e.what();
    }
  }
  if (!all_ranks_ok(ok, comm_)) throw RunError("cannot move the results into place: " + problem, true);
  // A finished run needs no checkpoint; an old one would only mislead a later --restart.
  if (rank_ == 0) {
    std::error_code ec;
    fs::remove(path("checkpoint.h5"), ec);
  }
  if (vtk_) {
    // The pieces move with their directory; the collection names the final one.
    if (rank_ == 0) {
      std::error_code ec;
      fs::remove_all(path("vtk"), ec);
      fs::rename(path(std::string("vtk") + kPartial), path("vtk"));
    }
    MPI_Barrier(comm_);
    vtk_->write_collection(path("results.pvd"));
  }
  if (!tracking_summary_.empty() && rank_ == 0) {
    std::error_code ec;
    fs::remove_all(path("tracking"), ec);
    fs::rename(path(std::string("tracking") + kPartial), path("tracking"));
  }
  if (risk_written_ && rank_ == 0) {
    std::error_code ec;
    fs::remove_all(path("risk"), ec);
    fs::rename(path(std::string("risk") + kPartial), path("risk"));
  }
  open_ = false;
}

void ResultsWriter::abandon() {
  // Close what is open; the partial results and the checkpoint stay for
  // inspection and --restart. Complete results of an earlier run are untouched.
  open_ = false;
  if (h5_) {
    try {
      h5_->close();
    } catch (...) {
    }
    h5_.reset();
  }
  for (auto& [file, csv] : csv_) csv.close();
}

}  // namespace aquaplume::io

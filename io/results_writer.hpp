#pragma once
/// The results of a run in its output directory (DESIGN.md, results-file contract):
///
///   results.h5     mesh, /time, /fields/*, /budget/flow, attributes   (parallel HDF5)
///   results.xmf    XDMF index of results.h5 for ParaView
///   results.pvd    VTK collection of vtk/step_*.pvtu (one piece per rank)
///   budget.csv     water budget of every step (budget_mass_<species>.csv: solute mass)
///   observations.csv  breakthrough curves at the observation points, if any
///   summary.json   cells, iterations, budget discrepancy, head range, timings
///   tracking/      pathlines (.vtp), endpoints (.csv), protection zones (.geojson)
///
/// Everything is written under temporary names (*.partial) and moved into
/// place only when the run completes, so a failed run never replaces the
/// results of a good one. results.h5.partial is flushed after every output
/// time and stays readable if the run is killed (rows whose /time is still NaN
/// were not finished); `aquaplume run CASE --restart DIR/checkpoint.h5` continues it.

#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "io/checkpoint_file.hpp"
#include "io/hdf5/distributed_writer.hpp"
#include "io/vtk_writer.hpp"
#include "io/xdmf_writer.hpp"
#include "solver/output_sink.hpp"

namespace aquaplume::io {

/// An upper estimate of the bytes a run of `spec` writes into its output
/// directory from step `first_step` (0-based; > 0 when continuing from a
/// checkpoint) on: the HDF5 mesh, every saved field uncompressed (cells x
/// saved times x values per cell x 8 bytes: head 1, specific discharge 3,
/// face flows 3, saturation 1 when cells are convertible, one per species),
/// the VTK pieces when output.vtk is on (each repeats the hexahedra: about
/// 280 bytes per cell per saved time, plus the fields), two checkpoints and
/// the budgets. Not collective.
std::uintmax_t estimate_results_bytes(const CaseSpec& spec, std::size_t first_step = 0);

class ResultsWriter final : public OutputSink {
 public:
  /// `directory` is created if needed. Collective.
  ResultsWriter(std::string directory, MPI_Comm comm);
  ~ResultsWriter() override;

  /// Before the first solve: the output directory exists (it is created) and
  /// is writable, and, unless output.check_space is false, its file system has
  /// room for estimate_results_bytes(spec, first_step). Rank 0 looks; every
  /// rank throws the same RunError (agreed) naming the directory, the sizes
  /// and the way around. Collective.
  void check_room(const CaseSpec& spec, std::size_t first_step = 0);

  void begin(const CaseSpec& spec, const CellGraph& graph, const RunPlan& plan) override;
  void write_budgets(const TimeStep& step, double time, const std::vector<NamedBudget>& budgets) override;
  void write_fields(const StepFields& fields) override;
  std::string write_checkpoint(const RunPosition& position, const StateFiller& fill) override;
  /// results.h5 /tracking, tracking/*.vtp, *.csv, *.geojson (defined in tracking_output.cpp).
  void write_tracking(const tracking::TrackingResults& results) override;
  /// /observations/<point>/{time,<column>} and observations.csv (one row per time).
  void write_observations(const std::vector<ObservationSeries>& series) override;
  /// results.h5 /risk, risk_summary.json, risk_summary.csv, risk_receptors.csv,
  /// risk_breakthrough.csv, risk/*.geojson (defined in risk_output.cpp).
  void write_risk(const risk::RiskResults& results) override;
  void finish(const RunSummary& summary) override;
  void abandon() override;

  const std::string& directory() const { return directory_; }

 private:
  std::string path(const std::string& name) const;
  /// The output directory's problem seen by rank 0 (empty: none), on every rank. Collective.
  std::string check_writable();
  void resume(std::span<const std::int64_t> natural, double length_scale);
  /// The single risk files (rank 0).
  void write_risk_files(const risk::RiskResults& results, double metres);

  std::string directory_;
  MPI_Comm comm_;
  int rank_ = 0;
  const CaseSpec* spec_ = nullptr;
  const CellGraph* graph_ = nullptr;
  std::unique_ptr<h5::DistributedWriter> h5_;
  std::unique_ptr<VtkSeries> vtk_;
  std::map<std::string, std::ofstream> csv_;  ///< budget CSV files by name
  std::vector<XdmfField> xdmf_fields_;
  std::vector<double> times_;  ///< saved times in case units
  hsize_t budget_steps_ = 0;
  RunPlan plan_;
  bool open_ = false;
  std::string tracking_summary_;  ///< JSON text of summary.json's "tracking" entry
  bool risk_written_ = false;     ///< risk/ (GeoJSON) to move into place
  std::uintmax_t estimate_ = 0;   ///< estimate_results_bytes of check_room, for summary.json
};

}  // namespace aquaplume::io

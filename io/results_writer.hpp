#pragma once
/// The results of a run in its output directory (DESIGN.md, results-file contract):
///
///   results.h5     mesh, /time, /fields/*, /budget/flow, attributes   (parallel HDF5)
///   results.xmf    XDMF index of results.h5 for ParaView
///   results.pvd    VTK collection of vtk/step_*.pvtu (one piece per rank)
///   budget.csv     water budget of every step (budget_mass_<species>.csv: solute mass)
///   observations.csv  breakthrough curves at the observation points, if any
///   summary.json   cells, iterations, budget discrepancy, head range, timings
///
/// Everything is written under temporary names (*.partial) and moved into
/// place only when the run completes, so a failed run never replaces the
/// results of a good one.

#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "io/hdf5/distributed_writer.hpp"
#include "io/vtk_writer.hpp"
#include "io/xdmf_writer.hpp"
#include "solver/output_sink.hpp"

namespace aquaplume::io {

class ResultsWriter final : public OutputSink {
 public:
  /// `directory` is created if needed. Collective.
  ResultsWriter(std::string directory, MPI_Comm comm);
  ~ResultsWriter() override;

  void begin(const CaseSpec& spec, const CellGraph& graph) override;
  void write_budgets(const TimeStep& step, double time, const std::vector<NamedBudget>& budgets) override;
  void write_fields(const StepFields& fields) override;
  /// /observations/<point>/{time,<column>} and observations.csv (one row per time).
  void write_observations(const std::vector<ObservationSeries>& series) override;
  void finish(const RunSummary& summary) override;
  void abandon() override;

  const std::string& directory() const { return directory_; }

 private:
  std::string path(const std::string& name) const;
  void check_writable();

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
  bool open_ = false;
};

}  // namespace aquaplume::io

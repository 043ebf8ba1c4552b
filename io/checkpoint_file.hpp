#pragma once
/// Checkpoint files (HDF5): the state of a run in natural cell order, written
/// by all ranks to checkpoint.h5.partial and renamed to checkpoint.h5 once
/// complete, so a checkpoint on disk is always whole. Any number of ranks can
/// read it back.
///
///   /state/<name>     [N] or [N, width]  per-cell state (heads, concentrations, ...)
///   /values/<name>    [n]                numbers (cumulative budgets, ...)
///   attributes: next_step, saved, time [d], case_hash_sha256, nlay, nrow, ncol

#include <mpi.h>

#include <memory>
#include <string>

#include "solver/case/case_spec.hpp"
#include "solver/checkpoint.hpp"
#include "mesh/cell_graph.hpp"

namespace aquaplume::io {

/// Writes a checkpoint of `fill`'s state at `position` as `directory`/checkpoint.h5
/// (atomically). Returns the path. Collective.
std::string write_checkpoint(const std::string& directory, const CaseSpec& spec, const CellGraph& graph,
                             const RunPosition& position, const StateFiller& fill);

/// Opens a checkpoint to continue `spec`; checks that it belongs to a model of
/// the same grid (and warns when the case file changed since). Collective.
/// The reader reads the owned cells of `graph` once it is set with bind().
class CheckpointReader final : public StateReader {
 public:
  CheckpointReader(const std::string& path, const CaseSpec& spec, MPI_Comm comm);
  ~CheckpointReader() override;
  void attach(const CellGraph& graph) override { graph_ = &graph; }
  const RunPosition& position() const override { return position_; }
  bool has(const std::string& name) const override;
  std::vector<double> cells(const std::string& name, int width = 1) override;
  std::vector<double> values(const std::string& name) override;
  /// True when the case file differs from the one that wrote the checkpoint.
  bool case_changed() const { return case_changed_; }

 private:
  std::string path_;
  long long file_;
  RunPosition position_;
  const CellGraph* graph_ = nullptr;
  bool case_changed_ = false;
};

}  // namespace aquaplume::io

#pragma once
/// Checkpoints: the state a run needs to continue, in natural cell order so
/// that a run may continue on another number of ranks. solver/ says what the
/// state is; io/ stores it (HDF5, written under a temporary name and renamed).

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace aquaplume {

struct CellGraph;

/// Where a run stands.
struct RunPosition {
  std::size_t next_step = 0;  ///< index of the next time step to solve
  std::size_t saved = 0;      ///< output times written so far
  double time = 0.0;          ///< [d] model time reached
};

/// Collects a state. Every call is collective.
class StateWriter {
 public:
  virtual ~StateWriter() = default;
  /// `width` values per owned cell, stored in natural order.
  virtual void cells(const std::string& name, std::span<const double> owned, int width = 1) = 0;
  /// Numbers that are the same on every rank (time, cumulative budgets).
  virtual void values(const std::string& name, std::span<const double> values) = 0;
};

/// Gives a stored state back, for this rank's owned cells.
class StateReader {
 public:
  virtual ~StateReader() = default;
  /// The model the state goes into (its owned cells), once it is built.
  virtual void attach(const CellGraph& graph) {}
  virtual const RunPosition& position() const = 0;
  virtual bool has(const std::string& name) const = 0;
  /// The owned cells' values, `width` per cell (collective).
  virtual std::vector<double> cells(const std::string& name, int width = 1) = 0;
  virtual std::vector<double> values(const std::string& name) = 0;
};

/// Fills a StateWriter with the state of everything that evolves in time.
using StateFiller = std::function<void(StateWriter&)>;

}  // namespace aquaplume

#pragma once
/// A state kept in memory (owned cells only): the snapshot a run takes at the
/// start of a step it has to cut, to go back to if every cut fails.

#include <map>
#include <string>
#include <vector>

#include "solver/checkpoint.hpp"

namespace aquaplume {

class MemoryState final : public StateWriter, public StateReader {
 public:
  explicit MemoryState(RunPosition position) : position_(position) {}
  void cells(const std::string& name, std::span<const double> owned, int) override {
    cells_[name].assign(owned.begin(), owned.end());
  }
  void values(const std::string& name, std::span<const double> values) override {
    values_[name].assign(values.begin(), values.end());
  }
  const RunPosition& position() const override { return position_; }
  bool has(const std::string& name) const override { return cells_.count(name) || values_.count(name); }
  std::vector<double> cells(const std::string& name, int) override { return cells_.at(name); }
  std::vector<double> values(const std::string& name) override { return values_.at(name); }

 private:
  RunPosition position_;
  std::map<std::string, std::vector<double>> cells_, values_;
};

}  // namespace aquaplume

/// The risk process in a run (solver/risk/risk_process.hpp): per-cell
/// classes follow the case's rules, and a run continued from a checkpoint
/// gives the same products as one that never stopped.

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>

#include "solver/memory_state.hpp"
#include "tests/support/run_in_memory.hpp"

using namespace aquaplume;
using aquaplume::testing::MemoryResults;
using aquaplume::testing::MemorySink;

namespace {

/// A column with a source held at 100 mg/L; receptors 20 and 60 m downstream.
const char* kCase = R"(
grid: {nlay: 1, nrow: 1, ncol: 120, delr: 1.0, delc: 1.0, top: 1.0, botm: [0.0]}
properties: {k: 10.0}
packages:
  - {type: chd, name: inlet, cols: 1, head: 2.975}
  - {type: chd, name: outlet, cols: 120, head: 0.0}
time: {periods: [{length: 20.0, steps: 2}, {length: 40.0, steps: 4}]}
output: {checkpoint: {every_steps: 1, every_seconds: 0}}
transport:
  species:
    - {name: tracer, porosity: 0.25, dispersivity: {longitudinal: 1.0, transverse_horizontal: 0.1, transverse_vertical: 0.1}}
  time: {max_dt: 1.0}
  constant_concentration:
    - {name: source, cell: [1, 1, 1], concentration: {tracer: 100.0}}
risk:
  species: {tracer: {standard: 50.0, detection_limit: 1.0}}
  prediction_times: [10, 30, 60]
  receptors:
    - {name: near, type: point, cell: [1, 1, 21]}
    - {name: far, type: point, cell: [1, 1, 61]}
  classes:
    - {name: exceeds_by_30d, when: exceeds_standard, within: 30}
    - {name: detectable, when: detectable}
)";

/// Keeps the results in memory and the state of the checkpoint after step `at` (1-based).
class CheckpointingSink final : public OutputSink {
 public:
  CheckpointingSink(MemoryResults& results, std::size_t at) : memory_(results), at_(at) {}
  void begin(const CaseSpec& spec, const CellGraph& graph, const RunPlan& plan) override {
    memory_.begin(spec, graph, plan);
  }
  void write_budgets(const TimeStep& step, double time,
                     const std::vector<NamedBudget>& budgets) override {
    memory_.write_budgets(step, time, budgets);
  }
  void write_fields(const StepFields& fields) override { memory_.write_fields(fields); }
  void write_risk(const risk::RiskResults& results) override { memory_.write_risk(results); }
  std::string write_checkpoint(const RunPosition& position, const StateFiller& fill) override {
    if (position.next_step == at_) {
      state = std::make_unique<MemoryState>(position);
      fill(*state);
    }
    return "memory";
  }
  void finish(const RunSummary& summary) override { memory_.finish(summary); }
  void abandon() override {}

  std::unique_ptr<MemoryState> state;

 private:
  MemorySink memory_;
  std::size_t at_;
};

void expect_same(double a, double b, const std::string& what) {
  if (std::isnan(a) || std::isnan(b)) {
    EXPECT_EQ(std::isnan(a), std::isnan(b)) << what;
    return;
  }
  EXPECT_NEAR(a, b, 1e-10 * std::max(1.0, std::abs(a))) << what;
}

TEST(RiskProcess, ClassesFollowTheRules) {
  auto results = aquaplume::testing::run_yaml(kCase);
  const auto& classes = results.fields.at("risk_class/tracer").back();
  const auto& exceed = results.fields.at("first_exceedance_time/tracer").back();
  const auto& detect = results.fields.at("first_detection_time/tracer").back();
  int counts[3] = {0, 0, 0};
  for (std::size_t n = 0; n < classes.size(); ++n) {
    const int expected = !std::isnan(exceed[n]) && exceed[n] <= 30.0 ? 2
                         : !std::isnan(detect[n])                    ? 1
                                                                     : 0;
    EXPECT_EQ(classes[n], expected) << "cell " << n;
    ++counts[static_cast<int>(classes[n])];
  }
  EXPECT_GT(counts[0], 0);
  EXPECT_GT(counts[1], 0);
  EXPECT_GT(counts[2], 0);
  const auto& risk = results.risk;
  ASSERT_EQ(risk.class_names.size(), 2u);
  EXPECT_EQ(risk.class_names[1], "exceeds_by_30d");  // class 2
  // The near receptor sees the standard exceeded, after the plume was first detected there.
  EXPECT_FALSE(std::isnan(risk.receptors[0].species[0].first_exceedance));
  EXPECT_LT(risk.receptors[0].species[0].first_detection,
            risk.receptors[0].species[0].first_exceedance);
  // Extents grow with time.
  ASSERT_EQ(risk.extents.size(), 3u);
  EXPECT_LT(risk.extents[0].influence.cells, risk.extents[2].influence.cells);
  EXPECT_LE(risk.extents[1].exceedance.max_distance, risk.extents[2].exceedance.max_distance);
}

TEST(RiskProcess, ContinuesFromACheckpoint) {
  MemoryResults reference, first, resumed;
  {
    CaseSpec spec = aquaplume::testing::case_from_yaml(kCase);
    MemorySink sink(reference);
    RunOptions options;
    options.progress = false;
    run_case(spec, sink, MPI_COMM_WORLD, options);
  }
  // Stop after step 3 (t = 20 d, past the first prediction time), then continue.
  CheckpointingSink checkpointing(first, 3);
  {
    CaseSpec spec = aquaplume::testing::case_from_yaml(kCase);
    RunOptions options;
    options.progress = false;
    run_case(spec, checkpointing, MPI_COMM_WORLD, options);
  }
  ASSERT_TRUE(checkpointing.state);
  {
    CaseSpec spec = aquaplume::testing::case_from_yaml(kCase);
    MemorySink sink(resumed);
    RunOptions options;
    options.progress = false;
    options.restart = checkpointing.state.get();
    run_case(spec, sink, MPI_COMM_WORLD, options);
  }
  const auto& a = reference.risk;
  const auto& b = resumed.risk;
  ASSERT_EQ(a.extents.size(), b.extents.size());
  for (std::size_t i = 0; i < a.extents.size(); ++i) {
    expect_same(a.extents[i].exceedance.area, b.extents[i].exceedance.area, "exceedance area");
    expect_same(a.extents[i].influence.mass, b.extents[i].influence.mass, "influence mass");
    expect_same(a.extents[i].influence.max_distance, b.extents[i].influence.max_distance,
                "distance");
    EXPECT_EQ(a.extents[i].influence.columns, b.extents[i].influence.columns);
  }
  ASSERT_EQ(a.receptors.size(), b.receptors.size());
  for (std::size_t r = 0; r < a.receptors.size(); ++r) {
    ASSERT_EQ(a.receptors[r].times.size(), b.receptors[r].times.size());
    const auto& x = a.receptors[r].species[0];
    const auto& y = b.receptors[r].species[0];
    expect_same(x.first_detection, y.first_detection, "first detection");
    expect_same(x.first_exceedance, y.first_exceedance, "first exceedance");
    ASSERT_EQ(x.concentration.size(), y.concentration.size());
    for (std::size_t t = 0; t < x.concentration.size(); ++t)
      expect_same(x.concentration[t], y.concentration[t], "breakthrough");
    ASSERT_EQ(x.at_prediction_times.size(), y.at_prediction_times.size());
  }
  ASSERT_EQ(a.cell_fields.size(), b.cell_fields.size());
  for (std::size_t f = 0; f < a.cell_fields.size(); ++f)
    for (std::size_t n = 0; n < a.cell_fields[f].values.size(); ++n)
      expect_same(a.cell_fields[f].values[n], b.cell_fields[f].values[n], a.cell_fields[f].name);
}

}  // namespace

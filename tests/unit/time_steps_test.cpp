/// Unit tests of solver/time/time_steps.cpp: stress periods, time steps and
/// which steps are saved.
///
/// How to run:  ctest -R time_steps_test
/// What it shows: with a multiplier m the steps of a period grow
/// geometrically, dt_k = dt_1 m^(k-1), and add up to the period length
/// (MODFLOW's TSMULT); period boundaries are exact; each output mode saves
/// the steps a modeller expects.

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include "solver/time/time_steps.hpp"
#include "tests/unit/unit_helpers.hpp"

using namespace aquaplume;
using aquaplume::unit::messages;
using aquaplume::unit::parse;

namespace {

StressPeriod period(double length, int steps, double multiplier = 1.0, bool steady = false) {
  StressPeriod p;
  p.length = length;
  p.steps = steps;
  p.multiplier = multiplier;
  p.steady = steady;
  return p;
}

double sum(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0);
}

}  // namespace

// ---------------------------------------------------------------- step_lengths

TEST(StepLengths, EqualStepsWithoutAMultiplier) {
  EXPECT_EQ(step_lengths(period(10.0, 4)), (std::vector<double>{2.5, 2.5, 2.5, 2.5}));
  EXPECT_EQ(step_lengths(period(7.0, 1)), (std::vector<double>{7.0}));
}

TEST(StepLengths, GeometricStepsAddUpToThePeriod) {
  for (double m : {1.2, 1.5, 2.0, 0.5, 0.9}) {
    for (int n : {2, 5, 10, 37}) {
      const double length = 365.25;
      auto dt = step_lengths(period(length, n, m));
      ASSERT_EQ(dt.size(), static_cast<std::size_t>(n));
      EXPECT_NEAR(sum(dt), length, 1e-12 * length) << "m " << m << " n " << n;
      for (std::size_t k = 1; k < dt.size(); ++k)
        EXPECT_NEAR(dt[k] / dt[k - 1], m, 1e-12) << "m " << m;
      for (double d : dt) EXPECT_GT(d, 0.0);
    }
  }
}

TEST(StepLengths, FirstStepFromTheClosedForm) {
  // dt1 = L (m - 1) / (m^n - 1) = 100 * 0.5 / (1.5^5 - 1)
  auto dt = step_lengths(period(100.0, 5, 1.5));
  const double first = 100.0 * 0.5 / (std::pow(1.5, 5) - 1.0);
  EXPECT_DOUBLE_EQ(dt[0], first);
  EXPECT_DOUBLE_EQ(dt[4], first * std::pow(1.5, 4));
  // m = 2, n = 3, L = 7: steps 1, 2, 4.
  EXPECT_EQ(step_lengths(period(7.0, 3, 2.0)), (std::vector<double>{1.0, 2.0, 4.0}));
}

TEST(StepLengths, AMultiplierWithinRoundOffOfOneGivesEqualSteps) {
  auto dt = step_lengths(period(3.0, 3, 1.0 + 1e-14));
  EXPECT_EQ(dt, (std::vector<double>{1.0, 1.0, 1.0}));
}

TEST(StepLengths, AMultiplierJustAboveOneStillAddsUp) {
  auto dt = step_lengths(period(1000.0, 100, 1.0 + 1e-9));
  EXPECT_NEAR(sum(dt), 1000.0, 1e-8 * 1000.0);  // (m - 1) and (m^n - 1) lose digits
  EXPECT_NEAR(dt[0], 10.0, 1e-4);
}

// ---------------------------------------------------------------- time_steps

TEST(TimeSteps, StepsOfSeveralPeriodsInOrder) {
  auto steps = time_steps({period(1.0, 1, 1.0, /*steady=*/true), period(7.0, 3, 2.0)});
  ASSERT_EQ(steps.size(), 4u);

  EXPECT_EQ(steps[0].period, 0);
  EXPECT_EQ(steps[0].step, 0);
  EXPECT_EQ(steps[0].start, 0.0);
  EXPECT_EQ(steps[0].dt, 1.0);
  EXPECT_TRUE(steps[0].steady);
  EXPECT_TRUE(steps[0].first_in_period);
  EXPECT_TRUE(steps[0].last_in_period);

  const double expected_start[] = {0.0, 1.0, 2.0, 4.0};
  const double expected_dt[] = {1.0, 1.0, 2.0, 4.0};
  for (std::size_t s = 1; s < 4; ++s) {
    EXPECT_EQ(steps[s].period, 1);
    EXPECT_EQ(steps[s].step, static_cast<int>(s - 1));
    EXPECT_EQ(steps[s].start, expected_start[s]);
    EXPECT_EQ(steps[s].dt, expected_dt[s]);
    EXPECT_FALSE(steps[s].steady);
    EXPECT_EQ(steps[s].first_in_period, s == 1);
    EXPECT_EQ(steps[s].last_in_period, s == 3);
  }
  EXPECT_EQ(steps[3].end(), 8.0);
}

TEST(TimeSteps, PeriodsStartExactlyAtTheSumOfTheLengths) {
  // Steps of 1/3 d do not add up exactly in floating point; period starts must.
  std::vector<StressPeriod> periods{period(1.0, 3), period(0.1, 7, 1.3), period(2.5, 6, 0.7)};
  auto steps = time_steps(periods);
  ASSERT_EQ(steps.size(), 16u);
  EXPECT_EQ(steps[3].start, 1.0);
  EXPECT_TRUE(steps[3].first_in_period);
  EXPECT_EQ(steps[10].start, 1.0 + 0.1);
  EXPECT_TRUE(steps[10].first_in_period);
  EXPECT_NEAR(steps.back().end(), 3.6, 1e-12);
  for (std::size_t s = 1; s < steps.size(); ++s) {
    EXPECT_NEAR(steps[s].start, steps[s - 1].end(), 1e-12);
    EXPECT_GT(steps[s].start, steps[s - 1].start);
  }
}

TEST(TimeSteps, NoPeriodsNoSteps) {
  EXPECT_TRUE(time_steps({}).empty());
}

// ---------------------------------------------------------------- OutputControl

namespace {

/// Which of the run's steps `control` saves, as 0-based indices.
std::vector<std::size_t> saved(const OutputControl& control, const std::vector<TimeStep>& steps) {
  std::vector<std::size_t> out;
  for (std::size_t s = 0; s < steps.size(); ++s)
    if (control.saves(steps, s)) out.push_back(s);
  return out;
}

const std::vector<TimeStep> kSevenSteps = time_steps({period(3.0, 3), period(4.0, 4)});

}  // namespace

TEST(OutputControl, AllSavesEveryStep) {
  OutputControl c;
  EXPECT_EQ(c.mode, OutputControl::Mode::All);
  EXPECT_EQ(saved(c, kSevenSteps), (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6}));
}

TEST(OutputControl, LastSavesOnlyTheLastStep) {
  OutputControl c;
  c.mode = OutputControl::Mode::Last;
  EXPECT_EQ(saved(c, kSevenSteps), (std::vector<std::size_t>{6}));
}

TEST(OutputControl, EveryNthStepAndTheLast) {
  OutputControl c;
  c.mode = OutputControl::Mode::Every;
  c.every = 2;
  EXPECT_EQ(saved(c, kSevenSteps), (std::vector<std::size_t>{1, 3, 5, 6}));
  c.every = 3;
  EXPECT_EQ(saved(c, kSevenSteps), (std::vector<std::size_t>{2, 5, 6}));
  c.every = 1;
  EXPECT_EQ(saved(c, kSevenSteps).size(), 7u);
  c.every = 100;
  EXPECT_EQ(saved(c, kSevenSteps), (std::vector<std::size_t>{6}));
}

TEST(OutputControl, PeriodEndsSavesTheLastStepOfEachPeriod) {
  OutputControl c;
  c.mode = OutputControl::Mode::PeriodEnds;
  EXPECT_EQ(saved(c, kSevenSteps), (std::vector<std::size_t>{2, 6}));
}

// ---------------------------------------------------------------- parse_periods

TEST(ParsePeriods, WithoutATimeSectionOneSteadyPeriod) {
  auto tree = parse("name: x\n");
  ErrorList errors;
  Section root(*tree, errors);
  auto periods = parse_periods(root, Units{});
  EXPECT_TRUE(errors.empty()) << errors.format();
  ASSERT_EQ(periods.size(), 1u);
  EXPECT_EQ(periods[0].length, 1.0);
  EXPECT_EQ(periods[0].steps, 1);
  EXPECT_EQ(periods[0].multiplier, 1.0);
  EXPECT_TRUE(periods[0].steady);
}

TEST(ParsePeriods, ReadsEachPeriodInTheCaseTimeUnit) {
  auto tree = parse(
      "time:\n"
      "  periods:\n"
      "    - {length: 1}\n"
      "    - {length: 2, steps: 10, multiplier: 1.2, steady: false}\n");
  ErrorList errors;
  Section root(*tree, errors);
  Units years;
  years.time = "yr";
  years.days_per_time = 365.25;
  auto periods = parse_periods(root, years);
  EXPECT_TRUE(errors.empty()) << errors.format();
  ASSERT_EQ(periods.size(), 2u);
  EXPECT_EQ(periods[0].length, 365.25);
  EXPECT_TRUE(periods[0].steady);
  EXPECT_EQ(periods[0].loc.line, 3);
  EXPECT_EQ(periods[1].length, 730.5);
  EXPECT_EQ(periods[1].steps, 10);
  EXPECT_EQ(periods[1].multiplier, 1.2);
  EXPECT_FALSE(periods[1].steady);
  EXPECT_EQ(periods[1].loc.line, 4);
}

TEST(ParsePeriods, ReportsBadValuesWithTheirLines) {
  auto tree = parse(
      "time:\n"
      "  periods:\n"
      "    - {length: 0}\n"
      "    - {length: 1, steps: 0}\n"
      "    - {length: 1, multiplier: -2}\n"
      "    - 5\n");
  ErrorList errors;
  Section root(*tree, errors);
  parse_periods(root, Units{});
  EXPECT_EQ(messages(errors),
            (std::vector<std::string>{"expected a number > 0, got 0",
                                      "expected a whole number >= 1, got 0",
                                      "expected a number > 0, got -2",
                                      "expected a period: {length, steps, multiplier, steady}"}));
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors.items()[0].loc.line, 3);
  EXPECT_EQ(errors.items()[0].loc.key, "time.periods[1].length");
  EXPECT_EQ(errors.items()[1].loc.line, 4);
  EXPECT_EQ(errors.items()[2].loc.line, 5);
  EXPECT_EQ(errors.items()[3].loc.line, 6);
}

TEST(ParsePeriods, StepLengthsMustBeFiniteAndPositive) {
  auto tree = parse(
      "time:\n"
      "  periods:\n"
      "    - {length: 10, steps: 100, multiplier: 1e10}\n"
      "    - {length: 10, steps: 1000, multiplier: 0.1}\n"
      "    - {length: 1e306, steps: 1}\n"
      "    - {length: 10, steps: 100, multiplier: 1.5}\n");
  ErrorList errors;
  Section root(*tree, errors);
  Units years;
  years.time = "yr";
  years.days_per_time = 365.25;
  parse_periods(root, years);
  EXPECT_EQ(messages(errors),
            (std::vector<std::string>{
                "multiplier 1e10 over 100 step(s) makes step lengths of 0 or out of range; expected a "
                "multiplier closer to 1 or fewer steps",
                "multiplier 0.1 over 1000 step(s) makes step lengths of 0 or out of range; expected a "
                "multiplier closer to 1 or fewer steps",
                "length 1e306 over 1 step(s) makes step lengths of 0 or out of range; expected a "
                "shorter period"}));
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors.items()[0].loc.key, "time.periods[1].multiplier");
  EXPECT_EQ(errors.items()[2].loc.line, 5);
}

TEST(ParsePeriods, AnEmptyListIsAnError) {
  auto tree = parse("time:\n  periods: []\n");
  ErrorList errors;
  Section root(*tree, errors);
  auto periods = parse_periods(root, Units{});
  EXPECT_EQ(messages(errors), (std::vector<std::string>{"expected at least one period"}));
  EXPECT_EQ(periods.size(), 1u);  // a usable default so that later checks can go on
}

/// Unit tests of solver/budget/budget.cpp: water and mass budgets.
///
/// How to run:  ctest -R budget_test     (registered at 1, 2 and 3 ranks)
/// What it shows: flows are booked as in (positive) or out (negative); the
/// percent discrepancy is 100 (in - out) / ((in + out) / 2), as MODFLOW
/// reports it; cumulative volumes are rate x dt summed over steps; summing
/// over ranks adds the rates only.

#include <gtest/gtest.h>

#include <mpi.h>

#include <string>
#include <vector>

#include "mesh/base/parallel.hpp"
#include "solver/budget/budget.hpp"

using namespace aquaplume;

TEST(Budget, TermsInTheOrderAdded) {
  Budget b;
  EXPECT_EQ(b.add_term("STORAGE"), 0u);
  EXPECT_EQ(b.add_term("CHD"), 1u);
  EXPECT_EQ(b.add_term("WEL"), 2u);
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b.terms()[1].name, "CHD");
  EXPECT_EQ(b.terms()[2].rate_in, 0.0);
  EXPECT_EQ(b.terms()[2].cumulative_out, 0.0);
}

TEST(Budget, BookSplitsFlowsIntoInAndOut) {
  Budget b;
  const auto wel = b.add_term("WEL");
  b.book(wel, 3.0);
  b.book(wel, -5.0);
  b.book(wel, 1.5);
  b.book(wel, -0.5);
  b.book(wel, 0.0);
  EXPECT_EQ(b.terms()[wel].rate_in, 4.5);
  EXPECT_EQ(b.terms()[wel].rate_out, 5.5);  // out is stored as a positive rate
  EXPECT_EQ(b.total_in(), 4.5);
  EXPECT_EQ(b.total_out(), 5.5);
}

TEST(Budget, TotalsAddEveryTerm) {
  Budget b;
  const auto chd = b.add_term("CHD"), rch = b.add_term("RCH"), wel = b.add_term("WEL");
  b.book(chd, 10.0);
  b.book(chd, -4.0);
  b.book(rch, 6.0);
  b.book(wel, -12.0);
  EXPECT_EQ(b.total_in(), 16.0);
  EXPECT_EQ(b.total_out(), 16.0);
  EXPECT_EQ(b.percent_discrepancy(), 0.0);
}

TEST(Budget, PercentDiscrepancyAsModflowReportsIt) {
  Budget b;
  const auto t = b.add_term("T");
  b.book(t, 100.0);
  b.book(t, -90.0);
  // 100 (100 - 90) / 95
  EXPECT_DOUBLE_EQ(b.percent_discrepancy(), 1000.0 / 95.0);
  b.book(t, -20.0);
  // in 100, out 110: negative when more leaves than enters
  EXPECT_DOUBLE_EQ(b.percent_discrepancy(), 100.0 * -10.0 / 105.0);
}

TEST(Budget, NoFlowIsNoDiscrepancy) {
  Budget b;
  EXPECT_EQ(b.percent_discrepancy(), 0.0);
  EXPECT_EQ(b.cumulative_percent_discrepancy(), 0.0);
  b.add_term("T");
  EXPECT_EQ(b.percent_discrepancy(), 0.0);
}

TEST(Budget, OnlyInflowIsTwoHundredPercent) {
  Budget b;
  b.book(b.add_term("T"), 5.0);
  EXPECT_DOUBLE_EQ(b.percent_discrepancy(), 200.0);
}

TEST(Budget, AccumulateAddsRateTimesStepLength) {
  Budget b;
  const auto chd = b.add_term("CHD"), wel = b.add_term("WEL");
  b.book(chd, 2.0);
  b.book(wel, -2.0);
  b.accumulate(10.0);
  b.clear_rates();
  b.book(chd, 3.0);
  b.book(wel, -1.0);
  b.accumulate(0.5);

  EXPECT_EQ(b.terms()[chd].cumulative_in, 2.0 * 10.0 + 3.0 * 0.5);
  EXPECT_EQ(b.terms()[chd].cumulative_out, 0.0);
  EXPECT_EQ(b.terms()[wel].cumulative_out, 2.0 * 10.0 + 1.0 * 0.5);
  // cumulative in 21.5, out 20.5
  EXPECT_DOUBLE_EQ(b.cumulative_percent_discrepancy(), 100.0 * 1.0 / 21.0);
  // The rates of the last step alone: in 3, out 1.
  EXPECT_DOUBLE_EQ(b.percent_discrepancy(), 100.0 * 2.0 / 2.0);
}

TEST(Budget, ClearRatesKeepsTheCumulativeValues) {
  Budget b;
  const auto t = b.add_term("T");
  b.book(t, 4.0);
  b.book(t, -1.0);
  b.accumulate(2.0);
  b.clear_rates();
  EXPECT_EQ(b.terms()[t].rate_in, 0.0);
  EXPECT_EQ(b.terms()[t].rate_out, 0.0);
  EXPECT_EQ(b.terms()[t].cumulative_in, 8.0);
  EXPECT_EQ(b.terms()[t].cumulative_out, 2.0);
  EXPECT_EQ(b.terms()[t].name, "T");
}

TEST(Budget, TermGivesWriteAccess) {
  Budget b;
  const auto t = b.add_term("STORAGE");
  b.term(t).rate_in = 7.0;
  EXPECT_EQ(b.total_in(), 7.0);
}

TEST(Budget, SumOverRanksAddsTheRatesOfEveryRank) {
  MPI_Comm comm = MPI_COMM_WORLD;
  const int rank = comm_rank(comm), size = comm_size(comm);
  Budget b;
  const auto storage = b.add_term("STORAGE"), wel = b.add_term("WEL"), chd = b.add_term("CHD");
  b.book(wel, rank + 1.0);
  b.book(wel, -2.0 * (rank + 1));
  if (rank == 0) b.book(chd, 9.0);
  b.term(storage).cumulative_in = 1.0;  // cumulative values are not summed
  b.sum_over_ranks(comm);

  const double ranks_sum = size * (size + 1) / 2.0;  // 1 + 2 + ... + size
  EXPECT_EQ(b.terms()[wel].rate_in, ranks_sum);
  EXPECT_EQ(b.terms()[wel].rate_out, 2.0 * ranks_sum);
  EXPECT_EQ(b.terms()[chd].rate_in, 9.0);
  EXPECT_EQ(b.terms()[chd].rate_out, 0.0);
  EXPECT_EQ(b.terms()[storage].rate_in, 0.0);
  EXPECT_EQ(b.terms()[storage].cumulative_in, 1.0);
  EXPECT_EQ(b.terms()[wel].name, "WEL");
  EXPECT_EQ(b.total_in(), ranks_sum + 9.0);
}

TEST(Budget, SumOverRanksOfAnEmptyBudget) {
  Budget b;
  b.sum_over_ranks(MPI_COMM_WORLD);
  EXPECT_EQ(b.size(), 0u);
}

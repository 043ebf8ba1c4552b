/// Unit tests of mesh/base/parallel.cpp: the MPI helpers.
///
/// How to run:  ctest -R parallel_test     (registered at 1, 2 and 3 ranks)
/// What it shows: every rank ends up with the same merged problem list, with a
/// problem that several ranks found listed once; sums and prefix sums agree
/// with their closed forms at any rank count.
///
/// Every test is collective: each rank runs it, and assertions come after the
/// collective calls so that a failure on one rank cannot leave another waiting.

#include <gtest/gtest.h>

#include <mpi.h>

#include <string>
#include <vector>

#include "mesh/base/parallel.hpp"

using namespace aquaplume;

namespace {

MPI_Comm world() {
  return MPI_COMM_WORLD;
}

SourceLoc at(const std::string& file, int line, int column, const std::string& key) {
  SourceLoc loc;
  loc.file = file;
  loc.line = line;
  loc.column = column;
  loc.key = key;
  return loc;
}

}  // namespace

TEST(Parallel, RankAndSizeMatchMpi) {
  int rank = -1, size = -1;
  MPI_Comm_rank(world(), &rank);
  MPI_Comm_size(world(), &size);
  EXPECT_EQ(comm_rank(world()), rank);
  EXPECT_EQ(comm_size(world()), size);
  EXPECT_EQ(comm_size(MPI_COMM_SELF), 1);
  EXPECT_EQ(comm_rank(MPI_COMM_SELF), 0);
}

TEST(Parallel, AllRanksOkNeedsEveryRank) {
  const int rank = comm_rank(world()), size = comm_size(world());
  EXPECT_TRUE(all_ranks_ok(true, world()));
  EXPECT_FALSE(all_ranks_ok(false, world()));
  // Only the last rank fails: every rank must learn it.
  EXPECT_FALSE(all_ranks_ok(rank != size - 1, world()));
}

TEST(Parallel, GatherErrorsOfNoRankIsEmpty) {
  ErrorList none;
  EXPECT_TRUE(gather_errors(none, world()).empty());
}

TEST(Parallel, GatherErrorsListsAProblemFoundByEveryRankOnce) {
  const int rank = comm_rank(world()), size = comm_size(world());
  ErrorList local;
  local.add(at("case.yaml", 4, 7, "properties.k"), "expected a value > 0, got -1");
  local.add(at("case.yaml", 20, 3, "wells[1].cell"), "(9, 1, 1) is outside the grid (3 x 4 x 5)");
  local.add(at("k.f64", 0, 0, ""), "rank " + std::to_string(rank) + " found this");
  ErrorList merged = gather_errors(local, world());

  ASSERT_EQ(merged.size(), 2u + static_cast<std::size_t>(size));
  // The shared problems come first, as rank 0 found them, then each rank's own.
  EXPECT_EQ(merged.items()[0].format(), "case.yaml:4: properties.k: expected a value > 0, got -1");
  EXPECT_EQ(merged.items()[0].loc.column, 7);
  EXPECT_EQ(merged.items()[1].loc.key, "wells[1].cell");
  EXPECT_EQ(merged.items()[2].message, "rank 0 found this");
  for (int r = 0; r < size; ++r) {
    const Diagnostic& d = merged.items()[2 + static_cast<std::size_t>(r)];
    EXPECT_EQ(d.message, "rank " + std::to_string(r) + " found this");
    EXPECT_EQ(d.loc.file, "k.f64");
    EXPECT_EQ(d.loc.line, 0);
    EXPECT_EQ(d.loc.key, "");
  }
}

TEST(Parallel, GatherErrorsKeepsProblemsThatDifferOnlyInPlace) {
  const int rank = comm_rank(world()), size = comm_size(world());
  ErrorList local;
  // The same message at a line that depends on the rank: not a repeat.
  local.add(at("case.yaml", 10 + rank, 1, "k"), "bad");
  ErrorList merged = gather_errors(local, world());
  ASSERT_EQ(merged.size(), static_cast<std::size_t>(size));
  for (int r = 0; r < size; ++r)
    EXPECT_EQ(merged.items()[static_cast<std::size_t>(r)].loc.line, 10 + r);
}

TEST(Parallel, GatherErrorsWhenOnlySomeRanksFoundProblems) {
  const int rank = comm_rank(world()), size = comm_size(world());
  ErrorList local;
  if (rank == size - 1) local.add(at("case.yaml", 3, 1, "grid.nlay"), "line one\nline two");
  ErrorList merged = gather_errors(local, world());
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_EQ(merged.items()[0].message, "line one\nline two");  // newlines survive the trip
  EXPECT_EQ(merged.items()[0].loc.key, "grid.nlay");
}

TEST(Parallel, ThrowIfAnyRankThrowsTheSameErrorOnEveryRank) {
  const int rank = comm_rank(world()), size = comm_size(world());
  ErrorList local;
  if (rank == size - 1) local.add(at("case.yaml", 8, 1, "time"), "expected at least one period");
  std::string what;
  try {
    throw_if_any_rank(local, world());
  } catch (const InputError& e) {
    what = e.what();
  }
  EXPECT_EQ(what, "case.yaml:8: time: expected at least one period\n");

  ErrorList none;
  EXPECT_NO_THROW(throw_if_any_rank(none, world()));
}

TEST(Parallel, ExclusivePrefixSumOfRankPlusOne) {
  const int rank = comm_rank(world());
  const std::int64_t prefix = exclusive_prefix_sum(rank + 1, world());
  // 1 + 2 + ... + rank
  EXPECT_EQ(prefix, static_cast<std::int64_t>(rank) * (rank + 1) / 2);
}

TEST(Parallel, ExclusivePrefixSumIsZeroOnRankZeroAndUses64Bits) {
  const int rank = comm_rank(world());
  const std::int64_t big = 5'000'000'000;  // more than a 32-bit int holds
  const std::int64_t prefix = exclusive_prefix_sum(big, world());
  EXPECT_EQ(prefix, big * rank);
  const std::int64_t zeros = exclusive_prefix_sum(0, world());
  EXPECT_EQ(zeros, 0);
}

TEST(Parallel, ReductionsOverRanks) {
  const int rank = comm_rank(world()), size = comm_size(world());
  const std::int64_t total = sum_over_ranks(static_cast<std::int64_t>(rank + 1), world());
  const double dtotal = sum_over_ranks(0.5 * (rank + 1), world());
  const double largest = max_over_ranks(static_cast<double>(rank), world());
  const double smallest = min_over_ranks(static_cast<double>(rank) - 1.0, world());
  std::vector<double> values{1.0, static_cast<double>(rank)};
  sum_over_ranks(values, world());
  EXPECT_EQ(total, static_cast<std::int64_t>(size) * (size + 1) / 2);
  EXPECT_DOUBLE_EQ(dtotal, 0.25 * size * (size + 1));
  EXPECT_EQ(largest, size - 1.0);
  EXPECT_EQ(smallest, -1.0);
  EXPECT_EQ(values, (std::vector<double>{static_cast<double>(size), size * (size - 1) / 2.0}));
}

TEST(Parallel, GatherErrorsKeepsMessagesWithSeparatorCharacters) {
  ErrorList local;
  local.add(at("case.yaml", 5, 1, "k"),
            "expected a number, got 'a\x1e"
            "b\x1f"
            "c'");
  ErrorList merged = gather_errors(local, world());
  ASSERT_EQ(merged.size(), 1u) << merged.format();
  EXPECT_EQ(merged.items()[0].message,
            "expected a number, got 'a\x1e"
            "b\x1f"
            "c'");
  EXPECT_EQ(merged.items()[0].loc.line, 5);
}

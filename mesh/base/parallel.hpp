#pragma once
/// Small MPI helpers shared by every layer: rank queries, agreeing on failure.

#include <mpi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "mesh/base/diagnostics.hpp"

namespace aquaplume {

int comm_rank(MPI_Comm comm);
int comm_size(MPI_Comm comm);

/// True on every rank when `ok` is true on every rank. Collective.
bool all_ranks_ok(bool ok, MPI_Comm comm);

/// The union of every rank's problems, on every rank, without repeats
/// (a problem found by all ranks, such as a bad constant, is listed once). Collective.
ErrorList gather_errors(const ErrorList& local, MPI_Comm comm);

/// Every rank's problems gathered; throws the same InputError on every rank
/// when any rank found one. Collective: call it on all ranks.
void throw_if_any_rank(const ErrorList& local, MPI_Comm comm);

std::int64_t sum_over_ranks(std::int64_t value, MPI_Comm comm);
double sum_over_ranks(double value, MPI_Comm comm);
double max_over_ranks(double value, MPI_Comm comm);
double min_over_ranks(double value, MPI_Comm comm);
/// Sums element-wise over ranks, in place.
void sum_over_ranks(std::vector<double>& values, MPI_Comm comm);
/// The sum of `value` over the ranks before this one.
std::int64_t exclusive_prefix_sum(std::int64_t value, MPI_Comm comm);

}  // namespace aquaplume

#pragma once
/// Moving particles and their records between MPI ranks.
///
/// A particle that crosses into a ghost cell goes to the rank owning that
/// cell: every rank sends what left it with one MPI_Alltoallv per round
/// (records as bytes), and tracking repeats rounds until a global sum says no
/// particle moved between ranks. After tracking, records are redistributed
/// into blocks of particle ids (rank r holds the r-th block) and sorted, so
/// that outputs are written in particle-id order whatever the partition.

#include <mpi.h>

#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "mesh/cell_graph.hpp"

namespace aquaplume::tracking {

/// The rank owning each local cell of a cell graph (owned cells: this rank).
class CellOwners {
 public:
  /// Collective (one all-gather of the ranks' first global indices).
  explicit CellOwners(const CellGraph& graph);
  /// Owner of local cell `local` (owned or ghost).
  int owner(std::int32_t local) const;

 private:
  const CellGraph& graph_;
  int rank_ = 0;
  std::vector<std::int64_t> first_global_;  // per rank
};

/// Sends outbox[r] to rank r and returns what this rank received, in rank
/// order. Collective. T must be trivially copyable.
template <typename T>
std::vector<T> exchange_between_ranks(const std::vector<std::vector<T>>& outbox, MPI_Comm comm) {
  static_assert(std::is_trivially_copyable_v<T>);
  const int size = static_cast<int>(outbox.size());
  std::vector<int> send_counts(size), receive_counts(size), send_displs(size), receive_displs(size);
  std::vector<T> send;
  for (int r = 0; r < size; ++r) {
    send_displs[r] = static_cast<int>(send.size() * sizeof(T));
    send_counts[r] = static_cast<int>(outbox[r].size() * sizeof(T));
    send.insert(send.end(), outbox[r].begin(), outbox[r].end());
  }
  MPI_Alltoall(send_counts.data(), 1, MPI_INT, receive_counts.data(), 1, MPI_INT, comm);
  int total = 0;
  for (int r = 0; r < size; ++r) {
    receive_displs[r] = total;
    total += receive_counts[r];
  }
  std::vector<T> received(static_cast<std::size_t>(total) / sizeof(T));
  MPI_Alltoallv(send.data(), send_counts.data(), send_displs.data(), MPI_BYTE, received.data(),
                receive_counts.data(), receive_displs.data(), MPI_BYTE, comm);
  return received;
}

/// The rank holding particle `id` (1..total) in the output blocks.
inline int block_of(std::int64_t id, std::int64_t total, int size) {
  if (total <= 0) return 0;
  return static_cast<int>(((id - 1) * static_cast<std::int64_t>(size)) / total);
}

/// Redistributes records by the block of their `id` member and sorts each
/// block with `less`. Collective.
template <typename T, typename Less>
std::vector<T> to_id_blocks(const std::vector<T>& records, std::int64_t total_ids, MPI_Comm comm,
                            Less less) {
  int size = 1;
  MPI_Comm_size(comm, &size);
  std::vector<std::vector<T>> outbox(static_cast<std::size_t>(size));
  for (const T& r : records)
    outbox[static_cast<std::size_t>(block_of(r.id, total_ids, size))].push_back(r);
  auto mine = exchange_between_ranks(outbox, comm);
  std::sort(mine.begin(), mine.end(), less);
  return mine;
}

/// Every rank's records, concatenated in rank order, on every rank. Collective.
template <typename T>
std::vector<T> all_gather(const std::vector<T>& local, MPI_Comm comm) {
  static_assert(std::is_trivially_copyable_v<T>);
  int size = 1;
  MPI_Comm_size(comm, &size);
  int bytes = static_cast<int>(local.size() * sizeof(T));
  std::vector<int> counts(static_cast<std::size_t>(size)), displs(static_cast<std::size_t>(size));
  MPI_Allgather(&bytes, 1, MPI_INT, counts.data(), 1, MPI_INT, comm);
  int total = 0;
  for (int r = 0; r < size; ++r) {
    displs[static_cast<std::size_t>(r)] = total;
    total += counts[static_cast<std::size_t>(r)];
  }
  std::vector<T> all(static_cast<std::size_t>(total) / sizeof(T));
  MPI_Allgatherv(local.data(), bytes, MPI_BYTE, all.data(), counts.data(), displs.data(), MPI_BYTE,
                 comm);
  return all;
}

/// Every rank's records concatenated in rank order on rank 0 (empty elsewhere). Collective.
template <typename T>
std::vector<T> gather_to_root(const std::vector<T>& local, MPI_Comm comm) {
  static_assert(std::is_trivially_copyable_v<T>);
  int size = 1, rank = 0;
  MPI_Comm_size(comm, &size);
  MPI_Comm_rank(comm, &rank);
  int bytes = static_cast<int>(local.size() * sizeof(T));
  std::vector<int> counts(static_cast<std::size_t>(size)), displs(static_cast<std::size_t>(size));
  MPI_Gather(&bytes, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, comm);
  int total = 0;
  for (int r = 0; r < size; ++r) {
    displs[static_cast<std::size_t>(r)] = total;
    total += counts[static_cast<std::size_t>(r)];
  }
  std::vector<T> all(rank == 0 ? static_cast<std::size_t>(total) / sizeof(T) : 0);
  MPI_Gatherv(local.data(), bytes, MPI_BYTE, all.data(), counts.data(), displs.data(), MPI_BYTE, 0,
              comm);
  return all;
}

}  // namespace aquaplume::tracking

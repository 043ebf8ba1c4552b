#include "solver/tracking/particle_exchange.hpp"

#include "mesh/base/parallel.hpp"

namespace aquaplume::tracking {

CellOwners::CellOwners(const CellGraph& graph) : graph_(graph), rank_(comm_rank(graph.comm)) {
  first_global_.resize(static_cast<std::size_t>(comm_size(graph.comm)));
  std::int64_t first = graph.first_owned;
  MPI_Allgather(&first, 1, MPI_INT64_T, first_global_.data(), 1, MPI_INT64_T, graph.comm);
}

int CellOwners::owner(std::int32_t local) const {
  if (local < graph_.n_owned) return rank_;
  // Ranks own contiguous blocks of global indices, in rank order (cell_graph.hpp).
  // A rank owning nothing repeats the next rank's first index: take the last
  // rank that starts at or before the index.
  const std::int64_t global = graph_.global_index[static_cast<std::size_t>(local)];
  auto it = std::upper_bound(first_global_.begin(), first_global_.end(), global);
  return static_cast<int>(it - first_global_.begin()) - 1;
}

}  // namespace aquaplume::tracking

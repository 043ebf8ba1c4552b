#include "solver/petsc/ghost_exchange.hpp"

#include <algorithm>
#include <vector>

namespace aquaplume::petsc {

GhostExchange::GhostExchange(const CellGraph& graph)
    : n_owned_(graph.n_owned), n_local_(graph.n_local), comm_(graph.comm) {
  for (std::int32_t c = graph.n_owned; c < graph.n_local; ++c)
    ghosts_.push_back(static_cast<PetscInt>(graph.global_index[c]));
  petsc_check(VecCreateGhost(graph.comm, graph.n_owned, PETSC_DECIDE,
                             static_cast<PetscInt>(ghosts_.size()), ghosts_.data(), ghosted_.out()),
              "VecCreateGhost");
}

Vec GhostExchange::block_vector(int width) const {
  if (width == 1) return ghosted_.get();
  auto [it, created] = blocks_.try_emplace(width);
  if (created)
    petsc_check(VecCreateGhostBlock(comm_, width, width * n_owned_, PETSC_DECIDE,
                                    static_cast<PetscInt>(ghosts_.size()), ghosts_.data(), it->second.out()),
                "VecCreateGhostBlock");
  return it->second.get();
}

void GhostExchange::update(std::span<double> values) const { update(values, 1); }

void GhostExchange::update(std::span<double> values, int width) const {
  // One scatter for all components: on a busy network the message count,
  // not the volume, sets the cost.
  Vec ghosted = block_vector(width);
  const auto owned_values = static_cast<std::ptrdiff_t>(n_owned_) * width;
  const auto local_values = static_cast<std::ptrdiff_t>(n_local_) * width;
  {
    ArrayView owned(ghosted);
    std::copy(values.begin(), values.begin() + owned_values, owned.data());
  }
  petsc_check(VecGhostUpdateBegin(ghosted, INSERT_VALUES, SCATTER_FORWARD), "VecGhostUpdateBegin");
  petsc_check(VecGhostUpdateEnd(ghosted, INSERT_VALUES, SCATTER_FORWARD), "VecGhostUpdateEnd");
  Vec local = nullptr;
  petsc_check(VecGhostGetLocalForm(ghosted, &local), "VecGhostGetLocalForm");
  {
    ConstArrayView all(local);
    std::copy(all.data() + owned_values, all.data() + local_values, values.begin() + owned_values);
  }
  petsc_check(VecGhostRestoreLocalForm(ghosted, &local), "VecGhostRestoreLocalForm");
}

}  // namespace aquaplume::petsc

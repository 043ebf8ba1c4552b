#include "solver/petsc/ghost_exchange.hpp"

#include <algorithm>
#include <vector>

namespace aquaplume::petsc {

GhostExchange::GhostExchange(const CellGraph& graph)
    : n_owned_(graph.n_owned), n_local_(graph.n_local) {
  std::vector<PetscInt> ghosts;
  for (std::int32_t c = graph.n_owned; c < graph.n_local; ++c)
    ghosts.push_back(static_cast<PetscInt>(graph.global_index[c]));
  petsc_check(VecCreateGhost(graph.comm, graph.n_owned, PETSC_DECIDE,
                             static_cast<PetscInt>(ghosts.size()), ghosts.data(), ghosted_.out()),
              "VecCreateGhost");
}

void GhostExchange::update(std::span<double> values) const { update(values, 1); }

void GhostExchange::update(std::span<double> values, int width) const {
  for (int k = 0; k < width; ++k) {
    {
      ArrayView owned(ghosted_.get());
      for (std::int32_t c = 0; c < n_owned_; ++c) owned[c] = values[std::size_t(c) * width + k];
    }
    petsc_check(VecGhostUpdateBegin(ghosted_.get(), INSERT_VALUES, SCATTER_FORWARD), "VecGhostUpdateBegin");
    petsc_check(VecGhostUpdateEnd(ghosted_.get(), INSERT_VALUES, SCATTER_FORWARD), "VecGhostUpdateEnd");
    Vec local = nullptr;
    petsc_check(VecGhostGetLocalForm(ghosted_.get(), &local), "VecGhostGetLocalForm");
    {
      ConstArrayView all(local);
      for (std::int32_t c = n_owned_; c < n_local_; ++c) values[std::size_t(c) * width + k] = all[c];
    }
    petsc_check(VecGhostRestoreLocalForm(ghosted_.get(), &local), "VecGhostRestoreLocalForm");
  }
}

}  // namespace aquaplume::petsc

#include "mesh/base/fault_point.hpp"

#include <cstdlib>
#include <stdexcept>

namespace aquaplume {

void fault_point(const std::string& point, MPI_Comm comm) {
  static const char* const at = std::getenv("AQUAPLUME_FAULT_AT");
  static const char* const rank = std::getenv("AQUAPLUME_FAULT_RANK");
  if (at == nullptr || rank == nullptr || point != at) return;
  int mine = 0;
  MPI_Comm_rank(comm, &mine);
  if (std::to_string(mine) != rank) return;
  throw std::runtime_error("simulated failure at '" + point + "' on rank " + rank +
                           " (AQUAPLUME_FAULT_AT and AQUAPLUME_FAULT_RANK are for tests only)");
}

}  // namespace aquaplume

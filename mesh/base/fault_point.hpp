#pragma once
/// A test hook for failures on one rank only (tests/mpi/fault_one_rank.py):
/// the MPI fault tests need an unexpected exception on exactly one rank while
/// the others are inside a collective, which no input can produce reliably.

#include <mpi.h>

#include <string>

namespace aquaplume {

/// When the environment holds AQUAPLUME_FAULT_AT=`point` and
/// AQUAPLUME_FAULT_RANK=<this rank>, throws std::runtime_error as an
/// unexpected failure would; otherwise does nothing (two getenv at the first
/// call, then a string compare). Points: "setup" (the mesh built, before the
/// flow model), "step:<n>" (at the start of 0-based time step n, the other
/// ranks going on into its solve), "output" (inside a write of fields, the
/// parallel HDF5 file open). Not collective: that is the point.
void fault_point(const std::string& point, MPI_Comm comm);

}  // namespace aquaplume

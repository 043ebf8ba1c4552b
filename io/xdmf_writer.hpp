#pragma once
/// results.xmf: an XDMF 3 index that lets ParaView open results.h5 directly
/// (a temporal collection of the hexahedral mesh with cell fields per time,
/// each a hyperslab of the [T, N] datasets).

#include <string>
#include <vector>

namespace aquaplume::io {

struct XdmfField {
  std::string name;     ///< name shown in ParaView
  std::string dataset;  ///< path in results.h5, [T, N] or [T, N, width]
  int width = 0;        ///< 0 scalar, 3 vector
};

/// Writes the index for `times` (rank 0 only; not collective).
void write_xdmf(const std::string& path, const std::string& h5_name, long long n_cells,
                const std::vector<double>& times, const std::vector<XdmfField>& fields,
                const std::vector<XdmfField>& static_fields);

}  // namespace aquaplume::io

#include "io/hdf5/handles.hpp"

#include <fmt/format.h>

namespace aquaplume::io::h5 {

herr_t check(herr_t status, std::string_view call) {
  if (status < 0) throw RunError(fmt::format("HDF5 {} failed", call));
  return status;
}

hid_t check_id(hid_t id, std::string_view call) {
  if (id < 0) throw RunError(fmt::format("HDF5 {} failed", call));
  return id;
}

void quiet_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

}  // namespace aquaplume::io::h5

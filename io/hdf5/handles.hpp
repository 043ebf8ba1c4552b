#pragma once
/// Move-only owners of HDF5 identifiers; failures become RunError naming the call.

#include <hdf5.h>

#include <string_view>
#include <utility>

#include "mesh/base/diagnostics.hpp"

namespace aquaplume::io::h5 {

/// Throws RunError("HDF5 <call> failed ...") when `status` is negative.
herr_t check(herr_t status, std::string_view call);
hid_t check_id(hid_t id, std::string_view call);
/// Silences HDF5's own error printing (we report failures ourselves).
void quiet_errors();

template <herr_t (*Close)(hid_t)>
class Id {
 public:
  Id() = default;
  explicit Id(hid_t id) : id_(id) {}
  ~Id() {
    if (id_ >= 0) Close(id_);
  }
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  Id(Id&& o) noexcept : id_(std::exchange(o.id_, -1)) {}
  Id& operator=(Id&& o) noexcept {
    if (this != &o) {
      if (id_ >= 0) Close(id_);
      id_ = std::exchange(o.id_, -1);
    }
    return *this;
  }
  hid_t get() const { return id_; }
  operator hid_t() const { return id_; }
  /// Closes now, reporting failure (a file close can fail on a full disk).
  void close(std::string_view call) {
    if (id_ >= 0) check(Close(std::exchange(id_, -1)), call);
  }

 private:
  hid_t id_ = -1;
};

using File = Id<H5Fclose>;
using Group = Id<H5Gclose>;
using Dataset = Id<H5Dclose>;
using Dataspace = Id<H5Sclose>;
using PropertyList = Id<H5Pclose>;
using Attribute = Id<H5Aclose>;
using Datatype = Id<H5Tclose>;

}  // namespace aquaplume::io::h5

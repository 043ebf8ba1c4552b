#include "io/checkpoint_file.hpp"

#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "io/hdf5/distributed_writer.hpp"
#include "mesh/base/parallel.hpp"

namespace aquaplume::io {

namespace fs = std::filesystem;

namespace {

class CheckpointWriter final : public StateWriter {
 public:
  explicit CheckpointWriter(h5::DistributedWriter& h5) : h5_(h5) {}
  void cells(const std::string& name, std::span<const double> owned, int width) override {
    h5_.write_cells("/state/" + name, owned, width > 1 ? width : 0, "");
  }
  void values(const std::string& name, std::span<const double> values) override {
    const std::string path = "/values/" + name;
    for (std::size_t i = 0; i < values.size(); ++i) h5_.write_value(path, values.size(), i, values[i], "");
  }

 private:
  h5::DistributedWriter& h5_;
};

double read_attribute(hid_t file, const char* name) {
  double value = 0.0;
  h5::Attribute a(H5Aopen(file, name, H5P_DEFAULT));
  if (a.get() < 0 || H5Aread(a, H5T_NATIVE_DOUBLE, &value) < 0)
    throw RunError(fmt::format("the checkpoint has no attribute '{}': not an aquaplume checkpoint", name));
  return value;
}

std::string read_text_attribute(hid_t file, const char* name) {
  h5::Attribute a(H5Aopen(file, name, H5P_DEFAULT));
  if (a.get() < 0) return {};
  h5::Datatype type(H5Aget_type(a));
  const auto size = H5Tget_size(type);
  std::string text(size, '\0');
  if (H5Aread(a, type, text.data()) < 0) return {};
  text.resize(std::strlen(text.c_str()));
  return text;
}

}  // namespace

std::string write_checkpoint(const std::string& directory, const CaseSpec& spec, const CellGraph& g,
                             const RunPosition& position, const StateFiller& fill) {
  const std::string partial = (fs::path(directory) / "checkpoint.h5.partial").string();
  const std::string final_path = (fs::path(directory) / "checkpoint.h5").string();
  std::vector<std::int64_t> natural(g.natural_index.begin(), g.natural_index.begin() + g.n_owned);
  {
    h5::DistributedWriter h5(partial, g.comm, natural, g.n_global, false);
    h5.set_attribute("/", "next_step", static_cast<double>(position.next_step));
    h5.set_attribute("/", "saved", static_cast<double>(position.saved));
    h5.set_attribute("/", "time", position.time);
    h5.set_attribute("/", "case_hash_sha256", spec.hash);
    h5.set_attribute("/", "nlay", static_cast<double>(spec.grid.nlay));
    h5.set_attribute("/", "nrow", static_cast<double>(spec.grid.nrow));
    h5.set_attribute("/", "ncol", static_cast<double>(spec.grid.ncol));
    CheckpointWriter writer(h5);
    fill(writer);
    h5.close();
  }
  bool ok = true;
  if (comm_rank(g.comm) == 0) {
    std::error_code ec;
    fs::rename(partial, final_path, ec);
    ok = !ec;
  }
  if (!all_ranks_ok(ok, g.comm)) throw RunError(fmt::format("cannot move the checkpoint into place: {}", final_path), true);
  return final_path;
}

CheckpointReader::CheckpointReader(const std::string& path, const CaseSpec& spec, MPI_Comm comm) : path_(path) {
  h5::quiet_errors();
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw RunError(fmt::format("checkpoint {} does not exist", path), true);
  file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file_ < 0) throw RunError(fmt::format("{} is not an HDF5 checkpoint", path), true);
  position_.next_step = static_cast<std::size_t>(read_attribute(file_, "next_step"));
  position_.saved = static_cast<std::size_t>(read_attribute(file_, "saved"));
  position_.time = read_attribute(file_, "time");
  const double nlay = read_attribute(file_, "nlay"), nrow = read_attribute(file_, "nrow"),
               ncol = read_attribute(file_, "ncol");
  if (nlay != spec.grid.nlay || nrow != spec.grid.nrow || ncol != spec.grid.ncol)
    throw RunError(fmt::format("checkpoint {} is of a {} x {} x {} grid, the case's is {} x {} x {}", path, nlay, nrow,
                               ncol, spec.grid.nlay, spec.grid.nrow, spec.grid.ncol),
                   true);
  case_changed_ = read_text_attribute(file_, "case_hash_sha256") != spec.hash;
  (void)comm;
}

CheckpointReader::~CheckpointReader() {
  if (file_ >= 0) H5Fclose(file_);
}

bool CheckpointReader::has(const std::string& name) const {
  const std::string state = "/state/" + name, values = "/values/" + name;
  auto exists = [&](const std::string& p) {
    return H5Lexists(file_, p.substr(0, p.find('/', 1)).c_str(), H5P_DEFAULT) > 0 &&
           H5Lexists(file_, p.c_str(), H5P_DEFAULT) > 0;
  };
  return exists(state) || exists(values);
}

std::vector<double> CheckpointReader::cells(const std::string& name, int width) {
  if (!graph_) throw RunError("checkpoint reader used before the model was built");
  const std::string path = "/state/" + name;
  h5::Dataset data(H5Dopen2(file_, path.c_str(), H5P_DEFAULT));
  if (data.get() < 0) throw RunError(fmt::format("checkpoint {} holds no '{}'", path_, name), true);
  h5::Dataspace space(h5::check_id(H5Dget_space(data), "H5Dget_space"));
  // This rank's cells: runs of natural indices, one hyperslab each.
  const CellGraph& g = *graph_;
  auto runs = h5::natural_runs(std::span<const std::int64_t>(g.natural_index.data(), static_cast<std::size_t>(g.n_owned)));
  h5::check(H5Sselect_none(space), "H5Sselect_none");
  const int w = std::max(width, 1);
  bool first = true;
  for (const auto& [start, length] : runs) {
    std::vector<hsize_t> offset{start}, count{length};
    if (width > 1) {
      offset.push_back(0);
      count.push_back(static_cast<hsize_t>(width));
    }
    h5::check(H5Sselect_hyperslab(space, first ? H5S_SELECT_SET : H5S_SELECT_OR, offset.data(), nullptr, count.data(),
                                  nullptr),
              "H5Sselect_hyperslab");
    first = false;
  }
  std::vector<double> out(static_cast<std::size_t>(g.n_owned) * static_cast<std::size_t>(w));
  hsize_t n = out.size();
  h5::Dataspace memory(h5::check_id(H5Screate_simple(1, &n, nullptr), "H5Screate_simple"));
  if (!runs.empty()) h5::check(H5Dread(data, H5T_NATIVE_DOUBLE, memory, space, H5P_DEFAULT, out.data()), "H5Dread");
  return out;
}

std::vector<double> CheckpointReader::values(const std::string& name) {
  const std::string path = "/values/" + name;
  h5::Dataset data(H5Dopen2(file_, path.c_str(), H5P_DEFAULT));
  if (data.get() < 0) throw RunError(fmt::format("checkpoint {} holds no '{}'", path_, name), true);
  h5::Dataspace space(h5::check_id(H5Dget_space(data), "H5Dget_space"));
  std::vector<double> out(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  if (!out.empty()) h5::check(H5Dread(data, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "H5Dread");
  return out;
}

}  // namespace aquaplume::io

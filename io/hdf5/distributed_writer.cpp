#include "io/hdf5/distributed_writer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace aquaplume::io::h5 {

std::vector<std::pair<hsize_t, hsize_t>> natural_runs(std::span<const std::int64_t> natural) {
  std::vector<std::pair<hsize_t, hsize_t>> runs;
  for (std::size_t i = 0; i < natural.size();) {
    std::size_t j = i + 1;
    while (j < natural.size() && natural[j] == natural[j - 1] + 1) ++j;
    runs.emplace_back(static_cast<hsize_t>(natural[i]), static_cast<hsize_t>(j - i));
    i = j;
  }
  return runs;
}

DistributedWriter::DistributedWriter(const std::string& path, MPI_Comm comm, std::span<const std::int64_t> natural,
                                     std::int64_t n_global, bool compress, Mode mode)
    : comm_(comm),
      n_global_(n_global),
      n_owned_(static_cast<std::int64_t>(natural.size())),
      compress_(compress),
      runs_(natural_runs(natural)) {
  MPI_Comm_rank(comm, &rank_);
  quiet_errors();
  PropertyList access(check_id(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate"));
  check(H5Pset_fapl_mpio(access, comm, MPI_INFO_NULL), "H5Pset_fapl_mpio");
  if (mode == Mode::Create) {
    file_ = File(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access));
    if (file_.get() < 0) throw RunError(fmt::format("cannot create {}", path));
  } else {
    file_ = File(H5Fopen(path.c_str(), H5F_ACC_RDWR, access));
    if (file_.get() < 0) throw RunError(fmt::format("cannot reopen {} to continue it", path));
  }
  collective_ = PropertyList(check_id(H5Pcreate(H5P_DATASET_XFER), "H5Pcreate"));
  check(H5Pset_dxpl_mpio(collective_, H5FD_MPIO_COLLECTIVE), "H5Pset_dxpl_mpio");
}

void DistributedWriter::ensure_groups(const std::string& path) {
  std::size_t pos = 0;
  while ((pos = path.find('/', pos + 1)) != std::string::npos) {
    const std::string prefix = path.substr(0, pos);
    if (prefix.empty()) continue;
    if (H5Lexists(file_, prefix.c_str(), H5P_DEFAULT) <= 0) {
      Group g(check_id(H5Gcreate2(file_, prefix.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "H5Gcreate2"));
    }
  }
}

void DistributedWriter::select_cells(hid_t space, hsize_t row, bool has_row, int width, int cells_per_row) const {
  check(H5Sselect_none(space), "H5Sselect_none");
  bool first = true;
  for (const auto& [start, length] : runs_) {
    std::vector<hsize_t> offset, count;
    if (has_row) {
      offset.push_back(row);
      count.push_back(1);
    }
    offset.push_back(start * static_cast<hsize_t>(cells_per_row));
    count.push_back(length * static_cast<hsize_t>(cells_per_row));
    if (width > 0) {
      offset.push_back(0);
      count.push_back(static_cast<hsize_t>(width));
    }
    check(H5Sselect_hyperslab(space, first ? H5S_SELECT_SET : H5S_SELECT_OR, offset.data(), nullptr,
                              count.data(), nullptr),
          "H5Sselect_hyperslab");
    first = false;
  }
}

namespace {
/// Parallel HDF5 allocates a dataset's space when it is created (or
/// extended) and, with a fill value set, writes the fill value there first.
/// Datasets of cell values are always written whole (the ranks' cells cover
/// every index), so that first pass only doubles the I/O. The NaN fill value
/// stays recorded in the file for readers.
void never_write_fill(hid_t create) { check(H5Pset_fill_time(create, H5D_FILL_TIME_NEVER), "H5Pset_fill_time"); }

void set_units(hid_t object, const std::string& units) {
  if (units.empty()) return;
  Datatype type(check_id(H5Tcopy(H5T_C_S1), "H5Tcopy"));
  check(H5Tset_size(type, units.size()), "H5Tset_size");
  Dataspace scalar(check_id(H5Screate(H5S_SCALAR), "H5Screate"));
  Attribute a(check_id(H5Acreate2(object, "units", type, scalar, H5P_DEFAULT, H5P_DEFAULT), "H5Acreate2"));
  check(H5Awrite(a, type, units.c_str()), "H5Awrite");
}
}  // namespace

void DistributedWriter::write_cells(const std::string& name, std::span<const double> values, int width,
                                    const std::string& units, int cells_per_row) {
  ensure_groups(name);
  std::vector<hsize_t> dims{static_cast<hsize_t>(n_global_ * cells_per_row)};
  if (width > 0) dims.push_back(static_cast<hsize_t>(width));
  Dataspace space(check_id(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), "H5Screate_simple"));
  PropertyList create(check_id(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate"));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  check(H5Pset_fill_value(create, H5T_NATIVE_DOUBLE, &nan), "H5Pset_fill_value");
  never_write_fill(create);
  Dataset data(check_id(H5Dcreate2(file_, name.c_str(), H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, create, H5P_DEFAULT),
                        "H5Dcreate2"));
  set_units(data, units);
  select_cells(space, 0, false, width, cells_per_row);
  hsize_t count = static_cast<hsize_t>(n_owned_ * cells_per_row * std::max(width, 1));
  Dataspace memory(check_id(H5Screate_simple(1, &count, nullptr), "H5Screate_simple"));
  check(H5Dwrite(data, H5T_NATIVE_DOUBLE, memory, space, collective_, values.data()), "H5Dwrite");
}

void DistributedWriter::write_cells_int(const std::string& name, std::span<const std::int64_t> values, int width,
                                        int cells_per_row) {
  ensure_groups(name);
  std::vector<hsize_t> dims{static_cast<hsize_t>(n_global_ * cells_per_row)};
  if (width > 0) dims.push_back(static_cast<hsize_t>(width));
  Dataspace space(check_id(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), "H5Screate_simple"));
  Dataset data(check_id(H5Dcreate2(file_, name.c_str(), H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                        "H5Dcreate2"));
  select_cells(space, 0, false, width, cells_per_row);
  hsize_t count = static_cast<hsize_t>(n_owned_ * cells_per_row * std::max(width, 1));
  Dataspace memory(check_id(H5Screate_simple(1, &count, nullptr), "H5Screate_simple"));
  check(H5Dwrite(data, H5T_NATIVE_INT64, memory, space, collective_, values.data()), "H5Dwrite");
}

bool DistributedWriter::exists(const std::string& name) const {
  // H5Lexists needs every parent to exist: walk down the path.
  std::size_t pos = 0;
  while ((pos = name.find('/', pos + 1)) != std::string::npos)
    if (H5Lexists(file_, name.substr(0, pos).c_str(), H5P_DEFAULT) <= 0) return false;
  return H5Lexists(file_, name.c_str(), H5P_DEFAULT) > 0;
}

std::vector<std::pair<std::string, int>> DistributedWriter::cell_series(const std::string& group) const {
  struct Visit {
    std::string group;
    std::vector<std::pair<std::string, int>> found;
  } visit{group, {}};
  if (!exists(group)) return {};
  auto callback = [](hid_t object, const char* name, const H5O_info_t* info, void* data) -> herr_t {
    auto& v = *static_cast<Visit*>(data);
    if (info->type != H5O_TYPE_DATASET) return 0;
    Dataset d(check_id(H5Dopen2(object, name, H5P_DEFAULT), "H5Dopen2"));
    Dataspace space(check_id(H5Dget_space(d), "H5Dget_space"));
    hsize_t dims[3] = {0, 0, 0};
    const int rank = H5Sget_simple_extent_dims(space, dims, nullptr);
    if (rank == 2 || rank == 3) v.found.emplace_back(v.group + "/" + name, rank == 3 ? static_cast<int>(dims[2]) : 0);
    return 0;
  };
  Group g(check_id(H5Gopen2(file_, group.c_str(), H5P_DEFAULT), "H5Gopen2"));
  check(H5Ovisit(g, H5_INDEX_NAME, H5_ITER_INC, callback, &visit), "H5Ovisit");
  return visit.found;
}

hid_t DistributedWriter::series(const std::string& name, hsize_t rows, int width, bool cells, const std::string& units) {
  for (auto& [n, d] : series_)
    if (n == name) return d.get();
  if (exists(name)) {
    series_.emplace_back(name, Dataset(check_id(H5Dopen2(file_, name.c_str(), H5P_DEFAULT), "H5Dopen2")));
    return series_.back().second.get();
  }
  ensure_groups(name);
  std::vector<hsize_t> dims{rows};
  if (cells) {
    dims.push_back(static_cast<hsize_t>(n_global_));
    if (width > 0) dims.push_back(static_cast<hsize_t>(width));
  }
  Dataspace space(check_id(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), "H5Screate_simple"));
  PropertyList create(check_id(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate"));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  check(H5Pset_fill_value(create, H5T_NATIVE_DOUBLE, &nan), "H5Pset_fill_value");
  // Cell series are written whole, row by row, so filling them first would
  // only double the I/O; /time (not a cell series) keeps its NaN fill, which
  // is how a reader of a partial file tells the completed rows.
  check(H5Pset_fill_time(create, cells ? H5D_FILL_TIME_NEVER : H5D_FILL_TIME_ALLOC), "H5Pset_fill_time");
  if (compress_ && cells) {
    // Chunks of one time and up to 1 Mi values (8 MiB): one output time reads contiguously.
    std::vector<hsize_t> chunk = dims;
    chunk[0] = 1;
    chunk[1] = std::min<hsize_t>(chunk[1], static_cast<hsize_t>((1 << 20) / std::max(width, 1)));
    check(H5Pset_chunk(create, static_cast<int>(chunk.size()), chunk.data()), "H5Pset_chunk");
    check(H5Pset_deflate(create, 4), "H5Pset_deflate");
  } else {
    check(H5Pset_layout(create, H5D_CONTIGUOUS), "H5Pset_layout");
    check(H5Pset_alloc_time(create, H5D_ALLOC_TIME_EARLY), "H5Pset_alloc_time");
  }
  Dataset data(check_id(H5Dcreate2(file_, name.c_str(), H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, create, H5P_DEFAULT),
                        "H5Dcreate2"));
  set_units(data, units);
  series_.emplace_back(name, std::move(data));
  return series_.back().second.get();
}

void DistributedWriter::write_cells_row(const std::string& name, hsize_t rows, hsize_t row, std::span<const double> values,
                                        int width, const std::string& units) {
  hid_t data = series(name, rows, width, true, units);
  Dataspace space(check_id(H5Dget_space(data), "H5Dget_space"));
  select_cells(space, row, true, width, 1);
  hsize_t count = static_cast<hsize_t>(n_owned_ * std::max(width, 1));
  Dataspace memory(check_id(H5Screate_simple(1, &count, nullptr), "H5Screate_simple"));
  check(H5Dwrite(data, H5T_NATIVE_DOUBLE, memory, space, collective_, values.data()), "H5Dwrite");
}

void DistributedWriter::write_value(const std::string& name, hsize_t rows, hsize_t row, double value,
                                    const std::string& units) {
  hid_t data = series(name, rows, 0, false, units);
  Dataspace space(check_id(H5Dget_space(data), "H5Dget_space"));
  hsize_t one = 1;
  Dataspace memory(check_id(H5Screate_simple(1, &one, nullptr), "H5Screate_simple"));
  // Every rank holds the value; rank 0 writes it, the others take part with nothing.
  if (rank_ == 0) {
    check(H5Sselect_hyperslab(space, H5S_SELECT_SET, &row, nullptr, &one, nullptr), "H5Sselect_hyperslab");
  } else {
    check(H5Sselect_none(space), "H5Sselect_none");
    check(H5Sselect_none(memory), "H5Sselect_none");
  }
  check(H5Dwrite(data, H5T_NATIVE_DOUBLE, memory, space, collective_, &value), "H5Dwrite");
}

std::vector<double> DistributedWriter::read_values(const std::string& name) {
  if (!exists(name)) return {};
  Dataset data(check_id(H5Dopen2(file_, name.c_str(), H5P_DEFAULT), "H5Dopen2"));
  Dataspace space(check_id(H5Dget_space(data), "H5Dget_space"));
  std::vector<double> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  check(H5Dread(data, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, collective_, values.data()), "H5Dread");
  return values;
}

void DistributedWriter::write_values(const std::string& name, std::span<const double> values,
                                     const std::string& units) {
  ensure_groups(name);
  // A restarted run writes its whole table again.
  if (exists(name)) check(H5Ldelete(file_, name.c_str(), H5P_DEFAULT), "H5Ldelete");
  hsize_t n = values.size();
  Dataspace space(check_id(H5Screate_simple(1, &n, nullptr), "H5Screate_simple"));
  Dataset data(check_id(H5Dcreate2(file_, name.c_str(), H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT,
                                   H5P_DEFAULT),
                        "H5Dcreate2"));
  set_units(data, units);
  Dataspace memory(check_id(H5Screate_simple(1, &n, nullptr), "H5Screate_simple"));
  if (rank_ != 0 || n == 0) {
    check(H5Sselect_none(space), "H5Sselect_none");
    check(H5Sselect_none(memory), "H5Sselect_none");
  }
  check(H5Dwrite(data, H5T_NATIVE_DOUBLE, memory, space, collective_, values.data()), "H5Dwrite");
}

void DistributedWriter::set_attribute(const std::string& object, const std::string& name, const std::string& value) {
  Datatype type(check_id(H5Tcopy(H5T_C_S1), "H5Tcopy"));
  check(H5Tset_size(type, std::max<std::size_t>(value.size(), 1)), "H5Tset_size");
  Dataspace scalar(check_id(H5Screate(H5S_SCALAR), "H5Screate"));
  if (H5Aexists_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT) > 0)
    check(H5Adelete_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT), "H5Adelete_by_name");
  Attribute a(check_id(H5Acreate_by_name(file_, object.c_str(), name.c_str(), type, scalar, H5P_DEFAULT, H5P_DEFAULT,
                                         H5P_DEFAULT),
                       "H5Acreate_by_name"));
  check(H5Awrite(a, type, value.empty() ? "" : value.c_str()), "H5Awrite");
}

void DistributedWriter::set_attribute(const std::string& object, const std::string& name, double value) {
  Dataspace scalar(check_id(H5Screate(H5S_SCALAR), "H5Screate"));
  if (H5Aexists_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT) > 0)
    check(H5Adelete_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT), "H5Adelete_by_name");
  Attribute a(check_id(H5Acreate_by_name(file_, object.c_str(), name.c_str(), H5T_IEEE_F64LE, scalar, H5P_DEFAULT,
                                         H5P_DEFAULT, H5P_DEFAULT),
                       "H5Acreate_by_name"));
  check(H5Awrite(a, H5T_NATIVE_DOUBLE, &value), "H5Awrite");
}

void DistributedWriter::flush() { check(H5Fflush(file_, H5F_SCOPE_GLOBAL), "H5Fflush"); }

void DistributedWriter::close() {
  series_.clear();
  file_.close("H5Fclose");
}

}  // namespace aquaplume::io::h5

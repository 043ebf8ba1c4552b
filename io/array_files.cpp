#include "io/array_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include <fmt/format.h>

#include "io/hdf5/handles.hpp"

namespace aquaplume::io {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const SourceLoc& loc, std::string message) {
  ErrorList errors;
  errors.add(loc, std::move(message));
  throw InputError(errors);
}

/// Positions of `indices` sorted by index, for reading in file order.
std::vector<std::size_t> file_order(std::span<const std::int64_t> indices) {
  std::vector<std::size_t> order(indices.size());
  std::iota(order.begin(), order.end(), 0);
  if (!std::is_sorted(indices.begin(), indices.end()))
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return indices[a] < indices[b]; });
  return order;
}

class RawArray final : public CellArray {
 public:
  RawArray(std::string path, double scale, ArrayShape shape, SourceLoc loc)
      : CellArray(shape, std::move(loc)), path_(std::move(path)), scale_(scale) {}

  void read(std::span<const std::int64_t> indices, std::span<double> out) const override {
    int fd = ::open(path_.c_str(), O_RDONLY);
    if (fd < 0) fail(loc(), fmt::format("cannot open {}: {}", path_, std::strerror(errno)));
    auto order = file_order(indices);
    std::vector<double> buffer;
    std::size_t i = 0;
    while (i < order.size()) {
      // A run of consecutive indices is one read.
      std::size_t j = i + 1;
      while (j < order.size() && indices[order[j]] <= indices[order[j - 1]] + 1) ++j;
      const std::int64_t first = indices[order[i]], last = indices[order[j - 1]];
      buffer.resize(static_cast<std::size_t>(last - first + 1));
      const auto bytes = static_cast<ssize_t>(buffer.size() * sizeof(double));
      ssize_t got = ::pread(fd, buffer.data(), static_cast<std::size_t>(bytes), static_cast<off_t>(first) * 8);
      if (got != bytes) {
        ::close(fd);
        fail(loc(), fmt::format("cannot read {} at value {}: file ended or failed", path_, first));
      }
      for (std::size_t k = i; k < j; ++k) out[order[k]] = buffer[static_cast<std::size_t>(indices[order[k]] - first)] * scale_;
      i = j;
    }
    ::close(fd);
  }
  std::string describe() const override { return fmt::format("file {}", path_); }

 private:
  std::string path_;
  double scale_;
};

class TextArray final : public CellArray {
 public:
  TextArray(std::vector<double> values, std::string path, ArrayShape shape, SourceLoc loc)
      : CellArray(shape, std::move(loc)), values_(std::move(values)), path_(std::move(path)) {}
  void read(std::span<const std::int64_t> indices, std::span<double> out) const override {
    for (std::size_t i = 0; i < indices.size(); ++i) out[i] = values_[static_cast<std::size_t>(indices[i])];
  }
  std::string describe() const override { return fmt::format("file {}", path_); }

 private:
  std::vector<double> values_;
  std::string path_;
};

class Hdf5Array final : public CellArray {
 public:
  Hdf5Array(std::string path, std::string dataset, double scale, hsize_t offset, ArrayShape shape, SourceLoc loc)
      : CellArray(shape, std::move(loc)),
        path_(std::move(path)),
        dataset_(std::move(dataset)),
        scale_(scale),
        offset_(offset) {}

  void read(std::span<const std::int64_t> indices, std::span<double> out) const override {
    h5::quiet_errors();
    h5::File file(H5Fopen(path_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
    if (file.get() < 0) fail(loc(), fmt::format("cannot open HDF5 file {}", path_));
    h5::Dataset data(H5Dopen2(file, dataset_.c_str(), H5P_DEFAULT));
    if (data.get() < 0) fail(loc(), fmt::format("{} has no dataset '{}'", path_, dataset_));
    h5::Dataspace file_space(H5Dget_space(data));
    // View the dataset as one flat run of values in C order.
    const int rank = H5Sget_simple_extent_ndims(file_space);
    std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 1)), 1);
    H5Sget_simple_extent_dims(file_space, dims.data(), nullptr);
    auto order = file_order(indices);
    std::vector<double> buffer(indices.size());
    if (!indices.empty()) {
      std::vector<hsize_t> coords(indices.size() * dims.size());
      for (std::size_t k = 0; k < order.size(); ++k) {
        auto linear = offset_ + static_cast<hsize_t>(indices[order[k]]);
        for (std::size_t d = dims.size(); d-- > 0;) {
          coords[k * dims.size() + d] = linear % dims[d];
          linear /= dims[d];
        }
      }
      h5::check(H5Sselect_elements(file_space, H5S_SELECT_SET, indices.size(), coords.data()),
                "H5Sselect_elements");
      hsize_t count = indices.size();
      h5::Dataspace memory(H5Screate_simple(1, &count, nullptr));
      if (H5Dread(data, H5T_NATIVE_DOUBLE, memory, file_space, H5P_DEFAULT, buffer.data()) < 0)
        fail(loc(), fmt::format("cannot read dataset '{}' of {}", dataset_, path_));
    }
    for (std::size_t k = 0; k < order.size(); ++k) out[order[k]] = buffer[k] * scale_;
  }
  std::string describe() const override { return fmt::format("file {} dataset {}", path_, dataset_); }

 private:
  std::string path_, dataset_;
  double scale_;
  hsize_t offset_;  ///< first value used, in the flat C-order view (a row of a [T, N] dataset)
};

std::vector<double> parse_text_numbers(const std::string& path, const SourceLoc& loc, ErrorList& errors, bool& ok) {
  std::ifstream in(path);
  std::vector<double> values;
  std::string token;
  std::size_t line = 1;
  ok = true;
  char c;
  auto flush = [&] {
    if (token.empty()) return;
    double v = 0.0;
    auto [p, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
    if (ec != std::errc() || p != token.data() + token.size()) {
      if (ok) errors.add(loc, fmt::format("{} line {}: '{}' is not a number", path, line, token));
      ok = false;
    }
    values.push_back(v);
    token.clear();
  };
  while (in.get(c)) {
    if (c == '\n') ++line;
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',') flush();
    else token += c;
  }
  flush();
  return values;
}

}  // namespace

ArrayOpener make_array_opener(std::string case_directory) {
  return [dir = std::move(case_directory)](const InputNode& spec, ArrayShape shape, ErrorList& errors) -> CellArrayPtr {
    Section s(spec, errors);
    auto file = s.word("file");
    if (!file) return nullptr;
    fs::path path(*file);
    if (path.is_relative() && !dir.empty()) path = fs::path(dir) / path;
    const std::string ext = path.extension().string();
    std::string default_format = (ext == ".f64" || ext == ".bin" || ext == ".raw") ? "raw"
                                 : (ext == ".h5" || ext == ".hdf5")                ? "hdf5"
                                                                                   : "text";
    const std::string format = s.word_or("format", default_format, {"raw", "hdf5", "text"});
    const double scale = s.number_or("scale", 1.0);
    const std::string dataset = format == "hdf5" ? s.word_or("dataset", "/data") : "";
    const SourceLoc loc = s.loc_of("file");
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (!fs::exists(status)) {
      errors.add(loc, fmt::format("array file {} does not exist", path.string()));
      return nullptr;
    }
    if (!fs::is_regular_file(status)) {  // a directory, /dev/null, a pipe ...
      errors.add(loc, fmt::format("array file {} is not a regular file; expected a file of values",
                                  path.string()));
      return nullptr;
    }
    const auto expected = static_cast<std::uintmax_t>(shape.size());
    if (format == "raw") {
      const auto bytes = fs::file_size(path, ec);
      if (bytes != expected * 8) {
        errors.add(loc, fmt::format("{} has {} bytes; expected {} ({} float64 values, C order layer, row, col)",
                                    path.string(), bytes, expected * 8, expected));
        return nullptr;
      }
      return std::make_shared<RawArray>(path.string(), scale, shape, loc);
    }
    if (format == "hdf5") {
      h5::quiet_errors();
      h5::File f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
      if (f.get() < 0) {
        errors.add(loc, fmt::format("{} is not an HDF5 file", path.string()));
        return nullptr;
      }
      h5::Dataset d(H5Dopen2(f, dataset.c_str(), H5P_DEFAULT));
      if (d.get() < 0) {
        errors.add(s.loc_of("dataset"), fmt::format("{} has no dataset '{}'", path.string(), dataset));
        return nullptr;
      }
      h5::Dataspace space(H5Dget_space(d));
      const auto n = static_cast<std::uintmax_t>(H5Sget_simple_extent_npoints(space));
      // `row` picks one row of a [rows, N] dataset: e.g. the last saved heads of a
      // previous run, {file: runs/steady/results.h5, dataset: /fields/head, row: -1}.
      hsize_t offset = 0;
      if (s.has("row")) {
        const long long rows = expected > 0 ? static_cast<long long>(n / expected) : 0;
        auto row = s.integer("row", Limits::between(-1e15, 1e15));
        if (!row) return nullptr;
        const long long index = *row < 0 ? rows + *row : *row;
        if (expected == 0 || n % expected != 0 || index < 0 || index >= rows) {
          errors.add(s.loc_of("row"), fmt::format("dataset '{}' of {} has {} values: not {} rows of {} values with row {}",
                                                  dataset, path.string(), n, rows, expected, *row));
          return nullptr;
        }
        offset = static_cast<hsize_t>(index) * expected;
      } else if (n != expected) {
        errors.add(loc, fmt::format("dataset '{}' of {} has {} values; expected {} (give `row:` to pick a row of a "
                                    "larger dataset)",
                                    dataset, path.string(), n, expected));
        return nullptr;
      }
      return std::make_shared<Hdf5Array>(path.string(), dataset, scale, offset, shape, loc);
    }
    bool ok = true;
    auto values = parse_text_numbers(path.string(), loc, errors, ok);
    if (!ok) return nullptr;
    if (values.size() != expected) {
      errors.add(loc, fmt::format("{} holds {} numbers; expected {}", path.string(), values.size(), expected));
      return nullptr;
    }
    for (auto& v : values) v *= scale;
    return std::make_shared<TextArray>(std::move(values), path.string(), shape, loc);
  };
}

}  // namespace aquaplume::io

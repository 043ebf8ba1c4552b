#include "mesh/base/cell_array.hpp"

#include <cmath>

#include <fmt/format.h>

namespace aquaplume {

std::string ArrayShape::cell_name(std::int64_t index) const {
  std::int64_t col = index % ncol;
  std::int64_t row = (index / ncol) % nrow;
  std::int64_t lay = index / (ncol * nrow);
  if (nlay == 1) return fmt::format("(row {}, col {})", row + 1, col + 1);
  return fmt::format("(layer {}, row {}, col {})", lay + 1, row + 1, col + 1);
}

namespace {

class ConstantArray final : public CellArray {
 public:
  ConstantArray(double value, ArrayShape shape, SourceLoc loc)
      : CellArray(shape, std::move(loc)), value_(value) {}
  void read(std::span<const std::int64_t>, std::span<double> out) const override {
    std::fill(out.begin(), out.end(), value_);
  }
  std::optional<double> constant() const override { return value_; }
  std::string describe() const override { return fmt::format("{}", value_); }

 private:
  double value_;
};

/// One 2D array per layer.
class LayerStackArray final : public CellArray {
 public:
  LayerStackArray(std::vector<CellArrayPtr> layers, ArrayShape shape, SourceLoc loc)
      : CellArray(shape, std::move(loc)), layers_(std::move(layers)) {}
  void read(std::span<const std::int64_t> indices, std::span<double> out) const override {
    const std::int64_t per_layer = shape().layer_size();
    // Group by layer so that each layer array is read once.
    std::vector<std::vector<std::int64_t>> local(layers_.size());
    std::vector<std::vector<std::size_t>> where(layers_.size());
    for (std::size_t i = 0; i < indices.size(); ++i) {
      auto lay = static_cast<std::size_t>(indices[i] / per_layer);
      local[lay].push_back(indices[i] % per_layer);
      where[lay].push_back(i);
    }
    for (std::size_t lay = 0; lay < layers_.size(); ++lay) {
      if (local[lay].empty()) continue;
      std::vector<double> values(local[lay].size());
      layers_[lay]->read(local[lay], values);
      for (std::size_t k = 0; k < values.size(); ++k) out[where[lay][k]] = values[k];
    }
  }
  std::string describe() const override { return "per-layer list"; }

 private:
  std::vector<CellArrayPtr> layers_;
};

/// Every value written out in the case file (small models only).
class InlineArray final : public CellArray {
 public:
  InlineArray(std::vector<double> values, ArrayShape shape, SourceLoc loc)
      : CellArray(shape, std::move(loc)), values_(std::move(values)) {}
  void read(std::span<const std::int64_t> indices, std::span<double> out) const override {
    for (std::size_t i = 0; i < indices.size(); ++i) out[i] = values_[static_cast<std::size_t>(indices[i])];
  }
  std::string describe() const override { return "inline list"; }

 private:
  std::vector<double> values_;
};

class ScaledArray final : public CellArray {
 public:
  ScaledArray(CellArrayPtr base, double factor)
      : CellArray(base->shape(), base->loc()), base_(std::move(base)), factor_(factor) {}
  void read(std::span<const std::int64_t> indices, std::span<double> out) const override {
    base_->read(indices, out);
    for (double& v : out) v *= factor_;
  }
  std::optional<double> constant() const override {
    auto c = base_->constant();
    return c ? std::optional<double>(*c * factor_) : std::nullopt;
  }
  std::string describe() const override { return base_->describe(); }

 private:
  CellArrayPtr base_;
  double factor_;
};

}  // namespace

CellArrayPtr scale_array(CellArrayPtr array, double factor) {
  if (!array || factor == 1.0) return array;
  return std::make_shared<ScaledArray>(std::move(array), factor);
}

CellArrayPtr make_constant_array(double value, ArrayShape shape, SourceLoc loc) {
  return std::make_shared<ConstantArray>(value, shape, std::move(loc));
}

CellArrayPtr parse_cell_array(const InputNode& node, ArrayShape shape, const ArrayOpener& open_file,
                              ErrorList& errors) {
  node.mark_used();
  if (node.is_scalar()) {
    auto v = read_number(node, errors);
    return v ? make_constant_array(*v, shape, node.loc) : nullptr;
  }
  if (node.is_map()) {
    if (!open_file) {
      errors.add(node.loc, "array files are not supported here");
      return nullptr;
    }
    return open_file(node, shape, errors);
  }
  if (node.is_sequence()) {
    const auto n = static_cast<std::int64_t>(node.items.size());
    if (n == shape.nlay) {
      ArrayShape layer_shape{1, shape.nrow, shape.ncol};
      std::vector<CellArrayPtr> layers;
      bool ok = true;
      for (const auto& item : node.items) {
        auto layer = parse_cell_array(item, layer_shape, open_file, errors);
        ok = ok && layer;
        layers.push_back(std::move(layer));
      }
      if (!ok) return nullptr;
      return std::make_shared<LayerStackArray>(std::move(layers), shape, node.loc);
    }
    if (n == shape.size()) {
      std::vector<double> values;
      values.reserve(node.items.size());
      bool ok = true;
      for (const auto& item : node.items) {
        auto v = read_number(item, errors);
        ok = ok && v;
        values.push_back(v.value_or(0.0));
      }
      if (!ok) return nullptr;
      return std::make_shared<InlineArray>(std::move(values), shape, node.loc);
    }
    if (shape.nlay > 1)
      errors.add(node.loc, fmt::format("expected {} values (one per layer) or {} (one per cell), got {}",
                                       shape.nlay, shape.size(), n));
    else
      errors.add(node.loc, fmt::format("expected {} values (one per cell of a layer), got {}",
                                       shape.size(), n));
    return nullptr;
  }
  errors.add(node.loc, "missing; expected a number, a list or {file: ...}");
  return nullptr;
}

std::vector<double> read_checked(const CellArray& array, std::span<const std::int64_t> indices,
                                 Limits limits, ErrorList& errors) {
  std::vector<double> values(indices.size());
  try {
    array.read(indices, values);
  } catch (const InputError& e) {
    errors.append(e.errors());
    return values;
  }
  std::size_t bad = 0;
  std::string first;
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::string problem;
    if (!std::isfinite(values[i])) problem = "is not a finite number";
    else if (auto v = limits.violation(values[i]); !v.empty()) problem = fmt::format("must be {}", v);
    if (problem.empty()) continue;
    if (bad++ == 0)
      first = fmt::format("value {} at {} {}", values[i], array.shape().cell_name(indices[i]), problem);
  }
  if (bad > 0) {
    std::string msg = fmt::format("{}: {}", array.describe(), first);
    if (bad > 1) msg += fmt::format(" ({} more such values)", bad - 1);
    errors.add(array.loc(), msg);
  }
  return values;
}

}  // namespace aquaplume

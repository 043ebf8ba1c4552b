/// Unit tests of mesh/base/cell_array.cpp: property arrays from case values.
///
/// How to run:  ctest -R cell_array_test
/// What it shows: a number, a per-layer list and a full inline list each give
/// the right value at every cell; wrong lengths name both accepted lengths;
/// read_checked reports one problem per array, naming the first bad cell and
/// counting the others.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "mesh/base/cell_array.hpp"
#include "tests/unit/unit_helpers.hpp"

using namespace aquaplume;
using aquaplume::unit::messages;
using aquaplume::unit::parse;

namespace {

/// The value of `key` in `yaml`, parsed as a cell array of `shape`.
CellArrayPtr array_from(const std::string& yaml, ArrayShape shape, ErrorList& errors,
                        const ArrayOpener& opener = {}) {
  auto tree = parse(yaml);  // arrays copy what they need; the tree may go
  return parse_cell_array(tree->entries.at(0).second, shape, opener, errors);
}

std::vector<double> read_all(const CellArray& array) {
  std::vector<std::int64_t> indices(static_cast<std::size_t>(array.shape().size()));
  for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = static_cast<std::int64_t>(i);
  std::vector<double> out(indices.size(), -999.0);
  array.read(indices, out);
  return out;
}

/// An array whose read always fails, as a file-backed array does when its file is unreadable.
class FailingArray final : public CellArray {
 public:
  FailingArray() : CellArray({1, 1, 2}, {}) {}
  void read(std::span<const std::int64_t>, std::span<double>) const override {
    ErrorList e;
    SourceLoc loc;
    loc.file = "k.f64";
    e.add(loc, "file is shorter than expected");
    throw InputError(e);
  }
  std::string describe() const override { return "file k.f64"; }
};

const ArrayShape kShape{2, 2, 3};  // 2 layers of 2 rows x 3 columns

}  // namespace

TEST(ArrayShape, SizesAndCellNames) {
  EXPECT_EQ(kShape.size(), 12);
  EXPECT_EQ(kShape.layer_size(), 6);
  EXPECT_EQ(kShape.cell_name(0), "(layer 1, row 1, col 1)");
  EXPECT_EQ(kShape.cell_name(11), "(layer 2, row 2, col 3)");
  EXPECT_EQ(kShape.cell_name(7), "(layer 2, row 1, col 2)");
  const ArrayShape plan{1, 4, 5};
  EXPECT_EQ(plan.cell_name(6), "(row 2, col 2)");
}

TEST(ParseCellArray, ANumberIsAConstant) {
  ErrorList errors;
  auto a = array_from("k: 2.5\n", kShape, errors);
  ASSERT_TRUE(a) << errors.format();
  EXPECT_EQ(a->constant(), 2.5);
  EXPECT_EQ(a->describe(), "2.5");
  EXPECT_EQ(a->shape().size(), 12);
  EXPECT_EQ(a->loc().line, 1);
  EXPECT_EQ(a->loc().key, "k");
  EXPECT_EQ(read_all(*a), std::vector<double>(12, 2.5));
}

TEST(ParseCellArray, ABadNumberIsReported) {
  ErrorList errors;
  EXPECT_FALSE(array_from("k: high\n", kShape, errors));
  EXPECT_EQ(messages(errors), (std::vector<std::string>{"expected a number, got 'high'"}));
}

TEST(ParseCellArray, OneValuePerLayer) {
  ErrorList errors;
  auto a = array_from("k: [1, 2]\n", kShape, errors);
  ASSERT_TRUE(a) << errors.format();
  EXPECT_FALSE(a->constant());
  EXPECT_EQ(a->describe(), "per-layer list");
  EXPECT_EQ(read_all(*a), (std::vector<double>{1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2}));
  // Reads in any order, mixing layers.
  std::vector<std::int64_t> indices{11, 0, 6, 5};
  std::vector<double> out(4);
  a->read(indices, out);
  EXPECT_EQ(out, (std::vector<double>{2, 1, 2, 1}));
}

TEST(ParseCellArray, PerLayerListOfLayerArrays) {
  ErrorList errors;
  auto a = array_from("k: [[1, 2, 3, 4, 5, 6], 7]\n", kShape, errors);
  ASSERT_TRUE(a) << errors.format();
  EXPECT_EQ(read_all(*a), (std::vector<double>{1, 2, 3, 4, 5, 6, 7, 7, 7, 7, 7, 7}));
}

TEST(ParseCellArray, PerLayerListReportsEveryBadLayer) {
  ErrorList errors;
  EXPECT_FALSE(array_from("k: [x, [1, 2]]\n", kShape, errors));
  EXPECT_EQ(messages(errors),
            (std::vector<std::string>{"expected a number, got 'x'",
                                      "expected 6 values (one per cell of a layer), got 2"}));
}

TEST(ParseCellArray, InlineListWithEveryValue) {
  ErrorList errors;
  auto a = array_from("k: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]\n", kShape, errors);
  ASSERT_TRUE(a) << errors.format();
  EXPECT_EQ(a->describe(), "inline list");
  EXPECT_FALSE(a->constant());
  EXPECT_EQ(read_all(*a), (std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
  std::vector<std::int64_t> indices{9, 3};
  std::vector<double> out(2);
  a->read(indices, out);
  EXPECT_EQ(out, (std::vector<double>{9, 3}));
}

TEST(ParseCellArray, InlineListReportsEveryBadValue) {
  ErrorList errors;
  EXPECT_FALSE(array_from("k: [0, 1, a, 3, 4, 5, 6, .nan, 8, 9, 10, 11]\n", kShape, errors));
  EXPECT_EQ(messages(errors), (std::vector<std::string>{"expected a number, got 'a'",
                                                        "expected a finite number, got '.nan'"}));
}

TEST(ParseCellArray, WrongLengthNamesBothAcceptedLengths) {
  ErrorList errors;
  EXPECT_FALSE(array_from("\n\nk: [1, 2, 3, 4, 5]\n", kShape, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].message,
            "expected 2 values (one per layer) or 12 (one per cell), got 5");
  EXPECT_EQ(errors.items()[0].loc.line, 3);
  EXPECT_EQ(errors.items()[0].loc.key, "k");
}

TEST(ParseCellArray, WrongLengthOfAPlanArray) {
  ErrorList errors;
  EXPECT_FALSE(array_from("top: [1, 2, 3, 4]\n", ArrayShape{1, 2, 3}, errors));
  EXPECT_EQ(messages(errors),
            (std::vector<std::string>{"expected 6 values (one per cell of a layer), got 4"}));
}

TEST(ParseCellArray, AnEmptyListIsAWrongLength) {
  ErrorList errors;
  EXPECT_FALSE(array_from("k: []\n", kShape, errors));
  EXPECT_EQ(
      messages(errors),
      (std::vector<std::string>{"expected 2 values (one per layer) or 12 (one per cell), got 0"}));
}

TEST(ParseCellArray, NothingGiven) {
  ErrorList errors;
  EXPECT_FALSE(array_from("k:\n", kShape, errors));
  EXPECT_EQ(messages(errors),
            (std::vector<std::string>{"missing; expected a number, a list or {file: ...}"}));
}

TEST(ParseCellArray, FileMappingWithoutAnOpenerIsAnError) {
  ErrorList errors;
  EXPECT_FALSE(array_from("k: {file: k.f64}\n", kShape, errors));
  EXPECT_EQ(messages(errors), (std::vector<std::string>{"array files are not supported here"}));
}

TEST(ParseCellArray, FileMappingGoesToTheOpenerWithTheShape) {
  ErrorList errors;
  ArrayShape seen{};
  std::string file;
  ArrayOpener opener = [&](const InputNode& spec, ArrayShape shape, ErrorList&) -> CellArrayPtr {
    seen = shape;
    file = spec.find("file")->scalar;
    return make_constant_array(4.0, shape, spec.loc);
  };
  auto a = array_from("k: {file: k.f64}\n", kShape, errors, opener);
  ASSERT_TRUE(a);
  EXPECT_EQ(file, "k.f64");
  EXPECT_EQ(seen.nlay, 2);
  EXPECT_EQ(seen.nrow, 2);
  EXPECT_EQ(seen.ncol, 3);
  EXPECT_EQ(a->constant(), 4.0);
  // In a per-layer list each file is opened with the shape of one layer.
  auto b = array_from("k: [{file: a.f64}, 1]\n", kShape, errors, opener);
  ASSERT_TRUE(b);
  EXPECT_EQ(file, "a.f64");
  EXPECT_EQ(seen.nlay, 1);
  EXPECT_EQ(seen.nrow, 2);
  EXPECT_EQ(seen.ncol, 3);
  EXPECT_TRUE(errors.empty()) << errors.format();
}

TEST(MakeConstantArray, ReadsTheSameValueEverywhere) {
  auto a = make_constant_array(-3.0, kShape);
  EXPECT_EQ(a->constant(), -3.0);
  EXPECT_EQ(read_all(*a), std::vector<double>(12, -3.0));
}

TEST(ScaleArray, FactorOneReturnsTheSameArray) {
  auto a = make_constant_array(2.0, kShape);
  EXPECT_EQ(scale_array(a, 1.0).get(), a.get());
  EXPECT_EQ(scale_array(nullptr, 3.0), nullptr);
}

TEST(ScaleArray, ScalesConstantsAndReads) {
  SourceLoc loc;
  loc.file = "case.yaml";
  loc.line = 9;
  auto a = scale_array(make_constant_array(2.0, kShape, loc), 0.3048);
  EXPECT_DOUBLE_EQ(*a->constant(), 0.6096);
  EXPECT_EQ(a->describe(), "2");
  EXPECT_EQ(a->loc().line, 9);
  EXPECT_EQ(a->shape().size(), 12);

  ErrorList errors;
  auto inline_values = array_from("k: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]\n", kShape, errors);
  auto scaled = scale_array(inline_values, 2.0);
  EXPECT_FALSE(scaled->constant());
  EXPECT_EQ(scaled->describe(), "inline list");
  EXPECT_EQ(read_all(*scaled), (std::vector<double>{0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22}));
  // Scaling twice multiplies the factors.
  EXPECT_EQ(read_all(*scale_array(scaled, 0.5)), read_all(*inline_values));
}

TEST(ReadChecked, ReturnsTheValuesWhenAllAreAllowed) {
  ErrorList errors;
  auto a = array_from("k: [1, 2]\n", kShape, errors);
  std::vector<std::int64_t> indices{0, 6, 11};
  EXPECT_EQ(read_checked(*a, indices, Limits::positive(), errors), (std::vector<double>{1, 2, 2}));
  EXPECT_TRUE(errors.empty()) << errors.format();
}

TEST(ReadChecked, OneMessagePerArrayWithTheFirstCellAndACount) {
  ErrorList errors;
  auto a = array_from("\nk: [1, -2, 3, 0, 5, -6, 7, 8, 9, 10, 11, 12]\n", kShape, errors);
  ASSERT_TRUE(a);
  std::vector<std::int64_t> indices{0, 1, 2, 3, 4, 5, 6};
  auto values = read_checked(*a, indices, Limits::positive(), errors);
  EXPECT_EQ(values, (std::vector<double>{1, -2, 3, 0, 5, -6, 7}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].message,
            "inline list: value -2 at (layer 1, row 1, col 2) must be > 0 (2 more such values)");
  EXPECT_EQ(errors.items()[0].loc.line, 2);  // where the array is defined
  EXPECT_EQ(errors.items()[0].loc.key, "k");
}

TEST(ReadChecked, OneBadValueHasNoCount) {
  ErrorList errors;
  auto a = make_constant_array(-1.0, ArrayShape{1, 3, 4});
  std::vector<std::int64_t> indices{5};
  read_checked(*a, indices, Limits::non_negative(), errors);
  EXPECT_EQ(messages(errors),
            (std::vector<std::string>{"-1: value -1 at (row 2, col 2) must be >= 0"}));
}

TEST(ReadChecked, RejectsNanAndInfinityWhateverTheLimits) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  unit::VectorArray a({1.0, nan, 2.0, inf, -inf, 3.0}, ArrayShape{1, 2, 3});
  ErrorList errors;
  std::vector<std::int64_t> indices{0, 1, 2, 3, 4, 5};
  read_checked(a, indices, Limits::any(), errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].message,
            "test vector: value nan at (row 1, col 2) is not a finite number (2 more such values)");
}

TEST(ReadChecked, AnUnreadableArrayPassesOnItsErrors) {
  FailingArray a;
  ErrorList errors;
  std::vector<std::int64_t> indices{0, 1};
  auto values = read_checked(a, indices, Limits::any(), errors);
  EXPECT_EQ(values.size(), 2u);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].message, "file is shorter than expected");
  EXPECT_EQ(errors.items()[0].loc.file, "k.f64");
}

TEST(ReadChecked, OnlyTheRequestedCellsAreChecked) {
  ErrorList errors;
  auto a = array_from("k: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]\n", kShape, errors);
  std::vector<std::int64_t> indices{6, 7};
  EXPECT_EQ(read_checked(*a, indices, Limits::at_least(6), errors), (std::vector<double>{6, 7}));
  EXPECT_TRUE(errors.empty()) << errors.format();
}

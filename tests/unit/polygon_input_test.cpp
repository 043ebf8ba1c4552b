/// Unit tests of solver/packages/polygon_input.cpp and io/geojson_polygons.cpp:
/// polygons written in a case, inline or in a GeoJSON file.
///
/// How to run:  ctest -R polygon_input_test
/// What it shows: inline rings (closed or not), rings with holes and case
/// length units are read into metres; a self-intersecting polygon is
/// reported at the line of its first offending vertex with both edges
/// (numbered as written) and the crossing point in case units; GeoJSON
/// features are found by name, id or position, and a missing file, bad
/// JSON, an unknown feature (with the features on offer), a non-polygon
/// geometry or a self-intersecting footprint each give one clear message
/// at the line of `file:` or `feature:`.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "io/geojson_polygons.hpp"
#include "solver/packages/polygon_input.hpp"
#include "tests/unit/unit_helpers.hpp"

using namespace aquaplume;
using aquaplume::unit::messages;
using aquaplume::unit::parse;

namespace {

struct Read {
  std::optional<Polygon> polygon;
  ErrorList errors;
  std::shared_ptr<InputNode> tree;
};

/// Reads the `polygon:` value of the YAML mapping, with GeoJSON files in `directory`.
Read read(const std::string& yaml, double metres_per_unit = 1.0,
          const std::string& directory = ".") {
  Read r;
  r.tree = parse(yaml);
  const PolygonOpener opener = io::make_polygon_opener(directory);
  const InputNode* node = r.tree->find("polygon");
  if (!node) throw std::runtime_error("test YAML has no polygon");
  r.polygon = parse_polygon(*node, metres_per_unit, &opener, r.errors);
  return r;
}

/// A directory of GeoJSON files for the tests, removed at the end.
class GeoJsonFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("aquaplume_polygon_input_" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    write("sites.geojson", R"({
  "type": "FeatureCollection",
  "features": [
    {"type": "Feature", "properties": {"name": "landfill"},
     "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [40, 0], [40, 30], [0, 30], [0, 0]],
                                                      [[10, 10], [10, 20], [20, 20], [20, 10], [10, 10]]]}},
    {"type": "Feature", "properties": {"name": "ponds"},
     "geometry": {"type": "MultiPolygon", "coordinates": [[[[100, 0], [110, 0], [110, 10], [100, 0]]],
                                                           [[[200, 0], [220, 0], [220, 20, 5.0], [200, 20], [200, 0]]]]}},
    {"type": "Feature", "properties": {"name": "road"},
     "geometry": {"type": "LineString", "coordinates": [[0, 0], [100, 100]]}},
    {"type": "Feature", "id": "spill-7", "properties": {},
     "geometry": {"type": "Polygon", "coordinates": [[[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]]]}},
    {"type": "Feature", "properties": {"name": "bow tie"},
     "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]]}},
    {"type": "Feature", "properties": {"name": "nothing"}, "geometry": null}
  ]
})");
    write("one.geojson",
          R"({"type": "Feature", "properties": {"name": "zone"},
              "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [3, 0], [3, 3], [0, 3], [0, 0]]]}})");
    write("bare.geojson",
          R"({"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]})");
    write("broken.geojson", "{\"type\": \"FeatureCollection\",\n \"features\": [ }");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  Read read_file(const std::string& yaml) { return read(yaml, 1.0, dir_.string()); }

  std::filesystem::path dir_;
};

}  // namespace

// ---------------------------------------------------------------- inline

TEST(InlinePolygon, OneRingClosedOrNot) {
  auto r = read("polygon: [[0, 0], [10, 0], [10, 10], [0, 10]]\n");
  ASSERT_TRUE(r.polygon) << r.errors.format();
  EXPECT_DOUBLE_EQ(area(*r.polygon), 100.0);
  r = read("polygon: [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]\n");
  ASSERT_TRUE(r.polygon) << r.errors.format();
  EXPECT_EQ(r.polygon->parts[0].outer.size(), 4u);
}

TEST(InlinePolygon, AnOuterRingAndItsHoles) {
  auto r = read(
      "polygon:\n  - [[0, 0], [10, 0], [10, 10], [0, 10]]\n  - [[2, 2], [4, 2], [4, 4], [2, 4]]\n");
  ASSERT_TRUE(r.polygon) << r.errors.format();
  ASSERT_EQ(r.polygon->parts.size(), 1u);
  EXPECT_EQ(r.polygon->parts[0].holes.size(), 1u);
  EXPECT_DOUBLE_EQ(area(*r.polygon), 96.0);
}

TEST(InlinePolygon, CaseLengthUnitsBecomeMetres) {
  auto r = read("polygon: [[0, 0], [100, 0], [100, 100]]\n", 0.3048);
  ASSERT_TRUE(r.polygon) << r.errors.format();
  EXPECT_NEAR(area(*r.polygon), 5000.0 * 0.3048 * 0.3048, 1e-9);
}

TEST(InlinePolygon, SelfIntersectionIsReportedAtItsFirstVertex) {
  auto r = read("name: landfill\npolygon:\n  - [0, 0]\n  - [10, 10]\n  - [10, 0]\n  - [0, 10]\n",
                0.3048);
  EXPECT_FALSE(r.polygon);
  ASSERT_EQ(r.errors.size(), 1u) << r.errors.format();
  EXPECT_EQ(r.errors.items()[0].format(),
            "test.yaml:3: polygon[1]: not a valid polygon: the edge from vertex 1 to 2 and the "
            "edge from vertex 3 "
            "to 4 of the outer ring cross at (5, 5)");
}

TEST(InlinePolygon, VerticesAreNumberedAsWritten) {
  // The repeated vertex 3 is dropped before checking; messages still count
  // it (the second edge would otherwise be "from vertex 3 to 4").
  auto r = read("polygon:\n  - [10, 10]\n  - [0, 0]\n  - [0, 0]\n  - [10, 0]\n  - [0, 10]\n");
  EXPECT_FALSE(r.polygon);
  ASSERT_EQ(r.errors.size(), 1u) << r.errors.format();
  EXPECT_EQ(r.errors.items()[0].loc.line, 2);
  EXPECT_EQ(r.errors.items()[0].message,
            "not a valid polygon: the edge from vertex 1 to 2 and the edge from vertex 4 to 5 of "
            "the outer ring cross "
            "at (5, 5)");
}

TEST(InlinePolygon, MalformedInput) {
  auto r = read("polygon: [[0, 0], [1, 1]]\n");
  EXPECT_FALSE(r.polygon);
  EXPECT_EQ(messages(r.errors),
            (std::vector<std::string>{
                "not a valid polygon: the outer ring has fewer than 3 distinct vertices"}));

  r = read("polygon:\n  - [0, 0]\n  - [1]\n  - [2, east]\n");
  EXPECT_FALSE(r.polygon);
  EXPECT_EQ(messages(r.errors), (std::vector<std::string>{"expected a vertex [x, y], got a list of 1 value",
                                                          "expected a number, got 'east'"}));
  EXPECT_EQ(r.errors.items()[0].loc.line, 3);

  r = read("polygon: 5\n");
  EXPECT_FALSE(r.polygon);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors.items()[0].message.find("expected a polygon: a list of [x, y] vertices"),
            std::string::npos);

  r = read("polygon:\n  - [[0, 0], [10, 0], [10, 10]]\n  - [[20, 20], [21, 20], [21, 21]]\n");
  EXPECT_FALSE(r.polygon);
  EXPECT_EQ(messages(r.errors),
            (std::vector<std::string>{"not a valid polygon: hole 1 lies outside the outer ring"}));
  EXPECT_EQ(r.errors.items()[0].loc.line, 3);
}

TEST(InlinePolygon, WithoutAnOpenerFilesAreRefused) {
  auto tree = parse("polygon: {file: a.geojson}\n");
  ErrorList errors;
  EXPECT_FALSE(parse_polygon(*tree->find("polygon"), 1.0, nullptr, errors));
  EXPECT_EQ(messages(errors),
            (std::vector<std::string>{
                "polygon files are not supported here; give the vertices [[x, y], ...]"}));
}

// ---------------------------------------------------------------- GeoJSON

TEST_F(GeoJsonFiles, AFeatureByName) {
  auto r = read_file("polygon: {file: sites.geojson, feature: landfill}\n");
  ASSERT_TRUE(r.polygon) << r.errors.format();
  EXPECT_DOUBLE_EQ(area(*r.polygon), 1200.0 - 100.0);
  EXPECT_EQ(r.polygon->parts[0].outer.size(), 4u);  // the closing vertex is dropped
  ErrorList unknown;
  r.tree->report_unknown_keys(unknown);
  EXPECT_TRUE(unknown.empty()) << unknown.format();
}

TEST_F(GeoJsonFiles, AMultiPolygonByPositionAndAFeatureById) {
  auto r = read_file("polygon: {file: sites.geojson, feature: 2}\n");
  ASSERT_TRUE(r.polygon) << r.errors.format();
  EXPECT_EQ(r.polygon->parts.size(), 2u);
  EXPECT_DOUBLE_EQ(area(*r.polygon), 50.0 + 400.0);  // elevations are ignored

  r = read_file("polygon: {file: sites.geojson, feature: spill-7}\n");
  ASSERT_TRUE(r.polygon) << r.errors.format();
  EXPECT_DOUBLE_EQ(area(*r.polygon), 1.0);
}

TEST_F(GeoJsonFiles, OneFeatureOrABareGeometryNeedsNoName) {
  auto r = read_file("polygon: {file: one.geojson}\n");
  ASSERT_TRUE(r.polygon) << r.errors.format();
  EXPECT_DOUBLE_EQ(area(*r.polygon), 9.0);
  r = read_file("polygon: {file: bare.geojson}\n");
  ASSERT_TRUE(r.polygon) << r.errors.format();
  EXPECT_DOUBLE_EQ(area(*r.polygon), 4.0);
}

TEST_F(GeoJsonFiles, UnknownFeaturesListTheFeaturesOnOffer) {
  auto r = read_file("polygon:\n  file: sites.geojson\n  feature: landfil\n");
  EXPECT_FALSE(r.polygon);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors.items()[0].format(),
            "test.yaml:3: polygon.feature: sites.geojson has no feature named 'landfil'; its "
            "features: landfill, "
            "ponds, road, spill-7, bow tie, nothing");

  r = read_file(
      "polygon: {file: sites.geojson, feature: '2'}\n");  // quoted: a name, not a position
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors.items()[0].message.find("no feature named '2'"), std::string::npos);

  r = read_file("polygon: {file: sites.geojson, feature: 9}\n");
  EXPECT_EQ(messages(r.errors),
            (std::vector<std::string>{"sites.geojson holds 6 feature(s); there is no feature 9"}));

  r = read_file("polygon: {file: sites.geojson}\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors.items()[0].loc.key, "polygon.feature");
  EXPECT_NE(r.errors.items()[0].message.find(
                "sites.geojson holds 6 features; choose one with 'feature:'"),
            std::string::npos);
}

TEST_F(GeoJsonFiles, NotAPolygon) {
  auto r = read_file("polygon:\n  file: sites.geojson\n  feature: road\n");
  EXPECT_FALSE(r.polygon);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors.items()[0].format(),
            "test.yaml:2: polygon.file: sites.geojson feature 'road' is a LineString, not a "
            "Polygon or MultiPolygon");

  r = read_file("polygon: {file: sites.geojson, feature: nothing}\n");
  EXPECT_EQ(messages(r.errors),
            (std::vector<std::string>{"sites.geojson feature 'nothing' has no geometry"}));
}

TEST_F(GeoJsonFiles, ASelfIntersectingFootprintNamesTheFileAndFeature) {
  auto r = read_file("polygon:\n  file: sites.geojson\n  feature: bow tie\n");
  EXPECT_FALSE(r.polygon);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors.items()[0].format(),
            "test.yaml:2: polygon.file: sites.geojson feature 'bow tie': the edge from vertex 1 to "
            "2 and the edge "
            "from vertex 3 to 4 of the outer ring cross at (5, 5)");
}

TEST_F(GeoJsonFiles, MissingAndBrokenFiles) {
  auto r = read_file("polygon: {file: nowhere.geojson}\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors.items()[0].message.find("nowhere.geojson does not exist"), std::string::npos);

  r = read_file("polygon: {file: broken.geojson}\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors.items()[0].message.find("is not valid JSON: parse error at line 2"),
            std::string::npos)
      << r.errors.items()[0].message;
}

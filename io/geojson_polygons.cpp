#include "io/geojson_polygons.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace aquaplume::io {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

/// How a feature is called in messages: its name, else its id, else its position.
std::string feature_label(const json& feature, std::size_t index) {
  if (feature.contains("properties") && feature["properties"].is_object()) {
    const json& properties = feature["properties"];
    if (properties.contains("name") && properties["name"].is_string())
      return properties["name"].get<std::string>();
  }
  if (feature.contains("id")) {
    const json& id = feature["id"];
    if (id.is_string()) return id.get<std::string>();
    if (id.is_number()) return id.dump();
  }
  return fmt::format("#{}", index + 1);
}

bool matches(const json& feature, const std::string& wanted) {
  if (feature.contains("properties") && feature["properties"].is_object()) {
    const json& properties = feature["properties"];
    if (properties.contains("name") && properties["name"].is_string() &&
        properties["name"].get<std::string>() == wanted)
      return true;
  }
  if (feature.contains("id")) {
    const json& id = feature["id"];
    if (id.is_string() && id.get<std::string>() == wanted) return true;
    if (id.is_number() && id.dump() == wanted) return true;
  }
  return false;
}

/// GeoJSON positions [[x, y(, z)], ...] as a ring; false when one is not numbers.
bool read_ring(const json& positions, Ring& ring) {
  if (!positions.is_array()) return false;
  for (const json& p : positions) {
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number()) return false;
    ring.push_back({p[0].get<double>(), p[1].get<double>()});
  }
  return true;
}

/// A GeoJSON Polygon's coordinates: the outer ring, then its holes.
bool read_part(const json& rings, PolygonPart& part) {
  if (!rings.is_array() || rings.empty()) return false;
  for (std::size_t r = 0; r < rings.size(); ++r) {
    Ring ring;
    if (!read_ring(rings[r], ring)) return false;
    if (r == 0)
      part.outer = std::move(ring);
    else
      part.holes.push_back(std::move(ring));
  }
  return true;
}

std::string list_of_names(const std::vector<const json*>& features) {
  std::string names;
  const std::size_t shown = std::min<std::size_t>(features.size(), 12);
  for (std::size_t i = 0; i < shown; ++i) names += (i ? ", " : "") + feature_label(*features[i], i);
  if (features.size() > shown) names += fmt::format(", ... ({} in all)", features.size());
  return names;
}

/// The text of a nlohmann parse error without its "[json.exception...] " tag.
std::string parse_problem(const json::parse_error& e) {
  std::string text = e.what();
  if (auto end = text.find("] "); text.rfind("[json.exception", 0) == 0 && end != std::string::npos)
    text = text.substr(end + 2);
  return text;
}

}  // namespace

PolygonOpener make_polygon_opener(std::string case_directory) {
  return [dir = std::move(case_directory)](const InputNode& spec,
                                           ErrorList& errors) -> std::optional<PolygonSource> {
    Section s(spec, errors);
    auto file = s.word("file");
    const InputNode* feature_node = s.get("feature");
    if (!file) return std::nullopt;
    const SourceLoc at = s.loc_of("file");
    fs::path path(*file);
    if (path.is_relative() && !dir.empty()) path = fs::path(dir) / path;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
      errors.add(at, fmt::format("GeoJSON file {} does not exist", path.string()));
      return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    json doc;
    try {
      doc = json::parse(text.str());
    } catch (const json::parse_error& e) {
      errors.add(at, fmt::format("{} is not valid JSON: {}", path.string(), parse_problem(e)));
      return std::nullopt;
    }

    // The features on offer; a bare geometry counts as one unnamed feature.
    const std::string type = doc.is_object() && doc.contains("type") && doc["type"].is_string()
                                 ? doc["type"].get<std::string>()
                                 : std::string();
    std::vector<const json*> features;
    const json* geometry = nullptr;
    std::string name = *file;
    if (type == "FeatureCollection" && doc.contains("features") && doc["features"].is_array()) {
      for (const json& f : doc["features"]) features.push_back(&f);
    } else if (type == "Feature") {
      features.push_back(&doc);
    } else if (type == "Polygon" || type == "MultiPolygon") {
      geometry = &doc;
      if (feature_node) {
        errors.add(feature_node->loc,
                   fmt::format("{} holds a bare {} geometry, not features; leave out 'feature'",
                               *file, type));
        return std::nullopt;
      }
    } else {
      errors.add(
          at, fmt::format(
                  "{} is not GeoJSON with polygons: expected a FeatureCollection, a Feature, a "
                  "Polygon or a MultiPolygon, got {}",
                  *file, type.empty() ? std::string("no 'type'") : fmt::format("type '{}'", type)));
      return std::nullopt;
    }

    if (!geometry) {
      const json* chosen = nullptr;
      std::size_t index = 0;
      if (!feature_node) {
        if (features.size() != 1) {
          s.error(
              "feature",
              fmt::format("{} holds {} features; choose one with 'feature:' (a name or a position "
                          "1..{}){}{}",
                          *file, features.size(), features.size(), features.empty() ? "" : ": ",
                          list_of_names(features)));
          return std::nullopt;
        }
        chosen = features.front();
      } else {
        auto wanted = read_text(*feature_node, errors);
        if (!wanted) return std::nullopt;
        // An unquoted whole number is a position; anything else a name or id.
        const bool position = !feature_node->quoted && !wanted->empty() &&
                              std::all_of(wanted->begin(), wanted->end(),
                                          [](unsigned char c) { return std::isdigit(c); });
        if (position) {
          const std::size_t n = wanted->size() > 9 ? 0 : std::stoul(*wanted);
          if (n < 1 || n > features.size()) {
            errors.add(feature_node->loc,
                       fmt::format("{} holds {} feature(s); there is no feature {}", *file,
                                   features.size(), *wanted));
            return std::nullopt;
          }
          index = n - 1;
          chosen = features[index];
        } else {
          for (std::size_t i = 0; i < features.size() && !chosen; ++i)
            if (matches(*features[i], *wanted)) {
              chosen = features[i];
              index = i;
            }
          if (!chosen) {
            errors.add(
                feature_node->loc,
                fmt::format("{} has no feature named '{}'{}{}", *file, *wanted,
                            features.empty() ? "" : "; its features: ", list_of_names(features)));
            return std::nullopt;
          }
        }
      }
      name = fmt::format("{} feature '{}'", *file, feature_label(*chosen, index));
      if (!chosen->is_object() || !chosen->contains("geometry") ||
          (*chosen)["geometry"].is_null()) {
        errors.add(at, fmt::format("{} has no geometry", name));
        return std::nullopt;
      }
      geometry = &(*chosen)["geometry"];
    }

    const std::string geometry_type =
        geometry->is_object() && geometry->contains("type") && (*geometry)["type"].is_string()
            ? (*geometry)["type"].get<std::string>()
            : std::string("an unknown geometry");
    PolygonSource source;
    source.name = name;
    bool ok = geometry->contains("coordinates");
    if (geometry_type == "Polygon") {
      source.polygon.parts.emplace_back();
      ok = ok && read_part((*geometry)["coordinates"], source.polygon.parts.back());
    } else if (geometry_type == "MultiPolygon") {
      const json& coordinates = (*geometry)["coordinates"];
      ok = ok && coordinates.is_array() && !coordinates.empty();
      for (std::size_t k = 0; ok && k < coordinates.size(); ++k) {
        source.polygon.parts.emplace_back();
        ok = read_part(coordinates[k], source.polygon.parts.back());
      }
    } else {
      errors.add(at, fmt::format("{} is a {}, not a Polygon or MultiPolygon", name, geometry_type));
      return std::nullopt;
    }
    if (!ok) {
      errors.add(at, fmt::format("{}: its {} coordinates are not rings of [x, y] numbers", name,
                                 geometry_type));
      return std::nullopt;
    }
    return source;
  };
}

}  // namespace aquaplume::io

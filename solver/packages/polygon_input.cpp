#include "solver/packages/polygon_input.hpp"

#include <fmt/format.h>

namespace aquaplume {
namespace {

/// Where each ring and vertex of an inline polygon is written.
struct WrittenRing {
  const InputNode* node = nullptr;
  std::vector<const InputNode*> vertices;
};

std::optional<Ring> parse_ring(const InputNode& node, WrittenRing& written, ErrorList& errors) {
  node.mark_used();
  written.node = &node;
  if (!node.is_sequence() || node.items.empty()) {
    errors.add(node.loc,
               fmt::format("expected a ring: a list of [x, y] vertices, got {}", node.describe()));
    return std::nullopt;
  }
  Ring ring;
  bool ok = true;
  for (const InputNode& item : node.items) {
    if (!item.is_sequence() || item.items.size() != 2) {
      errors.add(item.loc, fmt::format("expected a vertex [x, y], got {}", item.describe()));
      ok = false;
      continue;
    }
    auto x = read_number(item.items[0], errors);
    auto y = read_number(item.items[1], errors);
    if (!x || !y) {
      ok = false;
      continue;
    }
    ring.push_back({*x, *y});
    written.vertices.push_back(&item);
  }
  if (!ok) return std::nullopt;
  return ring;
}

/// Removes repeated vertices, converts to metres and reports every defect
/// at `locate(ring, vertex as written)` (vertex: nullopt for the whole ring),
/// numbering vertices as written.
template <typename Locate>
std::optional<Polygon> checked(Polygon polygon, double metres_per_unit, const std::string& what,
                               Locate&& locate, ErrorList& errors) {
  std::vector<std::vector<std::vector<std::size_t>>> as_written(polygon.parts.size());
  for (std::size_t k = 0; k < polygon.parts.size(); ++k) {
    PolygonPart& part = polygon.parts[k];
    auto tidy = [&](Ring& ring) {
      as_written[k].push_back(remove_repeated_vertices(ring));
      for (PlanPoint& p : ring) p = {p.x * metres_per_unit, p.y * metres_per_unit};
    };
    tidy(part.outer);
    for (Ring& hole : part.holes) tidy(hole);
  }
  auto written_index = [&](RingRef r, std::size_t index) {
    return as_written[r.part][r.ring][index];
  };
  const auto defects = find_defects(polygon);
  for (const PolygonDefect& d : defects) {
    const bool has_edge =
        d.kind == PolygonDefect::Kind::EdgesCross || d.kind == PolygonDefect::Kind::FoldsBack;
    const SourceLoc loc = has_edge ? locate(d.edge.ring, written_index(d.edge.ring, d.edge.from))
                                   : locate(d.ring, std::optional<std::size_t>{});
    errors.add(
        loc, fmt::format("{}: {}", what, d.describe(metres_per_unit, [&](RingRef r, std::size_t i) {
          return written_index(r, i) + 1;
        })));
  }
  if (!defects.empty()) return std::nullopt;
  return polygon;
}

}  // namespace

std::optional<Polygon> parse_polygon(const InputNode& node, double metres_per_unit,
                                     const PolygonOpener* open_file, ErrorList& errors) {
  node.mark_used();
  if (node.is_map()) {
    if (!open_file || !*open_file) {
      errors.add(node.loc, "polygon files are not supported here; give the vertices [[x, y], ...]");
      return std::nullopt;
    }
    auto source = (*open_file)(node, errors);
    if (!source) return std::nullopt;
    SourceLoc at = node.loc;
    for (const auto& [key, value] : node.entries)
      if (key == "file") at = value.loc;
    return checked(
        std::move(source->polygon), metres_per_unit, source->name,
        [&](RingRef, std::optional<std::size_t>) { return at; }, errors);
  }
  if (!node.is_sequence() || node.items.empty()) {
    errors.add(node.loc,
               fmt::format("expected a polygon: a list of [x, y] vertices, a list of rings "
                           "(the outer ring, then holes) or {{file: ..., feature: ...}}, got {}",
                           node.describe()));
    return std::nullopt;
  }
  // [[x, y], ...] is one ring; [[[x, y], ...], ...] an outer ring and its holes.
  const InputNode& first = node.items.front();
  const bool rings =
      first.is_sequence() && !first.items.empty() && first.items.front().is_sequence();
  std::vector<WrittenRing> written(rings ? node.items.size() : 1);
  PolygonPart part;
  bool ok = true;
  if (rings) {
    for (std::size_t r = 0; r < node.items.size(); ++r) {
      auto ring = parse_ring(node.items[r], written[r], errors);
      if (!ring)
        ok = false;
      else if (r == 0)
        part.outer = std::move(*ring);
      else
        part.holes.push_back(std::move(*ring));
    }
  } else if (auto ring = parse_ring(node, written[0], errors)) {
    part.outer = std::move(*ring);
  } else {
    ok = false;
  }
  if (!ok) return std::nullopt;
  auto locate = [&](RingRef r, std::optional<std::size_t> vertex) {
    const WrittenRing& w = written[r.ring];
    return vertex && *vertex < w.vertices.size() ? w.vertices[*vertex]->loc : w.node->loc;
  };
  return checked(Polygon{{std::move(part)}}, metres_per_unit, "not a valid polygon", locate,
                 errors);
}

}  // namespace aquaplume

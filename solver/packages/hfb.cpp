/// HFB: horizontal flow barriers — cutoff walls, slurry walls, sheet piles,
/// faults. A barrier of hydraulic characteristic c = K_wall / thickness [1/T]
/// adds its resistance in series to each connection it crosses (MODFLOW HFB):
///
///   1 / C' = 1 / C + 1 / (c w b)      (w face width, b mean cell thickness)
///
/// A barrier follows a plan polyline: it crosses every connection whose
/// centre-to-centre segment the line crosses, which leaves no gaps (a
/// continuous line separates the cells on its two sides).
///
///   - type: hfb
///     name: cutoff_wall
///     line: [[1200.0, 800.0], [1200.0, 1600.0], [1500.0, 1900.0]]
///     layers: [1, 2]          # default: all
///     characteristic: 1.0e-4  # [1/T]; or k: 1.0e-5 with thickness: 0.6

#include "solver/packages/package_types.hpp"

#include <fmt/format.h>

#include "solver/packages/entries.hpp"

namespace aquaplume {
namespace {

struct Point {
  double x, y;
};

/// True when segment p0-p1 crosses segment q0-q1 with p's parameter in [0, 1)
/// (half-open, so a line through a cell centre counts once).
bool crosses(Point p0, Point p1, Point q0, Point q1) {
  const double rx = p1.x - p0.x, ry = p1.y - p0.y, sx = q1.x - q0.x, sy = q1.y - q0.y;
  const double denom = rx * sy - ry * sx;
  if (denom == 0.0) return false;  // parallel: the line runs along the centres, crossing no face
  const double qpx = q0.x - p0.x, qpy = q0.y - p0.y;
  const double t = (qpx * sy - qpy * sx) / denom;  // along p
  const double u = (qpx * ry - qpy * rx) / denom;  // along q
  return t >= 0.0 && t < 1.0 && u >= 0.0 && u <= 1.0;
}

class Barrier final : public Package {
 public:
  Barrier(const Section& spec, const PackageContext& context) : Package("hfb", package_name(spec, "hfb"), spec.loc()) {
    const Units& u = *context.units;
    const StructuredGridSpec& g = *context.grid;
    ErrorList& errors = spec.errors();
    for (const InputNode* p : spec.list("line")) {
      if (!p->is_sequence() || p->items.size() != 2) {
        errors.add(p->loc, fmt::format("expected a point [x, y], got {}", p->describe()));
        continue;
      }
      auto x = read_number(p->items[0], errors);
      auto y = read_number(p->items[1], errors);
      if (x && y) line_.push_back({*x * u.length_factor(), *y * u.length_factor()});
    }
    if (spec.has("line") && line_.size() < 2) spec.error("line", "a barrier line needs at least two points");
    layer0_ = 0;
    layer1_ = g.nlay;
    if (const InputNode* layers = spec.get("layers")) {
      if (layers->is_sequence() && layers->items.size() == 2) {
        auto a = read_integer(layers->items[0], errors, Limits::between(1, static_cast<double>(g.nlay)));
        auto b = read_integer(layers->items[1], errors, Limits::between(1, static_cast<double>(g.nlay)));
        if (a && b) {
          layer0_ = *a - 1;
          layer1_ = *b;
        }
      } else if (auto a = read_integer(*layers, errors, Limits::between(1, static_cast<double>(g.nlay)))) {
        layer0_ = *a - 1;
        layer1_ = *a;
      }
    }
    const double per_time = u.to_internal(0, -1);
    if (spec.has("characteristic")) {
      characteristic_ = spec.number("characteristic", Limits::positive()).value_or(1.0) * per_time;
    } else {
      auto k = spec.number("k", Limits::positive());
      auto thickness = spec.number("thickness", Limits::positive());
      if (k && thickness) characteristic_ = *k * u.to_internal(1, -1) / (*thickness * u.length_factor());
      spec.get("characteristic");
    }
  }

  void bind(const CellGraph&, ErrorList&) override {}
  void formulate(const FlowState&, BoundaryTerms&) override {}

  void adjust_conductance(const CellGraph& g, std::span<double> conductance) const override {
    const Connections& cn = g.connections;
    for (std::size_t k = 0; k < cn.size(); ++k) {
      if (cn.axis[k] == Axis::Z) continue;
      const auto a = cn.a[k], b = cn.b[k];
      if (g.layer[a] < layer0_ || g.layer[a] >= layer1_) continue;
      const Point pa{g.center[a][0], g.center[a][1]}, pb{g.center[b][0], g.center[b][1]};
      // Orient the segment by natural index so both ranks holding it decide alike.
      const bool forward = g.natural_index[a] < g.natural_index[b];
      const Point p0 = forward ? pa : pb, p1 = forward ? pb : pa;
      bool blocked = false;
      for (std::size_t s = 0; s + 1 < line_.size() && !blocked; ++s) blocked = crosses(p0, p1, line_[s], line_[s + 1]);
      if (!blocked) continue;
      const double wall = characteristic_ * cn.width[k] * 0.5 * (g.thickness(a) + g.thickness(b));
      conductance[k] = 1.0 / (1.0 / conductance[k] + 1.0 / wall);
    }
  }

 private:
  std::vector<Point> line_;
  std::int64_t layer0_ = 0, layer1_ = 0;
  double characteristic_ = 1.0;  // [1/d]
};

}  // namespace

std::unique_ptr<Package> make_hfb(const Section& spec, const PackageContext& context) {
  return std::make_unique<Barrier>(spec, context);
}

}  // namespace aquaplume

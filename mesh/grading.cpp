#include "mesh/grading.hpp"

#include <algorithm>
#include <cmath>

namespace aquaplume {
namespace {

/// The size field S(u) = min(cap, min_k [h_k + slope · dist(u, zone_k)]),
/// piecewise linear: exact values at knots, linear in between.
struct SizeField {
  std::vector<double> knot, size;
};

double size_at(double u, double cap, double slope, std::span<const RefinedInterval> zones) {
  double s = cap;
  for (const RefinedInterval& z : zones) {
    const double distance = u < z.start ? z.start - u : (u > z.end ? u - z.end : 0.0);
    s = std::min(s, z.size + slope * distance);
  }
  return s;
}

/// Knots wherever a piece of one zone's cone can meet a piece of another's
/// (or the cap), so that S is linear between consecutive knots.
SizeField size_field(double length, double cap, double slope,
                     std::span<const RefinedInterval> zones) {
  std::vector<double> knots{0.0, length};
  auto add = [&](double u) {
    if (u > 0.0 && u < length) knots.push_back(u);
  };
  for (const RefinedInterval& z : zones) {
    add(z.start);
    add(z.end);
    add(z.start - (cap - z.size) / slope);  // the rising sides reach the cap
    add(z.end + (cap - z.size) / slope);
    for (const RefinedInterval& w : zones) {
      add((w.size - z.size + slope * (w.start + z.end)) /
          (2.0 * slope));                      // z's right side meets w's left side
      add(z.end + (w.size - z.size) / slope);  // a side of z meets the flat top of w
      add(z.start - (w.size - z.size) / slope);
    }
  }
  std::sort(knots.begin(), knots.end());
  knots.erase(std::unique(knots.begin(), knots.end()), knots.end());
  SizeField field;
  field.knot = knots;
  for (double u : knots) field.size.push_back(size_at(u, cap, slope, zones));
  return field;
}

/// ∫ du / S over a piece of length d on which S goes linearly from s0 to s1:
/// d ln(s1/s0) / (s1 - s0), written with log1p so it stays accurate as s1 -> s0.
double piece_integral(double d, double s0, double s1) {
  const double x = (s1 - s0) / s0;
  return x == 0.0 ? d / s0 : d / s0 * std::log1p(x) / x;
}

double field_integral(const SizeField& f) {
  double total = 0.0;
  for (std::size_t p = 0; p + 1 < f.knot.size(); ++p)
    total += piece_integral(f.knot[p + 1] - f.knot[p], f.size[p], f.size[p + 1]);
  return total;
}

/// The distance t into a piece at which ∫ du / S reaches j:
/// t = s0 (exp(beta j) - 1) / beta with beta the slope of S on the piece.
double piece_inverse(double d, double s0, double s1, double j) {
  const double beta = (s1 - s0) / d;
  const double t = beta == 0.0 ? s0 * j : s0 * std::expm1(beta * j) / beta;
  return std::clamp(t, 0.0, d);
}

/// Cell sizes for one slope of the size field.
GradedSpacing spacing_for_slope(double length, double base_size,
                                std::span<const RefinedInterval> zones, double slope,
                                std::int64_t max_cells) {
  GradedSpacing out;
  const double at_base = field_integral(size_field(length, base_size, slope, zones));
  // The tolerance keeps an integral that is a whole number up to round-off from gaining a cell.
  const double cells = std::max(1.0, std::ceil(at_base - 1e-9));
  if (cells > static_cast<double>(max_cells)) {
    out.cells_needed = cells > 9e18 ? INT64_MAX : static_cast<std::int64_t>(cells);
    return out;
  }
  const auto n = static_cast<std::int64_t>(cells);
  out.cells_needed = n;

  // Round the count up by lowering the cap (the coarse cells give a little)
  // while that keeps every zone's target; otherwise shrink all cells alike.
  double cap = base_size;
  if (at_base < cells) {
    double largest_zone = 0.0;
    for (const RefinedInterval& z : zones) largest_zone = std::max(largest_zone, z.size);
    if (zones.empty()) {
      cap = length / cells;
    } else if (field_integral(size_field(length, largest_zone, slope, zones)) >= cells) {
      double lo = largest_zone, hi = base_size;  // integral(lo) >= cells > integral(hi)
      for (int iteration = 0; iteration < 200 && hi - lo > 1e-15 * hi; ++iteration) {
        const double mid = 0.5 * (lo + hi);
        (field_integral(size_field(length, mid, slope, zones)) >= cells ? lo : hi) = mid;
      }
      cap = lo;
    } else {
      cap = largest_zone;
    }
  }
  const SizeField field = size_field(length, cap, slope, zones);
  const double step = field_integral(field) / cells;  // ∫ du / S over each cell

  std::vector<double> edges{0.0};
  std::size_t piece = 0;
  double before = 0.0;  // ∫ du / S up to the start of `piece`
  for (std::int64_t i = 1; i < n; ++i) {
    const double target = step * static_cast<double>(i);
    for (;;) {
      const double d = field.knot[piece + 1] - field.knot[piece];
      const double in_piece = piece_integral(d, field.size[piece], field.size[piece + 1]);
      if (before + in_piece >= target || piece + 2 >= field.knot.size()) {
        edges.push_back(field.knot[piece] + piece_inverse(d, field.size[piece],
                                                          field.size[piece + 1], target - before));
        break;
      }
      before += in_piece;
      ++piece;
    }
  }
  edges.push_back(length);
  // Each size is the next edge less the running sum of the sizes before it,
  // so that summing the sizes in order (as the grid does) ends on `length`.
  double sum = 0.0;
  for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
    const double size = edges[i + 1] - sum;
    out.sizes.push_back(size);
    sum += size;
  }
  return out;
}

double largest_ratio(const std::vector<double>& sizes) {
  double worst = 1.0;
  for (std::size_t i = 0; i + 1 < sizes.size(); ++i)
    worst = std::max({worst, sizes[i + 1] / sizes[i], sizes[i] / sizes[i + 1]});
  return worst;
}

std::vector<RefinedInterval> along_axis(std::span<const RefinementZone> zones, bool x_axis,
                                        const PlanBox& extent) {
  std::vector<RefinedInterval> out;
  for (const RefinementZone& z : zones) {
    if (x_axis)
      out.push_back({z.box.xmin - extent.xmin, z.box.xmax - extent.xmin, z.size});
    else
      out.push_back({z.box.ymin - extent.ymin, z.box.ymax - extent.ymin, z.size});
  }
  return out;
}

}  // namespace

GradedSpacing graded_spacing(double length, double base_size,
                             std::span<const RefinedInterval> zones, double growth,
                             std::int64_t max_cells) {
  // Zones clipped to the axis; a zone asking for more than the base size changes nothing.
  std::vector<RefinedInterval> clipped;
  for (RefinedInterval z : zones) {
    z.start = std::max(z.start, 0.0);
    z.end = std::min(z.end, length);
    if (z.start > z.end || z.size >= base_size) continue;
    clipped.push_back(z);
  }
  // ln(growth): a linear ramp of S gives neighbour ratios exp(slope) <= growth.
  // Kinks of S could push a ratio past it; (g - 1)/(g + 1) bounds every ratio
  // by g (with S s-Lipschitz: D' <= D + s (D + D')), so fall back towards it.
  const double proven = (growth - 1.0) / (growth + 1.0);
  double slope = std::log(growth) * (1.0 - 1e-9);
  for (;;) {
    GradedSpacing out = spacing_for_slope(length, base_size, clipped, slope, max_cells);
    if (out.sizes.empty() || slope <= proven || largest_ratio(out.sizes) <= growth * (1.0 + 1e-13))
      return out;
    slope = std::max(proven, 0.9 * slope);
  }
}

GradedPlan graded_plan(const PlanBox& extent, double base_size,
                       std::span<const RefinementZone> zones, double growth,
                       std::int64_t max_cells_per_axis) {
  GradedPlan plan;
  const auto x_zones = along_axis(zones, true, extent);
  const auto y_zones = along_axis(zones, false, extent);
  plan.delr =
      graded_spacing(extent.xmax - extent.xmin, base_size, x_zones, growth, max_cells_per_axis);
  plan.delc =
      graded_spacing(extent.ymax - extent.ymin, base_size, y_zones, growth, max_cells_per_axis);
  // Graded from the south; rows are numbered from the north.
  std::reverse(plan.delc.sizes.begin(), plan.delc.sizes.end());
  return plan;
}

}  // namespace aquaplume

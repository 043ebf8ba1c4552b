#pragma once
/// The exceedance and influence extents of a plume at a prediction time
/// (HJ 610-2016: the area, and here also the volume and mass, of aquifer in
/// which a species is above the quality standard, or above the detection
/// limit, and how far it has reached from the source).

#include <span>

#include "mesh/cell_graph.hpp"
#include "solver/risk/risk_geometry.hpp"
#include "solver/risk/risk_results.hpp"

namespace aquaplume::risk {

struct ExtentInputs {
  const CellGraph* graph = nullptr;
  std::span<const double> concentration;  ///< owned cells [mg/L]
  std::span<const double> porosity;       ///< owned cells [-]
  std::span<const double> saturation;     ///< owned (or local) cells: saturated fraction [-]
  const SourceOutline* source = nullptr;  ///< distances are measured from it (none: 0)
  double metres_per_length = 1.0;         ///< case length unit, for the results
};

/// The cells above `threshold` [mg/L] (strictly: a value equal to a class
/// limit still meets the class, GB/T 14848). Sums and maxima are reduced
/// over the ranks; the plan columns are gathered to every rank. Collective.
Extent measure_extent(const ExtentInputs& in, double threshold);

}  // namespace aquaplume::risk

#pragma once
/// The `transport:` section of a case (schema with examples in
/// cases/README.md), in internal units: metres, days, concentrations in mg/L
/// (= g/m3), masses in grams.

#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "mesh/base/cell_array.hpp"
#include "solver/packages/cell_selection.hpp"
#include "solver/packages/schedule.hpp"
#include "solver/petsc/linear_solver.hpp"
#include "solver/transport/isotherm.hpp"

namespace aquaplume {

/// One dissolved species with its transport and reaction parameters.
struct SpeciesSpec {
  std::string name;
  SourceLoc loc;
  CellArrayPtr porosity;  ///< effective porosity theta [-], 3D array
  CellArrayPtr initial;   ///< initial concentration [mg/L], 3D array
  double diffusion = 0.0;              ///< effective molecular diffusion D* [m2/d]
  double longitudinal = 0.0;           ///< dispersivity alpha_L [m]
  double transverse_horizontal = 0.0;  ///< alpha_TH [m]
  double transverse_vertical = 0.0;    ///< alpha_TV [m]
  Isotherm sorption;
  double decay_dissolved = 0.0;       ///< first-order rate lambda_1 [1/d]
  double decay_sorbed = 0.0;          ///< first-order rate lambda_2 [1/d]
  double production_dissolved = 0.0;  ///< zero-order gamma_1 [mg/L/d] of pore water
  double production_sorbed = 0.0;     ///< zero-order gamma_2 [mg/kg/d] of solids
};

/// A value per species, each a number or a schedule (see schedule.hpp).
using SpeciesValues = std::vector<std::pair<std::size_t, ScheduledValue>>;

/// Cells whose concentration is held at given values (MT3DMS ICBUND < 0,
/// MODFLOW 6 CNC). Species not listed are not fixed there.
struct ConstantConcentrationSpec {
  std::string name;
  CellSelection cells;
  SpeciesValues concentration;  ///< [mg/L]
  SourceLoc loc;
};

/// A mass source independent of any water flow (a spill, a leaking drum),
/// `rate` the entry's total, split equally over its cells.
struct MassLoadingSpec {
  std::string name;
  CellSelection cells;
  SpeciesValues rate;  ///< [g/d], negative = removal
  SourceLoc loc;
  /// Its line in the mass budget: empty for MASS_LOADING; a site's name for
  /// the spills of a site (solver/sites), shared with the site's package line.
  std::string term;
  /// [d] The rate acts from `start` to `end` only, averaged over each
  /// transport step's overlap with them, so rate x (end - start) enters
  /// exactly whatever the steps.
  double start = -std::numeric_limits<double>::infinity();
  double end = std::numeric_limits<double>::infinity();
  /// Split the rate over the cells by covered plan area (fraction x cell
  /// area) rather than equally.
  bool by_area = false;
};

/// A named cell whose concentrations are recorded after every transport step.
struct ObservationSpec {
  std::string name;
  CellSelection cell;
  SourceLoc loc;
};

enum class AdvectionScheme { Upstream, Tvd };
enum class TimeScheme { BackwardEuler, CrankNicolson };

struct TransportTimeSettings {
  TimeScheme scheme = TimeScheme::BackwardEuler;
  double max_dt = 0.0;   ///< [d] longest transport step; 0: the flow step
  double courant = 0.0;  ///< advective Courant target; 0: not limited
  double min_dt = 0.0;   ///< [d] step cuts below this fail the run; 0: flow step x 1e-6
};

struct TransportSolverSettings {
  petsc::LinearSolverSettings linear;
  /// [mg/L] outer (TVD, cross-dispersion, isotherm) iterations stop when no
  /// concentration changes more than this...
  double nonlinear_tolerance = 1e-6;
  /// ...and the mass residual is below this fraction of the step's stored-mass rate.
  double relative_tolerance = 1e-10;
  int max_iterations = 100;        ///< outer iterations per transport step
  double budget_tolerance = 0.01;  ///< [%] a step whose mass budget misses by more fails
};

struct TransportSpec {
  SourceLoc loc;
  std::vector<SpeciesSpec> species;
  AdvectionScheme advection = AdvectionScheme::Tvd;
  bool cross_dispersion = false;
  TransportTimeSettings time;
  TransportSolverSettings solver;
  std::vector<ConstantConcentrationSpec> constant_concentration;
  std::vector<MassLoadingSpec> mass_loading;
  std::vector<ObservationSpec> observations;
};

}  // namespace aquaplume

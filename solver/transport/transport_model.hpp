#pragma once
/// Solute transport after each flow step: advection (upstream or TVD),
/// dispersion, sorption, decay and production of several species, with
/// source–sink mixing, constant concentrations and mass loadings, solved
/// implicitly on the flow's cell graph (species_balance.hpp has the equations).
///
/// Each flow step is split into transport steps (max_dt, Courant target, and
/// for Crank–Nicolson a positivity limit). In each transport step and for
/// each species a defect-correction iteration solves  J dC = R(C):  J holds the
/// implicit upstream advection, the principal dispersion, the sinks and the
/// storage and reactions linearised by Newton; R is the full residual with
/// the TVD and cross-dispersion fluxes of the latest iterate. Linear problems
/// converge in one solve; TVD and nonlinear isotherms iterate until no
/// concentration changes by more than the nonlinear tolerance. A transport
/// step whose iteration fails is halved (all species together) and repeated.
///
/// Born distributed: every rank assembles its owned rows from its local cell
/// graph; ghost concentrations and per-cell gradients travel by ghost
/// updates, so results do not depend on the number of ranks beyond the
/// solver tolerances.

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "solver/process.hpp"
#include "solver/transport/transport_spec.hpp"

namespace aquaplume {

/// Follows the concentrations after every transport step (the risk products
/// time first arrivals at the resolution of the transport steps).
class TransportListener {
 public:
  virtual ~TransportListener() = default;
  /// After the transport step t_old .. t_new [d]; concentration[s] holds
  /// species s (in transport.species order) at the local cells, owned first
  /// [mg/L]. Collective.
  virtual void transport_step(double t_old, double t_new,
                              const std::vector<std::span<const double>>& concentration) = 0;
};

/// The transport process, which others may follow step by step.
class TransportProcess : public Process {
 public:
  /// `listener` must outlive the process.
  virtual void add_listener(TransportListener* listener) = 0;
};

/// Builds the transport process of a case: reads the species' arrays for the
/// local cells and binds the boundaries. Collective. Problems go to `errors`.
std::unique_ptr<TransportProcess> make_transport_model(const CellGraph& graph, const TransportSpec& spec,
                                              const std::vector<std::unique_ptr<Package>>& packages,
                                              const Units& units, ErrorList& errors);

}  // namespace aquaplume

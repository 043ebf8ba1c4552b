#include "solver/tracking/particle.hpp"

namespace aquaplume::tracking {

std::string_view status_name(Status status) {
  switch (status) {
    case Status::Pending:
      return "pending";
    case Status::Active:
      return "active";
    case Status::MaxTime:
      return "max_time";
    case Status::Boundary:
      return "boundary";
    case Status::StrongSink:
      return "strong_sink";
    case Status::WeakSink:
      return "weak_sink";
    case Status::FixedHead:
      return "fixed_head";
    case Status::Stagnant:
      return "stagnant";
    case Status::SimulationEnd:
      return "simulation_end";
    case Status::Dry:
      return "dry";
    case Status::StepLimit:
      return "step_limit";
  }
  return "unknown";
}

}  // namespace aquaplume::tracking

#include "solver/transport/isotherm.hpp"

#include <algorithm>
#include <cmath>

namespace aquaplume {

double Isotherm::sorbed(double c) const {
  if (c < 0.0) return slope(0.0) * c;
  switch (type) {
    case Type::None: return 0.0;
    case Type::Linear: return kd * c;
    case Type::Freundlich:
      if (exponent < 1.0) {
        const double eps = kFreundlichSmoothing;
        return kf * (std::pow(c + eps, exponent) - std::pow(eps, exponent));
      }
      return kf * std::pow(c, exponent);
    case Type::Langmuir: return capacity * kl * c / (1.0 + kl * c);
  }
  return 0.0;
}

double Isotherm::slope(double c) const {
  c = std::max(c, 0.0);
  switch (type) {
    case Type::None: return 0.0;
    case Type::Linear: return kd;
    case Type::Freundlich:
      if (exponent == 1.0) return kf;
      if (exponent < 1.0) return kf * exponent * std::pow(c + kFreundlichSmoothing, exponent - 1.0);
      return kf * exponent * std::pow(c, exponent - 1.0);
    case Type::Langmuir: {
      const double x = 1.0 + kl * c;
      return capacity * kl / (x * x);
    }
  }
  return 0.0;
}

}  // namespace aquaplume

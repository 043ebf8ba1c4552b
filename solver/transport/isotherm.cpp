#include "solver/transport/isotherm.hpp"

#include <algorithm>
#include <cmath>

namespace aquaplume {

double Isotherm::sorbed(double c) const {
  if (c <= 0.0) return 0.0;
  switch (type) {
    case Type::None: return 0.0;
    case Type::Linear: return kd * c;
    case Type::Freundlich: return kf * std::pow(c, exponent);
    case Type::Langmuir: return capacity * kl * c / (1.0 + kl * c);
  }
  return 0.0;
}

double Isotherm::slope(double c) const {
  switch (type) {
    case Type::None: return 0.0;
    case Type::Linear: return kd;
    case Type::Freundlich:
      if (exponent == 1.0) return kf;
      if (c <= kSteepestAt) return exponent < 1.0 ? sorbed(kSteepestAt) / kSteepestAt : 0.0;
      return kf * exponent * std::pow(c, exponent - 1.0);
    case Type::Langmuir: {
      const double x = 1.0 + kl * std::max(c, 0.0);
      return capacity * kl / (x * x);
    }
  }
  return 0.0;
}

}  // namespace aquaplume

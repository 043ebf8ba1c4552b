#pragma once
/// Equilibrium sorption isotherms: the sorbed concentration Cs [mg/kg] in
/// equilibrium with the dissolved concentration C [mg/L] (Zheng & Wang 1999,
/// MT3DMS manual, section 2.3):
///
///   linear       Cs = Kd C                       Kd [L/kg]
///   Freundlich   Cs = Kf C^a                     Kf [(mg/kg)/(mg/L)^a], a [-]
///   Langmuir     Cs = S Kl C / (1 + Kl C)        Kl [L/mg], S capacity [mg/kg]
///
/// With the bulk density rho_b [kg/L], rho_b Cs is sorbed mass per bulk volume
/// in mg/L (= g/m3), so a cell holds  V Sat (theta C + rho_b Cs(C))  grams.
/// These units hold whatever the case's length and time units are.

#include <cstdint>

namespace aquaplume {

struct Isotherm {
  enum class Type : std::uint8_t { None, Linear, Freundlich, Langmuir };
  Type type = Type::None;
  double bulk_density = 0.0;  ///< rho_b [kg/L]
  double kd = 0.0;            ///< linear distribution coefficient [L/kg]
  double kf = 0.0;            ///< Freundlich coefficient
  double exponent = 1.0;      ///< Freundlich exponent a
  double kl = 0.0;            ///< Langmuir constant [L/mg]
  double capacity = 0.0;      ///< Langmuir sorption capacity S [mg/kg]

  /// True when there is a sorbed phase at all.
  bool sorbs() const { return type != Type::None && bulk_density > 0.0; }
  /// True when Cs is proportional to C (the transport equation stays linear).
  bool linear() const { return type == Type::None || type == Type::Linear || (type == Type::Freundlich && exponent == 1.0); }
  /// Sorbed concentration Cs(C) [mg/kg]. A Freundlich isotherm with a < 1 is
  /// infinitely steep at C = 0, which stalls Newton's method there; it is
  /// evaluated as Kf ((C + eps)^a - eps^a) with eps = kFreundlichSmoothing,
  /// the same curve for C >> eps but smooth with a finite slope at 0. Below
  /// C = 0 (reached only by iterates) every isotherm continues along its
  /// tangent at 0, so Cs and its slope stay continuous.
  double sorbed(double c) const;
  /// dCs/dC [L/kg], for the Newton iteration.
  double slope(double c) const;
  /// Retardation factor R = 1 + rho_b dCs/dC / theta at C (for reports).
  double retardation(double c, double porosity) const { return 1.0 + bulk_density * slope(c) / porosity; }

  static constexpr double kFreundlichSmoothing = 1.0e-10;  ///< eps [mg/L]
};

}  // namespace aquaplume

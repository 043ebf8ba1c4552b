#pragma once
/// A particle as it travels (and migrates between ranks), and the records it
/// leaves behind: pathline vertices, positions at requested travel times, and
/// receptor arrivals. All are plain fixed-size records, sent between ranks as
/// bytes.

#include <array>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace aquaplume::tracking {

/// Why a particle stopped (or that it has not).
enum class Status : std::int8_t {
  Pending = -2,    ///< not yet released (transient runs release at their release time)
  Active = -1,     ///< moving
  MaxTime = 0,     ///< reached tracking.max_time
  Boundary = 1,    ///< left the model through a boundary face (the water table with recharge, ...)
  StrongSink = 2,  ///< entered (or was in) a cell whose sink takes all the water entering it
  WeakSink = 3,    ///< entered a weak-sink cell with weak_sinks: stop
  FixedHead = 4,   ///< entered a fixed-head cell that takes water (supplies it, backward)
  Stagnant = 5,    ///< cannot leave a cell without a sink (a stagnation point)
  SimulationEnd =
      6,          ///< transient: reached the end (forward) or start (backward) of the simulation
  Dry = 7,        ///< entered a dry cell
  StepLimit = 8,  ///< took more cell steps than allowed (a safeguard)
};

/// The name of a final status as written in the outputs ("boundary", ...).
std::string_view status_name(Status status);
inline constexpr int kStatusCount = 9;

struct Particle {
  std::int64_t id = 0;            ///< 1-based, unique within its particle set
  std::int64_t cell = 0;          ///< natural index of the cell it is in
  std::int64_t release_cell = 0;  ///< natural index of its release cell
  /// Position in the cell as fractions of dx, dy and the saturated thickness,
  /// from the west, south and bottom faces. Fractions, not coordinates, so that a
  /// particle crossing a face lands exactly on the face of the next cell.
  std::array<double, 3> local{};
  std::array<double, 3> release_xyz{};  ///< [m]
  double release_time = 0.0;            ///< simulation time of release [d]
  double time = 0.0;                    ///< simulation time now [d]
  double travel_time = 0.0;             ///< time since release [d], always >= 0
  std::uint64_t receptors_reached = 0;  ///< bit r set once receptor r has been reached
  std::int32_t group = 0;               ///< release (or protection-zone ring) it belongs to
  std::int32_t vertices = 0;            ///< pathline vertices recorded so far
  std::int32_t next_time_point = 0;     ///< first requested travel time not yet passed
  std::int32_t steps = 0;               ///< cell steps so far
  Status status = Status::Pending;
  bool entered = false;  ///< just crossed into `cell`: its sink tests are still due
};
static_assert(std::is_trivially_copyable_v<Particle>);

/// Where and when a particle ended, with its release, in internal units.
struct Endpoint {
  std::int64_t id = 0;
  std::int64_t release_cell = 0, end_cell = 0;  ///< natural indices
  std::int32_t group = 0;
  Status status = Status::Active;
  double release_time = 0.0, end_time = 0.0, travel_time = 0.0;  ///< [d]
  std::array<double, 3> release_xyz{}, end_xyz{};                ///< [m]
};
static_assert(std::is_trivially_copyable_v<Endpoint>);

/// A point of a pathline: at release, at every face crossing, at requested travel times,
/// at the ends of transient flow steps and where the particle stops.
struct PathVertex {
  std::int64_t id = 0;
  std::int64_t cell =
      0;  ///< natural index of the cell the particle is in (the one it leaves, at a face)
  std::int32_t sequence = 0;
  std::int32_t group = 0;
  double time = 0.0, travel_time = 0.0;  ///< [d]
  std::array<double, 3> xyz{};           ///< [m]
};
static_assert(std::is_trivially_copyable_v<PathVertex>);

/// The exact position of a particle when its travel time reaches a requested value.
struct TimePoint {
  std::int64_t id = 0;
  std::int64_t cell = 0;
  std::int32_t index = 0;  ///< into the requested travel times
  std::int32_t group = 0;
  std::array<double, 3> xyz{};  ///< [m]
  double head = 0.0;            ///< of the cell there [m]
};
static_assert(std::is_trivially_copyable_v<TimePoint>);

/// The first arrival of a particle at a receptor.
struct ReceptorHit {
  std::int64_t id = 0;
  std::int32_t receptor = 0;
  std::int32_t group = 0;
  double time = 0.0, travel_time = 0.0;  ///< [d]
};
static_assert(std::is_trivially_copyable_v<ReceptorHit>);

}  // namespace aquaplume::tracking

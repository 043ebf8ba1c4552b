#pragma once
/// OpenMP loops of the transport code (one row or one connection per
/// iteration, each writing its own result, so the thread count never changes
/// a value) run threaded only above this many iterations: waking the threads
/// costs tens of microseconds, more than a loop over a small model takes.
/// AQUAPLUME_THREADED_LOOP overrides the threshold (tests set it low to run
/// the threaded paths on small models).

#include <cstddef>
#include <cstdlib>

namespace aquaplume {

inline std::ptrdiff_t threaded_loop() {
  static const std::ptrdiff_t threshold = [] {
    const char* text = std::getenv("AQUAPLUME_THREADED_LOOP");
    return text ? static_cast<std::ptrdiff_t>(std::atol(text)) : std::ptrdiff_t{20000};
  }();
  return threshold;
}

}  // namespace aquaplume

#pragma once
/// OpenMP loops of the transport code (one row or one connection per
/// iteration, each writing its own result, so the thread count never changes
/// a value) run threaded only above this many iterations: waking the threads
/// costs tens of microseconds, more than a loop over a small model takes.

#include <cstddef>

namespace aquaplume {

inline constexpr std::ptrdiff_t kThreadedLoop = 20000;

}  // namespace aquaplume

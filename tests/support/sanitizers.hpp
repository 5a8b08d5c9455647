#pragma once
// Whether this test binary was built with AddressSanitizer, for the few tests whose
// expectations differ under it: its own signal handler, and its several-fold slowdown on
// bounds that are about time.
#if defined(__SANITIZE_ADDRESS__)
#define PLOTCLUSTER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PLOTCLUSTER_ASAN 1
#endif
#endif

namespace plotcluster {

#ifdef PLOTCLUSTER_ASAN
inline constexpr bool kUnderSanitizers = true;
#else
inline constexpr bool kUnderSanitizers = false;
#endif

// How much longer a bound on wall time is allowed to be under the sanitizers: their
// instrumented loops run several times slower, and more so on a loaded 2-core CI machine.
inline constexpr double kSanitizerTimeFactor = kUnderSanitizers ? 6.0 : 1.0;

}  // namespace plotcluster

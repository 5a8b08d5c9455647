// libFuzzer target: axis ticks for any pair of doubles. The input is lo and hi (8 bytes
// each, little-endian IEEE 754, as the machine stores them), then up to two bytes for
// the number of bins and the integer flag. Invariants, checked with abort():
//   - lo, hi not finite or not lo < hi: std::invalid_argument, nothing else;
//   - otherwise 2..max(bins + 1, 6) ticks, finite, strictly increasing, inside [lo, hi]
//     (plus 1e-10 of the width), each a distinct, short, non-empty label;
//   - interval::fraction maps lo to 0, hi to 1 and the ticks into [0, 1] in order;
//   - in bounded time (libFuzzer's -timeout catches a hang).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "plotcluster/figure/interval.hpp"
#include "plotcluster/figure/ticks.hpp"

namespace {

[[noreturn]] void fail(const char* what, double lo, double hi) {
    std::fprintf(stderr, "fuzz_ticks: %s for [%.17g, %.17g]\n", what, lo, hi);
    std::abort();
}

void check(bool ok, const char* what, double lo, double hi) {
    if (!ok) fail(what, lo, hi);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 16) return 0;
    double lo = 0, hi = 0;
    std::memcpy(&lo, data, 8);
    std::memcpy(&hi, data + 8, 8);
    auto byte = [&](std::size_t i) { return i < size ? data[i] : std::uint8_t{0}; };
    const int bins = 1 + byte(16) % 9;
    const bool integer = (byte(17) & 1) != 0;

    std::vector<double> ticks;
    try {
        ticks = plotcluster::nice_ticks(lo, hi, bins, integer);
    } catch (const std::invalid_argument&) {
        check(!(std::isfinite(lo) && std::isfinite(hi) && lo < hi), "rejected a good range", lo, hi);
        return 0;
    }
    check(std::isfinite(lo) && std::isfinite(hi) && lo < hi, "accepted a bad range", lo, hi);
    check(ticks.size() >= 2 && ticks.size() <= static_cast<std::size_t>(std::max(bins + 1, 6)), "tick count",
          lo, hi);
    const double tol = 2e-10 * (hi / 2 - lo / 2);  // 1e-10 of the width, which may overflow
    for (std::size_t i = 0; i < ticks.size(); ++i) {
        check(std::isfinite(ticks[i]), "non-finite tick", lo, hi);
        check(ticks[i] >= lo - tol && ticks[i] <= hi + tol, "tick outside the range", lo, hi);
        check(i == 0 || ticks[i] > ticks[i - 1], "ticks not strictly increasing", lo, hi);
    }

    const plotcluster::TickLabels labels = plotcluster::format_ticks(ticks, lo, hi);
    check(labels.labels.size() == ticks.size(), "label count", lo, hi);
    check(labels.exponent >= -324 && labels.exponent <= 308, "exponent", lo, hi);
    std::set<std::string> distinct;
    for (const std::string& label : labels.labels) {
        // 17 significant digits, a sign (3 bytes of U+2212), a point and a few zeros.
        check(!label.empty() && label.size() <= 32, "label length", lo, hi);
        distinct.insert(label);
    }
    check(distinct.size() == ticks.size(), "two ticks share a label", lo, hi);

    check(plotcluster::interval::fraction(lo, lo, hi) == 0, "fraction(lo) != 0", lo, hi);
    check(plotcluster::interval::fraction(hi, lo, hi) == 1, "fraction(hi) != 1", lo, hi);
    double previous = -1;
    for (double t : ticks) {
        const double f = plotcluster::interval::fraction(t, lo, hi);
        check(f >= -1e-9 && f <= 1 + 1e-9, "tick maps outside [0, 1]", lo, hi);
        check(f >= previous, "fraction not monotone over the ticks", lo, hi);
        previous = f;
    }
    return 0;
}

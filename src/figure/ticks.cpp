#include "plotcluster/figure/ticks.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace plotcluster {
namespace {

// ---- Locator: matplotlib's MaxNLocator with steps [1, 2, 2.5, 5, 10] ----

// The candidate steps, as matplotlib's _staircase of [1, 2, 2.5, 5, 10]: 0.1 to 20 times
// the power of ten under (width / bins), here as integer mantissas times 10^(e - 2), so a
// tick n * mantissa * 10^(e - 2) is an exact integer scaled once: a clean decimal.
constexpr std::array<double, 10> kStepMantissas = {10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000};
// The staircase of MaxNLocator's default steps [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] (what
// contour levels use), in the same units.
constexpr std::array<double, 20> kLevelMantissas = {10,  15,  20,  25,  30,  40,  50,
                                                    60,  80,  100, 150, 200, 250, 300,
                                                    400, 500, 600, 800, 1000, 1500};
// n * mantissa must be an exact integer; beyond this the range is too narrow for its
// magnitude to hold evenly spaced ticks and gets its two ends.
constexpr double kExactInteger = 0x1p53;
// Below this width a double keeps too few digits to place ticks (subnormal steps), so
// narrower ranges are searched scaled (see nice_ticks).
constexpr double kNarrowestSearched = 1e-280;

constexpr const char* kMinus = "\xE2\x88\x92";  // U+2212 MINUS SIGN, as matplotlib uses

// 10^e, exact for 0 <= e <= 22 (those powers are representable doubles).
double pow10(int e) {
    static constexpr std::array<double, 23> exact = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (e >= 0 && e < static_cast<int>(exact.size())) return exact[static_cast<std::size_t>(e)];
    return std::pow(10.0, e);
}

// m * 10^e. Dividing by an exact 10^-e (rather than multiplying by the inexact 10^e) rounds
// once, to the double nearest the decimal value, so 3 * 10^-1 is 0.3 and prints as such.
double scale10(double m, int e) {
    if (e > 308) return m * pow10(300) * pow10(e - 300);  // 10^e alone would overflow
    if (e >= 0) return m * pow10(e);
    if (e >= -308) return m / pow10(-e);
    return m / pow10(300) / pow10(-e - 300);  // likewise 10^-e
}

// Decimal exponents of doubles lie in [-324, 308]; the clamp keeps the estimate (and the
// loops after it) bounded for any x, and x <= 0 or NaN, which no caller passes, gets -325.
constexpr int kLowestExponent = -325;
constexpr int kHighestExponent = 309;

double clamped_log10(double x) {
    if (!(x > 0)) return kLowestExponent;
    return std::clamp(std::log10(x), static_cast<double>(kLowestExponent), static_cast<double>(kHighestExponent));
}

// Smallest z with 10^z >= x (x > 0), robust to log10 rounding next to powers of ten.
int ceil_log10(double x) {
    int z = static_cast<int>(std::ceil(clamped_log10(x)));
    while (z < kHighestExponent && pow10(z) < x) ++z;
    while (z > kLowestExponent && pow10(z - 1) >= x) --z;
    return z;
}

// Largest e with 10^e <= x (x > 0).
int floor_log10(double x) {
    int e = static_cast<int>(std::floor(clamped_log10(x)));
    while (e > kLowestExponent && pow10(e) > x) --e;
    while (e < kHighestExponent && pow10(e + 1) <= x) ++e;
    return e;
}


struct Step {
    double mantissa = 0;  // an integer
    int exp = 0;
    double value = 0;  // mantissa * 10^exp
};

// The multiples of `s` inside [lo, hi] widened by tol; empty when they are too fine to be
// exact (see kExactInteger). At most a few more than (hi - lo) / s.value + 1.
std::vector<double> multiples(const Step& s, double lo, double hi, double tol) {
    const double first = std::ceil(lo / s.value) - 1, last = std::floor(hi / s.value) + 1;
    if (!std::isfinite(first) || !std::isfinite(last) ||
        std::max(std::abs(first), std::abs(last)) * s.mantissa > kExactInteger ||
        last - first > 1000) {
        return {};
    }
    // The range widened by tol, kept finite next to ±DBL_MAX.
    constexpr double biggest = std::numeric_limits<double>::max();
    const double lo_tol = std::max(lo - tol, -biggest), hi_tol = std::min(hi + tol, biggest);
    std::vector<double> ticks;
    ticks.reserve(static_cast<std::size_t>(last - first) + 1);
    const auto count = static_cast<std::int64_t>(last - first);
    for (std::int64_t i = 0; i <= count; ++i) {
        const double n = first + static_cast<double>(i);  // exact: |n| < 2^53
        const double t = scale10(n * s.mantissa, s.exp);
        // n == 0 gives +0, never -0.
        if (t >= lo_tol && t <= hi_tol) ticks.push_back(n == 0 ? 0.0 : t);
    }
    return ticks;
}

// MaxNLocator._raw_ticks, restricted to the ticks inside the range. Empty: too fine.
std::vector<double> max_n_ticks(double lo, double hi, int bins, bool integer,
                                std::span<const double> mantissas) {
    const double width = hi - lo;
    const double tol = 1e-10 * width;
    const double raw_step = width / bins;
    const int e = floor_log10(raw_step);
    std::vector<Step> steps;
    steps.reserve(mantissas.size());
    for (const double m : mantissas) {
        const Step s{m, e - 2, scale10(m, e - 2)};
        // Integer ticks keep the whole steps, and those under 1 for a range without two
        // integers in it.
        if (integer && !(s.value < 1 || std::abs(s.value - std::round(s.value)) < 1e-3)) continue;
        steps.push_back(s);
    }
    // The smallest step at least raw_step; 10 and 20 times 10^e always are.
    std::size_t first_large = 0;
    while (first_large + 1 < steps.size() && steps[first_large].value < raw_step) ++first_large;
    const bool integers_inside = integer && std::floor(hi) - std::ceil(lo) >= 1;
    std::vector<double> ticks;
    for (std::size_t i = first_large + 1; i-- > 0;) {
        Step s = steps[i];
        if (integers_inside && s.value < 1) s = {1, 0, 1};
        ticks = multiples(s, lo, hi, tol);
        // Steps of 1 stand in for the steps under 1 that integers skip; where the larger
        // whole steps were all too fine to be exact (a range narrow for its magnitude, as
        // 9.5 wide near 3e15), they would be too many: the caller falls back to the ends.
        if (ticks.size() > static_cast<std::size_t>(std::max(bins + 1, 6))) return {};
        if (ticks.size() >= 2) return ticks;
    }
    return {};
}

// ---- Labels ----

// |v| rounded to precision + 1 significant digits, as its digits and decimal exponent.
// std::to_chars rounds correctly and ignores the locale.
struct Decimal {
    std::string digits;
    int exp = 0;
};

Decimal scientific(double v, int precision) {
    std::array<char, 256> buf{};  // precision stays below ~60: decimals <= 40, see callers
    const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), std::abs(v),
                                   std::chars_format::scientific, precision);
    const std::string_view text(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
    const std::size_t e = text.find('e');
    Decimal out;
    for (char c : text.substr(0, e))
        if (c != '.') out.digits += c;
    std::from_chars(text.data() + e + (text[e + 1] == '+' ? 2 : 1), text.data() + text.size(),
                    out.exp);
    return out;
}

// t / 10^e with `decimals` decimals, rounded once from t's own digits: dividing by 10^e
// first would round twice and can merge two ticks that are one ulp apart.
std::string scaled_fixed(double t, int e, int decimals) {
    const int pos = e - decimals;  // power of ten of the last digit shown
    std::string digits = "0";      // round(|t| / 10^pos)
    if (t != 0) {
        const Decimal full = scientific(t, 17);
        const int precision = full.exp - pos;
        if (precision >= 0) {
            const Decimal rounded = scientific(t, precision);
            // Rounding up to the next power of ten (9.96 -> 10.0) costs a digit: put it back.
            const int lost = std::max(0, rounded.exp - full.exp);
            digits = rounded.digits + std::string(static_cast<std::size_t>(lost), '0');
        } else if (precision == -1 && full.digits[0] >= '5') {
            digits = "1";
        }
    }
    const auto n = static_cast<std::size_t>(decimals);
    if (digits.size() <= n) digits.insert(0, n + 1 - digits.size(), '0');
    std::string out = t < 0 ? "-" : "";
    out += digits.substr(0, digits.size() - n);
    if (n > 0) out += "." + digits.substr(digits.size() - n);
    return out;
}

// "-0.00" becomes "0.00" (never a negative zero on an axis); '-' becomes U+2212.
std::string with_unicode_minus(std::string s) {
    if (s.empty() || s[0] != '-') return s;
    if (s.find_first_not_of("-0.") == std::string::npos) return s.substr(1);
    return kMinus + s.substr(1);
}

// True when only equal ticks share a label (a caller may pass a tick twice).
bool tell_apart(const std::vector<std::string>& labels, const std::vector<double>& ticks) {
    std::vector<std::pair<std::string_view, double>> pairs;
    for (std::size_t i = 0; i < labels.size(); ++i) pairs.emplace_back(labels[i], ticks[i]);
    std::sort(pairs.begin(), pairs.end());
    for (std::size_t i = 1; i < pairs.size(); ++i)
        if (pairs[i].first == pairs[i - 1].first && pairs[i].second != pairs[i - 1].second)
            return false;
    return true;
}

// ---- Formatter: matplotlib's ScalarFormatter ----

// floor(x / 10^oom) for x >= 0, with x scaled once (matplotlib's x // 10**oom).
double floor_div10(double x, int oom) { return std::floor(scale10(x, -oom)); }

// ScalarFormatter._compute_offset: the leading digits that every tick shares, when all
// have one sign and the offset saves at least offset_threshold (4) digits.
double offset_of(const std::vector<double>& visible) {
    if (visible.empty()) return 0;
    const auto [lmin_it, lmax_it] = std::minmax_element(visible.begin(), visible.end());
    const double lmin = *lmin_it, lmax = *lmax_it;
    if (lmin == lmax || (lmin <= 0 && lmax >= 0)) return 0;
    const double abs_min = std::min(std::abs(lmin), std::abs(lmax));
    const double abs_max = std::max(std::abs(lmin), std::abs(lmax));
    const double sign = lmin < 0 ? -1 : 1;
    const int oom_max = ceil_log10(abs_max);
    // The smallest power of ten to which both ends agree. Two different doubles differ
    // within 17 digits, so the loops end long before kLowestExponent.
    int oom = oom_max;
    while (oom > kLowestExponent && floor_div10(abs_min, oom) == floor_div10(abs_max, oom)) --oom;
    ++oom;
    if (scale10(abs_max - abs_min, -oom) <= 1e-2) {
        // The range straddles a multiple of a large power of ten: the smallest power at
        // which the ends are no more than 1 apart.
        oom = oom_max;
        while (oom > kLowestExponent && floor_div10(abs_max, oom) - floor_div10(abs_min, oom) <= 1) --oom;
        ++oom;
    }
    const double leading = floor_div10(abs_max, oom);
    // Scaled by dividing (scale10), so 10^11 * 10^-11 is exactly 1, where matplotlib's
    // float arithmetic gets 0.9999999999999999 and prints "10e-1".
    const double offset = sign * scale10(leading, oom);
    return leading >= 1000 && std::isfinite(offset) ? offset : 0;
}

// ScalarFormatter._set_order_of_magnitude with powerlimits (-5, 6).
int order_of_magnitude(const std::vector<double>& visible, double lo, double hi, double offset) {
    if (visible.empty()) return 0;
    int oom = 0;
    if (offset != 0) {
        oom = floor_log10(hi - lo);  // finite: an offset means a range narrow for its values
    } else {
        double biggest = 0;
        for (const double t : visible) biggest = std::max(biggest, std::abs(t));
        if (biggest > 0) oom = floor_log10(biggest);
    }
    return oom <= -5 || oom >= 6 ? oom : 0;
}

// ScalarFormatter._set_format: the fewest decimals that show every value / 10^exponent to
// 1e-3 of their range's order of magnitude.
int decimals_needed(const std::vector<double>& values, int exponent) {
    std::vector<double> scaled;
    scaled.reserve(values.size());
    for (const double v : values) scaled.push_back(scale10(v, -exponent));
    const auto [lo, hi] = std::minmax_element(scaled.begin(), scaled.end());
    double range = *hi - *lo;
    if (!(range > 0) || !std::isfinite(range)) {
        range = 0;
        for (const double v : scaled) range = std::max(range, std::abs(v));
    }
    if (!(range > 0) || !std::isfinite(range)) range = 1;
    const int range_oom = floor_log10(range);
    const double thresh = 1e-3 * scale10(1, range_oom);
    int decimals = std::clamp(3 - range_oom, 0, 40);
    auto fits = [&](int d) {
        const double p = pow10(d);
        for (const double v : scaled) {
            if (!(std::abs(v - std::nearbyint(v * p) / p) < thresh)) return false;
        }
        return true;
    };
    while (decimals >= 0 && fits(decimals)) --decimals;
    return decimals + 1;
}

// ScalarFormatter.format_data: up to 10 decimals of the mantissa, no trailing zeros,
// "e" and the exponent unless it is 0 ("1.7e9", "1", "1.2345e4").
std::string plain_scientific(double v) {
    const Decimal d = scientific(v, 10);
    std::string digits = d.digits;
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
    std::string out = v < 0 ? kMinus : "";
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    if (d.exp != 0) out += "e" + (d.exp < 0 ? kMinus + std::to_string(-d.exp) : std::to_string(d.exp));
    return out;
}

// ScalarFormatter.get_offset without math text: "1e9", "+1.7e9", "1e−12+1".
std::string offset_text(int exponent, double offset) {
    std::string out;
    if (exponent != 0) out += "1e" + (exponent < 0 ? kMinus + std::to_string(-exponent) : std::to_string(exponent));
    if (offset != 0) out += (offset > 0 ? "+" : "") + plain_scientific(offset);
    return out;
}

}  // namespace

namespace {

std::vector<double> located(double lo, double hi, int max_bins, bool integer,
                            std::span<const double> mantissas) {
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi))
        throw std::invalid_argument("nice_ticks: need finite lo < hi");
    if (max_bins < 1) throw std::invalid_argument("nice_ticks: need max_bins >= 1");
    const double width = hi - lo;
    if (std::isfinite(width) && width >= kNarrowestSearched) {
        std::vector<double> ticks = max_n_ticks(lo, hi, max_bins, integer, mantissas);
        if (ticks.size() < 2) return {lo, hi};
        return ticks;
    }
    // Subnormal widths and widths that overflow (e.g. [-1e308, 1e308]): search the range
    // scaled by 10^-shift, which brings its width to [1, 100), then scale the ticks back.
    // (No integer can matter here: such a width holds none or is a multiple of 10^308.)
    const int shift = std::isfinite(width) ? floor_log10(width) : floor_log10(hi / 2 - lo / 2);
    const double a = scale10(lo, -shift), b = scale10(hi, -shift);
    if (!(a < b) || !std::isfinite(b - a)) return {lo, hi};
    const std::vector<double> scaled = max_n_ticks(a, b, max_bins, false, mantissas);
    // Scaled back, a tick may round a hair past an end, or onto its neighbour where the
    // range is only a few subnormal steps wide: clamp, and keep each value once.
    std::vector<double> ticks;
    ticks.reserve(scaled.size());
    for (double t : scaled) {
        t = std::clamp(scale10(t, shift), lo, hi);
        if (ticks.empty() || t > ticks.back()) ticks.push_back(t);
    }
    if (ticks.size() < 2) return {lo, hi};
    return ticks;
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int max_bins, bool integer) {
    return located(lo, hi, max_bins, integer, kStepMantissas);
}

std::vector<double> nice_levels(double lo, double hi, int max_bins) {
    return located(lo, hi, max_bins, false, kLevelMantissas);
}

TickLabels format_ticks(const std::vector<double>& ticks) {
    if (ticks.empty()) return {};
    const auto [lo, hi] = std::minmax_element(ticks.begin(), ticks.end());
    return format_ticks(ticks, *lo, *hi);
}

TickLabels format_ticks(const std::vector<double>& ticks, double lo, double hi) {
    TickLabels out;
    if (ticks.empty()) return out;
    if (lo > hi) std::swap(lo, hi);
    // Ticks a hair outside the view (see nice_ticks) count as inside.
    const double tol = 2e-10 * (hi / 2 - lo / 2);
    std::vector<double> visible;
    for (double t : ticks) {
        if (t >= lo - tol && t <= hi + tol) visible.push_back(t);
    }
    out.offset = offset_of(visible);
    out.exponent = order_of_magnitude(visible, lo, hi, out.offset);

    std::vector<double> shifted;  // exact: an offset shares the ticks' leading digits
    shifted.reserve(ticks.size());
    for (double t : ticks) shifted.push_back(t - out.offset);
    std::vector<double> for_range = shifted;
    if (ticks.size() < 2) {  // as matplotlib: the view's ends give the range a lone tick lacks
        for_range.push_back(lo - out.offset);
        for_range.push_back(hi - out.offset);
    }
    // The labels of different ticks must differ: add decimals until they do. 17
    // significant digits pin down any double, so real tick lists stop far earlier.
    constexpr int kMaxDecimals = 40;
    for (int decimals = decimals_needed(for_range, out.exponent); decimals <= kMaxDecimals; ++decimals) {
        out.labels.clear();
        for (double t : shifted) out.labels.push_back(with_unicode_minus(scaled_fixed(t, out.exponent, decimals)));
        if (tell_apart(out.labels, ticks)) break;
    }
    out.offset_text = offset_text(out.exponent, out.offset);
    return out;
}

bool integer_valued(std::span<const double> values) {
    bool any = false;
    for (const double v : values) {
        if (!std::isfinite(v)) continue;
        if (v != std::floor(v)) return false;
        any = true;
    }
    return any;
}

std::string format_number(double value, int significant) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : std::string(kMinus) + "inf";
    if (value == 0) return "0";  // also -0
    significant = std::clamp(significant, 1, 17);

    // Round once, in scientific form, then place the decimal point ourselves.
    const Decimal rounded = scientific(value, significant - 1);
    std::string digits = rounded.digits;
    const int exp = rounded.exp;
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();

    std::string out = value < 0 ? kMinus : "";
    if (exp >= 6 || exp < -4) {  // 1.5e5 style: no '+', no leading exponent zeros
        out += digits.substr(0, 1);
        if (digits.size() > 1) out += "." + digits.substr(1);
        out += "e" + (exp < 0 ? kMinus + std::to_string(-exp) : std::to_string(exp));
    } else if (exp >= 0) {
        const auto int_digits = static_cast<std::size_t>(exp) + 1;
        if (digits.size() <= int_digits) {
            out += digits + std::string(int_digits - digits.size(), '0');
        } else {
            out += digits.substr(0, int_digits) + "." + digits.substr(int_digits);
        }
    } else {
        out += "0." + std::string(static_cast<std::size_t>(-exp - 1), '0') + digits;
    }
    return out;
}

}  // namespace plotcluster

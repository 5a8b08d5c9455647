#include "plotcluster/figure/ticks.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace plotcluster {
namespace {

// ---- Wilkinson's extended algorithm (Talbot, Lin, Hanrahan 2010) ----
// A labelling is k ticks at (n0 + i*j) * q * 10^z: q from the preference-ordered list Q,
// every j-th multiple of the unit q*10^z. Scores and pruning bounds follow the paper.

constexpr std::array<double, 6> kQ = {1, 5, 2, 2.5, 4, 3};  // earlier = simpler
constexpr double kWeightSimplicity = 0.25;
constexpr double kWeightCoverage = 0.2;
constexpr double kWeightDensity = 0.5;
constexpr double kWeightLegibility = 0.05;  // legibility is not modelled: always 1
// Only reached when no labelling fits at all; the bound on j normally stops far earlier.
constexpr int kMaxSkip = 50;
// A tick is n * unit rounded to a double, off by up to |n| * 2^-53 units. Capping |n| at
// 2^42 keeps that below 1/2048 of a unit (invisible on any axis) and n * q exact; a range
// that needs finer ticks for its magnitude gets only its two ends.
constexpr double kMaxTickInteger = 0x1p42;
// The search divides the width by up to (max_count + 1) * kMaxSkip * 5 and takes 1e-10 of
// it as tolerance; below this width those reach subnormals, where a double keeps too few
// digits to place ticks, so narrower ranges are searched scaled (see nice_ticks).
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

double simplicity_max(std::size_t qi, int j) {
    return 2.0 - static_cast<double>(qi) / (kQ.size() - 1) - j;
}

double simplicity(std::size_t qi, int j, bool has_zero) {
    return simplicity_max(qi, j) - (has_zero ? 0.0 : 1.0);
}

// Divides by 0.1 * range before squaring so 1e300-scale data cannot overflow.
double coverage(double dmin, double dmax, double lmin, double lmax) {
    const double r = 0.1 * (dmax - dmin);
    const double a = (dmax - lmax) / r;
    const double b = (dmin - lmin) / r;
    return 1.0 - 0.5 * (a * a + b * b);
}

// The paper's r / rt with r = (k-1) / (lmax-lmin), rt = (m-1) / extent, regrouped so
// that tiny (subnormal) ranges cannot overflow.
double density(int k, int m, double dmin, double dmax, double lmin, double lmax) {
    const double extent = std::max(lmax, dmax) - std::min(dmin, lmin);
    const double ratio = (k - 1) / static_cast<double>(m - 1) * (extent / (lmax - lmin));
    return 2.0 - std::max(ratio, 1.0 / ratio);
}

double density_max(int k, int m) {
    return k >= m ? 2.0 - static_cast<double>(k - 1) / (m - 1) : 1.0;
}

struct Labelling {
    double score = -std::numeric_limits<double>::infinity();
    std::int64_t n0 = 0;
    int j = 0, k = 0, z = 0;
    double q = 0;
};

// The paper's search, restricted to labellings that lie inside [lo, hi] (plus `tol`).
// Its upper bounds stay valid for the subset, so the pruning is unchanged; the coverage
// bound is always 1 here and is replaced by "span must fit in the range".
Labelling search(double lo, double hi, int m, int min_count, int max_count) {
    const double range = hi - lo;
    const double tol = 1e-10 * range;
    // The range widened by tol, kept finite next to ±DBL_MAX.
    constexpr double biggest = std::numeric_limits<double>::max();
    const double lo_tol = std::max(lo - tol, -biggest), hi_tol = std::min(hi + tol, biggest);
    const double w_rest = kWeightCoverage + kWeightLegibility;
    Labelling best;
    for (int j = 1; j <= kMaxSkip; ++j) {
        for (std::size_t qi = 0; qi < kQ.size(); ++qi) {
            const double q = kQ[qi];
            const double sm = simplicity_max(qi, j);
            // sm only falls with later q and larger j: nothing after this can win.
            if (kWeightSimplicity * sm + kWeightDensity + w_rest < best.score) return best;
            for (int k = min_count; k <= max_count; ++k) {
                const double dm = density_max(k, m);
                if (kWeightSimplicity * sm + kWeightDensity * dm + w_rest < best.score) break;
                for (int z = ceil_log10(range / (k + 1) / j / q); z <= kHighestExponent; ++z) {
                    const double unit = scale10(q, z);
                    // Too wide to fit inside, and a larger z is wider still. (Next to
                    // DBL_MAX both sides can be inf: an infinite unit fits nothing.)
                    if (!std::isfinite(unit) || unit * j * (k - 1) > range + 2 * tol) break;
                    // One extra start each side because `unit` is rounded; each is checked.
                    const double first = std::ceil(lo_tol / unit) - 1;
                    const double last = std::floor(hi_tol / unit) + 1;
                    if (std::abs(first) > kMaxTickInteger || std::abs(last) > kMaxTickInteger)
                        continue;  // too fine for this magnitude: see kMaxTickInteger
                    const auto span = static_cast<std::int64_t>(j) * (k - 1);
                    for (auto n0 = static_cast<std::int64_t>(first);
                         n0 + span <= static_cast<std::int64_t>(last); ++n0) {
                        const double lmin = scale10(static_cast<double>(n0) * q, z);
                        const double lmax = scale10(static_cast<double>(n0 + span) * q, z);
                        if (lmin < lo_tol || lmax > hi_tol) continue;
                        const bool has_zero = n0 <= 0 && n0 + span >= 0 && n0 % j == 0;
                        const double score = kWeightSimplicity * simplicity(qi, j, has_zero) +
                                             kWeightCoverage * coverage(lo, hi, lmin, lmax) +
                                             kWeightDensity * density(k, m, lo, hi, lmin, lmax) +
                                             kWeightLegibility;
                        // Strict '>' keeps the first (simplest) of equal scores: deterministic.
                        if (score > best.score) best = {score, n0, j, k, z, q};
                    }
                }
            }
        }
    }
    return best;
}

// The ticks of a labelling, times 10^shift: an integer times q times 10^(z + shift) is
// exactly 0 when the integer is 0, and a clean decimal otherwise.
std::vector<double> tick_values(const Labelling& best, int shift) {
    std::vector<double> ticks;
    ticks.reserve(static_cast<std::size_t>(best.k));
    for (int i = 0; i < best.k; ++i) {
        const std::int64_t n = best.n0 + static_cast<std::int64_t>(i) * best.j;
        ticks.push_back(scale10(static_cast<double>(n) * best.q, best.z + shift));
    }
    return ticks;
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

double parse(const std::string& s) {
    double v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
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

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int target, int min_count, int max_count) {
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi))
        throw std::invalid_argument("nice_ticks: need finite lo < hi");
    if (target < 2 || min_count < 2 || max_count < min_count)
        throw std::invalid_argument("nice_ticks: need target >= 2 and 2 <= min_count <= max_count");
    const double width = hi - lo;
    if (std::isfinite(width) && width >= kNarrowestSearched) {
        const Labelling best = search(lo, hi, target, min_count, max_count);
        // No labelling: the range is too narrow for its magnitude (e.g. [1e6, 1e6 + 1e-9]).
        if (best.k == 0) return {lo, hi};
        return tick_values(best, 0);
    }
    // Subnormal widths and widths that overflow (e.g. [-1e308, 1e308]): search the range
    // scaled by 10^-shift, which brings its width to [1, 100), then scale the ticks back.
    const int shift = std::isfinite(width) ? floor_log10(width) : floor_log10(hi / 2 - lo / 2);
    const double a = scale10(lo, -shift), b = scale10(hi, -shift);
    if (!(a < b) || !std::isfinite(b - a)) return {lo, hi};
    const Labelling best = search(a, b, target, min_count, max_count);
    if (best.k == 0) return {lo, hi};
    // Scaled back, a tick may round a hair past an end, or onto its neighbour where the
    // range is only a few subnormal steps wide: clamp, and keep each value once.
    std::vector<double> ticks;
    ticks.reserve(static_cast<std::size_t>(best.k));
    for (double t : tick_values(best, shift)) {
        t = std::clamp(t, lo, hi);
        if (ticks.empty() || t > ticks.back()) ticks.push_back(t);
    }
    if (ticks.size() < 2) return {lo, hi};
    return ticks;
}

TickLabels format_ticks(const std::vector<double>& ticks) {
    TickLabels out;
    if (ticks.empty()) return out;

    double max_abs = 0;
    for (double t : ticks) max_abs = std::max(max_abs, std::abs(t));
    if (max_abs >= 1e5 || (max_abs > 0 && max_abs < 1e-4)) out.exponent = floor_log10(max_abs);

    // The tick step sets the precision that matters: labels may be off by 1e-9 of it.
    double step = 0;
    for (std::size_t i = 1; i < ticks.size(); ++i) {
        const double d = std::abs(ticks[i] - ticks[i - 1]);
        if (d > 0 && (step == 0 || d < step)) step = d;
    }
    if (step == 0) step = max_abs > 0 ? max_abs : 1.0;

    // Fewest common decimals that show every tick exactly and tell them apart. "Exactly"
    // allows 1e-9 of the step, or a few ulps when ticks far from zero (1e9 + 0.1k) carry
    // more rounding than that. 17 significant digits pin down any double, so for real
    // tick lists the loop stops long before its limit.
    constexpr int kMaxDecimals = 40;
    for (int decimals = 0; decimals <= kMaxDecimals; ++decimals) {
        out.labels.clear();
        bool exact = true;
        for (double t : ticks) {
            const std::string label = scaled_fixed(t, out.exponent, decimals);
            const double shown = scale10(parse(label), out.exponent);
            // Compared as shown: "-0" and "0" are one label.
            out.labels.push_back(with_unicode_minus(label));
            // The last term matters only for subnormal ticks, whose relative precision is
            // gone: a label may parse back a step of the subnormal grid away (scale10
            // rounds twice there), unless the ticks are that close themselves.
            const double tolerance =
                std::max({1e-9 * step, 4 * std::numeric_limits<double>::epsilon() * std::abs(t),
                          std::min(2 * std::numeric_limits<double>::denorm_min(), step / 4)});
            exact = exact && std::abs(shown - t) <= tolerance;
        }
        if (exact && tell_apart(out.labels, ticks)) break;
    }
    return out;
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

#pragma once
// Doubles where range, tick and pixel arithmetic break if it is not careful (subnormals,
// the ends of the normal range, ±DBL_MAX), for the property tests of several modules.
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <utility>
#include <vector>

namespace plotcluster::test {

// Each of `base`, its neighbours one ulp towards 0 and towards +inf, and their negatives:
// finite, sorted, each once.
inline std::vector<double> extreme_values(std::initializer_list<double> base) {
    std::vector<double> out;
    for (double v : base) {
        for (double w : {v, std::nextafter(v, 0.0),
                         std::nextafter(v, std::numeric_limits<double>::infinity())}) {
            if (std::isfinite(w)) {
                out.push_back(w);
                out.push_back(-w);
            }
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// Every ordered pair of `v`, and each value with its neighbours `first_ulp`..4 ulps up
// (0: the empty range [v, v] too).
inline std::vector<std::pair<double, double>> extreme_ranges(const std::vector<double>& v,
                                                            int first_ulp) {
    std::vector<std::pair<double, double>> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        for (std::size_t j = i + 1; j < v.size(); ++j) out.emplace_back(v[i], v[j]);
        double up = v[i];
        for (int k = 0; k <= 4; ++k) {
            if (k >= first_ulp && std::isfinite(up)) out.emplace_back(v[i], up);
            up = std::nextafter(up, std::numeric_limits<double>::infinity());
        }
    }
    return out;
}

}  // namespace plotcluster::test

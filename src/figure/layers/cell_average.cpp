#include "figure/layers/cell_average.hpp"

#include <algorithm>
#include <cmath>

namespace plotcluster::chart {

Parts equal_parts(std::size_t n, std::size_t m) {
    Parts p;
    p.begin.reserve(m + 1);
    p.cell.reserve(n + 2 * m);
    p.length.reserve(n + 2 * m);
    const double step = static_cast<double>(n) / static_cast<double>(m);
    for (std::size_t j = 0; j < m; ++j) {
        p.begin.push_back(p.cell.size());
        const double u0 = static_cast<double>(j) * step;
        const double u1 = j + 1 == m ? static_cast<double>(n) : static_cast<double>(j + 1) * step;
        const auto first = static_cast<std::size_t>(u0);
        const std::size_t last = std::min(n, static_cast<std::size_t>(std::ceil(u1)));
        for (std::size_t i = first; i < last; ++i) {
            const double len = std::min(u1, static_cast<double>(i + 1)) - std::max(u0, static_cast<double>(i));
            if (len <= 0) continue;
            p.cell.push_back(i);
            p.length.push_back(len / step);
        }
    }
    p.begin.push_back(p.cell.size());
    return p;
}

Parts pixel_parts(const std::vector<double>& edges_px, long first, long count, bool nearest) {
    Parts p;
    if (edges_px.size() < 2 || count <= 0) return p;
    const bool ascending = edges_px.back() >= edges_px.front();
    std::vector<double> up(edges_px);
    if (!ascending) std::reverse(up.begin(), up.end());
    const std::size_t cells = up.size() - 1;
    const auto cell_of = [&](std::size_t k) { return ascending ? k : cells - 1 - k; };
    const auto n = static_cast<std::size_t>(count);
    p.begin.reserve(n + 1);
    p.cell.reserve(n + cells);
    p.length.reserve(n + cells);
    for (long k = first; k < first + count; ++k) {
        p.begin.push_back(p.cell.size());
        const double lo = static_cast<double>(k), hi = lo + 1;
        if (nearest) {
            // The cell whose edges hold the centre: an edge at 12.4 puts pixel 12 after it.
            const auto it = std::upper_bound(up.begin(), up.end(), lo + 0.5);
            const std::size_t c = it == up.begin() ? 0 : static_cast<std::size_t>(it - up.begin()) - 1;
            p.cell.push_back(cell_of(std::min(c, cells - 1)));
            p.length.push_back(1);
            continue;
        }
        const auto from = std::upper_bound(up.begin(), up.end(), lo);
        std::size_t c = from == up.begin() ? 0 : static_cast<std::size_t>(from - up.begin()) - 1;
        for (; c < cells && up[c] < hi; ++c) {
            const double len = std::min(hi, up[c + 1]) - std::max(lo, up[c]);
            if (len <= 0) continue;
            p.cell.push_back(cell_of(c));
            p.length.push_back(len);
        }
    }
    p.begin.push_back(p.cell.size());
    return p;
}

std::vector<double> average_cells(const std::vector<double>& values, std::size_t cols, const Parts& py,
                                  const Parts& px, bool log) {
    const std::size_t m_rows = py.size(), m_cols = px.size();
    std::vector<double> out(m_rows * m_cols);
    std::vector<double> sum(m_cols), good(m_cols), covered(m_cols);  // one input row along x
    std::vector<double> out_sum(m_cols), out_good(m_cols), out_covered(m_cols);
    std::size_t reduced_row = static_cast<std::size_t>(-1);  // a row under two parts is reduced once
    for (std::size_t j = 0; j < m_rows; ++j) {
        std::fill(out_sum.begin(), out_sum.end(), 0.0);
        std::fill(out_good.begin(), out_good.end(), 0.0);
        std::fill(out_covered.begin(), out_covered.end(), 0.0);
        for (std::size_t t = py.begin[j]; t < py.begin[j + 1]; ++t) {
            const std::size_t r = py.cell[t];
            if (r != reduced_row) {
                const double* row = values.data() + r * cols;
                for (std::size_t k = 0; k < m_cols; ++k) {
                    double s = 0, g = 0, all = 0;
                    for (std::size_t u = px.begin[k]; u < px.begin[k + 1]; ++u) {
                        const double v = row[px.cell[u]];
                        all += px.length[u];
                        if (!std::isfinite(v) || (log && !(v > 0))) continue;
                        s += px.length[u] * (log ? std::log10(v) : v);
                        g += px.length[u];
                    }
                    sum[k] = s;
                    good[k] = g;
                    covered[k] = all;
                }
                reduced_row = r;
            }
            const double w = py.length[t];
            for (std::size_t k = 0; k < m_cols; ++k) {
                out_sum[k] += w * sum[k];
                out_good[k] += w * good[k];
                out_covered[k] += w * covered[k];
            }
        }
        double* dst = out.data() + j * m_cols;
        for (std::size_t k = 0; k < m_cols; ++k) {
            if (!(out_good[k] > 0) || out_good[k] * 2 < out_covered[k]) {
                dst[k] = std::nan("");
                continue;
            }
            const double mean = out_sum[k] / out_good[k];
            dst[k] = log ? std::pow(10.0, mean) : mean;
        }
    }
    return out;
}

}  // namespace plotcluster::chart

#include "area_resample.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace plotcluster::detail {
namespace {

// Per output pixel along one axis, the source cells under it and their weights (summing
// to 1): about n + 2m entries for n cells onto m pixels.
struct Taps {
    std::vector<int> begin;  // into cell/weight; begin[m] is the end
    std::vector<int> cell;
    std::vector<float> weight;
};

Taps axis_taps(int cells, double dest0, double extent, int pixel0, int pixels) {
    Taps t;
    const double scale = cells / extent;  // cells per pixel
    const auto per_pixel = static_cast<std::size_t>(std::ceil(std::min(scale, static_cast<double>(cells)))) + 2;
    t.begin.reserve(static_cast<std::size_t>(pixels) + 1);
    t.cell.reserve(per_pixel * static_cast<std::size_t>(pixels));
    t.weight.reserve(t.cell.capacity());
    for (int j = 0; j < pixels; ++j) {
        t.begin.push_back(static_cast<int>(t.cell.size()));
        const double p = static_cast<double>(pixel0) + j;
        const double u0 = std::clamp((std::max(p, dest0) - dest0) * scale, 0.0, static_cast<double>(cells));
        const double u1 = std::clamp((std::min(p + 1, dest0 + extent) - dest0) * scale, 0.0, static_cast<double>(cells));
        const double len = u1 - u0;
        const int i0 = std::min(cells - 1, static_cast<int>(std::floor(u0)));
        if (!(len > 0)) {  // a sliver of dest too thin to measure: the cell under it
            t.cell.push_back(i0);
            t.weight.push_back(1);
            continue;
        }
        const int i1 = std::clamp(static_cast<int>(std::ceil(u1)) - 1, i0, cells - 1);
        for (int i = i0; i <= i1; ++i) {
            const double w = (std::min(u1, static_cast<double>(i) + 1) - std::max(u0, static_cast<double>(i))) / len;
            t.cell.push_back(i);
            t.weight.push_back(static_cast<float>(w));
        }
    }
    t.begin.push_back(static_cast<int>(t.cell.size()));
    return t;
}

// One source row reduced along x: three floats per output pixel.
void reduce_row(const std::uint8_t* row, const Taps& tx, float* out) {
    const std::size_t pixels = tx.begin.size() - 1;
    for (std::size_t k = 0; k < pixels; ++k) {
        float r = 0, g = 0, b = 0;
        for (int t = tx.begin[k]; t < tx.begin[k + 1]; ++t) {
            const float w = tx.weight[static_cast<std::size_t>(t)];
            const std::uint8_t* p = row + std::size_t{3} * static_cast<std::size_t>(tx.cell[static_cast<std::size_t>(t)]);
            r += w * p[0];
            g += w * p[1];
            b += w * p[2];
        }
        out[3 * k] = r;
        out[3 * k + 1] = g;
        out[3 * k + 2] = b;
    }
}

std::uint32_t channel(float v) { return static_cast<std::uint32_t>(std::lround(std::clamp(v, 0.0f, 255.0f))); }

}  // namespace

void area_resample(const RgbImage& img, const Rect& dest, int x0, int y0, const PixelBuffer& out) {
    const Taps tx = axis_taps(img.width, dest.x, dest.w, x0, out.width);
    const Taps ty = axis_taps(img.height, dest.y, dest.h, y0, out.height);
    const auto floats = std::size_t{3} * static_cast<std::size_t>(out.width);
    std::vector<float> reduced(floats), sum(floats);
    // Rows are visited in order and a row shared by two output rows comes last in one and
    // first in the next, so one reduced row is kept and each source row is reduced once.
    int reduced_row = -1;
    const auto row_bytes = std::size_t{3} * static_cast<std::size_t>(img.width);
    for (int j = 0; j < out.height; ++j) {
        std::fill(sum.begin(), sum.end(), 0.0f);
        for (int t = ty.begin[static_cast<std::size_t>(j)]; t < ty.begin[static_cast<std::size_t>(j) + 1]; ++t) {
            const int row = ty.cell[static_cast<std::size_t>(t)];
            if (row != reduced_row) {
                reduce_row(img.rgb.data() + row_bytes * static_cast<std::size_t>(row), tx, reduced.data());
                reduced_row = row;
            }
            const float w = ty.weight[static_cast<std::size_t>(t)];
            for (std::size_t k = 0; k < floats; ++k) sum[k] += w * reduced[k];
        }
        auto* pixels = reinterpret_cast<std::uint32_t*>(out.data + static_cast<std::ptrdiff_t>(j) * out.stride);
        for (std::size_t k = 0; k < static_cast<std::size_t>(out.width); ++k) {
            pixels[k] = 0xff000000u | channel(sum[3 * k]) << 16 | channel(sum[3 * k + 1]) << 8 | channel(sum[3 * k + 2]);
        }
    }
}

}  // namespace plotcluster::detail

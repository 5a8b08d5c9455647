#pragma once
// Private to src/figure/layers: cells averaged onto device pixels, exactly and separably,
// in the colour scale's space, for the image (equal cells) and mesh (cells of any size)
// layers alike, so that detail finer than a pixel averages out instead of aliasing.
#include <cstddef>
#include <vector>

namespace plotcluster::chart {

// Along one axis, for each of m output cells, the input cells under it and the length of
// each inside it (in output cells: lengths under one output cell sum to at most 1).
struct Parts {
    std::vector<std::size_t> begin;  // into cell/length, m + 1 entries: begin[m] is the end
    std::vector<std::size_t> cell;
    std::vector<double> length;
    std::size_t size() const { return begin.empty() ? 0 : begin.size() - 1; }
};

// `n` equal cells under `m` <= n equal parts: part j covers cells [j n / m, (j + 1) n / m).
Parts equal_parts(std::size_t n, std::size_t m);

// The device pixels [first, first + count) over cells whose edges (device pixels,
// monotonic either way) are `edges_px`: each pixel's overlap with each cell, or with
// `nearest` only the cell under the pixel's centre, of length 1.
Parts pixel_parts(const std::vector<double>& edges_px, long first, long count, bool nearest);

// `values` (rows × cols, row-major) averaged onto py.size() × px.size() cells: each the
// mean of the good input cells under it, weighted by area, taken as log10 of the values
// with `log` (so a pixel keeps a colour the colorbar reads); NaN where less than half of
// the area it covers is good (NaN, Inf, or <= 0 with `log`, are bad) or it covers none.
std::vector<double> average_cells(const std::vector<double>& values, std::size_t cols, const Parts& py,
                                  const Parts& px, bool log);

}  // namespace plotcluster::chart

#pragma once
// What one panel draws, in data coordinates: one struct per kind of drawing, held in the
// Layer variant. The chart draws a panel's layers in order, clipped to its axes
// (src/figure/layers/, one draw function each).
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "plotcluster/config/config.hpp"
#include "plotcluster/core/canvas.hpp"
#include "plotcluster/core/colormap.hpp"

namespace plotcluster {

// A polyline through (x[i], y[i]), with optional markers on its points.
// A line's dash pattern: matplotlib's '-', '--', ':' and '-.', scaled by the line width.
enum class Dash { solid, dashed, dotted, dash_dot };

struct LinesLayer {
    std::vector<double> x;
    std::vector<double> y;  // NaN/Inf leave gaps
    Color color;            // alpha included
    double width_pt = 1.5;  // 0: no line, only markers
    std::optional<MarkerShape> marker;
    double marker_pt = 6;  // marker width in points
    std::string label;     // legend entry; empty: not in the legend
    Dash dash = Dash::solid;
    // Each segment coloured through `colormap` by the value at its first point, [vmin,
    // vmax] to the map's ends (a NaN at the low end), as matplotlib's LineCollection
    // colours streamplot's lines, with `color`'s alpha; empty: the whole line is `color`.
    std::vector<double> values{};
    const Colormap* colormap = nullptr;
    double vmin = 0;
    double vmax = 1;
};

// What the chart asks of a layer's values on one axis when it does not hold them: whether
// any is finite, whether one has a fraction (integer ticks), the smallest positive one (a
// log axis's view).
struct SeenValues {
    bool any = false;
    bool fraction = false;
    double min_positive = std::numeric_limits<double>::infinity();
    void add(std::span<const double> values) {
        for (const double v : values) {
            if (!std::isfinite(v)) continue;
            any = true;
            fraction = fraction || v != std::floor(v);
            if (v > 0 && v < min_positive) min_positive = v;
        }
    }
};

// A scatter plot: one marker per point; a point with a NaN/Inf coordinate is left out.
struct MarkersLayer {
    std::vector<double> x;
    std::vector<double> y;
    Color color;
    MarkerShape shape = MarkerShape::circle;
    double size_pt = 6;  // marker width in points ('.' is drawn at half of it)
    std::string label;
    // color_by: one value per point, coloured through `colormap` from vmin to vmax (clamped)
    // with `color`'s alpha; a point whose value is NaN/Inf takes `bad`, or is left out
    // without it. Empty: all in `color`.
    std::vector<double> values{};
    const Colormap* colormap = nullptr;
    double vmin = 0;
    double vmax = 1;
    std::optional<Color> bad{};
    // Set for points too many to hold (a scatter built from figure.hpp's RowPass): x, y
    // and values stay empty, and each call of `blocks` hands `draw` the points a block at a
    // time in data order, each a layer of its own (this one's style, that block's x, y and
    // values); it reads them again, so what it reads from must outlive the drawing.
    // `block_points`: how many finite points it draws in all; x_seen, y_seen: what the
    // chart asks of their coordinates.
    using BlockDraw = std::function<void(const MarkersLayer&)>;
    std::function<void(const BlockDraw& draw)> blocks{};
    std::size_t block_points = 0;
    SeenValues x_seen{};
    SeenValues y_seen{};
};

// Histogram bars: counts[i] between edges[i] and edges[i + 1], standing on the axis
// floor (0, or the bottom of a log axis).
struct BarsLayer {
    std::vector<double> edges;
    std::vector<double> counts;
    Color color;
    std::string label;
    double rwidth = 1;  // each bar's width over its bin's, centred (matplotlib's hist rwidth)
};

// Where an image's outer cell edges lie in data coordinates.
struct ImageExtent {
    double x_lo, x_hi, y_lo, y_hi;
};

// A grid of values drawn as colours (imshow).
struct ImageLayer {
    std::size_t rows = 0;  // first dimension, drawn along y
    std::size_t cols = 0;  // second dimension, drawn along x
    std::vector<double> values;  // row-major rows x cols
    const Colormap* colormap = nullptr;
    double vmin = 0;
    double vmax = 1;
    Scale norm = Scale::linear;  // log: values <= 0 are drawn as bad
    bool origin_lower = true;    // row 0 at the bottom of the picture, as in a mesh; else on top
    Color bad_color{1, 1, 1, 1};
    // Nothing: cell centres on integer indices, [-0.5, cols - 0.5] × [-0.5, rows - 0.5].
    std::optional<ImageExtent> extent;
    // How the canvas scales the cells. Nothing ("auto", matplotlib's 'antialiased'):
    // decided at draw time from the size the image takes on the device, see auto_resampling.
    std::optional<Resampling> resampling;
};

// Cells of varying size (pcolormesh), coloured as an ImageLayer colours its cells; cell
// (i, j) is row i (along y) and column j (along x) of `values`. Rectilinear: between
// x_edges[j] and x_edges[j + 1] and y_edges[i] and y_edges[i + 1], each strictly monotonic,
// ascending or descending. Quads (a curvilinear grid): the quadrilateral of corners
// (i, j), (i, j + 1), (i + 1, j + 1), (i + 1, j), where corner (i, j) is at
// (x_corners[i * (cols + 1) + j], y_corners[...]).
struct MeshLayer {
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::vector<double> values;  // row-major rows x cols
    std::vector<double> x_edges;  // cols + 1, rectilinear
    std::vector<double> y_edges;  // rows + 1, rectilinear
    std::vector<double> x_corners;  // (rows + 1) x (cols + 1), quads; empty when rectilinear
    std::vector<double> y_corners;
    const Colormap* colormap = nullptr;
    double vmin = 0;
    double vmax = 1;
    Scale norm = Scale::linear;  // log: values <= 0 are drawn as bad
    Color bad_color{1, 1, 1, 1};
    // Rectilinear cells: area averages over each pixel, along each axis whose narrowest
    // cell is less than a pixel with nothing ("auto"), along both with area; nearest (and
    // bilinear, which has no meaning for cells of varying size) colours each pixel by the
    // cell under its centre. Quads finer than the pixels are merged instead.
    std::optional<Resampling> resampling;
    bool quads() const { return !x_corners.empty(); }
};

// `auto`: area-averaging where the cells are smaller than a device pixel along either
// axis (more columns than the image is pixels wide, or more rows than it is tall), so
// detail finer than a pixel averages out instead of aliasing into false patterns;
// nearest where every cell covers a pixel or more, so cells stay sharp blocks.
Resampling auto_resampling(std::size_t rows, std::size_t cols, double device_w, double device_h);

// A stroked outline, width in points.
struct Outline {
    Color color;
    double width_pt = 1;
};

// One filled shape: its rings (data coordinates, each closed implicitly) are filled
// together with the even-odd rule, so a ring inside another is a hole.
struct Polygon {
    std::vector<std::vector<Point>> rings;
};

// Filled polygons (contour bands, regions) or, with `closed` false, open paths (contour
// lines that end at the border), stroked only. Points with a NaN/Inf coordinate are
// left out of their ring.
struct PolygonsLayer {
    std::vector<Polygon> polygons;  // each filled on its own
    Color fill;                     // alpha 0: not filled
    std::optional<Outline> outline;
    bool closed = true;
    std::string label;  // legend entry (a filled patch)
};

// Which point of an arrow sits at its (x, y).
enum class ArrowPivot { tail, middle, tip };

// A reference arrow (matplotlib's quiverkey): an arrow of `magnitude` at its layer's scale,
// pointing along +x, with its label to its right, in a box in the upper right corner of
// the axes.
struct ArrowKey {
    double magnitude = 1;
    std::string label;  // "2 m/s"
};

// A vector field (quiver): an arrow from each (x, y) along scale * (u, v), in data units.
// As matplotlib's quiver, the shaft's width is a fraction of the axes' width and the head
// is sized in shaft widths, so that arrows lighten with the axes they are drawn in; an
// arrow shorter than its head is a smaller head. Arrows with a NaN/Inf component or of no
// length are left out.
struct ArrowsLayer {
    std::vector<double> x;
    std::vector<double> y;
    std::vector<double> u;
    std::vector<double> v;
    double scale = 1;
    ArrowPivot pivot = ArrowPivot::tail;
    Color color;
    double shaft = 0.005;    // shaft width over the axes' width (matplotlib's `width`)
    double head_length = 5;  // tip to the base of the head, in shaft widths
    double head_width = 3;   // across the base of the head, in shaft widths
    // > 0: heads alone, this long and as wide in points, each with its tip at (x, y) and
    // pointing along (u, v) (the direction marks on streamlines); `scale` does not apply.
    double head_pt = 0;
    // Each arrow coloured through `colormap` by its value, [vmin, vmax] to the map's ends
    // (quiver's color_by: magnitude); empty: every arrow is `color`.
    std::vector<double> values{};
    const Colormap* colormap = nullptr;
    double vmin = 0;
    double vmax = 1;
    std::optional<ArrowKey> key{};
};

// The region between two curves (fill_between), e.g. an error band; a point where any
// of x, y_lo, y_hi is NaN/Inf splits it.
struct BandLayer {
    std::vector<double> x;
    std::vector<double> y_lo;
    std::vector<double> y_hi;
    Color color;  // usually translucent
    std::string label;
};

// Vertical error bars (errorbar): a bar from (x[i], y_lo[i]) to (x[i], y_hi[i]) with a
// cap across each end; a bar with a NaN/Inf coordinate is left out, and an end a log axis
// cannot show (<= 0) runs off the axes without its cap.
struct ErrorBarsLayer {
    std::vector<double> x;
    std::vector<double> y_lo;
    std::vector<double> y_hi;
    Color color;
    double width_pt = 1.5;    // the bars
    double cap_pt = 6;        // each cap's length (matplotlib's 2 × capsize); 0: none
    double cap_width_pt = 1;  // each cap's thickness (matplotlib's markeredgewidth)
};

// Reference lines across the whole axes (axhline, axvline): horizontal at each value of
// `y`, vertical at each of `x`, in data coordinates; one off the axes is not seen.
struct ReferenceLinesLayer {
    std::vector<double> x;
    std::vector<double> y;
    Color color;
    double width_pt = 1;
    Dash dash = Dash::dashed;
};

// Lines with text written along them, in data coordinates (contour labels, matplotlib's
// clabel): each line is stroked, and where it is long enough on screen its text sits at
// the straightest stretch near the middle of its length, rotated along the line (never
// upside down), the line broken under it. Points with a NaN/Inf coordinate are left out.
struct LabelledLine {
    std::vector<Point> points;
    std::string text;  // "": a plain line
};
struct LabelledLinesLayer {
    std::vector<LabelledLine> lines;
    Color color;            // the lines'
    double width_pt = 1.5;  // 0: text only, the lines not stroked (labels over filled bands)
    Color text_color;
    double text_pt = 10;
};

using Layer = std::variant<LinesLayer, MarkersLayer, BarsLayer, ImageLayer, PolygonsLayer,
                           ArrowsLayer, BandLayer, MeshLayer, ErrorBarsLayer, ReferenceLinesLayer,
                           LabelledLinesLayer>;

}  // namespace plotcluster

#include "plotcluster/canvas/cairo_canvas.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <numbers>
#include <optional>
#include <stdexcept>
#include <utility>

#include "area_resample.hpp"
#include "font_impl.hpp"
#include "line_raster.hpp"
#include "marker_stamp.hpp"
#include "svg_ids.hpp"
#include "utf8.hpp"

namespace plotcluster {

namespace {

void set_color(cairo_t* cr, const Color& c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

// Fixed text rendering options, so the bytes do not depend on the machine's fontconfig
// settings: grey antialiasing, slight hinting, unhinted (linear) advance widths.
cairo_font_options_t* text_options() {
    cairo_font_options_t* o = cairo_font_options_create();
    cairo_font_options_set_antialias(o, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(o, CAIRO_HINT_STYLE_SLIGHT);
    cairo_font_options_set_hint_metrics(o, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_subpixel_order(o, CAIRO_SUBPIXEL_ORDER_DEFAULT);
    return o;
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(closure);
    out->insert(out->end(), data, data + length);
    return CAIRO_STATUS_SUCCESS;
}

// The rank's face and fixed text options on a fresh context.
void prepare_context(cairo_t* cr, const FontFace& face) {
    cairo_set_font_face(cr, face.impl().cairo_face);
    cairo_font_options_t* options = text_options();
    cairo_set_font_options(cr, options);
    cairo_font_options_destroy(options);
}

// A fixed date: Cairo would otherwise stamp every PDF with the current time.
constexpr const char* pdf_date = "2000-01-01T00:00:00Z";

// Cairo keeps path coordinates in 24.8 fixed point (about ±8 million pixels): a point
// beyond (a value far outside fixed limits) wraps around and its line goes astray.
// Paths are cut to a box this far around the surface first, where no cut shows.
constexpr double beyond = 65536;

cairo_surface_t* create_image_surface(int width, int height) {
    cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        throw std::runtime_error("cairo: cannot create a " + std::to_string(width) + "×" +
                                 std::to_string(height) + " image");
    }
    return s;
}

detail::PixelBuffer pixel_buffer(cairo_surface_t* s) {
    return {cairo_image_surface_get_data(s), cairo_image_surface_get_stride(s),
            cairo_image_surface_get_width(s), cairo_image_surface_get_height(s)};
}

// The image as an xRGB surface of its own size.
cairo_surface_t* image_surface(const RgbImage& img) {
    cairo_surface_t* src = create_image_surface(img.width, img.height);
    cairo_surface_flush(src);
    unsigned char* data = cairo_image_surface_get_data(src);
    const int stride = cairo_image_surface_get_stride(src);
    for (int y = 0; y < img.height; ++y) {
        auto* row = reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
        const std::uint8_t* in = img.rgb.data() + static_cast<std::size_t>(y) * img.width * 3;
        for (int x = 0; x < img.width; ++x, in += 3) {
            row[x] = (std::uint32_t{in[0]} << 16) | (std::uint32_t{in[1]} << 8) | in[2];
        }
    }
    cairo_surface_mark_dirty(src);
    return src;
}

// A vector document embeds an image at most this many times the figure's pixel size along
// each axis: more is bytes no viewer at ordinary zoom can show (a 4096² field would be a
// 60 MB SVG in a 800×600 figure).
constexpr double vector_oversampling = 2;

// `img` cut down to at most `w` × `h` cells by nearest sampling: each kept cell is one of
// the image's own, taken at the centre of its share, so no colour is made up.
RgbImage nearest_reduced(const RgbImage& img, int w, int h) {
    w = std::min(w, img.width);
    h = std::min(h, img.height);
    RgbImage out;
    out.width = w;
    out.height = h;
    out.rgb.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
    const auto source = [](int i, int n, int m) {  // floor((i + 0.5) * n / m), exactly
        return static_cast<std::size_t>((2 * std::int64_t{i} + 1) * n / (2 * std::int64_t{m}));
    };
    std::vector<std::size_t> cols(static_cast<std::size_t>(w));
    for (int x = 0; x < w; ++x) cols[static_cast<std::size_t>(x)] = 3 * source(x, img.width, w);
    std::uint8_t* o = out.rgb.data();
    for (int y = 0; y < h; ++y) {
        const std::uint8_t* row = img.rgb.data() + source(y, img.height, h) * static_cast<std::size_t>(img.width) * 3;
        for (const std::size_t c : cols) {
            *o++ = row[c];
            *o++ = row[c + 1];
            *o++ = row[c + 2];
        }
    }
    return out;
}

// Paints `src` scaled into `dest` (clipped to it) with `filter`.
void paint_scaled(cairo_t* cr, cairo_surface_t* src, const Rect& dest, double sx, double sy,
                  cairo_filter_t filter) {
    cairo_save(cr);
    cairo_rectangle(cr, dest.x, dest.y, dest.w, dest.h);
    cairo_clip(cr);
    cairo_translate(cr, dest.x, dest.y);
    cairo_scale(cr, sx, sy);
    cairo_set_source_surface(cr, src, 0, 0);
    cairo_pattern_t* pattern = cairo_get_source(cr);
    cairo_pattern_set_filter(pattern, filter);
    cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD);
    cairo_paint(cr);
    cairo_restore(cr);
}

// Lines of this many points or more on the image go through the fast rasterizer (see
// line_raster.hpp); axes, ticks and vector documents stay with Cairo.
constexpr std::size_t long_line = 32;

// The ring in `a`, without its non-finite points, cut to the box (Sutherland-Hodgman:
// cutting a ring to a convex box keeps every winding number inside it, so either fill
// rule fills the same). `b` is scratch space.
void cut_ring(std::span<const Point> ring, double x0, double y0, double x1, double y1,
              std::vector<Point>& a, std::vector<Point>& b) {
    a.clear();
    bool inside = true;
    for (const Point& p : ring) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
        inside = inside && p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1;
        a.push_back(p);
    }
    if (!inside) {
        // Each pass keeps the part of the ring on one side of an edge: `keep(p)` is the
        // side, `cross(p, q)` where p-q meets the edge.
        const auto pass = [&](auto keep, auto cross) {
            b.clear();
            for (std::size_t i = 0; i < a.size(); ++i) {
                const Point& p = a[i];
                const Point& q = a[(i + 1) % a.size()];
                if (keep(p)) b.push_back(p);
                if (keep(p) != keep(q)) b.push_back(cross(p, q));
            }
            a.swap(b);
        };
        const auto at_x = [](double x) {
            return [x](const Point& p, const Point& q) { return Point{x, p.y + (q.y - p.y) * (x - p.x) / (q.x - p.x)}; };
        };
        const auto at_y = [](double y) {
            return [y](const Point& p, const Point& q) { return Point{p.x + (q.x - p.x) * (y - p.y) / (q.y - p.y), y}; };
        };
        pass([x0](const Point& p) { return p.x >= x0; }, at_x(x0));
        pass([x1](const Point& p) { return p.x <= x1; }, at_x(x1));
        pass([y0](const Point& p) { return p.y >= y0; }, at_y(y0));
        pass([y1](const Point& p) { return p.y <= y1; }, at_y(y1));
    }
}

// A cut ring as a closed sub-path.
void append_ring(cairo_t* cr, const std::vector<Point>& ring) {
    cairo_move_to(cr, ring[0].x, ring[0].y);
    for (std::size_t i = 1; i < ring.size(); ++i) cairo_line_to(cr, ring[i].x, ring[i].y);
    cairo_close_path(cr);
}

}  // namespace

struct CairoCanvas::Impl {
    int width = 0;
    int height = 0;
    cairo_surface_t* surface = nullptr;
    cairo_t* cr = nullptr;
    std::vector<std::uint8_t> rgb;  // packed copy for the encoder
    const FontFace* face = nullptr;
    bool vector_target = false;  // drawing on an SVG/PDF document right now
    detail::RasterScratch raster;  // reserved for the whole image in the constructor
    std::vector<Point> ring, cut;  // fill_path's scratch, kept for the next call
    std::deque<detail::MarkerMasks> mask_cache;  // deque: a new entry moves no other
    std::vector<Point> shifted;  // markers moved onto their image in a vector document
    // begin_markers' run: how many markers it draws in all (0: no run), in a vector
    // document the one image they go to (painted at end_markers, where its clip is), and
    // whether opaque markers' paths wait there for their one fill or stroke.
    std::size_t run_total = 0;
    cairo_surface_t* run_layer = nullptr;
    detail::PixelClip run_clip{};
    std::optional<bool> run_path;  // set: a path waits; true: it is stroked

    // The fast rasterizer's line, drawn straight into the surface's pixels.
    void raster_line(std::span<const Point> points, const Stroke& stroke) {
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
        cairo_surface_flush(surface);
        const detail::PixelBuffer pixels{cairo_image_surface_get_data(surface),
                                         cairo_image_surface_get_stride(surface), width, height};
        detail::raster_polyline(pixels, {x0, y0, x1 - x0, y1 - y0}, points, stroke.width, stroke.color,
                                raster);
        cairo_surface_mark_dirty(surface);
    }

    // Markers stamped from sprites (marker_stamp.hpp) on the image, or on a vector document
    // when there are more than rasterized_markers, as one image of them; false where they
    // stay Cairo paths (a few on a vector document, or markers too large for masks).
    bool stamp(std::span<const Point> centres, MarkerShape shape, double size,
               std::span<const Color> colors) {
        if (centres.empty() || colors.empty()) return true;
        if (!detail::MarkerMasks::stampable(size)) return false;
        if (vector_target && (run_total > 0 ? run_total : centres.size()) <= rasterized_markers)
            return false;
        const detail::MarkerMasks& m = masks(shape, size);
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
        // The clip's edges rounded to whole pixels (the axes' clip is a rectangle).
        const auto whole = [](double v, int limit) {
            return static_cast<int>(std::lround(std::clamp(v, 0.0, static_cast<double>(limit))));
        };
        const detail::PixelClip clip{whole(x0, width), whole(y0, height), whole(x1, width),
                                     whole(y1, height)};
        if (clip.x1 <= clip.x0 || clip.y1 <= clip.y0) return true;
        if (!vector_target) {
            cairo_surface_flush(surface);
            detail::stamp_markers(pixel_buffer(surface), clip, centres, m, colors);
            cairo_surface_mark_dirty(surface);
            return true;
        }
        // One transparent image of the clip's pixels, painted where they are: now, or for
        // a run at its end, with every call's markers on it.
        if (run_total > 0) {
            if (run_layer == nullptr) {
                run_layer = marker_layer(clip);
                run_clip = clip;
            }
            stamp_on(run_layer, run_clip, centres, m, colors);
            return true;
        }
        cairo_surface_t* layer = marker_layer(clip);
        stamp_on(layer, clip, centres, m, colors);
        paint_layer(layer, clip);
        return true;
    }

    // A transparent image the size of the clip.
    static cairo_surface_t* marker_layer(const detail::PixelClip& clip) {
        const int w = clip.x1 - clip.x0, h = clip.y1 - clip.y0;
        cairo_surface_t* layer = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
        if (cairo_surface_status(layer) != CAIRO_STATUS_SUCCESS) {
            cairo_surface_destroy(layer);
            throw std::runtime_error("cairo: cannot create a " + std::to_string(w) + "×" +
                                     std::to_string(h) + " image of markers");
        }
        return layer;
    }

    // The markers onto `layer`, whose top-left pixel is the clip's.
    void stamp_on(cairo_surface_t* layer, const detail::PixelClip& clip,
                  std::span<const Point> centres, const detail::MarkerMasks& m,
                  std::span<const Color> colors) {
        cairo_surface_flush(layer);
        shifted.resize(centres.size());
        for (std::size_t i = 0; i < centres.size(); ++i) {
            shifted[i] = {centres[i].x - clip.x0, centres[i].y - clip.y0};
        }
        detail::stamp_markers(pixel_buffer(layer), {0, 0, clip.x1 - clip.x0, clip.y1 - clip.y0},
                              shifted, m, colors, detail::Blend::premultiplied);
        cairo_surface_mark_dirty(layer);
        std::vector<Point>().swap(shifted);
    }

    // Paints the layer where its clip is, and frees it.
    void paint_layer(cairo_surface_t* layer, const detail::PixelClip& clip) {
        cairo_save(cr);
        cairo_set_source_surface(cr, layer, clip.x0, clip.y0);
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
        cairo_paint(cr);
        cairo_restore(cr);
        cairo_surface_destroy(layer);
    }

    // The masks of a shape and size, rendered once and kept for the next plots.
    const detail::MarkerMasks& masks(MarkerShape shape, double size) {
        for (const auto& m : mask_cache) {
            if (m.shape() == shape && m.size() == size) return m;
        }
        if (mask_cache.size() >= 16) mask_cache.clear();
        return mask_cache.emplace_back(shape, size);
    }

    ~Impl() {
        if (run_layer) cairo_surface_destroy(run_layer);
        if (cr) cairo_destroy(cr);
        if (surface) cairo_surface_destroy(surface);
    }

    cairo_scaled_font_t* font(double size) {
        cairo_set_font_size(cr, size);
        return cairo_get_scaled_font(cr);
    }
};

CairoCanvas::CairoCanvas(int width, int height, const FontFace& face)
    : impl_(std::make_unique<Impl>()) {
    impl_->width = width;
    impl_->height = height;
    impl_->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    if (cairo_surface_status(impl_->surface) != CAIRO_STATUS_SUCCESS) {
        throw std::runtime_error("cairo: cannot create a " + std::to_string(width) + "×" +
                                 std::to_string(height) + " surface: " +
                                 cairo_status_to_string(cairo_surface_status(impl_->surface)));
    }
    impl_->cr = cairo_create(impl_->surface);
    impl_->face = &face;
    prepare_context(impl_->cr, face);
    impl_->raster.reserve(width, height);
}

std::vector<std::uint8_t> CairoCanvas::vector_document(VectorFormat format, double dpi,
                                                       const std::function<void(Canvas&)>& draw) {
    auto& im = *impl_;
    if (!(dpi > 0) || dpi > 1e6) throw std::invalid_argument("cairo: dpi must be in (0, 1e6]");
    // A PDF page is measured in points, so the figure's inches decide its size: a 10 pt
    // font is 10 pt on paper, as in matplotlib. SVG stays in pixels, like the PNG.
    const double points_per_pixel = format == VectorFormat::pdf ? 72.0 / dpi : 1.0;
    std::vector<std::uint8_t> bytes;
    cairo_surface_t* doc = nullptr;
    if (format == VectorFormat::svg) {
        doc = cairo_svg_surface_create_for_stream(append_bytes, &bytes, im.width, im.height);
        cairo_svg_surface_set_document_unit(doc, CAIRO_SVG_UNIT_PX);
    } else {
        doc = cairo_pdf_surface_create_for_stream(append_bytes, &bytes, im.width * points_per_pixel,
                                                  im.height * points_per_pixel);
        cairo_pdf_surface_set_metadata(doc, CAIRO_PDF_METADATA_CREATE_DATE, pdf_date);
        cairo_pdf_surface_set_metadata(doc, CAIRO_PDF_METADATA_MOD_DATE, pdf_date);
        cairo_pdf_surface_set_metadata(doc, CAIRO_PDF_METADATA_CREATOR, "plotcluster");
    }
    cairo_t* image_cr = im.cr;
    im.cr = cairo_create(doc);
    im.vector_target = true;
    prepare_context(im.cr, *im.face);
    if (points_per_pixel != 1.0) cairo_scale(im.cr, points_per_pixel, points_per_pixel);
    struct Restore {  // the image context comes back even when drawing throws
        Impl& im;
        cairo_t* image_cr;
        cairo_surface_t* doc;
        ~Restore() {
            cairo_destroy(im.cr);
            im.cr = image_cr;
            im.vector_target = false;
            cairo_surface_finish(doc);
            cairo_surface_destroy(doc);
        }
    };
    cairo_status_t status = CAIRO_STATUS_SUCCESS;
    {
        Restore restore{im, image_cr, doc};
        draw(*this);
        cairo_show_page(im.cr);
        status = cairo_status(im.cr);
        cairo_surface_finish(doc);
        if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(doc);
    }
    if (status != CAIRO_STATUS_SUCCESS) {
        throw std::runtime_error(std::string("cairo: cannot write the ") +
                                 (format == VectorFormat::svg ? "SVG" : "PDF") +
                                 " document: " + cairo_status_to_string(status));
    }
    if (format == VectorFormat::svg) {
        const std::string text = detail::pixelated_svg_images(
            detail::renumber_svg_ids(std::string(bytes.begin(), bytes.end())));
        bytes.assign(text.begin(), text.end());
    }
    return bytes;
}

CairoCanvas::~CairoCanvas() = default;

int CairoCanvas::width() const { return impl_->width; }
int CairoCanvas::height() const { return impl_->height; }

void CairoCanvas::clear(const Color& background) {
    cairo_t* cr = impl_->cr;
    cairo_reset_clip(cr);
    cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
    set_color(cr, background);
    cairo_paint(cr);
    cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
}

void CairoCanvas::fill_rect(const Rect& r, const Color& color) {
    cairo_t* cr = impl_->cr;
    set_color(cr, color);
    cairo_rectangle(cr, r.x, r.y, r.w, r.h);
    cairo_fill(cr);
}

void CairoCanvas::stroke_rect(const Rect& r, const Stroke& stroke) {
    cairo_t* cr = impl_->cr;
    set_color(cr, stroke.color);
    cairo_set_line_width(cr, stroke.width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_rectangle(cr, r.x, r.y, r.w, r.h);
    cairo_stroke(cr);
}

void CairoCanvas::polyline(std::span<const Point> points, const Stroke& stroke) {
    if (points.size() < 2) return;
    auto& im = *impl_;
    cairo_t* cr = im.cr;
    if (!im.vector_target && points.size() >= long_line) {
        im.raster_line(points, stroke);
        return;
    }
    set_color(cr, stroke.color);
    cairo_set_line_width(cr, stroke.width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    // Segments are cut to a box around the surface (see `beyond`).
    const double x0 = -beyond, y0 = -beyond, x1 = im.width + beyond, y1 = im.height + beyond;
    const auto inside = [&](const Point& p) { return p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1; };
    if (std::all_of(points.begin(), points.end(), inside)) {
        cairo_move_to(cr, points[0].x, points[0].y);
        for (std::size_t i = 1; i < points.size(); ++i) cairo_line_to(cr, points[i].x, points[i].y);
    } else {
        bool open = false;  // the path ends at points[i], uncut
        for (std::size_t i = 0; i + 1 < points.size(); ++i) {
            Point a = points[i], b = points[i + 1];
            if (!detail::clip_segment(a, b, x0, y0, x1, y1)) {
                open = false;
                continue;
            }
            if (!open || a.x != points[i].x || a.y != points[i].y) cairo_move_to(cr, a.x, a.y);
            cairo_line_to(cr, b.x, b.y);
            open = b.x == points[i + 1].x && b.y == points[i + 1].y;
        }
    }
    cairo_stroke(cr);
}

void CairoCanvas::markers(std::span<const Point> centres, MarkerShape shape, double size,
                          const Color& color) {
    auto& im = *impl_;
    if (im.stamp(centres, shape, size, {&color, 1})) return;
    cairo_t* cr = im.cr;
    set_color(cr, color);
    const bool stroked = detail::marker_stroked(shape);
    cairo_set_line_width(cr, detail::marker_line_width(size));
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    for (const Point& p : centres) {
        detail::marker_path(cr, p, shape, size);
        // Opaque markers can share one fill; translucent ones are painted one by one.
        if (color.a < 1) {
            stroked ? cairo_stroke(cr) : cairo_fill(cr);
        }
    }
    if (color.a < 1) return;
    if (im.run_total > 0) {
        im.run_path = stroked;  // the run's later calls add to the path; end_markers fills it
        return;
    }
    stroked ? cairo_stroke(cr) : cairo_fill(cr);
}

void CairoCanvas::colored_markers(std::span<const Point> centres, MarkerShape shape, double size,
                                  std::span<const Color> colors) {
    auto& im = *impl_;
    if (colors.size() < centres.size()) centres = centres.first(colors.size());
    if (im.stamp(centres, shape, size, colors.first(centres.size()))) return;
    // As paths, one point at a time, each filled at once as outside a run.
    const std::size_t run = std::exchange(im.run_total, 0);
    try {
        Canvas::colored_markers(centres, shape, size, colors);
    } catch (...) {
        im.run_total = run;
        throw;
    }
    im.run_total = run;
}

void CairoCanvas::begin_markers(std::size_t total) {
    end_markers();
    impl_->run_total = total;
}

void CairoCanvas::end_markers() {
    auto& im = *impl_;
    im.run_total = 0;
    if (const std::optional<bool> stroked = std::exchange(im.run_path, std::nullopt))
        *stroked ? cairo_stroke(im.cr) : cairo_fill(im.cr);
    if (im.run_layer == nullptr) return;
    im.paint_layer(std::exchange(im.run_layer, nullptr), im.run_clip);
}

void CairoCanvas::fill_path(std::span<const std::span<const Point>> rings, const FillStyle& style) {
    auto& im = *impl_;
    cairo_t* cr = im.cr;
    const bool fill = style.color.a > 0;
    const bool outline = style.outline && style.outline->width > 0 && style.outline->color.a > 0;
    if (!fill && !outline) return;
    const double x0 = -beyond, y0 = -beyond, x1 = im.width + beyond, y1 = im.height + beyond;
    if (fill) {
        cairo_new_path(cr);
        for (const auto ring : rings) {
            cut_ring(ring, x0, y0, x1, y1, im.ring, im.cut);
            if (im.ring.size() >= 2) append_ring(cr, im.ring);
        }
        cairo_set_fill_rule(cr, style.rule == FillRule::even_odd ? CAIRO_FILL_RULE_EVEN_ODD
                                                                 : CAIRO_FILL_RULE_WINDING);
        set_color(cr, style.color);
        cairo_fill(cr);
        // Markers share one fill of many circles: they need the default (non-zero) back.
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    }
    if (!outline) return;
    // Outlines stroke as polyline does: a long ring on the image through the fast
    // rasterizer (Cairo takes ~20 ms for 10,000 points), the rest in one Cairo stroke.
    cairo_new_path(cr);
    for (const auto ring : rings) {
        cut_ring(ring, x0, y0, x1, y1, im.ring, im.cut);
        if (im.ring.size() < 2) continue;
        if (!im.vector_target && im.ring.size() >= long_line) {
            im.ring.push_back(im.ring.front());  // closed
            im.raster_line(im.ring, *style.outline);
        } else {
            append_ring(cr, im.ring);
        }
    }
    set_color(cr, style.outline->color);
    cairo_set_line_width(cr, style.outline->width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
}

void CairoCanvas::image(const RgbImage& img, const Rect& dest, Resampling resampling) {
    if (img.width <= 0 || img.height <= 0 || dest.w <= 0 || dest.h <= 0) return;
    auto& im = *impl_;
    cairo_t* cr = im.cr;
    if (resampling == Resampling::nearest) {
        const double most_w = std::ceil(vector_oversampling * dest.w), most_h = std::ceil(vector_oversampling * dest.h);
        if (im.vector_target && (img.width > most_w || img.height > most_h)) {
            // Both below 2^31: the image's own sizes bound them.
            const int w = static_cast<int>(std::min(most_w, static_cast<double>(img.width)));
            const int h = static_cast<int>(std::min(most_h, static_cast<double>(img.height)));
            image(nearest_reduced(img, std::max(w, 1), std::max(h, 1)), dest, resampling);
            return;
        }
        cairo_surface_t* src = image_surface(img);
        paint_scaled(cr, src, dest, dest.w / img.width, dest.h / img.height, CAIRO_FILTER_NEAREST);
        cairo_surface_destroy(src);
        return;
    }
    if (!std::isfinite(dest.x) || !std::isfinite(dest.y) || !std::isfinite(dest.right()) ||
        !std::isfinite(dest.bottom())) {
        return;
    }
    // Resampled once at device resolution, over the visible part of `dest` only (a zoomed
    // image may be far larger than the surface), then copied pixel for pixel: the same
    // picture on the image and in SVG/PDF, where viewers would otherwise smooth or not
    // as they like.
    double cx0 = 0, cy0 = 0, cx1 = 0, cy1 = 0;
    cairo_clip_extents(cr, &cx0, &cy0, &cx1, &cy1);
    const auto pixel = [](double v, int limit) { return static_cast<int>(std::clamp(v, 0.0, static_cast<double>(limit))); };
    const int x0 = pixel(std::floor(std::max(dest.x, cx0)), im.width);
    const int y0 = pixel(std::floor(std::max(dest.y, cy0)), im.height);
    const int x1 = pixel(std::ceil(std::min(dest.right(), cx1)), im.width);
    const int y1 = pixel(std::ceil(std::min(dest.bottom(), cy1)), im.height);
    if (x1 <= x0 || y1 <= y0) return;
    cairo_surface_t* resampled = create_image_surface(x1 - x0, y1 - y0);
    if (resampling == Resampling::area) {
        cairo_surface_flush(resampled);
        detail::area_resample(img, dest, x0, y0, pixel_buffer(resampled));
        cairo_surface_mark_dirty(resampled);
    } else {
        cairo_surface_t* src = image_surface(img);
        // Not clipped here: the copy below is, and the edge pixels need full values.
        cairo_t* on = cairo_create(resampled);
        cairo_translate(on, dest.x - x0, dest.y - y0);
        cairo_scale(on, dest.w / img.width, dest.h / img.height);
        cairo_set_source_surface(on, src, 0, 0);
        cairo_pattern_set_filter(cairo_get_source(on), CAIRO_FILTER_BILINEAR);
        cairo_pattern_set_extend(cairo_get_source(on), CAIRO_EXTEND_PAD);
        cairo_paint(on);
        cairo_destroy(on);
        cairo_surface_destroy(src);
    }
    // Copied at scale 1 from a pixel corner; the clip to `dest` gives its edges coverage.
    cairo_save(cr);
    cairo_rectangle(cr, dest.x, dest.y, dest.w, dest.h);
    cairo_clip(cr);
    cairo_set_source_surface(cr, resampled, x0, y0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(resampled);
}

TextExtents CairoCanvas::measure_text(std::string_view utf8, double size) {
    cairo_scaled_font_t* font = impl_->font(size);
    const std::string text = drawable_text(utf8);
    cairo_text_extents_t te;
    cairo_scaled_font_text_extents(font, text.c_str(), &te);
    cairo_font_extents_t fe;
    cairo_scaled_font_extents(font, &fe);
    return {te.x_advance, fe.ascent, fe.descent};
}

void CairoCanvas::text(std::string_view utf8, Point anchor, const TextStyle& style) {
    const std::string text = drawable_text(utf8);
    if (text.empty()) return;
    const TextExtents ext = measure_text(text, style.size);
    double dx = 0;
    if (style.halign == HAlign::center) dx = -ext.width / 2;
    if (style.halign == HAlign::right) dx = -ext.width;
    double dy = 0;
    switch (style.valign) {
        case VAlign::top: dy = ext.ascent; break;
        case VAlign::center: dy = (ext.ascent - ext.descent) / 2; break;
        case VAlign::baseline: dy = 0; break;
        case VAlign::bottom: dy = -ext.descent; break;
    }
    cairo_t* cr = impl_->cr;
    cairo_save(cr);
    cairo_translate(cr, anchor.x, anchor.y);
    if (style.angle != 0) cairo_rotate(cr, -style.angle * std::numbers::pi / 180);
    set_color(cr, style.color);
    cairo_scaled_font_t* font = impl_->font(style.size);
    cairo_glyph_t* glyphs = nullptr;
    int count = 0;
    if (cairo_scaled_font_text_to_glyphs(font, dx, dy, text.c_str(), static_cast<int>(text.size()),
                                         &glyphs, &count, nullptr, nullptr, nullptr) ==
        CAIRO_STATUS_SUCCESS) {
        cairo_show_glyphs(cr, glyphs, count);
    }
    cairo_glyph_free(glyphs);
    cairo_restore(cr);
}

void CairoCanvas::push_clip(const Rect& r) {
    cairo_save(impl_->cr);
    cairo_rectangle(impl_->cr, r.x, r.y, r.w, r.h);
    cairo_clip(impl_->cr);
}

void CairoCanvas::pop_clip() { cairo_restore(impl_->cr); }

RgbImageView CairoCanvas::pixels() {
    auto& im = *impl_;
    cairo_surface_flush(im.surface);
    return {cairo_image_surface_get_data(im.surface), im.width, im.height,
            static_cast<std::size_t>(cairo_image_surface_get_stride(im.surface)), PixelLayout::xrgb32};
}

RgbImageView CairoCanvas::rgb() {
    auto& im = *impl_;
    cairo_surface_flush(im.surface);
    const unsigned char* data = cairo_image_surface_get_data(im.surface);
    const int stride = cairo_image_surface_get_stride(im.surface);
    im.rgb.resize(static_cast<std::size_t>(im.width) * im.height * 3);
    for (int y = 0; y < im.height; ++y) {
        const auto* row = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
        std::uint8_t* out = im.rgb.data() + static_cast<std::size_t>(y) * im.width * 3;
        for (int x = 0; x < im.width; ++x) {
            const std::uint32_t p = row[x];
            *out++ = static_cast<std::uint8_t>(p >> 16);
            *out++ = static_cast<std::uint8_t>(p >> 8);
            *out++ = static_cast<std::uint8_t>(p);
        }
    }
    return {im.rgb.data(), im.width, im.height, static_cast<std::size_t>(im.width) * 3};
}

std::string CairoCanvas::library_version() {
    return std::string("cairo ") + cairo_version_string();
}

}  // namespace plotcluster

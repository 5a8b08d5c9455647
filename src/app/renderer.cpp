#include "plotcluster/app/renderer.hpp"

#include <chrono>

#include "plotcluster/canvas/cairo_canvas.hpp"
#include "plotcluster/canvas/font.hpp"
#include "plotcluster/encode/atomic_file.hpp"
#include "plotcluster/encode/png.hpp"
#include "plotcluster/encode/sha256.hpp"
#include "plotcluster/figure/chart.hpp"
#include "plotcluster/figure/figure.hpp"
#include "plotcluster/read/reader.hpp"

namespace plotcluster {

namespace {

PlotRecord blank_record(const PlotTask& task, int rank) {
    PlotRecord r;
    r.file = task.file;
    r.dataset = task.dataset;
    r.kind = std::string(to_string(task.kind));
    r.shape = task.shape;
    r.dtype = task.dtype;
    r.rank = rank;
    return r;
}

}  // namespace

PlotRecord failed_record(const PlotTask& task, int rank, std::string error) {
    PlotRecord r = blank_record(task, rank);
    r.status = PlotStatus::failed;
    r.error = std::move(error);
    return r;
}

struct Renderer::Impl {
    Config config;
    int rank;
    FontFace font;  // declared before the canvas, which uses it
    CairoCanvas canvas;
    Reader reader;

    Impl(const Config& c, int r)
        : config(c), rank(r), font(c.figure.font), canvas(c.figure.width, c.figure.height, font),
          reader(r) {}

    OutputFile write_png(const PlotTask& task) {
        const auto png = encode_png(canvas.rgb(), config.output.png_compression);
        OutputFile out{"png", task.output_stem + ".png", png.size(), sha256_hex(png)};
        write_file_atomically(config.output.dir / out.path, png);
        return out;
    }
};

Renderer::Renderer(const Config& config, int rank) : impl_(std::make_unique<Impl>(config, rank)) {}
Renderer::~Renderer() = default;

PlotRecord Renderer::render(const PlotTask& task) {
    auto& im = *impl_;
    if (!task.error.empty()) return failed_record(task, im.rank, task.error);
    const auto start = std::chrono::steady_clock::now();
    PlotRecord record = blank_record(task, im.rank);
    try {
        const PlotRule& rule = im.config.plots.at(task.rule);
        Figure figure =
            build_figure(task, rule, im.reader.read_plot(task, rule), im.config.figure);
        draw_figure(figure, im.canvas);
        for (auto format : im.config.output.formats) {
            if (format == OutputFormat::png) record.outputs.push_back(im.write_png(task));
        }
    } catch (const std::exception& e) {
        record.status = PlotStatus::failed;
        record.error = e.what();
        record.outputs.clear();
    }
    record.render_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return record;
}

}  // namespace plotcluster

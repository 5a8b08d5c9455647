#include "plotcluster/render/renderer.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <system_error>

#include "plotcluster/canvas/cairo_canvas.hpp"
#include "plotcluster/canvas/font.hpp"
#include "plotcluster/core/output_layout.hpp"
#include "plotcluster/encode/atomic_file.hpp"
#include "plotcluster/encode/png.hpp"
#include "plotcluster/encode/sha256.hpp"
#include "plotcluster/encode/thumbnail.hpp"
#include "plotcluster/figure/chart.hpp"
#include "plotcluster/figure/compose.hpp"
#include "plotcluster/figure/figure.hpp"
#include "plotcluster/figure/plot_kind.hpp"
#include "plotcluster/figure/streamed_line.hpp"
#include "plotcluster/hdf5/reader.hpp"
#include "plotcluster/render/drawn_axes.hpp"

namespace plotcluster {

namespace {

// Adds the time from construction to destruction to `total` (milliseconds).
class Lap {
public:
    explicit Lap(double& total) : total_(total), start_(std::chrono::steady_clock::now()) {}
    ~Lap() {
        total_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
    }
    Lap(const Lap&) = delete;
    Lap& operator=(const Lap&) = delete;

private:
    double& total_;
    std::chrono::steady_clock::time_point start_;
};

PlotRecord blank_record(const PlotTask& task, int rank) {
    PlotRecord r;
    r.file = task.read.file;
    r.dataset = task.read.dataset;
    r.kind = task.draw.kind;
    r.rule = task.draw.rule;
    r.frame = task.draw.frame;
    r.shape = task.read.shape;
    r.dtype = task.read.dtype;
    r.rank = rank;
    return r;
}

// The axes the task keeps (not fixed by a slice, longer than 1) and their total length.
struct Kept {
    std::size_t axes = 0;
    std::uint64_t length = 1;
};

Kept kept(const TaskRead& read) {
    Kept k;
    for (std::size_t a = 0; a < read.shape.size(); ++a) {
        const bool fixed = a < read.fixed.size() && read.fixed[a] >= 0;
        if (fixed || read.shape[a] == 1) continue;
        ++k.axes;
        if (__builtin_mul_overflow(k.length, read.shape[a], &k.length)) k.length = UINT64_MAX;
    }
    return k;
}

// One long series against its index, of a kind that draws it reduced as StreamedLine
// reduces it (a line without markers).
bool streamed(const PlotTask& task, const PlotRule& rule, const StreamSizes& sizes) {
    const Kept k = kept(task.read);
    return plot_kind(rule).draws_reduced_series(rule) && task.read.members.empty() &&
           task.read.companions.empty() && k.axes == 1 && k.length > sizes.above;
}

// One large dataset of any shape, of a kind that only counts its values (a histogram):
// built from passes over it in chunks.
bool counted(const PlotTask& task, const PlotRule& rule, const StreamSizes& sizes) {
    return plot_kind(rule).counts_values(rule) && task.read.members.empty() &&
           task.read.companions.empty() && kept(task.read).length > sizes.above;
}

// One large dataset, with or without companions read whole beside it (a density plot's
// weights, a scatter's colours), of a kind that goes through their rows together: built
// (and drawn) from passes over matching rows of each.
bool counted_rows(const PlotTask& task, const PlotRule& rule, const StreamSizes& sizes) {
    const auto sliced = [](const Companion& c) { return c.sliced; };
    return plot_kind(rule).counts_rows(rule) && task.read.members.empty() &&
           std::none_of(task.read.companions.begin(), task.read.companions.end(), sliced) &&
           kept(task.read).length > sizes.above;
}

// The length of the first kept axis of the task's selection: its rows.
std::uint64_t kept_rows(const TaskRead& read) {
    for (std::size_t a = 0; a < read.shape.size(); ++a) {
        const bool fixed = a < read.fixed.size() && read.fixed[a] >= 0;
        if (fixed || read.shape[a] == 1) continue;
        return std::max<std::uint64_t>(read.shape[a], 1);
    }
    return 1;
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
    std::unique_ptr<Source> source;

    StreamSizes sizes;

    Impl(const Config& c, const FontChoice& f, int r, std::unique_ptr<Source> s, StreamSizes z)
        : config(c), rank(r), font(f), canvas(c.figure.width, c.figure.height, font),
          source(s ? std::move(s) : std::make_unique<Reader>(r, c.input.virtual_missing)), sizes(z) {}

    PlotTiming timing;  // of the plot in hand
    std::vector<std::uint8_t> png;  // the encoded image, reused from plot to plot

    // What the figure is built from: the task's data read whole, or a long line reduced as
    // it is read.
    PlotData read(const PlotTask& task, const PlotRule& rule) {
        if (!streamed(task, rule, sizes)) return read_plot(*source, task, rule);
        StreamedLine line(kept(task.read).length, config.figure.width, rule.yscale);
        const SlicePick pick = pick_slices(*source, task.read.file, task.read.dataset, task.read.fixed,
                                           task.read.slices, !task.draw.title_slice_at.empty());
        Source::Streamed read = source->read_chunks(
            task.read.file, task.read.dataset, pick.fixed, sizes.chunk,
            [&](std::span<const double> values) { line.add(values); }, rule.decode);
        PlotData data = std::move(line).finish(task.read.dataset);
        data.decoded = std::move(read.decoded);
        data.slice = pick.text;
        if (plot_kind(rule).draws_coordinates(rule)) place_streamed(task, pick.fixed, data);
        return data;
    }

    // The reduced line's x holds the indices it kept; they become where those cells are.
    // A uniform coordinate costs nothing; points or edges are read whole (8 bytes a cell).
    void place_streamed(const PlotTask& task, const std::vector<std::int64_t>& fixed, PlotData& data) {
        std::size_t axis = 0;
        while (axis < task.read.shape.size() &&
               ((axis < fixed.size() && fixed[axis] >= 0) || task.read.shape[axis] == 1))
            ++axis;
        Coordinates found = source->read_coordinates(task.read.file, task.read.dataset, fixed, {axis});
        if (found.axes.size() != 1) return;
        AxisCoordinate& c = found.axes.front();
        if (c.physical() && c.form != AxisCoordinate::Form::curvilinear) {
            for (double& x : data.x->values) x = cell_centre(c, static_cast<std::uint64_t>(x));
        }
        c.values.clear();  // its labels are what the figure needs now
        c.values.shrink_to_fit();
        c.edges_given = false;  // reduced: no steps to draw
        data.coordinates.push_back(std::move(c));
        take_value_units(data, found);
    }

    // Passes over the task's dataset in chunks, for a kind that counts its values; the
    // last pass's decoding notes land in `decoded`.
    // `fixed`: the selection with its slices by value picked (pick_slices).
    ValuePass passes(const PlotTask& task, const PlotRule& rule, std::vector<std::int64_t> fixed,
                     std::vector<std::string>& decoded) {
        return [this, &task, &rule, &decoded, fixed = std::move(fixed)](
                   const std::function<void(std::span<const double>)>& consume) {
            Source::Streamed read = source->read_chunks(task.read.file, task.read.dataset, fixed,
                                                        sizes.chunk, consume, rule.decode);
            decoded = std::move(read.decoded);
        };
    }

    // Passes over the task's dataset in chunks of whole rows, each with the same rows of
    // every companion (view_values); the last pass's decoding notes land in `decoded`.
    RowPass row_passes(const PlotTask& task, const PlotRule& rule, std::vector<std::int64_t> fixed,
                       std::vector<std::string>& decoded) {
        RowPass pass;
        const std::uint64_t length = kept(task.read).length;
        pass.lengths.push_back(length);
        for (const Companion& c : task.read.companions)
            pass.lengths.push_back(
                source->read_values(task.read.file, c.dataset, 0, {}, rule.decode).values);
        const std::uint64_t row = length / kept_rows(task.read);
        pass.run = [this, &task, &rule, &decoded, row,
                    fixed = std::move(fixed)](const std::function<void(RowChunk)>& consume) {
            const std::vector<Companion>& companions = task.read.companions;
            std::vector<std::vector<double>> held(companions.size());  // reused from chunk to chunk
            std::vector<std::span<const double>> columns(1 + companions.size());
            std::vector<std::string> notes;
            std::uint64_t first = 0;  // the chunk's first row
            const std::uint64_t chunk = std::max(row, sizes.chunk / row * row);
            Source::Streamed read = source->read_chunks(
                task.read.file, task.read.dataset, fixed, chunk,
                [&](std::span<const double> values) {
                    if (values.size() % row != 0)
                        throw std::logic_error(
                            "a streamed chunk of " + std::to_string(values.size()) +
                            " values is not whole rows of " + std::to_string(row));
                    const std::uint64_t rows = values.size() / row;
                    columns[0] = values;
                    for (std::size_t k = 0; k < companions.size(); ++k) {
                        Source::Viewed got = source->view_values(
                            task.read.file, companions[k].dataset, first, rows, held[k], rule.decode);
                        if (first == 0)
                            notes.insert(notes.end(), got.read.decoded.begin(), got.read.decoded.end());
                        columns[k + 1] = got.values;
                    }
                    first += rows;
                    consume(columns);
                },
                rule.decode);
            decoded = std::move(read.decoded);
            for (std::string& note : notes)
                if (std::find(decoded.begin(), decoded.end(), note) == decoded.end())
                    decoded.push_back(std::move(note));
        };
        return pass;
    }

    // A figure with overlays or panels (figure/compose.hpp): the task's own data (unless
    // its kind is drawn from its panels alone) and each part's, read whole.
    Figure composed(const PlotTask& task, const PlotRule& rule, const SharedRanges& shared,
                    PlotRecord& record) {
        std::optional<Figure> base;
        if (!plot_kind(rule).panel_grid(rule)) {
            PlotData data;
            {
                Lap lap(timing.read);
                data = read(task, rule);
            }
            record.decoded = data.decoded;
            Lap lap(timing.draw);
            base = build_figure(task, rule, std::move(data), config.figure, shared);
        }
        const PartReader reader = [this, &record](const PlotTask& part, const PlotRule& part_rule) {
            Lap lap(timing.read);
            PlotData data = read_plot(*source, part, part_rule);
            for (const auto& d : data.decoded) record.decoded.push_back(d);
            return data;
        };
        return compose_figure(task, config.plots, std::move(base), reader, config.figure,
                              record.notes);
    }

    OutputFile write(const std::string& format, const std::string& path,
                     const std::vector<std::uint8_t>& bytes) {
        OutputFile out{format, path, bytes.size(), sha256_hex(bytes)};
        write_file_atomically(config.output.dir / out.path, bytes);
        return out;
    }

    OutputFile write(const PlotTask& task, OutputFormat format,
                     const std::vector<std::uint8_t>& bytes) {
        Lap lap(timing.write);
        const std::string name(to_string(format));
        return write(name, task.job.output_stem + "." + name, bytes);
    }

    // From the image already drawn on the canvas.
    OutputFile write_thumbnail(const PlotTask& task) {
        Lap lap(timing.thumbnail);
        return write("png", output_layout::thumbnail_path(task.job.output_stem),
                     encode_thumbnail(canvas.pixels(), config.output.png_compression));
    }

    // One drawing path for every format: the figure is drawn on the reused image for
    // PNG and again on a vector document for SVG and PDF.
    OutputFile render_format(const PlotTask& task, const Figure& figure, OutputFormat format) {
        switch (format) {
            case OutputFormat::png: {
                {
                    Lap lap(timing.encode);
                    encode_png(canvas.pixels(), config.output.png_compression, png, figure.dpi);
                }
                return write(task, format, png);
            }
            case OutputFormat::svg:
            case OutputFormat::pdf: {
                const auto vector = format == OutputFormat::svg ? VectorFormat::svg : VectorFormat::pdf;
                std::vector<std::uint8_t> doc;
                {
                    Lap lap(timing.encode);
                    doc = canvas.vector_document(vector, figure.dpi, [&](Canvas& c) { draw_figure(figure, c); });
                }
                return write(task, format, doc);
            }
        }
        throw std::logic_error("unknown output format");
    }
};

Renderer::Renderer(const Config& config, const FontChoice& font, int rank,
                   std::unique_ptr<Source> source, StreamSizes sizes)
    : impl_(std::make_unique<Impl>(config, font, rank, std::move(source), sizes)) {}
Renderer::~Renderer() = default;

PlotRecord Renderer::render(const PlotTask& task, const SharedRanges& shared) {
    auto& im = *impl_;
    if (!task.job.error.empty()) return failed_record(task, im.rank, task.job.error);
    const auto start = std::chrono::steady_clock::now();
    PlotRecord record = blank_record(task, im.rank);
    try {
        im.timing = {};
        const PlotRule& rule = im.config.plots.at(task.draw.rule);
        std::optional<Figure> built;
        if (counted(task, rule, im.sizes)) {
            // Reading and counting are one: the time goes to reading, which dominates.
            Lap lap(im.timing.read);
            SlicePick pick = pick_slices(*im.source, task.read.file, task.read.dataset, task.read.fixed,
                                         task.read.slices, !task.draw.title_slice_at.empty());
            built = build_streamed_figure(task, rule, im.passes(task, rule, std::move(pick.fixed), record.decoded),
                                          im.config.figure, shared.value, pick.text);
        } else if (counted_rows(task, rule, im.sizes)) {
            Lap lap(im.timing.read);
            SlicePick pick =
                pick_slices(*im.source, task.read.file, task.read.dataset, task.read.fixed,
                            task.read.slices, !task.draw.title_slice_at.empty());
            // A figure that draws its points from the pass reads them again as it is drawn.
            built = build_rows_figure(
                task, rule, im.row_passes(task, rule, std::move(pick.fixed), record.decoded),
                im.config.figure, shared, pick.text);
        } else if (!task.parts.empty()) {
            built = im.composed(task, rule, shared, record);
        } else {
            PlotData data;
            {
                Lap lap(im.timing.read);
                data = im.read(task, rule);
            }
            record.decoded = data.decoded;
            Lap lap(im.timing.draw);
            built = build_figure(task, rule, std::move(data), im.config.figure, shared);
        }
        const Figure& figure = *built;
        record.ignored = figure.ignored;
        record.vmin = figure.vmin;
        record.vmax = figure.vmax;
        record.notes.insert(record.notes.end(), figure.notes.begin(), figure.notes.end());
        record.axes = drawn_axes(figure);
        const auto& output = im.config.output;
        const bool png = std::find(output.formats.begin(), output.formats.end(),
                                   OutputFormat::png) != output.formats.end();
        if (png || output.gallery) {  // the thumbnail is made from the image
            Lap lap(im.timing.draw);
            draw_figure(figure, im.canvas);
        }
        bool vector = false;
        for (const auto format : output.formats) {
            record.outputs.push_back(im.render_format(task, figure, format));
            vector = vector || format != OutputFormat::png;
        }
        if (vector)
            record.notes.insert(record.notes.end(), figure.vector_notes.begin(),
                                figure.vector_notes.end());
        if (output.gallery) record.thumbnail = im.write_thumbnail(task);
    } catch (const std::exception& e) {
        record.status = PlotStatus::failed;
        record.error = e.what();
        // A failed row owns no file: what this plot wrote before it failed (its PNG when
        // the disk filled up on its thumbnail, say) goes too.
        if (record.thumbnail) record.outputs.push_back(*record.thumbnail);
        for (const auto& out : record.outputs) {
            std::error_code ec;
            std::filesystem::remove(im.config.output.dir / out.path, ec);
        }
        record.outputs.clear();
        record.thumbnail.reset();
    }
    record.timing = im.timing;
    record.render_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return record;
}

PlotExtents Renderer::scan_extents(const PlotTask& task) {
    auto& im = *impl_;
    PlotExtents extents;
    if (!task.job.error.empty()) return extents;
    try {
        const PlotRule& rule = im.config.plots.at(task.draw.rule);
        PlotData data;
        if (counted(task, rule, im.sizes)) {
            std::vector<std::string> decoded;
            SlicePick pick = pick_slices(*im.source, task.read.file, task.read.dataset, task.read.fixed,
                                         task.read.slices, false);
            if (task.limits_group >= 0)
                extents.value = streamed_extent(rule, im.passes(task, rule, std::move(pick.fixed), decoded));
            return extents;
        }
        if (counted_rows(task, rule, im.sizes)) {
            std::vector<std::string> decoded;
            SlicePick pick = pick_slices(*im.source, task.read.file, task.read.dataset,
                                         task.read.fixed, task.read.slices, false);
            if (task.limits_group >= 0 || task.x_limits_group >= 0)
                extents = rows_extents(task, rule,
                                       im.row_passes(task, rule, std::move(pick.fixed), decoded),
                                       task.limits_group >= 0, task.x_limits_group >= 0);
            return extents;
        }
        // A reduced line keeps each column's extremes, so its extents are the data's.
        data = im.read(task, rule);
        if (task.limits_group >= 0) extents.value = value_extent(rule, data);
        if (task.x_limits_group >= 0) extents.x = x_extent(task, rule, std::move(data));
    } catch (const std::exception&) {
        return extents;
    }
    return extents;
}

}  // namespace plotcluster

// The renderer in-process, from a source in memory: the same records and the same bytes
// as from an HDF5 file holding the same datasets.
#include "plotcluster/render/renderer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "plotcluster/canvas/font.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/figure/plot_kind.hpp"
#include "plotcluster/hdf5/reader.hpp"
#include "support/h5_writer.hpp"
#include "support/memory_source.hpp"
#include "support/scratch_dir.hpp"

namespace plotcluster {
namespace {

namespace fs = std::filesystem;

std::vector<double> ramp(std::size_t n, double scale, double offset = 0) {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = offset + scale * std::sin(0.3 * static_cast<double>(i)) * static_cast<double>(i);
    return v;
}

std::string bytes_of(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class RendererInProcess : public test::ScratchDirTest {
protected:
    // Datasets of every kind the rules below draw, and some they refuse.
    void fill(test::MemorySource& m, const std::string& file) const {
        m.add(file, "/lines/a", {50}, ramp(50, 1.5), {{"long_name", "Density"}, {"units", "kg/m^3"}});
        auto gaps = ramp(30, -2);
        gaps[4] = std::numeric_limits<double>::quiet_NaN();
        gaps[9] = std::numeric_limits<double>::infinity();
        m.add(file, "/lines/b", {30}, gaps);  // 30 values against a 50-value x: fails
        m.add(file, "/grid/t", {50}, ramp(50, 0.1, 10));
        m.add(file, "/probes/p1", {20}, ramp(20, 1), {{"long_name", "Probe one"}, {"units", "K"}});
        m.add(file, "/probes/p2", {20}, ramp(20, -1), {{"units", "K"}});
        std::vector<double> cube(std::size_t{3} * 4 * 5);
        for (std::size_t i = 0; i < cube.size(); ++i) cube[i] = static_cast<double>((i * 7) % 11);
        m.add(file, "/cube", {3, 4, 5}, cube);
        m.add(file, "/flat", {1, 6, 7}, ramp(42, 3));
        m.add(file, "/hist", {200}, ramp(200, 0.25));
        m.add(file, "/points", {40, 2}, ramp(80, 1));
        m.add(file, "/wide", {3, 3}, ramp(9, 1));  // a line of 2-D data: fails
    }

    // The same datasets, written to an HDF5 file.
    static void write(const test::MemorySource& m, const fs::path& file) {
        test::H5Writer w(file);
        for (const auto& [key, d] : m.datasets()) {
            w.write(key.second, d.shape, d.values);
            for (const auto& [name, text] : d.attrs) w.attr(key.second, name, text);
        }
        w.close();
    }

    Config config(const fs::path& out) const {
        const std::string yaml = R"(input:
  files: ["in.h5"]
output:
  dir: )" + out.string() + R"(
  formats: [png, svg]
figure: {width: 240, height: 180}
plots:
  - match: "/lines/*"
    kind: line
    x: /grid/t
    title: "{attr:long_name}"
  - match: "/probes/*"
    kind: line
    group: parent
  - match: "/cube"
    kind: heatmap
    slice: {axis: 0, index: 1}
  - match: "/flat"
    kind: heatmap
    colormap: magma
    origin: upper
  - match: "/hist"
    kind: histogram
  - match: "/points"
    kind: scatter
  - match: "/wide"
    kind: line
)";
        return parse_config(yaml, "test.yaml", dir_, kind_syntaxes());
    }
};

TEST_F(RendererInProcess, MemorySourceDrawsWhatTheHdf5FileDraws) {
    const std::string file = (dir_ / "in.h5").string();
    test::MemorySource memory;
    fill(memory, file);
    write(memory, file);

    const Config from_file = config(dir_ / "hdf5");
    const Config from_memory = config(dir_ / "memory");
    ASSERT_EQ(from_file.input.files.size(), 1u);

    // The catalogs agree on what the plan reads from them.
    Reader reader(0);
    const Catalog on_disk = reader.catalog({file});
    const Catalog in_memory = memory.catalog({file});
    ASSERT_TRUE(on_disk.unreadable.empty());
    ASSERT_EQ(on_disk.datasets.size(), in_memory.datasets.size());
    for (std::size_t i = 0; i < on_disk.datasets.size(); ++i) {
        const auto& a = on_disk.datasets[i];
        const auto& b = in_memory.datasets[i];
        EXPECT_EQ(a.dataset, b.dataset);
        EXPECT_EQ(a.shape, b.shape);
        EXPECT_EQ(a.dtype.name, b.dtype.name);
        EXPECT_EQ(a.attrs, b.attrs) << a.dataset;
    }
    const Plan plan = make_plan(from_file, on_disk);
    const Plan same = make_plan(from_memory, in_memory);
    ASSERT_EQ(plan.tasks.size(), same.tasks.size());
    ASSERT_EQ(plan.tasks.size(), 8u);  // lines a, b; the probes group; cube, flat, hist, points, wide
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
        const auto& a = plan.tasks[i];
        const auto& b = same.tasks[i];
        EXPECT_EQ(a.read.dataset, b.read.dataset);
        EXPECT_EQ(a.read.members, b.read.members);
        EXPECT_EQ(a.draw.member_labels, b.draw.member_labels);
        EXPECT_EQ(a.read.fixed, b.read.fixed);
        EXPECT_EQ(a.draw.title, b.draw.title);
        EXPECT_EQ(a.draw.y_label, b.draw.y_label);
        EXPECT_EQ(a.draw.value_label, b.draw.value_label);
        EXPECT_EQ(a.job.output_stem, b.job.output_stem);
        EXPECT_EQ(a.job.error, b.job.error);
    }

    const FontChoice font = choose_font(from_file.figure.font);
    std::vector<PlotRecord> drawn;
    {
        Renderer renderer(from_file, font, 0);
        for (const auto& t : plan.tasks) drawn.push_back(renderer.render(t));
    }
    fs::remove(file);  // the in-memory renderer reads no file
    auto source = std::make_unique<test::MemorySource>(memory);
    const test::MemorySource* reads = source.get();
    Renderer renderer(from_memory, font, 0, std::move(source));
    int ok = 0, failed = 0;
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
        const PlotRecord& a = drawn[i];
        const PlotRecord b = renderer.render(same.tasks[i]);
        SCOPED_TRACE(a.dataset + ": " + a.error.value_or("ok"));
        EXPECT_EQ(a.dataset, b.dataset);
        EXPECT_EQ(a.status, b.status);
        EXPECT_EQ(a.error, b.error);
        EXPECT_EQ(a.kind, b.kind);
        EXPECT_EQ(a.shape, b.shape);
        EXPECT_EQ(a.vmin, b.vmin);
        EXPECT_EQ(a.vmax, b.vmax);
        EXPECT_EQ(a.ignored, b.ignored);
        EXPECT_EQ(a.decoded, b.decoded);
        ASSERT_EQ(a.outputs.size(), b.outputs.size());
        for (std::size_t k = 0; k < a.outputs.size(); ++k) {
            EXPECT_EQ(a.outputs[k].path, b.outputs[k].path);
            EXPECT_EQ(a.outputs[k].bytes, b.outputs[k].bytes);
            EXPECT_EQ(a.outputs[k].sha256, b.outputs[k].sha256);
            const std::string bytes = bytes_of(dir_ / "memory" / b.outputs[k].path);
            EXPECT_EQ(bytes.size(), b.outputs[k].bytes);
            EXPECT_TRUE(bytes == bytes_of(dir_ / "hdf5" / a.outputs[k].path)) << a.outputs[k].path;
        }
        ASSERT_EQ(a.thumbnail.has_value(), b.thumbnail.has_value());
        if (a.thumbnail) {
            EXPECT_EQ(a.thumbnail->sha256, b.thumbnail->sha256);
        }
        (a.status == PlotStatus::ok ? ok : failed) += 1;
    }
    EXPECT_EQ(ok, 6);
    EXPECT_EQ(failed, 2);  // /lines/b against the x of 50, /wide as a line
    // Every dataset each readable task draws (and its x) was read from memory, once, and
    // the coordinates of those a heatmap or a line without x draws.
    std::uint64_t expected = 0;
    for (const auto& t : same.tasks) {
        if (!t.job.error.empty()) continue;
        expected += std::max<std::uint64_t>(t.read.members.size(), 1) + t.read.companions.size();
        if (t.draw.kind == "heatmap" || (t.draw.kind == "line" && t.read.companions.empty())) ++expected;
    }
    EXPECT_EQ(reads->reads(), expected);
}

// Each ok row records what its axes show, so scripts can read the extent without the
// image: the line's x is its x dataset's range, the heatmap's colour range is vmin..vmax.
TEST_F(RendererInProcess, RecordsSayWhatTheAxesShow) {
    const std::string file = (dir_ / "in.h5").string();
    test::MemorySource memory;
    fill(memory, file);
    const Config cfg = config(dir_ / "memory");
    const Plan plan = make_plan(cfg, memory.catalog({file}));
    Renderer renderer(cfg, choose_font(cfg.figure.font), 0, std::make_unique<test::MemorySource>(memory));
    int checked = 0;
    for (const auto& task : plan.tasks) {
        const PlotRecord r = renderer.render(task);
        SCOPED_TRACE(r.dataset);
        if (r.status != PlotStatus::ok) {
            EXPECT_TRUE(r.axes.empty());
            continue;
        }
        ASSERT_EQ(r.axes.size(), 1u);
        const DrawnPanel& p = r.axes[0];
        EXPECT_LT(p.x.lo, p.x.hi);
        EXPECT_LT(p.y.lo, p.y.hi);
        if (r.dataset == "/lines/a") {
            const auto t = ramp(50, 0.1, 10);
            const auto [t_lo, t_hi] = std::minmax_element(t.begin(), t.end());
            EXPECT_LE(p.x.lo, *t_lo);
            EXPECT_GE(p.x.hi, *t_hi);
            EXPECT_LT(p.x.hi - p.x.lo, 1.2 * (*t_hi - *t_lo)) << "the data's range plus margins";
            EXPECT_EQ(p.x.scale, "linear");
            EXPECT_NE(p.y.label.find("kg/m^3"), std::string::npos) << p.y.label;
            EXPECT_FALSE(p.color.has_value());
            ++checked;
        }
        if (r.dataset == "/flat") {
            ASSERT_TRUE(p.color.has_value());
            EXPECT_EQ(p.color->lo, r.vmin);
            EXPECT_EQ(p.color->hi, r.vmax);
            EXPECT_LE(p.x.lo, 0);  // 7 columns and 6 rows, drawn whole
            EXPECT_GE(p.x.hi, 6);
            EXPECT_LE(p.y.lo, 0);
            EXPECT_GE(p.y.hi, 5);
            ++checked;
        }
    }
    EXPECT_EQ(checked, 2);
}

// The two sources select alike: fixed axes, singleton axes, a scalar, and the errors'
// kinds of reason.
TEST_F(RendererInProcess, MemorySelectionsMatchHdf5Hyperslabs) {
    const std::string file = (dir_ / "sel.h5").string();
    test::MemorySource memory;
    std::vector<double> cube(std::size_t{2} * 3 * 4);
    for (std::size_t i = 0; i < cube.size(); ++i) cube[i] = static_cast<double>(i);
    memory.add(file, "/cube", {2, 3, 4}, cube);
    memory.add(file, "/slab", {1, 3, 1}, {5, 6, 7});
    memory.add(file, "/one", {}, {42});
    write(memory, file);
    Reader reader(0);
    const std::vector<std::vector<std::int64_t>> selections = {
        {}, {-1, -1, -1}, {1, -1, -1}, {-1, 2, -1}, {-1, -1, 3}, {0, 1, -1}, {1, 2, 3}};
    for (const auto& fixed : selections) {
        const Array a = reader.read_slab(file, "/cube", fixed);
        const Array b = memory.read_slab(file, "/cube", fixed);
        EXPECT_EQ(a.shape, b.shape);
        EXPECT_EQ(a.values, b.values);
    }
    EXPECT_EQ(memory.read_slab(file, "/slab", {}).shape, reader.read_slab(file, "/slab", {}).shape);
    EXPECT_EQ(memory.read_slab(file, "/slab", {}).values, reader.read_slab(file, "/slab", {}).values);
    EXPECT_EQ(memory.read_slab(file, "/one", {}).values, reader.read_slab(file, "/one", {}).values);
    // Streams in chunks of 3 along the one kept axis.
    std::vector<double> streamed;
    const auto got = memory.read_chunks(file, "/cube", {1, -1, 2}, 2,
                                        [&](std::span<const double> v) { streamed.insert(streamed.end(), v.begin(), v.end()); });
    EXPECT_EQ(got.values, 3u);
    EXPECT_EQ(streamed, reader.read_slab(file, "/cube", {1, -1, 2}).values);
    for (const auto& bad : std::vector<std::vector<std::int64_t>>{{2, -1, -1}, {0, 0}}) {
        EXPECT_THROW(reader.read_slab(file, "/cube", bad), DatasetError);
        EXPECT_THROW(memory.read_slab(file, "/cube", bad), DatasetError);
    }
    EXPECT_THROW(memory.read_slab(file, "/nothing", {}), DatasetError);
    streamed.clear();
    memory.read_chunks(file, "/cube", {}, 4,
                       [&](std::span<const double> v) { streamed.insert(streamed.end(), v.begin(), v.end()); });
    EXPECT_EQ(streamed, reader.read_slab(file, "/cube", {}).values);  // every axis, in C order
    EXPECT_THROW(memory.read_chunks(file, "/nothing", {}, 4, [](std::span<const double>) {}), DatasetError);
}

// A histogram of more values than are read whole is counted in passes over chunks of
// the file (any number of axes), and draws the very image the whole read draws.
TEST_F(RendererInProcess, StreamedHistogramsDrawWhatWholeReadsDraw) {
    const std::string file = (dir_ / "in.h5").string();
    std::vector<double> cube(std::size_t{4} * 50 * 60), ints(3001);
    for (std::size_t i = 0; i < cube.size(); ++i) {
        cube[i] = std::sin(0.37 * static_cast<double>(i)) * std::sqrt(static_cast<double>(i % 977));
    }
    cube[17] = std::numeric_limits<double>::quiet_NaN();
    cube[18] = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < ints.size(); ++i) ints[i] = static_cast<double>((i * i) % 13);
    {
        test::H5Writer w(file);
        w.write("/h/cube", {4, 50, 60}, cube);
        w.write("/h/ints", {3001}, ints);
        w.close();
    }
    auto config = [&](const std::string& out, const std::string& options) {
        const std::string yaml = "input:\n  files: [\"in.h5\"]\noutput:\n  dir: " + (dir_ / out).string() +
                                 "\n  formats: [png]\nfigure: {width: 240, height: 180}\nplots:\n"
                                 "  - {match: \"/h/*\", kind: histogram" + options + "}\n";
        return parse_config(yaml, "test.yaml", dir_, kind_syntaxes());
    };
    for (const std::string options : {"", ", bins: 17, log: true", ", limits: [-5, 5]", ", limits: rule"}) {
        SCOPED_TRACE(options);
        const Config whole_cfg = config("whole", options), streamed_cfg = config("streamed", options);
        Reader reader(0);
        const Plan plan = make_plan(whole_cfg, reader.catalog({file}));
        ASSERT_EQ(plan.tasks.size(), 2u);
        const FontChoice font = choose_font(whole_cfg.figure.font);
        Renderer whole(whole_cfg, font, 0);
        Renderer streamed(streamed_cfg, font, 0, nullptr, StreamSizes{100, 37});
        for (const PlotTask& t : plan.tasks) {
            PlotTask scanned = t;  // as if in a limits group: only those are scanned
            scanned.limits_group = 0;
            const auto extent = whole.scan_extents(scanned).value;
            ASSERT_TRUE(extent);
            EXPECT_EQ(streamed.scan_extents(scanned).value, extent);
            const std::optional<SharedRange> shared =
                options == ", limits: rule" ? std::optional(SharedRange{extent->first - 3, extent->second})
                                            : std::nullopt;
            const PlotRecord a = whole.render(t, shared), b = streamed.render(t, shared);
            ASSERT_EQ(a.status, PlotStatus::ok) << a.error.value_or("");
            ASSERT_EQ(b.status, PlotStatus::ok) << b.error.value_or("");
            EXPECT_EQ(a.ignored, b.ignored);
            EXPECT_EQ(a.vmin, b.vmin);
            EXPECT_EQ(a.vmax, b.vmax);
            ASSERT_EQ(a.outputs.size(), 1u);
            ASSERT_EQ(b.outputs.size(), 1u);
            EXPECT_EQ(a.outputs[0].sha256, b.outputs[0].sha256) << t.read.dataset;
        }
    }
    // It is streamed: one read per pass (a tally, the quartiles, the counts), from memory too.
    test::MemorySource memory;
    memory.add(file, "/h/cube", {4, 50, 60}, cube);
    auto source = std::make_unique<test::MemorySource>(memory);
    const test::MemorySource* reads = source.get();
    const Config cfg = config("memory", "");
    Renderer streamed(cfg, choose_font(cfg.figure.font), 0, std::move(source), StreamSizes{100, 37});
    const Plan plan = make_plan(cfg, memory.catalog({file}));
    ASSERT_EQ(plan.tasks.size(), 1u);
    EXPECT_EQ(streamed.render(plan.tasks[0]).status, PlotStatus::ok);
    EXPECT_GE(reads->reads(), 3u);
}

// A scatter of more values than `above` is drawn from passes over its rows (RowPass), x,
// y and colours in step, stamped chunk by chunk in data order: the same PNG, SVG and PDF
// as the whole read, translucent or not, coloured or not, with NaN points left out, with
// shared limits, on log axes, with markers too large to stamp (paths sharing one fill).
TEST_F(RendererInProcess, ScatterInRowsDrawsWhatTheWholeReadDraws) {
    const std::string file = (dir_ / "in.h5").string();
    constexpr std::size_t n = 3001;  // in chunks of 18 rows of N×2, or 37 points with x
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> xy(2 * n), mass(n), t(n), y(n), ij(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
        const double k = static_cast<double>(i);
        xy[2 * i] = std::sin(0.013 * k) * (1 + 0.001 * k);
        xy[2 * i + 1] = std::cos(0.029 * k) * std::sqrt(k);
        mass[i] = std::fmod(0.37 * k, 5.0);
        t[i] = 0.5 * k;
        y[i] = std::sin(0.05 * k);
    }
    for (std::size_t i = 0; i < ij.size(); ++i) ij[i] = static_cast<double>((i * 7) % 23);
    xy[80] = nan;  // point 40
    xy[1401] = std::numeric_limits<double>::infinity();  // point 700
    mass[5] = nan;
    mass[2000] = nan;
    y[333] = nan;
    {
        test::H5Writer w(file);
        w.write("/s/xy", {n, 2}, xy);
        w.write("/s/mass", {n}, mass);
        w.attr("/s/mass", "units", "kg");
        w.write("/s/t", {n}, t);
        w.write("/s/y", {n}, y);
        w.write("/s/ij", {n, 2}, ij);  // integer ticks follow what every chunk holds
        std::vector<double> frames(3 * xy.size());  // three frames of points, the middle one xy
        for (std::size_t i = 0; i < frames.size(); ++i)
            frames[i] = i / xy.size() == 1 ? xy[i % xy.size()] : 100.0 + static_cast<double>(i);
        w.write("/s/frames", {3, n, 2}, frames);
        w.close();
    }
    auto config = [&](const std::string& out, const std::string& options, const std::string& dpi) {
        const std::string yaml =
            "input:\n  files: [\"in.h5\"]\noutput:\n  dir: " + (dir_ / out).string() +
            "\n  formats: [png, svg, pdf]\nfigure: {width: 240, height: 180" + dpi +
            "}\nplots:\n  - {match: /s/xy, kind: scatter" + options +
            "}\n  - {match: /s/y, kind: scatter, x: t" + options +
            "}\n  - {match: /s/ij, kind: scatter" + options +
            "}\n  - {match: /s/frames, kind: scatter, slice: {axis: 0, index: 1}" + options +
            "}\n";
        return parse_config(yaml, "test.yaml", dir_, kind_syntaxes());
    };
    struct Case {
        std::string options;
        std::string dpi;
    };
    for (const Case& c : std::vector<Case>{
             {"", ""},
             {", alpha: 0.3", ""},
             {", color_by: mass", ""},
             {", color_by: mass, alpha: 0.3", ""},
             {", color_by: mass, color: red, alpha: 0.3, marker: s", ""},
             {", yscale: log, xscale: log", ""},
             {", limits: rule, x_limits: rule", ""},
             {", marker_size: 200", ", dpi: 300"},
             {", marker_size: 200, alpha: 0.5, marker: x", ", dpi: 300"},
             {", marker_size: 200, color_by: mass", ", dpi: 300"}}) {
        SCOPED_TRACE(c.options + c.dpi);
        const Config whole_cfg = config("whole", c.options, c.dpi);
        const Config rows_cfg = config("rows", c.options, c.dpi);
        Reader reader(0);
        const Plan plan = make_plan(whole_cfg, reader.catalog({file}));
        ASSERT_EQ(plan.tasks.size(), 4u);
        const FontChoice font = choose_font(whole_cfg.figure.font);
        Renderer whole(whole_cfg, font, 0);
        Renderer rows(rows_cfg, font, 0, nullptr, StreamSizes{100, 37});
        for (const PlotTask& task : plan.tasks) {
            SCOPED_TRACE(task.read.dataset);
            PlotTask scanned = task;  // as if in limits groups: only those are scanned
            scanned.limits_group = 0;
            scanned.x_limits_group = 0;
            const PlotExtents e = whole.scan_extents(scanned), f = rows.scan_extents(scanned);
            ASSERT_TRUE(e.value && e.x);
            EXPECT_EQ(f.value, e.value);
            EXPECT_EQ(f.x, e.x);
            SharedRanges shared;
            if (c.options.find("rule") != std::string::npos)
                shared = {SharedRange{e.value->first - 2, e.value->second + 1},
                          SharedRange{e.x->first - 3, e.x->second}};
            const PlotRecord a = whole.render(task, shared), b = rows.render(task, shared);
            ASSERT_EQ(a.status, PlotStatus::ok) << a.error.value_or("");
            ASSERT_EQ(b.status, PlotStatus::ok) << b.error.value_or("");
            EXPECT_EQ(a.ignored, b.ignored);
            EXPECT_EQ(a.vmin, b.vmin);
            EXPECT_EQ(a.vmax, b.vmax);
            EXPECT_EQ(a.notes, b.notes);
            EXPECT_EQ(a.decoded, b.decoded);
            ASSERT_EQ(a.outputs.size(), 3u);
            ASSERT_EQ(b.outputs.size(), 3u);
            for (std::size_t k = 0; k < 3; ++k)
                EXPECT_EQ(a.outputs[k].sha256, b.outputs[k].sha256) << a.outputs[k].path;
        }
    }
    // From memory too, and it is read in rows: every dataset's chunks, once to learn the
    // ranges and once for each format drawn.
    test::MemorySource memory;
    memory.add(file, "/s/xy", {n, 2}, xy);
    memory.add(file, "/s/mass", {n}, mass);
    auto source = std::make_unique<test::MemorySource>(memory);
    const test::MemorySource* reads = source.get();
    const Config cfg = config("memory", ", color_by: mass", "");
    Renderer rows(cfg, choose_font(cfg.figure.font), 0, std::move(source), StreamSizes{100, 37});
    const Plan plan = make_plan(cfg, memory.catalog({file}));
    ASSERT_EQ(plan.tasks.size(), 1u);
    EXPECT_EQ(rows.render(plan.tasks[0]).status, PlotStatus::ok);
    EXPECT_GE(reads->reads(), 4u * (n / 18));
}

// What fails a whole scatter fails it in rows, with the same message: no finite point,
// colours of no finite value, a companion whose length changed since the plan.
TEST_F(RendererInProcess, ScatterInRowsFailsAsTheWholeReadFails) {
    const std::string file = "in.h5";
    constexpr std::size_t n = 500;
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> xy(2 * n), mass(n, nan), t(n), y(n, nan);
    for (std::size_t i = 0; i < n; ++i) {
        xy[2 * i] = static_cast<double>(i);
        xy[2 * i + 1] = std::sin(static_cast<double>(i));
        t[i] = static_cast<double>(i);
    }
    test::MemorySource memory;
    memory.add(file, "/s/xy", {n, 2}, xy);
    memory.add(file, "/s/mass", {n}, mass);
    memory.add(file, "/s/t", {n}, t);
    memory.add(file, "/s/y", {n}, y);
    const std::string yaml = "input:\n  files: [\"in.h5\"]\noutput:\n  dir: " +
                             (dir_ / "out").string() +
                             "\n  formats: [png]\nfigure: {width: 240, height: 180}\nplots:\n"
                             "  - {match: /s/xy, kind: scatter, color_by: mass}\n"
                             "  - {match: /s/y, kind: scatter, x: t}\n";
    const Config cfg = parse_config(yaml, "test.yaml", dir_, kind_syntaxes());
    const Plan plan = make_plan(cfg, memory.catalog({file}));
    ASSERT_EQ(plan.tasks.size(), 2u);
    // The file as it is at drawing time: the colours and x one value short.
    test::MemorySource changed = memory;
    changed.add(file, "/s/mass", {n - 1}, std::vector<double>(n - 1, 1.0));
    changed.add(file, "/s/t", {n - 1}, std::vector<double>(n - 1, 1.0));
    const FontChoice font = choose_font(cfg.figure.font);
    for (const test::MemorySource* source : {&memory, &changed}) {
        Renderer whole(cfg, font, 0, std::make_unique<test::MemorySource>(*source));
        Renderer rows(cfg, font, 0, std::make_unique<test::MemorySource>(*source),
                      StreamSizes{100, 37});
        for (const PlotTask& task : plan.tasks) {
            const PlotRecord a = whole.render(task), b = rows.render(task);
            EXPECT_EQ(a.status, PlotStatus::failed);
            EXPECT_EQ(b.status, PlotStatus::failed);
            EXPECT_EQ(a.error, b.error);
            EXPECT_TRUE(b.outputs.empty());
        }
    }
    Renderer rows(cfg, font, 0, std::make_unique<test::MemorySource>(memory), StreamSizes{100, 37});
    EXPECT_EQ(rows.render(plan.tasks[0]).error.value_or(""),
              "color_by dataset '/s/mass' has no finite values at the plotted points (all NaN "
              "or Inf)");
    EXPECT_EQ(rows.render(plan.tasks[1]).error.value_or(""), "no finite points to plot");
    Renderer shorter(cfg, font, 0, std::make_unique<test::MemorySource>(changed),
                     StreamSizes{100, 37});
    EXPECT_EQ(shorter.render(plan.tasks[0]).error.value_or(""),
              "color_by dataset '/s/mass' has 499 values but the plot has 500 points");
    EXPECT_EQ(shorter.render(plan.tasks[1]).error.value_or(""),
              "x dataset '/s/t' has 499 values but '/s/y' has 500");
}

// Above rasterized_markers points an SVG holds them as one image whether they came whole
// or in rows (the canvas gathers a run of marker calls): the same document, the same note.
TEST_F(RendererInProcess, ManyScatterPointsInRowsAreOneImageInAnSvg) {
    const std::string file = "in.h5";
    const std::size_t n = rasterized_markers + 3000;
    std::vector<double> xy(2 * n), mass(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double k = static_cast<double>(i);
        xy[2 * i] = std::sin(0.0011 * k) * k;
        xy[2 * i + 1] = std::cos(0.0007 * k) * std::sqrt(k);
        mass[i] = std::fmod(k, 97.0);
    }
    test::MemorySource memory;
    memory.add(file, "/s/xy", {n, 2}, xy);
    memory.add(file, "/s/mass", {n}, mass);
    auto config = [&](const std::string& out) {
        const std::string yaml =
            "input:\n  files: [\"in.h5\"]\noutput:\n  dir: " + (dir_ / out).string() +
            "\n  formats: [png, svg, pdf]\nfigure: {width: 240, height: 180}\nplots:\n"
            "  - {match: /s/xy, kind: scatter, color_by: mass, alpha: 0.5}\n";
        return parse_config(yaml, "test.yaml", dir_, kind_syntaxes());
    };
    const Config whole_cfg = config("whole"), rows_cfg = config("rows");
    const Plan plan = make_plan(whole_cfg, memory.catalog({file}));
    ASSERT_EQ(plan.tasks.size(), 1u);
    const FontChoice font = choose_font(whole_cfg.figure.font);
    Renderer whole(whole_cfg, font, 0, std::make_unique<test::MemorySource>(memory));
    Renderer rows(rows_cfg, font, 0, std::make_unique<test::MemorySource>(memory),
                  StreamSizes{1000, std::uint64_t{1} << 14});
    const PlotRecord a = whole.render(plan.tasks[0]), b = rows.render(plan.tasks[0]);
    ASSERT_EQ(a.status, PlotStatus::ok) << a.error.value_or("");
    ASSERT_EQ(b.status, PlotStatus::ok) << b.error.value_or("");
    ASSERT_EQ(a.outputs.size(), 3u);
    ASSERT_EQ(b.outputs.size(), 3u);
    for (std::size_t k = 0; k < 3; ++k)
        EXPECT_EQ(a.outputs[k].sha256, b.outputs[k].sha256) << a.outputs[k].path;
    const std::string note =
        "scatter: " + std::to_string(n) + " points rasterized into the SVG/PDF as an image";
    EXPECT_NE(std::find(a.notes.begin(), a.notes.end(), note), a.notes.end());
    EXPECT_EQ(a.notes, b.notes);
    // Two images, the markers' and the colorbar's: chunks of 8192 points, each drawn as
    // paths or an image of its own, would not be this document.
    const std::string svg = bytes_of(dir_ / "rows" / b.outputs[1].path);
    std::size_t images = 0;
    for (auto at = svg.find("<image"); at != std::string::npos; at = svg.find("<image", at + 1))
        ++images;
    EXPECT_EQ(images, 2u);
}

// CF decoding from the attributes the source holds, as read/cf_decode.hpp defines it.
TEST_F(RendererInProcess, MemorySourceDecodesWhenAsked) {
    test::MemorySource memory;
    auto& d = memory.add("f.h5", "/packed", {4}, {0, 1, 2, -1});
    CfStorage storage;
    storage.dtype = DType{DType::Class::integer, 2, true, false, "int16"};
    CfAttributes attrs;
    attrs["scale_factor"] = CfAttribute{DType{DType::Class::floating, 8, true, false, "float64"}, {0.5}, ""};
    attrs["_FillValue"] = CfAttribute{storage.dtype, {-1}, ""};
    d.cf = std::make_pair(storage, attrs);
    const Array raw = memory.read_slab("f.h5", "/packed", {}, false);
    EXPECT_EQ(raw.values, (std::vector<double>{0, 1, 2, -1}));
    EXPECT_TRUE(raw.decoded.empty());
    const Array decoded = memory.read_slab("f.h5", "/packed", {}, true);
    EXPECT_EQ(decoded.values[1], 0.5);
    EXPECT_EQ(decoded.values[2], 1.0);
    EXPECT_TRUE(std::isnan(decoded.values[3]));
    EXPECT_EQ(decoded.decoded, (std::vector<std::string>{"_FillValue", "scale_factor"}));
}

// The manifest's axes give the physical ranges and labels the coordinates put on them;
// a line too long to read whole is streamed and still drawn against its coordinate.
TEST_F(RendererInProcess, CoordinatesReachTheRecordedAxes) {
    const std::string file = (dir_ / "in.h5").string();
    test::MemorySource memory;
    auto& field = memory.add(file, "/field", {2, 3}, {0, 1, 2, 3, 4, 5}, {{"units", "K"}});
    AxisCoordinate x;
    x.name = "x";
    x.units = "km";
    x.source = CoordinateSource::dimension_scale;
    field.coordinates[1] = {x, {30.0, 20.0, 10.0}, {}, {}, ""};  // descending
    AxisCoordinate z;
    z.name = "z";
    z.source = CoordinateSource::dimension_scale;
    field.coordinates[0] = {z, {0.0, 1.0, 5.0}, {}, {}, ""};  // edges, uneven
    const std::uint64_t n = (std::uint64_t{1} << 22) + 10;  // streamed (renderer.cpp)
    std::vector<double> values(n);
    for (std::uint64_t i = 0; i < n; ++i) values[i] = static_cast<double>(i % 1000);
    auto& long_line = memory.add(file, "/long", {n}, std::move(values));
    AxisCoordinate t;
    t.name = "time";
    t.units = "s";
    t.form = AxisCoordinate::Form::uniform;
    t.cells = n;
    t.start = 100;
    t.step = 0.5;
    t.source = CoordinateSource::openpmd;
    long_line.coordinates[0] = {t, {}, {}, {}, ""};
    const std::string yaml = R"(input: {files: ["in.h5"]}
output: {dir: )" + (dir_ / "out").string() + R"(, formats: [png]}
figure: {width: 240, height: 180}
plots:
  - {match: /field, kind: heatmap}
  - {match: /long, kind: line}
)";
    const Config cfg = parse_config(yaml, "test.yaml", dir_, kind_syntaxes());
    const Plan plan = make_plan(cfg, memory.catalog({file}));
    ASSERT_EQ(plan.tasks.size(), 2u);
    Renderer renderer(cfg, choose_font(cfg.figure.font), 0, std::make_unique<test::MemorySource>(memory));
    const PlotRecord heat = renderer.render(plan.tasks[0]);
    ASSERT_EQ(heat.status, PlotStatus::ok) << heat.error.value_or("");
    ASSERT_EQ(heat.axes.size(), 1u);
    EXPECT_EQ(heat.axes[0].x.label, "x [km]");
    EXPECT_DOUBLE_EQ(heat.axes[0].x.lo, 5);
    EXPECT_DOUBLE_EQ(heat.axes[0].x.hi, 35);
    EXPECT_EQ(heat.axes[0].y.label, "z");
    EXPECT_DOUBLE_EQ(heat.axes[0].y.lo, 0);
    EXPECT_DOUBLE_EQ(heat.axes[0].y.hi, 5);
    const PlotRecord line = renderer.render(plan.tasks[1]);
    ASSERT_EQ(line.status, PlotStatus::ok) << line.error.value_or("");
    EXPECT_EQ(line.axes[0].x.label, "time [s]");
    const double last = 100 + 0.5 * static_cast<double>(n - 1);
    EXPECT_LT(line.axes[0].x.lo, 100);
    EXPECT_GT(line.axes[0].x.lo, 100 - 0.06 * (last - 100));
    EXPECT_GT(line.axes[0].x.hi, last);
    EXPECT_LT(line.axes[0].x.hi, last + 0.06 * (last - 100));

    // A coordinate the source cannot place fails the row with its message, not the run.
    test::MemorySource broken = memory;
    auto& bad = broken.add(file, "/field", {2, 3}, {0, 1, 2, 3, 4, 5});
    bad.coordinates[1] = {x, {30.0, 10.0, 20.0}, {}, {}, ""};
    Renderer failing(cfg, choose_font(cfg.figure.font), 0, std::make_unique<test::MemorySource>(broken));
    const PlotRecord failed = failing.render(plan.tasks[0]);
    EXPECT_EQ(failed.status, PlotStatus::failed);
    EXPECT_NE(failed.error.value_or("").find("not monotonic"), std::string::npos) << failed.error.value_or("");
    EXPECT_NE(failed.error.value_or("").find("axis 1 ('x')"), std::string::npos) << failed.error.value_or("");
}

}  // namespace
}  // namespace plotcluster

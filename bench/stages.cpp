// Times the stages of one plot in this process, without MPI: building the figure, drawing
// it, encoding the PNG at several levels, then what a run adds per plot at its default
// level: the gallery thumbnail, the SHA-256 of both files, and writing both atomically
// (into a temporary folder). Prints the median of many repeats, so the share of each
// stage (and the encode floor) is visible.
//
//   build-release/bench/plotcluster-bench-stages [repeats]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "plotcluster/canvas/cairo_canvas.hpp"
#include "plotcluster/canvas/font.hpp"
#include "plotcluster/encode/atomic_file.hpp"
#include "plotcluster/encode/png.hpp"
#include "plotcluster/encode/sha256.hpp"
#include "plotcluster/encode/thumbnail.hpp"
#include "plotcluster/figure/chart.hpp"
#include "plotcluster/figure/figure.hpp"
#include "plotcluster/figure/plot_kind.hpp"

using namespace plotcluster;

namespace {

double median_ms(int repeats, const std::function<void()>& work) {
    std::vector<double> ms;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        work();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::nth_element(ms.begin(), ms.begin() + static_cast<std::ptrdiff_t>(ms.size() / 2), ms.end());
    return ms[ms.size() / 2];
}

// The benchmark's data (bench/make_data.py): a damped sine with 5% noise, 10,000 points;
// a Gaussian bump on a wave, 256x256.
PlotData line_data() {
    std::mt19937 rng(1);
    std::normal_distribution<double> noise;
    std::vector<double> y(10000);
    for (std::size_t i = 0; i < y.size(); ++i) {
        const double t = static_cast<double>(i) / 9999.0;
        y[i] = 1e3 * (std::sin(2 * std::numbers::pi * 7 * t) * std::exp(-t) + 0.05 * noise(rng));
    }
    PlotData d;
    d.series.push_back({"/lines/series_0000", Array{{y.size()}, std::move(y)}});
    return d;
}

PlotData heatmap_data() {
    std::mt19937 rng(2);
    std::normal_distribution<double> noise;
    constexpr std::size_t n = 256;
    std::vector<double> z(n * n);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const double x = j / 255.0, y = i / 255.0;
            z[i * n + j] = std::exp(-((x - 0.4) * (x - 0.4) + (y - 0.6) * (y - 0.6)) / 0.02) +
                           0.3 * std::sin(6 * std::numbers::pi * x * 0.7) + 0.02 * noise(rng);
        }
    }
    PlotData d;
    d.series.push_back({"/heatmaps/field_0000", Array{{n, n}, std::move(z)}});
    return d;
}

PlotTask task(const std::string& kind, const std::string& dataset) {
    PlotTask t;
    t.read.file = "bench_00.h5";
    t.read.dataset = dataset;
    t.draw.kind = kind;
    t.draw.title = dataset + " (bench_00)";
    t.draw.x_label = kind == "line" ? "index" : "axis 1";
    t.draw.y_label = kind == "line" ? "Energy [J]" : "axis 0";
    t.draw.value_label = "Density [kg/m^3]";
    return t;
}

// A rule of `kind` with its default options, as the config makes it.
PlotRule rule_of(const std::string& kind) {
    return parse_config("input: {files: [a.h5]}\noutput: {dir: out}\nplots: [{match: /**, kind: " + kind + "}]\n",
                        "bench.yaml", "/", kind_syntaxes())
        .plots.at(0);
}

void stages(const char* name, const std::string& kind, const PlotData& data, int repeats,
            const std::filesystem::path& folder) {
    FigureConfig style;  // 800x600 at dpi 100
    const FontFace face(style.font);
    CairoCanvas canvas(style.width, style.height, face);
    const PlotTask t = task(kind, data.series.front().dataset);
    const PlotRule rule = rule_of(kind);

    std::optional<Figure> figure;
    const double build = median_ms(repeats, [&] { figure = build_figure(t, rule, data, style); });
    const double draw = median_ms(repeats, [&] { draw_figure(*figure, canvas); });
    std::printf("%-8s build %6.2f ms  draw %6.2f ms", name, build, draw);
    for (int level : {1, 2, 6}) {
        std::size_t bytes = 0;
        const double encode = median_ms(repeats, [&] { bytes = encode_png(canvas.pixels(), level).size(); });
        std::printf("  encode@%d %6.2f ms (%zu B)", level, encode, bytes);
    }
    const auto png = encode_png(canvas.pixels(), 1);
    std::vector<std::uint8_t> thumb;
    const double thumbnail = median_ms(repeats, [&] { thumb = encode_thumbnail(canvas.pixels(), 1); });
    const double sha = median_ms(repeats, [&] { sha256_hex(png), sha256_hex(thumb); });
    const double write = median_ms(repeats, [&] {
        write_file_atomically(folder / (std::string(name) + ".png"), png);
        write_file_atomically(folder / ".thumbnails" / (std::string(name) + ".png"), thumb);
    });
    std::printf("\n%-8s thumbnail %6.2f ms (%zu B)  sha256 %6.2f ms  write %6.2f ms\n", "", thumbnail,
                thumb.size(), sha, write);
}

}  // namespace

int main(int argc, char** argv) {
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 41;
    std::string pattern = (std::filesystem::temp_directory_path() / "plotcluster-stages-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        std::perror("plotcluster-bench-stages: mkdtemp");
        return 1;
    }
    const std::filesystem::path folder = pattern;
    stages("line", "line", line_data(), repeats, folder);
    stages("heatmap", "heatmap", heatmap_data(), repeats, folder);
    std::filesystem::remove_all(folder);
    return 0;
}

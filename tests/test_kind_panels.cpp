// Composition (issue 17): `overlay:` on a heatmap and `kind: panels`, from config keys
// through the plan's parts to the composed figure and the rendered row.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "plotcluster/canvas/cairo_canvas.hpp"
#include "plotcluster/canvas/font.hpp"
#include "plotcluster/config/config.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/figure/chart.hpp"
#include "plotcluster/figure/compose.hpp"
#include "plotcluster/figure/plot_kind.hpp"
#include "plotcluster/plan/fingerprint.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/read/source.hpp"
#include "plotcluster/render/renderer.hpp"
#include "support/memory_source.hpp"
#include "support/recording_canvas.hpp"
#include "support/scratch_dir.hpp"

namespace plotcluster {
namespace {

const std::string file = "/data/run_0042.h5";

Config parse(const std::string& plots, const std::string& out = "/out") {
    return parse_config("input: {files: ['*.h5']}\noutput: {dir: " + out + "}\nplots:\n" + plots,
                        "config.yaml", "/cfg", kind_syntaxes());
}

std::string config_error(const std::string& plots) {
    try {
        parse(plots);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "no error";
}

std::vector<double> field(std::size_t rows, std::size_t cols, double scale) {
    std::vector<double> v(rows * cols);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j)
            v[i * cols + j] = scale * std::sin(0.3 * double(i)) * std::cos(0.2 * double(j));
    return v;
}

// Four fields of one output, and particle positions.
test::MemorySource source() {
    test::MemorySource m;
    m.add(file, "/fields/rho", {12, 16}, field(12, 16, 1));
    m.add(file, "/fields/temp", {12, 16}, field(12, 16, 3));
    m.add(file, "/fields/p", {12, 16}, field(12, 16, 10));
    m.add(file, "/fields/vx", {12, 16}, field(12, 16, -2));
    m.add(file, "/fields/label", {4}, {1, 2, 3, 4});  // 1-D: no heatmap
    m.add(file, "/particles/x", {5}, {1, 3, 5, 7, 9});
    m.add(file, "/particles/y", {5}, {2, 4, 6, 8, 10});
    return m;
}

const std::string four_panels = R"(  - match: /fields/rho
    kind: panels
    layout: [2, 2]
    share: colorbar
    panels:
      - {dataset: rho, kind: heatmap}
      - {dataset: temp, kind: heatmap}
      - {dataset: /fields/p, kind: heatmap, title: pressure}
      - {dataset: vx, kind: heatmap}
)";

TEST(PanelsConfig, PartsAreRulesOfTheirOwnAfterThePlots) {
    const Config c = parse(four_panels +
                           "  - {match: /fields/**, kind: heatmap, overlay: [{kind: scatter, "
                           "dataset: /particles/y, x: /particles/x}]}\n");
    ASSERT_EQ(c.plots.size(), 2U + 4 + 1);
    EXPECT_FALSE(c.plots[0].part);
    ASSERT_EQ(c.plots[0].parts.size(), 4U);
    EXPECT_EQ(c.plots[0].parts[0].role, PartRole::panel);
    EXPECT_EQ(c.plots[0].parts[0].rule, 2U);
    EXPECT_EQ(c.plots[0].parts[2].dataset, "/fields/p");
    EXPECT_TRUE(c.plots[2].part);
    EXPECT_EQ(kind_name(c.plots[4]), "heatmap");
    EXPECT_EQ(c.plots[4].title, "pressure");
    ASSERT_EQ(c.plots[1].parts.size(), 1U);
    EXPECT_EQ(c.plots[1].parts[0].role, PartRole::overlay);
    EXPECT_EQ(c.plots[1].parts[0].rule, 6U);
    EXPECT_EQ(kind_name(c.plots[6]), "scatter");
    const auto grid = plot_kind(c.plots[0]).panel_grid(c.plots[0]);
    ASSERT_TRUE(grid);
    EXPECT_EQ(grid->rows, 2);
    EXPECT_EQ(grid->cols, 2);
    EXPECT_EQ(grid->share, PanelShare::colorbar);
    EXPECT_FALSE(plot_kind(c.plots[1]).panel_grid(c.plots[1]));
}

TEST(PanelsConfig, ErrorsNameTheKeyPathAndLine) {
    EXPECT_NE(config_error("  - {match: /a, kind: panels, panels: [{dataset: b, kind: heatmap}, "
                           "{kind: heatmp}]}\n")
                  .find("plots[0].panels[1].kind: unknown kind 'heatmp'"),
              std::string::npos);
    const std::string nested = config_error(
        "  - match: /a\n    kind: heatmap\n    overlay:\n      - {kind: panels, panels: [{kind: "
        "heatmap}]}\n");
    EXPECT_NE(nested.find("config.yaml:7: plots[0].overlay[0].kind: 'panels' cannot be an overlay"),
              std::string::npos)
        << nested;
    const std::string small = config_error(
        "  - match: /a\n    kind: panels\n    layout: [1, 2]\n    panels: [{kind: heatmap}, {kind: "
        "heatmap}, {kind: line}]\n");
    EXPECT_NE(small.find("plots[0].layout: [1, 2] holds 2 panels, but panels lists 3"),
              std::string::npos)
        << small;
    EXPECT_NE(config_error("  - {match: /a, kind: line, overlay: [{kind: heatmap}]}\n")
                  .find("plots[0].overlay: does not apply to kind line (only to heatmap)"),
              std::string::npos);
    EXPECT_NE(config_error("  - {match: /a, kind: panels}\n").find("missing required key 'panels'"),
              std::string::npos);
    EXPECT_NE(config_error("  - {match: /a, kind: panels, panels: [{kind: heatmap, match: /b}]}\n")
                  .find("plots[0].panels[0].match: unknown key"),
              std::string::npos);
    EXPECT_NE(
        config_error("  - {match: /a, kind: panels, panels: [{kind: heatmap, dataset: 'f*'}]}\n")
            .find("plots[0].panels[0].dataset: must name one dataset"),
        std::string::npos);
    EXPECT_NE(
        config_error("  - {match: /a, kind: panels, share: colourbar, panels: [{kind: heatmap}]}\n")
            .find("plots[0].share: unknown share 'colourbar'"),
        std::string::npos);
    EXPECT_NE(config_error("  - {match: /a, kind: heatmap, overlay: []}\n")
                  .find("plots[0].overlay: must list at least one overlay"),
              std::string::npos);
}

TEST(PanelsPlan, PartsResolveInTheAnchorsFile) {
    const Config c = parse(four_panels);
    test::MemorySource m = source();
    const Plan plan = make_plan(c, m.catalog({file}));
    ASSERT_EQ(plan.tasks.size(), 1U) << "the parts match nothing by themselves";
    const PlotTask& t = plan.tasks[0];
    EXPECT_EQ(t.read.dataset, "/fields/rho");
    EXPECT_EQ(t.job.error, "");
    EXPECT_EQ(t.draw.title, "run_0042");
    ASSERT_EQ(t.parts.size(), 4U);
    EXPECT_EQ(t.parts[1].read.dataset, "/fields/temp");
    EXPECT_EQ(t.parts[1].label, "panel 2 (/fields/temp)");
    EXPECT_EQ(t.parts[1].draw.title, "/fields/temp");
    EXPECT_EQ(t.parts[2].draw.title, "pressure");
    EXPECT_EQ(t.parts[1].draw.kind, "heatmap");
    EXPECT_EQ(t.parts[1].draw.rule, 2U);
    EXPECT_EQ(t.parts[1].read.shape, (std::vector<std::uint64_t>{12, 16}));
}

TEST(PanelsPlan, MissingOverlayFailsTheRowAMissingPanelOnlyItsPanel) {
    const Config c = parse(R"(  - match: /fields/rho
    kind: heatmap
    overlay:
      - {kind: heatmap, dataset: /fields/psi}
  - match: /fields/temp
    kind: panels
    panels: [{kind: heatmap}, {kind: heatmap, dataset: nothing}, {kind: heatmap, dataset: label}]
)");
    test::MemorySource m = source();
    const Plan plan = make_plan(c, m.catalog({file}));
    const PlotTask* rho = nullptr;
    const PlotTask* temp = nullptr;
    for (const auto& t : plan.tasks) {
        if (t.read.dataset == "/fields/rho") rho = &t;
        if (t.read.dataset == "/fields/temp") temp = &t;
    }
    ASSERT_TRUE(rho && temp);
    EXPECT_EQ(rho->job.error,
              "overlay 1 (/fields/psi): dataset '/fields/psi' is not in 'run_0042.h5'");
    EXPECT_EQ(temp->job.error, "");
    ASSERT_EQ(temp->parts.size(), 3U);
    EXPECT_EQ(temp->parts[0].read.dataset, "/fields/temp") << "no dataset: the anchor's";
    EXPECT_EQ(temp->parts[1].error, "dataset '/fields/nothing' is not in 'run_0042.h5'");
    EXPECT_NE(temp->parts[2].error.find("heatmap needs 2-D data"), std::string::npos)
        << temp->parts[2].error;
}

TEST(PanelsPlan, EveryPanelFailingFailsTheRow) {
    const Config c = parse(
        "  - {match: /fields/rho, kind: panels, panels: [{kind: heatmap, dataset: no}, {kind: "
        "heatmap, dataset: label}]}\n");
    test::MemorySource m = source();
    const PlotTask t = make_plan(c, m.catalog({file})).tasks.at(0);
    EXPECT_EQ(t.job.error.rfind("every panel fails: panel 1 (/fields/no): dataset '/fields/no' is "
                                "not in 'run_0042.h5'; panel 2 (/fields/label): ",
                                0),
              0U)
        << t.job.error;
}

TEST(PanelsPlan, FingerprintFollowsThePartsRules) {
    test::MemorySource m = source();
    const Config a = parse(four_panels);
    std::string changed = four_panels;
    changed.replace(changed.find("{dataset: vx, kind: heatmap}"), 28,
                    "{dataset: vx, kind: heatmap, colormap: magma}");
    const Config b = parse(changed);
    const PlotTask ta = make_plan(a, m.catalog({file})).tasks.at(0);
    const PlotTask tb = make_plan(b, m.catalog({file})).tasks.at(0);
    EXPECT_NE(plot_fingerprint(a, ta, {}, "v"), plot_fingerprint(b, tb, {}, "v"));
    EXPECT_EQ(plot_fingerprint(a, ta, {}, "v"), plot_fingerprint(a, ta, {}, "v"));
}

// The composed figure, from data in memory.
struct Composed {
    Figure figure;
    std::vector<std::string> notes;
};

Composed compose(const Config& c, test::MemorySource m) {
    const Plan plan = make_plan(c, m.catalog({file}));
    const PlotTask& t = plan.tasks.at(0);
    test::MemorySource reading = m;
    const PartReader reader = [&](const PlotTask& part, const PlotRule& rule) {
        return read_plot(reading, part, rule);
    };
    Composed out;
    std::optional<Figure> base;
    const PlotRule& rule = c.plots.at(t.draw.rule);
    if (!plot_kind(rule).panel_grid(rule))
        base = build_figure(t, rule, read_plot(reading, t, rule), c.figure);
    out.figure = compose_figure(t, c.plots, std::move(base), reader, c.figure, out.notes);
    return out;
}

TEST(PanelsFigure, SharedColorbarIsOneRangeOverAllPanels) {
    const Composed got = compose(parse(four_panels), source());
    const Figure& f = got.figure;
    EXPECT_EQ(f.rows, 2);
    EXPECT_EQ(f.cols, 2);
    ASSERT_EQ(f.panels.size(), 4U);
    EXPECT_TRUE(got.notes.empty());
    EXPECT_EQ(f.title, "run_0042");
    EXPECT_EQ(f.panels[0].title, "/fields/rho");
    EXPECT_EQ(f.panels[2].title, "pressure");
    ASSERT_TRUE(f.shared_colorbar);
    for (const Panel& p : f.panels) {
        EXPECT_FALSE(p.colorbar) << "one colorbar for the figure";
        const auto* image = find_layer<ImageLayer>(p);
        ASSERT_NE(image, nullptr);
        EXPECT_EQ(image->vmin, f.shared_colorbar->vmin) << "every panel coloured on one range";
        EXPECT_EQ(image->vmax, f.shared_colorbar->vmax);
    }
    // The pressure field spans ±10, the widest: the shared range holds it.
    EXPECT_LE(f.shared_colorbar->vmin, -9);
    EXPECT_GE(f.shared_colorbar->vmax, 9);
}

TEST(PanelsFigure, ASharedColorbarOverOtherColormapsIsANote) {
    std::string other = four_panels;
    other.replace(other.find("{dataset: vx, kind: heatmap}"), 28,
                  "{dataset: vx, kind: heatmap, colormap: magma}");
    const Composed got = compose(parse(other), source());
    ASSERT_EQ(got.notes.size(), 1U);
    EXPECT_EQ(got.notes[0],
              "panel 4 (/fields/vx): its colormap or norm differs from the first panel's, which "
              "the shared colorbar shows");
}

TEST(PanelsFigure, WithoutShareEachPanelKeepsItsColorbar) {
    std::string own = four_panels;
    own.erase(own.find("    share: colorbar\n"), 20);
    const Figure f = compose(parse(own), source()).figure;
    EXPECT_FALSE(f.shared_colorbar);
    ASSERT_EQ(f.panels.size(), 4U);
    ASSERT_TRUE(f.panels[0].colorbar && f.panels[2].colorbar);
    EXPECT_LT(f.panels[0].colorbar->vmax, f.panels[2].colorbar->vmax);
}

TEST(PanelsFigure, ShareXAndYSpanEveryPanel) {
    test::MemorySource m = source();
    m.add(file, "/series/a", {5}, {1, 2, 3, 4, 5});
    m.add(file, "/series/b", {20}, std::vector<double>(20, 50.0));
    const Config c = parse(
        "  - {match: /series/a, kind: panels, share: both, panels: [{kind: line}, {kind: line, "
        "dataset: b}]}\n");
    const Figure f = compose(c, m).figure;
    EXPECT_EQ(f.rows, 1);
    EXPECT_EQ(f.cols, 2);
    ASSERT_EQ(f.panels.size(), 2U);
    EXPECT_EQ(f.panels[0].x.lo, f.panels[1].x.lo);
    EXPECT_EQ(f.panels[0].x.hi, f.panels[1].x.hi);
    EXPECT_GE(f.panels[0].x.hi, 19);
    EXPECT_EQ(f.panels[0].y.hi, f.panels[1].y.hi);
    EXPECT_GE(f.panels[0].y.hi, 50);
}

TEST(PanelsFigure, AFailedPanelIsDrawnEmptyWithItsMessage) {
    test::MemorySource m = source();
    m.add(file, "/fields/nan", {4, 4}, std::vector<double>(16, std::nan("")));
    const Config c = parse(
        "  - {match: /fields/rho, kind: panels, panels: [{kind: heatmap}, {kind: heatmap, dataset: "
        "temp}, {kind: heatmap, dataset: nan}, {kind: heatmap, dataset: p}]}\n");
    const Composed got = compose(c, m);
    ASSERT_EQ(got.figure.panels.size(), 4U);
    const Panel& failed = got.figure.panels[2];
    EXPECT_TRUE(failed.layers.empty());
    EXPECT_EQ(failed.title, "/fields/nan");
    EXPECT_NE(failed.message.find("no finite values"), std::string::npos) << failed.message;
    ASSERT_EQ(got.notes.size(), 1U);
    EXPECT_EQ(got.notes[0].rfind("panel 3 (/fields/nan): no finite values", 0), 0U) << got.notes[0];
    EXPECT_FALSE(got.figure.panels[3].layers.empty());
}

TEST(PanelsFigure, EveryPanelFailingAtDrawTimeThrows) {
    test::MemorySource m = source();
    m.add(file, "/fields/nan", {4, 4}, std::vector<double>(16, std::nan("")));
    const Config c = parse(
        "  - {match: /fields/rho, kind: panels, panels: [{kind: heatmap, dataset: nan}, {kind: "
        "heatmap, dataset: nan, title: again}]}\n");
    try {
        compose(c, m);
        FAIL() << "expected a DatasetError";
    } catch (const DatasetError& e) {
        EXPECT_EQ(std::string(e.what()).rfind(
                      "every panel fails: panel 1 (/fields/nan): no finite values", 0),
                  0U)
            << e.what();
    }
}

TEST(PanelsFigure, OverlayLayersGoOnTheBasePanelInOrder) {
    const Config c = parse(R"(  - match: /fields/rho
    kind: heatmap
    overlay:
      - {kind: scatter, dataset: /particles/y, x: /particles/x, color: white}
      - {kind: line, dataset: /particles/x}
)");
    const Figure f = compose(c, source()).figure;
    ASSERT_EQ(f.panels.size(), 1U);
    const Panel& p = f.panels[0];
    ASSERT_EQ(p.layers.size(), 3U);
    EXPECT_TRUE(std::holds_alternative<ImageLayer>(p.layers[0]));
    EXPECT_TRUE(std::holds_alternative<MarkersLayer>(p.layers[1]));
    EXPECT_TRUE(std::holds_alternative<LinesLayer>(p.layers[2]));
    EXPECT_EQ(p.x.lo, -0.5) << "the base's axes";
    EXPECT_EQ(p.x.hi, 15.5);
    ASSERT_TRUE(p.colorbar);
}

TEST(PanelsFigure, OverlayWithoutDatasetDrawsTheBasesOwn) {
    const Config c =
        parse("  - {match: /fields/rho, kind: heatmap, overlay: [{kind: histogram}]}\n");
    test::MemorySource m = source();
    const PlotTask t = make_plan(c, m.catalog({file})).tasks.at(0);
    ASSERT_EQ(t.parts.size(), 1U);
    EXPECT_EQ(t.parts[0].read.dataset, "/fields/rho");
}

TEST(PanelsFigure, OverlaysOfAPanelGoOnThatPanel) {
    const Config c = parse(R"(  - match: /fields/rho
    kind: panels
    panels:
      - {kind: heatmap, overlay: [{kind: scatter, dataset: /particles/y, x: /particles/x}]}
      - {kind: heatmap, dataset: temp, overlay: [{kind: heatmap, dataset: /fields/missing}]}
)");
    const Composed got = compose(c, source());
    ASSERT_EQ(got.figure.panels.size(), 2U);
    EXPECT_EQ(got.figure.panels[0].layers.size(), 2U);
    EXPECT_TRUE(got.figure.panels[1].layers.empty());
    ASSERT_EQ(got.notes.size(), 1U);
    EXPECT_EQ(got.notes[0],
              "panel 2 (/fields/temp): overlay 1 (/fields/missing): dataset '/fields/missing' is "
              "not in 'run_0042.h5'");
}

TEST(PanelsFigure, AutoGridIsNearSquare) {
    EXPECT_EQ(auto_grid(1), (std::pair{1, 1}));
    EXPECT_EQ(auto_grid(2), (std::pair{1, 2}));
    EXPECT_EQ(auto_grid(3), (std::pair{1, 3}));
    EXPECT_EQ(auto_grid(4), (std::pair{2, 2}));
    EXPECT_EQ(auto_grid(5), (std::pair{2, 3}));
    EXPECT_EQ(auto_grid(6), (std::pair{2, 3}));
    EXPECT_EQ(auto_grid(7), (std::pair{3, 3}));
    EXPECT_EQ(auto_grid(10), (std::pair{3, 4}));
}

// ---- drawn: the figure's draw calls, measured with the real font -------------------------

const FontFace& dejavu() {
    static FontFace face("DejaVu Sans");
    return face;
}

// Draws the figure, text measured as the PNG's Cairo canvas measures it.
struct Drawn {
    CairoCanvas metrics;
    test::RecordingCanvas canvas;
    explicit Drawn(const Figure& f)
        : metrics(f.width, f.height, dejavu()), canvas(f.width, f.height, &metrics) {
        draw_figure(f, canvas);
    }
    double tick_font(const Figure& f) const { return 10 * f.dpi / 72; }
};

// The tick labels as drawn, by where they line up: x tick labels of one row of the grid
// (top-aligned and centred under their ticks, one baseline), y tick labels of one column
// (right-aligned) and colorbar labels (left-aligned), one anchor x each.
enum class TickRow { x, y, colorbar };
std::map<std::pair<TickRow, long>, std::vector<test::TextCall>> tick_labels(Drawn& d,
                                                                            const Figure& f) {
    std::set<std::string> axis_labels;  // drawn in the tick labels' font, a row lower
    for (const Panel& p : f.panels) axis_labels.insert({p.x.label, p.y.label});
    std::map<std::pair<TickRow, long>, std::vector<test::TextCall>> rows;
    for (const test::TextCall& t : d.canvas.texts) {
        if (t.style.angle != 0 || t.style.size != d.tick_font(f)) continue;
        if (axis_labels.contains(t.text)) continue;
        if (t.style.valign == VAlign::top && t.style.halign == HAlign::center) {
            rows[{TickRow::x, std::lround(t.anchor.y)}].push_back(t);
        } else if (t.style.valign == VAlign::center && t.style.halign == HAlign::right) {
            rows[{TickRow::y, std::lround(t.anchor.x)}].push_back(t);
        } else if (t.style.valign == VAlign::center && t.style.halign == HAlign::left) {
            rows[{TickRow::colorbar, std::lround(t.anchor.x)}].push_back(t);
        }
    }
    return rows;
}

bool intersect(const Rect& a, const Rect& b) {
    return a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom();
}

// "'0' and '10000'" for each two labels of one row or column whose boxes intersect.
std::vector<std::string> overlapping(Drawn& d, const Figure& f) {
    std::vector<std::string> out;
    for (const auto& [where, labels] : tick_labels(d, f)) {
        for (std::size_t i = 0; i < labels.size(); ++i) {
            for (std::size_t j = i + 1; j < labels.size(); ++j) {
                if (intersect(d.canvas.text_box(labels[i]), d.canvas.text_box(labels[j])))
                    out.push_back("'" + labels[i].text + "' and '" + labels[j].text + "'");
            }
        }
    }
    return out;
}

std::size_t count_of(Drawn& d, const Figure& f, TickRow which) {
    std::size_t n = 0;
    for (const auto& [where, labels] : tick_labels(d, f))
        n += where.first == which ? labels.size() : 0;
    return n;
}

// Series whose tick labels are wide (x to 12345.6, y to ±1000), and fields beside them.
test::MemorySource series_source() {
    test::MemorySource m = source();
    std::vector<double> x(200);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = 12345.6 * double(i) / 199;
    m.add(file, "/series/x", {200}, x);
    for (int k = 0; k < 9; ++k) {
        std::vector<double> y(200);
        for (std::size_t i = 0; i < y.size(); ++i)
            y[i] = std::sin(x[i] / 1000 * (k + 1)) * std::pow(10.0, k % 4);
        m.add(file, "/series/s" + std::to_string(k), {200}, y);
    }
    return m;
}

Config small(Config c) {
    c.figure.width = 320;
    c.figure.height = 240;
    return c;
}

// At 320×240 the axes of a 2×2 or 3×3 grid are shorter than their labels at matplotlib's
// tick density: fewer ticks (down to one), never labels on top of each other.
TEST(PanelsDraw, TickLabelsNeverOverlapOnSmallGrids) {
    {
        const Config c = small(parse(
            "  - {match: /fields/rho, kind: panels, layout: [2, 2], panels: [{kind: heatmap}, "
            "{kind: heatmap, dataset: temp}, {kind: contour, dataset: p, filled: true}, {kind: "
            "heatmap, dataset: vx}]}\n"));
        const Figure f = compose(c, source()).figure;
        Drawn d(f);
        EXPECT_EQ(overlapping(d, f), std::vector<std::string>{});
        EXPECT_GE(count_of(d, f, TickRow::x), 4U) << "every panel keeps an x tick label";
        EXPECT_GE(count_of(d, f, TickRow::y), 4U);
        EXPECT_GE(count_of(d, f, TickRow::colorbar), 4U) << "and each colorbar one";
    }
    std::string nine;
    for (int k = 0; k < 9; ++k)
        nine += std::string(k ? ", " : "") + "{kind: line, dataset: /series/s" + std::to_string(k) +
                ", x: /series/x}";
    const Config c = small(
        parse("  - {match: /fields/rho, kind: panels, layout: [3, 3], panels: [" + nine + "]}\n"));
    const Figure f = compose(c, series_source()).figure;
    Drawn d(f);
    EXPECT_EQ(overlapping(d, f), std::vector<std::string>{});
    EXPECT_GE(count_of(d, f, TickRow::x), 9U);
    EXPECT_GE(count_of(d, f, TickRow::y), 9U);
}

// A failed panel is drawn axis off (matplotlib's ax.axis("off")): its title, its message
// and a light frame, no ticks or tick labels where the axes would have them.
TEST(PanelsDraw, AFailedPanelIsDrawnAxisOff) {
    test::MemorySource m = source();
    m.add(file, "/fields/nan", {4, 4}, std::vector<double>(16, std::nan("")));
    const Config c = parse(
        "  - {match: /fields/rho, kind: panels, panels: [{kind: heatmap}, {kind: heatmap, dataset: "
        "temp}, {kind: heatmap, dataset: nan}, {kind: heatmap, dataset: p}]}\n");
    const Figure f = compose(c, m).figure;
    ASSERT_TRUE(f.panels.at(2).axis_off);
    EXPECT_FALSE(f.panels[0].axis_off);
    Drawn d(f);
    // The bottom-left panel: nothing of its own is under it or left of it but its ticks.
    const Rect box = d.canvas.frames.at(2);
    std::size_t message = 0;
    for (const test::TextCall& t : d.canvas.texts) {
        const Rect r = d.canvas.text_box(t);
        const bool beside = r.x < box.right() && r.y >= box.bottom() - 1;
        const bool left = r.right() <= box.x + 1 && r.y < box.bottom() && r.bottom() > box.y;
        EXPECT_FALSE(beside || left) << "'" << t.text << "' drawn by the failed panel's axes";
        if (r.x >= box.x && r.right() <= box.right() && r.y >= box.y && r.bottom() <= box.bottom())
            ++message;
    }
    EXPECT_GT(message, 0U) << "its message is drawn inside it";
    for (const test::PolylineCall& p : d.canvas.polylines) {
        for (const Point& q : p.points) {
            const bool below = q.x > box.x && q.x < box.right() && q.y > box.bottom() + 1;
            const bool left = q.y > box.y && q.y < box.bottom() && q.x < box.x - 1;
            EXPECT_FALSE(below || left) << "a tick at (" << q.x << ", " << q.y << ")";
        }
    }
    EXPECT_FALSE(d.canvas.texts_equal("/fields/nan").empty()) << "its title stays";
}

// share: x / y hide the inner panels' tick labels and axis labels (matplotlib's sharex=True,
// sharey=True), except where the panel below (or left) has failed or is missing.
TEST(PanelsFigure, SharedAxesAreLabelledOnTheOuterPanelsWithData) {
    test::MemorySource m = source();
    m.add(file, "/fields/nan", {4, 4}, std::vector<double>(16, std::nan("")));
    const auto flags = [&](const std::string& share, const std::string& panels) {
        const Figure f = compose(parse("  - {match: /fields/rho, kind: panels, layout: [2, 2], "
                                       "share: " +
                                       share + ", panels: [" + panels + "]}\n"),
                                 m)
                             .figure;
        std::string out;  // per panel: x and y labelled (1) or not (0), '-' axis off
        for (const Panel& p : f.panels) {
            out += p.axis_off ? std::string("--")
                              : std::string(p.x_labels ? "1" : "0") + (p.y_labels ? "1" : "0");
            out += ' ';
        }
        return out;
    };
    const std::string four =
        "{kind: heatmap}, {kind: heatmap, dataset: temp}, {kind: heatmap, "
        "dataset: p}, {kind: heatmap, dataset: vx}";
    EXPECT_EQ(flags("both", four), "01 00 11 10 ");
    EXPECT_EQ(flags("x", four), "01 01 11 11 ");
    EXPECT_EQ(flags("y", four), "11 10 11 10 ");
    EXPECT_EQ(flags("none", four), "11 11 11 11 ");
    EXPECT_EQ(flags("colorbar", four), "11 11 11 11 ");
    // Panel 3 failed: panel 1 above it is its column's bottom-most with data, and panel 4
    // the left-most of its row.
    EXPECT_EQ(flags("both",
                    "{kind: heatmap}, {kind: heatmap, dataset: temp}, {kind: heatmap, "
                    "dataset: nan}, {kind: heatmap, dataset: vx}"),
              "11 00 -- 11 ");
    // Three panels in a 2×2 grid: nothing under panel 2.
    EXPECT_EQ(flags("both",
                    "{kind: heatmap}, {kind: heatmap, dataset: temp}, {kind: heatmap, "
                    "dataset: p}"),
              "01 10 11 ");
}

// Drawn: x tick labels and the x label only under the bottom row, y ones only left of the
// left column, and the axes get the room the hidden labels leave.
TEST(PanelsDraw, SharedAxesLabelOnlyTheOuterPanels) {
    std::string four;
    for (int k = 0; k < 4; ++k)
        four += std::string(k ? ", " : "") + "{kind: line, dataset: /series/s" + std::to_string(k) +
                ", x: /series/x, x_label: time, y_label: 'signal " + std::to_string(k) + "'}";
    const auto drawn = [&](const std::string& share) {
        const Figure f = compose(parse("  - {match: /fields/rho, kind: panels, layout: [2, 2], "
                                       "share: " +
                                       share + ", panels: [" + four + "]}\n"),
                                 series_source())
                             .figure;
        return std::pair{f, std::make_unique<Drawn>(f)};
    };
    const auto [shared, d] = drawn("both");
    const auto [apart, e] = drawn("none");
    std::set<long> x_rows, y_columns;
    for (const auto& [where, labels] : tick_labels(*d, shared)) {
        (where.first == TickRow::x ? x_rows : y_columns).insert(where.second);
    }
    ASSERT_EQ(x_rows.size(), 1U) << "one row of x tick labels";
    EXPECT_GT(*x_rows.begin(), d->canvas.frames.at(2).bottom()) << "under the bottom row";
    ASSERT_EQ(y_columns.size(), 1U) << "one column of y tick labels";
    EXPECT_LT(*y_columns.begin(), d->canvas.frames.at(0).x) << "left of the left column";
    EXPECT_EQ(d->canvas.texts_equal("time").size(), 2U);
    EXPECT_EQ(e->canvas.texts_equal("time").size(), 4U);
    EXPECT_EQ(d->canvas.texts_equal("signal 1").size(), 0U);
    EXPECT_EQ(d->canvas.texts_equal("signal 2").size(), 1U);
    // The inner panels keep their tick marks: as many polylines, fewer texts.
    EXPECT_LT(d->canvas.texts.size(), e->canvas.texts.size());
    for (std::size_t k = 0; k < 4; ++k) {
        EXPECT_GT(d->canvas.frames.at(k).h, e->canvas.frames.at(k).h) << "panel " << k + 1;
        EXPECT_GT(d->canvas.frames.at(k).w, e->canvas.frames.at(k).w) << "panel " << k + 1;
    }
}

class PanelsRender : public test::ScratchDirTest {};

// The rows as the renderer writes them: notes for a failed panel, a failed row for a
// failed overlay.
TEST_F(PanelsRender, RowsCarryNotesAndFailures) {
    test::MemorySource m = source();
    m.add(file, "/fields/nan", {4, 4}, std::vector<double>(16, std::nan("")));
    const Config c = parse(R"(  - match: /fields/rho
    kind: panels
    panels: [{kind: heatmap}, {kind: heatmap, dataset: temp}, {kind: heatmap, dataset: nan}, {kind: heatmap, dataset: p}]
  - match: /fields/temp
    kind: heatmap
    overlay: [{kind: heatmap, dataset: nan}]
  - match: /fields/p
    kind: heatmap
    overlay: [{kind: scatter, dataset: /particles/y, x: /particles/x}]
)",
                           dir_.string());
    const Plan plan = make_plan(c, m.catalog({file}));
    Renderer renderer(c, choose_font(c.figure.font), 0, std::make_unique<test::MemorySource>(m));
    int seen = 0;
    for (const auto& task : plan.tasks) {
        const PlotRecord r = renderer.render(task);
        if (r.dataset == "/fields/rho") {
            EXPECT_EQ(r.status, PlotStatus::ok) << r.error.value_or("");
            ASSERT_EQ(r.notes.size(), 1U);
            EXPECT_EQ(r.notes[0].rfind("panel 3 (/fields/nan): ", 0), 0U);
            EXPECT_EQ(r.axes.size(), 4U);
            ++seen;
        }
        if (r.dataset == "/fields/temp") {
            EXPECT_EQ(r.status, PlotStatus::failed);
            ASSERT_TRUE(r.error);
            EXPECT_EQ(r.error->rfind("overlay 1 (/fields/nan): no finite values", 0), 0U)
                << *r.error;
            ++seen;
        }
        if (r.dataset == "/fields/p") {
            EXPECT_EQ(r.status, PlotStatus::ok) << r.error.value_or("");
            ++seen;
        }
    }
    EXPECT_EQ(seen, 3);
}

}  // namespace
}  // namespace plotcluster

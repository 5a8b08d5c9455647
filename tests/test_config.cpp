#include "plotcluster/config/config.hpp"

#include <gtest/gtest.h>

#include <array>
#include <concepts>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <type_traits>
#include <fstream>
#include <string>

#include "plotcluster/error.hpp"
#include "plotcluster/figure/plot_kind.hpp"
#include "support/rules.hpp"

namespace plotcluster {
namespace {

namespace fs = std::filesystem;

Config parse(const std::string& yaml) {
    return parse_config(yaml, "config.yaml", "/base/cfg", kind_syntaxes());
}

using test::option_values;

// The ConfigError message for `yaml`, or a marker that makes the comparison fail.
std::string error_of(const std::string& yaml) {
    try {
        parse(yaml);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "<no error>";
}

// The smallest valid config, in flow style so each section is one line.
const std::string minimal =
    "input: {files: [a.h5]}\n"
    "output: {dir: out}\n"
    "plots: [{match: /x, kind: line}]\n";

TEST(Config, FullConfig) {
    const Config cfg = parse(R"(input:
  files: ["data/run_*.h5", extra.h5]
output:
  dir: out/demo
  name: "{file_stem}/{attr:units}"
  formats: [png]
  png_compression: 9
figure:
  width: 1024
  height: 512
  dpi: 150.5
  font: "Noto Sans"
plots:
  - match: "/timeseries/*"
    kind: line
    title: "{dataset}"
    x_label: "time [s]"
    y_label: "{attr:long_name} [{attr:units}]"
  - match: /fields/**
    kind: heatmap
    colormap: RdBu_r
run:
  on_error: abort
)");
    EXPECT_EQ(cfg.source, fs::path("config.yaml"));
    EXPECT_EQ(cfg.base_dir, fs::path("/base/cfg"));
    EXPECT_EQ(cfg.input.files, (std::vector<std::string>{"data/run_*.h5", "extra.h5"}));
    EXPECT_EQ(cfg.output.dir, fs::path("/base/cfg/out/demo"));
    EXPECT_EQ(cfg.output.name, "{file_stem}/{attr:units}");
    EXPECT_EQ(cfg.output.formats, std::vector<OutputFormat>{OutputFormat::png});
    EXPECT_EQ(cfg.output.png_compression, 9);
    EXPECT_EQ(cfg.figure.width, 1024);
    EXPECT_EQ(cfg.figure.height, 512);
    EXPECT_DOUBLE_EQ(cfg.figure.dpi, 150.5);
    EXPECT_EQ(cfg.figure.font, "Noto Sans");
    ASSERT_EQ(cfg.plots.size(), 2u);
    const PlotRule& line = cfg.plots[0];
    EXPECT_EQ(line.match, "/timeseries/*");
    EXPECT_EQ(kind_name(line), "line");
    EXPECT_EQ(line.title, "{dataset}");
    EXPECT_EQ(line.x_label, "time [s]");
    EXPECT_EQ(line.y_label, "{attr:long_name} [{attr:units}]");
    EXPECT_EQ(option_values(line).count("colormap"), 0U);  // a heatmap's key
    EXPECT_EQ(line.line, 14);
    const PlotRule& heat = cfg.plots[1];
    EXPECT_EQ(heat.match, "/fields/**");
    EXPECT_EQ(kind_name(heat), "heatmap");
    EXPECT_EQ(heat.title, std::nullopt);
    EXPECT_EQ(option_values(heat).at("colormap"), "RdBu_r");
    EXPECT_EQ(heat.line, 19);
    EXPECT_EQ(cfg.run.on_error, OnError::abort_run);
}

TEST(Config, GalleryCanBeTurnedOff) {
    EXPECT_FALSE(parse("input: {files: [a.h5]}\noutput: {dir: out, gallery: false}\n"
                       "plots: [{match: /x, kind: line}]\n")
                     .output.gallery);
}

TEST(Config, Defaults) {
    const Config cfg = parse(minimal);
    EXPECT_EQ(cfg.output.name, "{file_stem}/{dataset}");
    EXPECT_EQ(cfg.output.formats, std::vector<OutputFormat>{OutputFormat::png});
    EXPECT_EQ(cfg.output.png_compression, 1);
    EXPECT_TRUE(cfg.output.gallery);
    EXPECT_EQ(cfg.figure.width, 800);
    EXPECT_EQ(cfg.figure.height, 600);
    EXPECT_DOUBLE_EQ(cfg.figure.dpi, 100.0);
    EXPECT_EQ(cfg.figure.font, "DejaVu Sans");
    ASSERT_EQ(cfg.plots.size(), 1u);
    EXPECT_EQ(option_values(cfg.plots[0]).at("linewidth"), "1.5");
    EXPECT_EQ(cfg.plots[0].x_label, std::nullopt);
    EXPECT_EQ(cfg.plots[0].line, 3);
    EXPECT_EQ(cfg.run.on_error, OnError::continue_run);
}

TEST(Config, SingleStringForFiles) {
    const Config cfg =
        parse("input: {files: 'run_*.h5'}\n" + minimal.substr(minimal.find('\n') + 1));
    EXPECT_EQ(cfg.input.files, std::vector<std::string>{"run_*.h5"});
}

TEST(Config, OutputDirIsResolvedAgainstBaseDir) {
    auto dir_of = [](const std::string& dir) {
        return parse("input: {files: [a.h5]}\noutput: {dir: '" + dir +
                     "'}\nplots: [{match: /x, kind: line}]\n")
            .output.dir;
    };
    EXPECT_EQ(dir_of("out"), fs::path("/base/cfg/out"));
    EXPECT_EQ(dir_of("../out/./demo"), fs::path("/base/out/demo"));
    EXPECT_EQ(dir_of("out/"), fs::path("/base/cfg/out"));
    EXPECT_EQ(dir_of("/abs/out"), fs::path("/abs/out"));
}

TEST(Config, ToString) {
    EXPECT_EQ(to_string(OutputFormat::png), "png");
    EXPECT_EQ(to_string(OutputFormat::pdf), "pdf");
}

TEST(ConfigError, UnknownKeyWithSuggestion) {
    EXPECT_EQ(error_of(R"(input: {files: [a.h5]}
output: {dir: out}
plots:
  - match: /a
    kind: line
  - match: /b
    kind: heatmap
    colourmap: jet
)"),
              "config.yaml:8: plots[1].colourmap: unknown key (did you mean 'colormap'?)");
    EXPECT_EQ(error_of(minimal + "figure: {Width: 10}\n"),
              "config.yaml:4: figure.Width: unknown key (did you mean 'width'?)");
    EXPECT_EQ(error_of(minimal + "banana: 1\n"), "config.yaml:4: banana: unknown key");
}

TEST(ConfigError, DuplicateKey) {
    EXPECT_EQ(error_of(minimal + "run: {}\nrun: {}\n"),
              "config.yaml:5: run: duplicate key (first given on line 4)");
}

TEST(ConfigError, WrongTypes) {
    EXPECT_EQ(error_of(minimal + "figure:\n  height: 300\n  width: wide\n"),
              "config.yaml:6: figure.width: expected an integer, got 'wide'");
    EXPECT_EQ(error_of(minimal + "figure: {width: 800.5}\n"),
              "config.yaml:4: figure.width: expected an integer, got '800.5'");
    EXPECT_EQ(error_of(minimal + "figure: {width: true}\n"),
              "config.yaml:4: figure.width: expected an integer, got 'true'");
    EXPECT_EQ(error_of(minimal + "figure: {width: \"800\"}\n"),
              "config.yaml:4: figure.width: expected an integer, got the string '800'");
    EXPECT_EQ(error_of(minimal + "figure: {dpi: high}\n"),
              "config.yaml:4: figure.dpi: expected a number, got 'high'");
    EXPECT_EQ(error_of(minimal + "figure: {font: [a]}\n"),
              "config.yaml:4: figure.font: expected a string, got a list");
    EXPECT_EQ(error_of(minimal + "figure: 3\n"),
              "config.yaml:4: figure: expected a mapping, got '3'");
    EXPECT_EQ(error_of(minimal + "run:\n"), "config.yaml:4: run: expected a mapping, got nothing");
    EXPECT_EQ(error_of("input: {files: [a.h5, {x: 1}]}\noutput: {dir: out}\n"),
              "config.yaml:1: input.files[1]: expected a string, got a mapping");
}

TEST(ConfigError, ValuesOutOfRange) {
    EXPECT_EQ(error_of(minimal + "figure:\n  width: 0\n"),
              "config.yaml:5: figure.width: 0 is out of range (16..16384)");
    EXPECT_EQ(error_of(minimal + "figure: {height: 99999999999}\n"),
              "config.yaml:4: figure.height: 99999999999 is out of range (16..16384)");
    EXPECT_EQ(error_of(minimal + "figure: {dpi: 5}\n"),
              "config.yaml:4: figure.dpi: 5 is out of range (10..1200)");
    EXPECT_EQ(error_of("input: {files: [a.h5]}\noutput: {dir: out, png_compression: 13}\n"),
              "config.yaml:2: output.png_compression: 13 is out of range (0..12)");
    EXPECT_EQ(error_of(minimal + "figure: {font: ''}\n"),
              "config.yaml:4: figure.font: must not be empty");
}

TEST(Config, AlsoAndWhen) {
    const Config cfg = parse(
        "input: {files: [a.h5]}\noutput: {dir: out}\nplots:\n"
        "  - {match: /x, kind: heatmap, also: true, when: {ndim: 2, shape: [null, 2], attr: "
        "{units: m, NX_class: NXdata}}}\n"
        "  - {match: /x, kind: line, when: {shape: [100, any]}}\n"
        "  - {match: /x, kind: line}\n");
    ASSERT_EQ(cfg.plots.size(), 3U);
    const PlotRule& r = cfg.plots[0];
    EXPECT_TRUE(r.also);
    EXPECT_EQ(r.when.ndim, 2);
    ASSERT_TRUE(r.when.shape);
    EXPECT_EQ(*r.when.shape, (std::vector<std::optional<std::uint64_t>>{std::nullopt, 2}));
    // By name, whatever the order in the file.
    ASSERT_EQ(r.when.attrs.size(), 2U);
    EXPECT_EQ(r.when.attrs[0], (AttrCondition{"NX_class", "NXdata"}));
    EXPECT_EQ(r.when.attrs[1], (AttrCondition{"units", "m"}));
    EXPECT_FALSE(cfg.plots[1].also);
    EXPECT_EQ(cfg.plots[1].when.shape,
              (std::vector<std::optional<std::uint64_t>>{100, std::nullopt}));
    EXPECT_FALSE(cfg.plots[1].when.ndim);
    EXPECT_EQ(cfg.plots[2].when, RuleCondition{});
}

TEST(ConfigError, AlsoAndWhen) {
    const std::string head =
        "input: {files: [a.h5]}\noutput: {dir: out}\nplots:\n  - {match: /a, kind: line}\n"
        "  - {match: /b, kind: line}\n";
    auto third = [&](const std::string& keys) {
        return error_of(head + "  - {match: /x, kind: line, " + keys + "}\n");
    };
    EXPECT_EQ(third("when: {ndim: three}"),
              "config.yaml:6: plots[2].when.ndim: expected an integer 0..32, got 'three'");
    EXPECT_EQ(third("when: {ndim: 40}"),
              "config.yaml:6: plots[2].when.ndim: expected an integer 0..32, got '40'");
    EXPECT_EQ(third("when: {ndim: -1}"),
              "config.yaml:6: plots[2].when.ndim: expected an integer 0..32, got '-1'");
    EXPECT_EQ(third("when: {ndims: 3}"),
              "config.yaml:6: plots[2].when.ndims: unknown key (did you mean 'ndim'?)");
    EXPECT_EQ(third("when: {}"),
              "config.yaml:6: plots[2].when: expected at least one of ndim, shape, attr");
    EXPECT_EQ(third("when: 3"), "config.yaml:6: plots[2].when: expected a mapping, got '3'");
    EXPECT_EQ(
        third("when: {shape: 3}"),
        "config.yaml:6: plots[2].when.shape: expected a list of axis lengths (null: any), got '3'");
    EXPECT_EQ(
        third("when: {shape: [4, x]}"),
        "config.yaml:6: plots[2].when.shape[1]: expected an axis length or null (any), got 'x'");
    EXPECT_EQ(third("when: {shape: [4, 2], ndim: 3}"),
              "config.yaml:6: plots[2].when.shape: lists 2 axes but ndim is 3");
    EXPECT_EQ(third("when: {attr: [NX_class]}"),
              "config.yaml:6: plots[2].when.attr: expected a mapping of attribute names to their "
              "text, got a list");
    EXPECT_EQ(
        third("when: {attr: {NX_class: [a]}}"),
        "config.yaml:6: plots[2].when.attr.NX_class: expected the attribute's text, got a list");
    EXPECT_EQ(third("when: {attr: {}}"),
              "config.yaml:6: plots[2].when.attr: must name at least one attribute");
    EXPECT_EQ(third("also: yes please"),
              "config.yaml:6: plots[2].also: expected true or false, got 'yes please'");
}

TEST(ConfigError, MissingRequiredKeys) {
    EXPECT_EQ(error_of("input: {files: [a.h5]}\n\noutput:\n  name: x\n"),
              "config.yaml:3: output: missing required key 'dir'");
    EXPECT_EQ(error_of("input: {files: [a.h5]}\noutput: {dir: out}\n"),
              "config.yaml:1: missing required key 'plots'");
    EXPECT_EQ(error_of("output: {dir: out}\n"), "config.yaml:1: missing required key 'input'");
    EXPECT_EQ(error_of("input: {files: [a.h5]}\noutput: {dir: out}\nplots:\n  - kind: line\n"),
              "config.yaml:4: plots[0]: missing required key 'match'");
    EXPECT_EQ(error_of("input: {files: [a.h5]}\noutput: {dir: out}\nplots:\n  - match: /a\n"),
              "config.yaml:4: plots[0]: missing required key 'kind'");
}

TEST(ConfigError, EmptyLists) {
    EXPECT_EQ(error_of("input: {files: [a.h5]}\noutput: {dir: out}\nplots: []\n"),
              "config.yaml:3: plots: must list at least one plot rule");
    EXPECT_EQ(error_of("input:\n  files: []\n"), "config.yaml:2: input.files: must not be empty");
    EXPECT_EQ(error_of("input:\n  files:\n    - a.h5\n    - ''\n"),
              "config.yaml:4: input.files[1]: must not be empty");
}

TEST(ConfigError, RootAndSyntax) {
    EXPECT_EQ(error_of("- a\n- b\n"), "config.yaml:1: the top level must be a mapping, got a list");
    EXPECT_EQ(error_of(""), "config.yaml:1: the config is empty");
    EXPECT_EQ(error_of("input: {files: [a.h5]}\noutput: {dir: [out\n"),
              "config.yaml:3: invalid YAML: end of sequence flow not found");
    EXPECT_EQ(error_of("input: {files: [a.h5]}\n output: {dir: out}\n"),
              "config.yaml:2: invalid YAML: end of map not found");
    EXPECT_EQ(error_of(minimal + "---\nother: 1\n"),
              "config.yaml:5: expected one YAML document, found 2");
}

// yaml-cpp 0.7's LoadAll never returns on a top-level ',' (it allocates an empty document
// per turn until memory runs out); found by tests/fuzz/fuzz_config.cpp.
TEST(ConfigError, StrayCommaIsAnErrorNotAHang) {
    EXPECT_EQ(error_of(", no\n"), "config.yaml:1: invalid YAML: unexpected ','");
    EXPECT_EQ(error_of(","), "config.yaml:1: invalid YAML: unexpected ','");
    EXPECT_EQ(error_of(minimal + "---\n,\n"), "config.yaml:5: invalid YAML: unexpected ','");
}

TEST(ConfigError, Kinds) {
    auto with_kind = [](const std::string& kind) {
        return error_of(
            "input: {files: [a.h5]}\noutput: {dir: out}\nplots:\n  - match: /a\n    kind: " + kind +
            "\n");
    };
    EXPECT_EQ(with_kind("lien"),
              "config.yaml:5: plots[0].kind: unknown kind 'lien' (did you mean 'line'?)");
    EXPECT_EQ(with_kind("surface"),
              "config.yaml:5: plots[0].kind: unknown kind 'surface' (supported: line, heatmap, "
              "scatter, histogram, contour, quiver, streamlines, density, panels)");
}

TEST(ConfigError, Match) {
    EXPECT_EQ(error_of("input: {files: [a.h5]}\noutput: {dir: out}\nplots:\n  - match: fields/*\n"),
              "config.yaml:4: plots[0].match: must be an absolute dataset path starting with '/', "
              "got 'fields/*'");
}

TEST(ConfigError, Colormaps) {
    const std::string head = "input: {files: [a.h5]}\noutput: {dir: out}\nplots:\n";
    EXPECT_EQ(
        error_of(head + "  - {match: /a, kind: heatmap, colormap: virdis}\n"),
        "config.yaml:4: plots[0].colormap: unknown colormap 'virdis' (did you mean 'viridis'?)");
    EXPECT_EQ(
        error_of(head + "  - {match: /a, kind: heatmap, colormap: rdbu_r}\n"),
        "config.yaml:4: plots[0].colormap: unknown colormap 'rdbu_r' (did you mean 'RdBu_r'?)");
    EXPECT_EQ(error_of(head + "  - {match: /a, kind: heatmap, colormap: zzzzzzzzzzzz}\n"),
              "config.yaml:4: plots[0].colormap: unknown colormap 'zzzzzzzzzzzz'");
}

TEST(ConfigError, Formats) {
    auto with_formats = [](const std::string& formats) {
        return error_of("input: {files: [a.h5]}\noutput:\n  dir: out\n  formats: " + formats +
                        "\n");
    };
    EXPECT_EQ(with_formats("[png, svgz]"),
              "config.yaml:4: output.formats[1]: unknown format 'svgz' (did you mean 'svg'?)");
    EXPECT_EQ(with_formats("[pnj]"),
              "config.yaml:4: output.formats[0]: unknown format 'pnj' (did you mean 'png'?)");
    EXPECT_EQ(with_formats("[png, png]"),
              "config.yaml:4: output.formats[1]: duplicate format 'png'");
    EXPECT_EQ(with_formats("[]"), "config.yaml:4: output.formats: must not be empty");
}

TEST(ConfigError, OnError) {
    EXPECT_EQ(
        error_of(minimal + "run:\n  on_error: abrot\n"),
        "config.yaml:5: run.on_error: unknown on_error value 'abrot' (did you mean 'abort'?)");
}

TEST(ConfigError, TemplatesReportTheirKeyPath) {
    EXPECT_EQ(error_of("input: {files: [a.h5]}\noutput:\n  dir: out\n  name: '{stem}/{dataset}'\n"),
              "config.yaml:4: output.name: unknown placeholder '{stem}'");
    const std::string head =
        "input: {files: [a.h5]}\noutput: {dir: out}\nplots:\n  - match: /a\n    kind: line\n";
    EXPECT_EQ(error_of(head + "    title: '{datset}'\n"),
              "config.yaml:6: plots[0].title: unknown placeholder '{datset}' (did you mean "
              "'{dataset}'?)");
    EXPECT_EQ(error_of(head + "    x_label: 'a}b'\n"),
              "config.yaml:6: plots[0].x_label: unmatched '}' (write '}}' for a literal brace)");
    EXPECT_EQ(error_of(head + "    y_label: '{attr:}'\n"),
              "config.yaml:6: plots[0].y_label: empty attribute name in '{attr:}'");
}

TEST(LoadConfig, ReadsFileAndUsesItsFolder) {
    const fs::path dir = fs::path(::testing::TempDir()) / "plotcluster_test_config";
    fs::create_directories(dir);
    const fs::path file = dir / "run.yaml";
    std::ofstream(file) << minimal;
    const Config cfg = load_config(file, kind_syntaxes());
    EXPECT_EQ(cfg.base_dir, fs::absolute(dir).lexically_normal());
    EXPECT_EQ(cfg.source, fs::absolute(file).lexically_normal());
    EXPECT_EQ(cfg.output.dir, fs::absolute(dir).lexically_normal() / "out");

    std::ofstream(file) << minimal << "figure: {width: 1}\n";
    try {
        load_config(file, kind_syntaxes());
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.what(), file.string() + ":4: figure.width: 1 is out of range (16..16384)");
    }
    fs::remove_all(dir);
}

TEST(LoadConfig, MissingFile) {
    try {
        load_config("/nonexistent/plotcluster.yaml", kind_syntaxes());
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_STREQ(
            e.what(),
            "cannot read config file '/nonexistent/plotcluster.yaml': No such file or directory");
    }
}

TEST(LoadConfig, FolderIsNotAFile) {
    const std::string dir = fs::temp_directory_path().string();
    try {
        load_config(dir, kind_syntaxes());
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.what(), "cannot read config file '" + dir + "': Is a directory");
    }
}

}  // namespace
}  // namespace plotcluster

namespace plotcluster {

namespace {

PlotRule only_rule(const std::string& rule_yaml) {
    const std::string text = "input: {files: [a.h5]}\noutput: {dir: out}\nplots:\n  - " + rule_yaml + "\n";
    return parse_config(text, "config.yaml", "/base", kind_syntaxes()).plots.at(0);
}

std::string rule_error(const std::string& rule_yaml) {
    return error_of("input: {files: [a.h5]}\noutput: {dir: out}\nplots:\n  - " + rule_yaml + "\n");
}

}  // namespace

TEST(ConfigRule, LineOptions) {
    const PlotRule r = only_rule(
        "{match: /t/*, kind: line, x: /grid/t, group: parent, marker: o, linewidth: 2.5, "
        "color: C3, marker_size: 4, alpha: 0.5, grid: true, xscale: log, yscale: linear, "
        "limits: [-1, 2.5]}");
    EXPECT_EQ(kind_name(r), "line");
    // Enumerations by their index in the spellings: group none/parent, marker none . o …
    EXPECT_EQ(option_values(r), (std::map<std::string, std::string>{{"x", "/grid/t"},
                                                                    {"group", "1"},
                                                                    {"marker", "2"},
                                                                    {"linewidth", "2.5"},
                                                                    {"color", "C3"},
                                                                    {"marker_size", "4"},
                                                                    {"alpha", "0.5"},
                                                                    {"yerr", "<none>"},
                                                                    {"yerr_upper", "<none>"},
                                                                    {"errors", "0"},
                                                                    {"hlines", "[]"},
                                                                    {"vlines", "[]"}}));
    EXPECT_TRUE(r.grid);
    EXPECT_EQ(r.xscale, Scale::log);
    EXPECT_EQ(r.yscale, Scale::linear);
    EXPECT_EQ(r.limits, (Limits{false, -1, 2.5}));
}

TEST(ConfigRule, HeatmapAspectAndInterpolationWords) {
    // aspect: equal (1), auto (2: fill the axes), a number (3); interpolation by name.
    EXPECT_EQ(option_values(only_rule("{match: /f, kind: heatmap, aspect: equal}")).at("aspect"), "1");
    EXPECT_EQ(option_values(only_rule("{match: /f, kind: heatmap, aspect: auto}")).at("aspect"), "2");
    EXPECT_EQ(option_values(only_rule("{match: /f, kind: heatmap, aspect: .5}")).at("aspect_ratio"), "0.5");
    EXPECT_EQ(option_values(only_rule("{match: /f, kind: heatmap, interpolation: nearest}")).at("interpolation"), "1");
    EXPECT_EQ(option_values(only_rule("{match: /f, kind: heatmap, interpolation: bilinear}")).at("interpolation"), "2");
    EXPECT_EQ(rule_error("{match: /f, kind: heatmap, aspect: square}"),
              "config.yaml:4: plots[0].aspect: expected equal, auto or a number > 0, got 'square'");
    EXPECT_EQ(rule_error("{match: /f, kind: heatmap, aspect: -1}"),
              "config.yaml:4: plots[0].aspect: expected equal, auto or a number > 0, got '-1'");
    EXPECT_NE(rule_error("{match: /f, kind: heatmap, aspect: 0}").find("out of range"), std::string::npos);
    EXPECT_NE(rule_error("{match: /f, kind: heatmap, interpolation: bicubic}").find("unknown interpolation 'bicubic'"),
              std::string::npos);
    EXPECT_NE(rule_error("{match: /f, kind: line, aspect: equal}").find("aspect"), std::string::npos);
}

TEST(ConfigRule, HeatmapOptionsAndSlices) {
    const PlotRule r = only_rule(
        "{match: /f/*, kind: heatmap, origin: upper, norm: log, bad_color: '#ff00ff', "
        "colormap: magma_r, limits: auto, slice: [{axis: 0, index: middle}, {axis: 3, index: 7}], "
        "x: lon, y: /grid/lat, interpolation: area, aspect: 2.5}");
    EXPECT_EQ(option_values(r), (std::map<std::string, std::string>{{"colormap", "magma_r"},
                                                                    {"origin", "1"},
                                                                    {"norm", "1"},
                                                                    {"bad_color", "#ff00ff"},
                                                                    {"x", "lon"},
                                                                    {"y", "/grid/lat"},
                                                                    {"interpolation", "3"},
                                                                    {"aspect", "3"},
                                                                    {"aspect_ratio", "2.5"},
                                                                    {"hlines", "[]"},
                                                                    {"vlines", "[]"}}));
    EXPECT_TRUE(r.limits.automatic);
    ASSERT_EQ(r.slice.size(), 2u);
    EXPECT_EQ(r.slice[0], (SliceSpec{0, std::nullopt}));
    EXPECT_EQ(r.slice[1], (SliceSpec{3, 7}));
    EXPECT_EQ(only_rule("{match: /f, kind: heatmap, slice: {axis: 2, index: 5}}").slice,
              (std::vector<SliceSpec>{{2, 5}}));
}

// README: "at the middle when `index` is `middle` or left out".
TEST(ConfigRule, SliceWithoutIndexIsTheMiddle) {
    EXPECT_EQ(only_rule("{match: /f, kind: heatmap, slice: {axis: 2}}").slice,
              (std::vector<SliceSpec>{{2, std::nullopt}}));
    EXPECT_EQ(only_rule("{match: /f, kind: line, slice: [{axis: 0}, {axis: 1, index: 3}]}").slice,
              (std::vector<SliceSpec>{{0, std::nullopt}, {1, 3}}));
    EXPECT_EQ(only_rule("{match: /f, kind: heatmap, slice: {axis: 0, index: 0}}").slice,
              (std::vector<SliceSpec>{{0, 0}}));
    const Config cfg = parse(
        "input: {files: [a.h5]}\n"
        "output: {dir: out}\n"
        "plots:\n"
        "  - match: /cube\n"
        "    kind: heatmap\n"
        "    slice:\n"
        "      axis: 1\n");
    EXPECT_EQ(cfg.plots.at(0).slice, (std::vector<SliceSpec>{{1, std::nullopt}}));
}

// `slice: {axis: z, value: 0.25}`: a dimension by name, a cell by coordinate.
TEST(ConfigRule, SliceByNameAndByValue) {
    EXPECT_EQ(only_rule("{match: /f, kind: heatmap, slice: {axis: z, value: 0.25}}").slice,
              (std::vector<SliceSpec>{{0, std::nullopt, "z", 0.25}}));
    EXPECT_EQ(only_rule("{match: /f, kind: heatmap, slice: {axis: z, index: 3}}").slice,
              (std::vector<SliceSpec>{{0, 3, "z"}}));
    EXPECT_EQ(only_rule("{match: /f, kind: heatmap, slice: {axis: time}}").slice,
              (std::vector<SliceSpec>{{0, std::nullopt, "time"}}));
    EXPECT_EQ(only_rule("{match: /f, kind: heatmap, slice: {axis: 2, value: -1e-3}}").slice,
              (std::vector<SliceSpec>{{2, std::nullopt, "", -1e-3}}));
    // By name, by number and by value in one list.
    EXPECT_EQ(only_rule("{match: /f, kind: line, slice: [{axis: t, value: 2}, {axis: 1, index: 0}, "
                        "{axis: y}]}")
                  .slice,
              (std::vector<SliceSpec>{{0, std::nullopt, "t", 2.0}, {1, 0}, {0, std::nullopt, "y"}}));
    const Config cfg = parse(
        "input: {files: [a.h5]}\n"
        "output: {dir: out}\n"
        "plots:\n"
        "  - match: /cube\n"
        "    kind: heatmap\n"
        "    slice:\n"
        "      - axis: z\n"
        "        value: 0.5\n"
        "      - axis: 3\n"
        "        value: 1\n");
    EXPECT_EQ(cfg.plots.at(0).slice,
              (std::vector<SliceSpec>{{0, std::nullopt, "z", 0.5}, {3, std::nullopt, "", 1.0}}));
}

TEST(ConfigRule, SliceByNameAndValueErrorsNameKeyAndLine) {
    EXPECT_EQ(error_of("input: {files: [a.h5]}\n"
                       "output: {dir: out}\n"
                       "plots:\n"
                       "  - match: /cube\n"
                       "    kind: heatmap\n"
                       "    slice:\n"
                       "      - axis: z\n"
                       "        value: 0.5\n"
                       "      - axis: t\n"
                       "        index: 2\n"
                       "        value: 1\n"),
              "config.yaml:11: plots[0].slice[1].value: give index or value, not both");
    EXPECT_EQ(rule_error("{match: /a, kind: heatmap, slice: [{axis: z, value: 1}, {axis: z, index: 2}]}"),
              "config.yaml:4: plots[0].slice[1]: axis 'z' is sliced twice");
    EXPECT_EQ(rule_error("{match: /a, kind: heatmap, slice: {axis: z, value: middle}}"),
              "config.yaml:4: plots[0].slice.value: expected a number, got 'middle'");
    EXPECT_EQ(rule_error("{match: /a, kind: heatmap, slice: {axis: z, value: .nan}}"),
              "config.yaml:4: plots[0].slice.value: expected a number, got '.nan'");
    EXPECT_EQ(rule_error("{match: /a, kind: heatmap, slice: {axis: '', value: 1}}"),
              "config.yaml:4: plots[0].slice.axis: must not be empty");
    EXPECT_EQ(rule_error("{match: /a, kind: heatmap, slice: {axis: [z], value: 1}}"),
              "config.yaml:4: plots[0].slice.axis: expected a string, got a list");
    EXPECT_EQ(rule_error("{match: /a, kind: heatmap, slice: {axis: z, valeu: 1}}"),
              "config.yaml:4: plots[0].slice.valeu: unknown key (did you mean 'value'?)");
    EXPECT_EQ(rule_error("{match: /a, kind: heatmap, slice: {axis: -1, value: 1}}"),
              "config.yaml:4: plots[0].slice.axis: -1 is out of range (0..31)");
}

TEST(ConfigRule, XLimits) {
    EXPECT_FALSE(only_rule("{match: /a, kind: line}").x_limits);
    EXPECT_EQ(only_rule("{match: /a, kind: line, x_limits: [0, 10]}").x_limits, (Limits{false, 0, 10}));
    EXPECT_EQ(only_rule("{match: /a, kind: scatter, x_limits: auto}").x_limits, Limits{});
    EXPECT_EQ(only_rule("{match: /a, kind: heatmap, x_limits: shared}").x_limits,
              (Limits{true, 0, 1, LimitsShare::dataset}));
    EXPECT_EQ(only_rule("{match: /a, kind: line, x_limits: rule}").x_limits,
              (Limits{true, 0, 1, LimitsShare::rule}));
    EXPECT_EQ(error_of("input: {files: [a.h5]}\n"
                       "output: {dir: out}\n"
                       "plots:\n"
                       "  - match: /a\n"
                       "    kind: line\n"
                       "    x_limits: [3, 1]\n"),
              "config.yaml:6: plots[0].x_limits: lo must be less than hi");
    EXPECT_EQ(rule_error("{match: /a, kind: line, x_limits: same}"),
              "config.yaml:4: plots[0].x_limits: expected auto, shared, rule or [lo, hi], got 'same'");
    EXPECT_EQ(rule_error("{match: /a, kind: line, x_limit: [0, 1]}"),
              "config.yaml:4: plots[0].x_limit: unknown key (did you mean 'x_limits'?)");
    // A histogram's x axis is its values': `limits` sets it.
    EXPECT_EQ(rule_error("{match: /a, kind: histogram, x_limits: [0, 1]}"),
              "config.yaml:4: plots[0].x_limits: a histogram's x range is its `limits` (auto, [lo, hi], "
              "shared or rule); x_limits applies to line, scatter and heatmap");
}

// {slice} is filled once the data is read: a title may hold it, nothing else.
TEST(ConfigRule, SlicePlaceholderOnlyInTitles) {
    EXPECT_EQ(*only_rule("{match: /a, kind: heatmap, title: 'rho at {slice}'}").title, "rho at {slice}");
    EXPECT_EQ(rule_error("{match: /a, kind: heatmap, x_label: 'x at {slice}'}"),
              "config.yaml:4: plots[0].x_label: '{slice}' is known only once the data is read: only a "
              "rule's title may use it");
    EXPECT_EQ(error_of("input: {files: [a.h5]}\noutput: {dir: out, name: '{dataset}_{slice}'}\n"
                       "plots:\n  - {match: /a, kind: line}\n"),
              "config.yaml:2: output.name: '{slice}' is known only once the data is read: only a "
              "rule's title may use it");
}

TEST(ConfigRule, MatchCharacterClasses) {
    EXPECT_EQ(only_rule("{match: '/t[0-9]', kind: line}").match, "/t[0-9]");
    EXPECT_EQ(only_rule("{match: '/a[[]1]', kind: line}").match, "/a[[]1]");
    EXPECT_EQ(rule_error("{match: '/t[0-9', kind: line}"),
              "config.yaml:4: plots[0].match: '[' at character 3 has no closing ']' (write '[[]' "
              "to match a '[' itself)");
    EXPECT_EQ(rule_error("{match: '/t[9-0]', kind: line}"),
              "config.yaml:4: plots[0].match: range '9-0' in class '[9-0]' is reversed (write "
              "'0-9')");
    EXPECT_EQ(rule_error("{match: '/a[/b]c', kind: line}"),
              "config.yaml:4: plots[0].match: class '[/b]' lists '/', which a class never matches "
              "(it stays inside one group; '**' crosses groups)");
    // The line of the rule that has it, in block style.
    EXPECT_EQ(error_of("input: {files: [a.h5]}\n"
                       "output: {dir: out}\n"
                       "plots:\n"
                       "  - match: /ok\n"
                       "    kind: line\n"
                       "  - kind: line\n"
                       "    match: /fields/[rp\n"),
              "config.yaml:7: plots[1].match: '[' at character 9 has no closing ']' (write '[[]' "
              "to match a '[' itself)");
}

TEST(ConfigRule, HistogramAndDefaults) {
    const PlotRule h = only_rule("{match: /h, kind: histogram, bins: 40, log: true}");
    EXPECT_EQ(option_values(h).at("bins"), "40");
    EXPECT_EQ(option_values(h).at("log"), "true");
    EXPECT_EQ(option_values(only_rule("{match: /h, kind: histogram, bins: auto}")).at("bins"), "0");
    const PlotRule d = only_rule("{match: /d, kind: scatter}");
    EXPECT_EQ(option_values(d), (std::map<std::string, std::string>{
                                    {"x", "<none>"}, {"marker", "0"}, {"color", "<none>"},
                                    {"marker_size", "6"}, {"alpha", "1"}, {"color_by", "<none>"},
                                    {"colormap", "viridis"}}));
    EXPECT_EQ(option_values(only_rule("{match: /m, kind: heatmap}")),
              (std::map<std::string, std::string>{{"colormap", "viridis"},
                                                  {"origin", "0"},
                                                  {"norm", "0"},
                                                  {"bad_color", "white"},
                                                  {"x", "<none>"},
                                                  {"y", "<none>"},
                                                  {"interpolation", "0"},
                                                  {"aspect", "0"},
                                                  {"aspect_ratio", "1"},
                                                  {"hlines", "[]"},
                                                  {"vlines", "[]"}}));
    EXPECT_EQ(option_values(only_rule("{match: /h, kind: histogram, hlines: 5, vlines: [1, 2.5]}"))
                  .at("vlines"),
              "[1, 2.5]");
    EXPECT_TRUE(d.limits.automatic);
    EXPECT_FALSE(d.grid);
}

TEST(ConfigRule, Errors) {
    EXPECT_EQ(rule_error("{match: /a, kind: heatmap, bins: 10}"),
              "config.yaml:4: plots[0].bins: does not apply to kind heatmap (only to histogram, "
              "density)");
    EXPECT_EQ(rule_error("{match: /a, kind: line, colormap: viridis}"),
              "config.yaml:4: plots[0].colormap: does not apply to kind line (only to heatmap, "
              "scatter, contour, quiver, streamlines, density)");
    EXPECT_EQ(rule_error("{match: /a, kind: line, color: bleu}"),
              "config.yaml:4: plots[0].color: unknown color 'bleu' (use C0..C9, #rrggbb, "
              "#rrggbbaa, tab:NAME or a name like 'red')");
    EXPECT_EQ(rule_error("{match: /a, kind: heatmap, origin: top}"),
              "config.yaml:4: plots[0].origin: unknown origin 'top' (supported: lower, upper)");
    EXPECT_EQ(rule_error("{match: /a, kind: heatmap, norm: lgo}"),
              "config.yaml:4: plots[0].norm: unknown norm 'lgo' (did you mean 'log'?)");
    EXPECT_EQ(rule_error("{match: /a, kind: line, limits: [2, 1]}"),
              "config.yaml:4: plots[0].limits: lo must be less than hi");
    EXPECT_EQ(rule_error("{match: /a, kind: line, limits: [1]}"),
              "config.yaml:4: plots[0].limits: expected auto, shared, rule or [lo, hi], got a list "
              "of 1");
    EXPECT_EQ(rule_error("{match: /a, kind: line, limits: same}"),
              "config.yaml:4: plots[0].limits: expected auto, shared, rule or [lo, hi], got 'same'");
    EXPECT_EQ(only_rule("{match: /a, kind: heatmap, limits: shared}").limits.share, LimitsShare::dataset);
    EXPECT_EQ(only_rule("{match: /a, kind: line, limits: rule}").limits.share, LimitsShare::rule);
    EXPECT_EQ(rule_error("{match: /a, kind: line, grid: yes please}"),
              "config.yaml:4: plots[0].grid: expected true or false, got 'yes please'");
    EXPECT_EQ(rule_error("{match: /a, kind: line, alpha: 1.5}"),
              "config.yaml:4: plots[0].alpha: 1.5 is out of range (0..1)");
    EXPECT_EQ(rule_error("{match: /a, kind: line, x: /grid/*}"),
              "config.yaml:4: plots[0].x: must name one dataset, not a pattern");
    EXPECT_EQ(rule_error("{match: /a, kind: heatmap, xscale: log}"),
              "config.yaml:4: plots[0].xscale: heatmap axes are linear (indices or coordinates); use "
              "norm: log for a log colour scale");
    EXPECT_EQ(rule_error("{match: /a, kind: heatmap, y: '/grid/lat*'}"),
              "config.yaml:4: plots[0].y: must name one dataset, not a pattern");
    EXPECT_EQ(rule_error("{match: /a, kind: heatmap, slice: [{axis: 1, index: 0}, {axis: 1, index: 2}]}"),
              "config.yaml:4: plots[0].slice[1]: axis 1 is sliced twice");
    EXPECT_EQ(rule_error("{match: /a, kind: heatmap, slice: {axis: 1, index: first}}"),
              "config.yaml:4: plots[0].slice.index: expected an index, middle, each, {every: N} or "
              "{from: A, to: B}, got 'first'");
    EXPECT_EQ(rule_error("{match: /a, kind: heatmap, slice: {axis: 1, index: }}"),
              "config.yaml:4: plots[0].slice.index: expected an index, middle, each, {every: N} or "
              "{from: A, to: B}, got nothing");
    EXPECT_EQ(rule_error("{match: /a, kind: heatmap, slice: {axis: 1, index: -1}}"),
              "config.yaml:4: plots[0].slice.index: -1 is out of range (0..2147483647)");
    EXPECT_EQ(rule_error("{match: /a, kind: heatmap, slice: {index: 2}}"),
              "config.yaml:4: plots[0].slice: missing required key 'axis'");
    EXPECT_EQ(rule_error("{match: /a, kind: line, group: child}"),
              "config.yaml:4: plots[0].group: unknown group 'child' (supported: parent)");
    EXPECT_EQ(rule_error("{match: /a, kind: line, marker: O}"),
              "config.yaml:4: plots[0].marker: unknown marker 'O' (did you mean 'o'?)");
    EXPECT_EQ(rule_error("{match: /a, kind: scatter, linewidth: 2}"),
              "config.yaml:4: plots[0].linewidth: does not apply to kind scatter (only to line, contour, "
              "streamlines)");
    EXPECT_EQ(rule_error("{match: /a, kind: heatmap, alpha: 0.5}"),
              "config.yaml:4: plots[0].alpha: does not apply to kind heatmap (only to line, "
              "scatter, histogram, quiver, streamlines)");
    EXPECT_EQ(rule_error("{match: /a, kind: histogram, bins: 0}"),
              "config.yaml:4: plots[0].bins: 0 is out of range (1..100000)");
    EXPECT_EQ(rule_error("{match: /a, kind: line, linewidht: 2}"),
              "config.yaml:4: plots[0].linewidht: unknown key (did you mean 'linewidth'?)");
}

// Config knows the kinds only through the table it is given: a stand-in kind with one key
// of its own is parsed, validated and suggested like the program's.
class Contour final : public KindSyntax {
public:
    struct Options {
        int levels = 10;
        std::vector<double> values;
    };
    std::string_view name() const override { return "contour"; }
    std::span<const std::string_view> keys() const override { return own_; }
    std::unique_ptr<KindOptions> parse(const RuleKeys& keys) const override {
        auto options = std::make_unique<OptionsOf<Options>>();
        options->value.levels = keys.integer("levels", 1, 100).value_or(10);
        options->value.values = keys.numbers("values", -10, 10, 1, 3).value_or(std::vector<double>{});
        return options;
    }
    std::unique_ptr<KindOptions> defaults() const override {
        return std::make_unique<OptionsOf<Options>>();
    }

private:
    static constexpr std::array<std::string_view, 2> own_ = {"levels", "values"};
};

template <class S, class V>
    requires std::same_as<std::remove_const_t<S>, Contour::Options>
void for_each_field(S& o, V&& v) {
    v("levels", o.levels);
    v("values", o.values);
}

TEST(ConfigRule, KindsComeFromTheTableGiven) {
    const Contour contour;
    const KindSyntaxes kinds({&contour, plot_kinds()[0]});
    const auto parse_with = [&](const std::string& rule) {
        return parse_config("input: {files: [a.h5]}\noutput: {dir: out}\nplots:\n  - " + rule + "\n",
                            "c.yaml", "/", kinds);
    };
    const auto error_with = [&](const std::string& rule) -> std::string {
        try {
            parse_with(rule);
        } catch (const ConfigError& e) {
            return e.what();
        }
        return "<no error>";
    };
    const PlotRule r = parse_with("{match: /a, kind: contour, levels: 7}").plots.at(0);
    EXPECT_EQ(r.kind, &contour);
    EXPECT_EQ(option_values(r), (std::map<std::string, std::string>{{"levels", "7"}, {"values", "[]"}}));
    // A list-valued option: a list, or one number standing for a list of one.
    EXPECT_EQ(option_values(parse_with("{match: /a, kind: contour, values: [-1.5, 0, 2]}").plots.at(0)).at("values"),
              "[-1.5, 0, 2]");
    EXPECT_EQ(option_values(parse_with("{match: /a, kind: contour, values: 4}").plots.at(0)).at("values"), "[4]");
    EXPECT_EQ(error_with("{match: /a, kind: contour, values: [1, 2, 3, 4]}"),
              "c.yaml:4: plots[0].values: expected 1 to 3 numbers, got 4");
    EXPECT_EQ(error_with("{match: /a, kind: contour, values: [1, 20]}"),
              "c.yaml:4: plots[0].values[1]: 20 is out of range (-10..10)");
    EXPECT_EQ(error_with("{match: /a, kind: contour, values: [1, x]}"),
              "c.yaml:4: plots[0].values[1]: expected a number, got 'x'");
    EXPECT_EQ(error_with("{match: /a, kind: contour, levles: 7}"),
              "c.yaml:4: plots[0].levles: unknown key (did you mean 'levels'?)");
    EXPECT_EQ(error_with("{match: /a, kind: line, levels: 7}"),
              "c.yaml:4: plots[0].levels: does not apply to kind line (only to contour)");
    EXPECT_EQ(error_with("{match: /a, kind: contour, levels: 0}"),
              "c.yaml:4: plots[0].levels: 0 is out of range (1..100)");
    EXPECT_EQ(error_with("{match: /a, kind: heatmap}"),
              "c.yaml:4: plots[0].kind: unknown kind 'heatmap' (supported: contour, line)");
    EXPECT_EQ(error_with("{match: /a, kind: contuor}"),
              "c.yaml:4: plots[0].kind: unknown kind 'contuor' (did you mean 'contour'?)");
}

}  // namespace plotcluster

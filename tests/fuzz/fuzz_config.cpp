// libFuzzer target: parse_config on arbitrary bytes. The documented outcomes are a Config
// that keeps the promises below, or a ConfigError whose message starts with
// "<source>:<line>: "; anything else (another exception, a crash, a leak, UB) is a finding.
//   build-fuzz/fuzz_config -dict=tests/fuzz/config.dict build-fuzz/fuzz/corpus/config
#include <algorithm>
#include <cmath>
#include <optional>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>

#include "plotcluster/config/config.hpp"
#include "plotcluster/config/text_template.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/config/dataset_glob.hpp"
#include "plotcluster/figure/plot_kind.hpp"

namespace {

using namespace plotcluster;

constexpr std::string_view source = "fuzz.yaml";

[[noreturn]] void finding(std::string_view what, std::string_view detail = {}) {
    std::fprintf(stderr, "fuzz_config: %.*s%s%.*s\n", static_cast<int>(what.size()), what.data(),
                 detail.empty() ? "" : ": ", static_cast<int>(detail.size()), detail.data());
    std::abort();
}

void expect(bool ok, std::string_view what) {
    if (!ok) finding("broken promise", what);
}

// The ranges the kinds check their options against, wherever a kind has the option.
class OptionRanges final : public OptionSink {
public:
    void operator()(std::string_view name, const bool&) override { (void)name; }
    void operator()(std::string_view name, const int& v) override {
        if (name == "bins") expect(v >= 0, "bins >= 0");
    }
    void operator()(std::string_view name, const double& v) override {
        if (name == "alpha") expect(v >= 0 && v <= 1, "alpha in 0..1");
        expect(std::isfinite(v), "options are finite");
    }
    void operator()(std::string_view name, const std::string& v) override {
        if (name == "colormap" || name == "bad_color") expect(!v.empty(), "colours are named");
    }
    void operator()(std::string_view name, const std::optional<std::string>& v) override {
        if (name == "x" && v) expect(v->find_first_of("*?[") == std::string::npos, "x is one dataset");
    }
    void operator()(std::string_view /*name*/, const std::vector<double>& v) override {
        for (const double d : v) expect(std::isfinite(d), "listed options are finite");
    }
};

// What a valid Config promises (config.hpp and the ranges parse_config checks).
void check_config(const Config& cfg) {
    expect(cfg.base_dir == "/fuzz/base", "base_dir is absolute and normalized");
    expect(!cfg.input.files.empty(), "input.files is not empty");
    for (const auto& f : cfg.input.files) expect(!f.empty(), "no empty input pattern");
    expect(cfg.output.dir.is_absolute(), "output.dir is absolute");
    expect(!cfg.output.name.empty() && !check_template(cfg.output.name), "output.name checked");
    expect(!cfg.output.formats.empty(), "at least one format");
    for (std::size_t i = 0; i < cfg.output.formats.size(); ++i) {
        expect(std::count(cfg.output.formats.begin(), cfg.output.formats.end(),
                          cfg.output.formats[i]) == 1,
               "formats are distinct");
    }
    expect(cfg.output.png_compression >= 0 && cfg.output.png_compression <= 12,
           "png_compression in 0..12");
    expect(cfg.figure.width >= 16 && cfg.figure.width <= 16384, "width in range");
    expect(cfg.figure.height >= 16 && cfg.figure.height <= 16384, "height in range");
    expect(cfg.figure.dpi >= 10 && cfg.figure.dpi <= 1200, "dpi in range");
    expect(!cfg.figure.font.empty(), "font not empty");
    expect(!cfg.plots.empty(), "at least one plot rule");
    for (const PlotRule& rule : cfg.plots) {
        expect(rule.match.starts_with('/'), "match is absolute");
        expect(dataset_glob_problem(rule.match).empty(), "match is a well-formed glob");
        // The matcher on a checked pattern: it must not crash, and a pattern matches itself
        // when it has nothing but literal characters.
        const bool literal = rule.match.find_first_of("*?[") == std::string::npos;
        expect(!literal || dataset_glob_match(rule.match, rule.match), "a literal matches itself");
        (void)dataset_glob_match(rule.match, "/fields/rho/x[1]");
        expect(rule.line >= 1, "rule line is 1-based");
        for (const auto* t : {&rule.title, &rule.x_label, &rule.y_label}) {
            expect(!*t || !check_template(**t, t == &rule.title), "title and labels are checked templates");
        }
        expect(rule.kind != nullptr && rule.options != nullptr, "a kind and its options");
        OptionRanges ranges;
        rule.options->fields(ranges);
        expect(rule.limits.automatic || rule.limits.lo < rule.limits.hi, "limits lo < hi");
        expect(!rule.x_limits || rule.x_limits->automatic || rule.x_limits->lo < rule.x_limits->hi,
               "x_limits lo < hi");
        for (std::size_t i = 0; i < rule.slice.size(); ++i) {
            const SliceSpec& s = rule.slice[i];
            expect(s.axis >= 0 && s.axis <= 31, "slice axis in range");
            expect(!(s.index && s.value), "index or value, not both");
            expect(!s.value || std::isfinite(*s.value), "a finite slice value");
            for (std::size_t j = 0; j < i; ++j) {
                expect(s.axis != rule.slice[j].axis || s.name != rule.slice[j].name, "each axis sliced once");
            }
        }
        expect(find_plot_kind(kind_name(rule)) == rule.kind, "a kind of the table");
    }
    for (const OutputFormat f : cfg.output.formats) (void)to_string(f);
}

// "fuzz.yaml:<line>: ..." with 1 <= line <= (lines in the text) + 1.
void check_message(std::string_view message, std::string_view text) {
    const std::string prefix = std::string(source) + ":";
    if (!message.starts_with(prefix)) finding("message without source", message);
    message.remove_prefix(prefix.size());
    std::size_t digits = 0;
    long line = 0;
    while (digits < message.size() && digits < 10 && message[digits] >= '0' &&
           message[digits] <= '9') {
        line = line * 10 + (message[digits] - '0');
        ++digits;
    }
    if (digits == 0 || !message.substr(digits).starts_with(": ")) {
        finding("message without line", message);
    }
    const auto lines = std::count(text.begin(), text.end(), '\n') + 1;
    if (line < 1 || line > lines) finding("message blames a line outside the text", message);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        check_config(parse_config(text, source, "/fuzz/base/", kind_syntaxes()));
    } catch (const ConfigError& e) {
        check_message(e.what(), text);
    } catch (const std::exception& e) {
        finding(std::string("undocumented exception ") + typeid(e).name(), e.what());
    } catch (...) {
        finding("undocumented exception of a non-std type");
    }
    return 0;
}

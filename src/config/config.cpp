#include "plotcluster/config/config.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <span>

#include "plotcluster/config/text_template.hpp"
#include "plotcluster/figure/colormap.hpp"
#include "yaml_check.hpp"

namespace plotcluster {
namespace {

namespace fs = std::filesystem;
using detail::Checker;
using detail::Field;
using detail::Mapping;

// Spellings in the config file; the index is the enum value.
constexpr std::array<std::string_view, 2> kind_names = {"line", "heatmap"};
constexpr std::array<std::string_view, 2> later_kinds = {"scatter", "histogram"};
constexpr std::array<std::string_view, 1> format_names = {"png"};
constexpr std::array<std::string_view, 2> later_formats = {"svg", "pdf"};
constexpr std::array<std::string_view, 2> on_error_names = {"continue", "abort"};

std::string join(std::span<const std::string_view> names) {
    std::string out;
    for (const auto name : names) out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}

// The index of the value of `f` in `supported`. `later` are names we know but do not
// implement yet, so they get "not supported yet" instead of "unknown".
std::size_t choose(const Checker& check, const Field& f, const std::string& what,
                   std::span<const std::string_view> supported,
                   std::span<const std::string_view> later = {}) {
    const std::string value = check.string(f);
    for (std::size_t i = 0; i < supported.size(); ++i) {
        if (value == supported[i]) return i;
    }
    const std::string only = join(supported);
    for (const auto name : later) {
        if (value == name) {
            check.fail(f, what + " '" + value + "' is not supported yet (only " + only + ")");
        }
    }
    std::vector<std::string_view> known(supported.begin(), supported.end());
    known.insert(known.end(), later.begin(), later.end());
    std::string hint = detail::did_you_mean(value, known);
    if (hint.empty()) hint = " (supported: " + only + ")";
    check.fail(f, "unknown " + what + " '" + value + "'" + hint);
}

std::string template_field(const Checker& check, const Field& f) {
    std::string tmpl = check.string(f);
    if (auto err = check_template(tmpl)) check.fail(f, *err);
    return tmpl;
}

std::string colormap_field(const Checker& check, const Field& f) {
    const std::string name = check.non_empty_string(f);
    if (Colormap::find(name) != nullptr) return name;
    // names() lists base maps only, so suggest for the base and keep a "_r" asked for.
    std::string_view base = name;
    const bool reversed = base.ends_with("_r");
    if (reversed) base.remove_suffix(2);
    const auto best = detail::closest_match(base, Colormap::names());
    const std::string hint =
        best ? " (did you mean '" + *best + (reversed ? "_r" : "") + "'?)" : "";
    check.fail(f, "unknown colormap '" + name + "'" + hint);
}

// Absolute and normalized, without a trailing separator.
fs::path absolute_dir(const fs::path& dir) {
    fs::path abs = (dir.empty() ? fs::current_path() : fs::absolute(dir)).lexically_normal();
    if (!abs.has_filename() && abs.has_relative_path()) abs = abs.parent_path();
    return abs;
}

InputConfig parse_input(const Checker& check, const Field& f) {
    const Mapping m = check.mapping(f, {"files"});
    InputConfig input;
    for (auto& [pattern, item] : check.strings(check.require(m, "files"))) {
        input.files.push_back(std::move(pattern));
    }
    return input;
}

OutputConfig parse_output(const Checker& check, const Field& f, const fs::path& base_dir) {
    const Mapping m = check.mapping(f, {"dir", "name", "formats", "png_compression"});
    OutputConfig out;
    out.dir = absolute_dir(base_dir / check.non_empty_string(check.require(m, "dir")));
    if (const Field* name = m.find("name")) {
        check.non_empty_string(*name);
        out.name = template_field(check, *name);
    }
    if (const Field* formats = m.find("formats")) {
        out.formats.clear();
        for (const auto& [text, item] : check.strings(*formats)) {
            const auto format = static_cast<OutputFormat>(
                choose(check, item, "format", format_names, later_formats));
            if (std::find(out.formats.begin(), out.formats.end(), format) != out.formats.end()) {
                check.fail(item, "duplicate format '" + text + "'");
            }
            out.formats.push_back(format);
        }
    }
    if (const Field* level = m.find("png_compression")) {
        out.png_compression = check.integer(*level, 0, 12);
    }
    return out;
}

FigureConfig parse_figure(const Checker& check, const Field& f) {
    const Mapping m = check.mapping(f, {"width", "height", "dpi", "font"});
    FigureConfig fig;
    if (const Field* v = m.find("width")) fig.width = check.integer(*v, 16, 16384);
    if (const Field* v = m.find("height")) fig.height = check.integer(*v, 16, 16384);
    if (const Field* v = m.find("dpi")) fig.dpi = check.number(*v, 10, 1200);
    if (const Field* v = m.find("font")) fig.font = check.non_empty_string(*v);
    return fig;
}

PlotRule parse_rule(const Checker& check, const Field& f) {
    const Mapping m =
        check.mapping(f, {"match", "kind", "title", "x_label", "y_label", "colormap"});
    PlotRule rule;
    rule.line = f.line;
    const Field& match = check.require(m, "match");
    rule.match = check.string(match);
    if (!rule.match.starts_with('/')) {
        check.fail(match,
                   "must be an absolute dataset path starting with '/', got '" + rule.match + "'");
    }
    rule.kind = static_cast<PlotKind>(
        choose(check, check.require(m, "kind"), "kind", kind_names, later_kinds));
    if (const Field* v = m.find("title")) rule.title = template_field(check, *v);
    if (const Field* v = m.find("x_label")) rule.x_label = template_field(check, *v);
    if (const Field* v = m.find("y_label")) rule.y_label = template_field(check, *v);
    if (const Field* v = m.find("colormap")) rule.colormap = colormap_field(check, *v);
    return rule;
}

std::vector<PlotRule> parse_plots(const Checker& check, const Field& f) {
    std::vector<PlotRule> rules;
    for (const Field& item : check.list(f)) rules.push_back(parse_rule(check, item));
    if (rules.empty()) check.fail(f, "must list at least one plot rule");
    return rules;
}

RunConfig parse_run(const Checker& check, const Field& f) {
    const Mapping m = check.mapping(f, {"on_error"});
    RunConfig run;
    if (const Field* v = m.find("on_error")) {
        run.on_error = static_cast<OnError>(choose(check, *v, "on_error value", on_error_names));
    }
    return run;
}

Field load_document(const Checker& check, std::string_view text) {
    std::vector<YAML::Node> docs;
    try {
        docs = YAML::LoadAll(std::string(text));
    } catch (const YAML::Exception& e) {
        check.fail(std::max(e.mark.line + 1, 1), "", "invalid YAML: " + e.msg);
    }
    if (docs.empty()) check.fail(1, "", "the config is empty");
    if (docs.size() > 1) {
        check.fail(docs[1].Mark().line + 1, "",
                   "expected one YAML document, found " + std::to_string(docs.size()));
    }
    const YAML::Node& root = docs.front();
    return {root, "", root.IsNull() ? 1 : root.Mark().line + 1};
}

std::string read_text_file(const fs::path& file) {
    auto cannot_read = [&](int err) {
        return ConfigError("cannot read config file '" + file.string() +
                           "': " + std::strerror(err));
    };
    const std::unique_ptr<std::FILE, decltype(&std::fclose)> f(std::fopen(file.c_str(), "rb"),
                                                               &std::fclose);
    if (!f) throw cannot_read(errno);
    std::string text;
    std::array<char, 65536> buf;
    while (const std::size_t n = std::fread(buf.data(), 1, buf.size(), f.get())) {
        text.append(buf.data(), n);
    }
    if (std::ferror(f.get())) throw cannot_read(errno);  // e.g. EISDIR for a folder
    return text;
}

}  // namespace

std::string_view to_string(PlotKind kind) { return kind_names.at(static_cast<std::size_t>(kind)); }

std::string_view to_string(OutputFormat format) {
    return format_names.at(static_cast<std::size_t>(format));
}

Config parse_config(std::string_view yaml_text, std::string_view source_name,
                    const fs::path& base_dir) {
    const Checker check{std::string(source_name)};
    const Field root = load_document(check, yaml_text);
    if (!root.node.IsMap()) {
        check.fail(root, "the top level must be a mapping, got " + detail::describe(root.node));
    }
    const Mapping m = check.mapping(root, {"input", "output", "figure", "plots", "run"});
    Config cfg;
    cfg.source = fs::path(source_name);
    cfg.base_dir = absolute_dir(base_dir);
    cfg.input = parse_input(check, check.require(m, "input"));
    cfg.output = parse_output(check, check.require(m, "output"), cfg.base_dir);
    if (const Field* f = m.find("figure")) cfg.figure = parse_figure(check, *f);
    cfg.plots = parse_plots(check, check.require(m, "plots"));
    if (const Field* f = m.find("run")) cfg.run = parse_run(check, *f);
    return cfg;
}

Config load_config(const fs::path& file) {
    const std::string text = read_text_file(file);
    Config cfg = parse_config(text, file.string(), fs::absolute(file).parent_path());
    cfg.source = fs::absolute(file).lexically_normal();
    return cfg;
}

}  // namespace plotcluster

#include "plotcluster/config/config.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "plotcluster/config/text_template.hpp"
#include "plotcluster/core/color_spec.hpp"
#include "plotcluster/core/colormap.hpp"
#include "plotcluster/config/dataset_glob.hpp"
#include "yaml_check.hpp"

namespace plotcluster {
namespace {

namespace fs = std::filesystem;
using detail::Checker;
using detail::Field;
using detail::Mapping;

// Spellings in the config file; the index is the enum value.
constexpr std::array<std::string_view, 3> format_names = {"png", "svg", "pdf"};
constexpr std::array<std::string_view, 2> on_error_names = {"continue", "abort"};
constexpr std::array<std::string_view, 2> schedule_names = {"dynamic", "static"};
constexpr std::array<std::string_view, 2> scale_names = {"linear", "log"};
constexpr std::array<std::string_view, 2> virtual_missing_names = {"fail", "fill"};
constexpr std::array<std::string_view, 13> legend_names = {
    "best",   "upper right", "upper left",   "lower left",   "lower right",
    "right",  "center left", "center right", "lower center", "upper center",
    "center", "outside",     "none"};

// The keys every rule has, whatever its kind; the kinds add their own (KindSyntax::keys).
constexpr std::array<std::string_view, 15> common_rule_keys = {
    "match",  "kind",   "title", "x_label", "y_label", "limits", "x_limits", "slice",
    "xscale", "yscale", "grid",  "decode",  "legend",  "also",   "when"};

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

std::string template_field(const Checker& check, const Field& f, bool title = false) {
    std::string tmpl = check.string(f);
    if (auto err = check_template(tmpl, title)) check.fail(f, *err);
    return tmpl;
}

std::string colormap_field(const Checker& check, const Field& f) {
    std::string name = check.non_empty_string(f);
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
    const Mapping m = check.mapping(f, {"files", "follow_links", "virtual_missing"});
    InputConfig input;
    for (auto& [pattern, item] : check.strings(check.require(m, "files"))) {
        input.files.push_back(std::move(pattern));
    }
    if (const Field* v = m.find("follow_links")) input.follow_links = check.boolean(*v);
    if (const Field* v = m.find("virtual_missing")) {
        input.virtual_missing = static_cast<VirtualMissing>(
            choose(check, *v, "virtual_missing value", virtual_missing_names));
    }
    return input;
}

OutputConfig parse_output(const Checker& check, const Field& f, const fs::path& base_dir) {
    const Mapping m = check.mapping(f, {"dir", "name", "formats", "png_compression", "gallery"});
    OutputConfig out;
    out.dir = absolute_dir(base_dir / check.non_empty_string(check.require(m, "dir")));
    if (const Field* name = m.find("name")) {
        check.non_empty_string(*name);
        out.name = template_field(check, *name);
    }
    if (const Field* formats = m.find("formats")) {
        out.formats.clear();
        for (const auto& [text, item] : check.strings(*formats)) {
            const auto format =
                static_cast<OutputFormat>(choose(check, item, "format", format_names));
            if (std::find(out.formats.begin(), out.formats.end(), format) != out.formats.end()) {
                check.fail(item, "duplicate format '" + text + "'");
            }
            out.formats.push_back(format);
        }
    }
    if (const Field* level = m.find("png_compression")) {
        out.png_compression = check.integer(*level, 0, 12);
    }
    if (const Field* gallery = m.find("gallery")) out.gallery = check.boolean(*gallery);
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

std::string color_field(const Checker& check, const Field& f) {
    std::string spec = check.non_empty_string(f);
    if (!parse_color(spec)) {
        check.fail(f, "unknown color '" + spec +
                          "' (use C0..C9, #rrggbb, #rrggbbaa, tab:NAME or a name like 'red')");
    }
    return spec;
}

// `[lo, hi]` or `auto`.
Limits limits_field(const Checker& check, const Field& f) {
    if (f.node.IsScalar()) {
        const std::string text = check.string(f);
        if (text == "auto") return {};
        if (text == "shared") return {true, 0, 1, LimitsShare::dataset};
        if (text == "rule") return {true, 0, 1, LimitsShare::rule};
        check.fail(f, "expected auto, shared, rule or [lo, hi], got " + detail::describe(f.node));
    }
    const auto items = check.list(f);
    if (items.size() != 2)
        check.fail(f, "expected auto, shared, rule or [lo, hi], got a list of " +
                          std::to_string(items.size()));
    constexpr double big = std::numeric_limits<double>::max();
    Limits limits{false, check.number(items[0], -big, big), check.number(items[1], -big, big)};
    if (!(limits.lo < limits.hi)) check.fail(f, "lo must be less than hi");
    return limits;
}

// What messages call the axis of a slice: "axis 2", "axis 'z'".
std::string slice_axis_text(const SliceSpec& spec) {
    return spec.name.empty() ? "axis " + std::to_string(spec.axis) : "axis '" + spec.name + "'";
}

// A frame bound or step: a whole number, at least `lo`.
std::uint64_t frame_number(const Checker& check, const Field& f, int lo, const char* expected) {
    const bool whole = f.node.IsScalar() && !f.node.Scalar().empty() &&
                       f.node.Scalar().find_first_not_of("+0123456789") == std::string::npos;
    if (!whole)
        check.fail(f, std::string("expected ") + expected + ", got " + detail::describe(f.node));
    const int n = check.integer(f, 0, std::numeric_limits<int>::max());
    if (n < lo) check.fail(f, std::string("expected ") + expected + ", got " + f.node.Scalar());
    return static_cast<std::uint64_t>(n);
}

// `index: {every: N}`, `{from: A, to: B}` or all three: frames A, A+N, … below B.
FrameSpec frames_entry(const Checker& check, const Field& f) {
    const Mapping m = check.mapping(f, {"every", "from", "to"});
    if (m.entries.empty()) check.fail(f, "expected every, from or to (or write `index: each`)");
    FrameSpec frames;
    if (const Field* every = m.find("every"))
        frames.every = frame_number(check, *every, 1, "a positive integer");
    if (const Field* from = m.find("from"))
        frames.from = frame_number(check, *from, 0, "an index (0 or more)");
    if (const Field* to = m.find("to")) {
        frames.to = frame_number(check, *to, 0, "an index (0 or more)");
        if (*frames.to <= frames.from) {
            check.fail(*to, "must be more than from (" + std::to_string(frames.from) +
                                "): `to` is exclusive, as in Python's range, so from: " +
                                std::to_string(frames.from) +
                                ", to: " + std::to_string(frames.from + 1) +
                                " is the single frame " + std::to_string(frames.from));
        }
    }
    return frames;
}

SliceSpec slice_entry(const Checker& check, const Field& f) {
    const Mapping m = check.mapping(f, {"axis", "index", "value"});
    SliceSpec spec;
    // A number is the axis's position, anything else a dimension's name (`axis: z`), which
    // the plan looks up in each dataset's dimension names.
    const Field& axis = check.require(m, "axis");
    const bool numbered = axis.node.IsScalar() && !axis.node.Scalar().empty() &&
                          axis.node.Scalar().find_first_not_of("+-0123456789") == std::string::npos;
    if (numbered) {
        spec.axis = check.integer(axis, 0, 31);
    } else {
        spec.name = check.non_empty_string(axis);
    }
    const Field* index = m.find("index");
    if (const Field* value = m.find("value")) {
        if (index != nullptr) check.fail(*value, "give index or value, not both");
        constexpr double big = std::numeric_limits<double>::max();
        spec.value = check.number(*value, -big, big);
        return spec;
    }
    // No `index` (or `index: middle`): the middle of the axis, resolved against each
    // dataset's shape in the plan.
    if (index == nullptr || (index->node.IsScalar() && index->node.Scalar() == "middle")) {
        return spec;
    }
    if (index->node.IsScalar() && index->node.Scalar() == "each") {
        spec.frames = FrameSpec{};
        return spec;
    }
    if (index->node.IsMap()) {
        spec.frames = frames_entry(check, *index);
        return spec;
    }
    const bool numeric =
        index->node.IsScalar() && !index->node.Scalar().empty() &&
        index->node.Scalar().find_first_not_of("+-0123456789") == std::string::npos;
    if (!numeric) {
        check.fail(*index, "expected an index, middle, each, {every: N} or {from: A, to: B}, got " +
                               detail::describe(index->node));
    }
    spec.index =
        static_cast<std::uint64_t>(check.integer(*index, 0, std::numeric_limits<int>::max()));
    return spec;
}

// `slice:` takes one {axis, index | value} or a list of them, each axis at most once.
std::vector<SliceSpec> slice_field(const Checker& check, const Field& f) {
    std::vector<SliceSpec> specs;
    if (f.node.IsMap()) {
        specs.push_back(slice_entry(check, f));
        return specs;
    }
    for (const Field& item : check.list(f)) {
        SliceSpec spec = slice_entry(check, item);
        for (const auto& other : specs) {
            if (other.axis == spec.axis && other.name == spec.name) {
                check.fail(item, slice_axis_text(spec) + " is sliced twice");
            }
            if (other.frames && spec.frames) {
                // Blame the second frame axis's `index:`, the key to change.
                const Mapping m = check.mapping(item, {"axis", "index", "value"});
                check.fail(*m.find("index"),
                           "frames along two axes (" + slice_axis_text(other) + " and " +
                               slice_axis_text(spec) +
                               "): a rule makes its frames along one axis only; keep `index: "
                               "each` (or every/from/to) on one of them and give the other a "
                               "fixed index (`index: 0`, or `index: middle`)");
            }
        }
        specs.push_back(spec);
    }
    if (specs.empty()) check.fail(f, "must not be empty");
    return specs;
}

template <typename Enum, std::size_t N>
Enum enum_field(const Checker& check, const Field& f, const std::string& what,
                const std::array<std::string_view, N>& names) {
    return static_cast<Enum>(choose(check, f, what, names));
}

// A rule's keys as its kind parses them: typed getters over the checked mapping.
class YamlRuleKeys final : public RuleKeys {
public:
    YamlRuleKeys(const Checker& check, const Mapping& m) : check_(check), m_(m) {}

    bool has(std::string_view key) const override { return m_.find(key) != nullptr; }
    bool is(std::string_view key, std::string_view word) const override {
        const Field* f = m_.find(key);
        return f != nullptr && f->node.IsScalar() && f->node.Scalar() == word;
    }
    std::optional<std::string> text(std::string_view key) const override {
        if (const Field* f = m_.find(key)) return check_.non_empty_string(*f);
        return std::nullopt;
    }
    std::optional<bool> boolean(std::string_view key) const override {
        if (const Field* f = m_.find(key)) return check_.boolean(*f);
        return std::nullopt;
    }
    std::optional<int> integer(std::string_view key, int lo, int hi) const override {
        if (const Field* f = m_.find(key)) return check_.integer(*f, lo, hi);
        return std::nullopt;
    }
    std::optional<double> number(std::string_view key, double lo, double hi) const override {
        if (const Field* f = m_.find(key)) return check_.number(*f, lo, hi);
        return std::nullopt;
    }
    std::optional<std::vector<double>> numbers(std::string_view key, double lo, double hi,
                                               std::size_t min_count,
                                               std::size_t max_count) const override {
        const Field* f = m_.find(key);
        if (f == nullptr) return std::nullopt;
        if (f->node.IsScalar()) {
            if (min_count > 1)
                fail(key, "expected a list of " + std::to_string(min_count) + " numbers");
            return std::vector<double>{check_.number(*f, lo, hi)};
        }
        std::vector<double> out;
        for (const Field& item : check_.list(*f)) out.push_back(check_.number(item, lo, hi));
        if (out.size() < min_count || out.size() > max_count) {
            const std::string count = min_count == max_count ? std::to_string(min_count)
                                                             : std::to_string(min_count) + " to " +
                                                                   std::to_string(max_count);
            check_.fail(*f, "expected " + count + " numbers, got " + std::to_string(out.size()));
        }
        return out;
    }
    std::optional<std::vector<std::string>> texts(std::string_view key, std::size_t min_count,
                                                  std::size_t max_count) const override {
        const Field* f = m_.find(key);
        if (f == nullptr) return std::nullopt;
        if (f->node.IsScalar()) return std::vector<std::string>{check_.non_empty_string(*f)};
        std::vector<std::string> out;
        for (const Field& item : check_.list(*f)) out.push_back(check_.non_empty_string(item));
        if (out.size() < min_count || out.size() > max_count) {
            const std::string count = min_count == max_count ? std::to_string(min_count)
                                                             : std::to_string(min_count) + " to " +
                                                                   std::to_string(max_count);
            check_.fail(*f, "expected one dataset or a list of " + count + ", got " +
                                std::to_string(out.size()));
        }
        return out;
    }
    std::optional<std::size_t> choice(std::string_view key, std::string_view what,
                                      std::span<const std::string_view> names) const override {
        if (const Field* f = m_.find(key)) return choose(check_, *f, std::string(what), names);
        return std::nullopt;
    }
    std::size_t count(std::string_view key) const override {
        const Field* f = m_.find(key);
        return f != nullptr && f->node.IsSequence() ? f->node.size() : 0;
    }
    std::optional<std::string> color(std::string_view key) const override {
        if (const Field* f = m_.find(key)) return color_field(check_, *f);
        return std::nullopt;
    }
    std::optional<std::string> colormap(std::string_view key) const override {
        if (const Field* f = m_.find(key)) return colormap_field(check_, *f);
        return std::nullopt;
    }
    [[noreturn]] void fail(std::string_view key, std::string_view why) const override {
        const Field* f = m_.find(key);
        check_.fail(f != nullptr ? *f : m_.self, why);
    }

private:
    const Checker& check_;
    const Mapping& m_;
};

// Every key a rule may have: the common ones, then each kind's, once, in table order.
std::vector<std::string_view> rule_keys(const KindSyntaxes& kinds) {
    std::vector<std::string_view> keys(common_rule_keys.begin(), common_rule_keys.end());
    for (const KindSyntax* kind : kinds.all()) {
        for (const auto key : kind->keys()) {
            if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
        }
    }
    return keys;
}

bool accepts(const KindSyntax& kind, std::string_view key) {
    const auto own = kind.keys();
    return std::find(common_rule_keys.begin(), common_rule_keys.end(), key) !=
               common_rule_keys.end() ||
           std::find(own.begin(), own.end(), key) != own.end();
}

const KindSyntax& kind_field(const Checker& check, const Field& f, const KindSyntaxes& kinds) {
    std::vector<std::string_view> names;
    names.reserve(kinds.all().size());
    for (const KindSyntax* kind : kinds.all()) names.push_back(kind->name());
    return *kinds.all().at(choose(check, f, "kind", names));
}

// `when: {ndim: N, shape: [n | null, ...], attr: {NAME: TEXT, ...}}`.
RuleCondition when_field(const Checker& check, const Field& f) {
    const Mapping m = check.mapping(f, {"ndim", "shape", "attr"});
    if (m.entries.empty()) check.fail(f, "expected at least one of ndim, shape, attr");
    RuleCondition when;
    if (const Field* ndim = m.find("ndim")) {
        const std::string text =
            ndim->node.IsScalar() && ndim->node.Tag() != "!" ? ndim->node.Scalar() : "";
        const bool digits = !text.empty() && text.size() <= 2 &&
                            text.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || std::stoi(text) > 32) {
            check.fail(*ndim, "expected an integer 0..32, got " + detail::describe(ndim->node));
        }
        when.ndim = std::stoi(text);
    }
    if (const Field* shape = m.find("shape")) {
        if (!shape->node.IsSequence()) {
            check.fail(*shape, "expected a list of axis lengths (null: any), got " +
                                   detail::describe(shape->node));
        }
        std::vector<std::optional<std::uint64_t>> lengths;
        for (const Field& axis : check.list(*shape)) {
            if (axis.node.IsNull() || (axis.node.IsScalar() && axis.node.Scalar() == "any")) {
                lengths.emplace_back();
                continue;
            }
            if (!axis.node.IsScalar() || axis.node.Scalar().empty() ||
                axis.node.Scalar().find_first_not_of("+0123456789") != std::string::npos) {
                check.fail(axis, "expected an axis length or null (any), got " +
                                     detail::describe(axis.node));
            }
            lengths.emplace_back(static_cast<std::uint64_t>(
                check.integer(axis, 0, std::numeric_limits<int>::max())));
        }
        if (lengths.size() > 32) check.fail(*shape, "lists more than 32 axes");
        if (when.ndim && static_cast<std::size_t>(*when.ndim) != lengths.size()) {
            check.fail(*shape, "lists " + std::to_string(lengths.size()) + " axes but ndim is " +
                                   std::to_string(*when.ndim));
        }
        when.shape = std::move(lengths);
    }
    if (const Field* attr = m.find("attr")) {
        if (!attr->node.IsMap())
            check.fail(*attr, "expected a mapping of attribute names to their text, got " +
                                  detail::describe(attr->node));
        for (const auto& entry : attr->node) {
            const int line = entry.first.Mark().line + 1;
            if (!entry.first.IsScalar() || entry.first.Scalar().empty()) {
                check.fail(line, attr->path, "attribute names must be non-empty strings");
            }
            const std::string& name = entry.first.Scalar();
            const Field value{entry.second, attr->path + "." + name, line};
            if (!entry.second.IsScalar()) {
                check.fail(value,
                           "expected the attribute's text, got " + detail::describe(entry.second));
            }
            for (const AttrCondition& earlier : when.attrs) {
                if (earlier.name == name) check.fail(value, "duplicate attribute");
            }
            when.attrs.push_back({name, entry.second.Scalar()});
        }
        if (when.attrs.empty()) check.fail(*attr, "must name at least one attribute");
        std::sort(when.attrs.begin(), when.attrs.end(),
                  [](const AttrCondition& a, const AttrCondition& b) { return a.name < b.name; });
    }
    return when;
}

// The keys of composition, parsed here for any kind that lists them among its keys:
// `overlay:` (a 2-D kind drawn over) and `panels:` (kind panels). Each entry is a rule
// body of its own (PlotRule::part), with `dataset:` in place of `match:`.
constexpr std::string_view overlay_key = "overlay";
constexpr std::string_view panels_key = "panels";

// The rules of `plots:` and, after them, every overlay and panel body of theirs.
struct RuleList {
    std::size_t top = 0;          // how many rules `plots:` lists
    std::vector<PlotRule> parts;  // Config::plots[top + i]
};

PlotRule parse_body(const Checker& check, const Field& f, const Mapping& m,
                    const KindSyntaxes& kinds, RuleList& list);

// One entry of `overlay:` or `panels:` of a rule of kind `parent`.
RulePart parse_part(const Checker& check, const Field& f, PartRole role, const KindSyntaxes& kinds,
                    RuleList& list) {
    std::vector<std::string_view> keys = rule_keys(kinds);
    std::erase(keys, std::string_view("match"));
    keys.push_back("dataset");
    const Mapping m = check.mapping(f, keys);
    RulePart part;
    part.role = role;
    if (const Field* d = m.find("dataset")) {
        part.dataset = check.non_empty_string(*d);
        if (const std::string why = dataset_glob_problem(part.dataset); !why.empty())
            check.fail(*d, why);
        if (part.dataset.find_first_of("*?[") != std::string::npos)
            check.fail(
                *d, "must name one dataset (a sibling's name or an absolute path), not a pattern");
    }
    const std::string what = role == PartRole::overlay ? "an overlay" : "a panel";
    if (const Field* k = m.find("kind");
        k != nullptr && k->node.IsScalar() && k->node.Scalar() == "panels")
        check.fail(*k, "'panels' cannot be " + what + " (a panel figure is a rule of its own)");
    // Reserved before the body is parsed, whose own parts come after it.
    part.rule = static_cast<std::uint32_t>(list.top + list.parts.size());
    list.parts.emplace_back();
    PlotRule body = parse_body(check, f, m, kinds, list);
    body.part = true;
    body.match = part.dataset;
    list.parts[part.rule - list.top] = std::move(body);
    return part;
}

PlotRule parse_rule(const Checker& check, const Field& f, const KindSyntaxes& kinds,
                    RuleList& list) {
    const Mapping m = check.mapping(f, rule_keys(kinds));
    const Field& match = check.require(m, "match");
    std::string pattern = check.string(match);
    if (!pattern.starts_with('/')) {
        check.fail(match,
                   "must be an absolute dataset path starting with '/', got '" + pattern + "'");
    }
    if (const std::string why = dataset_glob_problem(pattern); !why.empty()) {
        check.fail(match, why);
    }
    PlotRule rule = parse_body(check, f, m, kinds, list);
    rule.match = std::move(pattern);
    return rule;
}

// The keys of a rule but `match` (a part has none).
PlotRule parse_body(const Checker& check, const Field& f, const Mapping& m,
                    const KindSyntaxes& kinds, RuleList& list) {
    PlotRule rule;
    rule.line = f.line;
    const KindSyntax& kind = kind_field(check, check.require(m, "kind"), kinds);
    rule.kind = &kind;
    for (const auto& [key, v] : m.entries) {
        if (accepts(kind, key) || key == "dataset") continue;
        std::string for_kinds;
        for (const KindSyntax* other : kinds.all()) {
            if (accepts(*other, key))
                for_kinds += (for_kinds.empty() ? "" : ", ") + std::string(other->name());
        }
        check.fail(v, "does not apply to kind " + std::string(kind.name()) + " (only to " +
                          for_kinds + ")");
    }
    if (const Field* v = m.find("title")) rule.title = template_field(check, *v, true);
    if (const Field* v = m.find("x_label")) rule.x_label = template_field(check, *v);
    if (const Field* v = m.find("y_label")) rule.y_label = template_field(check, *v);
    if (const Field* v = m.find("limits")) rule.limits = limits_field(check, *v);
    if (const Field* v = m.find("x_limits")) rule.x_limits = limits_field(check, *v);
    if (const Field* v = m.find("slice")) rule.slice = slice_field(check, *v);
    if (!has_frames(rule)) {
        for (const char* key : {"title", "x_label", "y_label"}) {
            const Field* v = m.find(key);
            if (v != nullptr && uses_frame(v->node.Scalar())) {
                check.fail(
                    *v, "'{frame}' needs frames: add `slice: {axis: N, index: each}` to the rule");
            }
        }
    }
    if (const Field* v = m.find("xscale")) {
        rule.xscale = enum_field<Scale>(check, *v, "xscale", scale_names);
    }
    if (const Field* v = m.find("yscale")) {
        rule.yscale = enum_field<Scale>(check, *v, "yscale", scale_names);
    }
    if (const Field* v = m.find("grid")) rule.grid = check.boolean(*v);
    if (const Field* v = m.find("decode")) rule.decode = check.boolean(*v);
    if (const Field* v = m.find("legend"))
        rule.legend = enum_field<LegendPlace>(check, *v, "legend", legend_names);
    if (const Field* v = m.find("also")) rule.also = check.boolean(*v);
    if (const Field* v = m.find("when")) rule.when = when_field(check, *v);
    rule.options = kind.parse(YamlRuleKeys(check, m));
    for (const auto& [key, role] :
         {std::pair{overlay_key, PartRole::overlay}, std::pair{panels_key, PartRole::panel}}) {
        const Field* v = m.find(key);
        if (v == nullptr) continue;
        const std::vector<Field> items = check.list(*v);
        if (items.empty())
            check.fail(*v, "must list at least one " +
                               std::string(role == PartRole::overlay ? "overlay" : "panel"));
        for (const Field& item : items)
            rule.parts.push_back(parse_part(check, item, role, kinds, list));
    }
    if (std::string_view(kind.name()) == panels_key && rule.parts.empty())
        check.fail(m.self, "missing required key 'panels' (the list of the figure's panels)");
    return rule;
}

std::vector<PlotRule> parse_plots(const Checker& check, const Field& f, const KindSyntaxes& kinds) {
    const std::vector<Field> items = check.list(f);
    RuleList list;
    list.top = items.size();
    std::vector<PlotRule> rules;
    rules.reserve(items.size());
    for (const Field& item : items) rules.push_back(parse_rule(check, item, kinds, list));
    if (rules.empty()) check.fail(f, "must list at least one plot rule");
    for (auto& part : list.parts) rules.push_back(std::move(part));
    return rules;
}

RunConfig parse_run(const Checker& check, const Field& f) {
    const Mapping m = check.mapping(f, {"on_error", "schedule"});
    RunConfig run;
    if (const Field* v = m.find("on_error")) {
        run.on_error = static_cast<OnError>(choose(check, *v, "on_error value", on_error_names));
    }
    if (const Field* v = m.find("schedule")) {
        run.schedule = enum_field<Schedule>(check, *v, "schedule", schedule_names);
    }
    return run;
}

// Sees where each document of a stream starts. yaml-cpp 0.7 (Debian 12) does not consume
// a ',' at the top level: it reports an empty document there, and again, forever, so
// YAML::LoadAll allocates until the machine runs out of memory (jbeder/yaml-cpp#1040,
// found by tests/fuzz/fuzz_config.cpp). A document starting where the previous one
// started means the parser is stuck.
class DocumentStarts final : public YAML::EventHandler {
public:
    std::optional<YAML::Mark> stuck;

    void OnDocumentStart(const YAML::Mark& mark) override {
        if (last_ && last_->pos == mark.pos) stuck = mark;
        last_ = mark;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}

private:
    std::optional<YAML::Mark> last_;
};

// Throws ConfigError where YAML::LoadAll would never return; YAML::Exception otherwise
// propagates, as from LoadAll.
void check_parser_progress(const Checker& check, std::string_view text) {
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    DocumentStarts starts;
    while (parser.HandleNextDocument(starts)) {
        if (const auto& at = starts.stuck) {
            const auto pos = static_cast<std::size_t>(at->pos);
            const char c = pos < text.size() ? text[pos] : '?';
            check.fail(at->line + 1, "",
                       c > ' ' && c < 0x7f ? "invalid YAML: unexpected '" + std::string(1, c) + "'"
                                           : std::string("invalid YAML: unexpected token"));
        }
    }
}

Field load_document(const Checker& check, std::string_view text) {
    std::vector<YAML::Node> docs;
    try {
        check_parser_progress(check, text);
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

const SliceSpec* frame_slice(const PlotRule& rule) {
    for (const auto& s : rule.slice) {
        if (s.frames) return &s;
    }
    return nullptr;
}

std::string_view kind_name(const PlotRule& rule) {
    return rule.kind != nullptr ? rule.kind->name() : std::string_view();
}

std::string_view to_string(OutputFormat format) {
    return format_names.at(static_cast<std::size_t>(format));
}

Config parse_config(std::string_view yaml_text, std::string_view source_name,
                    const fs::path& base_dir, const KindSyntaxes& kinds) {
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
    cfg.plots = parse_plots(check, check.require(m, "plots"), kinds);
    // {frame} in output.name is "" for plots that are not frames, but with no rule making
    // frames it is a mistake.
    if (uses_frame(cfg.output.name) &&
        std::none_of(cfg.plots.begin(), cfg.plots.end(), has_frames)) {
        const Field& output = check.require(m, "output");
        check.fail(check.require(check.mapping(output, {"dir", "name", "formats", "png_compression",
                                                        "gallery"}),
                                 "name"),
                   "'{frame}' needs a rule with frames (`slice: {axis: N, index: each}`)");
    }
    if (const Field* f = m.find("run")) cfg.run = parse_run(check, *f);
    return cfg;
}

Config load_config(const fs::path& file, const KindSyntaxes& kinds) {
    const std::string text = read_text_file(file);
    Config cfg = parse_config(text, file.string(), fs::absolute(file).parent_path(), kinds);
    cfg.source = fs::absolute(file).lexically_normal();
    return cfg;
}

}  // namespace plotcluster

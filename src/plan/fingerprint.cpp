#include "plotcluster/plan/fingerprint.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <sstream>
#include <type_traits>
#include <variant>

namespace plotcluster {
namespace {

// Every field of the config, of the plot's rule and of its task goes into the fingerprint
// except these: a new field changes the fingerprint (redraws) until it is listed here,
// with the reason it cannot change a plot's bytes. Paths are "config.", "rule." (the
// task's entry of config.plots) and "task." followed by the field list's names.
constexpr std::array exclusions{
    FingerprintExclusion{"config.source", "the config file's own path; its folder is base_dir"},
    FingerprintExclusion{"config.base_dir", "paths are resolved against it: task.read.file is in"},
    FingerprintExclusion{"config.input.files", "which files are drawn, not how: task.read.file is in"},
    FingerprintExclusion{"config.input.follow_links",
                         "which datasets are cataloged; a drawn one looks the same either way"},
    FingerprintExclusion{"config.output.dir", "the folder that holds the outputs and the journal itself"},
    FingerprintExclusion{"config.output.name", "a template: its result, task.job.output_stem, is in"},
    FingerprintExclusion{"config.output.gallery",
                         "the gallery page only; a kept plot without a thumbnail shows its image"},
    FingerprintExclusion{"config.plots", "only the plot's own rule counts, as rule.*, and its overlays' and panels' rules, as part_rule[i].*"},
    FingerprintExclusion{"config.run.on_error", "what a failure does to the run, not to a plot"},
    FingerprintExclusion{"config.run.schedule", "which rank draws a plot, not what it draws"},
    FingerprintExclusion{"rule.match", "which datasets the rule takes: task.read.file and task.read.dataset are in"},
    FingerprintExclusion{"rule.line", "where the rule sits in the config file, for messages"},
    FingerprintExclusion{"task.job.id", "the index in this run's list, which moves when plots are added or kept"},
    FingerprintExclusion{"task.draw.rule", "an index into config.plots; the rule itself is in, as rule.*"},
    FingerprintExclusion{"task.job.cost", "the schedule's estimate, from task.read.shape and config.figure"},
    FingerprintExclusion{"task.job.fingerprint", "the result itself"},
    FingerprintExclusion{"task.limits_group",
                         "this run's numbering of the groups; the group's plots are in, as `group`"},
    FingerprintExclusion{"task.x_limits_group",
                         "this run's numbering of the groups; the group's plots are in, as `group`"},
};

bool excluded(std::string_view path) {
    return std::any_of(exclusions.begin(), exclusions.end(),
                       [&](const FingerprintExclusion& e) { return e.field == path; });
}

// Two FNV-1a passes with different offsets: 128 bits, ample for telling one plot's
// settings from its own earlier ones (never compared across plots).
std::string hash128(std::string_view text) {
    std::uint64_t a = 0xcbf29ce484222325ull, b = 0x84222325cbf29ce4ull;
    for (const unsigned char c : text) {
        a = (a ^ c) * 0x100000001b3ull;
        b = (b ^ c) * 0x100000001b3ull;
        b ^= b >> 29;
    }
    char out[33];
    std::snprintf(out, sizeof out, "%016llx%016llx", static_cast<unsigned long long>(a),
                  static_cast<unsigned long long>(b));
    return out;
}

// One line per value, "path=value", walking structs through their field lists. Strings
// carry their length and lists their size, so no two different settings print the same text.
// A rule's kind is its name, its options each under "rule.options.<name>".
class Canon {
public:
    Canon() { out_.precision(17); }  // every double round-trips

    template <class T>
    void add(const std::string& path, const T& value) {
        if constexpr (fields::listed<T>) {
            for_each_field(value, [&](std::string_view name, const auto& member) {
                std::string sub = path + '.';
                sub += name;
                if (!excluded(sub)) add(sub, member);
            });
        } else if constexpr (fields::is_optional<T>) {
            if (value) {
                add(path, *value);
            } else {
                out_ << path << "=<none>\n";
            }
        } else if constexpr (fields::is_vector<T>) {
            out_ << path << "=[" << value.size() << "]\n";
            for (std::size_t i = 0; i < value.size(); ++i)
                add(path + '[' + std::to_string(i) + ']', value[i]);
        } else if constexpr (fields::is_variant<T>) {
            out_ << path << "=<" << value.index() << ">\n";
            std::visit([&](const auto& alternative) { add(path, alternative); }, value);
        } else if constexpr (std::is_enum_v<T>) {
            out_ << path << '=' << static_cast<long long>(value) << '\n';
        } else if constexpr (std::is_same_v<T, bool>) {
            out_ << path << '=' << (value ? "true" : "false") << '\n';
        } else if constexpr (std::is_arithmetic_v<T>) {
            out_ << path << '=' << +value << '\n';
        } else if constexpr (std::is_same_v<T, std::filesystem::path>) {
            add(path, value.string());
        } else if constexpr (std::is_same_v<T, const KindSyntax*>) {
            add(path, value != nullptr ? value->name() : std::string_view("<none>"));
        } else if constexpr (std::is_same_v<T, std::shared_ptr<const KindOptions>>) {
            if (value) {
                Options options(*this, path);
                value->fields(options);
            } else {
                out_ << path << "=<none>\n";
            }
        } else {
            static_assert(std::is_convertible_v<const T&, std::string_view>,
                          "the fingerprint cannot print this type: give it a field list");
            const std::string_view text = value;
            out_ << path << '=' << text.size() << ':' << text << '\n';
        }
    }

    std::string text() const { return out_.str(); }

private:
    // A kind's options, each as its own path.
    class Options final : public OptionSink {
    public:
        Options(Canon& canon, const std::string& path) : canon_(canon), path_(path) {}
        void operator()(std::string_view name, const bool& v) override { canon_.add(sub(name), v); }
        void operator()(std::string_view name, const int& v) override { canon_.add(sub(name), v); }
        void operator()(std::string_view name, const double& v) override { canon_.add(sub(name), v); }
        void operator()(std::string_view name, const std::string& v) override { canon_.add(sub(name), v); }
        void operator()(std::string_view name, const std::optional<std::string>& v) override {
            canon_.add(sub(name), v);
        }
        void operator()(std::string_view name, const std::vector<double>& v) override {
            canon_.add(sub(name), v);
        }

    private:
        std::string sub(std::string_view name) const {
            std::string out = path_ + '.';
            out += name;
            return out;
        }
        Canon& canon_;
        const std::string& path_;
    };

    std::ostringstream out_;
};

}  // namespace

std::span<const FingerprintExclusion> fingerprint_exclusions() { return exclusions; }

std::string plot_fingerprint(const Config& config, const PlotTask& task, const FileStamp& stamp,
                             std::string_view version, std::string_view group) {
    Canon c;
    c.add("version", version);
    c.add("config", config);
    c.add("rule", config.plots.at(task.draw.rule));
    for (std::size_t i = 0; i < task.parts.size(); ++i) {
        // Overlays and panels are rules of their own; as for the rule, where they sit in the
        // file and the dataset they name (resolved in task.parts) are not theirs to add.
        PlotRule part = config.plots.at(task.parts[i].draw.rule);
        part.match.clear();
        part.line = 0;
        c.add("part_rule[" + std::to_string(i) + "]", part);
    }
    c.add("task", task);
    c.add("stamp", stamp);
    c.add("group", group);
    return hash128(c.text());
}

}  // namespace plotcluster

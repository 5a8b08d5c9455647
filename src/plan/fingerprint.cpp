#include "plotcluster/plan/fingerprint.hpp"

#include <cstdio>
#include <sstream>

namespace plotcluster {
namespace {

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

std::ostream& operator<<(std::ostream& os, const SliceSpec& s) {
    return os << s.axis << ':' << (s.index ? std::to_string(*s.index) : "middle");
}

// Fields are written with their names and separated by newlines, so no two different
// settings can print the same text.
class Canon {
public:
    Canon() { out_.precision(17); }  // every double round-trips
    template <typename T>
    Canon& operator()(std::string_view key, const T& value) {
        out_ << key << '=' << value << '\n';
        return *this;
    }
    template <typename T>
    Canon& operator()(std::string_view key, const std::optional<T>& value) {
        if (value) return (*this)(key, *value);
        out_ << key << "=<none>\n";
        return *this;
    }
    template <typename T>
    Canon& operator()(std::string_view key, const std::vector<T>& values) {
        out_ << key << "=[" << values.size() << "]";
        for (const auto& v : values) out_ << ' ' << v;
        out_ << '\n';
        return *this;
    }
    std::string text() const { return out_.str(); }

    // A kind's options, each under its own name.
    class Options final : public OptionSink {
    public:
        explicit Options(Canon& c) : c_(c) {}
        void operator()(std::string_view name, const bool& value) override { c_(name, value); }
        void operator()(std::string_view name, const int& value) override { c_(name, value); }
        void operator()(std::string_view name, const double& value) override { c_(name, value); }
        void operator()(std::string_view name, const std::string& value) override { c_(name, value); }
        void operator()(std::string_view name, const std::optional<std::string>& value) override {
            c_(name, value);
        }

    private:
        Canon& c_;
    };

private:
    std::ostringstream out_;
};

}  // namespace

std::string plot_fingerprint(const Config& config, const PlotTask& task, const FileStamp& stamp,
                             std::string_view version, std::string_view group) {
    Canon c;
    c.operator()("version", version);
    const auto& f = config.figure;
    c("width", f.width)("height", f.height)("dpi", f.dpi)("font", f.font);
    c("png_compression", config.output.png_compression);
    std::vector<std::string> formats;
    for (const auto fmt : config.output.formats) formats.emplace_back(to_string(fmt));
    c("formats", formats);
    const PlotRule& r = config.plots.at(task.draw.rule);
    c("kind", kind_name(r));
    if (r.options) {
        Canon::Options options(c);
        r.options->fields(options);
    }
    c("limits", r.limits.automatic)("lo", r.limits.lo)("hi", r.limits.hi)("slice", r.slice);
    c("share", static_cast<int>(r.limits.share));
    c("xscale", static_cast<int>(r.xscale))("yscale", static_cast<int>(r.yscale))("grid", r.grid);
    c("decode", r.decode)("virtual_missing", static_cast<int>(config.input.virtual_missing));
    const TaskRead& in = task.read;
    c("file", in.file)("size", stamp.size)("mtime_ns", stamp.mtime_ns);
    c("dataset", in.dataset)("members", in.members)("member_labels", task.draw.member_labels);
    for (const auto& companion : in.companions) c("companion", companion.role + '=' + companion.dataset);
    c("shape", in.shape)("dtype", in.dtype)("title", task.draw.title);
    c("x_label", task.draw.x_label)("y_label", task.draw.y_label)("value_label", task.draw.value_label);
    c("output_stem", task.job.output_stem)("group", group);
    return hash128(c.text());
}

}  // namespace plotcluster

#include "support/rules.hpp"

#include <sstream>

#include "plotcluster/error.hpp"
#include "plotcluster/figure/plot_kind.hpp"

namespace plotcluster::test {
namespace {

class Texts final : public OptionSink {
public:
    std::map<std::string, std::string> values;

    void operator()(std::string_view name, const bool& v) override { put(name, v ? "true" : "false"); }
    void operator()(std::string_view name, const int& v) override { put(name, std::to_string(v)); }
    void operator()(std::string_view name, const double& v) override {
        std::ostringstream out;
        out.precision(17);
        out << v;
        put(name, out.str());
    }
    void operator()(std::string_view name, const std::string& v) override { put(name, v); }
    void operator()(std::string_view name, const std::optional<std::string>& v) override {
        put(name, v ? *v : "<none>");
    }
    void operator()(std::string_view name, const std::vector<double>& v) override {
        std::ostringstream out;
        out.precision(17);
        out << '[';
        for (std::size_t i = 0; i < v.size(); ++i) out << (i == 0 ? "" : ", ") << v[i];
        out << ']';
        put(name, out.str());
    }

private:
    void put(std::string_view name, std::string value) { values[std::string(name)] = std::move(value); }
};

}  // namespace

PlotRule rule_of(std::string_view kind, std::string_view options, std::string_view match) {
    // kind: panels cannot be without its list of panels: one, unless the options give theirs.
    std::string given(options);
    if (kind == "panels" && given.find("panels:") == std::string::npos)
        given = "panels: [{kind: line}]" + (given.empty() ? "" : ", " + given);
    options = given;
    const std::string text = "input: {files: [a.h5]}\noutput: {dir: out}\nplots:\n  - {match: '" +
                             std::string(match) + "', kind: " + std::string(kind) +
                             (options.empty() ? "" : ", " + std::string(options)) + "}\n";
    return parse_config(text, "test.yaml", "/", kind_syntaxes()).plots.at(0);
}

std::string config_error_of(std::string_view kind, std::string_view options) {
    try {
        rule_of(kind, options);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

std::map<std::string, std::string> option_values(const PlotRule& rule) {
    Texts texts;
    if (rule.options) rule.options->fields(texts);
    return texts.values;
}

}  // namespace plotcluster::test

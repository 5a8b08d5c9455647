#pragma once
// Typed access to yaml-cpp nodes that fails with "<source>:<line>: <key path>: <what>".
// Private to src/config: yaml-cpp types stop here.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "did_you_mean.hpp"
#include "plotcluster/error.hpp"

namespace plotcluster::detail {

// A node plus what a message about it needs.
struct Field {
    YAML::Node node;
    std::string path;  // "plots[1].colormap"; list indices are 0-based; empty for the root
    int line = 1;      // 1-based line to blame
};

// The entries of a checked mapping, in file order.
struct Mapping {
    Field self;
    std::vector<std::pair<std::string, Field>> entries;

    const Field* find(std::string_view key) const {
        for (const auto& [name, field] : entries) {
            if (name == key) return &field;
        }
        return nullptr;
    }
};

inline std::string describe(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Sequence: return "a list";
        case YAML::NodeType::Map: return "a mapping";
        case YAML::NodeType::Scalar:
            // Quoted scalars are strings even when they look like numbers.
            return node.Tag() == "!" ? "the string '" + node.Scalar() + "'"
                                     : "'" + node.Scalar() + "'";
        default: return "nothing";
    }
}

class Checker {
public:
    explicit Checker(std::string source_name) : source_(std::move(source_name)) {}

    [[noreturn]] void fail(int line, std::string_view path, std::string_view what) const {
        std::string msg = source_ + ":" + std::to_string(line) + ": ";
        if (!path.empty()) msg += std::string(path) + ": ";
        throw ConfigError(msg + std::string(what));
    }
    [[noreturn]] void fail(const Field& f, std::string_view what) const {
        fail(f.line, f.path, what);
    }

    // Checks that `f` is a mapping with string keys from `allowed`, each at most once.
    Mapping mapping(const Field& f, std::initializer_list<std::string_view> allowed) const {
        return mapping(f, std::vector<std::string_view>(allowed));
    }
    Mapping mapping(const Field& f, const std::vector<std::string_view>& allowed) const {
        if (!f.node.IsMap()) fail(f, "expected a mapping, got " + describe(f.node));
        Mapping out{f, {}};
        for (const auto& entry : f.node) {
            const YAML::Node& key = entry.first;
            const int line = key.Mark().line + 1;
            if (!key.IsScalar()) fail(line, f.path, "keys must be strings, got " + describe(key));
            const std::string& name = key.Scalar();
            Field child{entry.second, f.path.empty() ? name : f.path + "." + name, line};
            if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
                fail(child, "unknown key" + did_you_mean(name, allowed));
            }
            if (const Field* first = out.find(name)) {
                fail(child,
                     "duplicate key (first given on line " + std::to_string(first->line) + ")");
            }
            out.entries.emplace_back(name, std::move(child));
        }
        return out;
    }

    const Field& require(const Mapping& m, std::string_view key) const {
        const Field* f = m.find(key);
        if (!f) fail(m.self, "missing required key '" + std::string(key) + "'");
        return *f;
    }

    std::vector<Field> list(const Field& f) const {
        if (!f.node.IsSequence()) fail(f, "expected a list, got " + describe(f.node));
        std::vector<Field> out;
        for (std::size_t i = 0; i < f.node.size(); ++i) {
            const YAML::Node item = f.node[i];
            // yaml-cpp marks an empty item at the next token, so blame the list instead.
            const int line = item.IsNull() ? f.line : item.Mark().line + 1;
            out.push_back({item, f.path + "[" + std::to_string(i) + "]", line});
        }
        return out;
    }

    std::string string(const Field& f) const {
        if (!f.node.IsScalar()) fail(f, "expected a string, got " + describe(f.node));
        return f.node.Scalar();
    }

    std::string non_empty_string(const Field& f) const {
        std::string s = string(f);
        if (s.empty()) fail(f, "must not be empty");
        return s;
    }

    // A list of strings; a single string stands for a list of one.
    std::vector<std::pair<std::string, Field>> strings(const Field& f) const {
        std::vector<std::pair<std::string, Field>> out;
        if (f.node.IsScalar()) {
            out.emplace_back(non_empty_string(f), f);
            return out;
        }
        if (!f.node.IsSequence()) fail(f, "expected a list of strings, got " + describe(f.node));
        for (Field& item : list(f)) {
            std::string s = non_empty_string(item);
            out.emplace_back(std::move(s), std::move(item));
        }
        if (out.empty()) fail(f, "must not be empty");
        return out;
    }

    int integer(const Field& f, int lo, int hi) const {
        const std::string text = plain_scalar(f, "an integer");
        // YAML allows a leading '+'; from_chars does not.
        const std::size_t skip = text.starts_with('+') ? 1 : 0;
        int value = 0;
        const auto [end, ec] =
            std::from_chars(text.data() + skip, text.data() + text.size(), value);
        if (ec == std::errc::invalid_argument || end != text.data() + text.size() ||
            text.size() == skip) {
            fail(f, "expected an integer, got " + describe(f.node));
        }
        if (ec == std::errc::result_out_of_range || value < lo || value > hi) {
            fail(f, text + " is out of range (" + std::to_string(lo) + ".." + std::to_string(hi) +
                        ")");
        }
        return value;
    }

    bool boolean(const Field& f) const {
        const std::string text = plain_scalar(f, "true or false");
        if (text == "true" || text == "True" || text == "TRUE") return true;
        if (text == "false" || text == "False" || text == "FALSE") return false;
        fail(f, "expected true or false, got " + describe(f.node));
    }

    double number(const Field& f, double lo, double hi) const {
        const std::string text = plain_scalar(f, "a number");
        const std::size_t skip = text.starts_with('+') ? 1 : 0;
        double value = 0;
        const auto [end, ec] =
            std::from_chars(text.data() + skip, text.data() + text.size(), value);
        if (ec != std::errc{} || end != text.data() + text.size() || text.size() == skip ||
            !std::isfinite(value)) {
            fail(f, "expected a number, got " + describe(f.node));
        }
        if (value < lo || value > hi) {
            fail(f, text + " is out of range (" + trim_number(lo) + ".." + trim_number(hi) + ")");
        }
        return value;
    }

private:
    // The text of an unquoted scalar, for numbers.
    std::string plain_scalar(const Field& f, std::string_view expected) const {
        if (!f.node.IsScalar() || f.node.Tag() == "!") {
            fail(f, "expected " + std::string(expected) + ", got " + describe(f.node));
        }
        return f.node.Scalar();
    }

    static std::string trim_number(double v) {
        std::string s = std::to_string(v);
        s.erase(s.find_last_not_of('0') + 1);
        if (s.ends_with('.')) s.pop_back();
        return s;
    }

    std::string source_;
};

}  // namespace plotcluster::detail

#pragma once
// Walks values through their field lists (core/fields.hpp) for the round-trip tests:
// fill every field with a distinct non-default value, print every field, visit every node.
// Generic, so a struct that gets a field list is covered without editing this file; a
// plot rule's kind is a leaf (its name), its options nodes under "options.<name>".
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "plotcluster/config/kind_syntax.hpp"
#include "plotcluster/core/fields.hpp"
#include "plotcluster/figure/plot_kind.hpp"

namespace plotcluster::test {

using KindPtr = const KindSyntax*;
using OptionsPtr = std::shared_ptr<const KindOptions>;

template <class T, class F>
void for_each_node(T& value, const std::string& path, F&& f);

namespace detail {

// A kind's options as nodes, each under `path`.<name>: read-only for a const walk...
template <class F>
class OptionNodes final : public OptionSink {
public:
    OptionNodes(const std::string& path, F& f) : path_(path), f_(f) {}
    void operator()(std::string_view name, const bool& v) override { visit(name, v); }
    void operator()(std::string_view name, const int& v) override { visit(name, v); }
    void operator()(std::string_view name, const double& v) override { visit(name, v); }
    void operator()(std::string_view name, const std::string& v) override { visit(name, v); }
    void operator()(std::string_view name, const std::optional<std::string>& v) override { visit(name, v); }
    void operator()(std::string_view name, const std::vector<double>& v) override { visit(name, v); }

private:
    template <class V>
    void visit(std::string_view name, const V& v) {
        std::string sub = path_ + '.';
        sub += name;
        for_each_node(v, sub, f_);
    }
    const std::string& path_;
    F& f_;
};

// ... and writable for one that may change them.
template <class F>
class MutableOptionNodes final : public OptionSource {
public:
    MutableOptionNodes(const std::string& path, F& f) : path_(path), f_(f) {}
    void operator()(std::string_view name, bool& v) override { visit(name, v); }
    void operator()(std::string_view name, int& v) override { visit(name, v); }
    void operator()(std::string_view name, double& v) override { visit(name, v); }
    void operator()(std::string_view name, std::string& v) override { visit(name, v); }
    void operator()(std::string_view name, std::optional<std::string>& v) override { visit(name, v); }
    void operator()(std::string_view name, std::vector<double>& v) override { visit(name, v); }

private:
    template <class V>
    void visit(std::string_view name, V& v) {
        std::string sub = path_ + '.';
        sub += name;
        for_each_node(v, sub, f_);
    }
    const std::string& path_;
    F& f_;
};

}  // namespace detail

template <class T>
void fill(T& value, int& n);

namespace detail {

// Fills a kind's options as fill() does any value.
class FillOptions final : public OptionSource {
public:
    explicit FillOptions(int& n) : n_(n) {}
    void operator()(std::string_view /*name*/, bool& v) override { fill(v, n_); }
    void operator()(std::string_view /*name*/, int& v) override { fill(v, n_); }
    void operator()(std::string_view /*name*/, double& v) override { fill(v, n_); }
    void operator()(std::string_view /*name*/, std::string& v) override { fill(v, n_); }
    void operator()(std::string_view /*name*/, std::optional<std::string>& v) override { fill(v, n_); }
    void operator()(std::string_view /*name*/, std::vector<double>& v) override { fill(v, n_); }

private:
    int& n_;
};

}  // namespace detail

// Sets every field reachable from `value` to a value no other field got (counter `n`)
// and that differs from its default: optionals engaged, two elements in every list,
// a variant's last alternative (its default is the first).
template <class T>
void fill(T& value, int& n) {
    if constexpr (std::is_same_v<T, PlotRule>) {
        // The kind before its options: they are the kind's defaults, then filled.
        for_each_field(value, [&](std::string_view /*name*/, auto& member) {
            using M = std::remove_cvref_t<decltype(member)>;
            if constexpr (std::is_same_v<M, OptionsPtr>) {
                std::unique_ptr<KindOptions> options = value.kind->defaults();
                detail::FillOptions filler(n);
                options->fields(filler);
                member = std::move(options);
            } else {
                fill(member, n);
            }
        });
    } else if constexpr (std::is_same_v<T, KindPtr>) {
        // The next kind of the program's (the first after none).
        const auto kinds = plot_kinds();
        std::size_t i = 0;
        while (i < kinds.size() && kinds[i] != value) ++i;
        value = kinds[i < kinds.size() ? (i + 1) % kinds.size() : 0];
    } else if constexpr (fields::listed<T>) {
        for_each_field(value, [&n](std::string_view /*name*/, auto& member) { fill(member, n); });
    } else if constexpr (fields::is_optional<T>) {
        value.emplace();
        fill(*value, n);
    } else if constexpr (fields::is_vector<T>) {
        static_assert(!std::is_same_v<T, std::vector<bool>>);
        value.resize(2);
        for (auto& element : value) fill(element, n);
    } else if constexpr (fields::is_variant<T>) {
        constexpr std::size_t last = std::variant_size_v<T> - 1;
        if (value.index() != last) value.template emplace<last>();
        std::visit([&n](auto& alternative) { fill(alternative, n); }, value);
    } else if constexpr (std::is_enum_v<T>) {
        using U = std::underlying_type_t<T>;
        value = static_cast<T>(static_cast<U>(static_cast<U>(value) + 1));
    } else if constexpr (std::is_same_v<T, bool>) {
        value = !value;
    } else if constexpr (std::is_integral_v<T>) {
        const T before = value;
        value = static_cast<T>(++n);
        if (value == before) value = static_cast<T>(++n);
    } else if constexpr (std::is_floating_point_v<T>) {
        value = static_cast<T>(++n) + static_cast<T>(0.25);  // no default ends in .25
    } else if constexpr (std::is_same_v<T, std::string>) {
        value = "s" + std::to_string(++n) + " \xc3\xa9\n";  // a space, UTF-8 and a newline
    } else if constexpr (std::is_same_v<T, std::filesystem::path>) {
        value = "/p" + std::to_string(++n) + "/a b";
    } else {
        static_assert(sizeof(T) == 0, "fill: give this type a field list or a case here");
    }
}

template <class T>
T filled() {
    T value{};
    int n = 0;
    fill(value, n);
    return value;
}

// Calls f(path, node) for `value` and everything inside it: each listed struct, each
// field, each optional's value, each list element, a variant's alternative. Paths read
// "setup.config.plots[0].limits.lo".
template <class T, class F>
void for_each_node(T& value, const std::string& path, F&& f) {
    f(path, value);
    if constexpr (std::is_same_v<T, const OptionsPtr>) {
        if (value) {
            detail::OptionNodes<std::remove_reference_t<F>> nodes(path, f);
            value->fields(nodes);
        }
    } else if constexpr (std::is_same_v<T, OptionsPtr>) {
        // Walked on a copy (the rule's copies share theirs), which replaces them after.
        if (value) {
            std::unique_ptr<KindOptions> copy = value->clone();
            detail::MutableOptionNodes<std::remove_reference_t<F>> nodes(path, f);
            copy->fields(nodes);
            value = std::move(copy);
        }
    } else if constexpr (fields::listed<std::remove_const_t<T>>) {
        for_each_field(value, [&](std::string_view name, auto& member) {
            std::string sub = path + '.';
            sub += name;
            for_each_node(member, sub, f);
        });
    } else if constexpr (fields::is_optional<std::remove_const_t<T>>) {
        if (value) for_each_node(*value, path, f);
    } else if constexpr (fields::is_vector<std::remove_const_t<T>>) {
        for (std::size_t i = 0; i < value.size(); ++i)
            for_each_node(value[i], path + '[' + std::to_string(i) + ']', f);
    } else if constexpr (fields::is_variant<std::remove_const_t<T>>) {
        std::visit([&](auto& alternative) { for_each_node(alternative, path, f); }, value);
    }
}

// Every leaf as "path=value\n": two values print the same exactly when every field
// their lists reach is equal.
template <class T>
std::string dump(const T& value, const std::string& root) {
    std::ostringstream out;
    out.precision(17);
    for_each_node(value, root, [&out](const std::string& path, const auto& node) {
        using N = std::remove_cvref_t<decltype(node)>;
        if constexpr (fields::is_optional<N>) {
            if (!node) out << path << "=<none>\n";
        } else if constexpr (fields::is_vector<N>) {
            out << path << "=[" << node.size() << "]\n";
        } else if constexpr (fields::is_variant<N>) {
            out << path << "=<" << node.index() << ">\n";
        } else if constexpr (std::is_enum_v<N>) {
            out << path << '=' << static_cast<long long>(node) << '\n';
        } else if constexpr (std::is_arithmetic_v<N>) {
            out << path << '=' << +node << '\n';
        } else if constexpr (std::is_same_v<N, std::string>) {
            out << path << "=\"";
            for (const char c : node) out << (c == '\n' ? "\\n" : std::string(1, c));
            out << "\"\n";
        } else if constexpr (std::is_same_v<N, std::filesystem::path>) {
            out << path << "=" << node << '\n';
        } else if constexpr (std::is_same_v<N, KindPtr>) {
            out << path << "=" << (node != nullptr ? node->name() : "<none>") << '\n';
        } else if constexpr (std::is_same_v<N, OptionsPtr>) {
            if (!node) out << path << "=<none>\n";
        }
    });
    return out.str();
}

}  // namespace plotcluster::test

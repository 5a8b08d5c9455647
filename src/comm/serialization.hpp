#pragma once
// Private to comm: non-intrusive Boost.Serialization for the values that travel between
// ranks, so the public types stay free of Boost. Every struct goes through its field list
// (core/fields.hpp), written next to the struct: nothing here lists fields. A plot rule's
// kind travels as its name and its options through the kind's own list (KindOptions).
#include <boost/serialization/map.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "plotcluster/comm/comm.hpp"
#include "plotcluster/core/fields.hpp"
#include "plotcluster/figure/plot_kind.hpp"

namespace plotcluster::comm_detail {

// A kind's options into an output archive, in their list's order.
template <class Ar>
class SaveOptions final : public OptionSink {
public:
    explicit SaveOptions(Ar& ar) : ar_(ar) {}
    void operator()(std::string_view /*name*/, const bool& v) override { ar_ & v; }
    void operator()(std::string_view /*name*/, const int& v) override { ar_ & v; }
    void operator()(std::string_view /*name*/, const double& v) override { ar_ & v; }
    void operator()(std::string_view /*name*/, const std::string& v) override { ar_ & v; }
    void operator()(std::string_view /*name*/, const std::optional<std::string>& v) override { ar_ & v; }
    void operator()(std::string_view /*name*/, const std::vector<double>& v) override { ar_ & v; }

private:
    Ar& ar_;
};

// ... and back, over the kind's default options.
template <class Ar>
class LoadOptions final : public OptionSource {
public:
    explicit LoadOptions(Ar& ar) : ar_(ar) {}
    void operator()(std::string_view /*name*/, bool& v) override { ar_ & v; }
    void operator()(std::string_view /*name*/, int& v) override { ar_ & v; }
    void operator()(std::string_view /*name*/, double& v) override { ar_ & v; }
    void operator()(std::string_view /*name*/, std::string& v) override { ar_ & v; }
    void operator()(std::string_view /*name*/, std::optional<std::string>& v) override { ar_ & v; }
    void operator()(std::string_view /*name*/, std::vector<double>& v) override { ar_ & v; }

private:
    Ar& ar_;
};

// The kind as its name ("" for none); the receiving rank looks it up among the program's.
template <class Ar>
void kind_field(Ar& ar, const KindSyntax*& kind) {
    std::string name(kind != nullptr ? kind->name() : std::string_view());
    ar & name;
    if constexpr (Ar::is_loading::value) {
        kind = name.empty() ? nullptr : find_plot_kind(name);
        if (!name.empty() && kind == nullptr) {
            throw std::runtime_error("comm: unknown plot kind '" + name + "' received");
        }
    }
}

// The options after the kind, which says what they are.
template <class Ar>
void options_field(Ar& ar, const KindSyntax* kind, std::shared_ptr<const KindOptions>& options) {
    bool has = options != nullptr;
    ar & has;
    if constexpr (Ar::is_loading::value) {
        options.reset();
        if (!has) return;
        if (kind == nullptr) throw std::runtime_error("comm: plot options received without a kind");
        std::unique_ptr<KindOptions> loaded = kind->defaults();
        LoadOptions<Ar> load(ar);
        loaded->fields(load);
        options = std::move(loaded);
    } else if (has) {
        SaveOptions<Ar> save(ar);
        options->fields(save);
    }
}

}  // namespace plotcluster::comm_detail

namespace boost::serialization {

template <class Ar>
void serialize(Ar& ar, std::filesystem::path& p, unsigned /*version*/) {
    std::string s = p.string();
    ar & s;
    if constexpr (Ar::is_loading::value) p = s;
}

template <class Ar, class T>
void serialize(Ar& ar, std::optional<T>& o, unsigned /*version*/) {
    bool has = o.has_value();
    ar & has;
    if constexpr (Ar::is_loading::value) {
        if (!has) {
            o.reset();
            return;
        }
        o.emplace();
    }
    if (has) ar & *o;
}

// Boost 1.74 serializes boost::variant only: the alternative's index, then its value.
template <class Ar, class... Ts>
void serialize(Ar& ar, std::variant<Ts...>& var, unsigned /*version*/) {
    auto index = static_cast<std::uint32_t>(var.index());
    ar & index;
    if constexpr (Ar::is_loading::value) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            static_cast<void>(((I == index ? (var.template emplace<I>(), true) : false) || ...));
        }(std::index_sequence_for<Ts...>{});
    }
    std::visit([&ar](auto& alternative) { ar & alternative; }, var);
}

// Any struct with a field list: its fields in the list's order.
template <class Ar, plotcluster::fields::listed T>
void serialize(Ar& ar, T& obj, const unsigned int /*version*/) {
    for_each_field(obj, [&ar](std::string_view /*name*/, auto& member) { ar & member; });
}

// A plot rule through its list, the kind and its options as above (more specialized
// than the template before, so chosen for PlotRule).
template <class Ar>
void serialize(Ar& ar, plotcluster::PlotRule& rule, const unsigned int /*version*/) {
    for_each_field(rule, [&ar, &rule](std::string_view /*name*/, auto& member) {
        using Member = std::remove_cvref_t<decltype(member)>;
        if constexpr (std::is_same_v<Member, const plotcluster::KindSyntax*>) {
            plotcluster::comm_detail::kind_field(ar, member);
        } else if constexpr (std::is_same_v<Member, std::shared_ptr<const plotcluster::KindOptions>>) {
            plotcluster::comm_detail::options_field(ar, rule.kind, member);
        } else {
            ar & member;
        }
    });
}

}  // namespace boost::serialization

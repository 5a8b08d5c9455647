#pragma once
// Private to comm: non-intrusive Boost.Serialization for the values that travel between
// ranks, so the public types stay free of Boost. Every struct goes through its field list
// (core/fields.hpp), written next to the struct: nothing here lists fields.
#include <boost/serialization/map.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>
#include <utility>
#include <variant>

#include "plotcluster/comm/comm.hpp"
#include "plotcluster/core/fields.hpp"

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

}  // namespace boost::serialization

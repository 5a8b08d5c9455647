#pragma once
// Field lists: each struct that crosses ranks or feeds the fingerprint has a
// `for_each_field(obj, visitor)` written right after it, which calls `visitor("name",
// obj.member)` once per member, in declaration order, for const and non-const objects.
// The MPI serialization, the fingerprint and the round-trip test all walk these lists,
// so a member is carried everywhere by adding it to one list, and the test fails when a
// member is missing from its list (member_count against listed_field_count).
//
// A list is written as
//     template <fields::same_or_const<Limits> S, class V>
//     constexpr void for_each_field(S& l, V&& v) { v("automatic", l.automatic); ... }
// and visitors recurse into nested structs through their own list (fields::listed).
#include <concepts>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

namespace plotcluster::fields {

// S is T or const T: one list serves readers and writers.
template <class S, class T>
concept same_or_const = std::same_as<std::remove_const_t<S>, T>;

namespace detail {

struct ignore_field {
    template <class T>
    constexpr void operator()(std::string_view /*name*/, const T& /*value*/) const {}
};

// Converts to any type, so `T{any_arg, ...}` compiles for as many arguments as T's
// aggregate initialization takes (the technique Boost.PFR uses; Debian 12's Boost 1.74
// has no PFR). Only used in unevaluated contexts: never defined.
struct any_arg {
    template <class U>
    operator U() const;  // NOLINT(google-explicit-constructor): converting is the point
};

template <class T, std::size_t... I>
constexpr bool brace_initializable(std::index_sequence<I...> /*unused*/) {
    return requires { T{(static_cast<void>(I), any_arg{})...}; };
}

template <class T, std::size_t N>
constexpr std::size_t count_members() {
    if constexpr (brace_initializable<T>(std::make_index_sequence<N + 1>{}))
        return count_members<T, N + 1>();
    else
        return N;
}

}  // namespace detail

// T has a field list (found by argument-dependent lookup in T's namespace).
template <class T>
concept listed = requires(T& t, const T& c) {
    for_each_field(t, detail::ignore_field{});
    for_each_field(c, detail::ignore_field{});
};

// The number of members of an aggregate T (no base classes, no reference members), at
// compile time. A nested aggregate member counts once: an any_arg initializes it whole.
template <class T>
    requires std::is_aggregate_v<T>
constexpr std::size_t member_count() {
    return detail::count_members<T, 0>();
}

// The number of fields T's list visits. Needs an object because a list is code, not a
// table; `obj`'s values do not matter.
template <listed T>
constexpr std::size_t listed_field_count(const T& obj) {
    std::size_t n = 0;
    for_each_field(obj, [&n](std::string_view /*name*/, const auto& /*value*/) { ++n; });
    return n;
}

namespace detail {

// Room for a T that is never built: lets a constant expression walk T's list (binding
// references to its members, reading none) where T's constructor is not constexpr for
// every compiler (clang 14 cannot build a libstdc++ std::string with text at compile time).
template <class T>
union Unbuilt {
    T obj;
    char none;
    constexpr Unbuilt() : none() {}
    constexpr ~Unbuilt() {}  // NOLINT(modernize-use-equals-default): T's would run otherwise
};

}  // namespace detail

// The same count without an object, for a static_assert beside a struct's list:
//     static_assert(fields::listed_field_count<Options>() == fields::member_count<Options>());
template <listed T>
constexpr std::size_t listed_field_count() {
    detail::Unbuilt<T> room;
    std::size_t n = 0;
    for_each_field(room.obj, [&n](std::string_view /*name*/, const auto& /*value*/) { ++n; });
    return n;
}

// The containers a walker over fields looks into (serialization, fingerprint, tests).
template <class T>
inline constexpr bool is_optional = false;
template <class T>
inline constexpr bool is_optional<std::optional<T>> = true;
template <class T>
inline constexpr bool is_vector = false;
template <class T, class A>
inline constexpr bool is_vector<std::vector<T, A>> = true;
template <class T>
inline constexpr bool is_variant = false;
template <class... Ts>
inline constexpr bool is_variant<std::variant<Ts...>> = true;

}  // namespace plotcluster::fields

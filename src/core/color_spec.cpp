#include "plotcluster/core/color_spec.hpp"

#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace plotcluster {
namespace {

constexpr std::array<std::uint32_t, 10> tab10 = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728,
                                                 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f,
                                                 0xbcbd22, 0x17becf};
constexpr std::array<std::string_view, 10> tab10_names = {
    "blue", "orange", "green", "red", "purple", "brown", "pink", "gray", "olive", "cyan"};

// matplotlib's single-letter and base colour names, and the common CSS ones.
constexpr std::array<std::pair<std::string_view, std::uint32_t>, 24> named = {{
    {"b", 0x0000ff},     {"g", 0x008000},        {"r", 0xff0000},     {"c", 0x00bfbf},
    {"m", 0xbf00bf},     {"y", 0xbfbf00},        {"k", 0x000000},     {"w", 0xffffff},
    {"black", 0x000000}, {"white", 0xffffff},    {"red", 0xff0000},   {"green", 0x008000},
    {"blue", 0x0000ff},  {"orange", 0xffa500},   {"purple", 0x800080}, {"gray", 0x808080},
    {"grey", 0x808080},  {"lightgray", 0xd3d3d3}, {"lightgrey", 0xd3d3d3},
    {"darkgray", 0xa9a9a9}, {"magenta", 0xff00ff}, {"cyan", 0x00ffff},
    {"yellow", 0xffff00}, {"brown", 0xa52a2a},
}};

Color from_rgb(std::uint32_t rgb, double alpha = 1) {
    return {((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0,
            alpha};
}

std::optional<std::uint32_t> hex(std::string_view digits) {
    std::uint32_t value = 0;
    for (const char c : digits) {
        const int d = std::isdigit(static_cast<unsigned char>(c))   ? c - '0'
                      : (c >= 'a' && c <= 'f')                     ? c - 'a' + 10
                      : (c >= 'A' && c <= 'F')                     ? c - 'A' + 10
                                                                   : -1;
        if (d < 0) return std::nullopt;
        value = value * 16 + static_cast<std::uint32_t>(d);
    }
    return value;
}

}  // namespace

Color cycle_color(std::size_t i) { return from_rgb(tab10[i % tab10.size()]); }

std::optional<Color> parse_color(std::string_view spec) {
    if (spec.size() == 2 && spec[0] == 'C' && spec[1] >= '0' && spec[1] <= '9') {
        return cycle_color(static_cast<std::size_t>(spec[1] - '0'));
    }
    if (spec.starts_with('#') && (spec.size() == 7 || spec.size() == 9)) {
        const auto rgb = hex(spec.substr(1, 6));
        const auto alpha = spec.size() == 9 ? hex(spec.substr(7, 2)) : std::uint32_t{255};
        if (!rgb || !alpha) return std::nullopt;
        return from_rgb(*rgb, *alpha / 255.0);
    }
    if (spec.starts_with("tab:")) {
        for (std::size_t i = 0; i < tab10_names.size(); ++i) {
            if (spec.substr(4) == tab10_names[i]) return cycle_color(i);
        }
        if (spec == "tab:grey") return cycle_color(7);
        return std::nullopt;
    }
    for (const auto& [name, rgb] : named) {
        if (spec == name) return from_rgb(rgb);
    }
    return std::nullopt;
}

}  // namespace plotcluster

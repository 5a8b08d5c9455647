#include "plotcluster/core/colormap.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace plotcluster {

// Tables generated from matplotlib by scripts/gen_colormaps.py (colormap_data.cpp).
namespace colormap_data {
extern const std::size_t count;
extern const char* const names[];
extern const std::uint8_t rgb[][256 * 3];
}  // namespace colormap_data

namespace {

// Every map and its "_r" twin, built once; a function-local static gives thread-safe
// initialisation, and the vector is never modified afterwards, so pointers into it stay valid.
const std::vector<Colormap>& all_maps() {
    static const std::vector<Colormap> maps = [] {
        std::vector<Colormap> v;
        v.reserve(2 * colormap_data::count);
        for (std::size_t m = 0; m < colormap_data::count; ++m) {
            const std::uint8_t* src = colormap_data::rgb[m];
            Colormap::Table table;
            for (std::size_t i = 0; i < table.size(); ++i)
                table[i] = Rgb8{src[3 * i], src[3 * i + 1], src[3 * i + 2]};
            std::string name = colormap_data::names[m];
            v.emplace_back(name, table);
            std::reverse(table.begin(), table.end());
            v.emplace_back(name + "_r", table);
        }
        return v;
    }();
    return maps;
}

}  // namespace

const Colormap* Colormap::find(std::string_view name) {
    for (const Colormap& map : all_maps())
        if (map.name() == name) return &map;
    return nullptr;
}

std::vector<std::string> Colormap::names() {
    std::vector<std::string> result(colormap_data::names,
                                    colormap_data::names + colormap_data::count);
    std::sort(result.begin(), result.end());  // byte order, like Python's sorted()
    return result;
}

Rgb8 Colormap::at(double t) const {
    // matplotlib with N=256 uses floor(t * 256) and puts t == 1 in the last bin.
    // `!(t > 0)` also sends NaN to index 0 rather than into undefined behaviour.
    if (!(t > 0.0)) return table_.front();
    const double index = std::floor(std::min(t, 1.0) * 256.0);
    return table_[std::min<std::size_t>(static_cast<std::size_t>(index), 255)];
}

}  // namespace plotcluster

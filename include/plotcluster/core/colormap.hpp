#pragma once
// Matplotlib's colormaps as 256-entry lookup tables (data generated from matplotlib).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace plotcluster {

struct Rgb8 {
    std::uint8_t r = 0, g = 0, b = 0;
    friend bool operator==(const Rgb8&, const Rgb8&) = default;
};

class Colormap {
public:
    using Table = std::array<Rgb8, 256>;

    // Looks up a matplotlib name ("viridis", "RdBu_r"); a "_r" suffix reverses any map.
    // Returns nullptr for an unknown name.
    static const Colormap* find(std::string_view name);
    static std::vector<std::string> names();  // base names, without "_r" variants

    const std::string& name() const { return name_; }
    const Table& table() const { return table_; }
    // t in [0, 1] (clamped) to a colour; NaN is the caller's business.
    Rgb8 at(double t) const;

    Colormap(std::string name, const Table& table) : name_(std::move(name)), table_(table) {}

private:
    std::string name_;
    Table table_;
};

}  // namespace plotcluster

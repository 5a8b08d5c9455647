#include "plotcluster/core/output_layout.hpp"

#include <algorithm>

namespace plotcluster::output_layout {

std::string thumbnail_path(std::string_view output_stem) {
    return std::string(thumbnails) + "/" + std::string(output_stem) + ".png";
}

std::string temp_name(std::string_view file_name, long pid) {
    return "." + std::string(file_name) + ".tmp-" + std::to_string(pid);
}

bool is_temp_name(std::string_view name) {
    const auto at = name.rfind(".tmp-");
    if (!name.starts_with('.') || at == std::string_view::npos || at == 0) return false;
    const auto digits = name.substr(at + 5);
    return !digits.empty() &&
           std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_reserved_stem(std::string_view stem) {
    const auto slash = stem.find('/');
    if (slash == std::string_view::npos) return false;
    const auto top = stem.substr(0, slash);
    return top == thumbnails || top == state;
}

}  // namespace plotcluster::output_layout

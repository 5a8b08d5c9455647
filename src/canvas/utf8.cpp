#include "utf8.hpp"

#include "plotcluster/core/utf8.hpp"

namespace plotcluster {

std::string drawable_text(std::string_view s) {
    std::string out = replace_invalid_utf8(s);
    // Control characters are single bytes that no multi-byte character contains.
    for (char& c : out) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x20 || b == 0x7F) c = ' ';
    }
    return out;
}

}  // namespace plotcluster

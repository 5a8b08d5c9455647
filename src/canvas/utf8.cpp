#include "utf8.hpp"

#include "plotcluster/core/utf8.hpp"

namespace plotcluster {

std::string drawable_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t len = utf8_sequence_length(s, i);
        if (len == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
            continue;
        }
        const auto b = static_cast<unsigned char>(s[i]);
        if (len == 1 && (b < 0x20 || b == 0x7F)) out += ' ';
        else out.append(s.substr(i, len));
        i += len;
    }
    return out;
}

}  // namespace plotcluster

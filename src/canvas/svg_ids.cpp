#include "svg_ids.hpp"

#include <array>
#include <cctype>
#include <map>
#include <string_view>

namespace plotcluster::detail {

std::string renumber_svg_ids(const std::string& svg) {
    static constexpr std::array<std::string_view, 6> prefixes = {"surface", "image", "pattern",
                                                                 "clip",    "mask",  "source"};
    std::map<std::pair<std::string_view, std::string>, std::string> renamed;
    std::map<std::string_view, int> counts;
    std::string out;
    out.reserve(svg.size());
    std::size_t copied = 0;
    // Ids and references start right after `id="` or `#`.
    for (std::size_t at = svg.find_first_of("\"#"); at != std::string::npos;
         at = svg.find_first_of("\"#", at + 1)) {
        const std::size_t start = at + 1;
        for (const auto prefix : prefixes) {
            if (svg.compare(start, prefix.size(), prefix) != 0) continue;
            std::size_t end = start + prefix.size();
            while (end < svg.size() && std::isdigit(static_cast<unsigned char>(svg[end]))) ++end;
            if (end == start + prefix.size()) break;
            const std::string digits = svg.substr(start + prefix.size(), end - start - prefix.size());
            auto [it, fresh] = renamed.try_emplace({prefix, digits});
            if (fresh) it->second = std::to_string(++counts[prefix]);
            out.append(svg, copied, start + prefix.size() - copied);
            out += it->second;
            copied = end;
            break;
        }
    }
    out.append(svg, copied, std::string::npos);
    return out;
}

std::string pixelated_svg_images(const std::string& svg) {
    static constexpr std::string_view tag = "<image ";
    static constexpr std::string_view marked =
        "<image style=\"image-rendering:pixelated\" image-rendering=\"optimizeSpeed\" ";
    std::string out;
    out.reserve(svg.size() + 256);
    std::size_t copied = 0;
    for (std::size_t at = svg.find(tag); at != std::string::npos; at = svg.find(tag, at + 1)) {
        out.append(svg, copied, at - copied);
        out += marked;
        copied = at + tag.size();
    }
    out.append(svg, copied, std::string::npos);
    return out;
}

}  // namespace plotcluster::detail

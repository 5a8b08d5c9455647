#include "plotcluster/plan/output_path.hpp"

#include <cstdint>
#include <utility>

#include "plotcluster/core/utf8.hpp"

namespace plotcluster {
namespace {

constexpr std::size_t max_component = 200;  // bytes; leaves room for ".png" and temp names

bool is_unsafe_ascii(unsigned char c) {
    if (c < 0x20 || c == 0x7f) return true;  // control characters
    switch (c) {
        case '\\': case ':': case '*': case '?': case '"': case '<': case '>': case '|':
            return true;
        default:
            return false;
    }
}

// Replaces unsafe ASCII and bytes that are not valid UTF-8 (so the result is always
// valid UTF-8, e.g. for the JSON manifest); keeps valid non-ASCII characters.
std::string sanitize(std::string_view component) {
    std::string out;
    out.reserve(component.size());
    for (std::size_t i = 0; i < component.size();) {
        const auto c = static_cast<unsigned char>(component[i]);
        if (c < 0x80) {
            out += is_unsafe_ascii(c) ? '_' : static_cast<char>(c);
            ++i;
        } else if (const std::size_t length = utf8_sequence_length(component, i)) {
            out.append(component.substr(i, length));
            i += length;
        } else {
            out += '_';
            ++i;
        }
    }
    return out;
}

// FNV-1a 64: simple and stable across platforms and releases.
std::uint64_t fnv1a64(std::string_view bytes) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

// Keeps a prefix that ends on a character boundary and appends "~" and 8 hex digits of
// the original component's hash, so distinct long names stay distinct.
std::string shorten(std::string safe, std::string_view original) {
    static constexpr char hex[] = "0123456789abcdef";
    constexpr std::size_t suffix_size = 1 + 8;
    std::size_t cut = max_component - suffix_size;
    while (cut > 0 && (static_cast<unsigned char>(safe[cut]) & 0xc0) == 0x80) --cut;
    safe.resize(cut);
    const std::uint64_t h = fnv1a64(original);
    const auto folded = static_cast<std::uint32_t>(h ^ (h >> 32));
    safe += '~';
    for (int shift = 28; shift >= 0; shift -= 4) safe += hex[(folded >> shift) & 0xf];
    return safe;
}

}  // namespace

std::string safe_relative_path(std::string_view expanded_name) {
    std::string result;
    std::size_t start = 0;
    while (start <= expanded_name.size()) {
        std::size_t end = expanded_name.find('/', start);
        if (end == std::string_view::npos) end = expanded_name.size();
        const std::string_view component = expanded_name.substr(start, end - start);
        start = end + 1;
        if (component.empty()) continue;

        std::string safe = sanitize(component);
        if (safe == ".") safe = "_";
        else if (safe == "..") safe = "__";  // distinct from ".", which becomes "_"
        if (safe.size() > max_component) safe = shorten(std::move(safe), component);

        if (!result.empty()) result += '/';
        result += safe;
    }
    return result.empty() ? "_" : result;
}

}  // namespace plotcluster

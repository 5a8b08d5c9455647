// libFuzzer target: dataset names (any bytes) -> output paths. Checks what
// plan/output_path.hpp promises for safe_relative_path, on the raw input and on names made
// by expand_template from a fuzzed template and context, as plan.cpp makes them.
//   build-fuzz/fuzz_output_path build-fuzz/fuzz/corpus/output_path
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "plotcluster/config/text_template.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/plan/output_path.hpp"

namespace {

using namespace plotcluster;

constexpr std::size_t max_component = 200;  // output_path.hpp; below NAME_MAX (255)

[[noreturn]] void finding(std::string_view what, std::string_view input, std::string_view result) {
    std::fprintf(stderr, "fuzz_output_path: %.*s\n  input (%zu bytes)\n  result: '%.*s'\n",
                 static_cast<int>(what.size()), what.data(), input.size(),
                 static_cast<int>(result.size()), result.data());
    std::abort();
}

std::vector<std::string_view> split(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = path.find('/', start);
        parts.push_back(path.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

// Well-formed UTF-8 (RFC 3629): shortest form, no surrogates, at most U+10FFFF. Written
// independently of output_path.cpp's check, by decoding.
bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto lead = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if (lead < 0x80) n = 1, cp = lead;
        else if ((lead & 0xe0) == 0xc0) n = 2, cp = lead & 0x1fu;
        else if ((lead & 0xf0) == 0xe0) n = 3, cp = lead & 0x0fu;
        else if ((lead & 0xf8) == 0xf0) n = 4, cp = lead & 0x07u;
        else return false;
        if (i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k) {
            const auto c = static_cast<unsigned char>(s[i + k]);
            if ((c & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (c & 0x3fu);
        }
        static constexpr std::uint32_t min_for_length[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min_for_length[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return false;
        }
        i += n;
    }
    return true;
}

bool unsafe_byte(unsigned char c) {
    return c < 0x20 || c == 0x7f || std::string_view("\\:*?\"<>|").find(static_cast<char>(c)) !=
                                        std::string_view::npos;
}

// A component safe_relative_path has no reason to change.
bool already_safe(std::string_view part) {
    if (part == "." || part == ".." || part.size() > max_component || !valid_utf8(part)) {
        return false;
    }
    for (const char c : part) {
        if (unsafe_byte(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

void check_path(std::string_view input) {
    const std::string result = safe_relative_path(input);
    if (result.empty()) finding("empty result", input, result);
    if (result.front() == '/') finding("absolute result", input, result);
    if (!valid_utf8(result)) finding("result is not valid UTF-8", input, result);
    for (const std::string_view part : split(result)) {
        if (part.empty()) finding("empty component", input, result);
        if (part == "." || part == "..") finding("dot component", input, result);
        if (part.size() > max_component) finding("component too long", input, result);
        for (const char c : part) {
            if (unsafe_byte(static_cast<unsigned char>(c))) finding("unsafe byte", input, result);
        }
    }
    if (safe_relative_path(input) != result) finding("not deterministic", input, result);
    if (safe_relative_path(result) != result) finding("not idempotent", input, result);

    // Ordinary names pass unchanged, only empty components (and so leading, trailing and
    // doubled slashes) are dropped.
    std::string expected;
    bool ordinary = true;
    for (const std::string_view part : split(input)) {
        if (part.empty()) continue;
        ordinary = ordinary && already_safe(part);
        if (!expected.empty()) expected += '/';
        expected += part;
    }
    if (expected.empty()) expected = "_";
    if (ordinary && result != expected) finding("changed an ordinary name", input, result);
}

// A template and a context, as plan.cpp expands output.name for one dataset.
void check_template_path(FuzzedDataProvider& in) {
    const std::string tmpl = in.ConsumeRandomLengthString(256);
    TemplateContext ctx;
    ctx.file_stem = in.ConsumeRandomLengthString(256);
    ctx.file = ctx.file_stem + ".h5";
    ctx.name = in.ConsumeRandomLengthString(256);
    ctx.dataset = "/" + in.ConsumeRandomLengthString(512) + "/" + ctx.name;
    std::map<std::string, std::string> attrs;
    for (int n = in.ConsumeIntegralInRange(0, 3); n > 0; --n) {
        std::string key = in.ConsumeRandomLengthString(32);
        attrs[std::move(key)] = in.ConsumeRandomLengthString(256);
    }
    if (in.ConsumeBool()) ctx.attrs = &attrs;

    const bool valid = !check_template(tmpl);
    std::string expanded;
    try {
        expanded = expand_template(tmpl, ctx);
    } catch (const std::invalid_argument&) {
        if (valid) finding("expand_template rejected a checked template", tmpl, {});
        return;
    } catch (const DatasetError&) {
        if (!valid) finding("unchecked template gave a DatasetError", tmpl, {});
        if (tmpl.find("{attr:") == std::string::npos) {
            finding("DatasetError without an {attr:} placeholder", tmpl, {});
        }
        return;  // a missing attribute: a failed row, documented
    }
    if (!valid) finding("expand_template accepted a template check_template rejects", tmpl, {});
    check_path(expanded);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        check_path(std::string_view(reinterpret_cast<const char*>(data), size));
        FuzzedDataProvider in(data, size);
        check_template_path(in);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fuzz_output_path: undocumented exception %s: %s\n",
                     typeid(e).name(), e.what());
        std::abort();
    }
    return 0;
}

#include "h5_attribute.hpp"

#include <algorithm>

#include "h5_handle.hpp"
#include "h5_text.hpp"

namespace plotcluster::h5 {

namespace {

// Attribute arrays longer than this are no coordinate metadata: not read.
constexpr hssize_t max_elements = 4096;

Handle open_attribute(hid_t obj, const char* name) {
    if (H5Aexists(obj, name) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        return {};
    }
    return attr_handle(H5Aopen(obj, name, H5P_DEFAULT));
}

std::optional<std::vector<std::string>> read_texts(hid_t attr) {
    Handle type = type_handle(H5Aget_type(attr));
    Handle space = space_handle(H5Aget_space(attr));
    if (!type || !space || H5Tget_class(type.get()) != H5T_STRING) return std::nullopt;
    const hssize_t n = H5Sget_simple_extent_npoints(space.get());
    if (n <= 0 || n > max_elements) return std::nullopt;
    const auto count = static_cast<std::size_t>(n);
    const htri_t variable = H5Tis_variable_str(type.get());
    const H5T_cset_t cset = H5Tget_cset(type.get());
    if (variable < 0 || cset == H5T_CSET_ERROR) return std::nullopt;
    const std::size_t size = variable > 0 ? H5T_VARIABLE : H5Tget_size(type.get());
    // Fixed length: the file's own type, so that nothing is converted (a NULLTERM memory
    // type of the same size would give up the last byte of numpy's "S1" to the NUL).
    Handle mem = type_handle(H5Tcopy(variable > 0 ? H5T_C_S1 : type.get()));
    if (size == 0 || !mem || (variable > 0 && H5Tset_size(mem.get(), size) < 0) ||
        H5Tset_cset(mem.get(), cset) < 0)
        return std::nullopt;
    std::vector<std::string> out;
    out.reserve(count);
    if (variable > 0) {
        std::vector<char*> values(count, nullptr);
        if (H5Aread(attr, mem.get(), values.data()) < 0) return std::nullopt;
        for (char* v : values) {
            out.push_back(utf8_or_latin1(v == nullptr ? "" : v));
            // Fails only for memory HDF5 did not allocate; these came from H5Aread.
            if (v != nullptr) static_cast<void>(H5free_memory(v));
        }
        return out;
    }
    std::string raw(size * count, '\0');
    if (H5Aread(attr, mem.get(), raw.data()) < 0) return std::nullopt;
    for (std::size_t i = 0; i < count; ++i) {
        std::string text = raw.substr(i * size, size);
        text.resize(std::min(text.find('\0'), text.size()));
        while (!text.empty() && text.back() == ' ') text.pop_back();  // space-padded
        out.push_back(utf8_or_latin1(text));
    }
    return out;
}

std::optional<std::vector<double>> read_numbers(hid_t attr) {
    Handle type = type_handle(H5Aget_type(attr));
    Handle space = space_handle(H5Aget_space(attr));
    if (!type || !space) return std::nullopt;
    const H5T_class_t cls = H5Tget_class(type.get());
    if (cls != H5T_INTEGER && cls != H5T_FLOAT) return std::nullopt;
    const hssize_t n = H5Sget_simple_extent_npoints(space.get());
    if (n <= 0 || n > max_elements) return std::nullopt;
    std::vector<double> out(static_cast<std::size_t>(n));
    if (H5Aread(attr, H5T_NATIVE_DOUBLE, out.data()) < 0) return std::nullopt;
    return out;
}

}  // namespace

std::optional<std::vector<std::string>> texts_attribute(hid_t obj, const char* name) {
    Handle attr = open_attribute(obj, name);
    auto out = attr ? read_texts(attr.get()) : std::nullopt;
    H5Eclear2(H5E_DEFAULT);
    return out;
}

std::optional<std::string> text_attribute(hid_t obj, const char* name) {
    auto texts = texts_attribute(obj, name);
    if (!texts || texts->size() != 1) return std::nullopt;
    return std::move(texts->front());
}

std::optional<std::vector<double>> numbers_attribute(hid_t obj, const char* name) {
    Handle attr = open_attribute(obj, name);
    auto out = attr ? read_numbers(attr.get()) : std::nullopt;
    H5Eclear2(H5E_DEFAULT);
    return out;
}

}  // namespace plotcluster::h5

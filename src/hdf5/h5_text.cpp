#include "h5_text.hpp"

#include <algorithm>

#include "h5_handle.hpp"
#include "plotcluster/core/utf8.hpp"

namespace plotcluster::h5 {


std::string utf8_or_latin1(const std::string& bytes) {
    if (is_valid_utf8(bytes)) return bytes;
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char ch : bytes) {
        const auto b = static_cast<unsigned char>(ch);
        if (b < 0x80) {
            out.push_back(ch);
        } else {
            out.push_back(static_cast<char>(0xC0 | (b >> 6)));
            out.push_back(static_cast<char>(0x80 | (b & 0x3F)));
        }
    }
    return out;
}

std::optional<std::string> string_attribute(hid_t attr) {
    // Any failure reads as "not a string": the callers take an attribute they cannot read
    // as absent, and clear the errors.
    Handle type = type_handle(H5Aget_type(attr));
    Handle space = space_handle(H5Aget_space(attr));
    if (!type || !space || H5Tget_class(type.get()) != H5T_STRING ||
        H5Sget_simple_extent_npoints(space.get()) != 1) {
        return std::nullopt;
    }
    const htri_t variable = H5Tis_variable_str(type.get());
    const H5T_cset_t cset = H5Tget_cset(type.get());
    if (variable < 0 || cset == H5T_CSET_ERROR) return std::nullopt;
    // The file's character set, so HDF5 converts nothing: the bytes are taken as stored.
    const std::size_t size = variable > 0 ? H5T_VARIABLE : H5Tget_size(type.get());
    Handle mem = type_handle(H5Tcopy(H5T_C_S1));
    if (size == 0 || !mem || H5Tset_size(mem.get(), size) < 0 || H5Tset_cset(mem.get(), cset) < 0)
        return std::nullopt;
    std::string text;
    if (variable > 0) {
        char* value = nullptr;
        if (H5Aread(attr, mem.get(), &value) < 0 || value == nullptr) return std::nullopt;
        text = value;
        // Fails only for memory HDF5 did not allocate; this came from H5Aread.
        static_cast<void>(H5free_memory(value));
    } else {
        text.assign(size, '\0');
        if (H5Aread(attr, mem.get(), text.data()) < 0) return std::nullopt;
        text.resize(std::min(text.find('\0'), text.size()));
        while (!text.empty() && text.back() == ' ') text.pop_back();  // space-padded
    }
    return utf8_or_latin1(text);
}

}  // namespace plotcluster::h5

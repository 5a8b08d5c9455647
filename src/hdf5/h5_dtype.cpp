#include "h5_dtype.hpp"

#include <optional>
#include <string>

#include "h5_handle.hpp"

namespace plotcluster::h5 {

namespace {
std::string class_name(H5T_class_t cls) {
    switch (cls) {
        case H5T_STRING: return "string";
        case H5T_COMPOUND: return "compound";
        case H5T_ENUM: return "enum";
        case H5T_OPAQUE: return "opaque";
        case H5T_REFERENCE: return "reference";
        case H5T_BITFIELD: return "bitfield";
        case H5T_TIME: return "time";
        case H5T_VLEN: return "variable-length sequence";
        case H5T_ARRAY: return "array";
        default: return "unknown type";
    }
}
// A float by its layout: the usual IEEE sizes by their bits ("float32"), bfloat16 and the
// 8-bit formats by name, anything else by its fields ("float24 (e7m16)"), with a bias
// that is not the IEEE one, padding bits and no implied leading bit said where present.
// Nothing when HDF5 cannot give the layout (last_error() says why).
std::optional<std::string> float_name(hid_t type, std::size_t bytes) {
    std::size_t sign_pos = 0, exp_pos = 0, exp_bits = 0, man_pos = 0, man_bits = 0;
    if (H5Tget_fields(type, &sign_pos, &exp_pos, &exp_bits, &man_pos, &man_bits) < 0)
        return std::nullopt;
    if (exp_bits == 0 || exp_bits > 32) return "float" + std::to_string(bytes * 8);
    const std::size_t precision = H5Tget_precision(type);
    const std::size_t bias = H5Tget_ebias(type);
    if (precision == 0 || (bias == 0 && error_pending())) return std::nullopt;  // 0 on error
    const H5T_norm_t norm = H5Tget_norm(type);
    if (norm == H5T_NORM_ERROR) return std::nullopt;
    const std::size_t ieee_bias = (std::size_t{1} << (exp_bits - 1)) - 1;
    const bool implied_bit = norm == H5T_NORM_IMPLIED;
    const std::string fields = "e" + std::to_string(exp_bits) + "m" + std::to_string(man_bits);
    struct Known {
        std::size_t exp, man;
        const char* name;
    };
    // HDF5 reads each as double; the names say what the file holds.
    static constexpr Known known[] = {{5, 10, "float16"},      {8, 23, "float32"},
                                      {11, 52, "float64"},     {15, 112, "float128"},
                                      {8, 7, "bfloat16"},      {4, 3, "float8 (e4m3)"},
                                      {5, 2, "float8 (e5m2)"},
                                      {15, 64, "float80 (x87 extended)"}};
    std::string name;
    for (const auto& k : known) {
        if (k.exp == exp_bits && k.man == man_bits && precision == 1 + exp_bits + man_bits)
            name = k.name;
    }
    if (name.empty()) name = "float" + std::to_string(precision) + " (" + fields + ")";
    std::string notes;
    const auto note = [&notes](const std::string& n) { notes += (notes.empty() ? "" : ", ") + n; };
    if (bias != ieee_bias) note("exponent bias " + std::to_string(bias));
    const bool x87 = exp_bits == 15 && man_bits == 64;  // its leading bit is always stored
    if (implied_bit == x87) note(implied_bit ? "implied leading mantissa bit" : "explicit leading mantissa bit");
    if (precision != bytes * 8) note("in " + std::to_string(bytes) + " bytes");
    if (!notes.empty()) name += " [" + notes + "]";
    return name;
}

std::string integer_name(hid_t type, std::size_t bytes, bool is_signed) {
    const std::size_t precision = H5Tget_precision(type);
    std::string name = (is_signed ? "int" : "uint") + std::to_string(precision);
    if (precision != bytes * 8) name += " [in " + std::to_string(bytes) + " bytes]";
    return name;
}
}  // namespace

DType describe_type(hid_t type) {
    DType d;
    const H5T_class_t cls = H5Tget_class(type);
    const std::size_t size = H5Tget_size(type);
    // A type HDF5 cannot describe is named so, as a dataset it cannot open is.
    const auto unreadable = [&d] {
        d = DType{};
        d.name = "unreadable: cannot read its datatype: " + last_error();
        return d;
    };
    if (cls == H5T_NO_CLASS || size == 0) return unreadable();
    d.bytes = static_cast<int>(size);
    if (cls == H5T_INTEGER || cls == H5T_FLOAT) {
        const H5T_order_t order = H5Tget_order(type);
        const H5T_sign_t sign = cls == H5T_INTEGER ? H5Tget_sign(type) : H5T_SGN_2;
        if (order == H5T_ORDER_ERROR || sign == H5T_SGN_ERROR || H5Tget_precision(type) == 0)
            return unreadable();
        d.cls = cls == H5T_INTEGER ? DType::Class::integer : DType::Class::floating;
        d.is_signed = cls == H5T_FLOAT || sign == H5T_SGN_2;
        d.big_endian = order == H5T_ORDER_BE;
        const auto bytes = static_cast<std::size_t>(d.bytes);
        if (cls == H5T_FLOAT) {
            std::optional<std::string> name = float_name(type, bytes);
            if (!name) return unreadable();
            d.name = std::move(*name);
        } else {
            d.name = integer_name(type, bytes, d.is_signed);
        }
        if (d.big_endian && d.bytes > 1) d.name += " (big-endian)";
        if (order == H5T_ORDER_VAX) d.name += " (VAX byte order)";
        return d;
    }
    d.cls = DType::Class::other;
    d.name = class_name(cls);
    if (cls == H5T_STRING) {
        const htri_t variable = H5Tis_variable_str(type);
        if (variable < 0) return unreadable();
        d.name = variable > 0 ? "string (variable length)" : "string (fixed length)";
    }
    return d;
}

}  // namespace plotcluster::h5

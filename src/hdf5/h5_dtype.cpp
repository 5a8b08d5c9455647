#include "h5_dtype.hpp"

#include <string>

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
}  // namespace

DType describe_type(hid_t type) {
    DType d;
    const H5T_class_t cls = H5Tget_class(type);
    d.bytes = static_cast<int>(H5Tget_size(type));
    if (cls == H5T_INTEGER || cls == H5T_FLOAT) {
        d.cls = cls == H5T_INTEGER ? DType::Class::integer : DType::Class::floating;
        d.is_signed = cls == H5T_FLOAT || H5Tget_sign(type) == H5T_SGN_2;
        d.big_endian = H5Tget_order(type) == H5T_ORDER_BE;
        std::string base = cls == H5T_FLOAT ? "float" : (d.is_signed ? "int" : "uint");
        d.name = base + std::to_string(d.bytes * 8);
        if (d.big_endian && d.bytes > 1) d.name += " (big-endian)";
        return d;
    }
    d.cls = DType::Class::other;
    d.name = class_name(cls);
    if (cls == H5T_STRING) d.name = H5Tis_variable_str(type) > 0 ? "string (variable length)"
                                                                  : "string (fixed length)";
    return d;
}

}  // namespace plotcluster::h5

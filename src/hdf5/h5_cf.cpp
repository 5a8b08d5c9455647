#include "h5_cf.hpp"

#include <array>
#include <optional>

#include "h5_dtype.hpp"
#include "h5_handle.hpp"
#include "h5_text.hpp"

namespace plotcluster::h5 {

namespace {

constexpr std::array<const char*, 8> cf_names = {
    "_Unsigned", "_FillValue", "missing_value", "valid_min",
    "valid_max", "valid_range", "scale_factor", "add_offset"};

// Numbers as doubles: exact for float32, float64 and integers up to 2^53, the types such
// attributes have (the value 0.1f stays 0.100000001490116, not the "%.6g" text's 0.1).
std::optional<CfAttribute> read_attribute(hid_t attr) {
    Handle type = type_handle(H5Aget_type(attr));
    Handle space = space_handle(H5Aget_space(attr));
    if (!type || !space) return std::nullopt;
    CfAttribute a;
    a.type = describe_type(type.get());
    if (!a.type.numeric()) {
        auto text = string_attribute(attr);
        if (!text) return std::nullopt;
        a.text = std::move(*text);
        return a;
    }
    const hssize_t n = H5Sget_simple_extent_npoints(space.get());
    if (n <= 0 || n > 1024) return std::nullopt;
    a.numbers.resize(static_cast<std::size_t>(n));
    if (H5Aread(attr, H5T_NATIVE_DOUBLE, a.numbers.data()) < 0) return std::nullopt;
    return a;
}

}  // namespace

CfDecoder cf_decoder(hid_t dataset, const DType& stored) {
    CfStorage storage;
    storage.dtype = stored;
    // netCDF-C (4.4.1 on) marks the files it writes with this root attribute. As with every
    // attribute here, one that cannot be read (negative) counts as absent.
    storage.netcdf = H5Aexists_by_name(dataset, "/", "_NCProperties", H5P_DEFAULT) > 0;
    Handle dcpl = plist_handle(H5Dget_create_plist(dataset));
    H5D_fill_value_t fill = H5D_FILL_VALUE_UNDEFINED;
    storage.fill_defined = dcpl && H5Pfill_value_defined(dcpl.get(), &fill) >= 0 &&
                           fill == H5D_FILL_VALUE_USER_DEFINED;
    CfAttributes attrs;
    for (const char* name : cf_names) {
        if (H5Aexists(dataset, name) <= 0) continue;
        Handle attr = attr_handle(H5Aopen(dataset, name, H5P_DEFAULT));
        if (!attr) continue;
        if (auto a = read_attribute(attr.get())) attrs.emplace(name, std::move(*a));
    }
    H5Eclear2(H5E_DEFAULT);  // an unreadable attribute is no read error
    return {storage, attrs};
}

}  // namespace plotcluster::h5

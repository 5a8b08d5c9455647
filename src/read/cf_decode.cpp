#include "plotcluster/read/cf_decode.hpp"

#include <cmath>
#include <limits>
#include <optional>

namespace plotcluster {

namespace {

bool is_byte(const DType& t) { return t.cls == DType::Class::integer && t.bytes == 1; }

// numpy's `_safecast`: the attribute's numbers converted to the stored type compare
// equal to themselves (NaN to NaN); text never converts.
std::optional<std::vector<double>> safe_cast(const CfAttribute& a, const DType& to) {
    if (a.type.cls == DType::Class::other || a.numbers.empty()) return std::nullopt;
    for (const double v : a.numbers) {
        if (to.cls == DType::Class::floating) {
            if (to.bytes != 4 || std::isnan(v) || std::isinf(v)) continue;
            // Beyond float32's range the cast gives inf, which is not the value.
            if (std::fabs(v) > std::numeric_limits<float>::max()) return std::nullopt;
            if (static_cast<double>(static_cast<float>(v)) != v) return std::nullopt;
            continue;
        }
        if (to.cls != DType::Class::integer || std::isnan(v) || std::trunc(v) != v)
            return std::nullopt;
        const int bits = to.bytes * 8;
        const double lo = to.is_signed ? -std::ldexp(1.0, bits - 1) : 0.0;
        const double end = to.is_signed ? std::ldexp(1.0, bits - 1) : std::ldexp(1.0, bits);
        if (v < lo || v >= end) return std::nullopt;
    }
    return a.numbers;
}

// netCDF's default fill value for the stored type (netCDF4.default_fillvals), as the
// type holds it.
double default_fill(const DType& t) {
    if (t.cls == DType::Class::floating) {
        constexpr double fill = 9.9692099683868690e+36;
        return t.bytes == 4 ? static_cast<double>(static_cast<float>(fill)) : fill;
    }
    const int bits = t.bytes * 8;
    // -127, -32767, -2147483647, -9223372036854775806; 255, 65535, 4294967295, 2^64 - 2.
    return t.is_signed ? -std::ldexp(1.0, bits - 1) + (bits == 64 ? 2.0 : 1.0)
                       : std::ldexp(1.0, bits) - (bits == 64 ? 2.0 : 1.0);
}

const CfAttribute* find(const CfAttributes& attrs, const char* name) {
    const auto it = attrs.find(name);
    return it == attrs.end() ? nullptr : &it->second;
}

// A single number for scale_factor/add_offset, or nothing.
std::optional<double> single_number(const CfAttribute* a) {
    if (a == nullptr || a->type.cls == DType::Class::other || a->numbers.size() != 1)
        return std::nullopt;
    return a->numbers.front();
}

}  // namespace

CfDecoder::CfDecoder(const CfStorage& storage, const CfAttributes& attrs) {
    const DType& stored = storage.dtype;
    if (!stored.numeric()) return;
    if (const CfAttribute* u = find(attrs, "_Unsigned");
        u != nullptr && u->type.cls == DType::Class::other &&
        (u->text == "true" || u->text == "True") && stored.cls == DType::Class::integer &&
        stored.is_signed) {
        unsigned_wrap_ = std::ldexp(1.0, stored.bytes * 8);
        applied_.emplace_back("_Unsigned");
    }
    // Attribute values convert to the stored type first, then are read as unsigned too.
    const auto as_read = [&](std::vector<double> values) {
        if (unsigned_wrap_ > 0)
            for (double& v : values) v = v < 0 ? v + unsigned_wrap_ : v;
        return values;
    };
    const auto usable = [&](const char* name) -> std::optional<std::vector<double>> {
        const CfAttribute* a = find(attrs, name);
        if (a == nullptr) return std::nullopt;
        auto values = safe_cast(*a, stored);
        if (!values) return std::nullopt;
        return as_read(std::move(*values));
    };

    if (auto missing = usable("missing_value")) {
        missing_ = std::move(*missing);
        applied_.emplace_back("missing_value");
    }
    if (auto fill = usable("_FillValue"); fill && fill->size() == 1) {
        fill_ = std::move(*fill);
        applied_.emplace_back("_FillValue");
    } else if (storage.netcdf && (storage.fill_defined || !is_byte(stored))) {
        // netCDF4-python compares the default as the stored (signed) type, so under
        // _Unsigned it matches nothing; kept so for the same numbers.
        fill_ = {default_fill(stored)};
        applied_.emplace_back("_FillValue (netCDF default)");
    }
    const auto range = usable("valid_range");
    if (range && range->size() == 2) {
        has_lo_ = has_hi_ = true;
        lo_ = (*range)[0];
        hi_ = (*range)[1];
        applied_.emplace_back("valid_range");
    } else {
        if (auto lo = usable("valid_min"); lo && lo->size() == 1) {
            has_lo_ = true;
            lo_ = lo->front();
            applied_.emplace_back("valid_min");
        }
        if (auto hi = usable("valid_max"); hi && hi->size() == 1) {
            has_hi_ = true;
            hi_ = hi->front();
            applied_.emplace_back("valid_max");
        }
    }

    const auto scale = single_number(find(attrs, "scale_factor"));
    const auto offset = single_number(find(attrs, "add_offset"));
    if (scale && *scale != 1.0) {
        scale_ = *scale;
        applied_.emplace_back("scale_factor");
    }
    if (offset && *offset != 0.0) {
        offset_ = *offset;
        applied_.emplace_back("add_offset");
    }
}

bool CfDecoder::masked(double raw) const {
    const auto matches = [raw](double m) { return std::isnan(m) ? std::isnan(raw) : raw == m; };
    for (const double m : missing_)
        if (matches(m)) return true;
    for (const double f : fill_)
        if (matches(f)) return true;
    return (has_lo_ && raw < lo_) || (has_hi_ && raw > hi_);
}

void CfDecoder::apply(std::span<double> values) const {
    if (applied_.empty()) return;
    const bool scaled = scale_ != 1.0 || offset_ != 0.0;
    for (double& v : values) {
        if (unsigned_wrap_ > 0 && v < 0) v += unsigned_wrap_;
        if (masked(v)) {
            v = std::numeric_limits<double>::quiet_NaN();
        } else if (scaled) {
            v = v * scale_ + offset_;
        }
    }
}

}  // namespace plotcluster

#pragma once
// netCDF/CF decoding of stored numbers into physical values: _Unsigned, missing values
// (_FillValue, missing_value, valid_min/valid_max/valid_range) and packing
// (scale_factor, add_offset), by the rules netCDF4-python applies with
// set_auto_maskandscale(True). Pure: the reader reads the attributes in their own types
// and the stored type, and hands them here.
//
// The rules, in netCDF4-python's order:
// - `_Unsigned = "true"` (or "True") on a signed integer type: the stored bits are read as
//   the unsigned type of the same size, and so are the attributes below.
// - Masking is done on the stored (packed) numbers, before scaling: a value equal to one
//   of `missing_value`, equal to `_FillValue`, below `valid_min` or above `valid_max`
//   becomes NaN (drawn as missing). `valid_range` (two numbers) takes the place of
//   `valid_min`/`valid_max`. A NaN `_FillValue` or `missing_value` masks NaN.
// - An attribute is used only when it converts to the stored type without changing
//   (numpy's "safe cast"): a float64 0.1 is no float32 fill value, a text one never is.
// - With no usable `_FillValue`, a file written by netCDF-4 has its default fill values
//   (-32767 for int16, 9.97e36 for floats, ...) masked, except on byte types whose fill
//   mode is off. Other HDF5 files have no such default: their numbers are data.
// - Then `value * scale_factor + add_offset`, each used when present and not 1 or 0.
// The arithmetic is double precision whatever the attributes' type: netCDF4-python
// computes in float32 when scale_factor is float32 and the data is short, and its
// results agree with ours to float32 precision (what matplotlib draws from them).
#include <map>
#include <span>
#include <string>
#include <vector>

#include "plotcluster/catalog/catalog.hpp"

namespace plotcluster {

// One attribute as stored: numbers in their own type (type.cls integer or floating; each
// exact in a double for float32, float64 and integers up to 2^53), or text (cls other).
struct CfAttribute {
    DType type;
    std::vector<double> numbers;
    std::string text;
};

using CfAttributes = std::map<std::string, CfAttribute>;

// What the file says about the stored numbers besides the attributes.
struct CfStorage {
    DType dtype;                // the stored element type
    bool netcdf = false;        // written by netCDF-4 (_NCProperties on the root group)
    bool fill_defined = false;  // the dataset has its own HDF5 fill value: netCDF's fill mode on
};

class CfDecoder {
public:
    CfDecoder() = default;  // applies nothing
    CfDecoder(const CfStorage& storage, const CfAttributes& attrs);

    // Stored numbers (as HDF5 converts them to double) to physical ones, NaN where
    // masked; in place.
    void apply(std::span<double> values) const;

    // The conventions that take effect, in the order applied, e.g. {"_FillValue",
    // "scale_factor", "add_offset"}; empty when the stored numbers are the values.
    const std::vector<std::string>& applied() const { return applied_; }

private:
    bool masked(double raw) const;

    double unsigned_wrap_ = 0;  // 2^bits when _Unsigned applies, else 0
    std::vector<double> missing_;
    std::vector<double> fill_;  // _FillValue or netCDF's default, at most one
    bool has_lo_ = false, has_hi_ = false;
    double lo_ = 0, hi_ = 0;
    double scale_ = 1, offset_ = 0;
    std::vector<std::string> applied_;
};

}  // namespace plotcluster

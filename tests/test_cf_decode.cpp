// CF decoding: the pure rules (read/cf_decode.hpp), and the reader's decoding of netCDF-4
// files compared with what netCDF4-python decodes from them (tests/fixtures/cf_netcdf4.py,
// written at test time into PLOTCLUSTER_CF_FIXTURES).
#include "plotcluster/read/cf_decode.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "plotcluster/hdf5/reader.hpp"

namespace plotcluster {
namespace {

using Names = std::vector<std::string>;

DType number_type(DType::Class cls, int bytes, bool is_signed = true) {
    DType t;
    t.cls = cls;
    t.bytes = bytes;
    t.is_signed = is_signed;
    t.name = "test";
    return t;
}
const DType i8 = number_type(DType::Class::integer, 1);
const DType i16 = number_type(DType::Class::integer, 2);
const DType i32 = number_type(DType::Class::integer, 4);
const DType f32 = number_type(DType::Class::floating, 4);
const DType f64 = number_type(DType::Class::floating, 8);

CfAttribute numbers(const DType& type, std::vector<double> values) {
    return {type, std::move(values), ""};
}
CfAttribute text(std::string value) { return {DType{}, {}, std::move(value)}; }

std::vector<double> decoded(const CfDecoder& d, std::vector<double> raw) {
    d.apply(raw);
    return raw;
}

// NaN compares equal to NaN here, so whole vectors can be compared.
void expect_values(const std::vector<double>& got, const std::vector<double>& want) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        if (std::isnan(want[i])) {
            EXPECT_TRUE(std::isnan(got[i])) << "at " << i << ": " << got[i];
        } else {
            EXPECT_EQ(got[i], want[i]) << "at " << i;
        }
    }
}

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

TEST(CfDecode, MasksThePackedNumbersThenScales) {
    const CfDecoder d({i16, false, false},
                      {{"_FillValue", numbers(i16, {-32768})},
                       {"scale_factor", numbers(f64, {0.5})},
                       {"add_offset", numbers(f64, {100})},
                       {"valid_range", numbers(i16, {-10, 10})}});
    EXPECT_EQ(d.applied(), (Names{"_FillValue", "valid_range", "scale_factor", "add_offset"}));
    // valid_range is in packed units: 10 is kept (105), 11 is not (it would be 105.5).
    expect_values(decoded(d, {-32768, 0, 10, 11, -10, -11}), {nan, 100, 105, nan, 95, nan});
}

TEST(CfDecode, MissingValueMayBeAVectorAndNaNMasksNaN) {
    const CfDecoder d({f64, false, false}, {{"missing_value", numbers(f64, {-1, -2, nan})}});
    EXPECT_EQ(d.applied(), (Names{"missing_value"}));
    expect_values(decoded(d, {-1, -2, -3, nan, 4}), {nan, nan, -3, nan, 4});
}

TEST(CfDecode, UnsignedReadsTheBitsAndTheAttributesAsUnsigned) {
    const CfDecoder d({i8, false, false},
                      {{"_Unsigned", text("true")},
                       {"_FillValue", numbers(i8, {-1})},  // 255
                       {"valid_max", numbers(i8, {-56})},  // 200
                       {"scale_factor", numbers(f32, {2})}});
    EXPECT_EQ(d.applied(), (Names{"_Unsigned", "_FillValue", "valid_max", "scale_factor"}));
    expect_values(decoded(d, {0, 127, -128, -56, -55, -1}), {0, 254, 256, 400, nan, nan});
    // Only "true" and "True" count, and only on signed integers.
    EXPECT_TRUE(CfDecoder({i8, false, false}, {{"_Unsigned", text("yes")}}).applied().empty());
    EXPECT_TRUE(CfDecoder({f32, false, false}, {{"_Unsigned", text("true")}}).applied().empty());
    EXPECT_EQ(CfDecoder({i16, false, false}, {{"_Unsigned", text("True")}}).applied(),
              (Names{"_Unsigned"}));
}

TEST(CfDecode, AttributesThatDoNotFitTheStoredTypeAreNotUsed) {
    // 0.1 is no float32; 100000 is no int16; -0.5 is no integer; text is no number.
    const CfDecoder d({f32, false, false}, {{"missing_value", numbers(f64, {0.1})}});
    EXPECT_TRUE(d.applied().empty());
    const CfDecoder e({i16, false, false},
                      {{"valid_max", numbers(i32, {100000})},
                       {"valid_min", numbers(f64, {-0.5})},
                       {"_FillValue", text("-1")}});
    EXPECT_TRUE(e.applied().empty());
    expect_values(decoded(e, {-1, 30000}), {-1, 30000});
    // A float32 value held in a float64 attribute fits.
    const CfDecoder f({f32, false, false}, {{"missing_value", numbers(f64, {0.25})}});
    EXPECT_EQ(f.applied(), (Names{"missing_value"}));
}

TEST(CfDecode, ValidRangeTakesThePlaceOfValidMinAndMax) {
    const CfDecoder d({f64, false, false},
                      {{"valid_range", numbers(f64, {0, 1})},
                       {"valid_min", numbers(f64, {-5})},
                       {"valid_max", numbers(f64, {5})}});
    EXPECT_EQ(d.applied(), (Names{"valid_range"}));
    // A valid_range that is not two numbers leaves valid_min and valid_max.
    const CfDecoder e({f64, false, false},
                      {{"valid_range", numbers(f64, {0, 1, 2})}, {"valid_min", numbers(f64, {-5})}});
    EXPECT_EQ(e.applied(), (Names{"valid_min"}));
    expect_values(decoded(e, {-6, -5, 100}), {nan, -5, 100});
}

TEST(CfDecode, NetcdfDefaultFillValuesOnlyInNetcdfFiles) {
    // Without _FillValue, netCDF-4 files have theirs masked: -32767 for int16, 9.97e36 for
    // floats (as a float32 holds it), -127 for bytes whose fill mode is on.
    const CfDecoder nc16({i16, true, false}, {});
    EXPECT_EQ(nc16.applied(), (Names{"_FillValue (netCDF default)"}));
    expect_values(decoded(nc16, {-32767, -32768}), {nan, -32768});
    const double f32_fill = static_cast<double>(static_cast<float>(9.969209968386869e36));
    expect_values(decoded(CfDecoder({f32, true, false}, {}), {f32_fill, 1}), {nan, 1});
    expect_values(decoded(CfDecoder({i8, true, true}, {}), {-127, 1}), {nan, 1});
    EXPECT_TRUE(CfDecoder({i8, true, false}, {}).applied().empty());
    // Any other HDF5 file: the same numbers are data.
    EXPECT_TRUE(CfDecoder({i16, false, true}, {}).applied().empty());
    EXPECT_TRUE(CfDecoder({f64, false, true}, {}).applied().empty());
    // An explicit _FillValue replaces the default.
    const CfDecoder own({i16, true, true}, {{"_FillValue", numbers(i16, {0})}});
    expect_values(decoded(own, {0, -32767}), {nan, -32767});
}

TEST(CfDecode, ScaleOfOneAndOffsetOfZeroChangeNothingAndAreNotListed) {
    const CfDecoder d({i16, false, false},
                      {{"scale_factor", numbers(f32, {1})}, {"add_offset", numbers(f32, {0})}});
    EXPECT_TRUE(d.applied().empty());
    const CfDecoder offset({i16, false, false},
                           {{"scale_factor", numbers(f32, {1})}, {"add_offset", numbers(f64, {-3})}});
    EXPECT_EQ(offset.applied(), (Names{"add_offset"}));
    expect_values(decoded(offset, {3}), {0});
    // Text or several numbers are no scale factor.
    EXPECT_TRUE(CfDecoder({i16, false, false}, {{"scale_factor", text("2")}}).applied().empty());
    EXPECT_TRUE(CfDecoder({i16, false, false}, {{"scale_factor", numbers(f64, {2, 3})}})
                    .applied()
                    .empty());
}

TEST(CfDecode, NonNumericDataIsLeftAlone) {
    EXPECT_TRUE(CfDecoder({DType{}, true, true}, {{"scale_factor", numbers(f64, {2})}})
                    .applied()
                    .empty());
    EXPECT_TRUE(CfDecoder().applied().empty());
    expect_values(decoded(CfDecoder(), {1, nan}), {1, nan});
}

// --- Against netCDF4-python ---------------------------------------------------------------

std::filesystem::path fixtures() {
    const char* dir = std::getenv("PLOTCLUSTER_CF_FIXTURES");
    return dir == nullptr ? std::filesystem::path() : std::filesystem::path(dir);
}

nlohmann::json expected() {
    std::ifstream in(fixtures() / "cf_expected.json");
    return nlohmann::json::parse(in);
}

// netCDF4-python's value: NaN where it masks or holds NaN.
std::vector<double> reference(const nlohmann::json& values) {
    std::vector<double> out;
    out.reserve(values.size());
    for (const auto& v : values) out.push_back(v.is_number() ? v.get<double>() : nan);
    return out;
}

// Ours in double against theirs in `dtype`: exact in float64 and for integers; within
// float32 rounding where netCDF4-python computed in float32.
void expect_matches(const std::vector<double>& ours, const std::vector<double>& theirs,
                    const std::string& dtype, const std::string& name) {
    ASSERT_EQ(ours.size(), theirs.size()) << name;
    for (std::size_t i = 0; i < ours.size(); ++i) {
        if (std::isnan(theirs[i])) {
            EXPECT_TRUE(std::isnan(ours[i])) << name << "[" << i << "] = " << ours[i];
            continue;
        }
        const double tolerance = dtype == "float32"
            ? 2 * std::ldexp(std::fabs(theirs[i]), -24) + 1e-45 : 0.0;
        EXPECT_NEAR(ours[i], theirs[i], tolerance) << name << "[" << i << "]";
    }
}

TEST(NetCDF4, EveryVariableDecodesAsNetCDF4PythonDecodesIt) {
    ASSERT_FALSE(fixtures().empty()) << "PLOTCLUSTER_CF_FIXTURES is not set";
    const std::string file = (fixtures() / "cf.nc").string();
    const auto all = expected();
    ASSERT_GE(all.size(), 12U);
    Reader reader(0);
    for (const auto& [name, want] : all.items()) {
        const Array a = reader.read_slab(file, "/" + name, {}, true);
        expect_matches(a.values, reference(want["values"]), want["dtype"], name);
    }
}

TEST(NetCDF4, ChunkedReadsDecodeAlike) {
    ASSERT_FALSE(fixtures().empty()) << "PLOTCLUSTER_CF_FIXTURES is not set";
    const std::string file = (fixtures() / "cf.nc").string();
    const auto want = expected()["long_packed"];
    Reader reader(0);
    std::vector<double> all;
    std::size_t chunks = 0;
    const auto read = reader.read_chunks(
        file, "/long_packed", {}, 777,
        [&](std::span<const double> v) {
            ++chunks;
            all.insert(all.end(), v.begin(), v.end());
        },
        true);
    EXPECT_EQ(chunks, 7U);
    EXPECT_EQ(read.values, 5000U);
    EXPECT_EQ(read.decoded, (Names{"_FillValue", "scale_factor", "add_offset"}));
    expect_matches(all, reference(want["values"]), want["dtype"], "long_packed");
}

TEST(NetCDF4, TheConventionsAppliedAreNamed) {
    ASSERT_FALSE(fixtures().empty()) << "PLOTCLUSTER_CF_FIXTURES is not set";
    const std::string file = (fixtures() / "cf.nc").string();
    Reader reader(0);
    const auto conventions = [&](const std::string& name) {
        return reader.read_slab(file, name, {}, true).decoded;
    };
    EXPECT_EQ(conventions("/cloud_top_height"),
              (Names{"_Unsigned", "_FillValue", "valid_range", "scale_factor"}));
    EXPECT_EQ(conventions("/temperature"), (Names{"_FillValue", "scale_factor", "add_offset"}));
    EXPECT_EQ(conventions("/land_mask"), (Names{"missing_value", "_FillValue (netCDF default)"}));
    EXPECT_EQ(conventions("/land_mask_nofill"), (Names{"missing_value"}));
    EXPECT_EQ(conventions("/ratio"), (Names{"_FillValue", "valid_min", "valid_max"}));
    EXPECT_EQ(conventions("/vector_missing"), (Names{"missing_value", "_FillValue"}));
    // decode off: the stored numbers, nothing named.
    const Array raw = reader.read_slab(file, "/cloud_top_height", {}, false);
    EXPECT_TRUE(raw.decoded.empty());
    EXPECT_EQ(raw.values[4], -32768.0);
    EXPECT_EQ(raw.values[6], -1.0);
}

}  // namespace
}  // namespace plotcluster

#include "plotcluster/hdf5/reader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "plotcluster/error.hpp"
#include "plotcluster/read/source.hpp"
#include "support/h5_writer.hpp"
#include "support/memory_source.hpp"
#include "support/scratch_dir.hpp"

namespace plotcluster {
namespace {

namespace fs = std::filesystem;
using test::H5Writer;
using Shape = std::vector<std::uint64_t>;

class ReaderTest : public test::ScratchDirTest {
protected:


    // The DatasetError message of reading `dataset`, or "" when nothing is thrown.
    static std::string read_error(Reader& reader, const std::string& file,
                                  const std::string& dataset) {
        try {
            reader.read(file, dataset);
        } catch (const DatasetError& e) {
            return e.what();
        }
        return {};
    }
};

TEST_F(ReaderTest, Float64IsExact) {
    const std::vector<double> values = {0.1,
                                        -0.0,
                                        1e300,
                                        -1e-300,
                                        std::numeric_limits<double>::denorm_min(),
                                        std::numeric_limits<double>::max(),
                                        1.0 / 3.0,
                                        12345.678};
    const std::string file = path("f64.h5");
    {
        H5Writer w(file);
        w.write("/v", {2, 4}, values);
        w.close();
    }
    Reader reader(0);
    const Array a = reader.read(file, "/v");
    EXPECT_EQ(a.shape, (Shape{2, 4}));
    ASSERT_EQ(a.values.size(), values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        EXPECT_EQ(a.values[i], values[i]) << i;  // bit-for-bit, not approximately
    }
    EXPECT_TRUE(std::signbit(a.values[1]));
}

TEST_F(ReaderTest, NanAndInfSurvive) {
    const std::string file = path("nan.h5");
    {
        H5Writer w(file);
        w.write("/v", {3},
                {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                 -std::numeric_limits<double>::infinity()});
        w.close();
    }
    Reader reader(0);
    const Array a = reader.read(file, "/v");
    ASSERT_EQ(a.values.size(), 3U);
    EXPECT_TRUE(std::isnan(a.values[0]));
    EXPECT_EQ(a.values[1], std::numeric_limits<double>::infinity());
    EXPECT_EQ(a.values[2], -std::numeric_limits<double>::infinity());
}

TEST_F(ReaderTest, Float32IsWidenedExactly) {
    const std::vector<float> values = {0.1F, -2.5F, 3.4028235e38F, 1e-40F /* subnormal */};
    const std::string file = path("f32.h5");
    {
        H5Writer w(file);
        w.write("/v", {4}, values);
        w.close();
    }
    Reader reader(0);
    const Array a = reader.read(file, "/v");
    EXPECT_EQ(a.shape, (Shape{4}));
    ASSERT_EQ(a.values.size(), 4U);
    for (std::size_t i = 0; i < values.size(); ++i) {
        EXPECT_EQ(a.values[i], static_cast<double>(values[i])) << i;
    }
    EXPECT_NE(a.values[0], 0.1);  // the float's value, not the decimal it came from
}

// 2-byte floats from their bits, as a file holds them: bfloat16 is the top half of a
// float32, so the expected values come from float32 and not from HDF5's conversion.
TEST_F(ReaderTest, BFloat16AndHalfReadTheirValues) {
    const std::vector<std::uint16_t> bf16 = {0x3F80, 0xC020, 0x3E20, 0x7F7F, 0x0001,
                                             0x8000, 0x4049, 0xFF80, 0x7FC0};
    const std::vector<std::uint16_t> half = {0x3C00, 0xC000, 0x3555, 0x7BFF, 0x0001,
                                             0x8000, 0x0400, 0x7C00, 0x7E00};
    const std::vector<double> half_values = {1.0,     -2.0, 0.333251953125, 65504.0,
                                             std::ldexp(1.0, -24), -0.0, std::ldexp(1.0, -14)};
    const auto bytes = [](const std::vector<std::uint16_t>& bits) {
        std::vector<std::uint8_t> out;
        out.reserve(bits.size() * 2);
        for (const auto b : bits) {
            out.push_back(static_cast<std::uint8_t>(b & 0xFFu));
            out.push_back(static_cast<std::uint8_t>(b >> 8));
        }
        return out;
    };
    const std::string file = path("f16.h5");
    {
        H5Writer w(file);
        w.write_float_bits("/bf16", {bf16.size()}, {2, 15, 7, 8, 0, 7, 127}, bytes(bf16));
        w.write_float_bits("/f16", {half.size()}, {2, 15, 10, 5, 0, 10, 15}, bytes(half));
        w.close();
    }
    Reader reader(0);
    const Array b = reader.read(file, "/bf16");
    ASSERT_EQ(b.values.size(), bf16.size());
    for (std::size_t i = 0; i + 2 < bf16.size(); ++i) {
        const auto as_float = std::bit_cast<float>(static_cast<std::uint32_t>(bf16[i]) << 16);
        EXPECT_EQ(b.values[i], static_cast<double>(as_float)) << i;
    }
    EXPECT_EQ(b.values[0], 1.0);
    EXPECT_EQ(b.values[1], -2.5);
    EXPECT_EQ(b.values[2], 0.15625);
    EXPECT_EQ(b.values[3], 0x1.FEp127);        // bfloat16's largest
    EXPECT_EQ(b.values[4], std::ldexp(1.0, -133));  // its smallest subnormal
    EXPECT_TRUE(std::signbit(b.values[5]));
    EXPECT_EQ(b.values[7], -std::numeric_limits<double>::infinity());
    EXPECT_TRUE(std::isnan(b.values[8]));

    const Array h = reader.read(file, "/f16");
    ASSERT_EQ(h.values.size(), half.size());
    for (std::size_t i = 0; i < half_values.size(); ++i) EXPECT_EQ(h.values[i], half_values[i]) << i;
    EXPECT_TRUE(std::signbit(h.values[5]));
    EXPECT_EQ(h.values[7], std::numeric_limits<double>::infinity());
    EXPECT_TRUE(std::isnan(h.values[8]));
}

TEST_F(ReaderTest, IntegerTypesAreExact) {
    const std::string file = path("int.h5");
    const std::int64_t big = (std::int64_t{1} << 53) - 1;  // largest exact in a double
    {
        H5Writer w(file);
        w.write("/i64", {3}, std::vector<std::int64_t>{big, -big, -(std::int64_t{1} << 40)});
        w.write("/i32", {1, 3},
                std::vector<std::int32_t>{std::numeric_limits<std::int32_t>::min(), -7,
                                          std::numeric_limits<std::int32_t>::max()});
        w.write("/i16", {2}, std::vector<std::int16_t>{-32768, 32767});
        w.write("/u8", {3}, std::vector<std::uint8_t>{0, 128, 255});
        w.close();
    }
    Reader reader(0);
    const Array i64 = reader.read(file, "/i64");
    EXPECT_EQ(i64.values, (std::vector<double>{9007199254740991.0, -9007199254740991.0,
                                               -1099511627776.0}));
    const Array i32 = reader.read(file, "/i32");
    EXPECT_EQ(i32.shape, (Shape{1, 3}));
    EXPECT_EQ(i32.values, (std::vector<double>{-2147483648.0, -7.0, 2147483647.0}));
    EXPECT_EQ(reader.read(file, "/i16").values, (std::vector<double>{-32768.0, 32767.0}));
    EXPECT_EQ(reader.read(file, "/u8").values, (std::vector<double>{0.0, 128.0, 255.0}));
}

TEST_F(ReaderTest, BigEndianIsConverted) {
    const std::string file = path("be.h5");
    {
        H5Writer w(file);
        w.write_f64_be("/f64", {2, 2}, {1.5, -0.1, 1e-300, 6.02214076e23});
        w.write_i32_be("/i32", {3}, {1, -2, 0x01020304});
        w.close();
    }
    Reader reader(0);
    const Array f = reader.read(file, "/f64");
    EXPECT_EQ(f.shape, (Shape{2, 2}));
    EXPECT_EQ(f.values, (std::vector<double>{1.5, -0.1, 1e-300, 6.02214076e23}));
    EXPECT_EQ(reader.read(file, "/i32").values, (std::vector<double>{1.0, -2.0, 16909060.0}));
}

TEST_F(ReaderTest, ScalarAndEmpty) {
    const std::string file = path("small.h5");
    {
        H5Writer w(file);
        w.write_scalar("/s", 3.25);
        w.write_empty("/e");
        w.close();
    }
    Reader reader(0);
    const Array s = reader.read(file, "/s");
    EXPECT_TRUE(s.shape.empty());
    EXPECT_EQ(s.values, std::vector<double>{3.25});
    const Array e = reader.read(file, "/e");
    EXPECT_EQ(e.shape, Shape{0});
    EXPECT_TRUE(e.values.empty());
}

TEST_F(ReaderTest, MissingDatasetMessage) {
    const std::string file = path("m.h5");
    {
        H5Writer w(file);
        w.write("/y", {1}, {1.0});
        w.close();
    }
    Reader reader(3);
    const std::string message = read_error(reader, file, "/x");
    const std::string prefix = "hdf5: cannot read dataset '/x' in '" + file + "' (rank 3): ";
    ASSERT_EQ(message.substr(0, prefix.size()), prefix) << message;
    EXPECT_GT(message.size(), prefix.size()) << "the cause is missing: " << message;
}

TEST_F(ReaderTest, MissingFileIsDatasetError) {
    Reader reader(1);
    const std::string missing = path("absent.h5");
    const std::string message = read_error(reader, missing, "/x");
    const std::string prefix = "hdf5: cannot read dataset '/x' in '" + missing + "' (rank 1): ";
    EXPECT_EQ(message.substr(0, prefix.size()), prefix) << message;
}

TEST_F(ReaderTest, NonNumericTypesAreDatasetErrorsNamingTheType) {
    const std::string file = path("types.h5");
    {
        H5Writer w(file);
        w.write_compound("/compound", 4);
        w.write_fixed_strings("/fixed", {"a", "bc"});
        w.write_vlen_strings("/vlen", {"a", "bc"});
        w.write_opaque("/opaque", {1, 2});
        w.close();
    }
    Reader reader(2);
    const std::string compound = read_error(reader, file, "/compound");
    EXPECT_EQ(compound.rfind("hdf5: cannot read dataset '/compound' in '" + file + "' (rank 2): ", 0),
              0U)
        << compound;
    EXPECT_NE(compound.find("compound"), std::string::npos) << compound;
    EXPECT_NE(read_error(reader, file, "/fixed").find("string"), std::string::npos);
    EXPECT_NE(read_error(reader, file, "/vlen").find("string"), std::string::npos);
    EXPECT_NE(read_error(reader, file, "/opaque").find("opaque"), std::string::npos);
}

TEST_F(ReaderTest, HugeDatasetIsRefusedWithoutAllocating) {
    const std::string file = path("huge.h5");
    {
        H5Writer w(file);
        w.declare_huge("/huge", std::uint64_t{1} << 40);  // 8 TiB as doubles
        w.write("/small", {2}, {1.0, 2.0});
        w.close();
    }
    Reader reader(0);
    // A bad_alloc (or the test dying) instead of DatasetError would mean it tried to allocate.
    std::string message;
    try {
        reader.read(file, "/huge");
        ADD_FAILURE() << "reading 2^40 elements did not throw";
    } catch (const DatasetError& e) {
        message = e.what();
    }
    EXPECT_NE(message.find("elements"), std::string::npos) << message;
    EXPECT_NE(message.find("1099511627776"), std::string::npos) << message;
    EXPECT_EQ(message.rfind("hdf5: cannot read dataset '/huge' in '" + file + "' (rank 0): ", 0),
              0U)
        << message;
    // The reader is still usable afterwards.
    EXPECT_EQ(reader.read(file, "/small").values, (std::vector<double>{1.0, 2.0}));
}

// Created and never written: no stored bytes, every value the fill value. Refused by
// every kind of read, also by chunks, before any of it is read.
TEST_F(ReaderTest, NeverWrittenDatasetIsRefused) {
    const std::string file = path("unwritten.h5");
    {
        H5Writer w(file);
        w.declare_huge("/never", std::uint64_t{1} << 31);
        w.declare_huge("/small", 10);
        w.close();
    }
    Reader reader(4);
    const std::string why = "no data was ever written to it (HDF5 stores none of its ";
    for (const char* dataset : {"/never", "/small"}) {
        const std::string prefix =
            "hdf5: cannot read dataset '" + std::string(dataset) + "' in '" + file + "' (rank 4): ";
        EXPECT_EQ(read_error(reader, file, dataset).rfind(prefix + why, 0), 0U)
            << read_error(reader, file, dataset);
        std::string chunked;
        try {
            reader.read_chunks(file, dataset, {}, 1 << 20, [](std::span<const double>) {
                ADD_FAILURE() << "a chunk was read";
            });
        } catch (const DatasetError& e) {
            chunked = e.what();
        }
        EXPECT_EQ(chunked.rfind(prefix + why, 0), 0U) << chunked;
    }
    EXPECT_NE(read_error(reader, file, "/never").find("2147483648 elements"), std::string::npos);
}

TEST_F(ReaderTest, KeepsWorkingAcrossFilesAndErrors) {
    const std::string a = path("a.h5");
    const std::string b = path("b.h5");
    const std::string c = path("c.h5");
    for (int k = 0; k < 3; ++k) {
        H5Writer w(std::vector<std::string>{a, b, c}[static_cast<std::size_t>(k)]);
        w.write("/v", {2}, {static_cast<double>(k), static_cast<double>(10 * k + 1)});
        w.write("/w", {1}, {static_cast<double>(100 + k)});
        w.close();
    }
    const std::string text = path("text.h5");
    std::ofstream(text) << "not hdf5";

    Reader reader(0);
    EXPECT_EQ(reader.read(a, "/v").values, (std::vector<double>{0, 1}));
    EXPECT_EQ(reader.read(a, "/w").values, (std::vector<double>{100}));
    EXPECT_EQ(reader.read(b, "/v").values, (std::vector<double>{1, 11}));
    EXPECT_FALSE(read_error(reader, b, "/missing").empty());
    EXPECT_EQ(reader.read(b, "/w").values, (std::vector<double>{101}));  // same file after error
    EXPECT_FALSE(read_error(reader, text, "/v").empty());
    EXPECT_EQ(reader.read(c, "/v").values, (std::vector<double>{2, 21}));  // after a bad file
    EXPECT_EQ(reader.read(a, "/v").values, (std::vector<double>{0, 1}));   // back to the first
    EXPECT_FALSE(read_error(reader, path("gone.h5"), "/v").empty());
    EXPECT_EQ(reader.read(a, "/w").values, (std::vector<double>{100}));

    // Many switches between files must not leak or exhaust anything.
    for (int i = 0; i < 200; ++i) {
        const std::string& f = (i % 2 == 0) ? b : c;
        ASSERT_EQ(reader.read(f, "/w").values, (std::vector<double>{i % 2 == 0 ? 101.0 : 102.0}))
            << i;
    }
}

TEST_F(ReaderTest, TwoReadersOnTheSameFile) {
    const std::string file = path("shared.h5");
    {
        H5Writer w(file);
        w.write("/v", {3}, {1.0, 2.0, 3.0});
        w.close();
    }
    Reader first(0);
    Reader second(1);
    EXPECT_EQ(first.read(file, "/v").values, (std::vector<double>{1, 2, 3}));
    EXPECT_EQ(second.read(file, "/v").values, (std::vector<double>{1, 2, 3}));
    EXPECT_EQ(first.read(file, "/v").values, (std::vector<double>{1, 2, 3}));
}

TEST_F(ReaderTest, EveryIntegerAndFloatTypeInEitherByteOrder) {
    struct Case {
        const char* type;
        std::vector<double> values;  // extremes each type holds exactly as a double
    };
    const std::vector<Case> cases = {
        {"int8", {-128, -1, 0, 127}},
        {"uint8", {0, 1, 200, 255}},
        {"int16", {-32768, -2, 3, 32767}},
        {"uint16", {0, 513, 40000, 65535}},
        {"int32", {-2147483648.0, -7, 16909060, 2147483647}},
        {"uint32", {0, 1, 3000000000.0, 4294967295.0}},
        {"int64", {-9223372036854775808.0, -3, 1099511627776.0, 9007199254740993.0 - 1}},
        {"uint64", {0, 5, 9007199254740992.0, 18446744073709549568.0}},
        {"float32", {-1.5f, 0.1f, 3.4e38f, 1e-40f}},
        {"float64", {-0.0, 0.1, 1e300, -4.9e-324}}};
    const std::string file = path("types.h5");
    {
        H5Writer w(file);
        for (const auto& c : cases) {
            w.write_as(std::string("/le/") + c.type, {2, 2}, c.values, c.type, false);
            w.write_as(std::string("/be/") + c.type, {2, 2}, c.values, c.type, true);
        }
        w.close();
    }
    Reader reader(0);
    for (const auto& c : cases) {
        for (const char* order : {"/le/", "/be/"}) {
            const Array a = reader.read_slab(file, order + std::string(c.type), {});
            EXPECT_EQ(a.shape, (Shape{2, 2})) << order << c.type;
            EXPECT_EQ(a.values, c.values) << order << c.type;
        }
    }
}

TEST_F(ReaderTest, SlabReadsOnlyTheFixedIndicesAndSqueezes) {
    // v[i][j][k] = 100 i + 10 j + k, shape 3×1×4
    std::vector<double> values;
    for (int i = 0; i < 3; ++i)
        for (int k = 0; k < 4; ++k) values.push_back(100 * i + k);
    const std::string file = path("slab.h5");
    {
        H5Writer w(file);
        w.write_as("/v", {3, 1, 4}, values, "int16", true);
        w.write("/one", {1, 1}, {7.0});
        w.write_scalar("/scalar", 2.5);
        w.write_empty("/empty");
        w.close();
    }
    Reader reader(0);
    const Array row = reader.read_slab(file, "/v", {2, -1, -1});
    EXPECT_EQ(row.shape, Shape{4});
    EXPECT_EQ(row.values, (std::vector<double>{200, 201, 202, 203}));
    const Array column = reader.read_slab(file, "/v", {-1, -1, 1});
    EXPECT_EQ(column.shape, Shape{3});
    EXPECT_EQ(column.values, (std::vector<double>{1, 101, 201}));
    const Array whole = reader.read_slab(file, "/v", {-1, -1, -1});
    EXPECT_EQ(whole.shape, (Shape{3, 4}));
    EXPECT_EQ(whole.values, values);
    const Array point = reader.read_slab(file, "/v", {1, -1, 3});
    EXPECT_TRUE(point.shape.empty());
    EXPECT_EQ(point.values, std::vector<double>{103});
    EXPECT_EQ(reader.read_slab(file, "/one", {}).values, std::vector<double>{7.0});
    EXPECT_EQ(reader.read_slab(file, "/scalar", {}).values, std::vector<double>{2.5});
    const Array empty = reader.read_slab(file, "/empty", {-1});
    EXPECT_EQ(empty.shape, Shape{0});
    EXPECT_TRUE(empty.values.empty());

    std::string message;
    try {
        reader.read_slab(file, "/v", {1, -1});
    } catch (const DatasetError& e) {
        message = e.what();
    }
    EXPECT_NE(message.find("3 dimensions, the plan expected 2"), std::string::npos) << message;
}

TEST_F(ReaderTest, ReadPlotFillsSeriesLabelsAndX) {
    const std::string file = path("plot.h5");
    {
        H5Writer w(file);
        w.write("/p/a", {1, 3}, {1.0, 2.0, 3.0});
        w.write("/p/b", {3}, {4.0, 5.0, 6.0});
        w.write_as("/p/t", {3, 1}, {0.0, 0.5, 1.0}, "float32", true);
        w.write("/cube", {2, 2, 3}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        w.close();
    }
    Reader reader(0);
    PlotTask group;
    group.read.file = file;
    group.read.dataset = "/p";
    group.read.members = {"/p/a", "/p/b"};
    group.draw.member_labels = {"A", "b"};
    group.read.member_fixed = {{-1, -1}, {-1}};
    group.read.companions = {{"x", "/p/t"}};
    const PlotData data = read_plot(reader, group, PlotRule{});
    ASSERT_EQ(data.series.size(), 2U);
    EXPECT_EQ(data.series[0].dataset, "/p/a");
    EXPECT_EQ(data.series[0].label, "A");
    EXPECT_EQ(data.series[0].values.shape, Shape{3});
    EXPECT_EQ(data.series[1].values.values, (std::vector<double>{4, 5, 6}));
    ASSERT_TRUE(data.x.has_value());
    EXPECT_EQ(data.x->shape, Shape{3});
    EXPECT_EQ(data.x->values, (std::vector<double>{0.0, 0.5, 1.0}));

    PlotTask cube;
    cube.read.file = file;
    cube.read.dataset = "/cube";
    cube.read.fixed = {1, -1, -1};
    const PlotData slab = read_plot(reader, cube, PlotRule{});
    ASSERT_EQ(slab.series.size(), 1U);
    EXPECT_EQ(slab.series[0].values.shape, (Shape{2, 3}));
    EXPECT_EQ(slab.series[0].values.values, (std::vector<double>{6, 7, 8, 9, 10, 11}));
    EXPECT_FALSE(slab.x.has_value());
}

// Chunks arrive in order and together are the slab read_slab reads, with or without a
// fixed axis; a chunk larger than the data is one read.
TEST_F(ReaderTest, ChunksConcatenateToTheSlab) {
    std::vector<double> line(10), grid(std::size_t{3} * 7);
    for (std::size_t i = 0; i < line.size(); ++i) line[i] = static_cast<double>(i) * 1.5;
    for (std::size_t i = 0; i < grid.size(); ++i) grid[i] = static_cast<double>(i);
    const std::string file = path("chunks.h5");
    {
        H5Writer w(file);
        w.write("/line", {10}, line);
        w.write("/grid", {3, 1, 7}, grid);
        w.close();
    }
    Reader reader(0);
    auto chunks = [&](const std::string& dataset, const std::vector<std::int64_t>& fixed,
                      std::uint64_t chunk, std::vector<std::size_t>* sizes = nullptr) {
        std::vector<double> all;
        const std::uint64_t n = reader.read_chunks(file, dataset, fixed, chunk, [&](std::span<const double> v) {
            if (sizes) sizes->push_back(v.size());
            all.insert(all.end(), v.begin(), v.end());
        }).values;
        EXPECT_EQ(n, all.size());
        return all;
    };
    std::vector<std::size_t> sizes;
    EXPECT_EQ(chunks("/line", {}, 3, &sizes), line);
    EXPECT_EQ(sizes, (std::vector<std::size_t>{3, 3, 3, 1}));
    EXPECT_EQ(chunks("/line", {}, 1000), line);
    EXPECT_EQ(chunks("/grid", {1, -1, -1}, 4), reader.read_slab(file, "/grid", {1, -1, -1}).values);
    EXPECT_EQ(chunks("/grid", {-1, 0, 5}, 2), (std::vector<double>{5, 12, 19}));
    // Several kept axes stream in C order: whole rows when they fit in a chunk, else
    // pieces of one row at a time.
    const std::vector<double> whole = reader.read_slab(file, "/grid", {}).values;
    for (const std::uint64_t chunk : std::vector<std::uint64_t>{1, 4, 7, 10, 14, 15, 21, 100}) {
        sizes.clear();
        EXPECT_EQ(chunks("/grid", {}, chunk, &sizes), whole) << "chunk " << chunk;
        for (const std::size_t n : sizes) EXPECT_LE(n, chunk);
    }
    sizes.clear();
    chunks("/grid", {}, 15, &sizes);
    EXPECT_EQ(sizes, (std::vector<std::size_t>{14, 7}));  // two rows of 7, then the last
    sizes.clear();
    chunks("/grid", {}, 4, &sizes);
    EXPECT_EQ(sizes, (std::vector<std::size_t>{4, 3, 4, 3, 4, 3}));  // rows longer than a chunk
}

// A master file's dataset behind an external link is read through the master, relative
// to the master's folder whatever the working directory.
// read_values: whole rows of a dataset's first axis from any row on, as the rows of a
// companion streamed beside its data; a range that is not whole rows inside it is refused.
TEST_F(ReaderTest, ValuesAreRowsOfTheWholeDataset) {
    std::vector<double> pairs(std::size_t{2} * 5);
    for (std::size_t i = 0; i < pairs.size(); ++i) pairs[i] = static_cast<double>(i) + 0.25;
    const std::string file = path("rows.h5");
    {
        H5Writer w(file);
        w.write("/pairs", {5, 2}, pairs);
        w.write("/line", {4}, {1, 2, 3, 4});
        w.close();
    }
    Reader reader(0);
    std::vector<double> out(4);
    EXPECT_EQ(reader.read_values(file, "/pairs", 4, out).values, 10U);
    EXPECT_EQ(out, (std::vector<double>{4.25, 5.25, 6.25, 7.25}));
    std::vector<double> one(1);
    reader.read_values(file, "/line", 3, one);
    EXPECT_EQ(one, std::vector<double>{4});
    EXPECT_EQ(reader.read_values(file, "/line", 0, {}).values, 4U);  // the count alone
    for (const std::uint64_t first : {std::uint64_t{1}, std::uint64_t{8}}) {
        try {
            reader.read_values(file, "/pairs", first, out);
            ADD_FAILURE() << first;
        } catch (const DatasetError& e) {
            EXPECT_NE(std::string(e.what()).find("are not whole rows within its 10 values"),
                      std::string::npos)
                << e.what();
        }
    }
}

TEST_F(ReaderTest, ReadsThroughExternalLinks) {
    {
        H5Writer w(path("det_000001.h5"));
        w.write("/entry/data/data", {2, 2}, {1, 2, 3, 4});
        w.write("/entry/sub/x", {3}, {7, 8, 9});
        w.close();
    }
    const std::string master = path("master.h5");
    {
        H5Writer w(master);
        w.external_link("/entry/data/data", "det_000001.h5", "/entry/data/data");
        w.external_link("/entry/sub", "det_000001.h5", "/entry/sub");
        w.close();
    }
    const fs::path cwd = fs::current_path();
    fs::current_path("/");
    Reader reader(0);
    const Array a = reader.read(master, "/entry/data/data");
    const Array x = reader.read(master, "/entry/sub/x");
    fs::current_path(cwd);
    EXPECT_EQ(a.shape, (Shape{2, 2}));
    EXPECT_EQ(a.values, (std::vector<double>{1, 2, 3, 4}));
    EXPECT_EQ(x.values, (std::vector<double>{7, 8, 9}));
    fs::remove(path("det_000001.h5"));
    Reader later(2);
    const std::string why = read_error(later, master, "/entry/data/data");
    EXPECT_NE(why.find("hdf5: cannot read dataset '/entry/data/data' in '" + master + "' (rank 2): "),
              std::string::npos)
        << why;
    EXPECT_NE(why.find("det_000001.h5"), std::string::npos) << why;
}

// input.virtual_missing: fail (the default) refuses a virtual dataset with a missing source
// at read time too, since files may move after the catalog; fill reads HDF5's fill value.
TEST_F(ReaderTest, VirtualDatasetWithAMissingSource) {
    for (int i = 0; i < 2; ++i) {
        H5Writer w(path("src_" + std::to_string(i) + ".h5"));
        w.write("/data", {3}, {1.0 + 3 * i, 2.0 + 3 * i, 3.0 + 3 * i});
        w.close();
    }
    const std::string file = path("vds.h5");
    {
        H5Writer w(file);
        w.write_virtual_rows("/v", {{"src_0.h5", "/data"}, {"src_1.h5", "/data"}}, 3, -1);
        w.close();
    }
    Reader strict(0);
    EXPECT_EQ(strict.read(file, "/v").values, (std::vector<double>{1, 2, 3, 4, 5, 6}));
    fs::remove(path("src_1.h5"));
    const std::string why = read_error(strict, file, "/v");
    EXPECT_EQ(why, "hdf5: cannot read dataset '/v' in '" + file +
                       "' (rank 0): virtual dataset source missing: file 'src_1.h5' not found "
                       "(looked in '" + dir_.string() + "'" +
                       (fs::current_path() == dir_ ? "" : ", '" + fs::current_path().string() + "'") +
                       ")");
    Reader filling(0, VirtualMissing::fill);
    EXPECT_EQ(filling.read(file, "/v").values, (std::vector<double>{1, 2, 3, -1, -1, -1}));
    EXPECT_EQ(filling.read_slab(file, "/v", {0, -1}).values, (std::vector<double>{1, 2, 3}));
}

TEST_F(ReaderTest, ReadThatNeedsAMissingFilterNamesTheFilter) {
    const std::string file = path("filtered.h5");
    test::register_pass_through_filter(256, "plotcluster-pass-through");
    {
        H5Writer w(file);
        w.write_filtered("/v", {1, 2, 3}, 256);
        w.close();
    }
    Reader reader(2);
    EXPECT_EQ(reader.read(file, "/v").values, (std::vector<double>{1, 2, 3}));
    test::unregister_filter(256);
    Reader later(2);  // the file is opened again, without the filter
    const std::string prefix = "hdf5: cannot read dataset '/v' in '" + file +
                               "' (rank 2): dataset uses HDF5 filter 256 "
                               "(plotcluster-pass-through), which is not installed (HDF5_PLUGIN_PATH";
    const std::string why = read_error(later, file, "/v");
    EXPECT_EQ(why.rfind(prefix, 0), 0U) << why;
    std::string chunked;
    try {
        later.read_chunks(file, "/v", {}, 2, [](std::span<const double>) {});
    } catch (const DatasetError& e) {
        chunked = e.what();
    }
    EXPECT_EQ(chunked.rfind(prefix, 0), 0U) << chunked;
}

// Native doubles stored contiguously are streamed from the file's pages in place, every
// other layout through HDF5: the values are the same, bit for bit, either way. Here the
// same values contiguous, after a userblock, behind an external link (their offset is
// the other file's), chunked, big-endian, and selections that are runs of the stored
// values (a fixed outer axis) or not (a fixed inner one).
TEST_F(ReaderTest, StreamedInPlaceOrThroughHdf5AlikeBitForBit) {
    std::vector<double> values(std::size_t{4} * 5 * 6 * 30);
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = std::sin(0.37 * static_cast<double>(i)) * 1e3;
    values[7] = std::numeric_limits<double>::quiet_NaN();
    values[8] = -0.0;
    values[9] = std::numeric_limits<double>::denorm_min();
    const std::string plain = path("plain.h5"), ub = path("userblock.h5"), link = path("link.h5");
    {
        H5Writer w(plain);
        w.write("/pad", {333}, std::vector<double>(333, 1.0));  // the data is not first
        w.write("/v", {values.size()}, values);
        w.write("/grid", {4, 5, 180}, values);
        w.write_chunked("/chunked", values, 77, {});
        w.write_f64_be("/be", {values.size()}, values);
        w.close();
    }
    {
        H5Writer w(ub, 1024);
        w.write("/v", {values.size()}, values);
        w.close();
    }
    {
        H5Writer w(link);
        w.write("/other", {1000}, std::vector<double>(1000, 2.0));
        w.external_link("/v", plain, "/v");
        w.close();
    }
    const auto bits = [](const std::vector<double>& v) {
        std::vector<std::uint64_t> out(v.size());
        for (std::size_t k = 0; k < v.size(); ++k) out[k] = std::bit_cast<std::uint64_t>(v[k]);
        return out;
    };
    Reader reader(0);
    const auto streamed = [&](const std::string& file, const std::string& dataset,
                              const std::vector<std::int64_t>& fixed, std::uint64_t chunk) {
        std::vector<double> all;
        reader.read_chunks(file, dataset, fixed, chunk, [&](std::span<const double> v) {
            all.insert(all.end(), v.begin(), v.end());
        });
        return all;
    };
    for (const std::uint64_t chunk : std::vector<std::uint64_t>{1, 7, 180, 1000, 1 << 20}) {
        SCOPED_TRACE("chunk " + std::to_string(chunk));
        for (const auto& [file, dataset] : std::vector<std::pair<std::string, std::string>>{
                 {plain, "/v"}, {ub, "/v"}, {link, "/v"}, {plain, "/chunked"}, {plain, "/be"}}) {
            SCOPED_TRACE(file + ":" + dataset);
            EXPECT_EQ(bits(streamed(file, dataset, {}, chunk)), bits(values));
        }
        for (const std::vector<std::int64_t>& fixed : std::vector<std::vector<std::int64_t>>{
                 {}, {2, -1, -1}, {3, 4, -1}, {-1, 1, -1}, {-1, -1, 17}}) {
            EXPECT_EQ(bits(streamed(plain, "/grid", fixed, chunk)),
                      bits(reader.read_slab(plain, "/grid", fixed).values));
        }
    }
    // Companions viewed in step (view_values): runs of rows, each the values read_values
    // copies; two views of one dataset into two scratch buffers stand side by side.
    std::vector<double> scratch, other;
    for (const auto& [file, dataset] : std::vector<std::pair<std::string, std::string>>{
             {plain, "/v"}, {ub, "/v"}, {link, "/v"}, {plain, "/chunked"}, {plain, "/be"}}) {
        SCOPED_TRACE(file + ":" + dataset);
        for (std::uint64_t first = 0; first < values.size(); first += 1000) {
            const std::size_t n = std::min<std::size_t>(1000, values.size() - first);
            const Source::Viewed a = reader.view_values(file, dataset, first, n, scratch);
            const Source::Viewed b = reader.view_values(file, dataset, first / 2, n / 2, other);
            EXPECT_EQ(a.read.values, values.size());
            const std::vector<double> want(values.begin() + static_cast<std::ptrdiff_t>(first),
                                           values.begin() + static_cast<std::ptrdiff_t>(first + n));
            EXPECT_EQ(bits(std::vector<double>(a.values.begin(), a.values.end())), bits(want));
            const auto half = values.begin() + static_cast<std::ptrdiff_t>(first / 2);
            EXPECT_EQ(bits(std::vector<double>(b.values.begin(), b.values.end())),
                      bits(std::vector<double>(half, half + static_cast<std::ptrdiff_t>(n / 2))));
        }
    }
    // Rows of 180 values: a view that is not whole rows, or runs past the end, is
    // read_values' error.
    for (const auto& [first, n] : std::vector<std::pair<std::uint64_t, std::size_t>>{
             {90, 180}, {0, 100}, {3420, 360}}) {
        std::string why;
        try {
            reader.view_values(plain, "/grid", first, n, scratch);
        } catch (const DatasetError& e) {
            why = e.what();
        }
        EXPECT_NE(why.find("are not whole rows within its 3600 values"), std::string::npos) << why;
    }
}

TEST_F(ReaderTest, Lz4AndBzip2DataReadThroughTheInstalledPlugins) {
    const std::string file = path("plugins.h5");
    std::vector<double> values(5000);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = std::sin(0.01 * static_cast<double>(i));
    {
        H5Writer w(file);
        w.write_filtered("/lz4", values, 32004);
        w.write_filtered("/bzip2", values, 307);
        w.close();
    }
    Reader reader(0);
    EXPECT_EQ(reader.read(file, "/lz4").values, values);
    EXPECT_EQ(reader.read(file, "/bzip2").values, values);
}

}  // namespace
}  // namespace plotcluster

// --- slices by value: the cell is picked where the data is read ------------------------

namespace plotcluster {
namespace {

// A 3×2×2 cube whose axis 0 ('z', metres) has its cells centred at 0, 0.5 and 1.5 and
// whose axis 2 ('x') has no coordinate.
test::MemorySource cube_source() {
    test::MemorySource source;
    std::vector<double> values(12);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<double>(i);
    auto& d = source.add("c.h5", "/cube", {3, 2, 2}, values);
    AxisCoordinate z;
    z.name = "z";
    z.units = "m";
    z.source = CoordinateSource::dimension_scale;
    z.path = "/z";
    d.coordinates[0] = {z, {0.0, 0.5, 1.5}, {}, {}, {}};
    AxisCoordinate y;
    y.name = "y";
    y.form = AxisCoordinate::Form::uniform;
    y.start = 10;
    y.step = 5;
    y.source = CoordinateSource::openpmd;
    y.path = "/mesh";
    d.coordinates[1] = {y, {}, {}, {}, {}};
    return source;
}

PlotTask cube_task(std::vector<std::int64_t> fixed, std::vector<TaskSlice> slices, bool title = false) {
    PlotTask t;
    t.read.file = "c.h5";
    t.read.dataset = "/cube";
    t.read.shape = {3, 2, 2};
    t.read.fixed = std::move(fixed);
    t.read.slices = std::move(slices);
    if (title) t.draw.title_slice_at = {0};
    return t;
}

std::string read_failure(Source& source, const PlotTask& task) {
    try {
        static_cast<void>(read_plot(source, task, PlotRule{}));
    } catch (const DatasetError& e) {
        return e.what();
    }
    return {};
}

TEST(ReadPlotSlices, ValuePicksTheNearestCellBeforeTheSlabIsRead) {
    test::MemorySource source = cube_source();
    // 0.9 is nearer 0.5 than 1.5 (the edge between them is at 1).
    const PlotData near = read_plot(source, cube_task({0, -1, -1}, {{0, "z", 0.9}}, true), PlotRule{});
    EXPECT_EQ(near.series.at(0).values.values, (std::vector<double>{4, 5, 6, 7}));
    EXPECT_EQ(near.slice, "z = 0.5 m");
    const PlotData far = read_plot(source, cube_task({0, -1, -1}, {{0, "z", 1.1}}, true), PlotRule{});
    EXPECT_EQ(far.series.at(0).values.values, (std::vector<double>{8, 9, 10, 11}));
    EXPECT_EQ(far.slice, "z = 1.5 m");
    // Without {slice} in the title, no text (and the index slice reads no coordinate).
    const PlotData quiet = read_plot(source, cube_task({0, 1, -1}, {{0, "z", 0.0}, {1, "y", std::nullopt}}),
                                     PlotRule{});
    EXPECT_EQ(quiet.series.at(0).values.values, (std::vector<double>{2, 3}));
    EXPECT_EQ(quiet.slice, "");
}

TEST(ReadPlotSlices, SeveralSlicesByValueAndIndexTogether) {
    test::MemorySource source = cube_source();
    // z by value, y by value on its uniform grid (10, 15): 14 is nearer 15.
    const PlotData both =
        read_plot(source, cube_task({0, 0, -1}, {{0, "z", 0.4}, {1, "y", 14.0}}, true), PlotRule{});
    EXPECT_EQ(both.series.at(0).values.values, (std::vector<double>{6, 7}));
    EXPECT_EQ(both.slice, "z = 0.5 m, y = 15");  // axis order; y has no units
    // An index slice shows its coordinate where there is one, else its index.
    const PlotData mixed =
        read_plot(source, cube_task({2, -1, 1}, {{0, "z", std::nullopt}, {2, "x", std::nullopt}}, true),
                  PlotRule{});
    EXPECT_EQ(mixed.series.at(0).values.values, (std::vector<double>{9, 11}));
    EXPECT_EQ(mixed.slice, "z = 1.5 m, x[1]");
    const PlotData unnamed = read_plot(source, cube_task({-1, 0, 1}, {{2, "", std::nullopt}}, true), PlotRule{});
    EXPECT_EQ(unnamed.slice, "axis 2 = 1");
}

TEST(ReadPlotSlices, AValueThatCannotBePickedFailsTheRowSayingWhy) {
    test::MemorySource source = cube_source();
    EXPECT_EQ(read_failure(source, cube_task({0, -1, -1}, {{0, "z", 2.5}})),
              "slice value 2.5 on axis 'z' (axis 0) of '/cube' in 'c.h5': value 2.5 is outside the "
              "axis's cells, which span -0.25 to 2 (from HDF5 dimension scale '/z')");
    EXPECT_EQ(read_failure(source, cube_task({-1, -1, 0}, {{2, "", 0.5}})),
              "slice value 0.5 on axis 2 of '/cube' in 'c.h5': the file gives this axis no coordinates "
              "(no dimension scale, netCDF coordinate variable, NeXus axis or openPMD grid); slice it "
              "by index");
    // The reader's own failure (a coordinate that does not fit) comes through as it is.
    test::MemorySource broken;
    auto& d = broken.add("c.h5", "/cube", {3, 2, 2}, std::vector<double>(12, 0.0));
    AxisCoordinate z;
    z.name = "z";
    d.coordinates[0] = {z, {0.0, 1.0, 0.5}, {}, {}, {}};
    EXPECT_NE(read_failure(broken, cube_task({0, -1, -1}, {{0, "z", 0.5}})).find("not monotonic"),
              std::string::npos);
}

// A group's members each pick from their own coordinates.
TEST(ReadPlotSlices, GroupMembersPickTheirOwnCells) {
    test::MemorySource source = cube_source();
    auto& other = source.add("c.h5", "/other", {3, 2}, {0, 1, 2, 3, 4, 5});
    AxisCoordinate z;
    z.name = "z";
    z.units = "m";
    other.coordinates[0] = {z, {1.5, 0.5, 0.0}, {}, {}, {}};  // descending
    PlotTask t;
    t.read.file = "c.h5";
    t.read.dataset = "/";
    t.read.members = {"/other", "/cube"};
    t.read.member_fixed = {{0, -1}, {0, 0, -1}};
    t.read.member_slices = {{{0, "z", 1.4}}, {{0, "z", 1.4}, {1, "y", std::nullopt}}};
    t.draw.title_slice_at = {3};
    const PlotData data = read_plot(source, t, PlotRule{});
    EXPECT_EQ(data.series.at(0).values.values, (std::vector<double>{0, 1}));
    EXPECT_EQ(data.series.at(1).values.values, (std::vector<double>{8, 9}));
    EXPECT_EQ(data.slice, "z = 1.5 m");  // the first member's
}

}  // namespace
}  // namespace plotcluster

// The run-length zlib coder: whatever the input, libdeflate's inflater gives it back.
#include "encode/rle_deflate.hpp"

#include <gtest/gtest.h>
#include <libdeflate.h>

#include <random>
#include <vector>

namespace plotcluster {
namespace {

std::vector<std::uint8_t> round_trip(const std::vector<std::uint8_t>& in) {
    std::vector<std::uint8_t> z;
    const std::size_t n = detail::rle_zlib_compress(in.data(), in.size(), z);
    EXPECT_GE(z.size(), n);
    libdeflate_decompressor* d = libdeflate_alloc_decompressor();
    std::vector<std::uint8_t> out(in.size() + 1);
    std::size_t got = 0;
    const auto result = libdeflate_zlib_decompress(d, z.data(), n, out.data(), out.size(), &got);
    libdeflate_free_decompressor(d);
    EXPECT_EQ(result, LIBDEFLATE_SUCCESS);
    out.resize(got);
    return out;
}

TEST(RleDeflate, EmptyAndTinyInputs) {
    for (std::size_t n : {0, 1, 2, 3, 4}) {
        const std::vector<std::uint8_t> in(n, 7);
        EXPECT_EQ(round_trip(in), in) << n;
    }
    EXPECT_EQ(round_trip({1, 2}), (std::vector<std::uint8_t>{1, 2}));
}

TEST(RleDeflate, RunsOfEveryLength) {
    std::vector<std::uint8_t> in;
    for (int len = 1; len < 600; ++len) in.insert(in.end(), static_cast<std::size_t>(len), static_cast<std::uint8_t>(len % 5));
    EXPECT_EQ(round_trip(in), in);
}

TEST(RleDeflate, RandomBytesUseEveryLiteral) {
    std::mt19937 rng(9);
    std::vector<std::uint8_t> in(100000);
    for (auto& b : in) b = static_cast<std::uint8_t>(rng());
    EXPECT_EQ(round_trip(in), in);
}

// Fibonacci frequencies make Huffman codes longer than deflate's 15 bits: the limiter
// must shorten them and keep the code complete.
TEST(RleDeflate, SkewedFrequenciesNeedLengthLimiting) {
    std::vector<std::uint8_t> in;
    std::uint64_t a = 1, b = 1;
    for (int symbol = 0; symbol < 26; ++symbol) {
        for (std::uint64_t k = 0; k < a; ++k) {
            in.push_back(static_cast<std::uint8_t>(symbol));
            in.push_back(static_cast<std::uint8_t>(symbol + 100));  // no runs
        }
        const std::uint64_t next = a + b;
        a = b;
        b = next;
    }
    std::shuffle(in.begin(), in.end(), std::mt19937(4));
    EXPECT_EQ(round_trip(in), in);
}

TEST(RleDeflate, MostlyZeroLikeFilteredPlotRows) {
    std::mt19937 rng(5);
    std::vector<std::uint8_t> in(std::size_t{2401} * 600, 0);
    for (std::size_t i = 0; i < in.size(); i += 2401) in[i] = 2;  // filter bytes
    for (int k = 0; k < 20000; ++k) in[rng() % in.size()] = static_cast<std::uint8_t>(rng());
    const auto out = round_trip(in);
    EXPECT_EQ(out, in);
    std::vector<std::uint8_t> z;
    EXPECT_LT(detail::rle_zlib_compress(in.data(), in.size(), z), in.size() / 20);
}

}  // namespace
}  // namespace plotcluster

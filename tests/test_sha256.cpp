#include "plotcluster/encode/sha256.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace plotcluster {
namespace {

std::string sha256_of(std::string_view text) {
    return sha256_hex({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

TEST(Sha256, KnownVectors) {
    EXPECT_EQ(sha256_of(""),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_of("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, EmptySpanWithoutData) {
    EXPECT_EQ(sha256_hex({}),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace plotcluster

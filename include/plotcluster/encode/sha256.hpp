#pragma once
#include <cstdint>
#include <span>
#include <string>

namespace plotcluster {

// Lowercase hex SHA-256 of a byte buffer.
std::string sha256_hex(std::span<const std::uint8_t> bytes);

}  // namespace plotcluster

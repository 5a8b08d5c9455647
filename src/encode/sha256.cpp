#include "plotcluster/encode/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace plotcluster {

std::string sha256_hex(std::span<const std::uint8_t> bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_size = 0;
    // An empty span may have a null data pointer; give OpenSSL a valid one anyway.
    static constexpr unsigned char empty = 0;
    const void* data = bytes.empty() ? &empty : bytes.data();
    if (EVP_Digest(data, bytes.size(), digest, &digest_size, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("[OpenSSL] cannot compute SHA-256");

    static constexpr char hex[] = "0123456789abcdef";
    std::string out(std::size_t{2} * digest_size, '\0');
    for (std::size_t i = 0; i < digest_size; ++i) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 0xf];
    }
    return out;
}

}  // namespace plotcluster

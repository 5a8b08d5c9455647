#include "file_signature.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <string_view>

namespace plotcluster {

namespace {

struct Signature {
    std::string_view magic;
    std::size_t offset;
    std::string_view kind;
};

using namespace std::string_view_literals;

// Formats met among simulation and instrument output, and the mistakes of copying it.
constexpr std::array signatures = {
    Signature{"CDF\x01"sv, 0, "netCDF-3 classic format"sv},
    Signature{"CDF\x02"sv, 0, "netCDF-3 64-bit offset format"sv},
    Signature{"CDF\x05"sv, 0, "netCDF-3 64-bit data format (CDF-5)"sv},
    Signature{"\x0e\x03\x13\x01"sv, 0, "HDF4 file"sv},
    Signature{"\x89HDF\r\n\x1a\n"sv, 0, "HDF5 signature, but cut short before its superblock"sv},
    Signature{"\x1f\x8b"sv, 0, "gzip-compressed: decompress it first"sv},
    Signature{"BZh"sv, 0, "bzip2-compressed: decompress it first"sv},
    Signature{"\xfd" "7zXZ\x00"sv, 0, "xz-compressed: decompress it first"sv},
    Signature{"\x28\xb5\x2f\xfd"sv, 0, "zstd-compressed: decompress it first"sv},
    Signature{"PK\x03\x04"sv, 0, "zip archive"sv},
    Signature{"ustar"sv, 257, "tar archive"sv},
    Signature{"\x93NUMPY"sv, 0, "numpy .npy file"sv},
    Signature{"SIMPLE  ="sv, 0, "FITS file"sv},
    Signature{"\x89PNG"sv, 0, "PNG image"sv},
    Signature{"%PDF"sv, 0, "PDF document"sv},
    Signature{"version https://git-lfs"sv, 0, "a Git LFS pointer: fetch the file with git lfs pull"sv},
};

bool text_byte(unsigned char c) { return c >= 0x20 || c == '\n' || c == '\r' || c == '\t'; }

}  // namespace

std::string non_hdf5_kind(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    std::string head(512, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount())));
    if (head.empty()) return "the file is empty";
    for (const auto& s : signatures) {
        // A file shorter than a signature that it begins with is that format, cut short.
        const std::string_view got = std::string_view(head).substr(std::min(s.offset, head.size()));
        if (got.size() >= s.magic.size() ? got.substr(0, s.magic.size()) == s.magic
                                         : s.offset == 0 && got.size() >= 2 &&
                                               s.magic.substr(0, got.size()) == got) {
            return std::string(s.kind);
        }
    }
    if (std::all_of(head.begin(), head.end(), [](char c) { return c == '\0'; }))
        return "its first " + std::to_string(head.size()) + " bytes are all zero";
    if (std::all_of(head.begin(), head.end(),
                    [](char c) { return text_byte(static_cast<unsigned char>(c)); })) {
        std::string line = head.substr(0, head.find_first_of("\r\n"));
        if (line.size() > 40) line = line.substr(0, 40) + "...";
        return "text: '" + line + "'";
    }
    return {};
}

}  // namespace plotcluster

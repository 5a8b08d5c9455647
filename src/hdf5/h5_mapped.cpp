#include "h5_mapped.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "h5_handle.hpp"
#include "h5_linked_file.hpp"

namespace plotcluster::h5 {

std::optional<StoredDoubles> stored_doubles(hid_t ds) {
    const auto none = [] {
        H5Eclear2(H5E_DEFAULT);
        return std::nullopt;
    };
    Handle type = type_handle(H5Dget_type(ds));
    if (!type || H5Tequal(type.get(), H5T_NATIVE_DOUBLE) <= 0) return none();
    Handle dcpl = plist_handle(H5Dget_create_plist(ds));
    if (!dcpl || H5Pget_layout(dcpl.get()) != H5D_CONTIGUOUS || H5Pget_external_count(dcpl.get()) != 0)
        return none();
    Handle file = file_handle(H5Iget_file_id(ds));
    if (!file) return none();
    Handle fapl = plist_handle(H5Fget_access_plist(file.get()));
    if (!fapl || H5Pget_driver(fapl.get()) != H5FD_SEC2) return none();
    const haddr_t offset = H5Dget_offset(ds);  // from the file's first byte, past a userblock
    const hsize_t bytes = H5Dget_storage_size(ds);
    if (offset == HADDR_UNDEF || bytes == 0 || offset % alignof(double) != 0 ||
        bytes % sizeof(double) != 0)
        return none();
    StoredDoubles out{file_name_of(file.get()), offset, bytes};
    if (out.file.empty()) return none();
    return out;
}

MappedValues::MappedValues(const StoredDoubles& stored)
    : offset_(stored.offset), bytes_(stored.bytes) {
    fd_ = ::open(stored.file.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd_ >= 0 && (::fstat(fd_, &st) != 0 || st.st_size < 0 ||
                     static_cast<std::uint64_t>(st.st_size) < offset_ + bytes_)) {
        ::close(fd_);
        fd_ = -1;
    }
}

MappedValues::~MappedValues() {
    unmap();
    if (fd_ >= 0) ::close(fd_);
}

void MappedValues::unmap() {
    if (base_ != nullptr) ::munmap(base_, length_);
    base_ = nullptr;
    length_ = 0;
}

std::span<const double> MappedValues::view(std::uint64_t first, std::size_t count) {
    unmap();
    if (fd_ < 0 || first > bytes_ / sizeof(double) || count > bytes_ / sizeof(double) - first)
        return {};
    static const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    const std::uint64_t start = offset_ + first * sizeof(double);
    const std::uint64_t from = start / page * page;
    const std::size_t length = count * sizeof(double) + (start - from);
    // The window's pages are mapped (and read, when not yet in memory) at once rather than
    // fault by fault: 5-10% less time over 10^8 particles from the page cache.
#if defined(MAP_POPULATE)
    constexpr int populate = MAP_POPULATE;  // Linux
#else
    constexpr int populate = 0;
#endif
    void* base = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE | populate, fd_,
                        static_cast<off_t>(from));
    if (base == MAP_FAILED) return {};
    base_ = base;
    length_ = length;
    // The file's bytes are the doubles (native order, aligned: stored_doubles checked).
    return {reinterpret_cast<const double*>(static_cast<const char*>(base) + (start - from)), count};
}

}  // namespace plotcluster::h5

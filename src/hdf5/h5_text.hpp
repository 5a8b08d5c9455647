#pragma once
// Private to the catalog and reader: HDF5 string attributes as UTF-8 text.
#include <hdf5.h>

#include <optional>
#include <string>

namespace plotcluster::h5 {

// The text of a scalar or one-element string attribute (fixed or variable length), up to
// its first NUL and without the space padding of Fortran-style strings, as UTF-8: bytes
// that are not valid UTF-8 (whatever the declared character set) are read as Latin-1, so
// b"\xb5m" is "µm" and b"\xb0" is "°". Nothing when the attribute is not a string.
std::optional<std::string> string_attribute(hid_t attr);

// `bytes` unchanged when they are valid UTF-8, else each byte as its Latin-1 character.
std::string utf8_or_latin1(const std::string& bytes);

}  // namespace plotcluster::h5

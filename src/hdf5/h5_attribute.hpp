#pragma once
// Private to the catalog and reader: attributes of an object read by name as text or
// numbers, in whatever form writers store them (scalar or array, fixed or variable length).
#include <hdf5.h>

#include <optional>
#include <string>
#include <vector>

namespace plotcluster::h5 {

// The attribute `name` of `obj`, or nothing when it is absent, of another kind, or cannot
// be read. Clears the errors a failed read leaves.
std::optional<std::string> text_attribute(hid_t obj, const char* name);
// Every string of a string attribute, scalar or any rank, as UTF-8 (h5_text.hpp).
std::optional<std::vector<std::string>> texts_attribute(hid_t obj, const char* name);
// Every number of an integer or float attribute, as doubles.
std::optional<std::vector<double>> numbers_attribute(hid_t obj, const char* name);

}  // namespace plotcluster::h5

#include "plotcluster/catalog/catalog.hpp"

namespace plotcluster {

std::uint64_t DatasetInfo::elements() const {
    std::uint64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

}  // namespace plotcluster

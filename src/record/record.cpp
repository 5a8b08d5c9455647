#include "plotcluster/record/record.hpp"

#include <tuple>

namespace plotcluster {

bool manifest_order(const PlotRecord& a, const PlotRecord& b) {
    return std::tie(a.file, a.dataset) < std::tie(b.file, b.dataset);
}

}  // namespace plotcluster

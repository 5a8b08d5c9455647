#include "plotcluster/record/record.hpp"

#include <tuple>

namespace plotcluster {

bool manifest_order(const PlotRecord& a, const PlotRecord& b) {
    return std::tie(a.file, a.dataset, a.rule, a.frame) < std::tie(b.file, b.dataset, b.rule, b.frame);
}

}  // namespace plotcluster

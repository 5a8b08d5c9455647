#pragma once
// Order statistics (the k-th smallest value) of data streamed in passes, too large to hold:
// each pass narrows a range of the doubles' order-preserving 64-bit keys by counting
// into bins, until few enough values are left in it to select among exactly. Bounded
// memory whatever the data, and at most a handful of passes (a key range shrinks by 2^16
// per pass).
#include <cstdint>
#include <span>
#include <vector>

#include "plotcluster/config/config.hpp"
#include "plotcluster/figure/figure.hpp"

namespace plotcluster::figure_parts {

// The values at the 0-based `ranks` among the values `pass` streams that `scale` shows
// (figure_parts::shown); there are `count` of them, from lo to hi. Exactly what sorting
// them all would give.
std::vector<double> order_statistics(const ValuePass& pass, Scale scale, std::span<const std::uint64_t> ranks,
                                     std::uint64_t count, double lo, double hi);

}  // namespace plotcluster::figure_parts

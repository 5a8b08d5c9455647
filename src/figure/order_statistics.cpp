#include "figure/order_statistics.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>

#include "figure/figure_parts.hpp"
#include "plotcluster/error.hpp"

namespace plotcluster::figure_parts {

namespace {

constexpr std::uint64_t sign_bit = std::uint64_t{1} << 63;
constexpr std::size_t bin_count = std::size_t{1} << 16;
// Values left in a target's key range are kept and selected among once at most this
// many (16 MiB of doubles).
constexpr std::uint64_t keep_at_most = std::uint64_t{1} << 21;

// Ordered as the doubles are (-0 just before +0), NaN aside.
std::uint64_t key(double v) {
    const auto b = std::bit_cast<std::uint64_t>(v);
    return (b & sign_bit) != 0 ? ~b : b | sign_bit;
}

double value_of(std::uint64_t k) {
    return std::bit_cast<double>((k & sign_bit) != 0 ? k & ~sign_bit : ~k);
}

__extension__ typedef unsigned __int128 Wide;  // keys times bins need 80 bits

struct Target {
    std::uint64_t rank = 0;
    std::uint64_t lo = 0, hi = 0;  // key range holding the value at `rank`
    std::uint64_t below = 0;       // values with keys under lo
    std::uint64_t inside = 0;      // values with keys in [lo, hi]
    bool done = false;
    double value = 0;
    bool keeping = false;          // this pass keeps the values inside instead of binning
    std::vector<std::uint64_t> counts;
    std::vector<std::uint64_t> lowest, highest;  // per bin, of the keys seen in it
    std::vector<double> kept;

    Wide span() const { return Wide{hi - lo} + 1; }
    void add(std::uint64_t k) {
        const auto i = static_cast<std::size_t>(Wide{k - lo} * bin_count / span());
        if (counts[i]++ == 0) {
            lowest[i] = highest[i] = k;
        } else {
            lowest[i] = std::min(lowest[i], k);
            highest[i] = std::max(highest[i], k);
        }
    }
};

// After a binning pass: the keys seen in the bin holding the rank become the range (one
// key: found; a bin of equal values needs no more passes).
void narrow(Target& t) {
    std::uint64_t below = t.below;
    for (std::size_t i = 0; i < bin_count; ++i) {
        if (below + t.counts[i] > t.rank) {
            t.lo = t.lowest[i];
            t.hi = t.highest[i];
            t.below = below;
            t.inside = t.counts[i];
            break;
        }
        below += t.counts[i];
    }
    if (t.lo == t.hi) {
        t.done = true;
        t.value = value_of(t.lo);
    }
}

}  // namespace

std::vector<double> order_statistics(const ValuePass& pass, Scale scale, std::span<const std::uint64_t> ranks,
                                     std::uint64_t count, double lo, double hi) {
    std::vector<Target> targets(ranks.size());
    for (std::size_t i = 0; i < ranks.size(); ++i) {
        if (ranks[i] >= count) throw std::logic_error("order_statistics: rank past the values");
        Target& t = targets[i];
        t.rank = ranks[i];
        t.lo = key(lo);
        t.hi = key(hi);
        t.inside = count;
        if (t.lo == t.hi) {
            t.done = true;
            t.value = lo;
        }
    }
    auto open = [&] { return std::any_of(targets.begin(), targets.end(), [](const Target& t) { return !t.done; }); };
    while (open()) {
        std::vector<Target*> active;
        active.reserve(targets.size());
        for (Target& t : targets) {
            if (t.done) continue;
            t.keeping = t.inside <= keep_at_most;
            if (t.keeping) {
                t.kept.clear();
                t.kept.reserve(static_cast<std::size_t>(t.inside));
            } else {
                t.counts.assign(bin_count, 0);
                t.lowest.assign(bin_count, 0);
                t.highest.assign(bin_count, 0);
            }
            active.push_back(&t);
        }
        pass([&](std::span<const double> values) {
            for (const double v : values) {
                if (!shown(v, scale)) continue;
                const std::uint64_t k = key(v);
                for (Target* t : active) {
                    if (k < t->lo || k > t->hi) continue;
                    if (t->keeping) {
                        t->kept.push_back(v);
                    } else {
                        t->add(k);
                    }
                }
            }
        });
        for (Target* t : active) {
            if (!t->keeping) {
                narrow(*t);
                continue;
            }
            // The data changed between passes (a file rewritten while it was read).
            if (t->kept.size() != t->inside) throw DatasetError("the values changed while they were read");
            const auto at = static_cast<std::ptrdiff_t>(t->rank - t->below);
            std::nth_element(t->kept.begin(), t->kept.begin() + at, t->kept.end());
            t->value = t->kept[static_cast<std::size_t>(at)];
            t->done = true;
            std::vector<double>().swap(t->kept);
        }
    }
    std::vector<double> out;
    out.reserve(targets.size());
    for (const Target& t : targets) out.push_back(t.value);
    return out;
}

}  // namespace plotcluster::figure_parts

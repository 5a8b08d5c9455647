#include "figure/order_statistics.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>

#include "figure/figure_parts.hpp"
#include "plotcluster/error.hpp"

namespace plotcluster::figure_parts {

namespace {

constexpr std::uint64_t sign_bit = std::uint64_t{1} << 63;
constexpr std::size_t bin_count = std::size_t{1} << 16;  // 1.5 MiB of counts and key bounds
// Values left in a target's key range are kept and selected among once at most this
// many (32 MiB of doubles).
constexpr std::uint64_t keep_at_most = std::uint64_t{1} << 22;

// Ordered as the doubles are (-0 just before +0), NaN aside.
std::uint64_t key(double v) {
    const auto b = std::bit_cast<std::uint64_t>(v);
    return (b & sign_bit) != 0 ? ~b : b | sign_bit;
}

double value_of(std::uint64_t k) {
    return std::bit_cast<double>((k & sign_bit) != 0 ? k & ~sign_bit : ~k);
}

struct Target {
    std::uint64_t rank = 0;
    std::uint64_t lo = 0, hi = 0;  // key range holding the value at `rank`
    std::uint64_t below = 0;       // values with keys under lo
    std::uint64_t inside = 0;      // values with keys in [lo, hi]
    bool done = false;
    double value = 0;
    bool keeping = false;          // this pass keeps the values inside instead of binning
    struct Bin {
        std::uint64_t count = 0;
        std::uint64_t lowest = 0, highest = 0;  // of the keys seen in it
    };
    std::vector<Bin> bins;  // one cache line touched per value
    std::vector<double> kept;
    const Target* same_as = nullptr;  // bins as that target's this pass: counted there

    int shift = 0;  // bin of key k: (k - lo) >> shift, fewer than bin_count of them
    void start_binning() {
        const auto width = static_cast<int>(std::bit_width(hi - lo));  // of the largest offset
        shift = std::max(0, width - std::countr_zero(bin_count));
        bins.assign(bin_count, Bin{});
    }
    void add(std::uint64_t k) {
        Bin& b = bins[static_cast<std::size_t>((k - lo) >> shift)];
        if (b.count++ == 0) {
            b.lowest = b.highest = k;
        } else {
            b.lowest = std::min(b.lowest, k);
            b.highest = std::max(b.highest, k);
        }
    }
};

// After a binning pass: the keys seen in the bin holding the rank become the range (one
// key: found; a bin of equal values needs no more passes).
void narrow(Target& t) {
    const std::vector<Target::Bin>& bins = t.same_as ? t.same_as->bins : t.bins;
    std::uint64_t below = t.below;
    for (const Target::Bin& b : bins) {
        if (below + b.count > t.rank) {
            t.lo = b.lowest;
            t.hi = b.highest;
            t.below = below;
            t.inside = b.count;
            break;
        }
        below += b.count;
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
            t.same_as = nullptr;
            if (t.keeping) {
                t.kept.clear();
                t.kept.reserve(static_cast<std::size_t>(t.inside));
            } else {
                // Targets in the same range (all of them, the first time) share its bins.
                for (const Target* other : active) {
                    if (!other->keeping && !other->same_as && other->lo == t.lo && other->hi == t.hi) t.same_as = other;
                }
                if (!t.same_as) t.start_binning();
            }
            active.push_back(&t);
        }
        pass([&](std::span<const double> values) {
            for (const double v : values) {
                if (!shown(v, scale)) continue;
                const std::uint64_t k = key(v);
                for (Target* t : active) {
                    if (t->same_as || k < t->lo || k > t->hi) continue;
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

#pragma once
// Which part of an N-D dataset one plot reads: the rule's `slice:` resolved against the
// dataset's shape, in the plan, so ranks read exactly that hyperslab without re-deriving it.
#include <cstdint>
#include <string>
#include <vector>

#include "plotcluster/config/config.hpp"
#include "plotcluster/core/shape.hpp"

namespace plotcluster {

struct Selection {
    std::vector<std::int64_t> fixed;   // per axis of the dataset: the index kept, or -1
    std::vector<std::uint64_t> shape;  // what is read: the kept axes that are not 1
    std::string error;                 // non-empty: why this cannot be plotted

    std::uint64_t elements() const;
};

// Numbers the slices given by a dimension's name (`axis: z`) from `dims`, the dataset's
// dimension names (DatasetInfo::dims; "" for an unnamed one). Returns "" or why a name
// cannot be resolved: it names the dataset's dimensions and suggests the nearest.
std::string number_named_slices(std::vector<SliceSpec>& slices, const std::vector<std::string>& dims,
                                const std::vector<std::uint64_t>& shape);

// Applies `slices` (numbered) to `shape` and checks that `dims` dimensions that are not 1 are left
// (dims < 0: any number, as for histograms). A slice by value fixes its axis at 0 until
// the reader picks the cell (read/source.hpp pick_slices). `what` names the need in messages
// ("heatmap needs 2-D data"). A 1-D need also takes a single value (nothing but 1s).
Selection resolve_selection(const std::vector<std::uint64_t>& shape,
                            const std::vector<SliceSpec>& slices, int dims,
                            const std::string& what);

// numpy-style "[2, :, :]" for the fixed indices of a selection, "" when nothing is fixed.
std::string slice_text(const std::vector<std::int64_t>& fixed);

// The shape a message talks about, from the dataset's to what is drawn: "shape 4×64×64",
// "shape 1×64×64 → 64×64" (squeezed), "shape 4×64×64 sliced [2, :, :] → 64×64".
std::string shape_story(const std::vector<std::uint64_t>& shape,
                        const std::vector<std::int64_t>& fixed,
                        const std::vector<std::uint64_t>& kept);

}  // namespace plotcluster

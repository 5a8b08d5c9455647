#pragma once
// One rank's drawing machinery, created once and reused for every plot: its own font
// face, Cairo surface and source of data (the HDF5 reader keeps its input file open).
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>

#include "plotcluster/canvas/font.hpp"
#include "plotcluster/config/config.hpp"
#include "plotcluster/plan/limit_groups.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/read/source.hpp"
#include "plotcluster/record/record.hpp"

namespace plotcluster {

// Data larger than `above` values is read in chunks of `chunk` values: a line without
// markers reduced as it comes (figure/streamed_line.hpp), a histogram counted in passes
// (figure.hpp's ValuePass); memory stays bounded whatever the dataset's size. Smaller
// data is read whole. Tests make them small.
struct StreamSizes {
    std::uint64_t above = std::uint64_t{1} << 22;  // 32 MiB of doubles
    std::uint64_t chunk = std::uint64_t{1} << 20;  // 8 MiB per read
};

class Renderer {
public:
    // Draws with the font file rank 0 chose for figure.font (canvas's choose_font), from
    // `source`, or from HDF5 files (hdf5/reader.hpp) when there is none. Throws
    // SetupError when the font cannot be loaded.
    Renderer(const Config& config, const FontChoice& font, int rank,
             std::unique_ptr<Source> source = nullptr, StreamSizes sizes = {});
    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    // Reads, draws, encodes and writes one plot; `shared` holds the ranges of its limits
    // groups (plan/limit_groups.hpp's shared_ranges). Never throws: a failure is a failed
    // record.
    PlotRecord render(const PlotTask& task, const SharedRanges& shared = {});

    // limits, x_limits: shared | rule: reads the task's data and returns the range of the
    // values the limits apply to and of x; each nothing when there is none or the data
    // cannot be read (drawing the task later reports why).
    PlotExtents scan_extents(const PlotTask& task);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// A failed record for a task that was not drawn (plan-time error, abort, no renderer).
PlotRecord failed_record(const PlotTask& task, int rank, std::string error);

}  // namespace plotcluster

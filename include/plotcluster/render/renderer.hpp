#pragma once
// One rank's drawing machinery, created once and reused for every plot: its own font
// face, Cairo surface and source of data (the HDF5 reader keeps its input file open).
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

class Renderer {
public:
    // Draws with the font file rank 0 chose for figure.font (canvas's choose_font), from
    // `source`, or from HDF5 files (hdf5/reader.hpp) when there is none. Throws
    // SetupError when the font cannot be loaded.
    Renderer(const Config& config, const FontChoice& font, int rank,
             std::unique_ptr<Source> source = nullptr);
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

#pragma once
// One rank's drawing machinery, created once and reused for every plot: its own font
// face, Cairo surface and open input file.
#include <memory>
#include <optional>
#include <utility>

#include "plotcluster/canvas/font.hpp"
#include "plotcluster/config/config.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/record/record.hpp"

namespace plotcluster {

class Renderer {
public:
    // Draws with the font file rank 0 chose for figure.font (canvas's choose_font).
    // Throws SetupError when it cannot be loaded.
    Renderer(const Config& config, const FontChoice& font, int rank);
    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    // Reads, draws, encodes and writes one plot. Never throws: a failure is a failed record.
    PlotRecord render(const PlotTask& task);

    // limits: shared | rule: reads the task's data and returns the range of the values
    // the limits apply to; nothing when it has none or cannot be read (drawing the task
    // later reports why).
    std::optional<std::pair<double, double>> scan_extent(const PlotTask& task);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// A failed record for a task that was not drawn (plan-time error, abort, no renderer).
PlotRecord failed_record(const PlotTask& task, int rank, std::string error);

}  // namespace plotcluster

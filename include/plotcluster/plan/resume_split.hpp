#pragma once
// Picking up where an earlier run stopped, the pure part: which planned tasks an earlier
// run finished, and which it left out after they took the process down. What the
// journals hold and whether outputs still exist come in from the caller
// (app/resume.hpp reads them).
#include <compare>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "plotcluster/plan/plan.hpp"

namespace plotcluster {

// A plot as the journals' records, started and crashed lines name it.
struct PlotKey {
    std::string file;
    std::string dataset;
    std::string fingerprint;
    auto operator<=>(const PlotKey&) const = default;
};

// How often a plot may take a rank down before it is left out.
inline constexpr int crash_attempts = 2;

// The error of a plot that took a rank down `crash_attempts` times. The journals keep its
// failed row through compaction, so it is left out again until --force.
inline constexpr std::string_view crashed_twice =
    "crashed the process while reading or drawing; left out after 2 attempts";

// One record of the journals, in journal order (a later one wins), as the split needs it.
// The views point into the caller's records.
struct JournaledPlot {
    std::string_view file;
    std::string_view dataset;
    std::string_view fingerprint;  // empty: predates fingerprints, never kept
    bool ok = false;               // drawn; its outputs may be kept
    bool left_out = false;         // failed with crashed_twice
};

struct JournalSplit {
    std::vector<PlotTask> to_draw;    // ids renumbered 0..n-1
    std::vector<std::size_t> reused;  // indices into the journal of the records kept
};

// A task is kept when the journal holds an ok record for it with the same fingerprint
// and outputs_intact(that record's index) says every output it lists is still there as
// written. One that crashed the process `crash_attempts` times (`crashes`), or that an
// earlier run left out for that, is not drawn: it fails with `crashed_twice` (rank 0
// records it, as a task the plan failed).
JournalSplit split_by_journal(std::vector<PlotTask> tasks, const std::vector<JournaledPlot>& journal,
                              const std::map<PlotKey, int>& crashes,
                              const std::function<bool(std::size_t record)>& outputs_intact);

}  // namespace plotcluster

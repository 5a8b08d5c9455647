#pragma once
// manifest.json and the Cinema Spec D data.csv, written atomically into output.dir.
#include <filesystem>
#include <string>
#include <vector>

#include "plotcluster/plan/plan.hpp"
#include "plotcluster/record/record.hpp"

namespace plotcluster {

// Where a run's wall time went, in seconds, as rank 0 saw it: setup (config, catalog,
// plan, earlier runs' journals, sharing the plan), drawing (every rank's plots, until the
// last rank reported), collecting (reading this run's journals back). What is not drawing
// does not shrink with more ranks.
struct JobPhases {
    double setup = 0;
    double draw = 0;
    double collect = 0;
};

struct ManifestHeader {
    std::string version;        // plotcluster version
    std::string config_sha256;  // of the config file's bytes
    int ranks = 1;
    std::string started;  // UTC, ISO 8601 ("2026-11-22T21:04:05Z")
    double seconds = 0;   // wall time of the run
    JobPhases phases;     // ... and where it went
    bool complete = true;        // false: a stop signal cut the run short ...
    std::uint64_t remaining = 0;  // ... and these planned plots are not in "plots" yet
};

// JSON text of the manifest: header fields, "plots" (records as given, caller sorts),
// "unmatched" (datasets no rule matched). Keys: version, config_sha256, ranks, started,
// seconds, phases_s{setup, draw, collect}, complete, remaining, plots[{file, dataset, kind, shape, dtype, status, error, rank,
// render_ms, timing_ms{read, draw, encode, write}, vmin, vmax, ignored, reused, outputs[{format,
// path, bytes, sha256}], thumbnail{format, path, bytes, sha256} or null}], unmatched[{file,
// dataset}].
std::string manifest_json(const ManifestHeader& header, const std::vector<PlotRecord>& plots,
                          const std::vector<UnmatchedDataset>& unmatched);

// Cinema Spec D: header "file,dataset,kind,status,FILE", FILE last (the first output's
// path, empty for failed rows), RFC 4180 quoting.
std::string data_csv(const std::vector<PlotRecord>& plots);

// Writes <dir>/manifest.json and <dir>/data.csv atomically.
void write_manifest(const std::filesystem::path& dir, const ManifestHeader& header,
                    const std::vector<PlotRecord>& plots,
                    const std::vector<UnmatchedDataset>& unmatched);

}  // namespace plotcluster

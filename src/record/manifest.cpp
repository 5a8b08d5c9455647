#include "plotcluster/record/manifest.hpp"

#include <string_view>

#include "plotcluster/core/output_layout.hpp"
#include "plotcluster/encode/atomic_file.hpp"
#include "record_json.hpp"

namespace plotcluster {
namespace {

using detail::Json;
using detail::status_name;

// RFC 4180: a field is quoted only when it has to be, and quotes inside are doubled.
std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

}  // namespace

std::string manifest_json(const ManifestHeader& header, const std::vector<PlotRecord>& plots,
                          const std::vector<UnmatchedDataset>& unmatched) {
    Json j;
    j["version"] = header.version;
    j["config_sha256"] = header.config_sha256;
    j["ranks"] = header.ranks;
    j["started"] = header.started;
    j["seconds"] = header.seconds;
    j["phases_s"] = Json{{"setup", header.phases.setup},
                         {"draw", header.phases.draw},
                         {"collect", header.phases.collect}};
    j["complete"] = header.complete;
    j["remaining"] = header.remaining;
    Json plot_rows = Json::array();
    for (const auto& rec : plots) plot_rows.push_back(detail::record_json(rec));
    j["plots"] = std::move(plot_rows);
    Json unmatched_rows = Json::array();
    for (const auto& u : unmatched) {
        Json row;
        row["file"] = u.file;
        row["dataset"] = u.dataset;
        unmatched_rows.push_back(std::move(row));
    }
    j["unmatched"] = std::move(unmatched_rows);
    // File names and HDF5 messages need not be UTF-8; replace bad bytes rather than
    // lose the whole manifest to one odd name.
    return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string data_csv(const std::vector<PlotRecord>& plots) {
    std::string csv = "file,dataset,kind,status,FILE\n";
    for (const auto& rec : plots) {
        // Cinema viewers open FILE; a failed row has no image to show.
        const bool has_image = rec.status == PlotStatus::ok && !rec.outputs.empty();
        csv += csv_field(rec.file) + ',' + csv_field(rec.dataset) + ',' + csv_field(rec.kind) +
               ',' + std::string(status_name(rec.status)) + ',' +
               (has_image ? csv_field(rec.outputs.front().path) : std::string()) + '\n';
    }
    return csv;
}

void write_manifest(const std::filesystem::path& dir, const ManifestHeader& header,
                    const std::vector<PlotRecord>& plots,
                    const std::vector<UnmatchedDataset>& unmatched) {
    write_file_atomically(dir / output_layout::manifest, manifest_json(header, plots, unmatched));
    write_file_atomically(dir / output_layout::data_csv, data_csv(plots));
}

}  // namespace plotcluster

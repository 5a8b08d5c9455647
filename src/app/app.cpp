#include "plotcluster/app/app.hpp"

#include <CLI/CLI.hpp>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "plotcluster/app/renderer.hpp"
#include "plotcluster/app/resume.hpp"
#include "plotcluster/app/shared_limits.hpp"
#include "plotcluster/app/stop_signal.hpp"
#include "plotcluster/app/work_loop.hpp"
#include "plotcluster/catalog/hdf5_catalog.hpp"
#include "plotcluster/catalog/input_files.hpp"
#include "plotcluster/comm/comm.hpp"
#include "plotcluster/encode/sha256.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/record/manifest.hpp"
#include "plotcluster/record/journal.hpp"
#include "plotcluster/version.hpp"

namespace plotcluster {

namespace {

namespace fs = std::filesystem;

struct Options {
    std::string config;
    bool force = false;  // redraw plots an earlier run finished
};

// Rank 0's view of the run beyond what every rank needs.
struct LeaderState {
    Plan plan;                       // unmatched datasets (the tasks travel in the setup)
    std::vector<PlotRecord> reused;  // finished by an earlier run
};

std::string version_text() {
    FT_Library ft = nullptr;
    FT_Int major = 0, minor = 0, patch = 0;
    if (FT_Init_FreeType(&ft) == 0) {
        FT_Library_Version(ft, &major, &minor, &patch);
        FT_Done_FreeType(ft);
    }
    unsigned h5major = 0, h5minor = 0, h5release = 0;
    H5get_libversion(&h5major, &h5minor, &h5release);
    std::ostringstream out;
    out << "plotcluster " << version << "\n"
        << "  cairo " << cairo_version_string() << ", freetype " << major << '.' << minor << '.'
        << patch << ", hdf5 " << h5major << '.' << h5minor << '.' << h5release << ", "
        << Comm::library_version() << "\n";
    return out.str();
}

std::string utc_now() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string file_sha256(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return sha256_hex({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
}

std::string make_run_id() {
    std::string id = utc_now();
    id.erase(std::remove_if(id.begin(), id.end(), [](char c) { return c == '-' || c == ':'; }),
             id.end());
    return id + "-" + std::to_string(::getpid());
}

// Rank 0: config, catalog, plan, and what an earlier run already finished. Whole-run
// problems end up in setup.error.
JobSetup prepare(const Options& options, LeaderState& leader) {
    JobSetup setup;
    try {
        setup.config = load_config(options.config);
        const auto files = expand_input_files(setup.config.input.files, setup.config.base_dir);
        leader.plan = make_plan(setup.config, build_catalog(files));
        const fs::path& out = setup.config.output.dir;
        std::error_code ec;
        fs::create_directories(out, ec);
        if (ec || !fs::is_directory(out)) {
            throw SetupError("output.dir: cannot create '" + out.string() +
                             "': " + (ec ? ec.message() : "not a directory"));
        }
        remove_stale_temp_files(out);
        setup.limit_groups = assign_limit_groups(setup.config, leader.plan.tasks);
        stamp_fingerprints(setup.config, leader.plan.tasks);
        const std::vector<PlotTask> all =
            setup.limit_groups > 0 ? leader.plan.tasks : std::vector<PlotTask>{};
        const auto journal = options.force ? std::vector<PlotRecord>{} : read_journals(out);
        auto split = split_finished(std::move(leader.plan.tasks), journal, out);
        setup.tasks = std::move(split.to_draw);
        setup.scan = limits_scan_list(all, setup.tasks);
        leader.reused = std::move(split.reused);
        setup.run_id = make_run_id();
    } catch (const std::exception& e) {
        setup.error = e.what();
    }
    return setup;
}

// Every rank: its renderer and journal, then its part of the schedule.
WorkOutcome draw_everything(Comm& comm, JobSetup& setup) {
    std::unique_ptr<Renderer> renderer;
    std::string no_renderer;
    try {
        renderer = std::make_unique<Renderer>(setup.config, comm.rank());
    } catch (const std::exception& e) {
        no_renderer = e.what();
    }
    std::unique_ptr<JournalWriter> journal;
    try {
        journal = std::make_unique<JournalWriter>(setup.config.output.dir, setup.run_id, comm.rank());
    } catch (const std::exception& e) {
        std::cerr << "plotcluster: rank " << comm.rank() << ": " << e.what()
                  << " (a rerun will redraw this rank's plots)\n";
    }
    share_limits(comm, setup, renderer.get());
    return run_tasks(comm, setup, renderer.get(), no_renderer, journal.get());
}

// Rank 0: the records of tasks that have none, as the outcome explains them.
void account_for_missing(const JobSetup& setup, WorkOutcome& outcome, ManifestHeader& header) {
    std::set<std::pair<std::string, std::string>> done;
    for (const auto& r : outcome.records) done.emplace(r.file, r.dataset);
    for (const auto& task : setup.tasks) {
        if (done.count({task.file, task.dataset}) != 0) continue;
        if (outcome.aborted) {
            outcome.records.push_back(failed_record(
                task, 0, "not drawn: run.on_error is 'abort' and another plot failed"));
        } else {
            header.complete = false;
            ++header.remaining;
        }
    }
}

int summarize(const JobSetup& setup, const Plan& plan, std::vector<PlotRecord>& records,
              const ManifestHeader& header) {
    std::sort(records.begin(), records.end(), manifest_order);
    write_manifest(setup.config.output.dir, header, records, plan.unmatched);
    if (header.complete) compact_journals(setup.config.output.dir, records);
    const auto reused = std::count_if(records.begin(), records.end(),
                                      [](const PlotRecord& r) { return r.reused; });
    const auto failed = std::count_if(records.begin(), records.end(), [](const PlotRecord& r) {
        return r.status == PlotStatus::failed;
    });
    std::ostringstream out;
    out << "plotcluster: " << records.size() << " plots, " << records.size() - failed << " ok";
    if (reused > 0) out << " (" << reused << " kept from an earlier run)";
    out << ", " << failed << " failed, in " << header.seconds << " s on " << header.ranks << " rank"
        << (header.ranks == 1 ? "" : "s") << '\n';
    int shown = 0;
    for (const auto& r : records) {
        if (r.status != PlotStatus::failed || ++shown > 5) continue;
        out << "  failed: " << r.file << ':' << r.dataset << ": " << r.error.value_or("") << '\n';
    }
    if (failed > 5) out << "  ... and " << failed - 5 << " more (see the manifest)\n";
    if (!plan.unmatched.empty()) {
        out << "  " << plan.unmatched.size() << " dataset" << (plan.unmatched.size() == 1 ? "" : "s")
            << " matched no rule (listed under \"unmatched\" in the manifest)\n";
    }
    if (!header.complete) {
        out << "  stopped early: " << header.remaining
            << " plots not drawn yet; run the same command again to finish them\n";
    }
    out << "  plots and manifest: " << (setup.config.output.dir / "manifest.json").string() << '\n';
    std::cout << out.str() << std::flush;
    if (!header.complete) return static_cast<int>(ExitCode::stopped);
    return failed == 0 ? static_cast<int>(ExitCode::ok) : static_cast<int>(ExitCode::some_failed);
}

}  // namespace

int run_app(int argc, char** argv) {
    Comm comm(argc, argv);
    const bool root = comm.rank() == 0;

    CLI::App cli{"plotcluster: render plots from HDF5 files on many MPI ranks", "plotcluster"};
    Options options;
    cli.add_option("CONFIG", options.config, "YAML configuration file")->required();
    cli.add_flag("--force", options.force,
                 "redraw every plot, also those an earlier run finished with the same settings");
    cli.set_version_flag("--version", version_text,
                         "print the versions of plotcluster and the libraries it runs with");
    try {
        cli.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        if (root) std::cout << cli.help();
        return 0;
    } catch (const CLI::CallForVersion& e) {
        if (root) std::cout << e.what();
        return 0;
    } catch (const CLI::ParseError& e) {
        if (root) std::cerr << "plotcluster: " << e.what() << " (see --help)\n";
        return static_cast<int>(ExitCode::usage);
    }

    const auto start = std::chrono::steady_clock::now();
    ManifestHeader header;
    header.version = version;
    header.ranks = comm.size();
    header.started = utc_now();

    install_stop_handlers();
    LeaderState leader;
    JobSetup setup;
    if (root) setup = prepare(options, leader);
    comm.share_setup(setup);
    if (!setup.error.empty()) {
        if (root) std::cerr << "plotcluster: " << setup.error << '\n';
        return static_cast<int>(ExitCode::usage);
    }

    WorkOutcome outcome = draw_everything(comm, setup);
    int code = 0;
    if (root) {
        try {
            account_for_missing(setup, outcome, header);
            auto& records = outcome.records;
            records.insert(records.end(), std::make_move_iterator(leader.reused.begin()),
                           std::make_move_iterator(leader.reused.end()));
            header.config_sha256 = file_sha256(setup.config.source);
            header.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            code = summarize(setup, leader.plan, records, header);
        } catch (const std::exception& e) {
            std::cerr << "plotcluster: cannot write the manifest: " << e.what() << '\n';
            code = static_cast<int>(ExitCode::some_failed);
        }
    }
    return comm.share_exit_code(code);
}

}  // namespace plotcluster

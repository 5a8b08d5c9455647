#include "plotcluster/app/app.hpp"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <fstream>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string_view>
#include <system_error>

#include "plotcluster/app/catalog_watch.hpp"
#include "plotcluster/core/output_layout.hpp"
#include "plotcluster/render/crash_watch.hpp"
#include "plotcluster/app/plan_report.hpp"
#include "plotcluster/render/progress.hpp"
#include "plotcluster/render/renderer.hpp"
#include "plotcluster/app/resume.hpp"
#include "plotcluster/render/shared_limits.hpp"
#include "plotcluster/render/transport.hpp"
#include "plotcluster/render/stop_signal.hpp"
#include "plotcluster/render/work_loop.hpp"
#include "plotcluster/canvas/cairo_canvas.hpp"
#include "plotcluster/canvas/font.hpp"
#include "plotcluster/hdf5/hdf5_catalog.hpp"
#include "plotcluster/catalog/input_files.hpp"
#include "plotcluster/plan/limit_groups.hpp"
#include "plotcluster/comm/comm.hpp"
#include "plotcluster/figure/plot_kind.hpp"
#include "plotcluster/encode/sha256.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/record/gallery.hpp"
#include "plotcluster/record/manifest.hpp"
#include "plotcluster/hdf5/reader.hpp"
#include "plotcluster/record/journal.hpp"
#include "plotcluster/version.hpp"

namespace plotcluster {

namespace {

namespace fs = std::filesystem;

struct Options {
    std::string config;
    bool force = false;    // redraw plots an earlier run finished
    bool quiet = false;    // no progress, only the summary's first line
    bool verbose = false;  // a line per plot from every rank
    bool dry_run = false;  // print the plan, draw nothing
    bool list = false;     // print the catalog, draw nothing
};

using DatasetKey = std::pair<std::string, std::string>;  // (file, dataset)

// Rank 0's view of the run beyond what every rank needs.
struct LeaderState {
    Plan plan;                       // unmatched datasets (the tasks travel in the setup)
    std::vector<PlotRecord> reused;  // finished by an earlier run
    std::vector<PlotRecord> unreadable;  // a failed row per input file that cannot be read
    std::map<DatasetKey, std::uint32_t> rules;  // the rule of every planned plot (gallery)
};

// The libraries' own answers at run time, which may differ from the headers built against.
std::string version_text() {
    return "plotcluster " + std::string(version) + "\n  " + CairoCanvas::library_version() + ", " +
           FontFace::library_version() + ", " + Reader::library_version() + ", " +
           Comm::library_version() + "\n";
}

double seconds_between(std::chrono::steady_clock::time_point from,
                       std::chrono::steady_clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
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

std::string file_problem_text(const FileProblem& problem) {
    return (problem.left_out ? "catalog: left out '" : "hdf5: cannot open '") + problem.file +
           "': " + problem.error;
}

// The failed row of an input file the catalog could not read.
PlotRecord unreadable_file_record(const FileProblem& problem) {
    PlotRecord r;
    r.file = problem.file;
    r.dataset = "/";
    r.kind = "file";
    r.status = PlotStatus::failed;
    r.error = file_problem_text(problem);
    return r;
}

// One unreadable file among many is a row; a run where none can be read, or one that is
// to stop at the first failure, is a whole-run problem (exit 2).
void check_readable(const Config& config, const Catalog& catalog) {
    if (catalog.unreadable.empty()) return;
    const FileProblem& first = catalog.unreadable.front();
    const std::string why = file_problem_text(first);
    if (catalog.unreadable.size() == catalog.files.size()) {
        const auto more = catalog.unreadable.size() - 1;
        throw SetupError(more == 0 ? why
                                   : why + " (and none of the other " + std::to_string(more) +
                                         " input files can be read either)");
    }
    if (config.run.on_error == OnError::abort_run) throw SetupError(why + " (run.on_error: abort)");
}

CatalogOptions catalog_options(const Config& config, CatalogWatch& watch) {
    CatalogOptions options;
    options.follow_links = config.input.follow_links;
    options.virtual_missing_fails = config.input.virtual_missing == VirtualMissing::fail;
    watch.watch(options);
    return options;
}

// A run that fails to set up leaves nothing behind: an output.dir it created holds only
// the empty catalog journal then. One that remembers a file left out is kept.
void remove_if_empty(const fs::path& dir) {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        std::error_code size_ec;
        if (!it->is_directory(size_ec) && it->file_size(size_ec) != 0) return;
    }
    if (!ec) fs::remove_all(dir, ec);
}

// Rank 0: config, catalog, plan, and what an earlier run already finished. Whole-run
// problems end up in setup.error.
JobSetup prepare(const Options& options, LeaderState& leader) {
    JobSetup setup;
    bool created = false;  // output.dir did not exist
    try {
        setup.config = load_config(options.config, kind_syntaxes());
        const FontChoice font = choose_font(setup.config.figure.font);
        if (font.substituted) {
            std::cerr << "plotcluster: figure.font: no font '" << setup.config.figure.font
                      << "' is installed; drawing with " << font.family << " (" << font.file << ")\n";
        }
        setup.font_file = font.file;
        setup.font_index = font.index;
        const auto files = expand_input_files(setup.config.input.files, setup.config.base_dir);
        // output.dir before the catalog: the walk is journaled in it, so that a crash is
        // pinned on its file. One that cannot be used is reported after the input files'
        // own problems, as without the journal.
        const fs::path& out = setup.config.output.dir;
        std::error_code ec;
        created = !fs::exists(out, ec);
        fs::create_directories(out, ec);
        std::string unusable;
        if (ec || !fs::is_directory(out)) {
            unusable = "output.dir: cannot create '" + out.string() +
                       "': " + (ec ? ec.message() : "not a directory");
        } else if (::access(out.c_str(), W_OK | X_OK) != 0) {
            // Else every plot would fail on its own, and the manifest too.
            unusable = "output.dir: cannot write in '" + out.string() +
                       "': " + std::generic_category().message(errno);
        }
        CatalogWatch walk(out, files, /*record=*/unusable.empty(), options.force);
        const Catalog catalog =
            Reader(0, setup.config.input.virtual_missing, catalog_options(setup.config, walk))
                .catalog(files);
        walk.finish();
        check_readable(setup.config, catalog);
        leader.plan = make_plan(setup.config, catalog);
        for (const auto& w : rule_warnings(setup.config, catalog))
            std::cerr << "plotcluster: " << w << '\n';
        for (const auto& problem : leader.plan.unreadable)
            leader.unreadable.push_back(unreadable_file_record(problem));
        if (!unusable.empty()) throw SetupError(unusable);
        remove_stale_temp_files(out);
        setup.limit_groups = assign_limit_groups(setup.config, leader.plan.tasks);
        stamp_fingerprints(setup.config, leader.plan.tasks);
        for (const auto& t : leader.plan.tasks)
            leader.rules.emplace(DatasetKey{t.read.file, t.read.dataset}, t.draw.rule);
        const std::vector<PlotTask> all =
            setup.limit_groups > 0 ? leader.plan.tasks : std::vector<PlotTask>{};
        const auto journal = options.force ? JournalContents{} : read_journal_contents(out);
        auto split = split_finished(std::move(leader.plan.tasks), journal.records, out, journal.crashes);
        setup.tasks = std::move(split.to_draw);
        setup.scan = limits_scan_list(all, setup.tasks);
        leader.reused = std::move(split.reused);
        setup.run_id = make_run_id();
    } catch (const std::exception& e) {
        setup.error = e.what();
        if (created) remove_if_empty(setup.config.output.dir);
    }
    return setup;
}

// Every rank: its renderer and journal, then its part of the schedule.
WorkOutcome draw_everything(Comm& comm, const JobSetup& setup, const LoopDisplay& display) {
    std::unique_ptr<Renderer> renderer;
    std::string no_renderer;
    try {
        FontChoice font;
        font.file = setup.font_file;
        font.index = setup.font_index;
        renderer = std::make_unique<Renderer>(setup.config, font, comm.rank());
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
    CommTransport transport(comm);
    const SharedLimits limits = share_limits(transport, setup, renderer.get(), journal.get());
    return run_tasks(transport, setup, limits, renderer.get(), no_renderer, journal.get(), display);
}

// Rank 0: the records of tasks that have none, as the outcome explains them.
void account_for_missing(const JobSetup& setup, WorkOutcome& outcome, ManifestHeader& header) {
    std::set<std::pair<std::string, std::string>> done;
    for (const auto& r : outcome.records) done.emplace(r.file, r.dataset);
    for (const auto& task : setup.tasks) {
        if (done.count({task.read.file, task.read.dataset}) != 0) continue;
        if (outcome.aborted) {
            outcome.records.push_back(failed_record(
                task, 0, "not drawn: run.on_error is 'abort' and another plot failed"));
        } else {
            header.complete = false;
            ++header.remaining;
        }
    }
}

// --dry-run and --list (rank 0): config, catalog and plan, printed; nothing is created or
// written, not even output.dir.
int report_plan(const Options& options, int ranks) {
    try {
        const Config config = load_config(options.config, kind_syntaxes());
        const auto files = expand_input_files(config.input.files, config.base_dir);
        CatalogWatch walk(config.output.dir, files, /*record=*/false, options.force);
        const Catalog catalog =
            Reader(0, config.input.virtual_missing, catalog_options(config, walk)).catalog(files);
        check_readable(config, catalog);
        Plan plan = make_plan(config, catalog);
        if (options.list) std::cout << catalog_listing(config, catalog, plan);
        if (options.dry_run) {
            // As prepare() does, so what would be kept from an earlier run is what a run keeps.
            assign_limit_groups(config, plan.tasks);
            stamp_fingerprints(config, plan.tasks);
            const fs::path& out = config.output.dir;
            const auto journal = options.force || !fs::is_directory(out) ? JournalContents{}
                                                                         : read_journal_contents(out);
            const auto split = split_finished(plan.tasks, journal.records, out, journal.crashes);
            std::cout << plan_report(config, catalog, plan, split.to_draw, ranks);
        }
        std::cout << std::flush;
        return static_cast<int>(ExitCode::ok);
    } catch (const std::exception& e) {
        std::cerr << "plotcluster: " << e.what() << '\n';
        return static_cast<int>(ExitCode::usage);
    }
}

GalleryPage gallery_page(const JobSetup& setup, const LeaderState& leader,
                         const std::vector<PlotRecord>& records, std::string summary) {
    GalleryPage page;
    page.title = "plotcluster: " + setup.config.source.filename().string();
    page.summary = std::move(summary);
    for (const auto& r : records) {
        const auto it = leader.rules.find({r.file, r.dataset});
        if (r.kind == "file") {
            page.plots.push_back(gallery_plot(r, -1, "unreadable input file"));
        } else if (it == leader.rules.end()) {
            page.plots.push_back(gallery_plot(r, -1, "rule not known"));
        } else {
            page.plots.push_back(gallery_plot(r, static_cast<int>(it->second),
                                              rule_label(setup.config, it->second)));
        }
    }
    page.unmatched = leader.plan.unmatched;
    return page;
}

std::string fixed1(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", value);
    return buf;
}

// Rank 0, after the manifest: index.html; returns its path, "" when there is none. A page
// that cannot be written costs a warning only: the plots and the manifest are there.
std::string write_gallery_page(const JobSetup& setup, const LeaderState& leader,
                               const std::vector<PlotRecord>& records,
                               const ManifestHeader& header, const std::string& counts) {
    if (!setup.config.output.gallery) return {};
    std::string summary = counts + "; started " + header.started + " on " +
                          std::to_string(header.ranks) + " rank(s), " + fixed1(header.seconds) +
                          " s";
    if (!header.complete) {
        summary += "; stopped early, " + std::to_string(header.remaining) + " plots not drawn yet";
    }
    try {
        return write_gallery(setup.config.output.dir,
                             gallery_page(setup, leader, records, std::move(summary)))
            .string();
    } catch (const std::exception& e) {
        std::cerr << "plotcluster: cannot write the gallery: " << e.what() << '\n';
        return {};
    }
}

// Rank 0, at the end: the manifest, the gallery, and the summary (its first line keeps
// the shape scripts match: "plotcluster: N plots, N ok, N failed").
int summarize(const JobSetup& setup, const LeaderState& leader, std::vector<PlotRecord>& records,
              const ManifestHeader& header, const Options& options) {
    const fs::path& dir = setup.config.output.dir;
    const Plan& plan = leader.plan;
    std::sort(records.begin(), records.end(), manifest_order);
    write_manifest(dir, header, records, plan.unmatched);
    if (header.complete) compact_journals(dir, records);
    const auto reused = std::count_if(records.begin(), records.end(),
                                      [](const PlotRecord& r) { return r.reused; });
    const auto failed = std::count_if(records.begin(), records.end(), [](const PlotRecord& r) {
        return r.status == PlotStatus::failed;
    });
    const auto drawn = static_cast<double>(records.size()) - static_cast<double>(reused);

    std::string counts = std::to_string(records.size()) + " plots, " +
                         std::to_string(records.size() - static_cast<std::size_t>(failed)) + " ok";
    if (reused > 0) counts += " (" + std::to_string(reused) + " kept from an earlier run)";
    counts += ", " + std::to_string(failed) + " failed";
    const std::string gallery = write_gallery_page(setup, leader, records, header, counts);

    std::ostringstream out;
    out << "plotcluster: " << counts << ", in " << fixed1(header.seconds) << " s on "
        << header.ranks << " rank" << (header.ranks == 1 ? "" : "s") << ", "
        << fixed1(header.seconds > 0 ? drawn / header.seconds : 0) << " plots/s\n";
    if (!options.quiet) {
        int shown = 0;
        for (const auto& r : records) {
            if (r.status != PlotStatus::failed || ++shown > 5) continue;
            out << "  failed: " << r.file << ':' << r.dataset << ": " << r.error.value_or("")
                << '\n';
        }
        if (failed > 5)
            out << "  ... and " << failed - 5 << " more (see the manifest or the gallery)\n";
        if (!plan.unmatched.empty()) {
            out << "  " << plan.unmatched.size() << " dataset"
                << (plan.unmatched.size() == 1 ? "" : "s")
                << " matched no rule (listed under \"unmatched\" in the manifest)\n";
        }
        if (!header.complete) {
            out << "  stopped early: " << header.remaining
                << " plots not drawn yet; run the same command again to finish them\n";
        }
        out << "  plots:    " << dir.string() << '\n';
        out << "  manifest: " << (dir / output_layout::manifest).string() << '\n';
        if (!gallery.empty()) out << "  gallery:  " << gallery << '\n';
    }
    std::cout << out.str() << std::flush;
    if (!header.complete) return static_cast<int>(ExitCode::stopped);
    return failed == 0 ? static_cast<int>(ExitCode::ok) : static_cast<int>(ExitCode::some_failed);
}

// Rank 0: the progress display, unless --quiet. --verbose lines from other ranks would
// break a line rewritten in place, so with them progress goes line by line.
std::unique_ptr<Progress> start_progress(const Options& options, const JobSetup& setup,
                                         const LeaderState& leader, int ranks) {
    if (options.quiet) return nullptr;
    std::cerr << "plotcluster: " << setup.tasks.size() << " plots to draw on " << ranks << " rank"
              << (ranks == 1 ? "" : "s");
    if (!leader.reused.empty())
        std::cerr << " (" << leader.reused.size() << " kept from an earlier run)";
    std::cerr << '\n' << std::flush;
    const bool terminal = !options.verbose && ::isatty(STDERR_FILENO) == 1;
    return std::make_unique<Progress>(std::cerr,
                                      terminal ? Progress::Style::terminal : Progress::Style::log);
}

}  // namespace

int run_app(int argc, char** argv) {
    // --version answers without starting MPI (MPI_Get_library_version needs no MPI_Init),
    // so it works on a login node where a singleton MPI start may not.
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--version") {
            std::cout << version_text();
            return 0;
        }
    }
    Comm comm(argc, argv);
    const bool root = comm.rank() == 0;
    install_crash_handler();

    CLI::App cli{"plotcluster: render plots from HDF5 files on many MPI ranks", "plotcluster"};
    Options options;
    cli.add_option("CONFIG", options.config, "YAML configuration file")->required();
    cli.add_flag("--force", options.force,
                 "redraw every plot, also those an earlier run finished with the same settings");
    cli.add_flag("--dry-run", options.dry_run,
                 "print the plan (plots per rule and per file, unmatched datasets, cost per rank) "
                 "and draw nothing");
    cli.add_flag("--list", options.list,
                 "list every dataset of the input files with shape, type and the rule that "
                 "draws it, and draw nothing");
    auto* quiet =
        cli.add_flag("-q,--quiet", options.quiet, "no progress; only the summary's first line");
    cli.add_flag("-v,--verbose", options.verbose,
                 "a line per plot from every rank, \"[rank N] ...\"")
        ->excludes(quiet);
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
    if (options.dry_run || options.list) {
        return comm.share_exit_code(root ? report_plan(options, comm.size()) : 0);
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
    const auto set_up = std::chrono::steady_clock::now();
    if (!setup.error.empty()) {
        if (root) std::cerr << "plotcluster: " << setup.error << '\n';
        return static_cast<int>(ExitCode::usage);
    }

    const auto progress = root ? start_progress(options, setup, leader, comm.size()) : nullptr;
    WorkOutcome outcome =
        draw_everything(comm, setup, LoopDisplay{progress.get(), options.verbose});
    if (progress) progress->end();
    int code = 0;
    if (root) {
        try {
            account_for_missing(setup, outcome, header);
            auto& records = outcome.records;
            records.insert(records.end(), std::make_move_iterator(leader.reused.begin()),
                           std::make_move_iterator(leader.reused.end()));
            records.insert(records.end(), std::make_move_iterator(leader.unreadable.begin()),
                           std::make_move_iterator(leader.unreadable.end()));
            header.config_sha256 = file_sha256(setup.config.source);
            header.seconds = seconds_between(start, std::chrono::steady_clock::now());
            header.phases.setup = seconds_between(start, set_up);
            header.phases.collect = outcome.collect_seconds;
            header.phases.draw = header.seconds - header.phases.setup - header.phases.collect;
            code = summarize(setup, leader, records, header, options);
        } catch (const std::exception& e) {
            std::cerr << "plotcluster: cannot write the manifest: " << e.what() << '\n';
            code = static_cast<int>(ExitCode::some_failed);
        }
    }
    return comm.share_exit_code(code);
}

}  // namespace plotcluster

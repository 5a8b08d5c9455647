#include "plotcluster/app/app.hpp"

#include <CLI/CLI.hpp>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hdf5.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include "plotcluster/app/renderer.hpp"
#include "plotcluster/catalog/hdf5_catalog.hpp"
#include "plotcluster/catalog/input_files.hpp"
#include "plotcluster/comm/comm.hpp"
#include "plotcluster/encode/sha256.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/record/manifest.hpp"
#include "plotcluster/schedule/schedule.hpp"
#include "plotcluster/version.hpp"

namespace plotcluster {

namespace {

namespace fs = std::filesystem;

struct Options {
    std::string config;
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

// Rank 0: config, catalog and plan. Whole-run problems end up in setup.error.
JobSetup prepare(const Options& options, Plan& plan) {
    JobSetup setup;
    try {
        setup.config = load_config(options.config);
        const auto files = expand_input_files(setup.config.input.files, setup.config.base_dir);
        plan = make_plan(setup.config, build_catalog(files));
        std::error_code ec;
        fs::create_directories(setup.config.output.dir, ec);
        if (ec || !fs::is_directory(setup.config.output.dir)) {
            throw SetupError("output.dir: cannot create '" + setup.config.output.dir.string() +
                             "': " + (ec ? ec.message() : "not a directory"));
        }
        setup.tasks = std::move(plan.tasks);  // rank 0 keeps plan.unmatched
    } catch (const std::exception& e) {
        setup.error = e.what();
    }
    return setup;
}

std::vector<PlotRecord> render_share(Comm& comm, const JobSetup& setup) {
    std::vector<std::uint64_t> costs;
    costs.reserve(setup.tasks.size());
    for (const auto& t : setup.tasks) costs.push_back(t.cost);
    const auto mine = partition_by_cost(costs, comm.size())[static_cast<std::size_t>(comm.rank())];

    std::vector<PlotRecord> records;
    records.reserve(mine.size());
    std::unique_ptr<Renderer> renderer;
    std::string no_renderer;
    try {
        renderer = std::make_unique<Renderer>(setup.config, comm.rank());
    } catch (const std::exception& e) {
        no_renderer = e.what();
    }
    const bool abort_on_error = setup.config.run.on_error == OnError::abort_run;
    bool stopped = false;
    for (auto id : mine) {
        const PlotTask& task = setup.tasks[id];
        if (!stopped && abort_on_error && comm.abort_requested()) stopped = true;
        if (stopped) {
            records.push_back(failed_record(task, comm.rank(),
                                            "not drawn: run.on_error is 'abort' and another plot failed"));
            continue;
        }
        records.push_back(renderer ? renderer->render(task)
                                   : failed_record(task, comm.rank(), no_renderer));
        if (abort_on_error && records.back().status == PlotStatus::failed) {
            stopped = true;
            comm.announce_abort();
        }
    }
    comm.settle_aborts();
    return records;
}

int summarize(const JobSetup& setup, const Plan& plan, std::vector<PlotRecord>& records,
              ManifestHeader header) {
    std::sort(records.begin(), records.end(), manifest_order);
    write_manifest(setup.config.output.dir, header, records, plan.unmatched);
    const auto failed = std::count_if(records.begin(), records.end(), [](const PlotRecord& r) {
        return r.status == PlotStatus::failed;
    });
    std::ostringstream out;
    out << "plotcluster: " << records.size() << " plots, " << records.size() - failed << " ok, "
        << failed << " failed, in " << header.seconds << " s on " << header.ranks << " rank"
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
    out << "  plots and manifest: " << (setup.config.output.dir / "manifest.json").string() << '\n';
    std::cout << out.str() << std::flush;
    return failed == 0 ? static_cast<int>(ExitCode::ok) : static_cast<int>(ExitCode::some_failed);
}

}  // namespace

int run_app(int argc, char** argv) {
    Comm comm(argc, argv);
    const bool root = comm.rank() == 0;

    CLI::App cli{"plotcluster: render plots from HDF5 files on many MPI ranks", "plotcluster"};
    Options options;
    cli.add_option("CONFIG", options.config, "YAML configuration file")->required();
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

    Plan plan;  // complete on rank 0 only; the tasks travel in the setup
    JobSetup setup;
    if (root) setup = prepare(options, plan);
    comm.share_setup(setup);
    if (!setup.error.empty()) {
        if (root) std::cerr << "plotcluster: " << setup.error << '\n';
        return static_cast<int>(ExitCode::usage);
    }

    auto records = comm.gather_records(render_share(comm, setup));
    int code = 0;
    if (root) {
        try {
            header.config_sha256 = file_sha256(setup.config.source);
            header.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            code = summarize(setup, plan, records, header);
        } catch (const std::exception& e) {
            std::cerr << "plotcluster: cannot write the manifest: " << e.what() << '\n';
            code = static_cast<int>(ExitCode::some_failed);
        }
    }
    return comm.share_exit_code(code);
}

}  // namespace plotcluster

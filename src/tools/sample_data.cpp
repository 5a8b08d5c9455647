// plotcluster-sample-data: writes small HDF5 files shaped like the output of a 2-D fluid
// simulation (one file per output step), so plotcluster can be tried without real data.
#include <hdf5.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <numbers>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "edge_cases.hpp"
#include "h5_out.hpp"
#include "long_line.hpp"

namespace fs = std::filesystem;

using namespace plotcluster::sample;

namespace {

constexpr double kOutputInterval = 10.0;  // simulated seconds between two files
constexpr int kStepsPerOutput = 100;      // solver steps between two files
constexpr double kTwoPi = 2.0 * std::numbers::pi;

struct Options {
    fs::path outdir;
    fs::path edge_cases;  // when set, also (or only) this file of awkward datasets
    fs::path long_line;   // when set, also (or only) this file with one very long series
    fs::path zone_plate;  // when set, also (or only) this file with a zone plate
    int zone_size = 4096;
    std::uint64_t long_points = 100'000'000;
    fs::path long_samples;  // when set, also this file with very many float32 samples
    int files = 4;
    int points = 2000;
    std::pair<int, int> grid{160, 120};  // NX, NY
};

// Standard normal noise via mt19937, whose sequence the C++ standard fixes, rather than
// std::normal_distribution, whose output differs between standard libraries.
double gaussian(std::mt19937& rng) {
    const double u1 = (rng() + 0.5) / 4294967296.0, u2 = (rng() + 0.5) / 4294967296.0;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
}

// Probe time series over the interval [t, t + kOutputInterval) covered by this output.
// Scales differ on purpose: ~1e2 J, ~3e2 K, ~1e5 Pa.
void write_timeseries(hid_t file, double t, int points, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<double> energy(points), temperature(points), pressure(points);
    for (int i = 0; i < points; ++i) {
        const double s = t + kOutputInterval * i / points;
        // Damped oscillation around a slow drift (numerical heating).
        energy[i] = 500.0 + 0.6 * s + 80.0 * std::exp(-s / 25.0) * std::cos(kTwoPi * s / 3.7);
        // Relaxation towards equilibrium, with sensor-like noise.
        temperature[i] = 300.0 + 50.0 * std::exp(-s / 12.0) + 0.8 * gaussian(rng);
        // Near-atmospheric: small variations on a large offset.
        pressure[i] = 101325.0 + 2500.0 * std::sin(kTwoPi * s / 17.0) +
                      400.0 * std::exp(-s / 30.0) * std::sin(kTwoPi * s / 2.3);
    }
    make_group(file, "/timeseries");
    const std::vector<hsize_t> dims{static_cast<hsize_t>(points)};
    const auto f64 = [&](const char* path, const std::vector<double>& v, const char* units,
                         const char* name) {
        write_dataset(file, path, dims, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, v.data(), units, name);
    };
    f64("/timeseries/energy", energy, "J", "Total energy");
    f64("/timeseries/temperature", temperature, "K", "Mean temperature");
    f64("/timeseries/pressure", pressure, "Pa", "Probe pressure");
}

// Shortest signed distance along a periodic axis of the given length.
double wrap(double d, double length) { return d - length * std::round(d / length); }

// Fields at time t on an NY x NX grid (row-major, y down the rows) over a periodic
// domain of height 1 and width NX/NY, so features keep their shape on any grid.
void write_fields(hid_t file, double t, int nx, int ny) {
    const double lx = static_cast<double>(nx) / ny;
    std::vector<double> density(static_cast<std::size_t>(nx) * ny);
    std::vector<float> temperature(density.size());
    std::vector<double> vorticity(density.size());
    const auto blob = [&](double x, double y, double cx, double cy, double width) {
        const double dx = wrap(x - cx, lx), dy = wrap(y - cy, 1.0);
        return std::exp(-(dx * dx + dy * dy) / width);
    };
    // Blobs drift with the flow, the hot spot circles the centre, the vortex dipole
    // travels in +x: every file shows the same features moved on.
    const double drift = 0.02 * t, angle = 0.15 * t;
    const double hot_x = lx / 2 + 0.25 * std::cos(angle), hot_y = 0.5 + 0.25 * std::sin(angle);
    // Lamb-Oseen cores (radius 0.08, unit circulation), the positive one above the
    // negative one: such a pair propels itself in +x, the way it moves here.
    const double dipole_x = 0.2 + 0.015 * t;
    const double core = 0.08 * 0.08, peak = 1.0 / (std::numbers::pi * core);
    for (int j = 0; j < ny; ++j) {
        const double y = (j + 0.5) / ny;
        for (int i = 0; i < nx; ++i) {
            const double x = (i + 0.5) / ny;
            const std::size_t at = static_cast<std::size_t>(j) * nx + i;
            density[at] = 1.0 + 1.2 * blob(x, y, 0.3 + drift, 0.35, 0.010) +
                          0.8 * blob(x, y, 0.9 + drift, 0.7 - 0.5 * drift, 0.006) +
                          0.08 * std::sin(kTwoPi * (2.0 * x / lx + y) - 0.4 * t);
            temperature[at] =
                static_cast<float>(290.0 + 15.0 * y + 25.0 * blob(x, y, hot_x, hot_y, 0.02));
            vorticity[at] =
                peak * (blob(x, y, dipole_x, 0.62, core) - blob(x, y, dipole_x, 0.38, core)) +
                2.0 * std::sin(kTwoPi * y) * std::cos(kTwoPi * x / lx - 0.1 * t);
        }
    }
    make_group(file, "/fields");
    const std::vector<hsize_t> dims{static_cast<hsize_t>(ny), static_cast<hsize_t>(nx)};
    write_dataset(file, "/fields/density", dims, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, density.data(),
                  "kg m-3", "Mass density");
    write_dataset(file, "/fields/temperature", dims, H5T_NATIVE_FLOAT, H5T_IEEE_F32LE,
                  temperature.data(), "K", "Temperature");
    write_dataset(file, "/fields/vorticity", dims, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE,
                  vorticity.data(), "s-1", "Vorticity (z component)");
}

// A zone plate: 0.5 + 0.5 cos(pi r^2 / n), r in cells from the centre, so the rings reach
// the data's own Nyquist frequency at the edge. Drawn smaller than n pixels, all but the
// central rings are finer than a pixel: a point-sampled picture shows false rings there.
void write_zone_plate(const fs::path& path, int n) {
    std::vector<double> z(static_cast<std::size_t>(n) * static_cast<std::size_t>(n));
    const double c = (n - 1) / 2.0;
    for (int j = 0; j < n; ++j) {
        for (int i = 0; i < n; ++i) {
            const double r2 = (i - c) * (i - c) + (j - c) * (j - c);
            z[static_cast<std::size_t>(j) * static_cast<std::size_t>(n) + static_cast<std::size_t>(i)] =
                0.5 + 0.5 * std::cos(std::numbers::pi * r2 / n);
        }
    }
    Id file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
            "create '" + path.string() + "'");
    make_group(file, "/fields");
    const std::vector<hsize_t> dims{static_cast<hsize_t>(n), static_cast<hsize_t>(n)};
    write_dataset(file, "/fields/zone_plate", dims, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, z.data(), "1",
                  "Zone plate");
    check(file.close(), "close '" + path.string() + "'");
}

// Writes output step k under a temporary name and renames it, so a reader never sees a
// half-written file.
fs::path write_step(const Options& opt, int k) {
    char name[32];
    std::snprintf(name, sizeof name, "run_%04d.h5", k);
    fs::path target = opt.outdir / name;
    const fs::path temp =
        opt.outdir / ("." + std::string(name) + ".tmp-" + std::to_string(::getpid()));
    try {
        {
            Id file(H5Fcreate(temp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                    "create temporary file '" + temp.string() + "'");
            const double t = k * kOutputInterval;
            const int step = k * kStepsPerOutput;
            write_attr(file, "time", H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, &t);
            write_attr(file, "step", H5T_NATIVE_INT, H5T_STD_I32LE, &step);
            write_timeseries(file, t, opt.points, 20261122u + static_cast<std::uint32_t>(k));
            write_fields(file, t, opt.grid.first, opt.grid.second);
            check(file.close(), "close '" + temp.string() + "'");
        }
        std::error_code ec;
        fs::rename(temp, target, ec);
        if (ec) fail("cannot rename the temporary file: " + ec.message());
    } catch (const std::exception& e) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw std::runtime_error(target.string() + ": " + e.what());
    }
    return target;
}

constexpr const char* tool = "plotcluster-sample-data";

int run(int argc, char** argv) {
    Options opt;
    CLI::App app{
        "Writes simulation-like HDF5 files OUTDIR/run_0000.h5, ... for trying plotcluster.", tool};
    app.add_option("OUTDIR", opt.outdir, "Folder to write into (created if missing)");
    app.add_option("--edge-cases", opt.edge_cases,
                   "Also write FILE.h5 with datasets plotcluster must refuse or handle with care "
                   "(odd types, NaN, empty, N-D, groups)")
        ->type_name("FILE.h5");
    app.add_option("--long-line", opt.long_line,
                   "Also write FILE.h5 with /long/signal, one float64 series of --long-points "
                   "values (800 MB at the default), for trying streamed line plots")
        ->type_name("FILE.h5");
    app.add_option("--long-samples", opt.long_samples,
                   "Also write FILE.h5 with /long/samples, --long-points float32 values of a "
                   "bell-shaped distribution, for trying streamed histograms")
        ->type_name("FILE.h5");
    app.add_option("--long-points", opt.long_points, "Length of the --long-line and --long-samples series")
        ->capture_default_str()
        ->check(CLI::Range(std::uint64_t{2}, std::uint64_t{1} << 40));
    app.add_option("--zone-plate", opt.zone_plate,
                   "Also write FILE.h5 with /fields/zone_plate, a --zone-size square zone plate "
                   "(cos(pi r^2 / n)), for trying how fields finer than a pixel are drawn")
        ->type_name("FILE.h5");
    app.add_option("--zone-size", opt.zone_size, "Side of the --zone-plate field")
        ->capture_default_str()
        ->check(CLI::Range(2, 20'000));
    app.add_option("--files", opt.files, "Number of output steps (files)")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    app.add_option("--points", opt.points, "Length of each time series")
        ->capture_default_str()
        ->check(CLI::Range(2, 10'000'000));
    app.add_option("--grid", opt.grid, "Field size: columns, rows")
        ->delimiter(',')
        ->type_name("NX,NY")
        ->default_str("160,120")
        ->check(CLI::Range(2, 10'000));
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << tool << ": " << e.what() << " (see --help)\n";
        return 2;
    }
    if (opt.outdir.empty() && opt.edge_cases.empty() && opt.long_line.empty() && opt.long_samples.empty() &&
        opt.zone_plate.empty()) {
        std::cerr << tool << ": give OUTDIR, --edge-cases FILE.h5, --long-line FILE.h5, --long-samples FILE.h5, "
                             "--zone-plate FILE.h5 or several (see --help)\n";
        return 2;
    }
    // Failures are reported once, in our words; HDF5's stack dump would only repeat them.
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    try {
        if (!opt.edge_cases.empty()) {
            write_edge_cases(opt.edge_cases);
            std::cout << "wrote " << opt.edge_cases.string() << '\n';
        }
        if (!opt.long_line.empty()) {
            write_long_line(opt.long_line, opt.long_points);
            std::cout << "wrote " << opt.long_line.string() << '\n';
        }
        if (!opt.long_samples.empty()) {
            write_long_samples(opt.long_samples, opt.long_points);
            std::cout << "wrote " << opt.long_samples.string() << '\n';
        }
        if (!opt.zone_plate.empty()) {
            write_zone_plate(opt.zone_plate, opt.zone_size);
            std::cout << "wrote " << opt.zone_plate.string() << '\n';
        }
        if (opt.outdir.empty()) return 0;
        std::error_code ec;
        fs::create_directories(opt.outdir, ec);
        if (ec) fail("cannot create folder '" + opt.outdir.string() + "': " + ec.message());
        for (int k = 0; k < opt.files; ++k) {
            const fs::path written = write_step(opt, k);
            std::cout << "wrote " << written.string() << '\n';
        }
    } catch (const std::exception& e) {
        std::cerr << tool << ": " << e.what() << '\n';
        return 2;
    }
    return 0;
}

}  // namespace

// What escapes run() (CLI11 rejecting an option definition, std::bad_alloc) is reported
// like any other failure rather than ending in std::terminate.
int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << tool << ": " << e.what() << '\n';
        return 2;
    }
}

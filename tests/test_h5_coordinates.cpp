// Coordinates found and read from real-convention files (hdf5/h5_coordinates.cpp through
// Reader::read_coordinates, and the catalog's dimension names). The files are written at
// test time by tests/fixtures/coordinates.py with h5py and netCDF4-python, as the users of
// each convention write them, into PLOTCLUSTER_COORDINATE_FIXTURES.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <cstdlib>
#include <string>
#include <vector>

#include "plotcluster/error.hpp"
#include "plotcluster/figure/chart.hpp"
#include "plotcluster/figure/figure.hpp"
#include "plotcluster/hdf5/hdf5_catalog.hpp"
#include "plotcluster/hdf5/reader.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/read/source.hpp"
#include "plotcluster/render/drawn_axes.hpp"
#include "support/h5_writer.hpp"
#include "support/recording_canvas.hpp"
#include "support/rules.hpp"

namespace plotcluster {
namespace {

using Form = AxisCoordinate::Form;

std::string fixture(const std::string& name) {
    const char* dir = std::getenv("PLOTCLUSTER_COORDINATE_FIXTURES");
    return dir == nullptr ? std::string{} : std::string(dir) + "/" + name;
}

class Coordinates_ : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_NE(std::getenv("PLOTCLUSTER_COORDINATE_FIXTURES"), nullptr)
            << "PLOTCLUSTER_COORDINATE_FIXTURES is not set";
    }
    Coordinates read(const std::string& file, const std::string& dataset,
                     const std::vector<std::size_t>& axes,
                     const std::vector<std::int64_t>& fixed = {}) {
        return reader.read_coordinates(fixture(file), dataset, fixed, axes);
    }
    // The message read_coordinates throws, "" when it does not.
    std::string failure(const std::string& file, const std::string& dataset,
                        const std::vector<std::size_t>& axes) {
        try {
            static_cast<void>(read(file, dataset, axes));
        } catch (const DatasetError& e) {
            return e.what();
        }
        return {};
    }
    const DatasetInfo& cataloged(const std::string& file, const std::string& dataset) {
        catalogs.push_back(build_catalog({fixture(file)}));
        for (const DatasetInfo& d : catalogs.back().datasets) {
            if (d.dataset == dataset) return d;
        }
        throw std::runtime_error("not cataloged: " + dataset);
    }
    Reader reader{0};
    std::vector<Catalog> catalogs;
};

// --- HDF5 dimension scales (h5py dims) ------------------------------------------------

TEST_F(Coordinates_, DimensionScalesGiveNameLabelUnitsAndValues) {
    const Coordinates c = read("scales.h5", "/field", {0, 1});
    ASSERT_EQ(c.axes.size(), 2u);
    const AxisCoordinate& y = c.axes[0];
    EXPECT_EQ(y.name, "y");
    EXPECT_EQ(y.label, "height");
    EXPECT_EQ(y.units, "m");
    EXPECT_EQ(y.source, CoordinateSource::dimension_scale);
    EXPECT_EQ(y.path, "/y");
    EXPECT_EQ(y.form, Form::uniform);
    EXPECT_EQ(y.cells, 3u);
    EXPECT_DOUBLE_EQ(y.start, 0);
    EXPECT_DOUBLE_EQ(y.step, 10);
    // A float32 linspace of 4096 values counts as uniform.
    const AxisCoordinate& x = c.axes[1];
    EXPECT_EQ(x.name, "x");
    EXPECT_EQ(x.units, "m s^-1");
    EXPECT_EQ(x.form, Form::uniform);
    EXPECT_DOUBLE_EQ(x.start, -1);
    EXPECT_NEAR(x.step, 2.0 / 4095, 1e-9);
    EXPECT_EQ(c.value_units, "");
    EXPECT_EQ(c.value_unit_si, 1);
}

TEST_F(Coordinates_, OnlyTheAxesAskedForInTheOrderAsked) {
    const Coordinates c = read("scales.h5", "/field", {1});
    ASSERT_EQ(c.axes.size(), 1u);
    EXPECT_EQ(c.axes[0].name, "x");
    EXPECT_TRUE(read("scales.h5", "/field", {}).axes.empty());
}

TEST_F(Coordinates_, DedalusLabelsNameTheAxesAndTheFirstScalePlacesThem) {
    const Coordinates c = read("scales.h5", "/tasks/u", {0, 1});
    EXPECT_EQ(c.axes[0].name, "t");
    EXPECT_EQ(c.axes[0].path, "/scales/sim_time");
    EXPECT_EQ(c.axes[0].form, Form::uniform);
    EXPECT_DOUBLE_EQ(c.axes[0].step, 0.5);
    EXPECT_EQ(c.axes[1].name, "x");
    EXPECT_EQ(c.axes[1].path, "/scales/x_hash_1f2e");
    EXPECT_EQ(c.axes[1].form, Form::points);
    EXPECT_EQ(c.axes[1].values, (std::vector<double>{0.0, 0.1, 0.3, 0.6, 1.0}));
}

TEST_F(Coordinates_, ScaleOfOneMoreValueGivesEdges) {
    const Coordinates c = read("scales.h5", "/hist", {0});
    EXPECT_EQ(c.axes[0].name, "energy");
    EXPECT_EQ(c.axes[0].form, Form::edges);
    EXPECT_EQ(c.axes[0].values, (std::vector<double>{0, 1, 2, 4, 8, 16}));
}

TEST_F(Coordinates_, ALabelAndADatasetOfThatNameAreACoordinateVariable) {
    const Coordinates c = read("scales.h5", "/labelled", {0});
    EXPECT_EQ(c.axes[0].name, "depth");
    EXPECT_EQ(c.axes[0].source, CoordinateSource::netcdf_variable);
    EXPECT_EQ(c.axes[0].path, "/depth");
    EXPECT_EQ(c.axes[0].form, Form::points);
}

TEST_F(Coordinates_, BrokenScalesSayWhatWhereAndWhy) {
    EXPECT_EQ(failure("scales.h5", "/wrong_length", {0}),
              "hdf5: cannot read the coordinates of dataset '/wrong_length' in '" +
                  fixture("scales.h5") +
                  "' (rank 0): axis 0 ('wrong_length') from HDF5 dimension scale "
                  "'/wrong_length_scale': 7 values fit neither its 4 cells nor their 5 edges");
    EXPECT_NE(failure("scales.h5", "/not_monotonic", {0})
                  .find("'/not_monotonic_scale': not monotonic: value 3 (2) follows value 2 (3)"),
              std::string::npos);
    EXPECT_NE(failure("scales.h5", "/has_nan", {0}).find("'/has_nan_scale': value 2 is NaN"),
              std::string::npos);
    const std::string gone = failure("scales.h5", "/orphan", {0});
    EXPECT_NE(gone.find("dataset '/orphan'"), std::string::npos) << gone;
    EXPECT_NE(gone.find("axis 0: the dimension scale attached to it cannot be opened (was it "
                        "deleted?)"),
              std::string::npos)
        << gone;
    EXPECT_NE(failure("scales.h5", "/field", {2}).find("axis 2 asked for; it has 2 axes"),
              std::string::npos);
}

TEST_F(Coordinates_, ABrokenAxisFailsOnlyWhenAskedFor) {
    // The other axes of the file's datasets, and the catalog, are unaffected.
    EXPECT_EQ(failure("scales.h5", "/field", {0, 1}), "");
    EXPECT_TRUE(cataloged("scales.h5", "/orphan").problem.empty());
}

TEST_F(Coordinates_, TheCatalogNamesEachAxis) {
    EXPECT_EQ(cataloged("scales.h5", "/field").dims, (std::vector<std::string>{"y", "x"}));
    EXPECT_EQ(cataloged("scales.h5", "/tasks/u").dims, (std::vector<std::string>{"t", "x"}));
    EXPECT_EQ(cataloged("scales.h5", "/labelled").dims, (std::vector<std::string>{"depth"}));
    // A scale names its own one axis; a dataset with no names has none.
    EXPECT_EQ(cataloged("scales.h5", "/y").dims, (std::vector<std::string>{"y"}));
    EXPECT_TRUE(cataloged("scales.h5", "/depth").dims.empty());
}

// --- netCDF-4 (netCDF4-python) ---------------------------------------------------------

TEST_F(Coordinates_, NetcdfCoordinateVariablesIncludingPackedAndDescending) {
    const Coordinates c = read("cf.nc", "/t2m", {0, 1, 2});
    ASSERT_EQ(c.axes.size(), 3u);
    EXPECT_EQ(c.axes[0].name, "time");
    EXPECT_EQ(c.axes[0].units, "days since 2000-01-01");
    EXPECT_EQ(c.axes[0].form, Form::uniform);
    const AxisCoordinate& lat = c.axes[1];
    EXPECT_EQ(lat.name, "lat");
    EXPECT_EQ(lat.label, "latitude");
    EXPECT_EQ(lat.units, "degrees_north");
    EXPECT_EQ(lat.source, CoordinateSource::dimension_scale);
    EXPECT_EQ(lat.form, Form::uniform);
    EXPECT_DOUBLE_EQ(lat.start, 60);
    EXPECT_DOUBLE_EQ(lat.step, -30);
    // Stored int16 0, 10, 20, 40, 80 with scale_factor 0.5 and add_offset 100.
    const AxisCoordinate& lon = c.axes[2];
    EXPECT_EQ(lon.name, "lon");
    EXPECT_EQ(lon.form, Form::points);
    EXPECT_EQ(lon.values, (std::vector<double>{100, 105, 110, 120, 140}));
}

TEST_F(Coordinates_, NetcdfDimensionsWithoutVariablesAreNamedIndices) {
    // sst's y and x are dimensions only; its 2-D lat2d/lon2d come from `coordinates`.
    EXPECT_EQ(cataloged("cf.nc", "/sst").dims, (std::vector<std::string>{"y", "x"}));
    EXPECT_EQ(cataloged("cf.nc", "/t2m").dims,
              (std::vector<std::string>{"time", "lat", "lon"}));
}

TEST_F(Coordinates_, CfCoordinatesAttributeGivesCurvilinearLatLon) {
    const Coordinates c = read("cf.nc", "/sst", {0, 1});
    const AxisCoordinate& y = c.axes[0];
    const AxisCoordinate& x = c.axes[1];
    EXPECT_EQ(y.name, "y");
    EXPECT_EQ(y.source, CoordinateSource::cf_auxiliary);
    EXPECT_EQ(y.path, "/lat2d");
    EXPECT_EQ(y.units, "degrees_north");
    EXPECT_EQ(y.form, Form::curvilinear);
    EXPECT_EQ(y.spans, (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(y.grid, (std::vector<std::uint64_t>{3, 6}));
    ASSERT_EQ(y.values.size(), 18u);
    EXPECT_DOUBLE_EQ(y.values[1 * 6 + 2], 40.0 + 2.0 + 0.2);
    EXPECT_EQ(x.path, "/lon2d");
    EXPECT_EQ(x.form, Form::curvilinear);
    EXPECT_DOUBLE_EQ(x.values[2 * 6 + 5], -10.0 + 15.0 + 1.0);
}

TEST_F(Coordinates_, ACurvilinearCoordinateAlongAFixedRowIsOneDimensional) {
    // Row 1 fixed: x runs along lon2d[1, :], a 1-D coordinate of the line left.
    const Coordinates c = read("cf.nc", "/sst", {1, 0}, {1, -1});
    EXPECT_EQ(c.axes[0].form, Form::uniform);
    EXPECT_DOUBLE_EQ(c.axes[0].start, -9.5);
    EXPECT_DOUBLE_EQ(c.axes[0].step, 3);
    // The fixed axis itself: named, no single position.
    EXPECT_EQ(c.axes[1].name, "y");
    EXPECT_EQ(c.axes[1].form, Form::index);
}

// --- NeXus -----------------------------------------------------------------------------

TEST_F(Coordinates_, NexusAxesWithDotAndIndices) {
    const Coordinates c = read("nexus.h5", "/entry/data/counts", {0, 1});
    EXPECT_EQ(c.axes[0].form, Form::index);  // "."
    EXPECT_EQ(c.axes[0].name, "");
    const AxisCoordinate& tof = c.axes[1];
    EXPECT_EQ(tof.name, "tof");
    EXPECT_EQ(tof.label, "time of flight");
    EXPECT_EQ(tof.units, "us");
    EXPECT_EQ(tof.source, CoordinateSource::nexus);
    EXPECT_EQ(tof.path, "/entry/data/tof");
    EXPECT_EQ(tof.form, Form::edges);
    EXPECT_EQ(tof.values.size(), 6u);
    EXPECT_EQ(cataloged("nexus.h5", "/entry/data/counts").dims,
              (std::vector<std::string>{"", "tof"}));
}

TEST_F(Coordinates_, NexusBefore2014SignalAndColonAxes) {
    const Coordinates c = read("nexus.h5", "/entry/old/I", {0, 1});
    EXPECT_EQ(c.axes[0].name, "q");
    EXPECT_EQ(c.axes[0].units, "1/angstrom");
    EXPECT_EQ(c.axes[0].form, Form::points);
    EXPECT_EQ(c.axes[1].name, "phi");
    EXPECT_EQ(c.axes[1].form, Form::uniform);
    EXPECT_DOUBLE_EQ(c.axes[1].step, 120);
}

TEST_F(Coordinates_, NexusAxisThatIsNotThereFailsTheAxis) {
    EXPECT_NE(failure("nexus.h5", "/entry/broken/y", {0})
                  .find("axis 0 ('missing'): NeXus @axes of '/entry/broken' names 'missing', "
                        "which is no dataset in that group"),
              std::string::npos);
    // An axis dataset is no signal: it has no coordinates of its own.
    EXPECT_EQ(read("nexus.h5", "/entry/data/tof", {0}).axes[0].form, Form::index);
}

// --- openPMD ---------------------------------------------------------------------------

TEST_F(Coordinates_, OpenPmdMeshGroupInFortranOrderWithStaggering) {
    // E/x is 3×4 in HDF5's order, (y, x); the attributes list x first (dataOrder F).
    const Coordinates c = read("openpmd.h5", "/data/100/meshes/E/x", {0, 1});
    const AxisCoordinate& y = c.axes[0];
    const AxisCoordinate& x = c.axes[1];
    EXPECT_EQ(y.name, "y");
    EXPECT_EQ(y.label, "y");
    EXPECT_EQ(y.units, "m");
    EXPECT_EQ(y.source, CoordinateSource::openpmd);
    EXPECT_EQ(y.path, "/data/100/meshes/E");
    EXPECT_EQ(y.form, Form::uniform);
    EXPECT_EQ(y.cells, 3u);
    EXPECT_DOUBLE_EQ(y.start, 2.0e-6);  // (offset 2 + position 0 * 0.25) * 1e-6
    EXPECT_DOUBLE_EQ(y.step, 0.25e-6);
    EXPECT_EQ(x.name, "x");
    EXPECT_EQ(x.cells, 4u);
    EXPECT_DOUBLE_EQ(x.start, 1.25e-6);  // (1 + 0.5 * 0.5) * 1e-6
    EXPECT_DOUBLE_EQ(x.step, 0.5e-6);
    EXPECT_EQ(c.value_units, "V m^-1");
    EXPECT_EQ(c.value_unit_si, 1e9);
    // E/y is staggered the other way.
    const Coordinates cy = read("openpmd.h5", "/data/100/meshes/E/y", {0, 1});
    EXPECT_DOUBLE_EQ(cy.axes[0].start, (2.0 + 0.5 * 0.25) * 1e-6);
    EXPECT_DOUBLE_EQ(cy.axes[1].start, 1.0e-6);
    EXPECT_EQ(cataloged("openpmd.h5", "/data/100/meshes/E/x").dims,
              (std::vector<std::string>{"y", "x"}));
}

TEST_F(Coordinates_, OpenPmdMeshDatasetInCOrder) {
    const Coordinates c = read("openpmd.h5", "/data/100/meshes/rho", {0, 1});
    EXPECT_EQ(c.axes[0].name, "z");
    EXPECT_DOUBLE_EQ(c.axes[0].start, 0.5);
    EXPECT_DOUBLE_EQ(c.axes[0].step, 1);
    EXPECT_EQ(c.axes[1].name, "x");
    EXPECT_DOUBLE_EQ(c.axes[1].start, -5);  // -6 + 0.5 * 2
    EXPECT_DOUBLE_EQ(c.axes[1].step, 2);
    EXPECT_EQ(c.value_units, "C m^-3");
    EXPECT_EQ(c.value_unit_si, 2);
    EXPECT_EQ(cataloged("openpmd.h5", "/data/100/meshes/rho").dims,
              (std::vector<std::string>{"z", "x"}));
}

TEST_F(Coordinates_, OpenPmdAttributesThatDoNotFitTheDataFail) {
    EXPECT_NE(failure("openpmd.h5", "/data/100/meshes/B/x", {0})
                  .find("openPMD mesh '/data/100/meshes/B': gridSpacing has 3 values for the 2 "
                        "axes of 'x'"),
              std::string::npos);
}

// --- HDF5 ids ------------------------------------------------------------------------

TEST(CoordinateIds, NoHdf5IdStaysOpenAfterReadsAndFailures) {
    ASSERT_NE(std::getenv("PLOTCLUSTER_COORDINATE_FIXTURES"), nullptr);
    {
        Reader reader{0};
        const std::vector<std::pair<std::string, std::string>> reads{
            {"scales.h5", "/field"},       {"scales.h5", "/tasks/u"},
            {"scales.h5", "/orphan"},      {"scales.h5", "/wrong_length"},
            {"cf.nc", "/t2m"},             {"cf.nc", "/sst"},
            {"nexus.h5", "/entry/data/counts"}, {"nexus.h5", "/entry/broken/y"},
            {"openpmd.h5", "/data/100/meshes/E/x"}, {"openpmd.h5", "/data/100/meshes/B/x"}};
        for (const auto& [file, dataset] : reads) {
            try {
                const Coordinates c = reader.read_coordinates(fixture(file), dataset, {}, {0});
                EXPECT_EQ(c.axes.size(), 1u);
            } catch (const DatasetError&) {
                // the broken ones: what matters here is that they close what they opened
            }
        }
        // The reader keeps its last file open: the count sees it.
        EXPECT_GT(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0);
        for (const char* file : {"scales.h5", "cf.nc", "nexus.h5", "openpmd.h5"})
            EXPECT_FALSE(build_catalog({fixture(file)}).datasets.empty());
    }
    EXPECT_EQ(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0);
}


// --- Drawn in physical coordinates: file -> plan -> read_plot -> figure -> canvas --------

// One plot as the program makes it: the catalog of `file`, the plan for `rule` (whose match
// picks the dataset), the read, the figure and its drawing on a recording canvas.
struct Drawn {
    PlotTask task;
    Figure figure;
    test::RecordingCanvas canvas{800, 600};
    const Panel& panel() const { return figure.panels.at(0); }
    Rect axes() const { return canvas.clips.at(0); }
};

Drawn draw(const std::string& file, const PlotRule& rule) {
    Config config;
    config.base_dir = "/cfg";
    config.output.dir = "/out";
    config.figure.width = 800;
    config.figure.height = 600;
    config.plots = {rule};
    const Plan plan = make_plan(config, build_catalog({file}));
    if (plan.tasks.size() != 1) throw std::runtime_error("expected one task for " + rule.match);
    Drawn d;
    d.task = plan.tasks.front();
    if (!d.task.job.error.empty()) throw DatasetError(d.task.job.error);
    Reader reader(0);
    d.figure = build_figure(d.task, config.plots.front(), read_plot(reader, d.task, config.plots.front()),
                            config.figure);
    draw_figure(d.figure, d.canvas);
    return d;
}

// Why drawing fails, "" when it does not.
std::string draw_failure(const std::string& file, const PlotRule& rule) {
    try {
        static_cast<void>(draw(file, rule));
    } catch (const DatasetError& e) {
        return e.what();
    }
    return {};
}

// Where the first image's colour changes along its first row (x) or column (y).
std::vector<double> changes(const std::pair<RgbImage, Rect>& image, bool along_x) {
    const RgbImage& img = image.first;  // not a structured binding: lambdas capture it
    const Rect& box = image.second;
    std::vector<double> at;
    const int n = along_x ? img.width : img.height;
    const auto offset = [&](int k) {
        return along_x ? static_cast<std::size_t>(k) * 3
                       : static_cast<std::size_t>(k) * static_cast<std::size_t>(img.width) * 3;
    };
    for (int k = 1; k < n; ++k)
        if (img.rgb[offset(k - 1)] != img.rgb[offset(k)] || img.rgb[offset(k - 1) + 1] != img.rgb[offset(k) + 1])
            at.push_back((along_x ? box.x : box.y) + k);
    return at;
}

// netCDF-4 (HDF5 dimension scales): latitude descending, longitude uneven. Cells of their
// own widths, latitude ascending up the axis, labelled from long_name / name and units.
TEST_F(Coordinates_, NetcdfFieldDrawsAsCellsWhereItsCoordinatesSay) {
    const Drawn d = draw(fixture("drawn.nc"), test::rule_of("heatmap", "", "/temp"));
    const Panel& p = d.panel();
    EXPECT_EQ(p.x.label, "lon [degrees_east]");
    EXPECT_EQ(p.y.label, "latitude [degrees_north]");
    EXPECT_DOUBLE_EQ(p.x.lo, -5);  // centres 0, 10, 30, 70: edges -5, 5, 20, 50, 90
    EXPECT_DOUBLE_EQ(p.x.hi, 90);
    EXPECT_DOUBLE_EQ(p.y.lo, -45);
    EXPECT_DOUBLE_EQ(p.y.hi, 45);
    EXPECT_FALSE(p.y.inverted);
    EXPECT_EQ(p.colorbar->label, "temp [K]");
    // The manifest's axes say the same.
    const std::vector<DrawnPanel> axes = drawn_axes(d.figure);
    ASSERT_EQ(axes.size(), 1u);
    EXPECT_EQ(axes[0].x.label, "lon [degrees_east]");
    EXPECT_DOUBLE_EQ(axes[0].x.lo, -5);
    EXPECT_DOUBLE_EQ(axes[0].y.hi, 45);

    // Drawn: one image of the cells; colour changes at the edges, within half a pixel.
    ASSERT_GE(d.canvas.images.size(), 1u);
    const Rect box = d.axes();
    const auto px = [&](double x) { return box.x + box.w * (x + 5) / 95; };
    const auto py = [&](double y) { return box.bottom() - box.h * (y + 45) / 90; };
    const std::vector<double> xs = changes(d.canvas.images[0], true);
    ASSERT_EQ(xs.size(), 3u);
    EXPECT_NEAR(xs[0], px(5), 0.5);
    EXPECT_NEAR(xs[1], px(20), 0.5);
    EXPECT_NEAR(xs[2], px(50), 0.5);
    const std::vector<double> ys = changes(d.canvas.images[0], false);
    ASSERT_EQ(ys.size(), 2u);
    EXPECT_NEAR(ys[0], py(15), 0.5);
    EXPECT_NEAR(ys[1], py(-15), 0.5);
    // Latitude 30 (row 0, the smallest values) on top: viridis's dark end top left.
    const RgbImage& img = d.canvas.images[0].first;
    EXPECT_LT(img.rgb[0] + img.rgb[1] + img.rgb[2], 200);
    EXPECT_EQ(d.canvas.texts_equal("lon [degrees").size() + d.canvas.texts_equal("lon [degrees_east]").size(), 1u);
}

// A 1-D variable with an uneven coordinate variable: a line against it, labelled by it.
TEST_F(Coordinates_, NetcdfProfileDrawsAgainstItsCoordinate) {
    const Drawn d = draw(fixture("drawn.nc"), test::rule_of("line", "", "/profile"));
    const auto* line = find_layer<LinesLayer>(d.panel());
    ASSERT_NE(line, nullptr);
    EXPECT_EQ(line->x, (std::vector<double>{0, 5, 10, 50, 100}));
    EXPECT_EQ(d.panel().x.label, "depth below surface [m]");
    EXPECT_DOUBLE_EQ(d.panel().x.lo, -5);  // 5% margins, as a line has
    EXPECT_DOUBLE_EQ(d.panel().x.hi, 105);
}

// A coordinate that goes back and forth fails the row with read_coordinates' message.
TEST_F(Coordinates_, ACoordinateThatIsNotMonotonicFailsTheRow) {
    const std::string why = draw_failure(fixture("drawn.nc"), test::rule_of("heatmap", "", "/jumpy"));
    EXPECT_NE(why.find("axis 0 ('t')"), std::string::npos) << why;
    EXPECT_NE(why.find("not monotonic"), std::string::npos) << why;
    EXPECT_NE(why.find("'/jumpy'"), std::string::npos) << why;
    EXPECT_NE(why.find("from HDF5 dimension scale '/t'"), std::string::npos) << why;
}

// openPMD: gridSpacing x gridUnitSI, gridGlobalOffset, position; the values times unitSI
// in the units unitDimension gives.
TEST_F(Coordinates_, OpenPmdMeshDrawsInSiUnits) {
    const Drawn d = draw(fixture("drawn_openpmd.h5"), test::rule_of("heatmap", "", "/data/0/meshes/Ez"));
    const Panel& p = d.panel();
    const auto* img = find_layer<ImageLayer>(p);
    ASSERT_NE(img, nullptr);
    ASSERT_TRUE(img->extent.has_value());
    // x: (-1 + (i + 0.5) * 0.25) mm for 3 cells: edges -1 mm .. -0.25 mm.
    EXPECT_NEAR(p.x.lo, -1e-3, 1e-15);
    EXPECT_NEAR(p.x.hi, -0.25e-3, 1e-15);
    // z: (1 + (i + 0.5) * 0.5) mm for 2 cells: edges 1 mm .. 2 mm.
    EXPECT_NEAR(p.y.lo, 1e-3, 1e-15);
    EXPECT_NEAR(p.y.hi, 2e-3, 1e-15);
    EXPECT_EQ(p.x.label, "x [m]");
    EXPECT_EQ(p.y.label, "z [m]");
    EXPECT_EQ(p.colorbar->label, "Ez [V m^-1]");
    EXPECT_DOUBLE_EQ(p.colorbar->vmax, 10);  // 5 stored, unitSI 2
    EXPECT_EQ(img->values.back(), 10);
    const std::vector<DrawnPanel> axes = drawn_axes(d.figure);
    ASSERT_TRUE(axes[0].color.has_value());
    EXPECT_EQ(axes[0].color->label, "Ez [V m^-1]");
    EXPECT_NEAR(axes[0].y.hi, 2e-3, 1e-15);
}

// The openPMD fixtures' F-ordered, staggered E/x end to end: rows are y, columns x.
TEST_F(Coordinates_, OpenPmdFortranOrderEndToEnd) {
    const Drawn d = draw(fixture("openpmd.h5"), test::rule_of("heatmap", "", "/data/100/meshes/E/x"));
    EXPECT_EQ(d.panel().x.label, "x [m]");
    EXPECT_EQ(d.panel().y.label, "y [m]");
    EXPECT_NEAR(d.panel().x.lo, 1.0e-6, 1e-18);  // centres from 1.25 um, step 0.5 um
    EXPECT_NEAR(d.panel().x.hi, 3.0e-6, 1e-18);
    EXPECT_NEAR(d.panel().y.lo, (2.0 - 0.125) * 1e-6, 1e-18);
    EXPECT_NEAR(d.panel().y.hi, (2.0 + 0.625) * 1e-6, 1e-18);
}

// NeXus: bin edges along the signal's axis draw a step line; a 2-D signal with "." keeps
// the index rows and draws its time-of-flight columns as cells of their widths.
TEST_F(Coordinates_, NexusEdgesDrawStepsAndCells) {
    const Drawn d = draw(fixture("drawn_nexus.h5"), test::rule_of("line", "", "/entry/spectrum/counts"));
    const auto* line = find_layer<LinesLayer>(d.panel());
    ASSERT_NE(line, nullptr);
    EXPECT_EQ(line->x, (std::vector<double>{1, 2, 2, 4, 4, 8, 8, 16}));
    EXPECT_EQ(line->y, (std::vector<double>{3, 3, 7, 7, 5, 5, 1, 1}));
    EXPECT_EQ(d.panel().x.label, "energy [keV]");

    const Drawn tof = draw(fixture("nexus.h5"), test::rule_of("heatmap", "", "/entry/data/counts"));
    const auto* mesh = find_layer<MeshLayer>(tof.panel());
    ASSERT_NE(mesh, nullptr);
    EXPECT_EQ(mesh->x_edges, (std::vector<double>{0, 1, 2, 3, 5, 9}));
    EXPECT_EQ(tof.panel().x.label, "time of flight [us]");
    EXPECT_EQ(tof.panel().y.label, "axis 0");
    EXPECT_DOUBLE_EQ(tof.panel().y.lo, -0.5);
    EXPECT_DOUBLE_EQ(tof.panel().y.hi, 2.5);
}

// A curvilinear grid (CF `coordinates` naming 2-D lat/lon) draws as quads.
TEST_F(Coordinates_, CurvilinearFieldDrawsAsQuads) {
    const Drawn d = draw(fixture("cf.nc"), test::rule_of("heatmap", "", "/sst"));
    const auto* mesh = find_layer<MeshLayer>(d.panel());
    ASSERT_NE(mesh, nullptr);
    ASSERT_TRUE(mesh->quads());
    EXPECT_EQ(mesh->x_corners.size(), 4u * 7u);
    // lon2d = -10 + 3 j + 0.5 i: corners at half-integers, -10 - 1.5 - 0.25 to -10 + 16.5 + 1.25.
    EXPECT_NEAR(d.panel().x.lo, -11.75, 1e-12);
    EXPECT_NEAR(d.panel().x.hi, 7.75, 1e-12);
    EXPECT_EQ(d.panel().x.label, "x [degrees_east]");
    EXPECT_FALSE(d.canvas.fill_paths.empty());
}

// The rule's x and y, of cells or of edges, win over the file's coordinates; a wrong
// length or a non-monotonic one fails the row naming the dataset, its length and the axis.
TEST_F(Coordinates_, RuleXAndYWinAndAreChecked) {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                      ("plotcluster-coords-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string file = (dir / "xy.h5").string();
    {
        test::H5Writer w(file);
        w.write("/f", {2, 3}, std::vector<double>{0, 1, 2, 3, 4, 5});
        w.write("/xe", {4}, std::vector<double>{0, 1, 3, 6});  // edges of 3 columns
        w.write("/yc", {2}, std::vector<double>{10, 20});      // centres of 2 rows
        w.write("/bad", {3}, std::vector<double>{0, 2, 1});
        w.write("/short", {2}, std::vector<double>{0, 1});
        w.attr("/xe", "units", std::string_view("cm"));
        w.close();
    }
    const Drawn d = draw(file, test::rule_of("heatmap", "x: xe, y: yc", "/f"));
    const auto* mesh = find_layer<MeshLayer>(d.panel());
    ASSERT_NE(mesh, nullptr);
    EXPECT_EQ(mesh->x_edges, (std::vector<double>{0, 1, 3, 6}));
    EXPECT_EQ(mesh->y_edges, (std::vector<double>{5, 15, 25}));
    EXPECT_EQ(d.panel().x.label, "xe [cm]");
    EXPECT_EQ(d.panel().y.label, "yc");
    const Drawn uniform = draw(file, test::rule_of("heatmap", "y: yc", "/f"));
    ASSERT_NE(find_layer<ImageLayer>(uniform.panel()), nullptr);
    EXPECT_DOUBLE_EQ(uniform.panel().y.lo, 5);
    EXPECT_DOUBLE_EQ(uniform.panel().y.hi, 25);
    EXPECT_DOUBLE_EQ(uniform.panel().x.lo, -0.5);

    EXPECT_EQ(draw_failure(file, test::rule_of("heatmap", "x: bad", "/f")),
              "x dataset '/bad' (3 values) cannot place axis 1 of the data (3 cells): not monotonic: "
              "value 2 (1) follows value 1 (2), after ascending values");
    EXPECT_EQ(draw_failure(file, test::rule_of("heatmap", "x: short", "/f")),
              "x dataset '/short' has 2 values but the data has 3 along axis 1: x needs 3 (one per point "
              "or cell) or 4 (cell edges)");
    // A line's x of one value per point may go back and forth; as edges it may not.
    EXPECT_EQ(draw_failure(file, test::rule_of("line", "x: bad", "/bad")), "");
    EXPECT_EQ(draw_failure(file, test::rule_of("line", "x: xe", "/bad")), "");  // steps
    EXPECT_EQ(draw_failure(file, test::rule_of("line", "x: bad", "/yc")),
              "x dataset '/bad' (3 values) cannot place axis 0 of the data (2 cells): not monotonic: "
              "value 2 (1) follows value 1 (2), after ascending values");
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace plotcluster

namespace plotcluster {
namespace {

// `slice: {axis: lat, value: 25}` on a netCDF-4 file: the plan finds 'lat' among the
// dimensions, the reader the cell nearest 25 among the (descending) latitudes, the
// title says which.
TEST_F(Coordinates_, SliceByNameAndValueOnANetcdfFile) {
    Config config;
    config.plots = {test::rule_of("heatmap", "slice: {axis: lat, value: 25}, title: 't2m at {slice}'")};
    Catalog catalog;
    catalog.datasets = {cataloged("cf.nc", "/t2m")};
    const Plan plan = make_plan(config, catalog);
    ASSERT_EQ(plan.tasks.size(), 1u);
    const PlotTask& task = plan.tasks.front();
    ASSERT_EQ(task.job.error, "");
    EXPECT_EQ(task.read.slices, (std::vector<TaskSlice>{{1, "lat", 25.0}}));
    const PlotRule& rule = config.plots.front();
    const SlicePick pick = pick_slices(reader, task.read.file, task.read.dataset, task.read.fixed,
                                       task.read.slices, true);
    EXPECT_EQ(pick.fixed, (std::vector<std::int64_t>{-1, 1, -1}));  // 30 °N; 0 is farther
    EXPECT_EQ(pick.text, "lat = 30 degrees_north");
    PlotData data = read_plot(reader, task, rule);
    EXPECT_EQ(data.series.at(0).values.shape, (std::vector<std::uint64_t>{2, 5}));
    EXPECT_EQ(build_figure(task, rule, std::move(data), config.figure).title, "t2m at lat = 30 degrees_north");

    // Out of the axis: the row fails naming value, axis, dataset, file and extent.
    config.plots = {test::rule_of("heatmap", "slice: {axis: lat, value: 80}")};
    const PlotTask far = make_plan(config, catalog).tasks.at(0);
    try {
        static_cast<void>(read_plot(reader, far, config.plots.front()));
        ADD_FAILURE() << "80 °N was picked";
    } catch (const DatasetError& e) {
        EXPECT_NE(std::string(e.what()).find("slice value 80 on axis 'lat' (axis 1) of '/t2m' in '"),
                  std::string::npos)
            << e.what();
        EXPECT_NE(std::string(e.what()).find("outside the axis's cells, which span -45 to 75"),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace plotcluster

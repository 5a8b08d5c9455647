// Coordinates found and read from real-convention files (hdf5/h5_coordinates.cpp through
// Reader::read_coordinates, and the catalog's dimension names). The files are written at
// test time by tests/fixtures/coordinates.py with h5py and netCDF4-python, as the users of
// each convention write them, into PLOTCLUSTER_COORDINATE_FIXTURES.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "plotcluster/error.hpp"
#include "plotcluster/hdf5/hdf5_catalog.hpp"
#include "plotcluster/hdf5/reader.hpp"
#include "plotcluster/figure/figure.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/read/source.hpp"
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

// Axis coordinates (core/coordinate.hpp): the checks, forms, edges and nearest cells that
// drawing in physical coordinates and slicing by value rely on.
#include "plotcluster/core/coordinate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <tuple>
#include <vector>

#include "plotcluster/error.hpp"
#include "support/memory_source.hpp"

namespace plotcluster {
namespace {

using Form = AxisCoordinate::Form;

TEST(Coordinate, MonotonicSaysWhichWayAndWhereItBreaks) {
    EXPECT_EQ(monotonic(std::vector<double>{}).order, Monotonic::ascending);
    EXPECT_EQ(monotonic(std::vector<double>{5}).order, Monotonic::ascending);
    EXPECT_EQ(monotonic(std::vector<double>{1, 2, 4}).order, Monotonic::ascending);
    EXPECT_EQ(monotonic(std::vector<double>{90, 45, -90}).order, Monotonic::descending);
    const auto broken = monotonic(std::vector<double>{0, 1, 3, 2, 5});
    EXPECT_EQ(broken.order, Monotonic::neither);
    EXPECT_EQ(broken.at, 3u);
    EXPECT_EQ(monotonic(std::vector<double>{1, 1, 2}).order, Monotonic::neither);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(monotonic(std::vector<double>{0, nan, 2}).order, Monotonic::neither);
    EXPECT_EQ(monotonic(std::vector<double>{nan, 1}).order, Monotonic::neither);
}

TEST(Coordinate, UniformToleratesFloat32RoundingButNotRealUnevenness) {
    EXPECT_TRUE(uniform(std::vector<double>{0, 0.5, 1.0, 1.5}));
    EXPECT_TRUE(uniform(std::vector<double>{10, 7, 4, 1}));
    // np.linspace(0, 1000, 4096, dtype=float32) and a float32 arange far from 0: each
    // value rounded to float32.
    for (const auto& [first, last, n] : {std::tuple{0.0, 1000.0, 4096}, std::tuple{1e6, 1.001e6, 1000},
                                        std::tuple{-3.0, 3.0, 65536}}) {
        std::vector<double> v;
        v.reserve(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i)
            v.push_back(static_cast<float>(first + (last - first) * i / (n - 1)));
        EXPECT_TRUE(uniform(v)) << first << ".." << last << " in " << n;
    }
    // One cell 1% wider than the rest is a non-uniform grid.
    std::vector<double> uneven{0, 1, 2, 3.01, 4.01, 5.01};
    EXPECT_FALSE(uniform(uneven));
    // A stretched grid (geometric spacing) is not uniform.
    std::vector<double> stretched;
    stretched.reserve(20);
    for (int i = 0; i < 20; ++i) stretched.push_back(std::pow(1.05, i));
    EXPECT_FALSE(uniform(stretched));
}

TEST(Coordinate, CentresToEdgesTakesMidpointsAndExtrapolatesTheEnds) {
    EXPECT_EQ(centres_to_edges(std::vector<double>{0, 1, 3}),
              (std::vector<double>{-0.5, 0.5, 2, 4}));
    EXPECT_EQ(centres_to_edges(std::vector<double>{10, 8}), (std::vector<double>{11, 9, 7}));
    EXPECT_EQ(centres_to_edges(std::vector<double>{2}), (std::vector<double>{1.5, 2.5}));
    EXPECT_TRUE(centres_to_edges(std::vector<double>{}).empty());
}

TEST(Coordinate, ClassifyPicksTheForm) {
    AxisCoordinate c;
    EXPECT_EQ(classify(std::vector<double>{0, 0.25, 0.5, 0.75}, 4, c), "");
    EXPECT_EQ(c.form, Form::uniform);
    EXPECT_DOUBLE_EQ(c.start, 0);
    EXPECT_DOUBLE_EQ(c.step, 0.25);
    EXPECT_TRUE(c.values.empty());

    // Uniform edges: centres half a step in.
    EXPECT_EQ(classify(std::vector<double>{0, 1, 2, 3}, 3, c), "");
    EXPECT_EQ(c.form, Form::uniform);
    EXPECT_DOUBLE_EQ(c.start, 0.5);
    EXPECT_DOUBLE_EQ(c.step, 1);

    EXPECT_EQ(classify(std::vector<double>{0, 1, 3, 7}, 4, c), "");
    EXPECT_EQ(c.form, Form::points);
    EXPECT_EQ(c.values, (std::vector<double>{0, 1, 3, 7}));

    EXPECT_EQ(classify(std::vector<double>{0, 1, 3, 7}, 3, c), "");
    EXPECT_EQ(c.form, Form::edges);
    EXPECT_EQ(c.cells, 3u);

    // Descending latitudes stay descending: the drawing flips them.
    EXPECT_EQ(classify(std::vector<double>{90, 60, 30, 0}, 4, c), "");
    EXPECT_EQ(c.form, Form::uniform);
    EXPECT_DOUBLE_EQ(c.step, -30);

    EXPECT_EQ(classify(std::vector<double>{42}, 1, c), "");
    EXPECT_EQ(c.form, Form::points);
}

TEST(Coordinate, ClassifySaysWhatIsWrong) {
    AxisCoordinate c;
    EXPECT_EQ(classify(std::vector<double>{0, 1, 2, 3, 4}, 3, c),
              "5 values fit neither its 3 cells nor their 4 edges");
    EXPECT_EQ(c.form, Form::index);
    EXPECT_EQ(classify(std::vector<double>{0, 1}, 4, c),
              "2 values fit neither its 4 cells nor their 5 edges");
    EXPECT_EQ(classify(std::vector<double>{0, 1, 0.5, 2}, 4, c),
              "not monotonic: value 2 (0.5) follows value 1 (1), after ascending values");
    EXPECT_EQ(classify(std::vector<double>{3, 2, 2}, 3, c),
              "not monotonic: value 2 (2) repeats value 1 (2), after descending values");
    EXPECT_EQ(classify(std::vector<double>{0, std::nan(""), 2}, 3, c), "value 1 is NaN");
    EXPECT_EQ(classify(std::vector<double>{0, 1, HUGE_VAL}, 3, c), "value 2 (inf) is infinite");
    EXPECT_EQ(c.form, Form::index);
}

TEST(Coordinate, CentresEdgesAndExtentOfEachForm) {
    AxisCoordinate index;
    index.cells = 3;
    EXPECT_EQ(cell_centre(index, 2), 2);
    EXPECT_EQ(cell_edges(index), (std::vector<double>{-0.5, 0.5, 1.5, 2.5}));
    EXPECT_EQ(coordinate_extent(index).lo, -0.5);
    EXPECT_EQ(coordinate_extent(index).hi, 2.5);

    AxisCoordinate down;
    ASSERT_EQ(classify(std::vector<double>{90, 60, 30}, 3, down), "");
    EXPECT_EQ(cell_centre(down, 1), 60);
    EXPECT_EQ(cell_edges(down), (std::vector<double>{105, 75, 45, 15}));
    EXPECT_EQ(coordinate_extent(down).lo, 15);
    EXPECT_EQ(coordinate_extent(down).hi, 105);

    AxisCoordinate points;
    ASSERT_EQ(classify(std::vector<double>{0, 1, 3}, 3, points), "");
    EXPECT_EQ(cell_edges(points), (std::vector<double>{-0.5, 0.5, 2, 4}));
    EXPECT_EQ(coordinate_extent(points).hi, 4);

    AxisCoordinate edges;
    ASSERT_EQ(classify(std::vector<double>{0, 1, 3, 7}, 3, edges), "");
    EXPECT_EQ(cell_centre(edges, 2), 5);
    EXPECT_EQ(coordinate_extent(edges).lo, 0);
    EXPECT_EQ(coordinate_extent(edges).hi, 7);

    AxisCoordinate curvi;
    curvi.form = Form::curvilinear;
    curvi.values = {3, 1, 4, 1, 5, 9};
    EXPECT_EQ(coordinate_extent(curvi).lo, 1);
    EXPECT_EQ(coordinate_extent(curvi).hi, 9);
}

TEST(Coordinate, NearestCellPicksTheClosestCentre) {
    AxisCoordinate z;
    ASSERT_EQ(classify(std::vector<double>{0, 0.1, 0.2, 0.3, 0.4}, 5, z), "");
    EXPECT_EQ(nearest_cell(z, 0.25).index, 2u);  // a tie: the lower index
    EXPECT_EQ(nearest_cell(z, 0.26).index, 3u);
    EXPECT_NEAR(nearest_cell(z, 0.26).centre, 0.3, 1e-12);
    EXPECT_EQ(nearest_cell(z, -0.04).index, 0u);  // inside the first cell
    EXPECT_EQ(nearest_cell(z, 0.449).index, 4u);

    AxisCoordinate lat;
    ASSERT_EQ(classify(std::vector<double>{80, 70, 40, 0}, 4, lat), "");
    ASSERT_EQ(lat.form, Form::points);
    EXPECT_EQ(nearest_cell(lat, 50).index, 2u);
    EXPECT_EQ(nearest_cell(lat, 66).index, 1u);
    EXPECT_EQ(nearest_cell(lat, 0).index, 3u);
    EXPECT_EQ(nearest_cell(lat, 85).index, 0u);

    AxisCoordinate bins;
    ASSERT_EQ(classify(std::vector<double>{0, 1, 10, 100}, 3, bins), "");
    EXPECT_EQ(nearest_cell(bins, 6).index, 1u);   // centre 5.5
    // Edges say which cell holds a value, whatever its centre: 40 lies in [10, 100].
    EXPECT_EQ(nearest_cell(bins, 40).index, 2u);
    EXPECT_EQ(nearest_cell(bins, 9.9).index, 1u);
    EXPECT_EQ(nearest_cell(bins, 10).index, 1u);  // on an edge: the lower index

    AxisCoordinate index;
    index.cells = 10;
    EXPECT_EQ(nearest_cell(index, 6.4).index, 6u);
}

TEST(Coordinate, NearestCellRefusesWhatHasNoCell) {
    AxisCoordinate z;
    ASSERT_EQ(classify(std::vector<double>{0, 0.1, 0.2}, 3, z), "");
    EXPECT_EQ(nearest_cell(z, 0.5).problem,
              "value 0.5 is outside the axis's cells, which span -0.05 to 0.25");
    EXPECT_EQ(nearest_cell(z, std::nan("")).problem, "the value is NaN");
    AxisCoordinate empty;
    EXPECT_EQ(nearest_cell(empty, 0).problem, "the axis has no cells");
    AxisCoordinate curvi;
    curvi.form = Form::curvilinear;
    curvi.cells = 4;
    EXPECT_NE(nearest_cell(curvi, 0).problem.find("curvilinear"), std::string::npos);
}

TEST(Coordinate, PlaceCoordinateOneDimensional) {
    AxisCoordinate c;
    c.name = "z";
    EXPECT_EQ(place_coordinate(std::vector<double>{0, 1, 3}, {3}, {2}, {4, 5, 3}, {}, 2, c), "");
    EXPECT_EQ(c.form, Form::points);
    EXPECT_EQ(c.cells, 3u);
    EXPECT_EQ(c.name, "z");
    EXPECT_EQ(place_coordinate(std::vector<double>{0, 1}, {2}, {2}, {4, 5, 3}, {}, 2, c),
              "2 values fit neither its 3 cells nor their 4 edges");
}

TEST(Coordinate, PlaceCoordinateTwoDimensional) {
    // lat over data axes (1, 2) of a 2×2×3 dataset: lat[j][i] = 10 j + i.
    const std::vector<double> lat{0, 1, 2, 10, 11, 12};
    AxisCoordinate c;
    ASSERT_EQ(place_coordinate(lat, {2, 3}, {1, 2}, {2, 2, 3}, {0, -1, -1}, 1, c), "");
    EXPECT_EQ(c.form, Form::curvilinear);
    EXPECT_EQ(c.values, lat);
    EXPECT_EQ(c.spans, (std::vector<std::size_t>{1, 2}));
    EXPECT_EQ(c.grid, (std::vector<std::uint64_t>{2, 3}));
    // Row 1 fixed: along axis 2 the coordinate is lat[1][:].
    ASSERT_EQ(place_coordinate(lat, {2, 3}, {1, 2}, {2, 2, 3}, {-1, 1, -1}, 2, c), "");
    EXPECT_EQ(c.form, Form::uniform);
    EXPECT_DOUBLE_EQ(c.start, 10);
    // Column 2 fixed: along axis 1 it is lat[:][2].
    ASSERT_EQ(place_coordinate(lat, {2, 3}, {1, 2}, {2, 2, 3}, {-1, -1, 2}, 1, c), "");
    EXPECT_EQ(c.form, Form::uniform);  // two values are evenly spaced
    EXPECT_DOUBLE_EQ(c.start, 2);
    EXPECT_DOUBLE_EQ(c.step, 10);
    // The axis itself fixed: no single position, only its name.
    c.name = "y";
    c.units = "degrees_north";
    c.source = CoordinateSource::cf_auxiliary;
    ASSERT_EQ(place_coordinate(lat, {2, 3}, {1, 2}, {2, 2, 3}, {-1, 1, -1}, 1, c), "");
    EXPECT_EQ(c.form, Form::index);
    EXPECT_EQ(c.name, "y");
    EXPECT_EQ(c.units, "");
    EXPECT_EQ(c.source, CoordinateSource::none);
    EXPECT_EQ(c.cells, 2u);
}

TEST(Coordinate, PlaceCoordinateRefusesWhatDoesNotFit) {
    AxisCoordinate c;
    EXPECT_EQ(place_coordinate(std::vector<double>(6, 0), {3, 2}, {0, 1}, {2, 3}, {}, 0, c),
              "its 2-D coordinate is 3×2, the data's axes 0 and 1 are 2×3");
    std::vector<double> nan(6, 1.0);
    nan[4] = std::nan("");
    EXPECT_EQ(place_coordinate(nan, {2, 3}, {0, 1}, {2, 3}, {}, 0, c),
              "value 4 of its 2-D coordinate is NaN");
    // A fixed row that is not monotonic along the other axis.
    EXPECT_EQ(place_coordinate(std::vector<double>{0, 2, 1, 0, 1, 2}, {2, 3}, {0, 1}, {2, 3},
                               {0, -1}, 1, c),
              "not monotonic: value 2 (1) follows value 1 (2), after ascending values");
}

TEST(Coordinate, SiUnitsTextNamesTheUnitsPhysicistsWrite) {
    auto text = [](std::vector<double> p) { return si_units_text(p); };
    EXPECT_EQ(text({1, 1, -3, -1, 0, 0, 0}), "V m^-1");   // electric field
    EXPECT_EQ(text({0, 1, -2, -1, 0, 0, 0}), "T");        // magnetic field
    EXPECT_EQ(text({-3, 0, 1, 1, 0, 0, 0}), "C m^-3");    // charge density
    EXPECT_EQ(text({-3, 1, 0, 0, 0, 0, 0}), "kg m^-3");   // mass density
    EXPECT_EQ(text({-2, 0, 0, 1, 0, 0, 0}), "A m^-2");    // current density
    EXPECT_EQ(text({1, 0, -1, 0, 0, 0, 0}), "m s^-1");
    EXPECT_EQ(text({1, 1, -1, 0, 0, 0, 0}), "kg m s^-1");  // momentum: no named unit fits
    EXPECT_EQ(text({2, 1, -2, 0, 0, 0, 0}), "J");
    EXPECT_EQ(text({1, 0, 0, 0, 0, 0, 0}), "m");
    EXPECT_EQ(text({0, 0, 0, 0, 1, 0, 0}), "K");
    EXPECT_EQ(text({0, 0, 0, 0, 0, 0, 0}), "");
    EXPECT_EQ(text({0.5, 0, 0, 0, 0, 0, 0}), "m^0.5");
}

TEST(Coordinate, MemorySourceServesCoordinatesAsTheReaderDoes) {
    test::MemorySource source;
    auto& d = source.add("f.h5", "/rho", {2, 3}, std::vector<double>(6, 0.0));
    AxisCoordinate z;
    z.name = "z";
    z.units = "m";
    z.source = CoordinateSource::dimension_scale;
    z.path = "/z";
    d.coordinates[0] = {z, {0.0, 0.5, 2.0}, {}, {}, {}};  // edges of 2 cells
    AxisCoordinate x;
    x.name = "x";
    x.form = Form::uniform;
    x.start = -1;
    x.step = 0.5;
    d.coordinates[1] = {x, {}, {}, {}, {}};
    d.value_units = "kg m^-3";
    const Coordinates c = source.read_coordinates("f.h5", "/rho", {}, {1, 0});
    ASSERT_EQ(c.axes.size(), 2u);
    EXPECT_EQ(c.axes[0].form, Form::uniform);
    EXPECT_EQ(c.axes[0].cells, 3u);
    EXPECT_EQ(c.axes[1].form, Form::edges);
    EXPECT_EQ(c.axes[1].units, "m");
    EXPECT_EQ(c.value_units, "kg m^-3");
    EXPECT_EQ(source.catalog({"f.h5"}).datasets.at(0).dims, (std::vector<std::string>{"z", "x"}));

    d.coordinates[0].values = {0.0, 1.0, 0.5};
    try {
        static_cast<void>(source.read_coordinates("f.h5", "/rho", {}, {0}));
        ADD_FAILURE() << "a non-monotonic coordinate was accepted";
    } catch (const DatasetError& e) {
        EXPECT_NE(std::string(e.what()).find("axis 0 ('z') from '/z': not monotonic"),
                  std::string::npos)
            << e.what();
    }
}

TEST(Coordinate, SourceNamesAreReadable) {
    EXPECT_EQ(coordinate_source_name(CoordinateSource::dimension_scale), "HDF5 dimension scale");
    EXPECT_EQ(coordinate_source_name(CoordinateSource::openpmd), "openPMD mesh");
    EXPECT_EQ(coordinate_source_name(CoordinateSource::none), "array index");
}

}  // namespace
}  // namespace plotcluster

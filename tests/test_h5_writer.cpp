// Checks that H5Writer builds what other tests rely on, read back through the C API.
#include "support/h5_writer.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <filesystem>

namespace plotcluster::test {
namespace {

class H5WriterTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("plotcluster-h5-writer-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
        file_ = dir_ / "all.h5";
        H5Writer w(file_);
        w.write("/num/f64", {2, 3}, {1, 2, 3, 4, 5, 6});
        w.write("/num/f32", {2}, std::vector<float>{1.5F, 2.5F});
        w.write("/num/i64", {1}, std::vector<std::int64_t>{1LL << 40});
        w.write("/num/i32", {2}, std::vector<std::int32_t>{-1, 7});
        w.write("/num/i16", {2}, std::vector<std::int16_t>{-3, 3});
        w.write("/num/u8", {3}, std::vector<std::uint8_t>{0, 128, 255});
        w.write_f64_be("/be/f64", {2}, {1.0, -2.0});
        w.write_i32_be("/be/i32", {2}, {1, -2});
        w.write_scalar("/scalar", 3.25);
        w.write_empty("/empty");
        w.write_fixed_strings("/str/fixed", {"ab", "cde"});
        w.write_vlen_strings("/str/vlen", {"x", "yz"});
        w.write_compound("/other/compound", 3);
        w.write_enum("/other/enum", {0, 2, 1});
        w.write_opaque("/other/opaque", {1, 2, 3});
        w.declare_huge("/huge", 1ULL << 40);
        w.group("/empty_group/inner");
        w.attr("/num/f64", "units", "J");
        w.attr("/num/f64", "scale", 3.5);
        w.attr("/", "step", 7);
        w.soft_link("/links/soft", "/num/f64");
        w.external_link("/links/external", "other.h5", "/data");
        w.close();
        h5_ = H5Fopen(file_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
        ASSERT_GE(h5_, 0);
    }
    void TearDown() override {
        if (h5_ >= 0) H5Fclose(h5_);
        std::filesystem::remove_all(dir_);
    }

    struct TypeInfo {
        H5T_class_t cls;
        std::size_t size;
        H5T_order_t order;
        bool variable_string;
    };
    TypeInfo type_of(const char* path) const {
        const hid_t dset = H5Dopen2(h5_, path, H5P_DEFAULT);
        EXPECT_GE(dset, 0) << path;
        const hid_t type = H5Dget_type(dset);
        const TypeInfo info{H5Tget_class(type), H5Tget_size(type), H5Tget_order(type),
                            H5Tis_variable_str(type) > 0};
        H5Tclose(type);
        H5Dclose(dset);
        return info;
    }
    std::vector<hsize_t> dims_of(const char* path) const {
        const hid_t dset = H5Dopen2(h5_, path, H5P_DEFAULT);
        const hid_t space = H5Dget_space(dset);
        std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space)));
        H5Sget_simple_extent_dims(space, dims.data(), nullptr);
        H5Sclose(space);
        H5Dclose(dset);
        return dims;
    }

    std::filesystem::path dir_, file_;
    hid_t h5_ = -1;
};

TEST_F(H5WriterTest, NumericTypesAndByteOrder) {
    EXPECT_EQ(type_of("/num/f64").cls, H5T_FLOAT);
    EXPECT_EQ(type_of("/num/f64").size, 8u);
    EXPECT_EQ(type_of("/num/f32").size, 4u);
    EXPECT_EQ(type_of("/num/i64").size, 8u);
    EXPECT_EQ(type_of("/num/i16").cls, H5T_INTEGER);
    EXPECT_EQ(type_of("/num/u8").size, 1u);
    EXPECT_EQ(type_of("/num/f64").order, H5T_ORDER_LE);
    EXPECT_EQ(type_of("/be/f64").order, H5T_ORDER_BE);
    EXPECT_EQ(type_of("/be/i32").order, H5T_ORDER_BE);
    EXPECT_EQ(dims_of("/num/f64"), (std::vector<hsize_t>{2, 3}));

    double be[2] = {};
    const hid_t dset = H5Dopen2(h5_, "/be/f64", H5P_DEFAULT);
    ASSERT_GE(H5Dread(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, be), 0);
    H5Dclose(dset);
    EXPECT_EQ(be[1], -2.0);
}

TEST_F(H5WriterTest, OtherKinds) {
    EXPECT_EQ(type_of("/str/fixed").cls, H5T_STRING);
    EXPECT_EQ(type_of("/str/fixed").size, 3u);
    EXPECT_FALSE(type_of("/str/fixed").variable_string);
    EXPECT_TRUE(type_of("/str/vlen").variable_string);
    EXPECT_EQ(type_of("/other/compound").cls, H5T_COMPOUND);
    EXPECT_EQ(type_of("/other/enum").cls, H5T_ENUM);
    EXPECT_EQ(type_of("/other/opaque").cls, H5T_OPAQUE);
    EXPECT_TRUE(dims_of("/scalar").empty());
    EXPECT_EQ(dims_of("/empty"), (std::vector<hsize_t>{0}));
    EXPECT_EQ(dims_of("/huge"), (std::vector<hsize_t>{1ULL << 40}));
    const hid_t huge = H5Dopen2(h5_, "/huge", H5P_DEFAULT);
    EXPECT_EQ(H5Dget_storage_size(huge), 0u) << "never written, so no chunk is allocated";
    H5Dclose(huge);
    EXPECT_LT(std::filesystem::file_size(file_), 64u * 1024u);
}

TEST_F(H5WriterTest, AttributesAndLinks) {
    EXPECT_GT(H5Aexists_by_name(h5_, "/num/f64", "units", H5P_DEFAULT), 0);
    EXPECT_GT(H5Aexists_by_name(h5_, "/", "step", H5P_DEFAULT), 0);
    double scale = 0;
    const hid_t attr = H5Aopen_by_name(h5_, "/num/f64", "scale", H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(attr, 0);
    H5Aread(attr, H5T_NATIVE_DOUBLE, &scale);
    H5Aclose(attr);
    EXPECT_EQ(scale, 3.5);

    H5L_info_t info;
    ASSERT_GE(H5Lget_info(h5_, "/links/soft", &info, H5P_DEFAULT), 0);
    EXPECT_EQ(info.type, H5L_TYPE_SOFT);
    ASSERT_GE(H5Lget_info(h5_, "/links/external", &info, H5P_DEFAULT), 0);
    EXPECT_EQ(info.type, H5L_TYPE_EXTERNAL);
    EXPECT_GT(H5Lexists(h5_, "/empty_group/inner", H5P_DEFAULT), 0);
}

TEST(H5Writer, ThrowsOnBadInput) {
    // The exceptions carry HDF5's reason; its own stack dump would only be noise here.
    H5E_auto2_t old_func = nullptr;
    void* old_data = nullptr;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    const auto file = std::filesystem::temp_directory_path() /
                      ("plotcluster-h5-writer-bad-" + std::to_string(::getpid()) + ".h5");
    {
        H5Writer w(file);
        EXPECT_THROW(w.write("/a", {2, 2}, {1.0, 2.0}), std::runtime_error);
        w.write("/a", {1}, {1.0});
        try {
            w.write("/a", {1}, {1.0});
            ADD_FAILURE() << "writing an existing path must throw";
        } catch (const std::runtime_error& e) {
            EXPECT_STREQ(e.what(), ("[HDF5] cannot create dataset '/a' in '" + file.string() +
                                    "': name already exists")
                                       .c_str());
        }
        EXPECT_THROW(w.attr("/missing", "x", 1.0), std::runtime_error);
    }
    std::filesystem::remove(file);
    EXPECT_THROW(H5Writer("/nonexistent-dir/x.h5"), std::runtime_error);
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
}

}  // namespace
}  // namespace plotcluster::test

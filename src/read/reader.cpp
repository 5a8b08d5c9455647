#include "plotcluster/read/reader.hpp"

#include "../hdf5/h5_dtype.hpp"
#include "../hdf5/h5_handle.hpp"
#include "plotcluster/error.hpp"

namespace plotcluster {

namespace {
// Whole-dataset reads stop here (2 GiB of doubles); larger data needs slicing.
constexpr std::uint64_t max_elements = std::uint64_t{1} << 28;
}  // namespace

struct Reader::Impl {
    int rank = 0;
    std::string open_name;
    h5::Handle file;

    [[noreturn]] void fail(const std::string& file_name, const std::string& dataset,
                           const std::string& why) const {
        throw DatasetError("hdf5: cannot read dataset '" + dataset + "' in '" + file_name +
                           "' (rank " + std::to_string(rank) + "): " + why);
    }

    hid_t open_file(const std::string& file_name, const std::string& dataset) {
        if (!file || open_name != file_name) {
            file.reset();
            open_name.clear();
            file = h5::open_read_only(file_name);
            if (!file) fail(file_name, dataset, "cannot open the file: " + h5::last_error());
            open_name = file_name;
        }
        return file.get();
    }
};

Reader::Reader(int rank) : impl_(std::make_unique<Impl>()) {
    impl_->rank = rank;
    h5::quiet_errors();
}

Reader::~Reader() = default;

Array Reader::read(const std::string& file_name, const std::string& dataset) {
    auto& im = *impl_;
    const hid_t file = im.open_file(file_name, dataset);
    h5::Handle ds = h5::dataset_handle(H5Dopen2(file, dataset.c_str(), H5P_DEFAULT));
    if (!ds) im.fail(file_name, dataset, h5::last_error());
    h5::Handle type = h5::type_handle(H5Dget_type(ds.get()));
    h5::Handle space = h5::space_handle(H5Dget_space(ds.get()));
    if (!type || !space) im.fail(file_name, dataset, h5::last_error());

    const DType dtype = h5::describe_type(type.get());
    if (!dtype.numeric()) im.fail(file_name, dataset, dtype.name + " data cannot be plotted");

    Array out;
    const int ndims = H5Sget_simple_extent_ndims(space.get());
    if (ndims < 0) im.fail(file_name, dataset, h5::last_error());
    std::vector<hsize_t> dims(static_cast<std::size_t>(ndims));
    if (ndims > 0) H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    out.shape.assign(dims.begin(), dims.end());
    std::uint64_t n = 1;
    for (auto d : dims) n *= d;
    if (n > max_elements) {
        im.fail(file_name, dataset,
                std::to_string(n) + " elements is more than one plot reads at once (" +
                    std::to_string(max_elements) + ")");
    }
    out.values.resize(n);
    // HDF5 converts any integer or float type, either byte order, to native double.
    if (n > 0 && H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                         out.values.data()) < 0) {
        im.fail(file_name, dataset, h5::last_error());
    }
    return out;
}

PlotData Reader::read_plot(const PlotTask& task, const PlotRule& /*rule*/) {
    PlotData data;
    const auto& names = task.members.empty() ? std::vector<std::string>{task.dataset} : task.members;
    for (const auto& name : names) data.series.push_back({name, read(task.file, name)});
    if (!task.x_dataset.empty()) data.x = read(task.file, task.x_dataset);
    return data;
}

}  // namespace plotcluster

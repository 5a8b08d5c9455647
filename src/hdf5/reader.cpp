#include "plotcluster/hdf5/reader.hpp"

#include <algorithm>
#include <stdexcept>

#include "h5_cf.hpp"
#include "h5_dtype.hpp"
#include "h5_filters.hpp"
#include "h5_handle.hpp"
#include "h5_virtual.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/read/cf_decode.hpp"

namespace plotcluster {

namespace {
// Whole-dataset reads stop here (2 GiB of doubles); larger data needs slicing.
constexpr std::uint64_t max_elements = std::uint64_t{1} << 28;

// The CF decoder of an open dataset when `decode` is on, else one that applies nothing.
CfDecoder decoder_for(hid_t ds, bool decode) {
    if (!decode) return {};
    h5::Handle type = h5::type_handle(H5Dget_type(ds));
    if (!type) {
        H5Eclear2(H5E_DEFAULT);
        return {};
    }
    return h5::cf_decoder(ds, h5::describe_type(type.get()));
}

// Why a read failed: the filter that is not installed when that is the cause (HDF5 says
// only "can't read data" or "filter pipeline failed"), else HDF5's own message.
std::string read_failure(hid_t ds) {
    std::string why = h5::last_error();
    std::string filters = h5::missing_filters(ds);
    return filters.empty() ? why : filters;
}

// Each name of `from` not yet in `into`, in order.
void add_conventions(std::vector<std::string>& into, const std::vector<std::string>& from) {
    for (const auto& name : from)
        if (std::find(into.begin(), into.end(), name) == into.end()) into.push_back(name);
}
}  // namespace

struct Reader::Impl {
    int rank = 0;
    VirtualMissing virtual_missing = VirtualMissing::fail;
    std::string open_name;
    h5::Handle file;

    [[noreturn]] void fail(const std::string& file_name, const std::string& dataset,
                           const std::string& why) const {
        throw DatasetError("hdf5: cannot read dataset '" + dataset + "' in '" + file_name +
                           "' (rank " + std::to_string(rank) + "): " + why);
    }

    // An open numeric dataset and its extent.
    struct Opened {
        h5::Handle ds;
        std::vector<hsize_t> dims;
    };

    Opened open_dataset(const std::string& file_name, const std::string& dataset) {
        const hid_t f = open_file(file_name, dataset);
        Opened d;
        d.ds = h5::dataset_handle(H5Dopen2(f, dataset.c_str(), H5P_DEFAULT));
        if (!d.ds) fail(file_name, dataset, h5::last_error());
        refuse_missing_sources(file_name, dataset, d.ds.get());
        h5::Handle type = h5::type_handle(H5Dget_type(d.ds.get()));
        h5::Handle space = h5::space_handle(H5Dget_space(d.ds.get()));
        if (!type || !space) fail(file_name, dataset, h5::last_error());
        const DType dtype = h5::describe_type(type.get());
        if (!dtype.numeric()) {
            fail(file_name, dataset,
                 dtype.name + " dataset cannot be plotted (only integer and float data)");
        }
        const int ndims = H5Sget_simple_extent_ndims(space.get());
        if (ndims < 0) fail(file_name, dataset, h5::last_error());
        d.dims.resize(static_cast<std::size_t>(ndims));
        if (ndims > 0 && H5Sget_simple_extent_dims(space.get(), d.dims.data(), nullptr) < 0) {
            fail(file_name, dataset, h5::last_error());
        }
        refuse_unwritten(file_name, dataset, d.ds.get(), space.get());
        return d;
    }

    // A virtual dataset reads the fill value wherever a source file or dataset is missing;
    // the catalog saw them all, but files may have moved since (input.virtual_missing).
    void refuse_missing_sources(const std::string& file_name, const std::string& dataset,
                                hid_t ds) const {
        if (virtual_missing != VirtualMissing::fail) return;
        const std::string missing = h5::missing_sources_text(h5::check_virtual_sources(ds));
        if (!missing.empty()) fail(file_name, dataset, missing);
    }

    // A chunked or contiguous dataset that holds elements but no stored bytes was created
    // and never written: every value would be the fill value. Reading (or streaming) it
    // would cost as much as real data, up to terabytes of nothing, so it fails instead.
    void refuse_unwritten(const std::string& file_name, const std::string& dataset, hid_t ds,
                          hid_t space) const {
        const hssize_t n = H5Sget_simple_extent_npoints(space);
        if (n <= 0 || H5Dget_storage_size(ds) != 0) return;
        h5::Handle dcpl = h5::plist_handle(H5Dget_create_plist(ds));
        if (!dcpl) fail(file_name, dataset, h5::last_error());
        const H5D_layout_t layout = H5Pget_layout(dcpl.get());
        const bool stored_here = layout == H5D_CHUNKED ||
                                 (layout == H5D_CONTIGUOUS && H5Pget_external_count(dcpl.get()) == 0);
        if (!stored_here) return;  // compact, virtual or external data is elsewhere
        fail(file_name, dataset,
             "no data was ever written to it (HDF5 stores none of its " + std::to_string(n) +
                 " elements; each would read as the fill value)");
    }

    // Elements of `shape`, refused before allocating when one plot would read too much.
    std::uint64_t checked_count(const std::string& file_name, const std::string& dataset,
                                const std::vector<std::uint64_t>& shape) const {
        std::uint64_t n = 1;
        bool overflow = false;
        for (auto d : shape) overflow = overflow || __builtin_mul_overflow(n, d, &n);
        if (overflow || n > max_elements) {
            fail(file_name, dataset,
                 (overflow ? std::string("more than 2^64") : std::to_string(n)) +
                     " elements is more than one plot reads at once (" +
                     std::to_string(max_elements) + "); add a `slice` to the rule");
        }
        return n;
    }

    // The hyperslab a `fixed` list selects: start and count per axis of the dataset, and the
    // axes kept (neither fixed nor of length 1) with their extents.
    struct Slab {
        std::vector<hsize_t> start, count;
        std::vector<std::size_t> kept_axes;
        std::vector<std::uint64_t> shape;
    };

    Slab select(const std::string& file_name, const std::string& dataset,
                const std::vector<hsize_t>& dims, const std::vector<std::int64_t>& fixed) const {
        if (!fixed.empty() && fixed.size() != dims.size()) {
            fail(file_name, dataset,
                 "it has " + std::to_string(dims.size()) + " dimensions, the plan expected " +
                     std::to_string(fixed.size()) + " (did the file change since the run started?)");
        }
        Slab slab{std::vector<hsize_t>(dims.size(), 0), dims, {}, {}};
        for (std::size_t a = 0; a < dims.size(); ++a) {
            const std::int64_t at = fixed.empty() ? -1 : fixed[a];
            if (at >= 0) {
                if (static_cast<hsize_t>(at) >= dims[a]) {
                    fail(file_name, dataset,
                         "slice index " + std::to_string(at) + " is out of range for axis " +
                             std::to_string(a) + " of extent " + std::to_string(dims[a]));
                }
                slab.start[a] = static_cast<hsize_t>(at);
                slab.count[a] = 1;
            } else if (dims[a] != 1) {
                slab.kept_axes.push_back(a);
                slab.shape.push_back(dims[a]);
            }
        }
        return slab;
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

Reader::Reader(int rank, VirtualMissing virtual_missing) : impl_(std::make_unique<Impl>()) {
    impl_->rank = rank;
    impl_->virtual_missing = virtual_missing;
    h5::quiet_errors();
}

Reader::~Reader() = default;

Array Reader::read(const std::string& file_name, const std::string& dataset) {
    auto& im = *impl_;
    Impl::Opened d = im.open_dataset(file_name, dataset);
    Array out;
    out.shape.assign(d.dims.begin(), d.dims.end());
    const std::uint64_t n = im.checked_count(file_name, dataset, out.shape);
    out.values.resize(n);
    // HDF5 converts any integer or float type, either byte order, to native double.
    if (n > 0 && H5Dread(d.ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                         out.values.data()) < 0) {
        im.fail(file_name, dataset, read_failure(d.ds.get()));
    }
    return out;
}

Array Reader::read_slab(const std::string& file_name, const std::string& dataset,
                        const std::vector<std::int64_t>& fixed, bool decode) {
    auto& im = *impl_;
    Impl::Opened d = im.open_dataset(file_name, dataset);
    const CfDecoder decoder = decoder_for(d.ds.get(), decode);
    const Impl::Slab slab = im.select(file_name, dataset, d.dims, fixed);
    const std::vector<hsize_t>& start = slab.start;
    const std::vector<hsize_t>& count = slab.count;
    Array out;
    out.shape = slab.shape;
    out.decoded = decoder.applied();
    // A 0-length axis is kept, so n is 0 then; a scalar dataspace has no axes and one value.
    const std::uint64_t n = im.checked_count(file_name, dataset, out.shape);
    out.values.resize(d.dims.empty() ? 1 : n);
    if (out.values.empty()) return out;

    h5::Handle file_space = h5::space_handle(H5Dget_space(d.ds.get()));
    const hsize_t mem_dims[1] = {out.values.size()};
    h5::Handle mem_space = h5::space_handle(H5Screate_simple(1, mem_dims, nullptr));
    if (!file_space || !mem_space ||
        (!d.dims.empty() && H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(),
                                                nullptr, count.data(), nullptr) < 0) ||
        H5Dread(d.ds.get(), H5T_NATIVE_DOUBLE, d.dims.empty() ? H5S_ALL : mem_space.get(),
                d.dims.empty() ? H5S_ALL : file_space.get(), H5P_DEFAULT, out.values.data()) < 0) {
        im.fail(file_name, dataset, read_failure(d.ds.get()));
    }
    decoder.apply(out.values);
    return out;
}

Reader::Streamed Reader::read_chunks(const std::string& file_name, const std::string& dataset,
                                     const std::vector<std::int64_t>& fixed, std::uint64_t chunk,
                                     const std::function<void(std::span<const double>)>& consume,
                                     bool decode) {
    auto& im = *impl_;
    Impl::Opened d = im.open_dataset(file_name, dataset);
    const CfDecoder decoder = decoder_for(d.ds.get(), decode);
    Impl::Slab slab = im.select(file_name, dataset, d.dims, fixed);
    if (slab.kept_axes.size() > 1) {
        im.fail(file_name, dataset,
                "it has " + std::to_string(slab.kept_axes.size()) +
                    " axes longer than 1; only one can be read in chunks");
    }
    const std::size_t axis = slab.kept_axes.empty() ? 0 : slab.kept_axes.front();
    // No kept axis: every axis is fixed or of length 1, which leaves one value.
    const std::uint64_t length = slab.kept_axes.empty() ? 1 : slab.shape.front();
    Streamed out{length, decoder.applied()};
    if (length == 0) return out;
    chunk = std::max<std::uint64_t>(1, std::min(chunk, length));
    std::vector<double> buffer(chunk);
    h5::Handle file_space = h5::space_handle(H5Dget_space(d.ds.get()));
    if (!file_space) im.fail(file_name, dataset, h5::last_error());
    const hsize_t first = d.dims.empty() ? 0 : slab.start[axis];
    for (std::uint64_t done = 0; done < length;) {
        const std::uint64_t n = std::min(chunk, length - done);
        const hsize_t mem_dims[1] = {n};
        h5::Handle mem_space = h5::space_handle(H5Screate_simple(1, mem_dims, nullptr));
        bool ok = static_cast<bool>(mem_space);
        if (ok && !d.dims.empty()) {
            slab.start[axis] = first + done;
            slab.count[axis] = n;
            ok = H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, slab.start.data(), nullptr,
                                     slab.count.data(), nullptr) >= 0;
        }
        ok = ok && H5Dread(d.ds.get(), H5T_NATIVE_DOUBLE, d.dims.empty() ? H5S_ALL : mem_space.get(),
                           d.dims.empty() ? H5S_ALL : file_space.get(), H5P_DEFAULT, buffer.data()) >= 0;
        if (!ok) im.fail(file_name, dataset, read_failure(d.ds.get()));
        const std::span<double> values(buffer.data(), n);
        decoder.apply(values);
        consume(values);
        done += n;
    }
    return out;
}

PlotData Reader::read_plot(const PlotTask& task, const PlotRule& rule) {
    PlotData data;
    if (task.read.members.empty()) {
        data.series.push_back(
            {task.read.dataset, read_slab(task.read.file, task.read.dataset, task.read.fixed, rule.decode), ""});
    }
    for (std::size_t i = 0; i < task.read.members.size(); ++i) {
        const auto& fixed = i < task.read.member_fixed.size() ? task.read.member_fixed[i] : task.read.fixed;
        std::string label = i < task.draw.member_labels.size() ? task.draw.member_labels[i] : "";
        data.series.push_back({task.read.members[i],
                               read_slab(task.read.file, task.read.members[i], fixed, rule.decode),
                               std::move(label)});
    }
    for (const auto& c : task.read.companions) {
        if (c.role != "x") throw std::logic_error("no reader for companion dataset '" + c.role + "'");
        data.x = read_slab(task.read.file, c.dataset, {}, rule.decode);
    }
    for (const auto& s : data.series) add_conventions(data.decoded, s.values.decoded);
    if (data.x) add_conventions(data.decoded, data.x->decoded);
    return data;
}

std::string Reader::library_version() {
    unsigned major = 0, minor = 0, release = 0;
    H5get_libversion(&major, &minor, &release);
    return "hdf5 " + std::to_string(major) + '.' + std::to_string(minor) + '.' +
           std::to_string(release);
}

}  // namespace plotcluster

#include "plotcluster/hdf5/reader.hpp"

#include <algorithm>
#include <iterator>
#include <memory>
#include <string_view>
#include <utility>

#include "h5_cf.hpp"
#include "h5_coordinates.hpp"
#include "h5_dtype.hpp"
#include "h5_filters.hpp"
#include "h5_handle.hpp"
#include "h5_linked_file.hpp"
#include "h5_mapped.hpp"
#include "h5_virtual.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/read/cf_decode.hpp"

namespace plotcluster {

namespace {
// Whole-dataset reads stop here (2 GiB of doubles); larger data needs slicing.
constexpr std::uint64_t max_elements = std::uint64_t{1} << 28;

// Why a read failed: the filter that is not installed when that is the cause (HDF5 says
// only "can't read data" or "filter pipeline failed"), else HDF5's own message.
std::string read_failure(hid_t ds) {
    std::string why = h5::last_error();
    std::string filters = h5::missing_filters(ds);
    return filters.empty() ? why : filters;
}
}  // namespace

struct Reader::Impl {
    int rank = 0;
    VirtualMissing virtual_missing = VirtualMissing::fail;
    CatalogOptions catalog_options;
    std::string open_name;
    h5::Handle file;

    // Datasets view_values saw last, with their file's mapping, or none when HDF5 reads
    // them (another layout or type, or decoded); dropped when another file is opened.
    struct Viewable {
        std::string file, dataset;
        bool decode = false;
        const std::vector<double>* scratch = nullptr;  // one window per caller's slot
        std::unique_ptr<h5::MappedValues> mapped;
        std::uint64_t values = 0, row = 1;  // the dataset's, and those in one row of its first axis
    };
    static constexpr std::size_t most_viewable = 4;
    std::vector<Viewable> viewable;

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
        if (!d.ds) {
            // HDF5 names the missing step, not the file it looked in: the link says which.
            std::string why = h5::last_error();
            if (const std::string link = h5::link_on_path(f, dataset); !link.empty())
                why += " (via " + link + ")";
            fail(file_name, dataset, why);
        }
        refuse_missing_sources(file_name, dataset, d.ds.get());
        h5::Handle type = h5::type_handle(H5Dget_type(d.ds.get()));
        h5::Handle space = h5::space_handle(H5Dget_space(d.ds.get()));
        if (!type || !space) fail(file_name, dataset, h5::last_error());
        const DType dtype = h5::describe_type(type.get());
        if (constexpr std::string_view unreadable = "unreadable: ";
            dtype.name.starts_with(unreadable)) {
            fail(file_name, dataset, dtype.name.substr(unreadable.size()));
        }
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
        if (n < 0) fail(file_name, dataset, h5::last_error());
        if (n == 0 || H5Dget_storage_size(ds) != 0) return;
        // 0 is also what it answers on error.
        if (h5::error_pending()) fail(file_name, dataset, h5::last_error());
        h5::Handle dcpl = h5::plist_handle(H5Dget_create_plist(ds));
        if (!dcpl) fail(file_name, dataset, h5::last_error());
        const H5D_layout_t layout = H5Pget_layout(dcpl.get());
        if (layout == H5D_LAYOUT_ERROR) fail(file_name, dataset, h5::last_error());
        const int external = layout == H5D_CONTIGUOUS ? H5Pget_external_count(dcpl.get()) : 0;
        if (external < 0) fail(file_name, dataset, h5::last_error());
        const bool stored_here = layout == H5D_CHUNKED || (layout == H5D_CONTIGUOUS && external == 0);
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

    // The CF decoder of an open dataset when `decode` is on, else one that applies nothing.
    CfDecoder decoder_for(const std::string& file_name, const std::string& dataset, hid_t ds,
                          bool decode) const {
        if (!decode) return {};
        h5::Handle type = h5::type_handle(H5Dget_type(ds));
        if (!type) fail(file_name, dataset, h5::last_error());
        return h5::cf_decoder(ds, h5::describe_type(type.get()));
    }

    [[noreturn]] void fail_coordinates(const std::string& file_name, const std::string& dataset,
                                       const std::string& why) const {
        throw DatasetError("hdf5: cannot read the coordinates of dataset '" + dataset + "' in '" +
                           file_name + "' (rank " + std::to_string(rank) + "): " + why);
    }

    // A coordinate's values, CF-decoded, and its extents; "" or why it cannot be read.
    std::string read_values(hid_t f, const std::string& path, Array& out) const {
        h5::Handle ds = h5::dataset_handle(H5Dopen2(f, path.c_str(), H5P_DEFAULT));
        if (!ds) return "cannot open it: " + h5::last_error();
        h5::Handle type = h5::type_handle(H5Dget_type(ds.get()));
        h5::Handle space = h5::space_handle(H5Dget_space(ds.get()));
        if (!type || !space) return h5::last_error();
        const DType dtype = h5::describe_type(type.get());
        if (!dtype.numeric()) return "it is " + dtype.name + ", not numbers";
        const int ndims = H5Sget_simple_extent_ndims(space.get());
        if (ndims < 0) return h5::last_error();
        std::vector<hsize_t> dims(static_cast<std::size_t>(ndims));
        if (ndims > 0 && H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0)
            return h5::last_error();
        out.shape.assign(dims.begin(), dims.end());
        std::uint64_t n = 1;
        for (const auto d : dims) n *= d;
        if (n > max_elements) return std::to_string(n) + " values is more than a coordinate may hold";
        out.values.resize(n);
        if (n > 0 && H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                             out.values.data()) < 0)
            return read_failure(ds.get());
        const CfDecoder decoder = h5::cf_decoder(ds.get(), dtype);
        decoder.apply(out.values);
        out.decoded = decoder.applied();
        return {};
    }

    hid_t open_file(const std::string& file_name, const std::string& dataset) {
        if (!file || open_name != file_name) {
            file.reset();
            open_name.clear();
            viewable.clear();
            file = h5::open_read_only(file_name);
            if (!file) fail(file_name, dataset, "cannot open the file: " + h5::last_error());
            open_name = file_name;
        }
        return file.get();
    }
};

Reader::Reader(int rank, VirtualMissing virtual_missing, CatalogOptions catalog_options)
    : impl_(std::make_unique<Impl>()) {
    impl_->rank = rank;
    impl_->virtual_missing = virtual_missing;
    impl_->catalog_options = std::move(catalog_options);
    h5::quiet_errors();
}

Reader::~Reader() = default;

Catalog Reader::catalog(const std::vector<std::string>& files) {
    return build_catalog(files, impl_->catalog_options);
}

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
    const CfDecoder decoder = im.decoder_for(file_name, dataset, d.ds.get(), decode);
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
    const CfDecoder decoder = im.decoder_for(file_name, dataset, d.ds.get(), decode);
    Impl::Slab slab = im.select(file_name, dataset, d.dims, fixed);
    // In C order, as read_slab lays the values out: blocks of whole rows of the inner kept
    // axes, `rows` at a time along the outermost axis whose rows still fit in a chunk,
    // one index at a time along the axes outside it.
    const std::vector<std::size_t>& kept = slab.kept_axes;
    std::uint64_t length = 1;
    for (const std::uint64_t n : slab.shape) length *= n;
    Streamed out{length, decoder.applied()};
    if (length == 0) return out;
    chunk = std::max<std::uint64_t>(1, chunk);
    std::size_t along = kept.size();  // index into kept; kept.size(): no kept axis
    std::uint64_t inner = 1;          // values in one row of the axes inside `along`
    while (along > 1 && slab.shape[along - 1] <= chunk / inner) inner *= slab.shape[--along];
    if (along > 0) --along;  // the axis read `rows` at a time
    const std::uint64_t extent = kept.empty() ? 1 : slab.shape[along];
    const std::uint64_t rows = kept.empty() ? 1 : std::max<std::uint64_t>(1, std::min(chunk / inner, extent));
    h5::Handle file_space = h5::space_handle(H5Dget_space(d.ds.get()));
    if (!file_space) im.fail(file_name, dataset, h5::last_error());
    std::vector<std::uint64_t> outer(along, 0);  // the index along each axis outside `along`
    for (std::size_t i = 0; i < along; ++i) slab.count[kept[i]] = 1;
    const hsize_t base = kept.empty() ? 0 : slab.start[kept[along]];
    // Values used in place from the file's pages when each read is one run of them: the
    // axes inside the one read `rows` at a time are whole, and nothing is decoded.
    std::unique_ptr<h5::MappedValues> mapped;
    if (!kept.empty() && decoder.applied().empty()) {
        bool runs = true;
        for (std::size_t a = kept[along] + 1; a < d.dims.size(); ++a)
            runs = runs && slab.count[a] == d.dims[a];
        if (const auto stored = h5::stored_doubles(d.ds.get()); runs && stored) {
            mapped = std::make_unique<h5::MappedValues>(*stored);
            if (!mapped->ok()) mapped.reset();
        }
    }
    std::vector<double> buffer(mapped ? 0 : rows * inner);
    for (bool more = true; more;) {
        for (std::size_t i = 0; i < along; ++i) slab.start[kept[i]] = outer[i];
        for (std::uint64_t done = 0; done < extent;) {
            const std::uint64_t r = std::min(rows, extent - done);
            const std::uint64_t n = r * inner;
            if (!kept.empty()) {
                slab.start[kept[along]] = base + done;
                slab.count[kept[along]] = r;
            }
            if (mapped) {
                std::uint64_t first = 0;  // the run's first value, in C order of the dataset
                for (std::size_t a = 0; a < d.dims.size(); ++a) first = first * d.dims[a] + slab.start[a];
                if (const std::span<const double> values = mapped->view(first, n); values.size() == n) {
                    consume(values);
                    done += r;
                    continue;
                }
                mapped.reset();  // cannot be mapped after all: HDF5 reads the rest
                buffer.resize(rows * inner);
            }
            const hsize_t mem_dims[1] = {n};
            h5::Handle mem_space = h5::space_handle(H5Screate_simple(1, mem_dims, nullptr));
            bool ok = static_cast<bool>(mem_space);
            if (ok && !d.dims.empty()) {
                ok = H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, slab.start.data(), nullptr,
                                         slab.count.data(), nullptr) >= 0;
            }
            ok = ok && H5Dread(d.ds.get(), H5T_NATIVE_DOUBLE, d.dims.empty() ? H5S_ALL : mem_space.get(),
                               d.dims.empty() ? H5S_ALL : file_space.get(), H5P_DEFAULT, buffer.data()) >= 0;
            if (!ok) im.fail(file_name, dataset, read_failure(d.ds.get()));
            const std::span<double> values(buffer.data(), n);
            decoder.apply(values);
            consume(values);
            done += r;
        }
        // The next index of the axes outside, last fastest; done after the last.
        more = false;
        for (std::size_t i = along; i-- > 0;) {
            if (++outer[i] < slab.shape[i]) {
                more = true;
                break;
            }
            outer[i] = 0;
        }
    }
    return out;
}

Reader::Streamed Reader::read_values(const std::string& file_name, const std::string& dataset,
                                     std::uint64_t first, std::span<double> out, bool decode) {
    auto& im = *impl_;
    Impl::Opened d = im.open_dataset(file_name, dataset);
    const CfDecoder decoder = im.decoder_for(file_name, dataset, d.ds.get(), decode);
    const std::vector<std::uint64_t> dims(d.dims.begin(), d.dims.end());
    Streamed got{im.checked_count(file_name, dataset, dims), decoder.applied()};
    if (out.empty()) return got;
    std::uint64_t row = 1;  // values in one row of the first axis
    for (std::size_t a = 1; a < dims.size(); ++a) row *= dims[a];
    if (dims.empty() || first % row != 0 || out.size() % row != 0 || first > got.values ||
        out.size() > got.values - first) {
        im.fail(file_name, dataset,
                "values [" + std::to_string(first) + ", " + std::to_string(first + out.size()) +
                    ") are not whole rows within its " + std::to_string(got.values) + " values");
    }
    std::vector<hsize_t> start(dims.size(), 0), count(d.dims.begin(), d.dims.end());
    start[0] = first / row;
    count[0] = out.size() / row;
    h5::Handle file_space = h5::space_handle(H5Dget_space(d.ds.get()));
    const hsize_t mem_dims[1] = {out.size()};
    h5::Handle mem_space = h5::space_handle(H5Screate_simple(1, mem_dims, nullptr));
    if (!file_space || !mem_space ||
        H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                            nullptr) < 0 ||
        H5Dread(d.ds.get(), H5T_NATIVE_DOUBLE, mem_space.get(), file_space.get(), H5P_DEFAULT,
                out.data()) < 0) {
        im.fail(file_name, dataset, read_failure(d.ds.get()));
    }
    decoder.apply(out);
    return got;
}

Source::Viewed Reader::view_values(const std::string& file_name, const std::string& dataset,
                                   std::uint64_t first, std::size_t count,
                                   std::vector<double>& scratch, bool decode) {
    auto& im = *impl_;
    auto it = std::find_if(im.viewable.begin(), im.viewable.end(), [&](const Impl::Viewable& v) {
        return v.file == file_name && v.dataset == dataset && v.decode == decode &&
               v.scratch == &scratch;
    });
    if (it == im.viewable.end()) {
        Impl::Opened d = im.open_dataset(file_name, dataset);  // may drop the others
        const CfDecoder decoder = im.decoder_for(file_name, dataset, d.ds.get(), decode);
        Impl::Viewable v{file_name, dataset, decode, &scratch, nullptr, 1, 1};
        for (std::size_t a = 0; a < d.dims.size(); ++a) {
            v.values *= d.dims[a];
            if (a > 0) v.row *= d.dims[a];
        }
        if (const auto stored = h5::stored_doubles(d.ds.get());
            stored && !d.dims.empty() && decoder.applied().empty()) {
            v.mapped = std::make_unique<h5::MappedValues>(*stored);
            if (!v.mapped->ok()) v.mapped.reset();
        }
        if (im.viewable.size() == Impl::most_viewable) im.viewable.erase(im.viewable.begin());
        im.viewable.push_back(std::move(v));
        it = std::prev(im.viewable.end());
    }
    // Whole rows inside the dataset, as read_values requires (which says why not).
    if (it->mapped && count > 0 && first % it->row == 0 && count % it->row == 0) {
        if (const std::span<const double> values = it->mapped->view(first, count);
            values.size() == count)
            return {values, Streamed{it->values, {}}};
    }
    return Source::view_values(file_name, dataset, first, count, scratch, decode);
}

Coordinates Reader::read_coordinates(const std::string& file_name, const std::string& dataset,
                                     const std::vector<std::int64_t>& fixed,
                                     const std::vector<std::size_t>& axes) {
    auto& im = *impl_;
    Impl::Opened d = im.open_dataset(file_name, dataset);
    static_cast<void>(im.select(file_name, dataset, d.dims, fixed));  // checks `fixed`
    const std::vector<std::uint64_t> dims(d.dims.begin(), d.dims.end());
    const hid_t f = im.file.get();
    h5::Findings found = h5::find_coordinates(f, d.ds.get(), dataset, dims);
    Coordinates out;
    out.value_units = found.value_units;
    out.value_unit_si = found.value_unit_si;
    out.axes.reserve(axes.size());
    for (const std::size_t axis : axes) {
        if (axis >= dims.size()) {
            im.fail_coordinates(file_name, dataset,
                                "axis " + std::to_string(axis) + " asked for; it has " +
                                    std::to_string(dims.size()) + " axes");
        }
        const h5::AxisFinding& a = found.axes[axis];
        std::string where = "axis " + std::to_string(axis);
        if (!a.coordinate.name.empty()) where += " ('" + a.coordinate.name + "')";
        if (!a.problem.empty()) im.fail_coordinates(file_name, dataset, where + ": " + a.problem);
        AxisCoordinate c = a.coordinate;
        if (a.values.empty()) {
            out.axes.push_back(std::move(c));
            continue;
        }
        where += " from " + std::string(coordinate_source_name(c.source)) + " '" + a.values + "'";
        Array values;
        if (std::string why = im.read_values(f, a.values, values); !why.empty())
            im.fail_coordinates(file_name, dataset, where + ": " + why);
        if (a.spans.size() == 1 && values.shape.size() != 1) {
            im.fail_coordinates(file_name, dataset,
                                where + ": it has " + std::to_string(values.shape.size()) +
                                    " dimensions; a coordinate of one axis has 1");
        }
        if (std::string why = place_coordinate(values.values, values.shape, a.spans, dims, fixed,
                                               axis, c);
            !why.empty()) {
            im.fail_coordinates(file_name, dataset, where + ": " + why);
        }
        out.axes.push_back(std::move(c));
    }
    return out;
}

std::string Reader::library_version() {
    unsigned major = 0, minor = 0, release = 0;
    if (H5get_libversion(&major, &minor, &release) < 0) {
        H5Eclear2(H5E_DEFAULT);
        return "hdf5 (version unknown)";
    }
    return "hdf5 " + std::to_string(major) + '.' + std::to_string(minor) + '.' +
           std::to_string(release);
}

}  // namespace plotcluster

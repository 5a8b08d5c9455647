#include "plotcluster/catalog/hdf5_catalog.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <system_error>

#include "../hdf5/h5_dtype.hpp"
#include "../hdf5/h5_handle.hpp"

namespace plotcluster {

namespace {

// Scalar or one-element string/number attributes as text, for labels and templates.
std::string attribute_text(hid_t attr) {
    h5::Handle type = h5::type_handle(H5Aget_type(attr));
    h5::Handle space = h5::space_handle(H5Aget_space(attr));
    if (!type || !space || H5Sget_simple_extent_npoints(space.get()) != 1) return {};
    const H5T_class_t cls = H5Tget_class(type.get());
    if (cls == H5T_STRING) {
        if (H5Tis_variable_str(type.get()) > 0) {
            h5::Handle mem = h5::type_handle(H5Tcopy(H5T_C_S1));
            H5Tset_size(mem.get(), H5T_VARIABLE);
            H5Tset_cset(mem.get(), H5Tget_cset(type.get()));
            char* value = nullptr;
            if (H5Aread(attr, mem.get(), &value) < 0 || value == nullptr) return {};
            std::string text(value);
            H5free_memory(value);
            return text;
        }
        const std::size_t size = H5Tget_size(type.get());
        std::string text(size, '\0');
        h5::Handle mem = h5::type_handle(H5Tcopy(H5T_C_S1));
        H5Tset_size(mem.get(), size);
        if (H5Aread(attr, mem.get(), text.data()) < 0) return {};
        text.resize(std::min(text.find('\0'), text.size()));
        while (!text.empty() && text.back() == ' ') text.pop_back();  // space-padded
        return text;
    }
    if (cls == H5T_INTEGER) {
        long long v = 0;
        if (H5Aread(attr, H5T_NATIVE_LLONG, &v) < 0) return {};
        return std::to_string(v);
    }
    if (cls == H5T_FLOAT) {
        double v = 0;
        if (H5Aread(attr, H5T_NATIVE_DOUBLE, &v) < 0) return {};
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6g", v);
        return buf;
    }
    return {};
}

herr_t collect_attribute(hid_t loc, const char* name, const H5A_info_t*, void* out) {
    h5::Handle attr = h5::attr_handle(H5Aopen(loc, name, H5P_DEFAULT));
    if (attr) {
        auto text = attribute_text(attr.get());
        if (!text.empty()) (*static_cast<std::map<std::string, std::string>*>(out))[name] = text;
    }
    H5Eclear2(H5E_DEFAULT);  // an unreadable attribute is not the dataset's failure
    return 0;
}

DatasetInfo describe_dataset(hid_t file, const std::string& file_name, const std::string& path) {
    DatasetInfo info;
    info.file = file_name;
    info.dataset = path;
    h5::Handle ds = h5::dataset_handle(H5Dopen2(file, path.c_str(), H5P_DEFAULT));
    if (!ds) {
        // Listed anyway so the failure shows up as a row, not as a silent gap.
        info.dtype.name = "unreadable: " + h5::last_error();
        return info;
    }
    h5::Handle type = h5::type_handle(H5Dget_type(ds.get()));
    h5::Handle space = h5::space_handle(H5Dget_space(ds.get()));
    if (type) info.dtype = h5::describe_type(type.get());
    if (space) {
        const int rank = H5Sget_simple_extent_ndims(space.get());
        if (rank > 0) {
            std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
            H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
            info.shape.assign(dims.begin(), dims.end());
        } else if (H5Sget_simple_extent_type(space.get()) == H5S_NULL) {
            info.shape = {0};  // a null dataspace holds no elements
        }
    }
    hsize_t idx = 0;
    H5Aiterate2(ds.get(), H5_INDEX_NAME, H5_ITER_INC, &idx, collect_attribute, &info.attrs);
    H5Eclear2(H5E_DEFAULT);
    return info;
}

struct Walk {
    hid_t file;
    const std::string* file_name;
    std::vector<DatasetInfo>* out;
};

herr_t visit_link(hid_t group, const char* name, const H5L_info_t* link, void* data) {
    auto& walk = *static_cast<Walk*>(data);
    // Only hard links: soft and external links would list one dataset twice or leave the file.
    if (link->type != H5L_TYPE_HARD) return 0;
    H5O_info_t obj;
    if (H5Oget_info_by_name2(group, name, &obj, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
        H5Eclear2(H5E_DEFAULT);
        return 0;
    }
    if (obj.type == H5O_TYPE_DATASET) {
        walk.out->push_back(describe_dataset(walk.file, *walk.file_name, std::string("/") + name));
    }
    return 0;
}

// Lists one file's datasets into `out`; returns "" or why the file cannot be cataloged.
std::string walk_file(const std::string& file_name, std::vector<DatasetInfo>& out) {
    // HDF5 answers "not HDF5" for a file it cannot open; the system says why.
    const int fd = ::open(file_name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::generic_category().message(errno);
    ::close(fd);
    if (H5Fis_hdf5(file_name.c_str()) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        return "not an HDF5 file";
    }
    h5::Handle file = h5::open_read_only(file_name);
    if (!file) return h5::last_error();
    std::vector<DatasetInfo> found;
    Walk walk{file.get(), &file_name, &found};
    if (H5Lvisit(file.get(), H5_INDEX_NAME, H5_ITER_INC, visit_link, &walk) < 0) {
        return "cannot list the datasets: " + h5::last_error();
    }
    out.insert(out.end(), std::make_move_iterator(found.begin()),
               std::make_move_iterator(found.end()));
    return {};
}

}  // namespace

Catalog build_catalog(const std::vector<std::string>& files, const CatalogOptions& options) {
    h5::quiet_errors();
    Catalog catalog;
    catalog.files = files;
    for (const auto& file_name : files) {
        if (const auto skip = options.skip.find(file_name); skip != options.skip.end()) {
            catalog.unreadable.push_back({file_name, skip->second});
            continue;
        }
        if (options.before_file) options.before_file(file_name);
        std::string why = walk_file(file_name, catalog.datasets);
        if (options.after_file) options.after_file(file_name);
        if (!why.empty()) catalog.unreadable.push_back({file_name, std::move(why)});
    }
    std::stable_sort(catalog.datasets.begin(), catalog.datasets.end(),
                     [](const DatasetInfo& a, const DatasetInfo& b) {
                         return std::tie(a.file, a.dataset) < std::tie(b.file, b.dataset);
                     });
    return catalog;
}

}  // namespace plotcluster

#include "plotcluster/hdf5/hdf5_catalog.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <compare>
#include <cstdio>
#include <iterator>
#include <optional>
#include <set>
#include <system_error>
#include <tuple>

#include "h5_coordinates.hpp"
#include "h5_dtype.hpp"
#include "h5_filters.hpp"
#include "h5_handle.hpp"
#include "h5_linked_file.hpp"
#include "h5_text.hpp"
#include "h5_virtual.hpp"
#include "file_signature.hpp"

namespace plotcluster {

namespace {

// Scalar or one-element string/number attributes as text, for labels and templates; ""
// for any other attribute, and for one HDF5 cannot read (the caller clears its errors).
std::string attribute_text(hid_t attr) {
    h5::Handle type = h5::type_handle(H5Aget_type(attr));
    h5::Handle space = h5::space_handle(H5Aget_space(attr));
    // -1 (an error) is not 1 either.
    if (!type || !space || H5Sget_simple_extent_npoints(space.get()) != 1) return {};
    const H5T_class_t cls = H5Tget_class(type.get());  // H5T_NO_CLASS on error: ""
    if (cls == H5T_STRING) return h5::string_attribute(attr).value_or("");  // UTF-8
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

// netCDF-4 writes a dimension that has no coordinate variable as a dimension scale whose
// NAME says so; its values were never written.
void mark_netcdf_dimension(DatasetInfo& info) {
    constexpr std::string_view marker = "This is a netCDF dimension but not a netCDF variable";
    const auto cls = info.attrs.find("CLASS");
    const auto name = info.attrs.find("NAME");
    if (cls == info.attrs.end() || cls->second != "DIMENSION_SCALE" || name == info.attrs.end() ||
        !name->second.starts_with(marker))
        return;
    info.dimension_only = true;
    if (info.problem.empty())
        info.problem = "a netCDF dimension without coordinate values (not a variable): nothing to draw";
}

// The extent of an open dataset's dataspace: {} for a scalar, {0} for a null dataspace;
// nothing when HDF5 cannot say (last_error() says why).
std::optional<std::vector<std::uint64_t>> dataset_shape(hid_t ds) {
    h5::Handle space = h5::space_handle(H5Dget_space(ds));
    if (!space) return std::nullopt;
    const int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank < 0) return std::nullopt;
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    if (rank > 0 && H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0)
        return std::nullopt;
    if (rank > 0) return std::vector<std::uint64_t>(dims.begin(), dims.end());
    const H5S_class_t cls = H5Sget_simple_extent_type(space.get());
    if (cls == H5S_NO_CLASS) return std::nullopt;
    // A null dataspace holds no elements.
    return cls == H5S_NULL ? std::vector<std::uint64_t>{0} : std::vector<std::uint64_t>{};
}

DatasetInfo describe_dataset(hid_t file, const std::string& file_name, const std::string& path) {
    DatasetInfo info;
    info.file = file_name;
    info.dataset = path;
    // Each failure is listed anyway, so it shows up as a row, not as a silent gap.
    h5::Handle ds = h5::dataset_handle(H5Dopen2(file, path.c_str(), H5P_DEFAULT));
    if (!ds) {
        info.dtype.name = "unreadable: " + h5::last_error();
        return info;
    }
    h5::Handle type = h5::type_handle(H5Dget_type(ds.get()));
    if (!type) {
        info.dtype.name = "unreadable: cannot read its datatype: " + h5::last_error();
        return info;
    }
    info.dtype = h5::describe_type(type.get());
    if (auto shape = dataset_shape(ds.get())) {
        info.shape = std::move(*shape);
        info.dims = h5::dimension_names(file, ds.get(), path, info.shape);
        if (std::all_of(info.dims.begin(), info.dims.end(), [](const auto& d) { return d.empty(); }))
            info.dims.clear();
    } else {
        info.problem = "cannot read its dataspace: " + h5::last_error();
    }
    if (info.problem.empty()) info.problem = h5::missing_filters(ds.get());
    hsize_t idx = 0;
    // An attribute that cannot be read is left out (collect_attribute says why); an
    // iteration that stops early leaves the ones read so far: neither fails the dataset.
    static_cast<void>(
        H5Aiterate2(ds.get(), H5_INDEX_NAME, H5_ITER_INC, &idx, collect_attribute, &info.attrs));
    H5Eclear2(H5E_DEFAULT);
    mark_netcdf_dimension(info);
    return info;
}

// One object, wherever it was reached from: its file (device and inode, so two names of
// one file agree) and its address in that file.
struct ObjectKey {
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    haddr_t address = 0;
    auto operator<=>(const ObjectKey&) const = default;
};

struct Entry {
    DatasetInfo info;
    std::optional<ObjectKey> key;  // none for a dangling or unfollowed link
};

// Where the walk is inside a linked object: datasets below it are described as what
// they are reached through ("external -> det.h5:/entry/data" + the rest of their path).
struct Through {
    std::string link_path;  // path of the link in the input file, "" at the top
    std::string target;     // "external -> det.h5:/entry/data"
};

constexpr int max_external_depth = 8;  // links into files linking further on

struct Walk {
    hid_t file;                     // the input file: every path is opened from it
    const std::string* file_name;
    const CatalogOptions* options;
    std::vector<Entry>* out;
    std::set<ObjectKey> groups_seen;  // walked once: ends hard-link and external cycles
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> file_ids;  // name -> stat
    h5::SourceCache* sources;
    int external_depth = 0;

    // Nothing for an object HDF5 opened but cannot describe: it then has no aliases, and
    // the external depth still ends a cycle through it.
    std::optional<ObjectKey> key_of(hid_t obj) {
        H5O_info_t info{};
        if (H5Oget_info2(obj, &info, H5O_INFO_BASIC) < 0) {
            H5Eclear2(H5E_DEFAULT);
            return std::nullopt;
        }
        const std::string name = h5::file_name_of(obj);
        auto it = file_ids.find(name);
        if (it == file_ids.end()) {
            struct stat st{};
            if (name.empty() || ::stat(name.c_str(), &st) != 0) return std::nullopt;
            it = file_ids.emplace(name, std::make_pair(static_cast<std::uint64_t>(st.st_dev),
                                                       static_cast<std::uint64_t>(st.st_ino)))
                     .first;
        }
        return ObjectKey{it->second.first, it->second.second, info.addr};
    }
};

struct Level {
    Walk* walk;
    std::string prefix;  // the group's path in the input file
    Through through;
};

std::string joined(const std::string& prefix, const char* name) {
    return prefix == "/" ? "/" + std::string(name) : prefix + "/" + name;
}

// Link text for a path below `through`: the link's target plus the rest of the path.
std::string link_text(const Through& through, const std::string& path) {
    if (through.target.empty()) return {};
    return through.target + path.substr(through.link_path.size());
}

// The target of the soft or external link `name` in `group`: a soft link's path, or an
// external link's file and path. Nothing when HDF5 cannot read it (last_error() says why).
struct LinkValue {
    std::string file;  // external links only
    std::string path;
};

std::optional<LinkValue> link_value(hid_t group, const char* name, const H5L_info_t* link) {
    std::string buffer(link->u.val_size + 1, '\0');
    if (H5Lget_val(group, name, buffer.data(), buffer.size(), H5P_DEFAULT) < 0) return std::nullopt;
    if (link->type == H5L_TYPE_SOFT) return LinkValue{{}, buffer.c_str()};
    const char* file = nullptr;
    const char* path = nullptr;
    if (H5Lunpack_elink_val(buffer.data(), link->u.val_size, nullptr, &file, &path) < 0 ||
        file == nullptr || path == nullptr)
        return std::nullopt;
    return LinkValue{file, path};
}

// Why the external link to `target` (in the file `linking_file`) leads nowhere: the file
// is missing or unreadable, or holds no such object.
std::string dangling_external(const LinkValue& target, const std::string& linking_file) {
    const std::string head = "external link to '" + target.file + ":" + target.path + "': ";
    const h5::LinkedFile found = h5::find_linked_file(target.file, linking_file, "HDF5_EXT_PREFIX");
    if (found.path.empty()) {
        return head + "file '" + target.file + "' not found (looked in " +
               h5::folders_text(found.looked_in) + ")";
    }
    h5::Handle file = h5::open_read_only(found.path);
    if (!file) return head + "cannot open '" + found.path + "': " + h5::last_error();
    H5O_info_t info{};
    if (H5Oget_info_by_name2(file.get(), target.path.c_str(), &info, H5O_INFO_BASIC,
                             H5P_DEFAULT) < 0) {
        H5Eclear2(H5E_DEFAULT);
        return head + "no object '" + target.path + "' in '" + found.path + "'";
    }
    return head + "HDF5 cannot follow it";
}

// A listed entry for a link that draws nothing (dangling or unfollowed).
Entry link_entry(const Walk& walk, const std::string& path, std::string link, std::string problem) {
    Entry e;
    e.info.file = *walk.file_name;
    e.info.dataset = path;
    e.info.dtype.name = "link";
    e.info.link = std::move(link);
    e.info.problem = std::move(problem);
    return e;
}

void walk_group(Walk& walk, hid_t group, const std::string& prefix, const Through& through);

// A dataset at `path` of the input file, reached as `obj`.
void add_dataset(Walk& walk, hid_t obj, const std::string& path, std::string link) {
    Entry e;
    e.info = describe_dataset(walk.file, *walk.file_name, path);
    e.info.link = std::move(link);
    e.key = walk.key_of(obj);
    const h5::VirtualSources sources = h5::check_virtual_sources(obj, walk.sources);
    if (std::string missing = h5::missing_sources_text(sources); !missing.empty()) {
        if (!walk.options->virtual_missing_fails) {
            e.info.note = missing + " (drawn with the fill value there: input.virtual_missing: fill)";
        } else if (e.info.problem.empty()) {
            e.info.problem = missing + " (input.virtual_missing: fill draws the fill value there)";
        }
    }
    if (sources.patterned > 0 && e.info.note.empty()) {
        e.info.note = std::to_string(sources.patterned) + " virtual dataset mapping" +
                      (sources.patterned == 1 ? " is" : "s are") +
                      " named by a pattern (%b): not checked";
    }
    walk.out->push_back(std::move(e));
}

herr_t visit_link(hid_t group, const char* name, const H5L_info_t* link, void* data) {
    auto& level = *static_cast<Level*>(data);
    Walk& walk = *level.walk;
    const std::string path = joined(level.prefix, name);
    std::optional<LinkValue> target;
    std::string text = link_text(level.through, path);  // as reached so far
    Through through = level.through;
    if (link->type != H5L_TYPE_HARD) {
        // A user-defined link type: nothing HDF5 can follow, and nothing to list.
        if (link->type != H5L_TYPE_SOFT && link->type != H5L_TYPE_EXTERNAL) return 0;
        target = link_value(group, name, link);
        if (!target) {
            walk.out->push_back(
                link_entry(walk, path, "", "cannot read the link: " + h5::last_error()));
            return 0;
        }
        text = link->type == H5L_TYPE_SOFT ? "soft -> " + target->path
                                           : "external -> " + target->file + ":" + target->path;
        if (link->type == H5L_TYPE_EXTERNAL) through = {path, text};
    }
    if (link->type == H5L_TYPE_EXTERNAL && !walk.options->follow_links) {
        walk.out->push_back(link_entry(walk, path, text + ", not followed",
                                       "external link to '" + target->file + ":" + target->path +
                                           "' is not followed (input.follow_links: false)"));
        walk.out->back().info.unfollowed = true;
        return 0;
    }
    h5::Handle obj(H5Oopen(group, name, H5P_DEFAULT), H5Oclose);
    if (!obj) {
        const std::string why = h5::last_error();
        if (link->type == H5L_TYPE_EXTERNAL) {
            walk.out->push_back(
                link_entry(walk, path, text, dangling_external(*target, h5::file_name_of(group))));
        } else if (link->type == H5L_TYPE_SOFT) {
            walk.out->push_back(link_entry(walk, path, text,
                                           "soft link to '" + target->path +
                                               "': no such object in this file"));
        } else {
            // An object whose header cannot be read: a row, not a silent gap. A dataset is
            // described as far as it can be (its type says "unreadable: why").
            H5O_info_t info{};
            const bool dataset =
                H5Oget_info_by_name2(group, name, &info, H5O_INFO_BASIC, H5P_DEFAULT) >= 0 &&
                info.type == H5O_TYPE_DATASET;
            H5Eclear2(H5E_DEFAULT);
            Entry e;
            if (dataset) {
                e.info = describe_dataset(walk.file, *walk.file_name, path);
                e.info.link = text;
            } else {
                e = link_entry(walk, path, text, "cannot open the object: " + why);
                e.info.dtype.name = "unreadable: " + why;
            }
            walk.out->push_back(std::move(e));
        }
        return 0;
    }
    const H5I_type_t type = H5Iget_type(obj.get());
    if (type == H5I_BADID) {
        walk.out->push_back(
            link_entry(walk, path, text, "cannot tell what the object is: " + h5::last_error()));
        return 0;
    }
    if (type == H5I_DATASET) {
        add_dataset(walk, obj.get(), path, text);
    } else if (type == H5I_GROUP && link->type != H5L_TYPE_SOFT) {
        // Soft links to groups are left out: what they hold has paths of its own here.
        const auto key = walk.key_of(obj.get());
        if (key && !walk.groups_seen.insert(*key).second) return 0;
        if (link->type == H5L_TYPE_EXTERNAL && walk.external_depth >= max_external_depth) {
            walk.out->push_back(link_entry(walk, path, text,
                                           "external links nested more than " +
                                               std::to_string(max_external_depth) + " deep"));
            return 0;
        }
        const int depth = link->type == H5L_TYPE_EXTERNAL ? 1 : 0;
        walk.external_depth += depth;
        walk_group(walk, obj.get(), path, through);
        walk.external_depth -= depth;
    }
    H5Eclear2(H5E_DEFAULT);
    return 0;
}

void walk_group(Walk& walk, hid_t group, const std::string& prefix, const Through& through) {
    Level level{&walk, prefix, through};
    hsize_t idx = 0;
    if (H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &idx, visit_link, &level) < 0) {
        walk.out->push_back(link_entry(walk, prefix, link_text(through, prefix),
                                       "cannot list the group: " + h5::last_error()));
    }
}

// Lists one file's datasets into `out`; returns "" or why the file cannot be cataloged.
std::string walk_file(const std::string& file_name, const CatalogOptions& options,
                      h5::SourceCache& sources, std::vector<Entry>& out) {
    // HDF5 answers "not HDF5" for a file it cannot open; the system says why.
    const int fd = ::open(file_name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::generic_category().message(errno);
    ::close(fd);
    const htri_t hdf5 = H5Fis_hdf5(file_name.c_str());
    if (hdf5 < 0) return "cannot tell whether it is an HDF5 file: " + h5::last_error();
    if (hdf5 == 0) {
        const std::string kind = non_hdf5_kind(file_name);
        return kind.empty() ? "not an HDF5 file" : "not an HDF5 file (" + kind + ")";
    }
    h5::Handle file = h5::open_read_only(file_name);
    if (!file) return h5::last_error();
    std::vector<Entry> found;
    Walk walk{file.get(), &file_name, &options, &found, {}, {}, &sources};
    h5::Handle root(H5Oopen(file.get(), "/", H5P_DEFAULT), H5Oclose);
    if (!root) return "cannot open the root group: " + h5::last_error();
    if (const auto key = walk.key_of(root.get())) walk.groups_seen.insert(*key);
    Level level{&walk, "/", {}};
    hsize_t idx = 0;
    if (H5Literate(root.get(), H5_INDEX_NAME, H5_ITER_INC, &idx, visit_link, &level) < 0) {
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
    std::vector<Entry> entries;
    h5::SourceCache sources;
    for (const auto& file_name : files) {
        if (const auto skip = options.skip.find(file_name); skip != options.skip.end()) {
            catalog.unreadable.push_back({file_name, skip->second, /*left_out=*/true});
            continue;
        }
        if (options.before_file) options.before_file(file_name);
        std::string why = walk_file(file_name, options, sources, entries);
        if (options.after_file) options.after_file(file_name);
        if (!why.empty()) catalog.unreadable.push_back({file_name, std::move(why)});
    }
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return std::tie(a.info.file, a.info.dataset) < std::tie(b.info.file, b.info.dataset);
    });
    // One object, several paths: the first in catalog order is its name, the others aliases.
    std::map<ObjectKey, const DatasetInfo*> first;
    catalog.datasets.reserve(entries.size());
    for (auto& e : entries) {
        catalog.datasets.push_back(std::move(e.info));
        if (!e.key) continue;
        const auto [it, fresh] = first.try_emplace(*e.key, nullptr);
        DatasetInfo& ds = catalog.datasets.back();
        if (fresh) {
            it->second = &ds;  // stable: reserved above
        } else {
            ds.alias_of = it->second->file == ds.file
                              ? it->second->dataset
                              : it->second->file + ":" + it->second->dataset;
        }
    }
    return catalog;
}

}  // namespace plotcluster

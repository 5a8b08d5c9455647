#include "h5_coordinates.hpp"

#include <H5DSpublic.h>
#include <H5LTpublic.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string_view>

#include "h5_attribute.hpp"
#include "h5_handle.hpp"

namespace plotcluster::h5 {

namespace {

constexpr std::string_view netcdf_dimension_marker =
    "This is a netCDF dimension but not a netCDF variable";

std::string parent_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string joined(const std::string& group, const std::string& name) {
    return group == "/" ? "/" + name : group + "/" + name;
}

Handle open_object(hid_t file, const std::string& path) {
    // H5LTpath_valid checks each step, so a missing one is no error on the stack.
    if (path != "/" && H5LTpath_valid(file, path.c_str(), 1) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        return {};
    }
    Handle obj(H5Oopen(file, path.c_str(), H5P_DEFAULT), H5Oclose);
    if (!obj) H5Eclear2(H5E_DEFAULT);
    return obj;
}

bool is_dataset(hid_t obj) { return H5Iget_type(obj) == H5I_DATASET; }

int rank_of(hid_t ds) {
    Handle space = space_handle(H5Dget_space(ds));
    const int rank = space ? H5Sget_simple_extent_ndims(space.get()) : -1;
    if (rank < 0) H5Eclear2(H5E_DEFAULT);
    return rank;
}

std::vector<std::uint64_t> extents_of(hid_t ds) {
    Handle space = space_handle(H5Dget_space(ds));
    const int rank = space ? H5Sget_simple_extent_ndims(space.get()) : -1;
    if (rank <= 0) {
        H5Eclear2(H5E_DEFAULT);
        return {};
    }
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    if (H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0) {
        H5Eclear2(H5E_DEFAULT);
        return {};
    }
    return {dims.begin(), dims.end()};
}

std::string name_of(hid_t obj) {
    const ssize_t n = H5Iget_name(obj, nullptr, 0);
    if (n <= 0) {
        H5Eclear2(H5E_DEFAULT);
        return {};
    }
    std::string name(static_cast<std::size_t>(n) + 1, '\0');
    if (H5Iget_name(obj, name.data(), name.size()) < 0) {
        H5Eclear2(H5E_DEFAULT);
        return {};
    }
    name.resize(static_cast<std::size_t>(n));
    return name;
}

// A dataset `name` as netCDF resolves names: in `group`, else in each enclosing group.
// An absolute name is taken as it is. "" when there is none.
std::string find_upwards(hid_t file, const std::string& group, const std::string& name) {
    if (name.empty()) return {};
    if (name.front() == '/') return open_object(file, name) ? name : std::string{};
    for (std::string g = group;; g = parent_of(g)) {
        std::string candidate = joined(g, name);
        if (Handle obj = open_object(file, candidate); obj && is_dataset(obj.get())) return candidate;
        if (g == "/") return {};
    }
}

void describe_from(hid_t obj, AxisCoordinate& c) {
    c.label = text_attribute(obj, "long_name").value_or("");
    c.units = text_attribute(obj, "units").value_or("");
}

// --- HDF5 dimension scales -----------------------------------------------------------

struct FirstScale {
    std::string path;
    std::string name;  // its NAME
    bool pure_dimension = false;  // netCDF's "not a variable" marker
    int rank = 0;
    std::string long_name, units;
};

herr_t visit_scale(hid_t /*dataset*/, unsigned /*dim*/, hid_t scale, void* data) {
    auto& s = *static_cast<FirstScale*>(data);
    s.path = name_of(scale);
    const ssize_t n = H5DSget_scale_name(scale, nullptr, 0);
    if (n > 0) {
        std::string name(static_cast<std::size_t>(n) + 1, '\0');
        if (H5DSget_scale_name(scale, name.data(), name.size()) >= 0) {
            name.resize(std::min(name.find('\0'), name.size()));
            s.name = name;
        }
    }
    H5Eclear2(H5E_DEFAULT);
    s.pure_dimension = s.name.starts_with(netcdf_dimension_marker);
    s.rank = rank_of(scale);
    s.long_name = text_attribute(scale, "long_name").value_or("");
    s.units = text_attribute(scale, "units").value_or("");
    return 1;  // the first scale attached is the coordinate; HDF5 closes `scale`
}

std::string dimension_label(hid_t ds, unsigned axis) {
    const ssize_t n = H5DSget_label(ds, axis, nullptr, 0);
    if (n <= 0) {
        H5Eclear2(H5E_DEFAULT);
        return {};
    }
    std::string label(static_cast<std::size_t>(n) + 1, '\0');
    if (H5DSget_label(ds, axis, label.data(), label.size()) < 0) {
        H5Eclear2(H5E_DEFAULT);
        return {};
    }
    label.resize(std::min(label.find('\0'), label.size()));
    return label;
}

void from_dimension_scales(hid_t ds, const std::string& path, Findings& f) {
    if (H5DSis_scale(ds) > 0) {
        // A scale is its own dimension: named, placed by nothing else.
        const ssize_t n = H5DSget_scale_name(ds, nullptr, 0);
        std::string name;
        if (n > 0) {
            name.assign(static_cast<std::size_t>(n) + 1, '\0');
            if (H5DSget_scale_name(ds, name.data(), name.size()) < 0) name.clear();
            name.resize(std::min(name.find('\0'), name.size()));
        }
        if (name.empty() || name.starts_with(netcdf_dimension_marker)) name = base_of(path);
        if (!f.axes.empty()) f.axes[0].coordinate.name = name;
        H5Eclear2(H5E_DEFAULT);
        return;
    }
    H5Eclear2(H5E_DEFAULT);
    const bool has_list = H5Aexists(ds, "DIMENSION_LIST") > 0;
    H5Eclear2(H5E_DEFAULT);
    for (std::size_t axis = 0; axis < f.axes.size(); ++axis) {
        AxisFinding& a = f.axes[axis];
        const auto dim = static_cast<unsigned>(axis);
        a.coordinate.name = dimension_label(ds, dim);
        if (!has_list) continue;
        const int scales = H5DSget_num_scales(ds, dim);
        if (scales < 0) {
            a.problem = "cannot read its dimension scales: " + last_error();
            continue;
        }
        if (scales == 0) continue;
        FirstScale s;
        int idx = 0;
        if (H5DSiterate_scales(ds, dim, &idx, visit_scale, &s) < 0) {
            // The HL library leaves no error of its own when the reference dangles.
            const std::string why = last_error();
            a.problem = "the dimension scale attached to it cannot be opened (was it deleted?)" +
                        (why == "unknown HDF5 error" ? std::string{} : ": " + why);
            continue;
        }
        if (s.path.empty()) {
            // Deleting a scale's last link leaves the reference pointing at an object no
            // path reaches (HDF5 may still open what remains of it).
            a.problem = "the dimension scale attached to it is linked nowhere in the file (was it "
                        "deleted?)";
            continue;
        }
        if (a.coordinate.name.empty())
            a.coordinate.name = !s.name.empty() && !s.pure_dimension ? s.name : base_of(s.path);
        if (s.pure_dimension) continue;  // netCDF: a dimension without values
        if (s.rank != 1) {
            a.problem = "its dimension scale '" + s.path + "' has " + std::to_string(s.rank) +
                        " dimensions; a coordinate has 1";
            continue;
        }
        a.values = s.path;
        a.spans = {axis};
        a.coordinate.source = CoordinateSource::dimension_scale;
        a.coordinate.path = s.path;
        a.coordinate.label = s.long_name;
        a.coordinate.units = s.units;
    }
}

bool open_axis(const AxisFinding& a) { return a.values.empty() && a.coordinate.source == CoordinateSource::none && a.problem.empty(); }

// --- netCDF coordinate variables -------------------------------------------------------

bool pure_dimension(hid_t ds) {
    const auto name = text_attribute(ds, "NAME");
    return name && name->starts_with(netcdf_dimension_marker);
}

void from_coordinate_variables(hid_t file, const std::string& path, Findings& f) {
    for (std::size_t axis = 0; axis < f.axes.size(); ++axis) {
        AxisFinding& a = f.axes[axis];
        if (!open_axis(a) || a.coordinate.name.empty()) continue;
        const std::string found = find_upwards(file, parent_of(path), a.coordinate.name);
        if (found.empty() || found == path) continue;
        Handle var = open_object(file, found);
        if (!var || !is_dataset(var.get()) || rank_of(var.get()) != 1 || pure_dimension(var.get()))
            continue;
        a.values = found;
        a.spans = {axis};
        a.coordinate.source = CoordinateSource::netcdf_variable;
        a.coordinate.path = found;
        describe_from(var.get(), a.coordinate);
    }
}

// --- CF auxiliary coordinates (the `coordinates` attribute) ----------------------------

enum class Role { unknown, x, y };

Role role_of(hid_t var) {
    const std::string standard = text_attribute(var, "standard_name").value_or("");
    const std::string units = text_attribute(var, "units").value_or("");
    const std::string axis = text_attribute(var, "axis").value_or("");
    static constexpr std::array<std::string_view, 6> north{
        "degrees_north", "degree_north", "degree_N", "degrees_N", "degreeN", "degreesN"};
    static constexpr std::array<std::string_view, 6> east{
        "degrees_east", "degree_east", "degree_E", "degrees_E", "degreeE", "degreesE"};
    if (standard == "latitude" || standard == "grid_latitude" ||
        standard == "projection_y_coordinate" || axis == "Y" ||
        std::find(north.begin(), north.end(), units) != north.end())
        return Role::y;
    if (standard == "longitude" || standard == "grid_longitude" ||
        standard == "projection_x_coordinate" || axis == "X" ||
        std::find(east.begin(), east.end(), units) != east.end())
        return Role::x;
    return Role::unknown;
}

std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    for (const char ch : text + ' ') {
        if (ch == ' ' || ch == '\t' || ch == '\n') {
            if (!word.empty()) words.push_back(std::move(word));
            word.clear();
        } else {
            word.push_back(ch);
        }
    }
    return words;
}

struct Auxiliary {
    std::string path;
    std::vector<std::size_t> spans;  // data axes, in the variable's order
    Role role = Role::unknown;
    AxisCoordinate described;
};

void from_auxiliary_coordinates(hid_t file, hid_t ds, const std::string& path,
                                const std::vector<std::uint64_t>& dims, Findings& f) {
    const auto attribute = text_attribute(ds, "coordinates");
    if (!attribute) return;
    std::vector<Auxiliary> two_d;
    for (const std::string& word : split_words(*attribute)) {
        const std::string found = find_upwards(file, parent_of(path), word);
        if (found.empty() || found == path) continue;
        Handle var = open_object(file, found);
        if (!var || !is_dataset(var.get())) continue;
        const std::vector<std::uint64_t> extents = extents_of(var.get());
        if (extents.empty() || extents.size() > 2) continue;
        // Its axes among the data's, by dimension name, else (with no names) the data's
        // last ones when the extents agree.
        const std::vector<std::string> names = dimension_names(file, var.get(), found, extents);
        std::vector<std::size_t> spans;
        for (const std::string& name : names) {
            std::size_t hits = 0, at = 0;
            for (std::size_t axis = 0; axis < f.axes.size(); ++axis) {
                if (!name.empty() && f.axes[axis].coordinate.name == name) {
                    ++hits;
                    at = axis;
                }
            }
            if (hits == 1) spans.push_back(at);
        }
        if (spans.size() != extents.size()) {
            spans.clear();
            if (dims.size() < extents.size()) continue;
            for (std::size_t i = 0; i < extents.size(); ++i)
                spans.push_back(dims.size() - extents.size() + i);
        }
        bool fits = true;
        for (std::size_t i = 0; i < spans.size(); ++i) fits = fits && dims[spans[i]] == extents[i];
        if (!fits || (spans.size() == 2 && spans[0] == spans[1])) continue;
        Auxiliary aux{found, spans, role_of(var.get()), {}};
        aux.described.source = CoordinateSource::cf_auxiliary;
        aux.described.path = found;
        describe_from(var.get(), aux.described);
        if (spans.size() == 1) {
            AxisFinding& a = f.axes[spans[0]];
            if (!open_axis(a)) continue;
            const std::string name = a.coordinate.name;
            a.coordinate = aux.described;
            a.coordinate.name = name.empty() ? word : name;
            a.values = found;
            a.spans = spans;
        } else {
            two_d.push_back(std::move(aux));
        }
    }
    // A curvilinear grid needs both: lat (or y) for the first of the two data axes, lon
    // (or x) for the second. One of the two unidentified is taken as the other role.
    for (std::size_t i = 0; i < two_d.size(); ++i) {
        for (std::size_t j = 0; j < two_d.size(); ++j) {
            if (i == j) continue;
            Auxiliary& y = two_d[i];
            Auxiliary& x = two_d[j];
            std::vector<std::size_t> sorted_y = y.spans, sorted_x = x.spans;
            std::sort(sorted_y.begin(), sorted_y.end());
            std::sort(sorted_x.begin(), sorted_x.end());
            if (sorted_y != sorted_x) continue;
            const bool roles = (y.role == Role::y && x.role != Role::y) ||
                               (x.role == Role::x && y.role == Role::unknown);
            if (!roles) continue;
            const std::size_t row = sorted_y[0], column = sorted_y[1];
            if (!open_axis(f.axes[row]) || !open_axis(f.axes[column])) continue;
            for (const auto& [axis, aux] : {std::pair{row, &y}, std::pair{column, &x}}) {
                AxisFinding& a = f.axes[axis];
                const std::string name = a.coordinate.name;
                a.coordinate = aux->described;
                a.coordinate.name = name.empty() ? base_of(aux->path) : name;
                a.coordinate.form = AxisCoordinate::Form::curvilinear;
                a.values = aux->path;
                a.spans = aux->spans;
            }
            return;
        }
    }
}

// --- NeXus NXdata ----------------------------------------------------------------------

std::vector<std::string> axis_names(hid_t obj) {
    auto texts = texts_attribute(obj, "axes");
    if (!texts) return {};
    // NeXus before 2014 wrote one string, "x:y" or "x,y".
    if (texts->size() == 1) {
        std::string one = texts->front();
        std::replace(one.begin(), one.end(), ':', ' ');
        std::replace(one.begin(), one.end(), ',', ' ');
        return split_words(one);
    }
    for (auto& t : *texts) t.erase(std::remove(t.begin(), t.end(), ' '), t.end());
    return *texts;
}

void from_nexus(hid_t file, hid_t ds, const std::string& path, Findings& f) {
    const std::string group_path = parent_of(path);
    Handle group = open_object(file, group_path);
    if (!group || H5Iget_type(group.get()) != H5I_GROUP) return;
    if (text_attribute(group.get(), "NX_class").value_or("") != "NXdata") return;
    const auto signal = text_attribute(group.get(), "signal");
    const auto old_signal = numbers_attribute(ds, "signal");
    const bool is_signal = (signal && *signal == base_of(path)) ||
                           (old_signal && old_signal->size() == 1 && old_signal->front() == 1) ||
                           text_attribute(ds, "signal").value_or("") == "1";
    if (!is_signal) return;
    std::vector<std::string> axes = axis_names(group.get());
    if (axes.empty()) axes = axis_names(ds);
    for (std::size_t position = 0; position < axes.size(); ++position) {
        const std::string& name = axes[position];
        if (name.empty() || name == ".") continue;
        std::vector<std::size_t> indices;
        if (const auto given = numbers_attribute(group.get(), (name + "_indices").c_str())) {
            for (const double v : *given) {
                if (v < 0 || v >= static_cast<double>(f.axes.size()) || v != std::floor(v)) {
                    indices.clear();
                    break;
                }
                indices.push_back(static_cast<std::size_t>(v));
            }
            if (indices.empty()) continue;  // indices that fit no axis of this signal
        } else if (position < f.axes.size()) {
            indices = {position};
        } else {
            continue;
        }
        // A 2-D axis is the coordinate of the data axis at its place in @axes when that is
        // one of its indices, else of its last.
        const std::size_t axis =
            std::find(indices.begin(), indices.end(), position) != indices.end() ? position
                                                                                 : indices.back();
        AxisFinding& a = f.axes[axis];
        if (!open_axis(a)) continue;
        if (a.coordinate.name.empty()) a.coordinate.name = name;
        const std::string axis_path = joined(group_path, name);
        Handle var = open_object(file, axis_path);
        if (!var || !is_dataset(var.get())) {
            a.problem = "NeXus @axes of '" + group_path + "' names '" + name +
                        "', which is no dataset in that group";
            continue;
        }
        const int rank = rank_of(var.get());
        if (rank != static_cast<int>(indices.size()) || rank < 1 || rank > 2) {
            a.problem = "NeXus axis '" + axis_path + "' has " + std::to_string(rank) +
                        " dimensions for " + std::to_string(indices.size()) + " indices";
            continue;
        }
        a.coordinate.source = CoordinateSource::nexus;
        a.coordinate.path = axis_path;
        describe_from(var.get(), a.coordinate);
        if (rank == 2) a.coordinate.form = AxisCoordinate::Form::curvilinear;
        a.values = axis_path;
        a.spans = indices;
    }
}

// --- openPMD meshes --------------------------------------------------------------------

void from_openpmd(hid_t file, hid_t ds, const std::string& path, Findings& f) {
    // A mesh is a dataset (a scalar record) or a group of components (x, y, z).
    std::string mesh_path = path;
    Handle parent;
    hid_t mesh = ds;
    if (H5Aexists(ds, "gridSpacing") <= 0) {
        H5Eclear2(H5E_DEFAULT);
        mesh_path = parent_of(path);
        parent = open_object(file, mesh_path);
        if (!parent || H5Aexists(parent.get(), "gridSpacing") <= 0) {
            H5Eclear2(H5E_DEFAULT);
            return;
        }
        mesh = parent.get();
    }
    const std::size_t rank = f.axes.size();
    const auto spacing = numbers_attribute(mesh, "gridSpacing").value_or(std::vector<double>{});
    const auto offset = numbers_attribute(mesh, "gridGlobalOffset");
    const auto unit = numbers_attribute(mesh, "gridUnitSI");
    const auto labels = texts_attribute(mesh, "axisLabels");
    const std::string order = text_attribute(mesh, "dataOrder").value_or("C");
    const std::string geometry = text_attribute(mesh, "geometry").value_or("");
    const auto grid_units = numbers_attribute(mesh, "gridUnitDimension");
    const auto position = numbers_attribute(ds, "position");
    // A record with a `units` attribute of its own says what its values are: as stored.
    if (!text_attribute(ds, "units")) {
        if (const auto dims = numbers_attribute(mesh, "unitDimension"); dims && dims->size() == 7)
            f.value_units = si_units_text(*dims);
        if (const auto si = numbers_attribute(ds, "unitSI"); si && si->size() == 1)
            f.value_unit_si = si->front();
    }

    // thetaMode data has the azimuthal modes first, then the axes the attributes describe.
    const std::size_t k = spacing.size();
    const std::size_t first = geometry == "thetaMode" && k + 1 == rank ? 1 : 0;
    std::string problem;
    const auto check = [&](const char* what, std::size_t n, bool allow_one) {
        if (problem.empty() && n != k && !(allow_one && n == 1)) {
            problem = "openPMD mesh '" + mesh_path + "': " + what + " has " + std::to_string(n) +
                      " values for " + std::to_string(k) + " axes";
        }
    };
    if (k == 0 || k + first != rank) {
        problem = "openPMD mesh '" + mesh_path + "': gridSpacing has " + std::to_string(k) +
                  " values for the " + std::to_string(rank) + " axes of '" + base_of(path) + "'";
    }
    if (offset) check("gridGlobalOffset", offset->size(), false);
    if (labels) check("axisLabels", labels->size(), false);
    if (position) check("position", position->size(), false);
    if (unit) check("gridUnitSI", unit->size(), true);
    if (!problem.empty()) {
        for (AxisFinding& a : f.axes) {
            if (open_axis(a)) a.problem = problem;
        }
        return;
    }
    for (std::size_t q = 0; q < k; ++q) {
        // dataOrder "F" lists the axes fastest first: the reverse of HDF5's (C) order.
        const std::size_t axis = first + (order == "F" ? k - 1 - q : q);
        AxisFinding& a = f.axes[axis];
        if (!open_axis(a)) continue;
        const double si = unit ? (unit->size() == 1 ? unit->front() : (*unit)[q]) : 1.0;
        const double at = position ? (*position)[q] : 0.0;
        const double off = offset ? (*offset)[q] : 0.0;
        AxisCoordinate& c = a.coordinate;
        const std::string label = labels ? (*labels)[q] : std::string{};
        if (c.name.empty()) c.name = label;
        c.label = label;
        c.units = "m";
        if (grid_units && grid_units->size() == 7 * k)
            c.units = si_units_text(std::span<const double>(*grid_units).subspan(7 * q, 7));
        c.form = AxisCoordinate::Form::uniform;
        c.start = (off + at * spacing[q]) * si;
        c.step = spacing[q] * si;
        c.source = CoordinateSource::openpmd;
        c.path = mesh_path;
    }
}

}  // namespace

Findings find_coordinates(hid_t file, hid_t ds, const std::string& path,
                          const std::vector<std::uint64_t>& dims, bool names_only) {
    Findings f;
    f.axes.resize(dims.size());
    for (std::size_t axis = 0; axis < dims.size(); ++axis) f.axes[axis].coordinate.cells = dims[axis];
    if (dims.empty()) return f;
    from_dimension_scales(ds, path, f);
    from_coordinate_variables(file, path, f);
    if (!names_only) from_auxiliary_coordinates(file, ds, path, dims, f);
    from_nexus(file, ds, path, f);
    from_openpmd(file, ds, path, f);
    H5Eclear2(H5E_DEFAULT);
    return f;
}

std::vector<std::string> dimension_names(hid_t file, hid_t ds, const std::string& path,
                                         const std::vector<std::uint64_t>& dims) {
    Findings f = find_coordinates(file, ds, path, dims, /*names_only=*/true);
    std::vector<std::string> names;
    names.reserve(f.axes.size());
    for (AxisFinding& a : f.axes) names.push_back(std::move(a.coordinate.name));
    return names;
}

}  // namespace plotcluster::h5

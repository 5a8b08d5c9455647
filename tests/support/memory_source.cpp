#include "support/memory_source.hpp"

#include <algorithm>
#include <stdexcept>
#include <thread>
#include <tuple>

#include "plotcluster/error.hpp"

namespace plotcluster::test {
namespace {

std::uint64_t product(const std::vector<std::uint64_t>& shape) {
    std::uint64_t n = 1;
    for (const auto d : shape) n *= d;
    return n;
}

}  // namespace

MemorySource::Dataset& MemorySource::add(const std::string& file, const std::string& dataset,
                                         std::vector<std::uint64_t> shape,
                                         std::vector<double> values,
                                         std::map<std::string, std::string> attrs) {
    if (product(shape) != values.size())
        throw std::invalid_argument("MemorySource: " + dataset + ": values do not fill the shape");
    Dataset& d = data_[{file, dataset}];
    d = Dataset{};
    d.shape = std::move(shape);
    d.values = std::move(values);
    d.attrs = std::move(attrs);
    return d;
}

void MemorySource::fail(const std::string& file, const std::string& dataset,
                        const std::string& why) const {
    throw DatasetError("memory: cannot read dataset '" + dataset + "' in '" + file + "' (rank " +
                       std::to_string(rank_) + "): " + why);
}

Catalog MemorySource::catalog(const std::vector<std::string>& files) {
    Catalog c;
    c.files = files;
    for (const auto& file : files) {
        const auto broken = broken_.find(file);
        if (broken != broken_.end()) {
            c.unreadable.push_back({file, broken->second, false});
            continue;
        }
        bool any = false;
        for (const auto& [key, d] : data_) {
            if (key.first != file) continue;
            any = true;
            DatasetInfo info;
            info.file = file;
            info.dataset = key.second;
            info.shape = d.shape;
            info.dtype = d.dtype;
            info.attrs = d.attrs;
            for (const auto& [axis, coordinate] : d.coordinates) {
                if (axis >= d.shape.size() || coordinate.described.name.empty()) continue;
                info.dims.resize(d.shape.size());
                info.dims[axis] = coordinate.described.name;
            }
            c.datasets.push_back(std::move(info));
        }
        if (!any) c.unreadable.push_back({file, "no such file", false});
    }
    std::sort(c.datasets.begin(), c.datasets.end(), [](const DatasetInfo& a, const DatasetInfo& b) {
        return std::tie(a.file, a.dataset) < std::tie(b.file, b.dataset);
    });
    return c;
}

Array MemorySource::read_slab(const std::string& file, const std::string& dataset,
                              const std::vector<std::int64_t>& fixed, bool decode) {
    ++reads_;
    const auto it = data_.find({file, dataset});
    if (it == data_.end()) fail(file, dataset, "no such dataset");
    const Dataset& d = it->second;
    if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
    if (!d.dtype.numeric())
        fail(file, dataset, d.dtype.name + " dataset cannot be plotted (only integer and float data)");
    const auto& dims = d.shape;
    if (!fixed.empty() && fixed.size() != dims.size()) {
        fail(file, dataset,
             "it has " + std::to_string(dims.size()) + " dimensions, the plan expected " +
                 std::to_string(fixed.size()));
    }
    // Start and count per axis, as a hyperslab; the kept axes make the shape.
    std::vector<std::uint64_t> start(dims.size(), 0), count = dims;
    Array out;
    for (std::size_t a = 0; a < dims.size(); ++a) {
        const std::int64_t at = fixed.empty() ? -1 : fixed[a];
        if (at >= 0) {
            if (static_cast<std::uint64_t>(at) >= dims[a])
                fail(file, dataset, "slice index " + std::to_string(at) + " is out of range for axis " +
                                        std::to_string(a));
            start[a] = static_cast<std::uint64_t>(at);
            count[a] = 1;
        } else if (dims[a] != 1) {
            out.shape.push_back(dims[a]);
        }
    }
    const std::uint64_t n = dims.empty() ? 1 : product(count);
    out.values.reserve(n);
    // Row-major odometer over the selection.
    std::vector<std::uint64_t> at(dims.size(), 0);
    for (std::uint64_t k = 0; k < n; ++k) {
        std::uint64_t offset = 0;
        for (std::size_t a = 0; a < dims.size(); ++a) offset = offset * dims[a] + start[a] + at[a];
        out.values.push_back(d.values[offset]);
        for (std::size_t a = dims.size(); a-- > 0;) {
            if (++at[a] < count[a]) break;
            at[a] = 0;
        }
    }
    if (decode && d.cf) {
        const CfDecoder decoder(d.cf->first, d.cf->second);
        decoder.apply(out.values);
        out.decoded = decoder.applied();
    }
    return out;
}

Source::Streamed MemorySource::read_chunks(const std::string& file, const std::string& dataset,
                                           const std::vector<std::int64_t>& fixed,
                                           std::uint64_t chunk,
                                           const std::function<void(std::span<const double>)>& consume,
                                           bool decode) {
    Array all = read_slab(file, dataset, fixed, decode);
    Streamed out{all.values.size(), all.decoded};
    chunk = std::max<std::uint64_t>(chunk, 1);
    for (std::size_t done = 0; done < all.values.size();) {
        const std::size_t n = std::min<std::uint64_t>(chunk, all.values.size() - done);
        consume(std::span<const double>(all.values.data() + done, n));
        done += n;
    }
    return out;
}

Source::Streamed MemorySource::read_values(const std::string& file, const std::string& dataset,
                                           std::uint64_t first, std::span<double> out,
                                           bool decode) {
    const Array all = read_slab(file, dataset, {}, decode);
    Streamed got{all.values.size(), all.decoded};
    if (out.empty()) return got;
    const std::uint64_t row =
        all.shape.empty() ? 1 : all.values.size() / std::max<std::uint64_t>(all.shape[0], 1);
    if (first % row != 0 || out.size() % row != 0 || first + out.size() > all.values.size())
        fail(file, dataset,
             "values [" + std::to_string(first) + ", " + std::to_string(first + out.size()) +
                 ") are not whole rows within its " + std::to_string(all.values.size()) +
                 " values");
    std::copy_n(all.values.begin() + static_cast<std::ptrdiff_t>(first), out.size(), out.begin());
    return got;
}

Coordinates MemorySource::read_coordinates(const std::string& file, const std::string& dataset,
                                           const std::vector<std::int64_t>& fixed,
                                           const std::vector<std::size_t>& axes) {
    ++reads_;
    const auto it = data_.find({file, dataset});
    if (it == data_.end()) fail(file, dataset, "no such dataset");
    const Dataset& d = it->second;
    if (!fixed.empty() && fixed.size() != d.shape.size())
        fail(file, dataset, "the plan expected " + std::to_string(fixed.size()) + " dimensions");
    Coordinates out;
    out.value_units = d.value_units;
    out.value_unit_si = d.value_unit_si;
    for (const std::size_t axis : axes) {
        if (axis >= d.shape.size()) fail(file, dataset, "no axis " + std::to_string(axis));
        const auto c = d.coordinates.find(axis);
        if (c == d.coordinates.end()) {
            AxisCoordinate index;
            index.cells = d.shape[axis];
            out.axes.push_back(index);
            continue;
        }
        AxisCoordinate placed = c->second.described;
        const std::string where = "axis " + std::to_string(axis) + " ('" + placed.name + "')";
        if (!c->second.problem.empty()) fail(file, dataset, where + ": " + c->second.problem);
        if (!c->second.values.empty()) {
            const std::vector<std::size_t> spans =
                c->second.spans.empty() ? std::vector<std::size_t>{axis} : c->second.spans;
            const std::vector<std::uint64_t> shape =
                c->second.shape.empty() ? std::vector<std::uint64_t>{c->second.values.size()}
                                        : c->second.shape;
            if (std::string why = place_coordinate(c->second.values, shape, spans, d.shape, fixed,
                                                   axis, placed);
                !why.empty()) {
                fail(file, dataset, where + " from '" + placed.path + "': " + why);
            }
        } else {
            placed.cells = d.shape[axis];
        }
        out.axes.push_back(std::move(placed));
    }
    return out;
}

}  // namespace plotcluster::test

#include "plotcluster/core/shape.hpp"

namespace plotcluster {

std::string shape_text(const Shape& shape) {
    if (shape.empty()) return "scalar";
    std::string s;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) s += "×";
        s += std::to_string(shape[i]);
    }
    return s;
}

}  // namespace plotcluster

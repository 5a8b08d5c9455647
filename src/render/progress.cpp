#include "plotcluster/render/progress.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace plotcluster {
namespace {

double steady_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

std::string clock_text(double seconds) {
    const auto s = static_cast<long long>(std::llround(std::max(0.0, seconds)));
    char buf[48];
    if (s >= 3600) {
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    } else {
        std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
    }
    return buf;
}

Progress::Progress(std::ostream& out, Style style)
    : Progress(out, style, style == Style::terminal ? 0.25 : 5.0, steady_seconds) {}

Progress::Progress(std::ostream& out, Style style, double interval, Clock clock)
    : out_(out), style_(style), interval_(interval), clock_(std::move(clock)) {}

void Progress::begin(std::uint64_t total, std::string what) {
    total_ = total;
    what_ = std::move(what);
    done_ = failed_ = 0;
    start_ = last_print_ = clock_();
}

void Progress::finished(bool failed) {
    ++done_;
    if (failed) ++failed_;
    if (clock_() - last_print_ >= interval_ || (style_ == Style::terminal && done_ == total_))
        print();
}

std::string Progress::line() const {
    const double elapsed = clock_() - start_;
    std::string s = std::to_string(done_) + "/" + std::to_string(total_) + " " + what_;
    if (total_ > 0) s += " (" + std::to_string(done_ * 100 / total_) + "%)";
    char rate[32];
    const double per_s = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0;
    std::snprintf(rate, sizeof rate, "%.1f", per_s);
    s += std::string(", ") + rate + " plots/s";
    if (done_ < total_) {
        s += ", ETA " + (per_s > 0 ? clock_text(static_cast<double>(total_ - done_) / per_s)
                                   : std::string("?"));
    }
    s += ", " + std::to_string(failed_) + " failed";
    return s;
}

void Progress::print() {
    last_print_ = clock_();
    const std::string text = "plotcluster: " + line();
    if (style_ == Style::log) {
        out_ << text << '\n' << std::flush;
        return;
    }
    // Pad over what a longer earlier line left on screen.
    const std::size_t pad = shown_width_ > text.size() ? shown_width_ - text.size() : 0;
    out_ << '\r' << text << std::string(pad, ' ') << std::flush;
    shown_width_ = text.size();
}

void Progress::end() {
    if (style_ != Style::terminal || shown_width_ == 0) return;
    out_ << '\r' << std::string(shown_width_, ' ') << '\r' << std::flush;
    shown_width_ = 0;
}

}  // namespace plotcluster

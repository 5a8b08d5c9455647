#pragma once
// Rank 0's progress display: plots done of the total, plots/s, ETA and failures so far.
// On a terminal one line rewritten in place; elsewhere (a SLURM log) a plain line every
// few seconds, with no carriage returns.
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

namespace plotcluster {

class Progress {
public:
    enum class Style { terminal, log };
    using Clock = std::function<double()>;  // seconds, monotonic

    // Redraws a terminal line at most 4 times a second; writes a log line every 5 s.
    Progress(std::ostream& out, Style style);
    // `interval`: seconds between lines; `clock` for tests.
    Progress(std::ostream& out, Style style, double interval, Clock clock);

    // What the counts cover: `total` tasks, named by `what` ("plots", or under the static
    // schedule "plots of rank 0's share"). Starts the clock.
    void begin(std::uint64_t total, std::string what);
    // One task finished. Cheap: prints only when the interval has passed.
    void finished(bool failed);
    // Terminal: clears the line, so the summary starts on a clean one.
    void end();

    // "40/96 plots (42%), 12.3 plots/s, ETA 0:05, 1 failed"
    std::string line() const;

private:
    void print();

    std::ostream& out_;
    Style style_;
    double interval_;
    Clock clock_;
    std::string what_ = "plots";
    std::uint64_t total_ = 0;
    std::uint64_t done_ = 0;
    std::uint64_t failed_ = 0;
    double start_ = 0;
    double last_print_ = 0;
    std::size_t shown_width_ = 0;  // terminal: characters of the line on screen
};

// "0:42", "12:05", "3:02:11"
std::string clock_text(double seconds);

}  // namespace plotcluster

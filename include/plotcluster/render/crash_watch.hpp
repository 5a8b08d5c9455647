#pragma once
// Some corrupt files crash libhdf5 itself. That cannot always be prevented, so a crash is
// pinned on what was in hand: a fatal-signal handler (SIGSEGV, SIGBUS, SIGFPE, SIGILL,
// SIGABRT) prints one line naming it, appends a crash line to the rank's journal, and
// then lets the process die as it would have (the handler that was there before, or the
// default action: a core dump). The next run retries it once, then leaves it out.
#include <string>
#include <string_view>

#include "plotcluster/plan/plan.hpp"
#include "plotcluster/record/journal.hpp"

namespace plotcluster {

// Installs the handler, once per process, after MPI is initialised (Open MPI's own
// handler, which prints a backtrace, then still runs after ours).
void install_crash_handler();

// From now until end_crash_watch(), a crash prints "<head>SIGSEGV<tail>" on stderr and,
// when journal_fd >= 0, appends journal_line to it. Everything is copied here, before:
// the handler itself only copies bytes and calls write().
void watch_for_crash(std::string_view head, std::string_view tail, int journal_fd = -1,
                     std::string_view journal_line = {});
void end_crash_watch();

// One rank's watch over the plots it reads, to draw them or to scan their range: before
// each, a started line in its journal and the handler armed with the plot's crash line.
class PlotWatch {
public:
    PlotWatch(int rank, JournalWriter* journal);  // journal may be null

    // "plotcluster: rank 3 crashed (SIGSEGV) while reading or drawing '/fields/rho' in
    // 'run_0042.h5'" should the process crash before end(). The test hook fires here.
    void begin(const PlotTask& task);
    void end();
    // Journals that no plot is in hand (after the limits scan).
    void idle();

private:
    JournalWriter* journal_;
    std::string head_;
};

// "SIGSEGV", ...; "signal N" for others.
std::string signal_name(int signal);

// Test hooks, named by environment variables so the e2e tests can make one dataset
// (PLOTCLUSTER_TEST_CRASH=<dataset> or <file name>:<dataset>) or one input file
// (PLOTCLUSTER_TEST_CRASH_CATALOG=<file name>) crash the process. Each raises SIGSEGV
// where a crash inside libhdf5 would happen, when `file` (matched by its name or its
// path) and `dataset` are the ones named.
void test_crash_plot(const std::string& file, const std::string& dataset);
void test_crash_catalog(const std::string& file);

}  // namespace plotcluster

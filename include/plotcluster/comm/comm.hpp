#pragma once
// Everything that crosses between ranks. Boost.MPI stays inside comm.cpp.
// Collectives here never throw on one rank only: callers agree before calling them.
#include <memory>
#include <string>
#include <vector>

#include "plotcluster/config/config.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/record/record.hpp"

namespace plotcluster {

// What rank 0 decides before rendering and every rank needs.
struct JobSetup {
    std::string error;  // non-empty: the job stops (exit 2) with this message
    Config config;
    std::vector<PlotTask> tasks;
};

class Comm {
public:
    Comm(int& argc, char**& argv);  // initialises MPI (a singleton run works too)
    ~Comm();                        // finalises MPI
    Comm(const Comm&) = delete;
    Comm& operator=(const Comm&) = delete;

    int rank() const;
    int size() const;

    // Collective: rank 0's setup reaches every rank.
    void share_setup(JobSetup& setup);
    // Collective: every rank's records arrive at rank 0 (others get an empty vector).
    std::vector<PlotRecord> gather_records(const std::vector<PlotRecord>& mine);
    // Collective: rank 0's exit code reaches every rank, so mpirun reports it.
    int share_exit_code(int code);

    // run.on_error = abort: tells the other ranks to stop drawing (non-blocking) ...
    void announce_abort();
    // ... which they notice between plots.
    bool abort_requested();
    // Collective: receives any abort notices still in flight, so none is left unmatched.
    void settle_aborts();

    static std::string library_version();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace plotcluster

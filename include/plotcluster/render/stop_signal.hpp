#pragma once
// SIGTERM, SIGINT and SIGUSR1 ask for a graceful stop: the rank finishes the plot in
// hand, its journal is already durable, and rank 0 writes a partial manifest (exit 3).
// SLURM sends one of them before a job's time limit (see slurm/plotcluster.sbatch).

namespace plotcluster {

// Installs the handlers (once per process, after MPI is initialised).
void install_stop_handlers();

// True once one of the signals arrived; async-signal-safe to set, cheap to poll.
bool stop_requested();

// The signal that asked for the stop, 0 when none did.
int stop_signal();

}  // namespace plotcluster

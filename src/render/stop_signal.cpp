#include "plotcluster/render/stop_signal.hpp"

#include <csignal>
#include <initializer_list>

namespace plotcluster {
namespace {

volatile std::sig_atomic_t received = 0;

extern "C" void on_stop_signal(int signal) {
    if (received == 0) received = signal;
}

}  // namespace

void install_stop_handlers() {
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;  // the plot in hand carries on; we look between plots
    for (const int signal : {SIGTERM, SIGINT, SIGUSR1}) sigaction(signal, &action, nullptr);
}

bool stop_requested() { return received != 0; }

int stop_signal() { return received; }

}  // namespace plotcluster

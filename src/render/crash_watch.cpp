#include "plotcluster/render/crash_watch.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdlib>
#include <filesystem>

namespace plotcluster {
namespace {

constexpr std::array<int, 5> fatal_signals{SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

// What the handler says for the plot or file in hand.
struct Note {
    std::string head, tail;  // of the stderr line, around the signal's name
    int fd = -1;
    std::string journal_line;
    std::string scratch;  // the stderr line is put together here, allocated beforehand
};

// One per thread: a fatal signal is delivered to the thread that faulted, and the tests
// run several ranks as threads of one process (each rank draws on one thread).
thread_local Note note;
thread_local std::atomic<Note*> armed{nullptr};  // &note while a plot or file is in hand
static_assert(std::atomic<Note*>::is_always_lock_free, "the handler reads it");

std::array<struct sigaction, fatal_signals.size()> previous{};

const char* name_of(int signal) {
    switch (signal) {
        case SIGSEGV: return "SIGSEGV";
        case SIGBUS: return "SIGBUS";
        case SIGFPE: return "SIGFPE";
        case SIGILL: return "SIGILL";
        case SIGABRT: return "SIGABRT";
        default: return nullptr;
    }
}

void write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            return;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
}

std::size_t copy_into(char* to, const char* from, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) to[i] = from[i];
    return size;
}

// Async-signal-safe: byte copies, write(), sigaction(), raise().
extern "C" void on_fatal_signal(int signal, siginfo_t* info, void* /*context*/) {
    const int saved_errno = errno;
    // exchange: a second crash inside this handler notes nothing twice.
    if (const Note* in_hand = armed.exchange(nullptr)) {
        const char* name = name_of(signal);
        if (name == nullptr) name = "a fatal signal";
        std::size_t length = 0;
        while (name[length] != '\0') ++length;
        char* out = note.scratch.data();
        std::size_t n = copy_into(out, in_hand->head.data(), in_hand->head.size());
        n += copy_into(out + n, name, length);
        n += copy_into(out + n, in_hand->tail.data(), in_hand->tail.size());
        write_all(STDERR_FILENO, out, n);
        if (in_hand->fd >= 0)
            write_all(in_hand->fd, in_hand->journal_line.data(), in_hand->journal_line.size());
    }
    for (std::size_t i = 0; i < fatal_signals.size(); ++i) {
        if (fatal_signals[i] == signal) sigaction(signal, &previous[i], nullptr);
    }
    errno = saved_errno;
    // A fault the kernel raised happens again when the handler returns, now with the
    // earlier handling (and the real siginfo); one sent by raise() or abort() must be
    // sent again.
    if (info == nullptr || info->si_code <= 0) raise(signal);
}

// A stack overflow can only be reported from a stack of its own.
void ensure_alternate_stack() {
    static std::array<char, 1 << 16> stack;
    stack_t current{};
    if (sigaltstack(nullptr, &current) != 0 || (current.ss_flags & SS_DISABLE) == 0) return;
    stack_t ours{};
    ours.ss_sp = stack.data();
    ours.ss_size = stack.size();
    (void)sigaltstack(&ours, nullptr);
}

bool is_file(const std::string& value, const std::string& file) {
    return value == file || value == std::filesystem::path(file).filename().string();
}

}  // namespace

void install_crash_handler() {
    static bool installed = false;
    if (installed) return;
    installed = true;
    ensure_alternate_stack();
    struct sigaction action {};
    action.sa_sigaction = on_fatal_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    for (std::size_t i = 0; i < fatal_signals.size(); ++i)
        sigaction(fatal_signals[i], &action, &previous[i]);
}

void watch_for_crash(std::string_view head, std::string_view tail, int journal_fd,
                     std::string_view journal_line) {
    armed.store(nullptr);  // the handler must not see it half changed
    note.head.assign(head);
    note.tail.assign(tail);
    note.fd = journal_fd;
    note.journal_line.assign(journal_line);
    note.scratch.resize(head.size() + tail.size() + 16);  // the longest name has 14
    armed.store(&note);
}

void end_crash_watch() { armed.store(nullptr); }

std::string signal_name(int signal) {
    const char* name = name_of(signal);
    return name != nullptr ? name : "signal " + std::to_string(signal);
}

PlotWatch::PlotWatch(int rank, JournalWriter* journal)
    : journal_(journal), head_("plotcluster: rank " + std::to_string(rank) + " crashed (") {}

void PlotWatch::begin(const PlotTask& task) {
    const PlotKey key{task.read.file, task.read.dataset, task.job.fingerprint};
    if (journal_ != nullptr) journal_->append_started(key);
    watch_for_crash(head_, ") while reading or drawing '" + task.read.dataset + "' in '" + task.read.file + "'\n",
                    journal_ != nullptr ? journal_->fd() : -1,
                    journal_ != nullptr ? JournalWriter::crashed_line(key) : std::string());
    test_crash_plot(task.read.file, task.read.dataset);
}

void PlotWatch::end() { end_crash_watch(); }

void PlotWatch::idle() {
    if (journal_ != nullptr) journal_->append_idle();
}

void test_crash_plot(const std::string& file, const std::string& dataset) {
    static const char* const value = std::getenv("PLOTCLUSTER_TEST_CRASH");
    if (value == nullptr) return;
    const std::string wanted = value;
    const auto split = wanted.find(":/");  // "<file name>:<dataset>"; else "<dataset>"
    const bool hit = split == std::string::npos || wanted.starts_with('/')
                         ? wanted == dataset
                         : wanted.substr(split + 1) == dataset && is_file(wanted.substr(0, split), file);
    if (hit) std::raise(SIGSEGV);
}

void test_crash_catalog(const std::string& file) {
    static const char* const value = std::getenv("PLOTCLUSTER_TEST_CRASH_CATALOG");
    if (value != nullptr && is_file(value, file)) std::raise(SIGSEGV);
}

}  // namespace plotcluster

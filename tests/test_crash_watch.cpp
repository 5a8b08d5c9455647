#include "plotcluster/render/crash_watch.hpp"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <string>

#include "plotcluster/app/catalog_watch.hpp"
#include "plotcluster/app/resume.hpp"
#include "plotcluster/record/catalog_journal.hpp"
#include "plotcluster/record/journal.hpp"
#include "support/sanitizers.hpp"
#include "support/scratch_dir.hpp"

namespace plotcluster {
namespace {

namespace fs = std::filesystem;

struct Ending {
    int status = 0;
    std::string stderr_text;
};

// Runs `body` in a child process and returns how it ended and what it wrote on stderr.
Ending in_child(const std::function<void()>& body) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) return {};
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(pipe_fds[1], STDERR_FILENO);
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        body();
        ::_exit(0);
    }
    ::close(pipe_fds[1]);
    Ending e;
    char buf[4096];
    ssize_t n = 0;
    while ((n = ::read(pipe_fds[0], buf, sizeof buf)) > 0) e.stderr_text.append(buf, static_cast<std::size_t>(n));
    ::close(pipe_fds[0]);
    ::waitpid(pid, &e.status, 0);
    return e;
}

// The process dies as it would have without the handler: by the signal. Under ASan,
// whose own handler comes after ours, it reports the signal and exits instead.
bool died_of(const Ending& e, int signal) {
#ifdef PLOTCLUSTER_ASAN
    if (signal == SIGSEGV && WIFEXITED(e.status)) return WEXITSTATUS(e.status) != 0;
#endif
    return WIFSIGNALED(e.status) && WTERMSIG(e.status) == signal;
}

PlotTask task(const std::string& file, const std::string& dataset) {
    PlotTask t;
    t.read.file = file;
    t.read.dataset = dataset;
    t.job.fingerprint = "fp" + dataset;
    return t;
}

class CrashWatch : public test::ScratchDirTest {};

TEST_F(CrashWatch, ACrashNamesThePlotInHandAndJournalsIt) {
    const Ending e = in_child([&] {
        install_crash_handler();
        JournalWriter journal(dir_, "run1", 3);
        PlotWatch watch(3, &journal);
        watch.begin(task("data/run_0041.h5", "/fields/T"));
        watch.end();
        watch.begin(task("data/run_0042.h5", "/fields/rho"));
        std::raise(SIGSEGV);
    });
    EXPECT_TRUE(died_of(e, SIGSEGV)) << e.status << '\n' << e.stderr_text;
    EXPECT_EQ(e.stderr_text.rfind("plotcluster: rank 3 crashed (SIGSEGV) while reading or drawing "
                                  "'/fields/rho' in 'data/run_0042.h5'\n",
                                  0),
              0u)
        << e.stderr_text;
    const auto contents = read_journal_contents(dir_);
    EXPECT_EQ(contents.crashes,
              (std::map<PlotKey, int>{{{"data/run_0042.h5", "/fields/rho", "fp/fields/rho"}, 1}}));
}

// A real fault (not raise()): the handler returns, the instruction faults again, and the
// earlier handling (here the default: death by SIGSEGV, a core dump) takes over.
TEST_F(CrashWatch, ARealFaultStillKillsTheProcess) {
    const Ending e = in_child([&] {
        install_crash_handler();
        PlotWatch watch(0, nullptr);
        watch.begin(task("a.h5", "/x"));
        void* page = ::mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        *static_cast<volatile int*>(page) = 1;
    });
    EXPECT_TRUE(died_of(e, SIGSEGV)) << e.status << '\n' << e.stderr_text;
    EXPECT_NE(e.stderr_text.find("plotcluster: rank 0 crashed (SIGSEGV) while reading or drawing "
                                 "'/x' in 'a.h5'\n"),
              std::string::npos)
        << e.stderr_text;
}

TEST_F(CrashWatch, AnAbortIsNamedToo) {
    const Ending e = in_child([&] {
        install_crash_handler();
        PlotWatch watch(1, nullptr);
        watch.begin(task("a.h5", "/x"));
        std::abort();
    });
    EXPECT_TRUE(died_of(e, SIGABRT)) << e.status;
    EXPECT_EQ(e.stderr_text.rfind("plotcluster: rank 1 crashed (SIGABRT) while reading or drawing", 0), 0u)
        << e.stderr_text;
}

// Between plots nothing is in hand: the process dies without a word of ours.
TEST_F(CrashWatch, NothingIsSaidOutsideAPlot) {
    const Ending e = in_child([&] {
        install_crash_handler();
        JournalWriter journal(dir_, "run1", 0);
        PlotWatch watch(0, &journal);
        watch.begin(task("a.h5", "/x"));
        watch.end();
        PlotRecord drawn;  // as the drawer journals it
        drawn.file = "a.h5";
        drawn.dataset = "/x";
        drawn.fingerprint = "fp/x";
        journal.append(drawn);
        std::raise(SIGSEGV);
    });
    EXPECT_TRUE(died_of(e, SIGSEGV)) << e.status;
    EXPECT_EQ(read_journal_contents(dir_).records.size(), 1u);
    // (ASan's report, which names functions "plotcluster::...", may follow.)
    EXPECT_NE(e.stderr_text.rfind("plotcluster: ", 0), 0u) << e.stderr_text;
    EXPECT_EQ(e.stderr_text.find("\nplotcluster: "), std::string::npos) << e.stderr_text;
    EXPECT_TRUE(read_journal_contents(dir_).crashes.empty());
}

TEST_F(CrashWatch, TheTestHookCrashesOnlyTheNamedPlot) {
    const Ending e = in_child([&] {
        ::setenv("PLOTCLUSTER_TEST_CRASH", "run_0042.h5:/fields/rho", 1);
        install_crash_handler();
        PlotWatch watch(2, nullptr);
        for (const auto& t : {task("data/run_0041.h5", "/fields/rho"),
                              task("data/run_0042.h5", "/fields/T"),
                              task("data/run_0042.h5", "/fields/rho")}) {
            watch.begin(t);
            watch.end();
        }
    });
    EXPECT_TRUE(died_of(e, SIGSEGV)) << e.status;
    EXPECT_EQ(e.stderr_text.rfind("plotcluster: rank 2 crashed (SIGSEGV) while reading or drawing "
                                  "'/fields/rho' in 'data/run_0042.h5'\n",
                                  0),
              0u)
        << e.stderr_text;
    EXPECT_EQ(in_child([] { test_crash_plot("a.h5", "/x"); }).status, 0);  // unset: nothing
}

// --- The catalog walk ----------------------------------------------------------------

class CatalogCrash : public test::ScratchDirTest {
protected:
    void SetUp() override {
        ScratchDirTest::SetUp();
        for (const char* name : {"a.h5", "b.h5", "c.h5"}) {
            files_.push_back(path(name));
            std::ofstream(files_.back()) << name;
        }
    }
    std::string stamp(const std::string& file) const {
        const FileStamp s = file_stamp(file);
        return std::to_string(s.size) + " " + std::to_string(s.mtime_ns);
    }
    // What build_catalog does with the watch's options, up to a crash in `crash_in`.
    static void walk(const CatalogOptions& options, const std::vector<std::string>& files,
                     const std::string& crash_in = "") {
        for (const auto& f : files) {
            if (options.skip.count(f) != 0) continue;
            options.before_file(f);
            if (f == crash_in) std::raise(SIGSEGV);
            options.after_file(f);
        }
    }
    std::vector<std::string> files_;
};

TEST_F(CatalogCrash, AFileWhoseWalkCrashedTwiceIsLeftOut) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        CatalogWatch watch(dir_, files_, /*record=*/true, /*force=*/false);
        CatalogOptions options;
        watch.watch(options);
        EXPECT_TRUE(options.skip.empty()) << "attempt " << attempt;
        const Ending e = in_child([&] {
            install_crash_handler();
            walk(options, files_, files_[1]);
        });
        EXPECT_TRUE(died_of(e, SIGSEGV)) << e.status;
        EXPECT_EQ(e.stderr_text.rfind("plotcluster: crashed (SIGSEGV) while reading the catalog of '" +
                                          files_[1] + "'\n",
                                      0),
                  0u)
            << e.stderr_text;
    }
    {
        CatalogWatch dry_run(dir_, files_, /*record=*/false, /*force=*/false);
        CatalogOptions options;
        dry_run.watch(options);
        EXPECT_EQ(options.skip, (std::map<std::string, std::string>{
                                    {files_[1], std::string(catalog_crashed_twice)}}));
        CatalogWatch forced(dir_, files_, /*record=*/false, /*force=*/true);
        CatalogOptions all;
        forced.watch(all);
        EXPECT_TRUE(all.skip.empty());
    }
    {
        CatalogWatch third(dir_, files_, /*record=*/true, /*force=*/false);
        CatalogOptions options;
        third.watch(options);
        EXPECT_EQ(options.skip.count(files_[1]), 1u);
        walk(options, files_);
        third.finish();
    }
    // The walk finished: only the file left out is remembered, and it stays out.
    const auto history = read_catalog_journal(dir_);
    EXPECT_TRUE(history.crashes.empty());
    EXPECT_EQ(history.left_out, (std::set<WalkedFile>{{files_[1], stamp(files_[1])}}));
    CatalogWatch fourth(dir_, files_, /*record=*/true, /*force=*/false);
    CatalogOptions options;
    fourth.watch(options);
    EXPECT_EQ(options.skip.count(files_[1]), 1u);

    // A file written anew is walked again.
    std::ofstream(files_[1]) << "rewritten, longer";
    CatalogWatch rewritten(dir_, files_, /*record=*/false, /*force=*/false);
    CatalogOptions fresh;
    rewritten.watch(fresh);
    EXPECT_TRUE(fresh.skip.empty());
}

}  // namespace
}  // namespace plotcluster

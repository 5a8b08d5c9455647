#include "plotcluster/comm/comm.hpp"

#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

#include "serialization.hpp"

namespace plotcluster {

namespace {

constexpr int abort_tag = 7001;
constexpr int report_tag = 7002;
constexpr int batch_tag = 7003;

// Polls until a message matching (source, tag) is pending. Sleeps between polls, starting
// short (a reply is usually close) and backing off to 1 ms, so waiting costs no core.
boost::mpi::status wait_for(const boost::mpi::communicator& world, int source, int tag) {
    auto pause = std::chrono::microseconds(20);
    while (true) {
        if (auto status = world.iprobe(source, tag)) return *status;
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::microseconds(1000));
    }
}

// Waits until every rank has reached this point, sleeping between tests. The blocking
// collective that follows then finds everyone there: without this, ranks that arrive
// early spin inside it, on cores that ranks still drawing (or rank 0 still reading the
// catalog) need when ranks outnumber cores.
void arrive_quietly(const boost::mpi::communicator& world) {
    if (world.size() == 1) return;
    MPI_Request request;
    MPI_Ibarrier(world, &request);
    auto pause = std::chrono::microseconds(20);
    int done = 0;
    while (MPI_Test(&request, &done, MPI_STATUS_IGNORE), done == 0) {
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::microseconds(1000));
    }
}

}  // namespace

struct Comm::Impl {
    boost::mpi::environment env;
    boost::mpi::communicator world;
    int aborts_sent = 0;      // notices this rank sent (to each other rank)
    int aborts_received = 0;  // notices this rank took in
    Impl(int& argc, char**& argv) : env(argc, argv) {}
};

Comm::Comm(int& argc, char**& argv) : impl_(std::make_unique<Impl>(argc, argv)) {}
Comm::~Comm() = default;

int Comm::rank() const { return impl_->world.rank(); }
int Comm::size() const { return impl_->world.size(); }

void Comm::share_setup(JobSetup& setup) {
    arrive_quietly(impl_->world);
    boost::mpi::broadcast(impl_->world, setup, 0);
}

std::vector<PlotRecord> Comm::gather_records(const std::vector<PlotRecord>& mine) {
    std::vector<std::vector<PlotRecord>> all;
    arrive_quietly(impl_->world);
    boost::mpi::gather(impl_->world, mine, all, 0);
    std::vector<PlotRecord> merged;
    for (auto& part : all) {
        merged.insert(merged.end(), std::make_move_iterator(part.begin()),
                      std::make_move_iterator(part.end()));
    }
    return merged;
}

void Comm::reduce_extents(std::vector<double>& lo, std::vector<double>& hi) {
    if (lo.empty()) return;  // every rank has the same (empty) group list
    arrive_quietly(impl_->world);
    MPI_Allreduce(MPI_IN_PLACE, lo.data(), static_cast<int>(lo.size()), MPI_DOUBLE, MPI_MIN, impl_->world);
    MPI_Allreduce(MPI_IN_PLACE, hi.data(), static_cast<int>(hi.size()), MPI_DOUBLE, MPI_MAX, impl_->world);
}

int Comm::share_exit_code(int code) {
    arrive_quietly(impl_->world);
    boost::mpi::broadcast(impl_->world, code, 0);
    return code;
}

void Comm::send_report(const WorkReport& report) { impl_->world.send(0, report_tag, report); }

bool Comm::poll_report(int& from, WorkReport& report) {
    auto status = impl_->world.iprobe(boost::mpi::any_source, report_tag);
    // Open MPI matches a message that arrived since the last call only in the progress
    // step of an iprobe that has already answered "no": one probe between plots would
    // see a worker's request a whole plot late, and the worker would wait for it.
    if (!status) status = impl_->world.iprobe(boost::mpi::any_source, report_tag);
    if (!status) return false;
    from = status->source();
    impl_->world.recv(from, report_tag, report);
    return true;
}

void Comm::wait_report(int& from, WorkReport& report) {
    from = wait_for(impl_->world, boost::mpi::any_source, report_tag).source();
    impl_->world.recv(from, report_tag, report);
}

// Boost.MPI dereferences the first element of a vector it sends, even of an empty one,
// so "no more work" travels as this one-element batch.
constexpr std::uint32_t no_more_work = 0xffffffffu;

void Comm::send_batch(int to, const std::vector<std::uint32_t>& ids) {
    if (ids.empty()) {
        impl_->world.send(to, batch_tag, std::vector<std::uint32_t>{no_more_work});
        return;
    }
    impl_->world.send(to, batch_tag, ids);
}

std::vector<std::uint32_t> Comm::wait_batch() {
    wait_for(impl_->world, 0, batch_tag);
    std::vector<std::uint32_t> ids;
    impl_->world.recv(0, batch_tag, ids);
    if (ids.size() == 1 && ids.front() == no_more_work) ids.clear();
    return ids;
}

void Comm::announce_abort() {
    auto& im = *impl_;
    if (im.aborts_sent > 0) return;
    for (int r = 0; r < im.world.size(); ++r) {
        if (r != im.world.rank()) im.world.isend(r, abort_tag).wait();  // a zero-size message
    }
    im.aborts_sent = 1;
}

bool Comm::abort_requested() {
    auto& im = *impl_;
    while (im.world.iprobe(boost::mpi::any_source, abort_tag)) {
        im.world.recv(boost::mpi::any_source, abort_tag);
        ++im.aborts_received;
    }
    return im.aborts_received > 0;
}

void Comm::settle_aborts() {
    auto& im = *impl_;
    arrive_quietly(im.world);
    const int senders = boost::mpi::all_reduce(im.world, im.aborts_sent, std::plus<int>());
    const int expected = senders - im.aborts_sent;
    while (im.aborts_received < expected) {
        im.world.recv(boost::mpi::any_source, abort_tag);
        ++im.aborts_received;
    }
}

std::string Comm::library_version() {
    char text[MPI_MAX_LIBRARY_VERSION_STRING];
    int len = 0;
    MPI_Get_library_version(text, &len);
    std::string v(text, static_cast<std::size_t>(len));
    const auto comma = v.find(',');
    return comma == std::string::npos ? v : v.substr(0, comma);
}

}  // namespace plotcluster

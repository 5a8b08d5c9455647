#include "support/fake_transport.hpp"

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <string>
#include <thread>

namespace plotcluster::test {

class FakeNetwork::Endpoint final : public Transport {
public:
    Endpoint(FakeNetwork& net, int rank) : net_(net), rank_(rank) {}

    int rank() const override { return rank_; }
    int size() const override { return net_.ranks_; }

    std::vector<PlotRecord> gather_records(const std::vector<PlotRecord>& mine) override {
        std::vector<PlotRecord> out;
        net_.collective(
            rank_, [&] { net_.gathered_[static_cast<std::size_t>(rank_)] = mine; },
            [&] {
                net_.gather_result_.clear();
                for (auto& part : net_.gathered_) {
                    for (auto& r : part) net_.gather_result_.push_back(std::move(r));
                    part.clear();
                }
            });
        if (rank_ == 0) {
            const std::lock_guard<std::mutex> lock(net_.mutex_);
            out = std::move(net_.gather_result_);
        }
        return out;
    }

    void reduce_extents(std::vector<double>& lo, std::vector<double>& hi) override {
        net_.collective(
            rank_,
            [&] {
                net_.lows_[static_cast<std::size_t>(rank_)] = lo;
                net_.highs_[static_cast<std::size_t>(rank_)] = hi;
            },
            [&] {
                net_.low_result_ = net_.lows_.front();
                net_.high_result_ = net_.highs_.front();
                for (std::size_t r = 1; r < net_.lows_.size(); ++r) {
                    for (std::size_t g = 0; g < net_.low_result_.size(); ++g) {
                        net_.low_result_[g] = std::min(net_.low_result_[g], net_.lows_[r].at(g));
                        net_.high_result_[g] = std::max(net_.high_result_[g], net_.highs_[r].at(g));
                    }
                }
            });
        const std::lock_guard<std::mutex> lock(net_.mutex_);
        lo = net_.low_result_;
        hi = net_.high_result_;
    }

    void send_report(const WorkReport& report) override {
        const std::lock_guard<std::mutex> lock(net_.mutex_);
        net_.reports_.emplace_back(rank_, report);
        net_.traffic_.reports.emplace_back(rank_, report);
        net_.cv_.notify_all();
    }

    bool poll_report(int& from, WorkReport& report) override {
        const std::lock_guard<std::mutex> lock(net_.mutex_);
        if (net_.reports_.empty()) return false;
        take_report(from, report);
        return true;
    }

    void wait_report(int& from, WorkReport& report) override {
        std::unique_lock<std::mutex> lock(net_.mutex_);
        net_.wait(lock, rank_, "a report", [&] { return !net_.reports_.empty(); });
        take_report(from, report);
    }

    void send_batch(int to, const std::vector<std::uint32_t>& ids) override {
        const std::lock_guard<std::mutex> lock(net_.mutex_);
        net_.batches_.at(static_cast<std::size_t>(to)).push_back(ids);
        net_.traffic_.batches.emplace_back(to, ids);
        net_.cv_.notify_all();
    }

    std::vector<std::uint32_t> wait_batch() override {
        std::unique_lock<std::mutex> lock(net_.mutex_);
        auto& mine = net_.batches_[static_cast<std::size_t>(rank_)];
        net_.wait(lock, rank_, "a batch", [&] { return !mine.empty(); });
        auto ids = std::move(mine.front());
        mine.pop_front();
        return ids;
    }

    void announce_abort() override {
        const std::lock_guard<std::mutex> lock(net_.mutex_);
        if (announced_) return;
        announced_ = true;
        ++net_.traffic_.aborts_announced;
        for (int r = 0; r < net_.ranks_; ++r) {
            if (r != rank_) ++net_.abort_notices_[static_cast<std::size_t>(r)];
        }
    }

    bool abort_requested() override {
        const std::lock_guard<std::mutex> lock(net_.mutex_);
        auto& pending = net_.abort_notices_[static_cast<std::size_t>(rank_)];
        received_ += pending;
        pending = 0;
        return received_ > 0;
    }

    // Notices arrive at once here: after every rank has arrived, none is in flight.
    void settle_aborts() override {
        net_.collective(rank_, [] {}, [] {});
        abort_requested();
    }

private:
    // Under the lock.
    void take_report(int& from, WorkReport& report) {
        from = net_.reports_.front().first;
        report = std::move(net_.reports_.front().second);
        net_.reports_.pop_front();
    }

    FakeNetwork& net_;
    int rank_;
    bool announced_ = false;
    int received_ = 0;
};

FakeNetwork::FakeNetwork(int ranks, std::chrono::milliseconds patience)
    : ranks_(ranks), patience_(patience) {
    if (ranks < 1) throw std::invalid_argument("FakeNetwork: at least one rank");
    const auto n = static_cast<std::size_t>(ranks);
    batches_.resize(n);
    abort_notices_.assign(n, 0);
    gathered_.resize(n);
    lows_.resize(n);
    highs_.resize(n);
    endpoints_.reserve(n);
    for (int r = 0; r < ranks; ++r) endpoints_.push_back(std::make_unique<Endpoint>(*this, r));
}

FakeNetwork::~FakeNetwork() = default;

Transport& FakeNetwork::rank(int r) { return *endpoints_.at(static_cast<std::size_t>(r)); }

void FakeNetwork::wait(std::unique_lock<std::mutex>& lock, int rank, const char* what,
                       const std::function<bool()>& ready) {
    if (!cv_.wait_for(lock, patience_, ready)) {
        throw std::runtime_error("fake transport: rank " + std::to_string(rank) + " waited " +
                                 std::to_string(patience_.count()) + " ms for " + what);
    }
}

void FakeNetwork::collective(int rank, const std::function<void()>& contribute,
                             const std::function<void()>& combine) {
    std::unique_lock<std::mutex> lock(mutex_);
    contribute();
    const std::uint64_t mine = generation_;
    if (++arrived_ == ranks_) {
        combine();
        arrived_ = 0;
        ++generation_;
        ++traffic_.collectives;
        cv_.notify_all();
        return;
    }
    wait(lock, rank, "the other ranks at a collective", [&] { return generation_ != mine; });
}

void FakeNetwork::run(const std::function<void(Transport&, int)>& body) {
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(ranks_));
    std::vector<std::thread> threads;
    threads.reserve(static_cast<std::size_t>(ranks_));
    for (int r = 0; r < ranks_; ++r) {
        threads.emplace_back([&, r] {
            try {
                body(rank(r), r);
            } catch (...) {
                errors[static_cast<std::size_t>(r)] = std::current_exception();
            }
        });
    }
    for (auto& t : threads) t.join();
    for (const auto& e : errors) {
        if (e) std::rethrow_exception(e);
    }
}

FakeNetwork::Traffic FakeNetwork::traffic() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return traffic_;
}

}  // namespace plotcluster::test

// The host's only parallel construct (the CPU backend's step, the host builder): `parallel_ranges(threads, n, f)` runs
// f(thread, begin, end) on contiguous ranges [begin, end) that split [0, n) in thread
// order. Results that threads produce in order (spike lists) are concatenated in thread
// order afterwards, so they do not depend on the number of threads.
//
// Inside a team (the engine's one OpenMP region per run, see cpu_engine::run_steps) it
// forks nothing: each member runs its own range and the caller places the barriers
// between phases. The split of [0, n) is the same in and out of a team, so a phase that
// writes element j and a later phase that reads it, both split over the same n, touch j
// on the same thread and need no barrier between them.
#pragma once
#include <chrono>
#include <cstdint>
#include <exception>

#if defined(_OPENMP)
#  include <omp.h>
#endif

namespace cortexpr::detail {

inline int default_threads() {
#if defined(_OPENMP)
    return omp_get_max_threads();
#else
    return 1;
#endif
}

/// Fewer elements than this per thread (options::min_per_thread) are not worth an OpenMP
/// fork/join (a few microseconds, and far more when the machine is oversubscribed: a
/// 500-neuron network ran 200x slower on two busy cores). The split never changes results.
inline constexpr std::uint32_t default_min_per_thread = 4096;

/// This thread's place in the running team (size 1: not in a team).
struct team_member {
    int size = 1, rank = 0;
};
inline thread_local team_member current_team{};

/// How many of `threads` share n elements (fewer when each would get too few).
inline int threads_for(int threads, std::uint32_t n, std::uint32_t min_per_thread) {
    if (min_per_thread == 0) min_per_thread = 1;
    if (threads > 1 && n / std::uint32_t(threads) < min_per_thread)
        threads = int(n / min_per_thread) > 1 ? int(n / min_per_thread) : 1;
    return threads;
}

/// In a team, a loop too small to split runs whole on member `owner` % size (the engine
/// passes the population's index, so small populations spread over the members instead
/// of all landing on the first; work on one population keeps one owner, so its
/// neurons' inputs are never written by two members at once).
template <class F>
void parallel_ranges(int threads, std::uint32_t n, F&& f, std::uint32_t min_per_thread = default_min_per_thread,
                     std::uint32_t owner = 0) {
    threads = threads_for(threads, n, min_per_thread);
    auto range = [&](int k, int of) {
        const std::uint64_t lo = std::uint64_t(n) * std::uint64_t(k) / std::uint64_t(of);
        const std::uint64_t hi = std::uint64_t(n) * std::uint64_t(k + 1) / std::uint64_t(of);
        f(k, std::uint32_t(lo), std::uint32_t(hi));
    };
    if (const team_member m = current_team; m.size > 1) {
        threads = threads < m.size ? threads : m.size;
        if (threads == 1) {
            if (std::uint32_t(m.rank) == owner % std::uint32_t(m.size)) range(0, 1);
        } else if (m.rank < threads) {
            range(m.rank, threads);
        }
        return;
    }
#if defined(_OPENMP)
    if (threads > 1) {
#  pragma omp parallel num_threads(threads)
        range(omp_get_thread_num(), omp_get_num_threads());
        return;
    }
#endif
    (void)threads;
    range(0, 1);
}

/// parallel_ranges for work that may throw (initialisation): each thread stops at its
/// first exception, and the one of the lowest range is rethrown after the join, so the
/// error is the one a serial loop would have met first, whatever the thread count.
template <class F>
void parallel_ranges_rethrow(int threads, std::uint32_t n, F&& f, std::uint32_t min_per_thread) {
    constexpr int max_threads = 256;
    std::exception_ptr errors[max_threads];
    if (threads > max_threads) threads = max_threads;
    parallel_ranges(threads, n, [&](int k, std::uint32_t lo, std::uint32_t hi) {
        try {
            f(k, lo, hi);
        } catch (...) {
            errors[k] = std::current_exception();
        }
    }, min_per_thread);
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
}

/// A scoped timer adding to `acc` when timing is on.
struct phase_timer {
    double* acc;
    std::chrono::steady_clock::time_point start;
    // in a team, the first member times for all (the phases end at barriers)
    explicit phase_timer(double* a) : acc(current_team.rank == 0 ? a : nullptr) { if (acc) start = std::chrono::steady_clock::now(); }
    ~phase_timer() { if (acc) *acc += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); }
};

}  // namespace cortexpr::detail

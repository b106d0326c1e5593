// The variable recorder (sim.record_var<"Exc", "V">(every, samples)): copies of chosen
// variables taken every N steps into a circular buffer of samples, read in bulk
// (sim.var_trace<"Exc", "V">()) as the spike recorder's buffer is. On the CPU backend the
// samples are host memory; on a backend with device memory (CUDA) the engine gives the
// recording a device buffer, each sample is a device-to-device copy and the buffer is
// copied to the host only when it is read.
//
// Samples are taken between steps, by the simulation (never inside the step code): one
// when recording starts, then after every `every` steps. A sample is the state at time
// t() when it was taken; run() stops its step batches (CUDA graphs) at sample points.
#pragma once
#include <cstdint>
#include <cstring>
#include <algorithm>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "../base/config.hpp"
#include "../host/buffer.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr {

/// Recorded samples of one variable for one batch entry: times [ms] and values
/// [sample][element], oldest first.
template <class V, class T>
struct var_samples {
    std::vector<T> times;
    std::vector<V> values;
    std::uint32_t n = 0;  // elements per sample
    std::size_t size() const { return times.size(); }
    /// The elements of sample k.
    std::span<const V> operator[](std::size_t k) const { return {values.data() + k * n, n}; }
};

namespace detail {

/// One recorded variable.
struct var_recording {
    std::size_t part = 0;
    std::string group, var;           // for errors and lookup
    void* src = nullptr;              // the variable's host array (its device twin's key)
    std::size_t bytes = 0;            // one sample: the whole array, every batch entry
    std::size_t elems = 0;            // its elements
    std::uint32_t stride = 0;         // elements per batch entry (0: shared by all)
    std::uint64_t every = 1, start = 0, taken = 0;
    std::uint32_t capacity = 0;       // samples kept
    buffer host;                      // [capacity][bytes]
    std::shared_ptr<void> device;     // the engine's device buffer, or null
    bool host_current = true;         // host holds every sample taken (no pull needed)
};

/// The recordings of a simulation, and when they are next due.
class var_recorders {
public:
    bool empty() const { return recs_.empty(); }
    /// Adds `fresh`, replacing the recording of the same variable.
    var_recording& put(var_recording&& fresh) {
        for (auto& r : recs_)
            if (r->part == fresh.part && r->var == fresh.var) { *r = std::move(fresh); return *r; }
        recs_.push_back(std::make_unique<var_recording>(std::move(fresh)));
        return *recs_.back();
    }
    var_recording* find(std::size_t part, std::string_view var) {
        for (auto& r : recs_) if (r->part == part && r->var == var) return r.get();
        return nullptr;
    }
    /// Steps from `now` until the next sample of any recording.
    std::uint64_t steps_to_next(std::uint64_t now) const {
        std::uint64_t k = ~std::uint64_t(0);
        for (const auto& r : recs_) k = std::min(k, r->every - (now - r->start) % r->every);
        return k;
    }
    /// Takes the samples due at step `now`: `copy(rec, slot)` writes one.
    template <class Copy>
    void sample_due(std::uint64_t now, Copy&& copy) {
        for (auto& r : recs_)
            if ((now - r->start) % r->every == 0) {
                copy(*r, std::size_t(r->taken % r->capacity));
                ++r->taken;
            }
    }

private:
    std::vector<std::unique_ptr<var_recording>> recs_;
};

}  // namespace detail
}  // namespace cortexpr

CORTEXPR_DIAG_END

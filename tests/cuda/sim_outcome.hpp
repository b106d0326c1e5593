// Shared by the CPU-vs-CUDA tests: what a run produced (spike trains per batch entry,
// variables), read the same way on both backends. Plain C++: the CPU references
// (cpu_reference_*.cpp) are compiled by the host compiler, so the CPU side of every
// comparison is the CPU backend exactly as CPU users build it.
#pragma once
#include <cstdint>
#include <vector>

#include <cortexpr/cortexpr.hpp>

namespace cx = cortexpr;

namespace cuda_test {

/// Spike trains of every batch entry of one population.
struct trains {
    std::vector<std::vector<double>> times;
    std::vector<std::vector<std::uint32_t>> ids;
    bool operator==(const trains&) const = default;
    std::size_t count() const {
        std::size_t c = 0;
        for (auto& v : ids) c += v.size();
        return c;
    }
};

template <class Sim, class Rec>
trains collect(Sim& sim, Rec&& rec) {
    trains t;
    for (std::uint32_t b = 0; b < sim.batch_size(); ++b) {
        auto tr = rec(sim, b);
        t.times.push_back(std::vector<double>(tr.times.begin(), tr.times.end()));
        t.ids.push_back(tr.ids);
    }
    return t;
}

/// A variable's values after pull() (a no-op on the CPU).
template <class View>
std::vector<double> values(View v) {
    v.pull();
    return std::vector<double>(v.begin(), v.end());
}

}  // namespace cuda_test

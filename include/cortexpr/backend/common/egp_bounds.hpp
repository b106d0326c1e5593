// options::check_egp_bounds: model code indexes extra global parameters unchecked (as
// GeNN's generated C does), so a user model that reads past the end of a short EGP reads
// other memory. In the checked mode every EGP element access of host code compares the
// index with the EGP's size; an access outside records the first fault (array, index,
// size) here and reads a zero instead, and the simulation reports it as a cx::error
// naming the group, the EGP, its model, the index and the size after that step
// (runtime/simulation.hpp). Off, the cost is one relaxed atomic load per EGP element
// read. Device code (the CUDA backend) indexes unchecked.
#pragma once
#include <atomic>
#include <cstdint>
#include <type_traits>

#include "../../detail/config.hpp"

namespace cortexpr::detail {

/// The first out-of-range EGP access since the last check (array == nullptr: none).
struct egp_fault {
    std::atomic<const void*> array{nullptr};
    std::atomic<long long> index{0};
    std::atomic<std::uint32_t> size{0};
};
inline egp_fault egp_fault_slot;
/// Number of simulations now running a checked step (0: every access unchecked).
inline std::atomic<int> egp_checking{0};

inline void record_egp_fault(const void* array, long long index, std::uint32_t size) {
    const void* none = nullptr;
    if (egp_fault_slot.array.compare_exchange_strong(none, array)) {
        egp_fault_slot.index.store(index);
        egp_fault_slot.size.store(size);
    }
}

/// An EGP as model code sees it: the pointer, and its element count for the check.
template <class V>
struct egp_ref {
    V* p;
    std::uint32_t size;
    CORTEXPR_HOST_DEVICE operator V*() const { return p; }  // `if (egp)`
    template <class I>
    CORTEXPR_HOST_DEVICE V& operator[](I i) const {
#if !defined(__CUDA_ARCH__)
        if (egp_checking.load(std::memory_order_relaxed) != 0) [[unlikely]] {
            bool outside = false;
            if constexpr (std::is_signed_v<I>) outside = i < 0;
            if (outside || static_cast<unsigned long long>(i) >= size) {
                record_egp_fault(p, static_cast<long long>(i), size);
                static thread_local std::remove_cv_t<V> zero{};
                zero = {};
                return zero;
            }
        }
#endif
        return p[i];
    }
};

}  // namespace cortexpr::detail

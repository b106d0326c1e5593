// options::check_egp_bounds: model code indexes extra global parameters unchecked (as
// GeNN's generated C does), so a user model that reads past the end of a short EGP reads
// other memory. In the checked mode every EGP element access of host code compares the
// index with the EGP's size; an access outside records the first fault (array, index,
// size) here and reads a zero instead, and the simulation reports it as a cx::error
// naming the group, the EGP, its model, the index and the size after that step
// (runtime/simulation.hpp). Device code (the CUDA backend) indexes unchecked.
//
// The check is compiled in only with CORTEXPR_CHECK_EGP_BOUNDS=1 (a compile definition
// for the whole program, like NDEBUG: every translation unit must see the same value).
// Without it an EGP read is p[i], as in GeNN, at no cost, and options::check_egp_bounds
// is refused with a message that names the definition. With it, an unchecked step pays
// one relaxed atomic load per EGP element read.
#pragma once
#include <atomic>
#include <cstdint>
#include <type_traits>

#include "../base/config.hpp"

#ifndef CORTEXPR_CHECK_EGP_BOUNDS
#  define CORTEXPR_CHECK_EGP_BOUNDS 0
#endif

namespace cortexpr::detail {

/// Whether this program was compiled with the EGP bounds check (see above).
inline constexpr bool egp_bounds_compiled = CORTEXPR_CHECK_EGP_BOUNDS != 0;

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
#if !defined(__CUDA_ARCH__) && CORTEXPR_CHECK_EGP_BOUNDS
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

// The per-element streams of a CPU loop over consecutive elements, with block 0 made 16
// elements at a time (random/philox_lanes.hpp). Each element still gets exactly the
// stream random::stream(seed, group, element, step, purpose) — the same draws as on the
// GPU and for any thread count — only the first Philox block arrives precomputed.
#pragma once
#include <cstdint>

#include "../../random/philox_lanes.hpp"
#include "../../random/stream.hpp"

namespace cortexpr::detail {

/// `Used`: whether the code that reads these streams draws at all (program::uses_rng);
/// when not, a stream is only constructed, as before, and never filled.
template <class S, bool Used>
class lane_streams {
public:
    lane_streams(std::uint64_t seed, std::uint32_t group, std::uint64_t step, std::uint32_t purpose)
        : seed_(seed), step_(step), group_(group), purpose_(purpose) {}

    /// The stream of `element`; elements must come in increasing order for the blocks
    /// to be reused (any order is correct).
    random::stream<S> at(std::uint32_t element) {
        random::stream<S> s(seed_, group_, element, step_, purpose_);
        if constexpr (Used) {
            if (!filled_ || element - base_ >= random::philox_lanes::lanes) {
                const random::philox4x32_ctr c = s.counter_of(0);
                random::philox4x32_10_lanes(blocks_, c.v[0], c.v[1], c.v[2], c.v[3], s.key_of(0));
                base_ = element;
                filled_ = true;
            }
            s.preload(blocks_.block(element - base_));
        }
        return s;
    }

private:
    std::uint64_t seed_, step_;
    std::uint32_t group_, purpose_;
    std::uint32_t base_ = 0;
    bool filled_ = false;
    random::philox_lanes blocks_;
};

}  // namespace cortexpr::detail

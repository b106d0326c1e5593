// The CPU's element loops with their streams' first Philox block (and, where the code
// draws normals, the first float Box-Muller pair) made 16 elements at a time
// (random/philox_lanes.hpp, random/normal_lanes.hpp). Each element still gets exactly
// its stream of step/streams.hpp — the same draws as on the GPU and for any
// thread count — only its first words arrive precomputed.
#pragma once
#include <cstdint>
#include <type_traits>

#include "../random/normal_lanes.hpp"
#include "../random/philox_lanes.hpp"
#include "../random/stream.hpp"
#include "../step/streams.hpp"

namespace cortexpr::detail {

/// First blocks of up to 16 streams that share a key (one seed), made together.
/// `Normal`: also the first float normal pair (only for S = float; double draws are
/// made on demand as before).
template <class S, bool Normal>
class stream_chunk {
public:
    static constexpr std::uint32_t lanes = random::philox_lanes::lanes;
    static constexpr bool normals = Normal && std::is_same_v<S, float>;

    /// stream_of(l): the fresh stream of lane l < count (count >= 1), all with one key;
    /// the unused lanes repeat lane 0.
    template <class StreamOf>
    void fill(StreamOf&& stream_of, std::uint32_t count) {
        const random::stream<S> first = stream_of(0u);
        blocks_.set(0, first.counter_of(0));
        for (std::uint32_t l = 1; l < lanes; ++l) blocks_.set(l, l < count ? stream_of(l).counter_of(0) : first.counter_of(0));
        random::philox4x32_10_lanes(blocks_, first.key_of(0));
        if constexpr (normals) random::box_muller_lanes(blocks_, normals_);
    }
    /// Stream `s` (the one given as lane l) with its first words in place.
    random::stream<S> prepared(random::stream<S> s, std::uint32_t l) const {
        s.preload(blocks_.block(l));
        if constexpr (normals) s.preload_normal(normals_.first[l], normals_.second[l]);
        return s;
    }

private:
    random::philox_lanes blocks_;
    random::normal_lanes normals_;
};

/// The streams of consecutive elements of one loop. `Used`: whether the code reading
/// them draws at all (program::uses_rng); when not, a stream is only constructed, as
/// before, and never filled. `Normal`: whether it draws normals (program::draws_normal).
template <class S, bool Used, bool Normal = false>
class lane_streams {
public:
    /// The streams of `family` (streams::neurons(...) and the like), one per element.
    explicit lane_streams(streams::element_streams family) : family_(family) {}

    /// The stream of `element`; elements should come in increasing order for the blocks
    /// to be reused (any order is correct).
    /// (Host code; host-device only so that the shared step code, step/neuron_update.hpp,
    /// may call it from its host-device template without nvcc's warning, which would
    /// come before any compile error of a cx::cpu program built with nvcc.)
    CORTEXPR_EXEC_CHECK_DISABLE
    CORTEXPR_HOST_DEVICE random::stream<S> at(std::uint32_t element) {
        random::stream<S> s = family_.template at<S>(element);
        if constexpr (Used) {
            if (!filled_ || element - base_ >= chunk_t::lanes) {
                chunk_.fill([&](std::uint32_t l) { return family_.template at<S>(element + l); }, chunk_t::lanes);
                base_ = element;
                filled_ = true;
            }
            return chunk_.prepared(s, element - base_);
        }
        return s;
    }

private:
    using chunk_t = stream_chunk<S, Normal>;
    streams::element_streams family_;
    std::uint32_t base_ = 0;
    bool filled_ = false;
    struct none {};
    // nothing (and no 64-byte alignment) where nothing is drawn: the loop keeps one of
    // these per model, and a needlessly aligned frame slowed Vogels–Abbott's by 20 %
    [[no_unique_address]] std::conditional_t<Used, chunk_t, none> chunk_;
};

}  // namespace cortexpr::detail

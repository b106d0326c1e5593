// The random stream of one (seed, group, element, step, purpose): counter-based, so no
// state survives between time steps and any backend, thread count or launch order
// draws the same numbers. Construct one where the draws happen, use it, drop it.
//
// Key and counter packing (Philox4x32-10; `block` = index of the 4-word block within
// the stream, 0, 1, 2, ...):
//
//   key[0] = seed bits  0..31
//   key[1] = seed bits 32..63  ^  (block >> 16) * 0x9E3779B9
//   ctr[0] = element (neuron id, or row for connectivity)      32 bits
//   ctr[1] = group | purpose << 24                             24 + 8 bits
//   ctr[2] = step bits 0..31
//   ctr[3] = step bits 32..47 | (block & 0xffff) << 16         16 + 16 bits
//
// For group < 2^24, purpose < 256 and step < 2^48 (8900 years of 0.1 ms steps) the map
// (element, group, purpose, step, block) -> (ctr, key) is injective for a given seed,
// so no two streams of one simulation share a Philox block. The first 2^16 blocks
// (2^18 words) of a stream differ only in the counter; later ones (FixedProbability rows
// of more than ~2^18 draws, say) perturb the key by an odd multiple of block >> 16,
// which keeps them distinct within the seed up to 2^32 blocks (2^34 words). Arguments
// out of range are truncated to their fields (and may then alias another stream):
// check them once on the host with `stream<Real>::in_range`.
//
// Use of the fields at initialisation time, where there is no step: per-synapse
// streams with element = postsynaptic index and step = presynaptic index (+ the repeat
// of a repeated pair · 2^32), and a purpose of their own, so matrices beyond 2^32
// synapses still get one stream per synapse (step/streams.hpp makes every key
// the backends use).
#pragma once
#include <cstdint>

#include "../base/config.hpp"
#include "binomial.hpp"
#include "gamma.hpp"
#include "math.hpp"
#include "philox.hpp"
#include "uniform.hpp"

namespace cortexpr::random {

namespace detail {
/// Float Box-Muller from two words: u1 from `a`, the angle from the 24 high bits of `b`;
/// `first` = r cos (returned by stream<float>::normal), `second` = r sin (kept for the
/// next call). normal_lanes.hpp computes the same bits 16 at a time.
CORTEXPR_HOST_DEVICE void box_muller_f32(std::uint32_t a, std::uint32_t b, float& first, float& second) {
    float s, c;
    sincos_turn<float, 24>(b >> 8, s, c);
    const float radius = sqrt(-2.0f * log(to_uniform_float(a)));  // exact scaling, no fusion
    second = mul(radius, s);
    first = mul(radius, c);
}
}  // namespace detail

template <class Real>
class stream {
    static_assert(detail::is_real_v<Real>, "cortexpr::random::stream<Real>: Real must be float or double");

public:
    using real_type = Real;

    constexpr CORTEXPR_HOST_DEVICE stream(std::uint64_t seed, std::uint32_t group, std::uint32_t element,
                                          std::uint64_t step, std::uint32_t purpose = 0)
        : seed_lo_(static_cast<std::uint32_t>(seed)),
          seed_hi_(static_cast<std::uint32_t>(seed >> 32)),
          element_(element),
          group_purpose_((group & 0x00ffffffu) | (purpose << 24)),
          step_lo_(static_cast<std::uint32_t>(step)),
          step_hi_(static_cast<std::uint32_t>(step >> 32) & 0xffffu) {}

    /// Whether the arguments fit their fields (group < 2^24, purpose < 256, step < 2^48).
    static constexpr CORTEXPR_HOST_DEVICE bool in_range(std::uint32_t group, std::uint64_t step,
                                                        std::uint32_t purpose = 0) {
        return group < (1u << 24) && purpose < 256u && step < (std::uint64_t{1} << 48);
    }

    /// The Philox counter and key of block `block` of this stream (the packing above).
    constexpr CORTEXPR_HOST_DEVICE philox4x32_ctr counter_of(std::uint32_t block) const {
        return {{element_, group_purpose_, step_lo_, step_hi_ | ((block & 0xffffu) << 16)}};
    }
    constexpr CORTEXPR_HOST_DEVICE philox4x32_key key_of(std::uint32_t block) const {
        return {{seed_lo_, seed_hi_ ^ ((block >> 16) * 0x9E3779B9u)}};
    }

    /// Hands a fresh stream its block 0, computed elsewhere from counter_of(0) and
    /// key_of(0) (philox_lanes: 16 streams at once); the draws are the same as without.
    constexpr CORTEXPR_HOST_DEVICE void preload(const philox4x32_ctr& block0) {
        w0_ = block0.v[0];
        w1_ = block0.v[1];
        w2_ = block0.v[2];
        w3_ = block0.v[3];
        left_ = 4;
        block_ = 1;
    }

    /// Next 32 random bits (gennrand()). Words come out in Philox output order.
    constexpr CORTEXPR_HOST_DEVICE std::uint32_t next_u32() {
        if (left_ == 0) refill();
        // A shift register, not buf[i]: a dynamically indexed array would go to local
        // memory on the GPU.
        const std::uint32_t r = w0_;
        w0_ = w1_;
        w1_ = w2_;
        w2_ = w3_;
        --left_;
        return r;
    }

    /// Uniform on (0, 1] (gennrand_uniform()): one word for float, two for double.
    constexpr CORTEXPR_HOST_DEVICE Real uniform() {
        if constexpr (std::is_same_v<Real, float>) {
            return to_uniform_float(next_u32());
        } else {
            const std::uint32_t a = next_u32();
            const std::uint32_t b = next_u32();
            return to_uniform_double(a, b);
        }
    }

    /// Standard normal (gennrand_normal()), Box-Muller: r = sqrt(-2 log u1), angle from
    /// the next 24 (float) / 53 (double) bits; returns r cos, keeps r sin for the next call.
    /// Float draws lie within +-5.77 (u1 >= 2^-24), double within +-8.58.
    /// (The cheap cases -- a spare, a preloaded pair -- are kept apart from the drawing
    /// and always inlined: a call per draw was an eighth of the microcircuit's
    /// initialisation, and the stream's fields then stay in registers.)
#if !defined(__CUDACC__) && defined(__GNUC__)
    [[gnu::always_inline]]
#endif
    CORTEXPR_HOST_DEVICE Real normal() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        if constexpr (std::is_same_v<Real, float>) {
            if (has_first_normal_ && block_ == 1 && left_ == 4) {  // nothing drawn since preload
                has_first_normal_ = false;
                w0_ = w2_;  // the two words the pair was made of
                w1_ = w3_;
                left_ = 2;
                spare_ = first_normal_[1];
                has_spare_ = true;
                return first_normal_[0];
            }
        }
        return normal_drawn();
    }

private:
    /// normal() from fresh words: no spare and no preloaded pair.
    CORTEXPR_HOST_DEVICE Real normal_drawn() {
        if constexpr (std::is_same_v<Real, float>) {
            float first;
            const std::uint32_t a = next_u32();
            const std::uint32_t b = next_u32();
            detail::box_muller_f32(a, b, first, spare_);
            has_spare_ = true;
            return first;
        } else {
            const double u1 = uniform();
            const std::uint32_t a = next_u32();
            const std::uint32_t b = next_u32();
            double s, c;
            detail::sincos_turn<double, 53>(to_u53(a, b), s, c);
            const double radius = detail::sqrt(-2.0 * detail::log(u1));
            spare_ = detail::mul(radius, s);
            has_spare_ = true;
            return detail::mul(radius, c);
        }
    }

public:
    /// After preload: the pair box_muller_f32 makes of words 0 and 1 of block 0, computed
    /// elsewhere (normal_lanes.hpp); used if normal() is the stream's first draw.
    constexpr CORTEXPR_HOST_DEVICE void preload_normal(float first, float second) {
        first_normal_[0] = first;
        first_normal_[1] = second;
        has_first_normal_ = true;
    }

    /// Exponential with mean 1 (gennrand_exponential()): -log(u), u in (0, 1], so finite.
    CORTEXPR_HOST_DEVICE Real exponential() { return -detail::log(uniform()); }

    /// exp(mean + sd * N) (gennrand_log_normal(mean, sd)); mean and sd of the normal.
    CORTEXPR_HOST_DEVICE Real log_normal(Real mean, Real sd) {
        return detail::exp(mean + detail::mul(sd, normal()));
    }

    /// Gamma(a, 1), a > 0 (gennrand_gamma(a)); NaN for a <= 0. See gamma.hpp.
    CORTEXPR_HOST_DEVICE Real gamma(Real a) { return detail::gamma(*this, a); }

    /// Binomial(n, p), exact (gennrand_binomial(n, p)); computed in double. See binomial.hpp.
    CORTEXPR_HOST_DEVICE std::uint32_t binomial(std::uint32_t n, Real p) {
        return detail::binomial(*this, n, static_cast<double>(p));
    }

private:
    constexpr CORTEXPR_HOST_DEVICE void refill() {
        const philox4x32_ctr out = philox4x32_10(counter_of(block_), key_of(block_));
        ++block_;
        w0_ = out.v[0];
        w1_ = out.v[1];
        w2_ = out.v[2];
        w3_ = out.v[3];
        left_ = 4;
    }

    std::uint32_t seed_lo_, seed_hi_, element_, group_purpose_, step_lo_, step_hi_;
    std::uint32_t block_ = 0;                 // next block to generate
    // unread words of the current block, declared interleaved: the host compiler merges
    // normal()'s w0_ = w2_, w1_ = w3_ into one 8-byte copy when they are adjacent, and
    // that load waits ~15 cycles for the two 4-byte stores of preload() it spans (no
    // store forwarding); a tenth of the microcircuit's initialisation
    std::uint32_t w0_ = 0, w2_ = 0, w1_ = 0, w3_ = 0;
    std::uint32_t left_ = 0;                  // how many of them; 0: generate on demand
    Real spare_ = 0;                          // Box-Muller's second value
    bool has_spare_ = false;
    bool has_first_normal_ = false;           // preload_normal: float only
    float first_normal_[2] = {0.0f, 0.0f};
};

}  // namespace cortexpr::random

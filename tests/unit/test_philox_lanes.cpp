// 16 streams' first Philox blocks at once (random/philox_lanes.hpp) must be the words of
// philox4x32_10 itself, on every instruction set this CPU runs, and a preloaded stream
// must draw exactly what a fresh one draws.
#include <catch2/catch.hpp>

#include <cortexpr/backend/cpu/lane_streams.hpp>
#include <cortexpr/random/philox_lanes.hpp>
#include <cortexpr/random/stream.hpp>

#include <cstdint>
#include <cstdio>
#include <vector>

namespace rnd = cortexpr::random;

namespace {

struct impl {
    const char* name;
    rnd::detail::philox_lanes_fn fn;
};

std::vector<impl> runnable_impls() {
    std::vector<impl> v{{"scalar", rnd::detail::philox_lanes_scalar}};
#if CORTEXPR_PHILOX_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) v.push_back({"avx2", rnd::detail::philox_lanes_avx2});
    else std::printf("NOTE: this CPU has no AVX2: philox_lanes_avx2 not tested here\n");
    if (__builtin_cpu_supports("avx512f")) v.push_back({"avx512", rnd::detail::philox_lanes_avx512});
    else std::printf("NOTE: this CPU has no AVX-512F: philox_lanes_avx512 not tested here\n");
#endif
    return v;
}

}  // namespace

TEST_CASE("philox lanes: every implementation gives philox4x32_10's words", "[random][philox]") {
    // counters and keys with high bits set, wrapping first elements, the KAT's all-ones
    const std::uint32_t firsts[] = {0u, 17u, 0x7ffffff8u, 0xfffffff5u};
    const rnd::philox4x32_key keys[] = {{{0u, 0u}}, {{0xa4093822u, 0x299f31d0u}}, {{0xffffffffu, 0xffffffffu}}};
    const std::uint32_t tails[][3] = {{0u, 0u, 0u}, {0x03000005u, 123456u, 0x00010000u}, {0xffffffffu, 0xffffffffu, 0xffffffffu}};
    for (const auto& im : runnable_impls()) {
        INFO(im.name);
        for (auto first : firsts)
            for (const auto& key : keys)
                for (const auto& tl : tails) {
                    rnd::philox_lanes out{};
                    im.fn(out, first, tl[0], tl[1], tl[2], key);
                    for (std::uint32_t l = 0; l < rnd::philox_lanes::lanes; ++l) {
                        const auto want = rnd::philox4x32_10({{first + l, tl[0], tl[1], tl[2]}}, key);
                        REQUIRE(out.block(l) == want);
                    }
                }
    }
    std::printf("philox_lanes dispatches to: %s\n", rnd::philox_lanes_isa());
}

TEST_CASE("philox lanes: preloaded streams draw what fresh streams draw", "[random][philox]") {
    const std::uint64_t seed = 0x1234'5678'9abc'def0ull, step = 987654321ull;
    cortexpr::detail::lane_streams<float, true> fl(seed, 7, step, 1);
    cortexpr::detail::lane_streams<double, true> dl(seed, 7, step, 1);
    // in order, with a gap, and backwards (refills the window every time)
    const std::uint32_t elements[] = {0, 1, 2, 15, 16, 40, 41, 39, 3, 1000};
    for (auto e : elements) {
        INFO("element " << e);
        auto a = fl.at(e);
        rnd::stream<float> b(seed, 7, e, step, 1);
        for (int k = 0; k < 11; ++k) REQUIRE(a.uniform() == b.uniform());  // crosses into block 1 and 2
        auto c = dl.at(e);
        rnd::stream<double> d(seed, 7, e, step, 1);
        for (int k = 0; k < 5; ++k) REQUIRE(c.normal() == d.normal());
    }
}

// 16 streams' first Philox blocks at once (random/philox_lanes.hpp) must be the words of
// philox4x32_10 itself, on every instruction set this CPU runs, and a preloaded stream
// must draw exactly what a fresh one draws.
#include <catch2/catch.hpp>

#include <cortexpr/host/lane_streams.hpp>
#include <cortexpr/random/normal_lanes.hpp>
#include <cortexpr/random/philox_lanes.hpp>
#include <cortexpr/random/stream.hpp>

#include <bit>
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
                    for (std::uint32_t l = 0; l < rnd::philox_lanes::lanes; ++l) out.set(l, {{first + l, tl[0], tl[1], tl[2]}});
                    im.fn(out, key);
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
    cortexpr::detail::lane_streams<float, true> fl({seed, 7, step, 1});
    cortexpr::detail::lane_streams<double, true> dl({seed, 7, step, 1});
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

TEST_CASE("normal lanes: the first Box-Muller pair of 16 blocks is box_muller_f32's, bit for bit", "[random][normal]") {
    // words sweeping u1 over its whole range (incl. the smallest, 2^-24, and 1) and the
    // angle over every quadrant and both sides of each reflection
    std::vector<rnd::philox_lanes> cases;
    rnd::philox_lanes edge{};
    const std::uint32_t u_words[] = {0x00000000u, 0x000000ffu, 0xffffffffu, 0xfffffeffu, 0x80000000u, 0x7fffffffu,
                                     0xb504f300u, 0xb504f400u, 0x00000100u, 0x12345678u, 0x6a09e667u, 0xbb67ae85u,
                                     0x3c6ef372u, 0xa54ff53au, 0x510e527fu, 0x9b05688cu};
    const std::uint32_t a_words[] = {0x00000000u, 0x20000000u, 0x20000100u, 0x1fffff00u, 0x40000000u, 0x60000000u,
                                     0x80000000u, 0xa0000000u, 0xc0000000u, 0xe0000000u, 0xffffffffu, 0x3fffff00u,
                                     0x7fffff00u, 0xbfffff00u, 0x10000000u, 0x30000000u};
    for (std::uint32_t l = 0; l < rnd::philox_lanes::lanes; ++l) edge.set(l, {{u_words[l], a_words[l], 0u, 0u}});
    cases.push_back(edge);
    for (std::uint32_t c = 0; c < 4096; ++c) {  // and Philox output
        rnd::philox_lanes b{};
        for (std::uint32_t l = 0; l < rnd::philox_lanes::lanes; ++l) b.set(l, {{c * 16 + l, 7u, 0x01000010u, 99u}});
        rnd::detail::philox_lanes_scalar(b, {{0xdeadbeefu, 0x12345678u}});
        cases.push_back(b);
    }
    std::vector<std::pair<const char*, rnd::detail::normal_lanes_fn>> impls{{"scalar", rnd::detail::normal_lanes_scalar}};
#if CORTEXPR_PHILOX_X86
    if (__builtin_cpu_supports("avx512f")) impls.emplace_back("avx512", rnd::detail::normal_lanes_avx512);
    else std::printf("NOTE: this CPU has no AVX-512F: normal_lanes_avx512 not tested here\n");
#endif
    for (const auto& [name, fn] : impls) {
        INFO(name);
        for (const auto& b : cases) {
            rnd::normal_lanes out{};
            fn(b, out);
            for (std::uint32_t l = 0; l < rnd::philox_lanes::lanes; ++l) {
                float first, second;
                rnd::detail::box_muller_f32(b.words[0][l], b.words[1][l], first, second);
                REQUIRE(std::bit_cast<std::uint32_t>(out.first[l]) == std::bit_cast<std::uint32_t>(first));
                REQUIRE(std::bit_cast<std::uint32_t>(out.second[l]) == std::bit_cast<std::uint32_t>(second));
            }
        }
    }
}

TEST_CASE("normal lanes: a stream with its first pair preloaded draws what a fresh one draws", "[random][normal]") {
    const std::uint64_t seed = 42, step = 5;
    cortexpr::detail::lane_streams<float, true, true> ln({seed, 3, step, 16});
    for (std::uint32_t e : {0u, 1u, 5u, 17u, 300u, 299u}) {
        INFO("element " << e);
        {   // normal first: the preloaded pair, then words 2 and 3, then block 1
            auto a = ln.at(e);
            rnd::stream<float> b(seed, 3, e, step, 16);
            for (int k = 0; k < 9; ++k) REQUIRE(std::bit_cast<std::uint32_t>(a.normal()) == std::bit_cast<std::uint32_t>(b.normal()));
        }
        {   // a uniform first: the pair must not be used
            auto a = ln.at(e);
            rnd::stream<float> b(seed, 3, e, step, 16);
            REQUIRE(a.uniform() == b.uniform());
            for (int k = 0; k < 5; ++k) REQUIRE(std::bit_cast<std::uint32_t>(a.normal()) == std::bit_cast<std::uint32_t>(b.normal()));
            REQUIRE(a.uniform() == b.uniform());
        }
    }
}

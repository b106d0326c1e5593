// Tests of cortexpr/random: Philox known answers, the stream's key/counter packing,
// reproducibility, the (0, 1] conversions, golden draws, and goodness of fit of every
// distribution.
//
// Statistical tests use fixed seeds, so they are deterministic: each either always
// passes or always fails. Each has significance level alpha = 1e-4 (the chance that a
// correct generator would have failed it for a seed picked at random), written in the
// test names; mean/variance checks use 6 standard errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <set>
#include <vector>

#include <cortexpr/random/philox.hpp>
#include <cortexpr/random/stream.hpp>

#include "../support/reference_distributions.hpp"

namespace cr = cortexpr::random;

namespace {

using cortexpr::testing::binomial_log_pmf;
using cortexpr::testing::gamma_p;
using cortexpr::testing::gamma_q;
using cortexpr::testing::normal_cdf;

constexpr double alpha = 1e-4;

// ---- reference functions for the fits (double precision, host only) ----------------


/// p-value of the one-sample Kolmogorov-Smirnov test (Stephens' small-n correction).
double ks_p_value(std::vector<double> xs, const std::function<double(double)>& cdf) {
    std::sort(xs.begin(), xs.end());
    const double n = static_cast<double>(xs.size());
    double d = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        const double f = cdf(xs[i]);
        d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
    }
    const double lambda = (std::sqrt(n) + 0.12 + 0.11 / std::sqrt(n)) * d;
    if (lambda < 0.2) return 1;
    double p = 0;
    for (int j = 1; j <= 100; ++j) p += 2 * ((j % 2) ? 1 : -1) * std::exp(-2.0 * j * j * lambda * lambda);
    return std::clamp(p, 0.0, 1.0);
}

/// Chi-square goodness of fit of integer samples against a pmf on [lo, hi]; mass
/// outside goes to the end bins, and neighbouring values are pooled until each bin
/// expects at least 5 counts. Returns the p-value.
double chi_square_p_value(const std::vector<std::uint32_t>& xs, std::int64_t lo, std::int64_t hi,
                          const std::function<double(std::int64_t)>& pmf) {
    const double n = static_cast<double>(xs.size());
    std::vector<double> prob;
    for (std::int64_t k = lo; k <= hi; ++k) prob.push_back(pmf(k));
    double inside = 0;
    for (double q : prob) inside += q;
    prob.front() += std::max(0.0, 1 - inside) / 2;  // far tails (negligible by choice of lo, hi)
    prob.back() += std::max(0.0, 1 - inside) / 2;
    std::vector<double> counts(prob.size(), 0);
    for (auto x : xs) counts[static_cast<std::size_t>(std::clamp<std::int64_t>(x, lo, hi) - lo)] += 1;
    std::vector<double> e_bins, o_bins;
    double e = 0, o = 0;
    for (std::size_t i = 0; i < prob.size(); ++i) {
        e += prob[i] * n;
        o += counts[i];
        if (e >= 5) {
            e_bins.push_back(e);
            o_bins.push_back(o);
            e = o = 0;
        }
    }
    if (e > 0 || o > 0) {
        e_bins.back() += e;
        o_bins.back() += o;
    }
    double chi2 = 0;
    for (std::size_t i = 0; i < e_bins.size(); ++i) chi2 += (o_bins[i] - e_bins[i]) * (o_bins[i] - e_bins[i]) / e_bins[i];
    const double df = static_cast<double>(e_bins.size() - 1);
    return gamma_q(df / 2, chi2 / 2);
}


struct moments {
    double mean = 0, var = 0;
};
template <class T>
moments moments_of(const std::vector<T>& xs) {
    moments m;
    for (auto x : xs) m.mean += static_cast<double>(x);
    m.mean /= static_cast<double>(xs.size());
    for (auto x : xs) m.var += (static_cast<double>(x) - m.mean) * (static_cast<double>(x) - m.mean);
    m.var /= static_cast<double>(xs.size() - 1);
    return m;
}

template <class Real, class Draw>
std::vector<double> draws(std::size_t n, std::uint64_t seed, Draw draw) {
    // One stream per "neuron" and a few draws each, as a simulation would use them.
    std::vector<double> xs;
    xs.reserve(n);
    for (std::uint32_t element = 0; xs.size() < n; ++element) {
        cr::stream<Real> s(seed, 5, element, 12345, 0);
        for (int j = 0; j < 8 && xs.size() < n; ++j) xs.push_back(static_cast<double>(draw(s)));
    }
    return xs;
}

template <class T>
auto bits(T x) {
    if constexpr (sizeof(T) == 4) return std::bit_cast<std::uint32_t>(x);
    else return std::bit_cast<std::uint64_t>(x);
}

}  // namespace

// ---- Philox ---------------------------------------------------------------------------

TEST_CASE("philox4x32_10 matches the Random123 known-answer vectors", "[random][philox]") {
    // Random123 kat_vectors, philox4x32 10 rounds: counter, key -> output.
    struct kat {
        cr::philox4x32_ctr ctr;
        cr::philox4x32_key key;
        cr::philox4x32_ctr expected;
    };
    const kat kats[] = {
        {{{0, 0, 0, 0}}, {{0, 0}}, {{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}}},
        {{{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}},
         {{0xffffffffu, 0xffffffffu}},
         {{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}}},
        {{{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}},
         {{0xa4093822u, 0x299f31d0u}},
         {{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}}},
    };
    for (const auto& k : kats) CHECK(cr::philox4x32_10(k.ctr, k.key) == k.expected);
}

TEST_CASE("philox4x32_10 evaluates at compile time", "[random][philox][static]") {
    constexpr auto zeros = cr::philox4x32_10({{0, 0, 0, 0}}, {{0, 0}});
    STATIC_REQUIRE(zeros == cr::philox4x32_ctr{{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}});
    constexpr auto pi = cr::philox4x32_10({{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}},
                                          {{0xa4093822u, 0x299f31d0u}});
    STATIC_REQUIRE(pi == cr::philox4x32_ctr{{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}});
    // One round differs from ten: the round count is honoured.
    STATIC_REQUIRE(!(cr::philox4x32<1>({{0, 0, 0, 0}}, {{0, 0}}) == zeros));
}

// ---- conversions ----------------------------------------------------------------------

TEST_CASE("uniform conversions cover (0, 1]: never 0, 1 reachable", "[random][uniform][static]") {
    STATIC_REQUIRE(cr::to_uniform_float(0u) == 0x1p-24f);
    STATIC_REQUIRE(cr::to_uniform_float(0xffffffffu) == 1.0f);
    STATIC_REQUIRE(cr::to_uniform_float(0x000000ffu) == 0x1p-24f);  // low 8 bits unused
    STATIC_REQUIRE(cr::to_uniform_float(0x00000100u) == 0x1p-23f);
    STATIC_REQUIRE(cr::to_uniform_float(0x7fffffffu) == 0.5f);
    STATIC_REQUIRE(cr::to_uniform_double(0u, 0u) == 0x1p-53);
    STATIC_REQUIRE(cr::to_uniform_double(0xffffffffu, 0xffffffffu) == 1.0);
    STATIC_REQUIRE(cr::to_uniform_double(0u, 0x3fu) == 0x1p-53);   // low 6 bits of the second unused
    STATIC_REQUIRE(cr::to_uniform_double(0u, 0x40u) == 0x1p-52);
    STATIC_REQUIRE(cr::to_uniform_double(0x1fu, 0u) == 0x1p-53);   // low 5 bits of the first unused
    STATIC_REQUIRE(cr::to_uniform_double(0x20u, 0u) == 0x1p-27 + 0x1p-53);
    STATIC_REQUIRE(cr::to_uniform_double(0x7fffffffu, 0xffffffffu) == 0.5);
    // Every value is a multiple of the resolution: 1 - 2^-24 is the largest below 1.
    STATIC_REQUIRE(cr::to_uniform_float(0xfffffeffu) == 1.0f - 0x1p-24f);
}

// ---- stream: packing and reproducibility ----------------------------------------------

TEST_CASE("stream: key and counter packing is the documented one", "[random][stream]") {
    const std::uint64_t seed = 0x0123456789abcdefull, step = 0x0000beef12345678ull;
    const cr::stream<float> s(seed, 0x00abcdefu, 0xdeadbeefu, step, 0x5au);
    CHECK(s.counter_of(0) == cr::philox4x32_ctr{{0xdeadbeefu, 0x5aabcdefu, 0x12345678u, 0x0000beefu}});
    CHECK(s.counter_of(0x1234u) == cr::philox4x32_ctr{{0xdeadbeefu, 0x5aabcdefu, 0x12345678u, 0x1234beefu}});
    CHECK(s.key_of(0xffffu).v[0] == 0x89abcdefu);
    CHECK(s.key_of(0xffffu).v[1] == 0x01234567u);
    CHECK(s.key_of(0x30000u).v[1] == (0x01234567u ^ (3u * 0x9E3779B9u)));

    // The words are Philox's outputs of those counters, in order, block after block.
    cr::stream<float> t = s;
    for (std::uint32_t block = 0; block < 3; ++block) {
        const auto out = cr::philox4x32_10(s.counter_of(block), s.key_of(block));
        for (int w = 0; w < 4; ++w) CHECK(t.next_u32() == out.v[w]);
    }
}

TEST_CASE("stream: draws are reproducible and constexpr where integer-only", "[random][stream][static]") {
    constexpr auto first = [] {
        cr::stream<double> s(42, 1, 2, 3, 4);
        return s.next_u32();
    }();
    STATIC_REQUIRE(first == cr::philox4x32_10({{2, 1u | (4u << 24), 3, 0}}, {{42, 0}}).v[0]);
    constexpr float u = [] {
        cr::stream<float> s(42, 1, 2, 3, 4);
        s.next_u32();
        return s.uniform();
    }();
    STATIC_REQUIRE(u > 0.0f);
    STATIC_REQUIRE(u <= 1.0f);
    STATIC_REQUIRE(cr::stream<float>::in_range(0xffffffu, (std::uint64_t{1} << 48) - 1, 255));
    STATIC_REQUIRE_FALSE(cr::stream<float>::in_range(0x1000000u, 0, 0));
    STATIC_REQUIRE_FALSE(cr::stream<float>::in_range(0, std::uint64_t{1} << 48, 0));
    STATIC_REQUIRE_FALSE(cr::stream<float>::in_range(0, 0, 256));

    // Same arguments, same sequence of mixed draws (the normal spare included).
    auto run = [] {
        cr::stream<double> s(7, 3, 99, 1000, 2);
        std::vector<double> v;
        for (int i = 0; i < 200; ++i) {
            v.push_back(s.normal());
            v.push_back(s.uniform());
            v.push_back(static_cast<double>(s.binomial(1000, 0.3)));
            v.push_back(s.gamma(0.5));
            v.push_back(static_cast<double>(s.next_u32()));
        }
        return v;
    };
    CHECK(run() == run());
}

TEST_CASE("stream: seed, group, element, step and purpose each select a different stream",
          "[random][stream]") {
    auto first64 = [](std::uint64_t seed, std::uint32_t group, std::uint32_t element, std::uint64_t step,
                      std::uint32_t purpose) {
        cr::stream<float> s(seed, group, element, step, purpose);
        const std::uint64_t a = s.next_u32();
        return (a << 32) | s.next_u32();
    };
    // A grid including the field boundaries, where a sloppy packing would alias.
    const std::uint64_t seeds[] = {0, 1, std::uint64_t{1} << 32, 0xffffffffffffffffull};
    const std::uint32_t groups[] = {0, 1, 0x800000u, 0xffffffu};
    const std::uint32_t elements[] = {0, 1, 0x80000000u, 0xffffffffu};
    const std::uint64_t steps[] = {0, 1, std::uint64_t{1} << 32, (std::uint64_t{1} << 48) - 1};
    const std::uint32_t purposes[] = {0, 1, 255};
    std::set<std::uint64_t> seen;
    std::size_t n = 0;
    for (auto seed : seeds)
        for (auto g : groups)
            for (auto e : elements)
                for (auto st : steps)
                    for (auto p : purposes) {
                        seen.insert(first64(seed, g, e, st, p));
                        ++n;
                    }
    CHECK(seen.size() == n);  // 768 streams, no two alike in their first 64 bits
    CHECK(first64(1, 2, 3, 4, 5) == first64(1, 2, 3, 4, 5));
}

TEST_CASE("stream: words past 2^16 blocks do not repeat the first blocks", "[random][stream]") {
    cr::stream<float> s(99, 1, 2, 3);
    std::vector<std::uint32_t> head;
    for (int i = 0; i < 64; ++i) head.push_back(s.next_u32());
    for (std::uint32_t i = 64; i < (1u << 18); ++i) s.next_u32();  // through block 65535
    std::vector<std::uint32_t> next;
    for (int i = 0; i < 64; ++i) next.push_back(s.next_u32());
    CHECK(head != next);
    const auto expected = cr::philox4x32_10(s.counter_of(1u << 16), s.key_of(1u << 16));
    CHECK(next[0] == expected.v[0]);
    CHECK(next[3] == expected.v[3]);
    CHECK(s.counter_of(1u << 16) == s.counter_of(0));  // the counter wrapped: the key differs
}

// ---- golden draws ---------------------------------------------------------------------
// The first six draws of a fresh stream(0x0123456789abcdef, 7, 123, 1000, 3), as bits.
// They pin the generator and every algorithm: any change here changes users' networks,
// so update them only deliberately (and say so in the changelog). The CUDA twin
// (test_random_cuda.cpp) checks the device against the host with the same draws.

TEST_CASE("stream: golden draws (float)", "[random][stream][golden]") {
    auto fresh = [] { return cr::stream<float>(0x0123456789abcdefull, 7, 123, 1000, 3); };
    auto check = [&](auto draw, std::initializer_list<std::uint32_t> expected) {
        auto s = fresh();
        for (auto e : expected) CHECK(bits(draw(s)) == e);
    };
    auto check_int = [&](auto draw, std::initializer_list<std::uint32_t> expected) {
        auto s = fresh();
        for (auto e : expected) CHECK(draw(s) == e);
    };
    check_int([](auto& s) { return s.next_u32(); },
              {0x70551ca4u, 0xa2ae7a99u, 0x0bc8399cu, 0x40e7e006u, 0x260ac388u, 0xe625d581u});
    check([](auto& s) { return s.uniform(); },
          {0x3ee0aa3au, 0x3f22ae7bu, 0x3d3c83a0u, 0x3e81cfc2u, 0x3e182b10u, 0x3f6625d6u});
    check([](auto& s) { return s.normal(); },
          {0xbf588f07u, 0xbf771eafu, 0xbd61ed74u, 0x401ec4afu, 0x3fc94b8fu, 0xbf942977u});
    check([](auto& s) { return s.exponential(); },
          {0x3f52def3u, 0x3ee821c8u, 0x404507abu, 0x3fafa596u, 0x3ff407b5u, 0x3dda0579u});
    check([](auto& s) { return s.log_normal(0.5f, 0.25f); },
          {0x3faacf28u, 0x3fa5c968u, 0x3fd0256eu, 0x4044300cu, 0x401c5739u, 0x3f9e0248u});
    check([](auto& s) { return s.gamma(0.3f); },
          {0x3b6d1157u, 0x3e535790u, 0x401a289fu, 0x3fc5e1f4u, 0x3af5c843u, 0x3f7553e0u});
    check([](auto& s) { return s.gamma(2.5f); },
          {0x3f92887bu, 0x3f8451a7u, 0x40aceb68u, 0x3f5ed53cu, 0x40581ad6u, 0x40087a03u});
    check_int([](auto& s) { return s.binomial(10, 0.3f); }, {3, 1, 1, 3, 4, 3});
    check_int([](auto& s) { return s.binomial(45000000u, static_cast<float>(1 / 20683.0)); },
              {0x888, 0x841, 0x85a, 0x883, 0x814, 0x839});
    check_int([](auto& s) { return s.binomial(100, 0.9f); }, {0x55, 0x5b, 0x5d, 0x58, 0x57, 0x5b});
}

TEST_CASE("stream: golden draws (double)", "[random][stream][golden]") {
    auto fresh = [] { return cr::stream<double>(0x0123456789abcdefull, 7, 123, 1000, 3); };
    auto check = [&](auto draw, std::initializer_list<std::uint64_t> expected) {
        auto s = fresh();
        for (auto e : expected) CHECK(bits(draw(s)) == e);
    };
    auto check_int = [&](auto draw, std::initializer_list<std::uint32_t> expected) {
        auto s = fresh();
        for (auto e : expected) CHECK(draw(s) == e);
    };
    check([](auto& s) { return s.uniform(); },
          {0x3fdc15472d1573d6ull, 0x3fa790731039f810ull, 0x3fc30561ce625d5cull, 0x3fd9dfc728d34b34ull,
           0x3fe8f8cfe3fa972dull, 0x3fde0e91bf6610d4ull});
    check([](auto& s) { return s.normal(); },
          {0x3ff3af0477353b98ull, 0x3fd76cc41d74dd78ull, 0xbff9c2d60db7627eull, 0x3ff1ad6449f094a3ull,
           0xbfe6208f5a24c0f3ull, 0x3fc1178ad1870e6aull});
    check([](auto& s) { return s.exponential(); },
          {0x3fea5bde80297097ull, 0x4008a0f5b4ff81d4ull, 0x3ffe80f6d29616e8ull, 0x3fecfaff60c6383full,
           0x3fcfbdef1462dfaeull, 0x3fe82f6f74be748cull});
    check([](auto& s) { return s.log_normal(0.5, 0.25); },
          {0x4001f07bc050841aull, 0x3ffce840ef0c7cf4ull, 0x3ff1a366b251c4a3ull, 0x400162bef33fe321ull,
           0x3ff63115c2d37de0ull, 0x3ffb46680f601d9aull});
    check([](auto& s) { return s.gamma(0.3); },
          {0x3fc134376817f0ffull, 0x3fbc4d0d02dcd4aaull, 0x4016dbc2af9fa3e6ull, 0x3fa34775e0877fa2ull,
           0x3f5145439a5ffa58ull, 0x3f74ad74ebd4bda8ull});
    check([](auto& s) { return s.gamma(2.5); },
          {0x40121d8b1b207652ull, 0x400602b071741571ull, 0x3ff4cc67d075be6eull, 0x4002f42ad4f9bb83ull,
           0x401852fe77aa22b1ull, 0x40007b77c5f195e1ull});
    check_int([](auto& s) { return s.binomial(10, 0.3); }, {3, 1, 1, 3, 4, 3});
    check_int([](auto& s) { return s.binomial(45000000u, 1 / 20683.0); },
              {0x888, 0x841, 0x85a, 0x883, 0x814, 0x839});
    check_int([](auto& s) { return s.binomial(100, 0.9); }, {0x5b, 0x5f, 0x5d, 0x5b, 0x58, 0x5a});
}

// ---- goodness of fit ------------------------------------------------------------------

TEMPLATE_TEST_CASE("next_u32: byte and bit frequencies, chi-square alpha = 1e-4", "[random][stats]", float) {
    const std::size_t n = std::size_t{1} << 20;
    std::vector<std::uint32_t> lo, hi;
    std::vector<double> ones(32, 0);
    for (std::uint32_t element = 0; lo.size() < n; ++element) {
        cr::stream<TestType> s(2024, 1, element, 77);
        for (int j = 0; j < 16; ++j) {
            const std::uint32_t w = s.next_u32();
            lo.push_back(w & 0xffu);
            hi.push_back(w >> 24);
            for (int b = 0; b < 32; ++b) ones[b] += (w >> b) & 1u;
        }
    }
    auto flat = [](std::int64_t) { return 1.0 / 256; };
    CHECK(chi_square_p_value(lo, 0, 255, flat) > alpha);
    CHECK(chi_square_p_value(hi, 0, 255, flat) > alpha);
    const double half = static_cast<double>(lo.size()) / 2, sd = std::sqrt(half / 2);
    for (int b = 0; b < 32; ++b) CHECK(std::fabs(ones[b] - half) < 6 * sd);
}

TEMPLATE_TEST_CASE("uniform: in (0, 1], Kolmogorov-Smirnov alpha = 1e-4", "[random][stats]", float, double) {
    const auto xs = draws<TestType>(200000, 1, [](auto& s) { return s.uniform(); });
    CHECK(*std::min_element(xs.begin(), xs.end()) > 0.0);
    CHECK(*std::max_element(xs.begin(), xs.end()) <= 1.0);
    CHECK(ks_p_value(xs, [](double x) { return std::clamp(x, 0.0, 1.0); }) > alpha);
    const auto m = moments_of(xs);
    CHECK(m.mean == Approx(0.5).margin(6 * std::sqrt(1.0 / 12 / 200000)));
    CHECK(m.var == Approx(1.0 / 12).margin(6 * std::sqrt(1.0 / 180 / 200000)));
}

TEMPLATE_TEST_CASE("normal: Kolmogorov-Smirnov alpha = 1e-4", "[random][stats]", float, double) {
    const auto xs = draws<TestType>(200000, 2, [](auto& s) { return s.normal(); });
    CHECK(ks_p_value(xs, normal_cdf) > alpha);
    const auto m = moments_of(xs);
    CHECK(m.mean == Approx(0).margin(6 * std::sqrt(1.0 / 200000)));
    CHECK(m.var == Approx(1).margin(6 * std::sqrt(2.0 / 200000)));
    const double bound = sizeof(TestType) == 4 ? 5.77 : 8.58;  // sqrt(-2 log 2^-24 or 2^-53)
    for (double x : xs) REQUIRE(std::fabs(x) < bound);
}

TEMPLATE_TEST_CASE("exponential: Kolmogorov-Smirnov alpha = 1e-4", "[random][stats]", float, double) {
    const auto xs = draws<TestType>(200000, 3, [](auto& s) { return s.exponential(); });
    CHECK(*std::min_element(xs.begin(), xs.end()) >= 0.0);
    CHECK(std::isfinite(*std::max_element(xs.begin(), xs.end())));
    CHECK(ks_p_value(xs, [](double x) { return x <= 0 ? 0.0 : -std::expm1(-x); }) > alpha);
    const auto m = moments_of(xs);
    CHECK(m.mean == Approx(1).margin(6 * std::sqrt(1.0 / 200000)));
    CHECK(m.var == Approx(1).margin(6 * std::sqrt(8.0 / 200000)));
}

TEMPLATE_TEST_CASE("log_normal: Kolmogorov-Smirnov alpha = 1e-4", "[random][stats]", float, double) {
    const double mu = 0.5, sigma = 0.8;
    const auto xs = draws<TestType>(200000, 4, [&](auto& s) {
        return s.log_normal(static_cast<TestType>(mu), static_cast<TestType>(sigma));
    });
    CHECK(ks_p_value(xs, [&](double x) { return x <= 0 ? 0.0 : normal_cdf((std::log(x) - mu) / sigma); }) > alpha);
    const auto m = moments_of(xs);
    CHECK(m.mean == Approx(std::exp(mu + sigma * sigma / 2)).epsilon(0.01));
}

TEMPLATE_TEST_CASE("gamma: Kolmogorov-Smirnov alpha = 1e-4 for a = 0.3, 1, 2.5, 10", "[random][stats]", float,
                   double) {
    for (double a : {0.3, 1.0, 2.5, 10.0}) {
        INFO("a = " << a);
        const auto xs = draws<TestType>(100000, 5 + static_cast<std::uint64_t>(10 * a),
                                        [&](auto& s) { return s.gamma(static_cast<TestType>(a)); });
        CHECK(*std::min_element(xs.begin(), xs.end()) >= 0.0);
        CHECK(ks_p_value(xs, [&](double x) { return gamma_p(a, x); }) > alpha);
        const auto m = moments_of(xs);
        CHECK(m.mean == Approx(a).margin(6 * std::sqrt(a / 100000)));
        CHECK(m.var == Approx(a).margin(6 * std::sqrt((6 * a + 2 * a * a) / 100000)));  // var of s^2
    }
}

TEST_CASE("gamma: NaN for a <= 0, tiny a underflows to 0 rather than NaN", "[random]") {
    cr::stream<float> s(1, 2, 3, 4);
    CHECK(std::isnan(s.gamma(0.0f)));
    CHECK(std::isnan(s.gamma(-1.0f)));
    CHECK(std::isnan(s.gamma(std::nanf(""))));
    for (int i = 0; i < 100; ++i) {
        const float x = s.gamma(1e-3f);
        REQUIRE(x >= 0.0f);
        REQUIRE(std::isfinite(x));
    }
}

TEMPLATE_TEST_CASE("binomial: chi-square alpha = 1e-4 at (10, 0.3), (1000, 0.02), (45e6, 1/20683), "
                   "(100, 0.9) and either side of the inversion/BTRD switch",
                   "[random][stats]", float, double) {
    struct params {
        std::uint32_t n;
        double p;
    };
    const params cases[] = {{10, 0.3},   {1000, 0.02}, {45000000, 1 / 20683.0}, {100, 0.9}, {19, 0.5},
                            {20, 0.5},   {21, 0.48},   {1000, 0.995},           {4000000000u, 1e-9},
                            {200, 0.05}, {7, 0.999}};
    std::uint64_t seed = 100;
    for (const auto& c : cases) {
        const double p = static_cast<double>(static_cast<TestType>(c.p));  // the p actually used
        INFO("n = " << c.n << ", p = " << p);
        std::vector<std::uint32_t> xs;
        for (std::uint32_t element = 0; xs.size() < 100000; ++element) {
            cr::stream<TestType> s(++seed, 9, element, 0, 1);
            for (int j = 0; j < 4; ++j) xs.push_back(s.binomial(c.n, static_cast<TestType>(c.p)));
        }
        const double n = c.n, mean = n * p, sd = std::sqrt(n * p * (1 - p));
        for (auto x : xs) REQUIRE(x <= c.n);
        const auto lo = static_cast<std::int64_t>(std::max(0.0, std::floor(mean - 12 * sd - 5)));
        const auto hi = static_cast<std::int64_t>(std::min(n, std::ceil(mean + 12 * sd + 5)));
        CHECK(chi_square_p_value(xs, lo, hi, [&](std::int64_t k) {
                  return std::exp(binomial_log_pmf(n, p, static_cast<double>(k)));
              }) > alpha);
        const auto m = moments_of(xs);
        CHECK(m.mean == Approx(mean).margin(6 * sd / std::sqrt(100000.0)));
        CHECK(m.var == Approx(sd * sd).margin(6 * sd * sd * std::sqrt(2.0 / 100000) + 1e-9));
    }
}

TEST_CASE("binomial: edge cases and n near 2^32", "[random]") {
    cr::stream<double> s(11, 0, 0, 0);
    CHECK(s.binomial(0, 0.5) == 0u);
    CHECK(s.binomial(100, 0.0) == 0u);
    CHECK(s.binomial(100, -1.0) == 0u);
    CHECK(s.binomial(100, std::nan("")) == 0u);
    CHECK(s.binomial(100, 1.0) == 100u);
    CHECK(s.binomial(100, 2.0) == 100u);
    CHECK(s.binomial(0xffffffffu, 1.0) == 0xffffffffu);
    // Mean and variance at n = 4e9, p = 0.5 (BTRD with sd 31623), 20000 draws.
    std::vector<std::uint32_t> xs;
    for (int i = 0; i < 20000; ++i) xs.push_back(s.binomial(4000000000u, 0.5));
    const auto m = moments_of(xs);
    CHECK(m.mean == Approx(2e9).margin(6 * 31623 / std::sqrt(20000.0)));
    CHECK(m.var == Approx(1e9).margin(6 * 1e9 * std::sqrt(2.0 / 20000)));
    // p just above 0.5 near n = 2^32: the flip n - k must not wrap.
    for (int i = 0; i < 1000; ++i) REQUIRE(s.binomial(0xffffffffu, 0.999999999) >= 0xffffff00u);
}

TEST_CASE("binomial: Stirling tail fc(k) agrees with lgamma and with exact values", "[random]") {
    for (int k = 0; k <= 60; ++k) {  // lgamma's rounding limits this comparison to ~1e-13
        const double exact = std::lgamma(k + 1.0) - ((k + 0.5) * std::log(k + 1.0) - (k + 1.0) +
                                                      0.5 * std::log(2 * 3.14159265358979323846));
        CHECK(cr::detail::stirling_tail(k) == Approx(exact).margin(2e-13));
    }
    // Exact to 16 digits (mpmath): where the table ends and the series takes over.
    CHECK(cr::detail::stirling_tail(9) == Approx(0.00833056343336287).epsilon(1e-15));
    CHECK(cr::detail::stirling_tail(10) == Approx(0.007573675487951841).epsilon(1e-10));
    CHECK(cr::detail::stirling_tail(20) == Approx(0.00396795421864086).epsilon(1e-12));
    CHECK(cr::detail::stirling_tail(30) == Approx(0.002688078828531143).epsilon(1e-13));
}

// Repeated (pre, post) pairs are different synapses (issue 13): FixedNumberTotalWithReplacement
// makes many, and each must draw its own initial values and its own random numbers in
// synaptic code. Per-synapse streams are keyed by (pre, post, repeat), the repeat counting
// the earlier synapses of the pair in its row (step/streams.hpp); when they were
// keyed by the pair alone, every repeat of a pair got the same weight and delay and made
// the same draw, which these tests catch:
//
// - stored weights and delays: within the repeats of a pair the values vary as much as the
//   initialiser says (pooled within-pair variance / the distribution's variance ≈ 1; it
//   was exactly 0);
// - stochastic synapses (one draw per synapse and spike): the input a target gets from m
//   synapses of one pair is Binomial(m, p), not 0 or m; the same spikes for 1, 2 and 4
//   threads;
// - procedural weights: regenerated at every use, equal to the stored weights of the same
//   connectivity (the snippet adds a row's targets in increasing order, so a procedural
//   row counts the repeats of a pair as the sorted stored row does).
//
// Tolerances: every statistic below is a deterministic function of the seed; the bounds
// leave out about 1e-4 or less of its sampling distribution on each side, and under pair
// keying the statistic lay far outside them (within-pair variance 0; chi-square 3300 to
// 4150 against a bound of 80).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include <cortexpr/cortexpr.hpp>

namespace cx = cortexpr;
using namespace cx::literals;

namespace {

/// Spikes in step 0 only.
struct Once {
    static constexpr std::string_view name = "Once";
    static constexpr cortexpr::code threshold_condition_code = "t < 0.5 * dt";
};
/// Adds up its input (never spikes).
struct Counter {
    static constexpr std::string_view name = "Counter";
    static constexpr auto vars = cortexpr::vars("n");
    static constexpr cortexpr::code sim_code = "n += Isyn;\n";
    static constexpr cortexpr::code threshold_condition_code = "n < -1.0e30";
};
/// Transmits each spike with probability p: one draw per synapse and spike.
struct Unreliable {
    static constexpr std::string_view name = "Unreliable";
    static constexpr auto params = cortexpr::params("p");
    static constexpr cortexpr::code pre_spike_syn_code = "if (gennrand_uniform() < p) addToPost(1.0);\n";
};

constexpr std::uint32_t n_post = 40;

/// (pre, post) -> the values of that pair's synapses, in storage order.
template <class V>
std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<double>> by_pair(const std::vector<V>& values) {
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<double>> m;
    for (const auto& s : values) m[{s.pre, s.post}].push_back(double(s.value));
    return m;
}

/// Pooled within-pair variance, the number of its degrees of freedom, and how many
/// repeats of a pair equal an earlier repeat of the same pair.
struct within { double variance = 0; std::size_t dof = 0, equal = 0; };
within pooled(const std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<double>>& m) {
    within w;
    double ss = 0;
    for (const auto& [pair, v] : m) {
        if (v.size() < 2) continue;
        double mean = 0;
        for (double x : v) mean += x;
        mean /= double(v.size());
        for (double x : v) ss += (x - mean) * (x - mean);
        w.dof += v.size() - 1;
        for (std::size_t a = 1; a < v.size(); ++a)
            for (std::size_t c = 0; c < a; ++c) w.equal += v[a] == v[c] ? 1 : 0;
    }
    w.variance = ss / double(w.dof);
    return w;
}

}  // namespace

TEST_CASE("multapses: every repeat of a pair draws its own weight and delay", "[sim][multapses][var_init]") {
    // 4 x 10 pairs, 2000 synapses: about 50 repeats of every pair
    auto net = cx::network(
        cx::population<"Pre", Once>(4), cx::population<"Post", Counter>(10, "n"_v = 0.0),
        cx::synapses<"S", "Pre", "Post">(
            cx::sparse(cx::connect<cx::init_sparse::FixedNumberTotalWithReplacement>("num"_p = 2000.0)),
            cx::wu<cx::weight_update::StaticPulseDendriticDelay>(
                "g"_v = cx::init<cx::init_var::Normal>("mean"_p = 0.0, "sd"_p = 1.0),
                "d"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.0, "max"_p = 40.0)),
            cx::psm<cx::postsynaptic::DeltaCurr>(), {.max_dendritic_delay = 64}));
    for (std::uint64_t seed : {1ull, 2ull, 3ull}) {
        CAPTURE(seed);
        auto sim = cx::simulate<cx::cpu>(net, {.dt = 1.0, .seed = seed, .threads = 1});
        const auto g = by_pair(sim.synapse_values<"S", "g">());
        const auto d = by_pair(sim.synapse_values<"S", "d">());
        REQUIRE(g.size() == 40);  // every pair was drawn (P(a pair is missed) ≈ 40·e^-50)
        const within wg = pooled(g), wd = pooled(d);
        REQUIRE(wg.dof == 2000 - 40);
        // N(0, 1): the pooled variance has sd sqrt(2/1960) = 0.032 -> [0.85, 1.15]
        CHECK(wg.variance > 0.85);
        CHECK(wg.variance < 1.15);
        // no two repeats of a pair share a float normal (expected collisions ~1e-3)
        CHECK(wg.equal == 0);
        // d = trunc(U(0, 40]): 0..39 (40 only for u = 1), variance (40² − 1)/12 = 133.25;
        // sd of the pooled estimate ≈ 133.25·sqrt((1.8 − 1)/1960) = 2.7 (a flat
        // distribution: kurtosis 1.8), so ±21 is about 8 sd
        CHECK(wd.variance > 133.25 - 21.0);
        CHECK(wd.variance < 133.25 + 21.0);
        // repeats agree on d about 1/40 of the time, not always: 1960·1.25 ≈ 2450 of the
        // 4.9e4 repeat pairs
        std::size_t repeat_pairs = 0;
        for (const auto& [pair, v] : d) repeat_pairs += v.size() * (v.size() - 1) / 2;
        CHECK(double(wd.equal) < 0.05 * double(repeat_pairs));
    }
}

TEST_CASE("multapses: stochastic synapses of one pair draw independently, same on 1, 2 and 4 threads",
          "[sim][multapses][determinism]") {
    // one presynaptic neuron spiking once, 4000 synapses onto 40 targets: ~100 per pair
    constexpr double p = 0.3;
    auto make = [](auto matrix) {
        return cx::network(cx::population<"Pre", Once>(1), cx::population<"Post", Counter>(n_post, "n"_v = 0.0),
                           cx::synapses<"S", "Pre", "Post">(matrix, cx::wu<Unreliable>("p"_p = p), cx::psm<cx::postsynaptic::DeltaCurr>()));
    };
    const auto total = cx::connect<cx::init_sparse::FixedNumberTotalWithReplacement>("num"_p = 4000.0);
    // synapses per target, from the stored twin (procedural rows are built by the same
    // code from the same streams)
    std::vector<double> m(n_post, 0.0);
    {
        auto sparse = cx::simulate<cx::cpu>(make(cx::sparse(total)), {.dt = 1.0, .seed = 5});
        for (const auto& [i, j] : sparse.connections<"S">()) m[j] += 1.0;
    }
    auto received = [&](auto matrix, int threads) {
        auto sim = cx::simulate<cx::cpu>(make(matrix), {.dt = 1.0, .seed = 5, .threads = threads, .min_per_thread = 8});
        sim.run(4.0);
        const auto n = sim.template var<"Post", "n">();
        return std::vector<double>(n.begin(), n.end());
    };
    for (int kind = 0; kind < 2; ++kind) {
        CAPTURE(kind == 0 ? "sparse" : "procedural");
        const auto one = kind == 0 ? received(cx::sparse(total), 1) : received(cx::procedural(total), 1);
        // chi-square over the targets: sum of (n_j − m_j p)² / (m_j p (1 − p)), 40 degrees of
        // freedom (mean 40, sd 8.9; P(< 15) and P(> 80) are both about 1e-4, Wilson–
        // Hilferty); one draw per pair would give ~m_j = 100 times that
        double chi2 = 0, sum = 0;
        for (std::uint32_t j = 0; j < n_post; ++j) {
            chi2 += (one[j] - m[j] * p) * (one[j] - m[j] * p) / (m[j] * p * (1 - p));
            sum += one[j];
        }
        CHECK(chi2 > 15.0);
        CHECK(chi2 < 80.0);
        // every delivery was a whole synapse: counts, not 0 or m_j per target
        std::size_t all_or_none = 0;
        for (std::uint32_t j = 0; j < n_post; ++j) all_or_none += (one[j] == 0 || one[j] == m[j]) ? 1 : 0;
        CHECK(all_or_none == 0);
        CHECK(std::abs(sum - 4000 * p) < 4.5 * std::sqrt(4000 * p * (1 - p)));
        for (int threads : {2, 4}) {
            CAPTURE(threads);
            const auto o = kind == 0 ? received(cx::sparse(total), threads) : received(cx::procedural(total), threads);
            CHECK(o == one);
        }
    }
}

TEST_CASE("multapses: procedural weights regenerate what the stored twin holds", "[sim][multapses][procedural]") {
    // one spike over 4000 synapses onto 40 targets with g ~ N(1, 1): each target sums its
    // own synapses' weights; the stored and the procedural matrix must deliver the same
    auto make = [](auto matrix) {
        return cx::network(
            cx::population<"Pre", Once>(1), cx::population<"Post", Counter>(n_post, "n"_v = 0.0),
            cx::synapses<"S", "Pre", "Post">(matrix,
                                             cx::wu<cx::weight_update::StaticPulse>("g"_v = cx::init<cx::init_var::Normal>("mean"_p = 1.0, "sd"_p = 1.0)),
                                             cx::psm<cx::postsynaptic::DeltaCurr>()));
    };
    const auto total = cx::connect<cx::init_sparse::FixedNumberTotalWithReplacement>("num"_p = 4000.0);
    auto sparse = cx::simulate<cx::cpu, double>(make(cx::sparse(total)), {.dt = 1.0, .seed = 9});
    auto procedural = cx::simulate<cx::cpu, double>(make(cx::procedural(total)), {.dt = 1.0, .seed = 9});
    sparse.run(4.0);
    procedural.run(4.0);
    const auto a = sparse.var<"Post", "n">(), b = procedural.var<"Post", "n">();
    CHECK(std::vector<double>(a.begin(), a.end()) == std::vector<double>(b.begin(), b.end()));
    // and the stored weights are not one value per pair (the first test in detail):
    // sum over targets of (n_j − m_j)² / m_j is chi-square with 40 dof (bounds as above),
    // ~100 times more with one weight per pair
    std::vector<double> m(n_post, 0.0);
    for (const auto& [i, j] : sparse.connections<"S">()) m[j] += 1.0;
    double chi2 = 0;
    for (std::uint32_t j = 0; j < n_post; ++j) chi2 += (a[j] - m[j]) * (a[j] - m[j]) / m[j];
    CHECK(chi2 > 15.0);
    CHECK(chi2 < 80.0);
}

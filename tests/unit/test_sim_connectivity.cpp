// Connectivity built by the sparse and toeplitz snippets on the CPU engine:
// statistics of the random snippets (chi-square at significance 0.001, fixed seeds, so
// the outcome is fixed), exact counts, the Conv2D geometry against a convolution written
// here, narrow index widths, and the equivalence of the matrix kinds (dense, sparse,
// bitmask, procedural, toeplitz, explicit lists) in what they deliver.
#include <catch2/catch.hpp>

#include <cortexpr/cortexpr.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <random>
#include <tuple>
#include <vector>
#include "../support/probe_neuron.hpp"

using namespace cx::literals;

namespace conn_test {

// ---- reference statistics --------------------------------------------------------------
constexpr double z_999 = 3.090232306167813;  // upper 0.001 quantile of N(0, 1)

/// Upper 0.001 quantile of chi-square with `df` degrees of freedom (Wilson-Hilferty;
/// within 1 % of the exact value for df >= 3).
double chi2_critical(double df) {
    const double h = 2.0 / (9.0 * df);
    return df * std::pow(1.0 - h + z_999 * std::sqrt(h), 3.0);
}

double binomial_pmf(unsigned n, double p, unsigned k) {
    return std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) + k * std::log(p) +
                    (n - k) * std::log1p(-p));
}

/// Pearson's chi-square of integer samples against pmf on [0, hi], adjacent cells
/// merged until each expects at least 5 (the remainder joins the last cell).
/// Returns {statistic, degrees of freedom}.
std::pair<double, double> chi2_histogram(const std::vector<std::uint32_t>& xs, unsigned hi, const std::function<double(unsigned)>& pmf) {
    std::vector<double> obs(hi + 1, 0.0);
    for (auto x : xs) {
        if (x > hi) return {std::numeric_limits<double>::infinity(), 1.0};
        obs[x] += 1;
    }
    std::vector<std::pair<double, double>> cells;  // (observed, expected)
    double o = 0, e = 0;
    for (unsigned k = 0; k <= hi; ++k) {
        o += obs[k];
        e += double(xs.size()) * pmf(k);
        if (e >= 5.0) { cells.emplace_back(o, e); o = e = 0; }
    }
    if (!cells.empty()) { cells.back().first += o; cells.back().second += e; }
    double stat = 0;
    for (auto [oc, ec] : cells) stat += (oc - ec) * (oc - ec) / ec;
    return {stat, double(cells.size()) - 1.0};
}

/// Pearson's chi-square of counts that should be equal (a multinomial with equal cell
/// probabilities, or independent counts with mean `mean` and variance `var`).
double chi2_counts(const std::vector<std::uint32_t>& c, double mean, double var) {
    double s = 0;
    for (auto x : c) s += (double(x) - mean) * (double(x) - mean) / var;
    return s;
}

// ---- models ------------------------------------------------------------------------------
using cortexpr::testing::Probe;  // tests/support/probe_neuron.hpp

template <cx::fixed_string Name>
auto probe(std::uint32_t n, double thr) {
    return cx::population<Name, Probe>(n, "thr"_p = thr, "fire"_v = 0.0, "in"_v = 0.0);
}

cx::options opts(std::uint64_t seed, double dt = 1.0) {
    cx::options o;
    o.dt = dt;
    o.seed = seed;
    return o;
}

using conns = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

std::vector<std::uint32_t> row_lengths(const conns& c, std::uint32_t n_pre) {
    std::vector<std::uint32_t> r(n_pre, 0);
    for (auto [i, j] : c) ++r[i];
    return r;
}
std::vector<std::uint32_t> col_lengths(const conns& c, std::uint32_t n_post) {
    std::vector<std::uint32_t> r(n_post, 0);
    for (auto [i, j] : c) ++r[j];
    return r;
}
/// Rows come out grouped by pre, each sorted by post (strictly if `strict`).
bool rows_sorted(const conns& c, bool strict) {
    for (std::size_t k = 1; k < c.size(); ++k) {
        if (c[k].first < c[k - 1].first) return false;
        if (c[k].first == c[k - 1].first && (strict ? c[k].second <= c[k - 1].second : c[k].second < c[k - 1].second)) return false;
    }
    return true;
}

// ---- driving a network ---------------------------------------------------------------
/// Inputs recorded per step, and the presynaptic neurons made to fire per step.
struct trace {
    std::vector<std::vector<float>> in;
    std::vector<std::vector<std::uint32_t>> fired;
    std::vector<double> spike_times;
    std::vector<std::uint32_t> spike_ids;
};

/// Makes each "Pre" neuron fire with probability `rate` per step (a fixed mt19937
/// stream, so every matrix kind sees the same spikes) and records "Post"'s input.
template <class Sim>
trace drive(Sim& sim, std::uint32_t n_pre, std::uint32_t steps, double rate, unsigned seed) {
    std::mt19937 rng(seed);
    trace tr;
    sim.template record_spikes<"Post">(steps);
    for (std::uint32_t n = 0; n < steps; ++n) {
        auto fire = sim.template var<"Pre", "fire">();
        std::vector<std::uint32_t> f;
        for (std::uint32_t i = 0; i < n_pre; ++i)
            if (double(rng()) < rate * 4294967296.0) { fire[i] = 1.0f; f.push_back(i); }
        fire.push();
        sim.step();
        auto in = sim.template var<"Post", "in">();
        in.pull();
        tr.in.emplace_back(in.begin(), in.end());
        tr.fired.push_back(std::move(f));
    }
    const auto sp = sim.template spikes<"Post">();
    tr.spike_times = sp.times;
    tr.spike_ids = sp.ids;
    return tr;
}

/// The input each step should bring, from the spikes of the step before and the
/// weights w[(pre, post)] (summed in double).
std::vector<std::vector<double>> expected_input(const trace& tr, const std::multimap<std::uint32_t, std::pair<std::uint32_t, double>>& syn,
                                                std::uint32_t n_post) {
    std::vector<std::vector<double>> want(tr.fired.size(), std::vector<double>(n_post, 0.0));
    for (std::size_t n = 0; n + 1 < tr.fired.size(); ++n)
        for (auto i : tr.fired[n]) {
            auto [a, b] = syn.equal_range(i);
            for (auto it = a; it != b; ++it) want[n + 1][it->second.first] += it->second.second;
        }
    return want;
}

void check_input(const trace& tr, const std::vector<std::vector<double>>& want) {
    REQUIRE(tr.in.size() == want.size());
    for (std::size_t n = 0; n < want.size(); ++n)
        for (std::size_t j = 0; j < want[n].size(); ++j) {
            INFO("step " << n << " post " << j);
            REQUIRE(tr.in[n][j] == Approx(want[n][j]).epsilon(1e-5).margin(1e-5));
        }
}

/// Pre -> Post through matrix M, StaticPulse weights uniform in [0.1, 1.1) (a
/// shared variable: seeded by the connectivity seed, so regenerated weights equal
/// stored ones), delta-current input. Post fires when its input exceeds 3.
template <class M>
auto kind_net(M matrix, std::uint32_t n_pre, std::uint32_t n_post) {
    return cx::network(
        probe<"Pre">(n_pre, 1e30), probe<"Post">(n_post, 3.0),
        cx::synapses<"S", "Pre", "Post">(
            std::move(matrix),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.1, "max"_p = 1.1)),
            cx::psm<cx::postsynaptic::DeltaCurr>()));
}
auto fixed_prob(double p) { return cx::connect<cx::init_sparse::FixedProbability>("prob"_p = p); }

/// (pre, post, weight) of every stored synapse of "S", keyed by pre.
template <class Sim>
std::multimap<std::uint32_t, std::pair<std::uint32_t, double>> weights_of(Sim& sim) {
    std::multimap<std::uint32_t, std::pair<std::uint32_t, double>> m;
    for (const auto& s : sim.template synapse_values<"S", "g">()) m.emplace(s.pre, std::make_pair(s.post, double(s.value)));
    return m;
}

// ---- convolutions ------------------------------------------------------------------------
struct conv {
    int kh, kw, sh, sw, padh, padw, ih, iw, ic, oh, ow, oc;
    std::uint32_t n_in() const { return std::uint32_t(ih * iw * ic); }
    std::uint32_t n_out() const { return std::uint32_t(oh * ow * oc); }
    std::size_t kernel_size() const { return std::size_t(kh * kw * ic * oc); }
};

/// Every (pre, post, kernel index) of a 2-D cross-correlation, from its definition:
/// output (ro, co, o) reads input (ro·sh − padh + kr, co·sw − padw + kc, i) through
/// kernel entry [kr, kc, i, o]; neurons are (row, col, channel), channel fastest.
std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>> conv_geometry(const conv& c) {
    std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>> out;
    for (int ro = 0; ro < c.oh; ++ro)
        for (int co = 0; co < c.ow; ++co)
            for (int o = 0; o < c.oc; ++o)
                for (int kr = 0; kr < c.kh; ++kr)
                    for (int kc = 0; kc < c.kw; ++kc)
                        for (int i = 0; i < c.ic; ++i) {
                            const int r = ro * c.sh - c.padh + kr, col = co * c.sw - c.padw + kc;
                            if (r < 0 || r >= c.ih || col < 0 || col >= c.iw) continue;
                            out.emplace_back(std::uint32_t((r * c.iw + col) * c.ic + i), std::uint32_t((ro * c.ow + co) * c.oc + o),
                                             std::uint32_t(((kr * c.kw + kc) * c.ic + i) * c.oc + o));
                        }
    std::sort(out.begin(), out.end());
    return out;
}

/// Kernel entries that are exact in float and whose sums are too, so that kinds that
/// add in different orders must agree bit for bit: (k mod 7 − 3)/8.
std::vector<double> kernel_values(std::size_t n) {
    std::vector<double> k(n);
    for (std::size_t i = 0; i < n; ++i) k[i] = double(int(i % 7) - 3) / 8.0;
    return k;
}

auto sparse_conv_net(const conv& c, std::vector<double> kernel) {
    return cx::network(
        probe<"Pre">(c.n_in(), 1e30), probe<"Post">(c.n_out(), 1e30),
        cx::synapses<"S", "Pre", "Post">(
            cx::sparse(cx::connect<cx::init_sparse::Conv2D>(
                "conv_kh"_p = c.kh, "conv_kw"_p = c.kw, "conv_sh"_p = c.sh, "conv_sw"_p = c.sw, "conv_padh"_p = c.padh,
                "conv_padw"_p = c.padw, "conv_ih"_p = c.ih, "conv_iw"_p = c.iw, "conv_ic"_p = c.ic, "conv_oh"_p = c.oh,
                "conv_ow"_p = c.ow, "conv_oc"_p = c.oc)),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = cx::init<cx::init_var::Kernel>("kernel"_e = std::move(kernel))),
            cx::psm<cx::postsynaptic::DeltaCurr>()));
}

/// Procedural Conv2D with kernel weights: rows regenerated at each spike, weights read
/// from the kernel by the indices addSynapse gives.
auto procedural_conv_net(const conv& c, std::vector<double> kernel) {
    return cx::network(
        probe<"Pre">(c.n_in(), 1e30), probe<"Post">(c.n_out(), 1e30),
        cx::synapses<"S", "Pre", "Post">(
            cx::procedural(cx::connect<cx::init_sparse::Conv2D>(
                               "conv_kh"_p = c.kh, "conv_kw"_p = c.kw, "conv_sh"_p = c.sh, "conv_sw"_p = c.sw,
                               "conv_padh"_p = c.padh, "conv_padw"_p = c.padw, "conv_ih"_p = c.ih, "conv_iw"_p = c.iw,
                               "conv_ic"_p = c.ic, "conv_oh"_p = c.oh, "conv_ow"_p = c.ow, "conv_oc"_p = c.oc),
                           cx::kernel_weights),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = cx::init<cx::init_var::Kernel>("kernel"_e = std::move(kernel))),
            cx::psm<cx::postsynaptic::DeltaCurr>()));
}

/// Toeplitz Conv2D: stride 1, output centred by conv_bh/conv_bw (no padding argument).
auto toeplitz_conv_net(const conv& c, std::vector<double> kernel) {
    return cx::network(
        probe<"Pre">(c.n_in(), 1e30), probe<"Post">(c.n_out(), 1e30),
        cx::synapses<"S", "Pre", "Post">(
            cx::toeplitz(cx::connect_toeplitz<cx::init_toeplitz::Conv2D>(
                "conv_kh"_p = c.kh, "conv_kw"_p = c.kw, "conv_ih"_p = c.ih, "conv_iw"_p = c.iw, "conv_ic"_p = c.ic,
                "conv_oh"_p = c.oh, "conv_ow"_p = c.ow, "conv_oc"_p = c.oc)),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = cx::init<cx::init_var::Kernel>("kernel"_e = std::move(kernel))),
            cx::psm<cx::postsynaptic::DeltaCurr>()));
}

// ---- the snippets' statistics: one network, one group per snippet ----------------------
constexpr std::uint32_t n_pre = 2000, n_post = 100, n_rec = 300;
constexpr double p_fp = 0.1, p_na = 0.1;
constexpr std::uint32_t num_total = 50000, num_post = 7, num_pre = 30;

auto stats_net() {
    auto w = [] { return cx::wu<cx::weight_update::StaticPulse>("g"_v = 1.0); };
    auto d = [] { return cx::psm<cx::postsynaptic::DeltaCurr>(); };
    return cx::network(
        probe<"Pre">(n_pre, 1e30), probe<"Post">(n_post, 1e30), probe<"Rec">(n_rec, 1e30),
        cx::synapses<"FP", "Pre", "Post">(cx::sparse(fixed_prob(p_fp)), w(), d()),
        cx::synapses<"NA", "Rec", "Rec">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbabilityNoAutapse>("prob"_p = p_na)), w(), d()),
        cx::synapses<"Total", "Pre", "Post">(
            cx::sparse(cx::connect<cx::init_sparse::FixedNumberTotalWithReplacement>("num"_p = num_total)), w(), d()),
        cx::synapses<"NPost", "Pre", "Post">(
            cx::sparse(cx::connect<cx::init_sparse::FixedNumberPostWithReplacement>("num"_p = num_post)), w(), d()),
        cx::synapses<"NPre", "Pre", "Post">(
            cx::sparse(cx::connect<cx::init_sparse::FixedNumberPreWithReplacement>("num"_p = num_pre)), w(), d()),
        cx::synapses<"O2O", "Rec", "Rec">(cx::sparse(cx::connect<cx::init_sparse::OneToOne>()), w(), d()));
}

}  // namespace conn_test

TEST_CASE("the sparse snippets build connectivity with GeNN's statistics", "[sim][connectivity]") {
    using namespace conn_test;
    auto sim = cx::simulate<cx::cpu>(stats_net(), opts(11));

    SECTION("FixedProbability: row lengths Binomial(n_post, p), targets uniform, rows sorted") {
        const auto c = sim.connections<"FP">();
        REQUIRE(rows_sorted(c, true));
        const auto rows = row_lengths(c, n_pre);
        const auto [stat, df] = chi2_histogram(rows, n_post, [](unsigned k) { return binomial_pmf(n_post, p_fp, k); });
        INFO("row lengths: chi2 " << stat << ", df " << df);
        CHECK(stat < chi2_critical(df));
        // each column count is Binomial(n_pre, p), independently
        const double cs = chi2_counts(col_lengths(c, n_post), n_pre * p_fp, n_pre * p_fp * (1 - p_fp));
        INFO("column counts: chi2 " << cs);
        CHECK(cs < chi2_critical(n_post));
    }
    SECTION("FixedProbabilityNoAutapse: never i -> i, about p·(n - 1) per row") {
        const auto c = sim.connections<"NA">();
        REQUIRE(rows_sorted(c, true));
        for (auto [i, j] : c) REQUIRE(i != j);
        // 5 standard deviations of the Bernoulli total, plus the documented redraw bias
        // (< p extra synapses per row)
        const double mean = double(n_rec) * (n_rec - 1) * p_na, sd = std::sqrt(mean * (1 - p_na));
        CHECK(std::abs(double(c.size()) - mean) < 5 * sd + n_rec * p_na);
    }
    SECTION("FixedNumberTotalWithReplacement: exactly num synapses, rows multinomial, targets uniform") {
        const auto c = sim.connections<"Total">();
        REQUIRE(c.size() == num_total);
        REQUIRE(rows_sorted(c, false));
        // multinomial(num; 1/n_pre each): Pearson's statistic is chi-square with n_pre - 1 df
        const double mr = double(num_total) / n_pre;
        const double rs = chi2_counts(row_lengths(c, n_pre), mr, mr);
        INFO("row lengths: chi2 " << rs);
        CHECK(rs < chi2_critical(n_pre - 1));
        const double mc = double(num_total) / n_post;
        const double cs = chi2_counts(col_lengths(c, n_post), mc, mc);
        INFO("column counts: chi2 " << cs);
        CHECK(cs < chi2_critical(n_post - 1));
    }
    SECTION("FixedNumberPostWithReplacement: exactly num per row, targets uniform") {
        const auto c = sim.connections<"NPost">();
        REQUIRE(rows_sorted(c, false));
        for (auto r : row_lengths(c, n_pre)) REQUIRE(r == num_post);
        const double mc = double(num_post) * n_pre / n_post;
        const double cs = chi2_counts(col_lengths(c, n_post), mc, mc);
        INFO("column counts: chi2 " << cs);
        CHECK(cs < chi2_critical(n_post - 1));
    }
    SECTION("FixedNumberPreWithReplacement: exactly num per column, sources uniform") {
        const auto c = sim.connections<"NPre">();
        REQUIRE(rows_sorted(c, false));
        for (auto l : col_lengths(c, n_post)) REQUIRE(l == num_pre);
        // sources in blocks of 10 rows (15 expected per block): multinomial, 199 df
        std::vector<std::uint32_t> blocks(n_pre / 10, 0);
        for (auto [i, j] : c) ++blocks[i / 10];
        const double mb = double(num_pre) * n_post / blocks.size();
        const double bs = chi2_counts(blocks, mb, mb);
        INFO("row blocks: chi2 " << bs);
        CHECK(bs < chi2_critical(double(blocks.size()) - 1));
    }
    SECTION("OneToOne: exactly i -> i") {
        const auto c = sim.connections<"O2O">();
        REQUIRE(c.size() == n_rec);
        for (std::uint32_t i = 0; i < n_rec; ++i) REQUIRE(c[i] == std::make_pair(i, i));
    }
    SECTION("connectivity is a function of the connectivity seed") {
        auto same = cx::simulate<cx::cpu>(stats_net(), opts(11));
        CHECK(same.connections<"FP">() == sim.connections<"FP">());
        CHECK(same.connections<"Total">() == sim.connections<"Total">());
        CHECK(same.connections<"NPre">() == sim.connections<"NPre">());
        auto other = opts(11);
        other.connectivity_seed = 12;
        auto diff = cx::simulate<cx::cpu>(stats_net(), other);
        CHECK(diff.connections<"FP">() != sim.connections<"FP">());
        CHECK(diff.connections<"NPost">() != sim.connections<"NPost">());
    }
}

TEST_CASE("sparse Conv2D connects exactly the pairs of the convolution, with their kernel indices", "[sim][connectivity]") {
    using namespace conn_test;
    const conv cases[] = {
        {3, 3, 2, 2, 1, 1, 7, 7, 2, 4, 4, 3},  // strided, padded, several channels
        {2, 3, 1, 2, 0, 1, 5, 6, 1, 4, 3, 2},  // unequal kernel, stride and padding per axis
        {3, 3, 1, 1, 1, 1, 6, 5, 2, 3, 5, 2},  // output smaller than the input allows (cropped rows)
    };
    for (const auto& c : cases) {
        CAPTURE(c.kh, c.kw, c.sh, c.sw, c.padh, c.padw, c.ih, c.iw, c.ic, c.oh, c.ow, c.oc);
        // weight = its own kernel index, so the stored weight reveals the index
        std::vector<double> kernel(c.kernel_size());
        for (std::size_t k = 0; k < kernel.size(); ++k) kernel[k] = double(k);
        auto sim = cx::simulate<cx::cpu>(sparse_conv_net(c, kernel), opts(1));
        std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>> got;
        for (const auto& s : sim.synapse_values<"S", "g">()) got.emplace_back(s.pre, s.post, std::uint32_t(s.value));
        std::sort(got.begin(), got.end());
        const auto want = conv_geometry(c);
        REQUIRE(!want.empty());
        CHECK(got == want);
    }
}

TEST_CASE("narrow postsynaptic indices: 8, 16 or 32 bits by the target's size, same connectivity", "[sim][connectivity]") {
    using namespace conn_test;
    using Net = decltype(kind_net(cx::sparse(fixed_prob(0.5)), 1, 1));
    constexpr std::size_t I = std::size_t(Net::index_of<"S">);
    struct size_case { std::uint32_t n_pre, n_post; double p; unsigned bytes; };
    const size_case cases[] = {{40, 200, 0.3, 1}, {40, 256, 0.3, 1}, {30, 1000, 0.2, 2}, {10, 70000, 0.02, 4}};
    for (const auto& sc : cases) {
        CAPTURE(sc.n_post);
        auto sim = cx::simulate<cx::cpu>(kind_net(cx::sparse(fixed_prob(sc.p)), sc.n_pre, sc.n_post), opts(4));
        CHECK(sim.engine().template store<I>().index_bytes == sc.bytes);
        const auto c = sim.connections<"S">();
        REQUIRE(rows_sorted(c, true));
        std::uint32_t top = 0;
        for (auto [i, j] : c) { REQUIRE(j < sc.n_post); top = std::max(top, j); }
        // the indices near the top of the range survive the narrow storage
        CHECK(top >= sc.n_post - sc.n_post / 50 - 1);
        // every row about p·n_post long (6 sd): rows are not cut short or mixed up
        for (auto r : row_lengths(c, sc.n_pre)) {
            const double m = sc.p * sc.n_post;
            REQUIRE(std::abs(double(r) - m) < 6 * std::sqrt(m * (1 - sc.p)));
        }
        // and spikes reach exactly those targets with those weights
        const auto tr = drive(sim, sc.n_pre, 3, 0.5, 99);
        check_input(tr, expected_input(tr, weights_of(sim), sc.n_post));
    }
}

TEST_CASE("dense, sparse, bitmask and procedural matrices deliver what their connectivity says", "[sim][connectivity]") {
    using namespace conn_test;
    constexpr std::uint32_t np = 60, nq = 90, steps = 30;
    constexpr double p = 0.15, rate = 0.2;
    auto dense = cx::simulate<cx::cpu>(kind_net(cx::dense(), np, nq), opts(21));
    auto sparse = cx::simulate<cx::cpu>(kind_net(cx::sparse(fixed_prob(p)), np, nq), opts(21));
    auto bitmask = cx::simulate<cx::cpu>(kind_net(cx::bitmask(fixed_prob(p)), np, nq), opts(21));
    auto procedural = cx::simulate<cx::cpu>(kind_net(cx::procedural(fixed_prob(p)), np, nq), opts(21));

    // dense: all pairs, each input the sum of the weights of the pairs that fired
    REQUIRE(dense.synapse_count<"S">() == std::size_t(np) * nq);
    const auto td = drive(dense, np, steps, rate, 5);
    check_input(td, expected_input(td, weights_of(dense), nq));

    // sparse: the same, over its rows
    const auto ts = drive(sparse, np, steps, rate, 5);
    const auto ws = weights_of(sparse);
    check_input(ts, expected_input(ts, ws, nq));
    // the dense and sparse weights of a pair are the same draw (shared variables are
    // keyed by (pre, post) and the connectivity seed)
    const auto wd = weights_of(dense);
    for (const auto& [i, jw] : ws) {
        auto [a, b] = wd.equal_range(i);
        bool found = false;
        for (auto it = a; it != b; ++it)
            if (it->second.first == jw.first) { found = true; REQUIRE(it->second.second == jw.second); }
        REQUIRE(found);
    }

    // bitmask and procedural, same seed: the same connections as sparse, the same
    // (regenerated) weights, so bit-identical inputs and the same postsynaptic spikes
    CHECK(bitmask.connections<"S">() == sparse.connections<"S">());
    const auto tb = drive(bitmask, np, steps, rate, 5);
    const auto tp = drive(procedural, np, steps, rate, 5);
    REQUIRE(ts.spike_ids.size() > 10);  // the comparison of spikes means something
    for (std::size_t n = 0; n < steps; ++n) {
        INFO("step " << n);
        REQUIRE(tb.in[n] == ts.in[n]);
        REQUIRE(tp.in[n] == ts.in[n]);
    }
    CHECK(tb.spike_ids == ts.spike_ids);
    CHECK(tb.spike_times == ts.spike_times);
    CHECK(tp.spike_ids == ts.spike_ids);
    CHECK(tp.spike_times == ts.spike_times);
    // a procedural matrix stores no weights
    CHECK_THROWS_AS((procedural.var<"S", "g">()), cx::error);
}

TEST_CASE("sparse connectivity from an explicit connection list", "[sim][connectivity]") {
    using namespace conn_test;
    constexpr std::uint32_t np = 20, nq = 30;
    // an unsorted list with a duplicate pair and an empty row (pre 7)
    std::vector<std::uint32_t> pre, post;
    std::mt19937 rng(17);
    for (int k = 0; k < 150; ++k) {
        const std::uint32_t i = rng() % np, j = rng() % nq;
        if (i == 7) continue;
        pre.push_back(i);
        post.push_back(j);
    }
    pre.push_back(pre.front());
    post.push_back(post.front());
    conns want;
    for (std::size_t k = 0; k < pre.size(); ++k) want.emplace_back(pre[k], post[k]);
    std::sort(want.begin(), want.end());

    auto sim = cx::simulate<cx::cpu>(kind_net(cx::sparse(cx::connection_list{pre, post}), np, nq), opts(8));
    CHECK(sim.connections<"S">() == want);
    CHECK(sim.synapse_count<"S">() == pre.size());
    const auto tr = drive(sim, np, 10, 0.4, 3);
    check_input(tr, expected_input(tr, weights_of(sim), nq));

    // out-of-range indices and unequal lengths are errors naming the group
    auto bad = [&](std::vector<std::uint32_t> a, std::vector<std::uint32_t> b) {
        try {
            auto s = cx::simulate<cx::cpu>(kind_net(cx::sparse(cx::connection_list{a, b}), np, nq), opts(8));
            FAIL("no error");
        } catch (const cx::error& e) {
            CHECK(e.group() == "S");
        }
    };
    bad({0, 1}, {0});
    bad({0, np}, {0, 0});
    bad({0, 1}, {nq, 0});
}

TEST_CASE("FixedProbabilityNoAutapse with prob = 1 connects every pair but i -> i", "[sim][connectivity]") {
    using namespace conn_test;
    // GeNN's row code redraws a jump onto id_pre; at prob = 1 every jump is one step and
    // the redraw never ends: ours builds the row directly (make_vogels_abbott(n <= 400)
    // uses prob 1 and hung)
    constexpr std::uint32_t n = 13;
    auto sim = cx::simulate<cx::cpu>(kind_net(cx::sparse(cx::connect<cx::init_sparse::FixedProbabilityNoAutapse>("prob"_p = 1.0)), n, n),
                                     opts(4));
    conns want;
    for (std::uint32_t i = 0; i < n; ++i)
        for (std::uint32_t j = 0; j < n; ++j)
            if (i != j) want.emplace_back(i, j);
    CHECK(sim.connections<"S">() == want);
}

TEST_CASE("toeplitz Conv2D delivers the same input as sparse Conv2D with kernel weights", "[sim][connectivity]") {
    using namespace conn_test;
    // toeplitz is stride 1 and centres the output; sparse gets the padding that matches:
    // "same" (oh = ih, pad (k - 1)/2) and "valid" (oh = ih - kh + 1, pad 0)
    const conv cases[] = {
        {3, 3, 1, 1, 1, 1, 6, 6, 2, 6, 6, 3},
        {3, 2, 1, 1, 0, 0, 6, 7, 2, 4, 6, 2},
    };
    for (const auto& c : cases) {
        CAPTURE(c.kh, c.kw, c.ih, c.iw, c.ic, c.oh, c.ow, c.oc);
        const auto kernel = kernel_values(c.kernel_size());
        auto sp = cx::simulate<cx::cpu>(sparse_conv_net(c, kernel), opts(2));
        auto tp = cx::simulate<cx::cpu>(toeplitz_conv_net(c, kernel), opts(2));
        const auto ts = drive(sp, c.n_in(), 20, 0.3, 41);
        const auto tt = drive(tp, c.n_in(), 20, 0.3, 41);
        // both against the convolution computed here
        std::multimap<std::uint32_t, std::pair<std::uint32_t, double>> geo;
        for (auto [i, j, k] : conv_geometry(c)) geo.emplace(i, std::make_pair(j, kernel[k]));
        const auto want = expected_input(ts, geo, c.n_out());
        check_input(ts, want);
        check_input(tt, want);
        // and with each other, bit for bit (every partial sum is exact)
        for (std::size_t n = 0; n < tt.in.size(); ++n) REQUIRE(tt.in[n] == ts.in[n]);
    }
}

TEST_CASE("procedural Conv2D with kernel weights delivers the convolution", "[sim][connectivity]") {
    using namespace conn_test;
    const conv cases[] = {{3, 3, 2, 2, 1, 1, 7, 7, 2, 4, 4, 3}, {2, 3, 1, 2, 0, 1, 5, 6, 1, 4, 3, 2}};
    for (const auto& c : cases) {
        CAPTURE(c.kh, c.kw, c.sh, c.sw, c.padh, c.padw, c.ih, c.iw, c.ic, c.oh, c.ow, c.oc);
        const auto kernel = kernel_values(c.kernel_size());
        auto pp = cx::simulate<cx::cpu>(procedural_conv_net(c, kernel), opts(2));
        const auto tr = drive(pp, c.n_in(), 20, 0.3, 43);
        std::multimap<std::uint32_t, std::pair<std::uint32_t, double>> geo;
        for (auto [i, j, k] : conv_geometry(c)) geo.emplace(i, std::make_pair(j, kernel[k]));
        check_input(tr, expected_input(tr, geo, c.n_out()));
        // the kernel itself is the stored weight variable
        auto g = pp.var<"S", "g">();
        REQUIRE(g.size() == kernel.size());
        for (std::size_t k = 0; k < kernel.size(); ++k) REQUIRE(g[k] == float(kernel[k]));
    }
}

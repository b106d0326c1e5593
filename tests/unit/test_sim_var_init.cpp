// The built-in variable initialisers, run by the CPU engine on population
// and synapse variables, tested against their distributions: Kolmogorov-Smirnov for the
// continuous ones, chi-square for the discrete ones, each at significance 0.001 with a
// fixed seed (so the outcome is fixed; the significance says how strict the test is).
// CDFs and pmfs are computed here from their textbook formulas, not from our sampler.
#include <catch2/catch.hpp>

#include <cortexpr/cortexpr.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <vector>

using namespace cx::literals;

#include "../support/reference_distributions.hpp"

namespace var_init_test {

// ---- reference statistics --------------------------------------------------------------
constexpr double z_999 = 3.090232306167813;  // upper 0.001 quantile of N(0, 1)

using cortexpr::testing::gamma_p;
using cortexpr::testing::normal_cdf;
double binomial_pmf(unsigned n, double p, unsigned k) { return std::exp(cortexpr::testing::binomial_log_pmf(n, p, k)); }

/// Kolmogorov-Smirnov statistic of `xs` against the CDF F.
double ks_statistic(std::vector<double> xs, const std::function<double(double)>& F) {
    std::sort(xs.begin(), xs.end());
    const double n = double(xs.size());
    double d = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        const double f = F(xs[i]);
        d = std::max({d, f - double(i) / n, double(i + 1) / n - f});
    }
    return d;
}
/// Asymptotic critical value of the one-sample KS statistic at significance 0.001:
/// sqrt(-ln(alpha / 2) / 2) / sqrt(n).
double ks_critical(std::size_t n) { return std::sqrt(-0.5 * std::log(0.0005)) / std::sqrt(double(n)); }

/// Upper 0.001 quantile of chi-square with `df` degrees of freedom (Wilson-Hilferty;
/// within 1 % of the exact value for df >= 3).
double chi2_critical(double df) {
    const double h = 2.0 / (9.0 * df);
    return df * std::pow(1.0 - h + z_999 * std::sqrt(h), 3.0);
}

/// Pearson's chi-square of integer samples against pmf(k) on [lo, hi] (outside: 0),
/// adjacent cells merged until each expects at least 5. Returns {statistic, df};
/// a sample outside [lo, hi] makes the statistic infinite.
std::pair<double, double> chi2_discrete(const std::vector<long>& xs, long lo, long hi, const std::function<double(long)>& pmf) {
    std::vector<double> obs(std::size_t(hi - lo + 1), 0.0), exp(obs.size(), 0.0);
    for (long x : xs) {
        if (x < lo || x > hi) return {std::numeric_limits<double>::infinity(), 1.0};
        obs[std::size_t(x - lo)] += 1;
    }
    const double n = double(xs.size());
    for (long k = lo; k <= hi; ++k) exp[std::size_t(k - lo)] = n * pmf(k);
    double stat = 0, o = 0, e = 0;
    int cells = 0;
    for (std::size_t i = 0; i < obs.size(); ++i) {
        o += obs[i];
        e += exp[i];
        if (e >= 5.0) {
            stat += (o - e) * (o - e) / e;
            ++cells;
            o = e = 0;
        }
    }
    if (e > 0 || o > 0) {  // the remainder joins the last cell (approximately: added as its own term if it expects > 0)
        if (e > 0) stat += (o - e) * (o - e) / e;
        else if (o > 0) stat = std::numeric_limits<double>::infinity();
        ++cells;
    }
    return {stat, double(cells - 1)};
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
    const double n = double(a.size());
    const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n, mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
    double sab = 0, saa = 0, sbb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / std::sqrt(saa * sbb);
}

// ---- models ------------------------------------------------------------------------------
/// A neuron that only holds values: a scalar, an unsigned int and a uint8 (the type of a
/// delay variable). It never spikes.
struct Holder {
    static constexpr std::string_view name = "Holder";
    static constexpr auto vars = cx::vars("x", cx::var("k", "unsigned int"), cx::var("d", "uint8_t"));
    static constexpr cx::code sim_code = "";
    static constexpr cx::code threshold_condition_code = "false";
};

/// Two per-synapse variables, one shared by batches (seeded by the connectivity seed)
/// and one per batch entry (seeded by the simulation seed).
struct TwoWeights {
    static constexpr std::string_view name = "TwoWeights";
    static constexpr auto vars = cx::vars(cx::var("a", cx::access::read_only), cx::var("b", cx::access::read_write));
    static constexpr cx::code pre_spike_syn_code = "addToPost(a + b);\n";
};

constexpr std::uint32_t N = 20000;  // samples per initialiser

auto uniform(double lo, double hi) { return cx::init<cx::init_var::Uniform>("min"_p = lo, "max"_p = hi); }
auto normal(double m, double s) { return cx::init<cx::init_var::Normal>("mean"_p = m, "sd"_p = s); }
auto gamma(double a, double b) { return cx::init<cx::init_var::Gamma>("a"_p = a, "b"_p = b); }
auto binomial(double n, double p) { return cx::init<cx::init_var::Binomial>("n"_p = n, "p"_p = p); }

/// One population per initialiser (parameters at run time, so one network type serves
/// every parameter set); the variables an initialiser does not fill are constants.
auto make_net() {
    return cx::network(
        cx::population<"Uni", Holder>(N, "x"_v = uniform(-2.0, 3.0), "k"_v = 0.0, "d"_v = 0.0),
        cx::population<"Nor", Holder>(N, "x"_v = normal(1.5, 0.5), "k"_v = 0.0, "d"_v = 0.0),
        cx::population<"NCl", Holder>(N, "x"_v = cx::init<cx::init_var::NormalClipped>(
                                              "mean"_p = 0.0, "sd"_p = 1.0, "min"_p = -0.5, "max"_p = 2.0),
                                      "k"_v = 0.0, "d"_v = 0.0),
        cx::population<"NCD", Holder>(N, "x"_v = 0.0, "k"_v = 0.0,
                                      "d"_v = cx::init<cx::init_var::NormalClippedDelay>(
                                          "mean"_p = 1.5, "sd"_p = 0.7, "min"_p = 0.5, "max"_p = 3.0)),
        cx::population<"Exp", Holder>(N, "x"_v = cx::init<cx::init_var::Exponential>("lambda"_p = 2.5), "k"_v = 0.0, "d"_v = 0.0),
        cx::population<"GamS", Holder>(N, "x"_v = gamma(0.3, 2.0), "k"_v = 0.0, "d"_v = 0.0),
        cx::population<"Gam1", Holder>(N, "x"_v = gamma(1.0, 0.5), "k"_v = 0.0, "d"_v = 0.0),
        cx::population<"GamL", Holder>(N, "x"_v = gamma(4.5, 1.5), "k"_v = 0.0, "d"_v = 0.0),
        cx::population<"BinInv", Holder>(N, "x"_v = 0.0, "k"_v = binomial(20.0, 0.3), "d"_v = 0.0),
        cx::population<"BinBtrd", Holder>(N, "x"_v = 0.0, "k"_v = binomial(400.0, 0.1), "d"_v = 0.0),
        cx::population<"BinHigh", Holder>(N, "x"_v = 0.0, "k"_v = binomial(30.0, 0.85), "d"_v = 0.0),
        cx::population<"Con", Holder>(N, "x"_v = -7.25, "k"_v = 42.0, "d"_v = 200.0));
}

cx::options opts(std::uint64_t seed, double dt = 0.1) {
    cx::options o;
    o.dt = dt;
    o.seed = seed;
    return o;
}

template <class View>
std::vector<double> as_doubles(const View& v) {
    v.pull();
    return std::vector<double>(v.begin(), v.end());
}
template <class View>
std::vector<long> as_longs(const View& v) {
    v.pull();
    return std::vector<long>(v.begin(), v.end());
}

}  // namespace var_init_test

TEST_CASE("random variable initialisers follow their distributions (population variables)", "[sim][var_init]") {
    using namespace var_init_test;
    auto sim = cx::simulate<cx::cpu>(make_net(), opts(2024));

    SECTION("Uniform: U[min, max), KS") {
        const auto x = as_doubles(sim.var<"Uni", "x">());
        REQUIRE(x.size() == N);
        for (double v : x) REQUIRE((v >= -2.0 && v < 3.0));
        CHECK(ks_statistic(x, [](double v) { return (v + 2.0) / 5.0; }) < ks_critical(N));
    }
    SECTION("Normal: N(mean, sd), KS") {
        const auto x = as_doubles(sim.var<"Nor", "x">());
        CHECK(ks_statistic(x, [](double v) { return normal_cdf((v - 1.5) / 0.5); }) < ks_critical(N));
    }
    SECTION("NormalClipped: N(0, 1) truncated to [-0.5, 2], KS") {
        const auto x = as_doubles(sim.var<"NCl", "x">());
        for (double v : x) REQUIRE((v >= -0.5 && v <= 2.0));
        const double lo = normal_cdf(-0.5), z = normal_cdf(2.0) - lo;
        CHECK(ks_statistic(x, [&](double v) { return (normal_cdf(v) - lo) / z; }) < ks_critical(N));
    }
    SECTION("NormalClippedDelay: whole steps of a truncated normal in step units (uint8), chi-square") {
        // dt 0.1: mean 15 steps, sd 7, truncated to [5, 30]; rint maps (k - 1/2, k + 1/2) to k
        const auto d = as_longs(sim.var<"NCD", "d">());
        const double lo = normal_cdf((5.0 - 15.0) / 7.0), z = normal_cdf((30.0 - 15.0) / 7.0) - lo;
        auto pmf = [&](long k) {
            const double a = std::max(double(k) - 0.5, 5.0), b = std::min(double(k) + 0.5, 30.0);
            return (normal_cdf((b - 15.0) / 7.0) - normal_cdf((a - 15.0) / 7.0)) / z;
        };
        const auto [stat, df] = chi2_discrete(d, 5, 30, pmf);
        INFO("chi2 " << stat << " df " << df);
        CHECK(stat < chi2_critical(df));
    }
    SECTION("Exponential: lambda is the mean, KS") {
        const auto x = as_doubles(sim.var<"Exp", "x">());
        for (double v : x) REQUIRE(v >= 0.0);
        CHECK(ks_statistic(x, [](double v) { return v <= 0 ? 0.0 : -std::expm1(-v / 2.5); }) < ks_critical(N));
    }
    SECTION("Gamma: b·Gamma(a, 1) for a < 1, a = 1 and a > 1, KS") {
        struct gcase { std::vector<double> x; double a, b; };
        const gcase cases[] = {{as_doubles(sim.var<"GamS", "x">()), 0.3, 2.0},
                               {as_doubles(sim.var<"Gam1", "x">()), 1.0, 0.5},
                               {as_doubles(sim.var<"GamL", "x">()), 4.5, 1.5}};
        for (const auto& c : cases) {
            CAPTURE(c.a, c.b);
            for (double v : c.x) REQUIRE((v >= 0.0 && std::isfinite(v)));
            CHECK(ks_statistic(c.x, [&](double v) { return gamma_p(c.a, v / c.b); }) < ks_critical(N));
        }
    }
    SECTION("Binomial: inversion (np < 10), BTRD (np >= 10) and p > 0.5, chi-square") {
        struct bcase { std::vector<long> k; unsigned n; double p; };
        const bcase cases[] = {{as_longs(sim.var<"BinInv", "k">()), 20, 0.3},
                               {as_longs(sim.var<"BinBtrd", "k">()), 400, 0.1},
                               {as_longs(sim.var<"BinHigh", "k">()), 30, 0.85}};
        for (const auto& c : cases) {
            CAPTURE(c.n, c.p);
            const auto [stat, df] = chi2_discrete(c.k, 0, long(c.n), [&](long k) { return binomial_pmf(c.n, c.p, unsigned(k)); });
            INFO("chi2 " << stat << " df " << df);
            CHECK(stat < chi2_critical(df));
        }
    }
    SECTION("Constant, and plain numbers: every element exactly the value") {
        for (float v : sim.var<"Con", "x">()) REQUIRE(v == -7.25f);
        for (unsigned v : sim.var<"Con", "k">()) REQUIRE(v == 42u);
        for (std::uint8_t v : sim.var<"Con", "d">()) REQUIRE(v == 200);
    }
    SECTION("the populations draw from different streams") {
        // Uni and Nor both transform one uniform/normal per element; distinct streams
        // per population show as no correlation between them
        const auto u = as_doubles(sim.var<"Uni", "x">());
        const auto v = as_doubles(sim.var<"Nor", "x">());
        CHECK(std::abs(correlation(u, v)) < 4.0 / std::sqrt(double(N)));
    }
}

TEST_CASE("variable initialisation is a function of the seed", "[sim][var_init]") {
    using namespace var_init_test;
    auto a = cx::simulate<cx::cpu>(make_net(), opts(77));
    auto b = cx::simulate<cx::cpu>(make_net(), opts(77));
    auto c = cx::simulate<cx::cpu>(make_net(), opts(78));
    const auto xa = as_doubles(a.var<"Nor", "x">()), xb = as_doubles(b.var<"Nor", "x">()), xc = as_doubles(c.var<"Nor", "x">());
    CHECK(xa == xb);
    CHECK(as_longs(a.var<"BinBtrd", "k">()) == as_longs(b.var<"BinBtrd", "k">()));
    CHECK(as_doubles(a.var<"GamS", "x">()) == as_doubles(b.var<"GamS", "x">()));
    // another seed: (almost) every value differs, and the two draws are uncorrelated
    std::size_t same = 0;
    for (std::size_t i = 0; i < xa.size(); ++i) same += xa[i] == xc[i];
    CHECK(same < 10);
    CHECK(std::abs(correlation(xa, xc)) < 4.0 / std::sqrt(double(N)));
}

TEST_CASE("per-synapse initialisers on a sparse matrix draw independently per synapse", "[sim][var_init]") {
    using namespace var_init_test;
    constexpr std::uint32_t n = 250;
    auto net = cx::network(
        cx::population<"A", Holder>(n, "x"_v = 0.0, "k"_v = 0.0, "d"_v = 0.0),
        cx::synapses<"S", "A", "A">(cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.2)),
                                    cx::wu<TwoWeights>("a"_v = normal(0.0, 1.0), "b"_v = normal(0.0, 1.0)),
                                    cx::psm<cx::postsynaptic::DeltaCurr>()));
    auto sim = cx::simulate<cx::cpu>(std::move(net), opts(5));
    const auto va = sim.synapse_values<"S", "a">();
    const auto vb = sim.synapse_values<"S", "b">();
    REQUIRE(va.size() == vb.size());
    REQUIRE(va.size() > 10000);
    // the values are N(0, 1) as a whole
    std::vector<double> a, b;
    for (std::size_t s = 0; s < va.size(); ++s) {
        REQUIRE((va[s].pre == vb[s].pre && va[s].post == vb[s].post));
        a.push_back(va[s].value);
        b.push_back(vb[s].value);
    }
    CHECK(ks_statistic(a, [](double v) { return normal_cdf(v); }) < ks_critical(a.size()));
    CHECK(ks_statistic(b, [](double v) { return normal_cdf(v); }) < ks_critical(b.size()));
    // |r| below 4 standard errors of a zero correlation, for the pairs a flawed keying of
    // the streams by (pre, post) would tie together
    auto uncorrelated = [](const std::vector<double>& x, const std::vector<double>& y) {
        REQUIRE(x.size() > 1000);
        const double r = correlation(x, y);
        INFO("r = " << r << " over " << x.size() << " pairs");
        CHECK(std::abs(r) < 4.0 / std::sqrt(double(x.size())));
    };
    uncorrelated(a, b);  // two variables of the same synapse
    std::vector<double> x, y;
    for (std::size_t s = 0; s + 1 < va.size(); ++s)  // neighbours in a row
        if (va[s].pre == va[s + 1].pre) { x.push_back(va[s].value); y.push_back(va[s + 1].value); }
    uncorrelated(x, y);
    std::vector<std::vector<double>> grid(n, std::vector<double>(n, std::nan("")));
    for (const auto& s : va) grid[s.pre][s.post] = s.value;
    x.clear(); y.clear();
    for (std::uint32_t i = 0; i + 1 < n; ++i)  // the same target in consecutive rows
        for (std::uint32_t j = 0; j < n; ++j)
            if (!std::isnan(grid[i][j]) && !std::isnan(grid[i + 1][j])) { x.push_back(grid[i][j]); y.push_back(grid[i + 1][j]); }
    uncorrelated(x, y);
    x.clear(); y.clear();
    for (std::uint32_t i = 0; i < n; ++i)  // (i, j) and (j, i): pre and post swapped
        for (std::uint32_t j = i + 1; j < n; ++j)
            if (!std::isnan(grid[i][j]) && !std::isnan(grid[j][i])) { x.push_back(grid[i][j]); y.push_back(grid[j][i]); }
    uncorrelated(x, y);
    x.clear(); y.clear();
    for (std::uint32_t i = 0; i + 1 < n; ++i)  // (i, i+1) and (i+1, i+2): a diagonal
        for (std::uint32_t j = 0; j + 1 < n; ++j)
            if (!std::isnan(grid[i][j]) && !std::isnan(grid[i + 1][j + 1])) { x.push_back(grid[i][j]); y.push_back(grid[i + 1][j + 1]); }
    uncorrelated(x, y);
}

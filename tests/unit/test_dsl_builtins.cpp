// Every code string of every built-in model and snippet (include/cortexpr/models/*),
// run through code_env and compared with the model's equation — GeNN 5's, as the
// model's header states it — written as plain C++. Where the C++ performs the same
// operations in the same types the comparison is exact; sample values of derived
// parameters computed from GeNN 5.4's formulas are compared to their 10 digits.
// Derived parameters are evaluated from their expressions with code_env over
// cx::derived_unit, in double, as the network layer will.
#include <catch2/catch.hpp>

#include <cortexpr/models/builtins.hpp>
#include <cortexpr/models/model.hpp>

#include <code_env.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <set>
#include <vector>

namespace cx = cortexpr;
using cx::family;
using cx::field;
using cx::testing::code_env;

namespace {

// ---- units -------------------------------------------------------------------------
template <class M>
using neuron_unit = cx::model_unit<M, family::neuron, field::sim_code, field::threshold_condition_code,
                                   field::reset_code>;
constexpr std::uint32_t sim = 0, threshold = 1, reset = 2;  // field indices of neuron_unit
template <class M>
using psm_unit = cx::model_unit<M, family::postsynaptic, field::sim_code>;
template <class M>
using cs_unit = cx::model_unit<M, family::current_source, field::injection_code>;
template <class M, field F>
using wu_unit = cx::model_unit<M, family::weight_update, F>;
template <class M>
using init_unit = cx::model_unit<M, family::var_init, field::var_init_code>;
template <class M>
using row_unit = cx::model_unit<M, family::sparse_init, field::row_build_code>;
template <class M>
using col_unit = cx::model_unit<M, family::sparse_init, field::col_build_code>;
template <class M>
using diagonal_unit = cx::model_unit<M, family::toeplitz_init, field::diagonal_build_code>;

using named_value = std::pair<std::string_view, double>;

/// Derived parameter I of M from the given parameter values and dt, in double.
template <class M, std::size_t I>
double derived(std::initializer_list<named_value> inputs) {
    using U = cx::derived_unit<M, I>;
    using E = code_env<U>;
    using P = typename E::program;
    static_assert(P::ok);
    E e;
    for (const auto& [name, v] : inputs) e.set(name, v);
    return double(cx::dsl::eval<P, P::root(0)>(e, e.locals));
}

/// A sample value given to 10 significant digits.
Approx quoted(double v) { return Approx(v).epsilon(1e-9); }

/// The arguments of every recorded call of `name`.
std::vector<std::vector<double>> calls_of(const std::vector<cx::testing::recorded_call>& calls, std::string_view name) {
    std::vector<std::vector<double>> r;
    for (const auto& c : calls)
        if (c.name == name) r.push_back(c.args);
    return r;
}
std::vector<double> first_args(const std::vector<cx::testing::recorded_call>& calls, std::string_view name) {
    std::vector<double> r;
    for (const auto& c : calls)
        if (c.name == name) r.push_back(c.args.at(0));
    return r;
}

// ---- how many code strings this file covers ------------------------------------------
template <class M, family F>
constexpr std::size_t code_strings() {
    constexpr cx::model_info info = cx::info_of<M, F>();
    std::size_t n = info.derived.size();
    for (auto c : info.code) n += !c.empty();
    return n;
}
constexpr std::size_t n_code_strings =
    code_strings<cx::neuron::LIF, family::neuron>() + code_strings<cx::neuron::Izhikevich, family::neuron>() +
    code_strings<cx::neuron::IzhikevichVariable, family::neuron>() + code_strings<cx::neuron::Poisson, family::neuron>() +
    code_strings<cx::neuron::SpikeSourceArray, family::neuron>() + code_strings<cx::neuron::TraubMiles, family::neuron>() +
    code_strings<cx::neuron::RulkovMap, family::neuron>() +
    code_strings<cx::current_source::DC, family::current_source>() +
    code_strings<cx::current_source::GaussianNoise, family::current_source>() +
    code_strings<cx::current_source::PoissonExp, family::current_source>() +
    code_strings<cx::postsynaptic::DeltaCurr, family::postsynaptic>() +
    code_strings<cx::postsynaptic::ExpCurr, family::postsynaptic>() +
    code_strings<cx::postsynaptic::ExpCond, family::postsynaptic>() +
    code_strings<cx::weight_update::StaticPulse, family::weight_update>() +
    code_strings<cx::weight_update::StaticPulseConstantWeight, family::weight_update>() +
    code_strings<cx::weight_update::StaticPulseDendriticDelay, family::weight_update>() +
    code_strings<cx::weight_update::StaticGraded, family::weight_update>() +
    code_strings<cx::weight_update::STDP, family::weight_update>() +
    code_strings<cx::weight_update::PiecewiseSTDP, family::weight_update>() +
    code_strings<cx::init_var::Constant, family::var_init>() + code_strings<cx::init_var::Uniform, family::var_init>() +
    code_strings<cx::init_var::Normal, family::var_init>() + code_strings<cx::init_var::NormalClipped, family::var_init>() +
    code_strings<cx::init_var::NormalClippedDelay, family::var_init>() +
    code_strings<cx::init_var::Exponential, family::var_init>() + code_strings<cx::init_var::Gamma, family::var_init>() +
    code_strings<cx::init_var::Binomial, family::var_init>() + code_strings<cx::init_var::Kernel, family::var_init>() +
    code_strings<cx::init_sparse::OneToOne, family::sparse_init>() +
    code_strings<cx::init_sparse::FixedProbability, family::sparse_init>() +
    code_strings<cx::init_sparse::FixedProbabilityNoAutapse, family::sparse_init>() +
    code_strings<cx::init_sparse::FixedNumberPostWithReplacement, family::sparse_init>() +
    code_strings<cx::init_sparse::FixedNumberTotalWithReplacement, family::sparse_init>() +
    code_strings<cx::init_sparse::FixedNumberPreWithReplacement, family::sparse_init>() +
    code_strings<cx::init_sparse::Conv2D, family::sparse_init>() +
    code_strings<cx::init_toeplitz::Conv2D, family::toeplitz_init>() +
    code_strings<cx::init_toeplitz::AvgPoolConv2D, family::toeplitz_init>();

/// Not a built-in: a threshold condition that assigns, which must not compile.
struct threshold_writes {
    static constexpr std::string_view name = "threshold_writes";
    static constexpr auto vars = cx::vars("V");
    static constexpr cx::code sim_code = "V += 1.0;";
    static constexpr cx::code threshold_condition_code = "(V = 0.0) < 1.0";
};

}  // namespace

TEST_CASE("builtins: every built-in code string compiles", "[dsl][builtins]") {
    STATIC_REQUIRE(cx::dsl::is_valid<neuron_unit<cx::neuron::LIF>>);
    STATIC_REQUIRE(cx::dsl::is_valid<neuron_unit<cx::neuron::Izhikevich>>);
    STATIC_REQUIRE(cx::dsl::is_valid<neuron_unit<cx::neuron::IzhikevichVariable>>);
    STATIC_REQUIRE(cx::dsl::is_valid<neuron_unit<cx::neuron::Poisson>>);
    STATIC_REQUIRE(cx::dsl::is_valid<neuron_unit<cx::neuron::SpikeSourceArray>>);
    STATIC_REQUIRE(cx::dsl::is_valid<neuron_unit<cx::neuron::TraubMiles>>);
    STATIC_REQUIRE(cx::dsl::is_valid<neuron_unit<cx::neuron::RulkovMap>>);
    STATIC_REQUIRE(cx::dsl::is_valid<wu_unit<cx::weight_update::StaticGraded, field::pre_event_threshold_condition_code>>);
    STATIC_REQUIRE(cx::dsl::is_valid<init_unit<cx::init_var::Uninitialised>>);
    STATIC_REQUIRE(cx::dsl::is_valid<cx::model_unit<cx::custom_update::Transpose, family::custom_update, field::update_code>>);
    // each field of a unit is checked against its own context: a reset may write even
    // in a unit that starts with the threshold, and a threshold may not
    STATIC_REQUIRE(cx::dsl::is_valid<cx::model_unit<cx::neuron::SpikeSourceArray, family::neuron,
                                                    field::threshold_condition_code, field::reset_code>>);
    STATIC_REQUIRE_FALSE(cx::dsl::is_valid<neuron_unit<threshold_writes>>);
    // 48 code fields + 29 derived-parameter expressions; with test_dsl_corpus.cpp's
    // edge cases the corpus must reach 60
    STATIC_REQUIRE(n_code_strings == 77);
}

// ==== 1.1 LIF ============================================================================
namespace {
using lif_env = code_env<neuron_unit<cx::neuron::LIF>>;
using lif_env_f = code_env<neuron_unit<cx::neuron::LIF>, float, float>;

template <class E>
void lif_setup(E& e, double dt, double tau_m = 20, double c = 1, double tau_refrac = 2) {
    for (auto [n, v] : {named_value{"C", c}, {"TauM", tau_m}, {"Vrest", -70}, {"Vreset", -70},
                        {"Vthresh", -50}, {"Ioffset", 0.25}, {"TauRefrac", tau_refrac}, {"dt", dt}})
        e.set(n, v);
    e.set("ExpTC", derived<cx::neuron::LIF, 0>({{"TauM", tau_m}, {"dt", dt}}));
    e.set("Rmembrane", derived<cx::neuron::LIF, 1>({{"TauM", tau_m}, {"C", c}}));
}
}  // namespace

TEST_CASE("builtins: LIF derived ExpTC and Rmembrane (sample values)", "[dsl][builtins][lif]") {
    CHECK(derived<cx::neuron::LIF, 0>({{"TauM", 20}, {"dt", 1}}) == quoted(0.9512294245));
    CHECK(derived<cx::neuron::LIF, 1>({{"TauM", 20}, {"C", 1}}) == 20.0);
    CHECK(derived<cx::neuron::LIF, 0>({{"TauM", 10}, {"dt", 0.1}}) == quoted(0.9900498337));
    CHECK(derived<cx::neuron::LIF, 1>({{"TauM", 10}, {"C", 0.25}}) == 40.0);
    CHECK(derived<cx::neuron::LIF, 0>({{"TauM", 10}, {"dt", 0.1}}) == std::exp(-0.1 / 10.0));
}

TEST_CASE("builtins: LIF integrates V exactly when not refractory", "[dsl][builtins][lif]") {
    for (double v0 : {-70.0, -60.0, -52.5, -80.0})
        for (double isyn : {0.0, 1.5, -0.3}) {
            lif_env e;
            lif_setup(e, 1.0);
            e.set("V", v0);
            e.set("Isyn", isyn);
            e.set("RefracTime", 0.0);
            e.run<sim>();
            const double exp_tc = std::exp(-1.0 / 20.0), r = 20.0 / 1.0;
            const double alpha = ((isyn + 0.25) * r) + -70.0;
            CHECK(e.get("V") == alpha - (exp_tc * (alpha - v0)));
            CHECK(e.get("RefracTime") == 0.0);
        }
}

TEST_CASE("builtins: LIF threshold needs RefracTime <= 0 and V >= Vthresh", "[dsl][builtins][lif]") {
    lif_env e;
    lif_setup(e, 0.1);
    auto spikes = [&](double v, double refrac) {
        e.set("V", v);
        e.set("RefracTime", refrac);
        return e.test<threshold>();
    };
    CHECK(spikes(-50.0, 0.0));
    CHECK(spikes(-49.0, -3.1e-7));       // the float residual below zero counts as done
    CHECK_FALSE(spikes(-50.000001, 0.0));
    CHECK_FALSE(spikes(-40.0, 0.1));     // refractory
    CHECK_FALSE(spikes(-60.0, -1.0));
}

TEST_CASE("builtins: LIF reset sets V and starts the refractory period", "[dsl][builtins][lif]") {
    lif_env e;
    lif_setup(e, 0.1);
    e.set("V", -45.0);
    e.set("RefracTime", -0.05);
    e.run<reset>();
    CHECK(e.get("V") == -70.0);
    CHECK(e.get("RefracTime") == 2.0);
}

TEST_CASE("builtins: LIF freezes V for the float count of refractory steps", "[dsl][builtins][lif]") {
    struct row { double tau_refrac, dt; int steps; };
    // in float: 2.0/0.1 -> 20, 5.0/1.0 -> 5, 2.0/0.5 -> 4, but 5.0/0.1 -> 51, 0.5/0.1 -> 6
    for (row r : {row{2.0, 0.1, 20}, row{5.0, 1.0, 5}, row{2.0, 0.5, 4}, row{5.0, 0.1, 51}, row{0.5, 0.1, 6}}) {
        CAPTURE(r.tau_refrac, r.dt);
        // GeNN's rule by hand: subtractions of dt from TauRefrac to reach <= 0, in float
        int expected = 0;
        for (float left = float(r.tau_refrac); left > 0.0f; left -= float(r.dt)) ++expected;
        CHECK(expected == r.steps);

        lif_env_f e;
        lif_setup(e, r.dt, 20, 1, r.tau_refrac);
        e.set("V", -45.0);
        e.run<reset>();                          // the spike's reset
        e.set("Isyn", 100.0);                    // a large input, discarded while refractory
        int frozen = 0;
        while (e.get("RefracTime") > 0.0 && frozen < 1000) {
            e.run<sim>();
            CHECK(e.get("V") == -70.0f);
            CHECK_FALSE(e.test<threshold>());
            ++frozen;
        }
        CHECK(frozen == r.steps);
        CHECK(e.get("RefracTime") <= 0.0);
        e.run<sim>();                            // integration resumes the step after
        CHECK(e.get("V") > -70.0);
    }
    lif_env_f e;
    lif_setup(e, 0.1);
    e.set("V", -45.0);
    e.run<reset>();
    for (int k = 0; k < 20; ++k) e.run<sim>();
    CHECK(float(e.get("RefracTime")) == Approx(-3.1e-7).margin(0.1e-7));  // "ends slightly below zero"
}

TEST_CASE("builtins: LIF with Vrest above Vthresh fires tonically", "[dsl][builtins][lif]") {
    lif_env e;
    lif_setup(e, 0.1);
    e.set("Vrest", -49.0);
    e.set("V", -70.0);
    int spikes = 0;
    for (int n = 0; n < 2000; ++n) {
        e.run<sim>();
        if (e.test<threshold>()) { ++spikes; e.run<reset>(); }
    }
    CHECK(spikes >= 3);  // about one per 60 ms at alpha = −44 mV, tau 20 ms
}

// ==== 1.2 Izhikevich =====================================================================
namespace {
/// Izhikevich's update written out: reset of the previous spike, two half steps, U with the new V and
/// the old U, clip at 30.
template <class T>
void izhikevich_step(T& v, T& u, T isyn, T a, T b, T c, T d, T dt) {
    if (v >= T(30.0)) { v = c; u += d; }
    v += T(0.5) * (T(0.04) * v * v + T(5.0) * v + T(140.0) - u + isyn) * dt;
    v += T(0.5) * (T(0.04) * v * v + T(5.0) * v + T(140.0) - u + isyn) * dt;
    u += a * (b * v - u) * dt;
    if (v > T(30.0)) v = T(30.0);
}

template <class M, class T>
void izhikevich_trace(double dt) {
    using E = code_env<neuron_unit<M>, T, T>;
    const T a = T(0.02), b = T(0.2), c = T(-65.0), d = T(8.0);
    for (double isyn : {0.0, 5.0, 10.0, 20.0}) {
        E e;
        e.set("a", a); e.set("b", b); e.set("c", c); e.set("d", d);
        e.set("dt", dt);
        e.set("Isyn", isyn);
        T v = T(-65.0), u = b * v;
        e.set("V", v);
        e.set("U", u);
        int spikes = 0;
        for (int n = 0; n < 2000; ++n) {
            // the reference starts each step from the code's state, so one step's
            // rounding cannot grow into a different spike train
            v = T(e.get("V"));
            u = T(e.get("U"));
            izhikevich_step(v, u, T(isyn), a, b, c, d, T(dt));
            e.template run<sim>();
            REQUIRE(T(e.get("V")) == v);
            REQUIRE(T(e.get("U")) == u);
            CHECK(e.template test<threshold>() == (v >= T(29.99)));
            spikes += v >= T(29.99);
        }
        if (isyn >= 10.0) CHECK(spikes > 0);
    }
}
}  // namespace

TEST_CASE("builtins: Izhikevich step equals its update written out over spike trains (double and float)", "[dsl][builtins][izhikevich]") {
    izhikevich_trace<cx::neuron::Izhikevich, double>(1.0);
    izhikevich_trace<cx::neuron::Izhikevich, double>(0.1);
    izhikevich_trace<cx::neuron::Izhikevich, float>(1.0);
    izhikevich_trace<cx::neuron::Izhikevich, float>(0.1);
    izhikevich_trace<cx::neuron::IzhikevichVariable, double>(1.0);
    izhikevich_trace<cx::neuron::IzhikevichVariable, float>(0.1);
}

TEST_CASE("builtins: Izhikevich resets at V >= 30 and spikes at V >= 29.99", "[dsl][builtins][izhikevich]") {
    code_env<neuron_unit<cx::neuron::Izhikevich>> e;
    e.set("a", 0.02); e.set("b", 0.2); e.set("c", -65.0); e.set("d", 8.0); e.set("dt", 1.0);
    auto check_step = [&](double v0, double u0, double isyn) {
        e.set("V", v0); e.set("U", u0); e.set("Isyn", isyn);
        double v = v0, u = u0;
        izhikevich_step(v, u, isyn, 0.02, 0.2, -65.0, 8.0, 1.0);
        e.run<sim>();
        CHECK(e.get("V") == v);
        CHECK(e.get("U") == u);
    };
    // V == 30 exactly: reset to c, U += d, then integrate from c
    check_step(30.0, -10.0, 0.0);
    {
        double v = -65.0, u = -2.0;
        v += 0.5 * (0.04 * v * v + 5.0 * v + 140.0 - u + 0.0) * 1.0;
        v += 0.5 * (0.04 * v * v + 5.0 * v + 140.0 - u + 0.0) * 1.0;
        CHECK(e.get("V") == v);
        CHECK(e.get("U") == -2.0 + 0.02 * (0.2 * v - -2.0) * 1.0);
    }
    // 29.995 spikes but is not reset: it integrates on (and is clipped)
    e.set("V", 29.995);
    CHECK(e.test<threshold>());
    check_step(29.995, -10.0, 0.0);
    CHECK(e.get("V") == 30.0);       // 29.995 + ... > 30: clipped
    CHECK(e.test<threshold>());
    // a large V after integration is clipped to exactly 30
    check_step(25.0, -13.0, 10.0);
    CHECK(e.get("V") == 30.0);
    // threshold edges
    e.set("V", 29.99);
    CHECK(e.test<threshold>());
    e.set("V", 29.9899);
    CHECK_FALSE(e.test<threshold>());
    // U uses the V after both half steps and the U before the step
    check_step(-60.0, -12.0, 3.0);
}

TEST_CASE("builtins: IzhikevichVariable reads a, b, c, d per neuron", "[dsl][builtins][izhikevich]") {
    code_env<neuron_unit<cx::neuron::IzhikevichVariable>> e;
    // fast spiking: a 0.1, b 0.2, c -65, d 2
    e.set("a", 0.1); e.set("b", 0.2); e.set("c", -50.0); e.set("d", 2.0); e.set("dt", 0.5);
    e.set("V", 30.0); e.set("U", -3.0); e.set("Isyn", 4.0);
    double v = 30.0, u = -3.0;
    izhikevich_step(v, u, 4.0, 0.1, 0.2, -50.0, 2.0, 0.5);
    e.run<sim>();
    CHECK(e.get("V") == v);
    CHECK(e.get("U") == u);
}

// ==== 1.3 Poisson ========================================================================
TEST_CASE("builtins: Poisson isi (derived)", "[dsl][builtins][poisson]") {
    CHECK(derived<cx::neuron::Poisson, 0>({{"rate", 20}, {"dt", 0.1}}) == 1000.0 / (20.0 * 0.1));
    CHECK(derived<cx::neuron::Poisson, 0>({{"rate", 20}, {"dt", 0.1}}) == Approx(500.0));
    CHECK(derived<cx::neuron::Poisson, 0>({{"rate", 8}, {"dt", 1}}) == 125.0);
}

TEST_CASE("builtins: Poisson draws only when the countdown has run out, and carries the residual", "[dsl][builtins][poisson]") {
    using E = code_env<neuron_unit<cx::neuron::Poisson>>;
    {
        E e;  // counting down: no draw
        e.set("isi", 500.0);
        e.set("timeStepToSpike", 3.5);
        e.run<sim>();
        CHECK(e.get("timeStepToSpike") == 2.5);
        CHECK(e.rng_.log.empty());
        CHECK_FALSE(e.test<threshold>());
    }
    {
        E e;  // at 0: draws isi·E (stub E = 1.0)
        e.set("isi", 500.0);
        e.set("timeStepToSpike", 0.0);
        e.run<sim>();
        CHECK(e.get("timeStepToSpike") == 0.0 + 500.0 * 1.0 - 1.0);
        CHECK(e.rng_.log == std::vector<std::string>{"exponential"});
    }
    {
        E e;  // several arrivals in one step: negative residual, spikes in following steps
        e.set("isi", 0.25);
        e.set("timeStepToSpike", -0.7);
        double ts = -0.7;
        const double exps[] = {1.0, 0.5, 2.0};
        for (int n = 0; n < 6; ++n) {
            if (ts <= 0.0) ts += 0.25 * exps[n % 3];
            ts -= 1.0;
            e.run<sim>();
            CHECK(e.get("timeStepToSpike") == ts);
            CHECK(e.test<threshold>());  // one spike per step, however many arrivals
        }
        CHECK(e.rng_.log.size() == 6);
    }
}

TEST_CASE("builtins: Poisson emits spike k in step max(j(k-1)+1, ceil(S_k)-1)", "[dsl][builtins][poisson]") {
    // isi values whose arrival times stay off integers within 200 steps: at S_k = j + 1
    // exactly, the rounding of the countdown decides between two steps
    for (double isi : {2.31, 0.93, 7.1}) {
        CAPTURE(isi);
        code_env<neuron_unit<cx::neuron::Poisson>> e;
        e.set("isi", isi);
        e.set("timeStepToSpike", 0.0);
        std::vector<long> got;
        for (long n = 0; n < 200; ++n) {
            e.run<sim>();
            if (e.test<threshold>()) got.push_back(n);
        }
        // arrival times: cumulative sums of isi·E from the initial value 0
        const double exps[] = {1.0, 0.5, 2.0};
        std::vector<long> expected;
        double s = 0.0;
        long prev = -1;
        for (int k = 0; expected.size() < got.size() + 1; ++k) {
            s += isi * exps[k % 3];
            long j = std::max(prev + 1, long(std::ceil(s)) - 1);
            if (j >= 200) break;
            expected.push_back(j);
            prev = j;
        }
        CHECK(got == expected);
    }
}

// ==== 1.4 SpikeSourceArray ===============================================================
TEST_CASE("builtins: SpikeSourceArray replays times, one per step, in the first step with t >= s", "[dsl][builtins][ssa]") {
    using E = code_env<neuron_unit<cx::neuron::SpikeSourceArray>>;
    double times[] = {-1.0, 0.05, 0.3, 0.3, 0.3, 0.35, 2.0};
    const double dt = 0.1;
    E e;
    e.set_array("spikeTimes", times);
    e.set("startSpike", 0);
    e.set("endSpike", 7);
    e.set("dt", dt);
    std::vector<int> got;
    for (int n = 0; n < 40; ++n) {
        e.set("t", n * dt);
        e.run<sim>();
        if (e.test<threshold>()) { got.push_back(n); e.run<reset>(); }
    }
    // SpikeSourceArray by hand: the first step n with n·dt >= s, at most one per step
    std::vector<int> expected;
    int n = 0;
    for (double s : times) {
        while (n * dt < s) ++n;
        expected.push_back(n++);
    }
    CHECK(got == expected);
    CHECK(got[1] == 1);                  // 0.05 fires at t = 0.1
    CHECK(got[0] == 0);                  // times before 0 fire in step 0
    CHECK(e.get("startSpike") == 7.0);
    CHECK(e.get("endSpike") == 7.0);
}

TEST_CASE("builtins: SpikeSourceArray with no spikes never reads spikeTimes", "[dsl][builtins][ssa]") {
    code_env<neuron_unit<cx::neuron::SpikeSourceArray>, float, float> e;
    e.set_array("spikeTimes", static_cast<float*>(nullptr));  // && short-circuits
    e.set("startSpike", 3);
    e.set("endSpike", 3);
    e.set("t", 1e6);
    CHECK_FALSE(e.test<threshold>());
}

// ==== 1.5 TraubMiles =====================================================================
namespace {
struct hh_state { double V, m, h, n; };
/// TraubMiles' update written out: 25 Euler sub-steps, rates from the sub-step's start values, the
/// limits at the removable singularities.
template <class T>
void traub_miles_step(T& V, T& m, T& h, T& n, T isyn, T dt) {
    const T gNa = T(7.15), ENa = T(50.0), gK = T(1.43), EK = T(-95.0), gl = T(0.02672), El = T(-63.563), C = T(0.143);
    const T mdt = T(dt / T(25.0));
    for (int k = 0; k < 25; ++k) {
        const T Imem = -(m * m * m * h * gNa * (V - (ENa)) + n * n * n * n * gK * (V - (EK)) + gl * (V - (El)) - isyn);
        T a = V == T(-52.0) ? T(1.28) : T(0.32) * (T(-52.0) - V) / (std::exp((T(-52.0) - V) / T(4.0)) - T(1.0));
        T b = V == T(-25.0) ? T(1.4) : T(0.28) * (V + T(25.0)) / (std::exp((V + T(25.0)) / T(5.0)) - T(1.0));
        m += (a * (T(1.0) - m) - b * m) * mdt;
        a = T(0.128) * std::exp((T(-48.0) - V) / T(18.0));
        b = T(4.0) / (std::exp((T(-25.0) - V) / T(5.0)) + T(1.0));
        h += (a * (T(1.0) - h) - b * h) * mdt;
        a = V == T(-50.0) ? T(0.16) : T(0.032) * (T(-50.0) - V) / (std::exp((T(-50.0) - V) / T(5.0)) - T(1.0));
        b = T(0.5) * std::exp((T(-55.0) - V) / T(40.0));
        n += (a * (T(1.0) - n) - b * n) * mdt;
        V += Imem / C * mdt;
    }
}

template <class T>
void traub_miles_check(double v0, double isyn, double dt) {
    code_env<neuron_unit<cx::neuron::TraubMiles>, T, T> e;
    for (auto [nm, v] : {named_value{"gNa", 7.15}, {"ENa", 50.0}, {"gK", 1.43}, {"EK", -95.0}, {"gl", 0.02672},
                         {"El", -63.563}, {"C", 0.143}})
        e.set(nm, v);
    T V = T(v0), m = T(0.0529324), h = T(0.3176767), n = T(0.5961207);
    e.set("V", V); e.set("m", m); e.set("h", h); e.set("n", n);
    e.set("Isyn", isyn);
    e.set("dt", dt);
    traub_miles_step<T>(V, m, h, n, T(isyn), T(dt));
    e.template run<sim>();
    CHECK(std::isfinite(e.get("V")));
    CHECK(T(e.get("V")) == V);
    CHECK(T(e.get("m")) == m);
    CHECK(T(e.get("h")) == h);
    CHECK(T(e.get("n")) == n);
}
}  // namespace

TEST_CASE("builtins: TraubMiles 25 Euler sub-steps", "[dsl][builtins][traub]") {
    for (double v0 : {-60.0, -70.0, -40.0, 10.0})
        for (double isyn : {0.0, 0.5, 2.0}) {
            CAPTURE(v0, isyn);
            traub_miles_check<double>(v0, isyn, 0.1);
            traub_miles_check<float>(v0, isyn, 0.1);
        }
}

TEST_CASE("builtins: TraubMiles takes the limits at V == -52, -25 and -50", "[dsl][builtins][traub]") {
    for (double v0 : {-52.0, -25.0, -50.0}) {
        CAPTURE(v0);
        traub_miles_check<double>(v0, 0.0, 0.1);
        traub_miles_check<float>(v0, 0.0, 0.1);
    }
    // the guard values are the limits of the rate functions
    auto am = [](double V) { return 0.32 * (-52.0 - V) / (std::exp((-52.0 - V) / 4.0) - 1.0); };
    auto bm = [](double V) { return 0.28 * (V + 25.0) / (std::exp((V + 25.0) / 5.0) - 1.0); };
    auto an = [](double V) { return 0.032 * (-50.0 - V) / (std::exp((-50.0 - V) / 5.0) - 1.0); };
    CHECK(am(-52.0 + 1e-7) == Approx(1.28).epsilon(1e-6));
    CHECK(bm(-25.0 + 1e-7) == Approx(1.4).epsilon(1e-6));
    CHECK(an(-50.0 + 1e-7) == Approx(0.16).epsilon(1e-6));
    CHECK(std::isnan(am(-52.0)));  // what the guard avoids: 0/0
}

TEST_CASE("builtins: TraubMiles spikes in every step while V >= 0 (GeNN 5)", "[dsl][builtins][traub]") {
    code_env<neuron_unit<cx::neuron::TraubMiles>> e;
    e.set("V", 0.0);
    CHECK(e.test<threshold>());
    e.set("V", 25.0);
    CHECK(e.test<threshold>());
    e.set("V", -1e-9);
    CHECK_FALSE(e.test<threshold>());
}

// ==== 1.6 RulkovMap ======================================================================
TEST_CASE("builtins: RulkovMap derived ip0, ip1, ip2 (Schmuker 2014 values)", "[dsl][builtins][rulkov]") {
    using M = cx::neuron::RulkovMap;
    std::initializer_list<named_value> p = {{"Vspike", 60}, {"alpha", 3}, {"y", -2.468}, {"beta", 0.0165}};
    CHECK(derived<M, 0>(p) == Approx(10800.0));
    CHECK(derived<M, 1>(p) == Approx(-148.08));
    CHECK(derived<M, 2>(p) == Approx(31.92));
    CHECK(derived<M, 0>(p) == 60.0 * 60.0 * 3.0);
    CHECK(derived<M, 2>(p) == (60.0 * 3.0) + (60.0 * -2.468));
}

TEST_CASE("builtins: RulkovMap branches", "[dsl][builtins][rulkov]") {
    const double Vspike = 60, beta = 0.0165, ip0 = 10800, ip1 = 60 * -2.468, ip2 = 60.0 * 3 + 60 * -2.468;
    auto step = [&](double v0, double prev0, double isyn) {
        code_env<neuron_unit<cx::neuron::RulkovMap>> e;
        e.set("Vspike", Vspike); e.set("alpha", 3); e.set("y", -2.468); e.set("beta", beta);
        e.set("ip0", ip0); e.set("ip1", ip1); e.set("ip2", ip2);
        e.set("V", v0); e.set("preV", prev0); e.set("Isyn", isyn);
        e.run<sim>();
        return std::pair{e.get("V"), e.get("preV")};
    };
    auto map = [&](double v, double isyn) { return ip0 / ((Vspike) - v - (beta) * isyn) + ip1; };
    // V <= 0: the map (V == 0 included)
    for (double v : {-60.0, -30.0, 0.0})
        for (double isyn : {0.0, 100.0}) {
            auto [v1, p1] = step(v, 5.0, isyn);
            CHECK(v1 == map(v, isyn));
            CHECK(p1 == v);
        }
    CHECK(step(-60.0, -60.0, 0.0).first == Approx(-58.08));
    // 0 < V < ip2 after a non-positive step: jump to ip2
    auto [v2, p2] = step(10.0, -1.0, 0.0);
    CHECK(v2 == ip2);
    CHECK(p2 == 10.0);
    // 0 < V < ip2 after a positive step, or V >= ip2: down to -Vspike
    CHECK(step(10.0, 3.0, 0.0).first == -Vspike);
    CHECK(step(ip2, -1.0, 0.0).first == -Vspike);
    CHECK(step(40.0, -1.0, 0.0).first == -Vspike);
    // the spike is the one step at ip2
    code_env<neuron_unit<cx::neuron::RulkovMap>> e;
    e.set("ip2", ip2);
    e.set("V", ip2);
    CHECK(e.test<threshold>());
    e.set("V", ip2 - 1e-9);
    CHECK_FALSE(e.test<threshold>());
}

// ==== 2. Current sources =================================================================
TEST_CASE("builtins: DC injects amp", "[dsl][builtins][current_source]") {
    code_env<cs_unit<cx::current_source::DC>> e;
    for (double amp : {0.0, 0.7, -1.25}) {
        e.calls.clear();
        e.set("amp", amp);
        e.run();
        CHECK(first_args(e.calls, "injectCurrent") == std::vector<double>{amp});
    }
}

TEST_CASE("builtins: GaussianNoise injects mean + sd·N, a fresh draw per step", "[dsl][builtins][current_source]") {
    code_env<cs_unit<cx::current_source::GaussianNoise>> e;
    e.set("mean", 0.5);
    e.set("sd", 2.0);
    for (int k = 0; k < 4; ++k) e.run();
    const double normals[] = {0.5, -1.0, 1.5, -0.25};
    std::vector<double> expected;
    for (double z : normals) expected.push_back(0.5 + (z * 2.0));
    CHECK(first_args(e.calls, "injectCurrent") == expected);
}

TEST_CASE("builtins: PoissonExp derived (sample values)", "[dsl][builtins][current_source]") {
    using M = cx::current_source::PoissonExp;
    CHECK(derived<M, 1>({{"weight", 0.0878}, {"tauSyn", 0.5}, {"dt", 0.1}}) == quoted(0.0795771994));
    CHECK(derived<M, 0>({{"tauSyn", 0.5}, {"dt", 0.1}}) == quoted(0.8187307531));
    CHECK(derived<M, 2>({{"rate", 23200}, {"dt", 0.1}}) == Approx(std::exp(-2.32)));  // Potjans L6E: λ = 2.32
    CHECK(derived<M, 2>({{"rate", 8}, {"dt", 0.1}}) == std::exp(-(8 / 1000.0) * 0.1));
}

TEST_CASE("builtins: PoissonExp counts events by Knuth's method and decays the current", "[dsl][builtins][current_source]") {
    code_env<cs_unit<cx::current_source::PoissonExp>> e;
    const double init = 0.08, decay = 0.8, eml = 0.3;
    e.set("Init", init);
    e.set("ExpDecay", decay);
    e.set("ExpMinusLambda", eml);
    // Every step draws from a fresh stream (as in the engines): one scripted sequence
    // per step, with k = 0 .. 5 and 8 events (k >= 4 runs the model's loop past its first four
    // draws).
    const std::vector<std::vector<double>> steps = {
        {0.2, 0.9},       {0.9, 0.8, 0.7, 0.2}, {0.5, 0.5}, {0.99, 0.99, 0.99, 0.99, 0.99, 0.2},
        {0.6, 0.6, 0.6}, {0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.5, 0.1},
        {0.31, 0.9},      {0.99, 0.98, 0.97, 0.96, 0.3}};
    double current = 0.0;
    std::vector<double> injected;
    std::set<int> ks;
    for (const auto& u : steps) {
        // PoissonExp's draw: p <- 1; k <- -1; repeat { k <- k+1; p <- p·U } while p > ExpMinusLambda
        double p = 1.0;
        int k = -1;
        std::size_t used = 0;
        do { ++k; p *= u.at(used++); } while (p > eml);
        ks.insert(k);
        current += init * double(k);
        injected.push_back(current);
        current *= decay;
        e.rng_.uniforms = u;
        e.rng_.iu = 0;
        e.run();
        CHECK(e.rng_.iu >= used);  // at least Knuth's draws (more are allowed: never read)
    }
    CHECK(ks == std::set<int>{0, 1, 2, 3, 4, 5, 8});
    REQUIRE(first_args(e.calls, "injectCurrent").size() == injected.size());
    for (std::size_t n = 0; n < injected.size(); ++n) CHECK(first_args(e.calls, "injectCurrent")[n] == Approx(injected[n]).epsilon(1e-14));
    CHECK(e.get("current") == Approx(current).epsilon(1e-14));
}

TEST_CASE("builtins: PoissonExp charge of one event is weight·tauSyn", "[dsl][builtins][current_source]") {
    using M = cx::current_source::PoissonExp;
    const double weight = 0.0878, tau = 0.5, dt = 0.1;
    code_env<cs_unit<M>> e;
    e.set("Init", derived<M, 1>({{"weight", weight}, {"tauSyn", tau}, {"dt", dt}}));
    e.set("ExpDecay", derived<M, 0>({{"tauSyn", tau}, {"dt", dt}}));
    e.set("ExpMinusLambda", 0.5);
    e.rng_.uniforms = {0.9, 0.4};  // one event: 0.9 > 0.5, 0.36 <= 0.5
    e.run();
    e.rng_.uniforms = {0.1};       // then none
    e.rng_.iu = 0;
    for (int n = 0; n < 400; ++n) e.run();
    double charge = 0.0;
    for (double i : first_args(e.calls, "injectCurrent")) charge += i * dt;
    CHECK(charge == Approx(weight * tau).epsilon(1e-9));
}

// ==== 3. Postsynaptic models =============================================================
TEST_CASE("builtins: DeltaCurr injects inSyn and clears it", "[dsl][builtins][psm]") {
    code_env<psm_unit<cx::postsynaptic::DeltaCurr>> e;
    e.set("inSyn", 2.5);
    e.run();
    CHECK(first_args(e.calls, "injectCurrent") == std::vector<double>{2.5});
    CHECK(e.get("inSyn") == 0.0);
}

TEST_CASE("builtins: ExpCurr derived expDecay and init (sample values)", "[dsl][builtins][psm]") {
    using M = cx::postsynaptic::ExpCurr;
    CHECK(derived<M, 0>({{"tau", 5}, {"dt", 1}}) == quoted(0.8187307531));
    CHECK(derived<M, 1>({{"tau", 5}, {"dt", 1}}) == quoted(0.9063462346));
    CHECK(derived<M, 0>({{"tau", 10}, {"dt", 1}}) == quoted(0.9048374180));
    CHECK(derived<M, 1>({{"tau", 10}, {"dt", 1}}) == quoted(0.9516258196));
    CHECK(derived<M, 0>({{"tau", 0.5}, {"dt", 0.1}}) == quoted(0.8187307531));
    CHECK(derived<M, 1>({{"tau", 0.5}, {"dt", 0.1}}) == quoted(0.9063462346));
}

TEST_CASE("builtins: ExpCurr injects init·inSyn then decays; charge is w·tau", "[dsl][builtins][psm]") {
    using M = cx::postsynaptic::ExpCurr;
    const double tau = 5, dt = 1, w = 1.5;
    code_env<psm_unit<M>> e;
    const double decay = derived<M, 0>({{"tau", tau}, {"dt", dt}}), init = derived<M, 1>({{"tau", tau}, {"dt", dt}});
    e.set("expDecay", decay);
    e.set("init", init);
    e.set("inSyn", w);
    e.run();
    CHECK(first_args(e.calls, "injectCurrent") == std::vector<double>{init * w});
    CHECK(e.get("inSyn") == w * decay);
    for (int n = 0; n < 400; ++n) e.run();
    double charge = 0;
    for (double i : first_args(e.calls, "injectCurrent")) charge += i * dt;
    CHECK(charge == Approx(w * tau).epsilon(1e-12));
}

TEST_CASE("builtins: ExpCond injects inSyn·(E − V) with V from the neuron", "[dsl][builtins][psm]") {
    using M = cx::postsynaptic::ExpCond;
    CHECK(derived<M, 0>({{"tau", 5}, {"dt", 1}}) == quoted(0.8187307531));
    code_env<psm_unit<M>, float, float> e;
    e.set("E", 0.0);
    e.set("expDecay", 0.9);
    for (double v : {-65.0, -50.0, 10.0}) {
        e.calls.clear();
        e.set("inSyn", 0.02);
        e.set("V", v);
        e.run();
        CHECK(float(first_args(e.calls, "injectCurrent").at(0)) == 0.02f * (0.0f - float(v)));
        CHECK(float(e.get("inSyn")) == 0.02f * 0.9f);
        CHECK(e.get("V") == float(v));  // read only
    }
}

// ==== 4. Weight updates ==================================================================
TEST_CASE("builtins: StaticPulse, StaticPulseConstantWeight and StaticPulseDendriticDelay deliver g", "[dsl][builtins][wu]") {
    {
        code_env<wu_unit<cx::weight_update::StaticPulse, field::pre_spike_syn_code>> e;
        e.set("g", 0.75);
        e.run();
        CHECK(first_args(e.calls, "addToPost") == std::vector<double>{0.75});
    }
    {
        code_env<wu_unit<cx::weight_update::StaticPulseConstantWeight, field::pre_spike_syn_code>> e;
        e.set("g", -0.4);
        e.run();
        CHECK(first_args(e.calls, "addToPost") == std::vector<double>{-0.4});
    }
    {
        code_env<wu_unit<cx::weight_update::StaticPulseDendriticDelay, field::pre_spike_syn_code>> e;
        e.set("g", 0.5);
        e.set("d", 3);
        e.run();
        CHECK(calls_of(e.calls, "addToPostDelay") == std::vector<std::vector<double>>{{0.5, 3.0}});
        e.calls.clear();
        e.set("d", 255);  // uint8 delays up to 255 steps
        e.run();
        CHECK(calls_of(e.calls, "addToPostDelay") == std::vector<std::vector<double>>{{0.5, 255.0}});
    }
}

TEST_CASE("builtins: StaticGraded event condition V_pre > Epre and graded amount", "[dsl][builtins][wu]") {
    using M = cx::weight_update::StaticGraded;
    code_env<wu_unit<M, field::pre_event_threshold_condition_code>> c;
    c.set("Epre", -50.0);
    c.set("V_pre", -50.0);
    CHECK_FALSE(c.test());
    c.set("V_pre", -49.999);
    CHECK(c.test());
    c.set("V_pre", -70.0);
    CHECK_FALSE(c.test());

    for (double v : {-40.0, -49.0, -55.0, 20.0})
        for (double dt : {0.1, 1.0}) {
            code_env<wu_unit<M, field::pre_event_syn_code>> e;
            e.set("Epre", -50.0); e.set("Vslope", 10.0); e.set("g", 0.5); e.set("dt", dt); e.set("V_pre", v);
            e.run();
            const double amount = std::fmax(0.0, 0.5 * std::tanh((v - -50.0) / 10.0) * dt);
            CHECK(first_args(e.calls, "addToPost") == std::vector<double>{amount});
            if (v < -50.0) CHECK(amount == 0.0);
        }
}

namespace {
constexpr double stdp_params[] = {20.0, 20.0, 0.1, 0.105, 0.0, 1.0};  // tauPlus tauMinus Aplus Aminus Wmin Wmax
template <class E>
void stdp_setup(E& e) {
    const char* names[] = {"tauPlus", "tauMinus", "Aplus", "Aminus", "Wmin", "Wmax"};
    for (int k = 0; k < 6; ++k) e.set(names[k], stdp_params[k]);
}
}  // namespace

TEST_CASE("builtins: STDP presynaptic spike delivers the old g, then depresses for Δ > 0", "[dsl][builtins][stdp]") {
    using M = cx::weight_update::STDP;
    struct row { double g, t, st_post; };
    for (row r : {row{0.5, 10.0, 7.0}, row{0.5, 10.0, 10.0}, row{0.5, 10.0, 12.0}, row{0.05, 10.0, 9.9},
                  row{0.5, 100.0, 0.0}, row{0.5, 10.0, -std::numeric_limits<double>::max()}}) {
        CAPTURE(r.g, r.t, r.st_post);
        code_env<wu_unit<M, field::pre_spike_syn_code>> e;
        stdp_setup(e);
        e.set("g", r.g); e.set("t", r.t); e.set("st_post", r.st_post);
        e.run();
        CHECK(first_args(e.calls, "addToPost") == std::vector<double>{r.g});  // before the update
        const double delta = r.t - r.st_post;
        double g = r.g;
        if (delta > 0) g = std::fmin(1.0, std::fmax(0.0, g - (0.105 * std::exp(-delta / 20.0))));
        CHECK(e.get("g") == g);
    }
    // clamped at Wmin
    code_env<wu_unit<M, field::pre_spike_syn_code>> e;
    stdp_setup(e);
    e.set("g", 0.05); e.set("t", 10.0); e.set("st_post", 9.9);
    e.run();
    CHECK(e.get("g") == 0.0);
}

TEST_CASE("builtins: STDP postsynaptic spike potentiates for Δ > 0 and clamps at Wmax", "[dsl][builtins][stdp]") {
    using M = cx::weight_update::STDP;
    struct row { double g, t, st_pre; };
    for (row r : {row{0.5, 10.0, 8.0}, row{0.5, 10.0, 10.0}, row{0.5, 5.0, 10.0}, row{0.95, 10.0, 9.0},
                  row{0.5, 10.0, -std::numeric_limits<double>::max()}}) {
        CAPTURE(r.g, r.t, r.st_pre);
        code_env<wu_unit<M, field::post_spike_syn_code>> e;
        stdp_setup(e);
        e.set("g", r.g); e.set("t", r.t); e.set("st_pre", r.st_pre);
        e.run();
        CHECK(e.calls.empty());
        const double delta = r.t - r.st_pre;
        double g = r.g;
        if (delta > 0) g = std::fmin(1.0, std::fmax(0.0, g + (0.1 * std::exp(-delta / 20.0))));
        CHECK(e.get("g") == g);
        if (r.g == 0.95) CHECK(e.get("g") == 1.0);
    }
}

TEST_CASE("builtins: STDP in float: a partner that never spiked changes nothing", "[dsl][builtins][stdp]") {
    using M = cx::weight_update::STDP;
    code_env<wu_unit<M, field::post_spike_syn_code>, float, float> e;
    stdp_setup(e);
    e.set("g", 0.5);
    e.set("t", 10.0);
    e.set("st_pre", -std::numeric_limits<float>::max());  // -TIME_MAX
    e.run();
    CHECK(float(e.get("g")) == 0.5f);
    code_env<wu_unit<M, field::pre_spike_syn_code>, float, float> p;
    stdp_setup(p);
    p.set("g", 0.5);
    p.set("t", 3.0);
    p.set("st_post", -std::numeric_limits<float>::max());
    p.run();
    CHECK(float(p.get("g")) == 0.5f);
}

namespace {
// tLrn tChng tDecay tPunish10 tPunish01 gMax gMid gSlope tauShift gSyn0
constexpr double pw_params[] = {50.0, 50.0, 50000.0, 100.0, 20.0, 0.015, 0.0075, 33.33, 10.0, 0.005};
constexpr const char* pw_names[] = {"tLrn", "tChng", "tDecay", "tPunish10", "tPunish01", "gMax", "gMid", "gSlope",
                                    "tauShift", "gSyn0"};
constexpr const char* pw_derived_names[] = {"lim0", "lim1", "slope0", "slope1", "off0", "off1", "off2"};

template <std::size_t... I>
std::vector<double> pw_derived(std::index_sequence<I...>) {
    std::initializer_list<named_value> p = {
        {"tLrn", pw_params[0]}, {"tChng", pw_params[1]}, {"tDecay", pw_params[2]}, {"tPunish10", pw_params[3]},
        {"tPunish01", pw_params[4]}, {"gMax", pw_params[5]}, {"gMid", pw_params[6]}, {"gSlope", pw_params[7]},
        {"tauShift", pw_params[8]}, {"gSyn0", pw_params[9]}};
    return {derived<cx::weight_update::PiecewiseSTDP, I>(p)...};
}

/// PiecewiseSTDP by hand
double pw_dg(double delta) {
    const double tLrn = 50, tChng = 50, tPunish10 = 100, tPunish01 = 20, gMax = 0.015;
    const double lim0 = (1 / tPunish01 + 1 / tChng) * tLrn / (2 / tChng), lim1 = -(1 / tPunish10 + 1 / tChng) * tLrn / (2 / tChng);
    const double slope0 = -2 * gMax / (tChng * tLrn), slope1 = 2 * gMax / (tChng * tLrn);
    const double off0 = gMax / tPunish01, off1 = gMax / tChng, off2 = gMax / tPunish10;
    if (delta > lim0) return -off0;
    if (delta > 0) return slope0 * delta + off1;
    if (delta > lim1) return slope1 * delta + off1;
    return -off2;
}
}  // namespace

TEST_CASE("builtins: PiecewiseSTDP derived parameters", "[dsl][builtins][stdp]") {
    const std::vector<double> d = pw_derived(std::make_index_sequence<7>{});
    CHECK(d[0] == Approx(87.5));       // lim0 = (1/20 + 1/50)·50/(2/50)
    CHECK(d[1] == Approx(-37.5));      // lim1 = −(1/100 + 1/50)·50/(2/50)
    CHECK(d[2] == Approx(-1.2e-5));    // slope0 = −2·0.015/(50·50)
    CHECK(d[3] == Approx(1.2e-5));
    CHECK(d[4] == Approx(7.5e-4));     // off0 = gMax/tPunish01
    CHECK(d[5] == Approx(3e-4));       // off1 = gMax/tChng
    CHECK(d[6] == Approx(1.5e-4));     // off2 = gMax/tPunish10
}

TEST_CASE("builtins: PiecewiseSTDP Δg over its four Δ ranges, both sides", "[dsl][builtins][stdp]") {
    using M = cx::weight_update::PiecewiseSTDP;
    const std::vector<double> d = pw_derived(std::make_index_sequence<7>{});
    auto setup = [&](auto& e) {
        for (int k = 0; k < 10; ++k) e.set(pw_names[k], pw_params[k]);
        for (int k = 0; k < 7; ++k) e.set(pw_derived_names[k], d[std::size_t(k)]);
        e.set("g", 0.004);
        e.set("gRaw", 0.006);
        e.set("t", 200.0);
    };
    auto g_of = [](double raw) { return 0.015 / 2 * (std::tanh(33.33 * (raw - (0.0075))) + 1); };
    // Δ > lim0, = lim0, in (0, lim0), = 0, in (lim1, 0), = lim1, < lim1
    for (double delta : {100.0, 87.5, 30.0, 0.0, -20.0, -37.5, -50.0}) {
        CAPTURE(delta);
        {   // postsynaptic spike: Δ = t − (st_pre + tauShift)
            code_env<wu_unit<M, field::post_spike_syn_code>> e;
            setup(e);
            e.set("st_pre", 200.0 - delta - 10.0);
            e.run();
            const double raw = 0.006 + pw_dg(delta);
            CHECK(e.get("gRaw") == Approx(raw).epsilon(1e-14));
            CHECK(e.get("g") == Approx(g_of(raw)).epsilon(1e-14));
            CHECK(e.calls.empty());
        }
        {   // presynaptic spike: Δ = st_post − t − tauShift; delivers the old g
            code_env<wu_unit<M, field::pre_spike_syn_code>> e;
            setup(e);
            e.set("st_post", 200.0 + delta + 10.0);
            e.run();
            const double raw = 0.006 + pw_dg(delta);
            CHECK(e.get("gRaw") == Approx(raw).epsilon(1e-14));
            CHECK(e.get("g") == Approx(g_of(raw)).epsilon(1e-14));
            CHECK(first_args(e.calls, "addToPost") == std::vector<double>{0.004});
        }
    }
    CHECK(pw_dg(87.5) == Approx(-1.2e-5 * 87.5 + 3e-4));
    CHECK(pw_dg(-37.5) == -1.5e-4);
}

// ==== 6. Variable initialisation =========================================================
TEST_CASE("builtins: Constant, Uniform, Normal, Exponential, Gamma initialisers", "[dsl][builtins][init_var]") {
    using namespace cx::init_var;
    {
        code_env<init_unit<Constant>> e;
        e.set("constant", -65.0);
        e.run();
        CHECK(e.get("value") == -65.0);
    }
    {
        code_env<init_unit<Uniform>> e;
        e.set("min", -2.0);
        e.set("max", 3.0);
        for (double u : {0.25, 0.5, 0.75, 0.125}) {
            e.run();
            CHECK(e.get("value") == -2.0 + (u * (3.0 - -2.0)));
        }
    }
    {
        code_env<init_unit<Normal>> e;
        e.set("mean", 1.0);
        e.set("sd", 0.5);
        for (double z : {0.5, -1.0, 1.5, -0.25}) {
            e.run();
            CHECK(e.get("value") == 1.0 + (z * 0.5));
        }
    }
    {
        code_env<init_unit<Exponential>> e;
        e.set("lambda", 4.0);  // the mean
        for (double x : {1.0, 0.5, 2.0}) {
            e.run();
            CHECK(e.get("value") == 4.0 * x);
        }
    }
    {
        code_env<init_unit<Gamma>> e;  // stub gamma(a) = a·E
        e.set("a", 2.5);
        e.set("b", 3.0);
        e.run();
        CHECK(e.get("value") == 3.0 * (2.5 * 1.0));
        CHECK(e.rng_.log == std::vector<std::string>{"gamma"});
    }
}

TEST_CASE("builtins: Binomial truncates n to unsigned", "[dsl][builtins][init_var]") {
    code_env<cx::model_unit<cx::init_var::Binomial, family::var_init, field::var_init_code>> e;
    e.set("n", 10.9);
    e.set("p", 0.95);
    e.run();
    CHECK(e.get("value") == double(std::uint32_t(10u * 0.95)));  // stub binomial(n, p) = n·p; 10.9·0.95 would give 10
    CHECK(e.rng_.log == std::vector<std::string>{"binomial"});
}

TEST_CASE("builtins: NormalClipped redraws until min <= x <= max", "[dsl][builtins][init_var]") {
    code_env<init_unit<cx::init_var::NormalClipped>> e;
    e.set("mean", 0.0); e.set("sd", 1.0); e.set("min", -1.0); e.set("max", 1.0);
    e.rng_.normals = {3.0, -2.5, 1.0000001, 0.4};
    e.run();
    CHECK(e.get("value") == 0.4);
    CHECK(e.rng_.in == 4);
    e.rng_.normals = {1.0};  // the bounds are inclusive
    e.rng_.in = 0;
    e.run();
    CHECK(e.get("value") == 1.0);
    e.rng_.normals = {-1.0};
    e.rng_.in = 0;
    e.run();
    CHECK(e.get("value") == -1.0);
}

TEST_CASE("builtins: NormalClippedDelay derived timesteps, clipping and rint (half to even)", "[dsl][builtins][init_var]") {
    using M = cx::init_var::NormalClippedDelay;
    CHECK(derived<M, 0>({{"mean", 1.5}, {"dt", 0.1}}) == 1.5 / 0.1);
    CHECK(derived<M, 1>({{"sd", 0.3}, {"dt", 0.1}}) == 0.3 / 0.1);
    CHECK(derived<M, 2>({{"min", 0.1}, {"dt", 0.1}}) == 1.0);
    CHECK(derived<M, 3>({{"max", 2.0}, {"dt", 0.5}}) == 4.0);
    code_env<init_unit<M>> e;
    e.set("meanTimestep", 2.5); e.set("sdTimestep", 1.0); e.set("minTimestep", 1.0); e.set("maxTimestep", 10.0);
    struct row { std::vector<double> normals; double value; };
    for (const row& r : {row{{0.0}, 2.0}, row{{1.0}, 4.0}, row{{0.2}, 3.0}, row{{-5.0, 8.0, 0.6}, 3.0},
                         row{{7.5}, 10.0}, row{{-1.5}, 1.0}}) {
        e.rng_.normals = r.normals;
        e.rng_.in = 0;
        e.run();
        CHECK(e.get("value") == r.value);  // rint(2.5) = 2, rint(3.5) = 4
        CHECK(e.rng_.in == r.normals.size());
    }
}

TEST_CASE("builtins: Kernel reads kernel[id_kernel]; Uninitialised does nothing", "[dsl][builtins][init_var]") {
    code_env<init_unit<cx::init_var::Kernel>> e;
    double kernel[] = {0.1, 0.2, 0.3, 0.4, 0.5};
    e.set_array("kernel", kernel);
    for (unsigned k : {0u, 3u, 4u}) {
        e.set("id_kernel", k);
        e.run();
        CHECK(e.get("value") == kernel[k]);
    }
    code_env<init_unit<cx::init_var::Uninitialised>> u;
    u.set("value", 7.0);
    u.run();
    CHECK(u.get("value") == 7.0);
}

// ==== 7. Sparse connectivity =============================================================
namespace {
std::vector<double> added(const std::vector<cx::testing::recorded_call>& calls) { return first_args(calls, "addSynapse"); }

/// FixedProbability by hand: j <- j + 1 + trunc(log(u)·probLogRecip), with an optional autapse veto.
std::vector<double> fixed_probability_row(const std::vector<double>& u, double plr, unsigned num_post,
                                          unsigned begin, long no_autapse = -1, std::size_t* used = nullptr) {
    std::vector<double> row;
    std::size_t i = 0;
    long j = -1;
    while (true) {
        long next;
        do { next = j + 1 + long(std::trunc(std::log(u[i++ % u.size()]) * plr)); } while (next == no_autapse);
        j = next;
        if (j < long(num_post)) row.push_back(double(j + begin));
        else break;
    }
    if (used) *used = i;
    return row;
}
}  // namespace

TEST_CASE("builtins: OneToOne adds id_pre", "[dsl][builtins][sparse]") {
    code_env<row_unit<cx::init_sparse::OneToOne>> e;
    e.set("id_pre", 7);
    e.run();
    CHECK(added(e.calls) == std::vector<double>{7});
    STATIC_REQUIRE(cx::init_sparse::OneToOne::max_row_length(10, 10, {}) == 1);
    STATIC_REQUIRE(cx::init_sparse::OneToOne::max_col_length(10, 10, {}) == 1);
}

TEST_CASE("builtins: FixedProbability probLogRecip (sample values)", "[dsl][builtins][sparse]") {
    CHECK(derived<cx::init_sparse::FixedProbability, 0>({{"prob", 0.1}}) == quoted(-9.4912215810));
    CHECK(derived<cx::init_sparse::FixedProbabilityNoAutapse, 0>({{"prob", 0.1}}) == quoted(-9.4912215810));
    CHECK(derived<cx::init_sparse::FixedProbability, 0>({{"prob", 0.5}}) == 1.0 / std::log(1.0 - 0.5));
}

TEST_CASE("builtins: FixedProbability adds the geometric-skip sequence for scripted uniforms", "[dsl][builtins][sparse]") {
    const double plr = 1.0 / std::log(1.0 - 0.1);
    const std::vector<std::vector<double>> scripts = {
        {0.5, 0.9, 0.05, 0.999, 0.3, 0.01}, {1.0, 1.0, 1.0, 0.2}, {1e-9}, {0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1}};
    for (const auto& u : scripts)
        for (unsigned begin : {0u, 100u}) {
            code_env<row_unit<cx::init_sparse::FixedProbability>> e;
            e.set("probLogRecip", plr);
            e.set("num_post", 20);
            e.set("id_post_begin", begin);
            e.rng_.uniforms = u;
            e.run();
            std::size_t used = 0;
            CHECK(added(e.calls) == fixed_probability_row(u, plr, 20, begin, -1, &used));
            CHECK(e.rng_.iu == used);
        }
    // u = 1 jumps by exactly one: a full row
    code_env<row_unit<cx::init_sparse::FixedProbability>, float, float> e;
    e.set("probLogRecip", float(plr));
    e.set("num_post", 5);
    e.rng_.uniforms = {1.0};
    e.run();
    CHECK(added(e.calls) == std::vector<double>{0, 1, 2, 3, 4});
}

TEST_CASE("builtins: FixedProbability includes each position with probability p", "[dsl][builtins][sparse]") {
    const double p = 0.1;
    const unsigned num_post = 50, rows = 4000;
    std::mt19937_64 gen(42);
    std::uniform_real_distribution<double> dist(0.0, 1.0);
    std::vector<double> u(60000);
    for (double& x : u) x = 1.0 - dist(gen);  // (0, 1]
    code_env<row_unit<cx::init_sparse::FixedProbability>> e;
    e.set("probLogRecip", 1.0 / std::log(1.0 - p));
    e.set("num_post", num_post);
    e.rng_.uniforms = u;
    std::vector<int> hits(num_post);
    for (unsigned r = 0; r < rows; ++r) {
        e.calls.clear();
        e.run();
        auto row = added(e.calls);
        CHECK(std::is_sorted(row.begin(), row.end()));
        for (double j : row) ++hits[std::size_t(j)];
    }
    for (int h : hits) CHECK(double(h) / rows == Approx(p).margin(0.025));  // 5 sd
}

TEST_CASE("builtins: FixedProbabilityNoAutapse redraws a jump landing on id_pre from the same position", "[dsl][builtins][sparse]") {
    const double plr = 1.0 / std::log(1.0 - 0.5);  // jumps: u=1 -> 1, u=0.5 -> 2, u=0.25 -> 3
    const std::vector<std::vector<double>> scripts = {
        {1.0, 1.0, 1.0, 0.5, 1.0, 0.01}, {0.25, 1.0, 0.5, 0.5, 0.001}, {1.0, 0.125, 1.0, 0.01}};
    for (const auto& u : scripts)
        for (unsigned id_pre : {0u, 2u, 3u}) {
            CAPTURE(id_pre);
            code_env<row_unit<cx::init_sparse::FixedProbabilityNoAutapse>> e;
            e.set("probLogRecip", plr);
            e.set("num_post", 8);
            e.set("id_pre", id_pre);
            e.rng_.uniforms = u;
            e.run();
            std::size_t used = 0;
            const auto expected = fixed_probability_row(u, plr, 8, 0, long(id_pre), &used);
            CHECK(added(e.calls) == expected);
            CHECK(std::find(expected.begin(), expected.end(), double(id_pre)) == expected.end());
            CHECK(e.rng_.iu == used);
        }
    // id_pre 2 with jumps 1, 1, (1 lands on 2: redrawn) 2 -> 0, 1, 3
    code_env<row_unit<cx::init_sparse::FixedProbabilityNoAutapse>> e;
    e.set("probLogRecip", plr);
    e.set("num_post", 4);
    e.set("id_pre", 2);
    e.rng_.uniforms = {1.0, 1.0, 1.0, 0.5, 0.01};
    e.run();
    CHECK(added(e.calls) == std::vector<double>{0, 1, 3});
}

namespace {
/// FixedNumberPostWithReplacement's row by hand: x steps through the order statistics of c uniforms.
std::vector<double> fixed_number_row(const std::vector<double>& u, unsigned num, unsigned num_post, unsigned begin) {
    std::vector<double> row;
    double x = 0;
    std::size_t i = 0;
    for (unsigned c = num; c != 0; --c) {
        x += (1.0 - x) * (1.0 - std::pow(u[i++ % u.size()], 1.0 / double(c)));
        row.push_back(double(std::min(unsigned(x * num_post), num_post - 1) + begin));
    }
    return row;
}
}  // namespace

TEST_CASE("builtins: FixedNumberPostWithReplacement adds num sorted targets", "[dsl][builtins][sparse]") {
    for (unsigned num : {1u, 5u, 9u})
        for (unsigned begin : {0u, 30u}) {
            code_env<row_unit<cx::init_sparse::FixedNumberPostWithReplacement>> e;
            e.set("num", num);
            e.set("num_post", 10);
            e.set("id_post_begin", begin);
            const std::vector<double> u = {0.3, 0.9, 1.0, 0.01, 0.5, 0.999};
            e.rng_.uniforms = u;
            e.run();
            const auto row = added(e.calls);
            CHECK(row == fixed_number_row(u, num, 10, begin));
            CHECK(row.size() == num);
            CHECK(std::is_sorted(row.begin(), row.end()));
        }
    // tiny uniforms push x to 1: the index is clamped to num_post − 1
    code_env<row_unit<cx::init_sparse::FixedNumberPostWithReplacement>> e;
    e.set("num", 2);
    e.set("num_post", 4);
    e.rng_.uniforms = {1e-300};
    e.run();
    CHECK(added(e.calls) == std::vector<double>{3, 3});
    STATIC_REQUIRE(cx::init_sparse::FixedNumberPostWithReplacement::max_row_length(100, 100, std::array{7.0}) == 7);
}

TEST_CASE("builtins: FixedNumberTotalWithReplacement fills each row to its pre-computed length", "[dsl][builtins][sparse]") {
    std::uint16_t lengths[] = {3, 0, 5, 2, 4, 1};  // 3 rows × 2 threads
    const std::vector<double> u = {0.3, 0.9, 1.0, 0.01, 0.5, 0.999};
    for (unsigned threads : {1u, 2u})
        for (unsigned id_pre : {0u, 1u, 2u})
            for (unsigned thread = 0; thread < threads; ++thread) {
                code_env<row_unit<cx::init_sparse::FixedNumberTotalWithReplacement>> e;
                e.set_array("preCalcRowLength", lengths);
                e.set("num", 15);
                e.set("num_post", 10);
                e.set("id_pre", id_pre);
                e.set("num_threads", threads);
                e.set("id_thread", thread);
                e.rng_.uniforms = u;
                e.run();
                const unsigned len = lengths[id_pre * threads + thread];
                CHECK(added(e.calls) == fixed_number_row(u, len, 10, 0));
            }
}

TEST_CASE("builtins: FixedNumberPreWithReplacement draws gennrand() % num_pre per column", "[dsl][builtins][sparse]") {
    code_env<col_unit<cx::init_sparse::FixedNumberPreWithReplacement>> e;
    e.set("num", 4);
    e.set("num_pre", 100);
    e.set("id_pre_begin", 0);
    e.run();
    CHECK(added(e.calls) == std::vector<double>{12345 % 100, 4000000000u % 100, 7 % 100, 12345 % 100});
    e.calls.clear();
    e.set("num_pre", 7);
    e.set("id_pre_begin", 20);
    e.set("num", 3);
    e.run();  // the stub continues its raw list where it left off
    CHECK(added(e.calls) == std::vector<double>{20 + 4000000000u % 7, 20 + 7 % 7, 20 + 12345 % 7});
    STATIC_REQUIRE(cx::init_sparse::FixedNumberPreWithReplacement::max_col_length(100, 100, std::array{7.0}) == 7);
}

// ---- capacities --------------------------------------------------------------------------
namespace {
/// BinomInvCDF by brute force in long double: the smallest k with CDF(k) >= q.
unsigned binom_inv_cdf_reference(long double q, unsigned n, long double p) {
    long double cdf = 0;
    for (unsigned k = 0; k <= n; ++k) {
        cdf += std::exp(std::lgamma((long double)n + 1) - std::lgamma((long double)k + 1) -
                        std::lgamma((long double)(n - k) + 1) + k * std::log(p) + (n - k) * std::log1p(-p));
        if (cdf >= q) return k;
    }
    return n;
}
unsigned capacity_reference(unsigned rows, unsigned n, long double p) {
    return binom_inv_cdf_reference(std::pow(0.9999L, 1.0L / rows), n, p);
}
}  // namespace

TEST_CASE("builtins: BinomInvCDF and the 0.9999 capacity rule", "[dsl][builtins][sparse][capacity]") {
    using namespace cx::init_sparse;
    STATIC_REQUIRE(binomial_upper_quantile(0.5, 10, 0.0) == 0);
    STATIC_REQUIRE(binomial_upper_quantile(0.5, 10, 1.0) == 10);
    STATIC_REQUIRE(binomial_upper_quantile(0.5, 0, 0.5) == 0);
    STATIC_REQUIRE(binom_inv_cdf(0.5, 2, 0.5) == 1);    // CDF: 0.25, 0.75, 1
    STATIC_REQUIRE(binom_inv_cdf(0.75, 2, 0.5) == 1);   // >=, not >
    STATIC_REQUIRE(binom_inv_cdf(0.76, 2, 0.5) == 2);
    STATIC_REQUIRE(binom_inv_cdf(0.2, 2, 0.5) == 0);
    CHECK(capacity_tail(1) == Approx(1e-4).epsilon(1e-4));
    CHECK(capacity_tail(1000) == Approx(1 - std::pow(0.9999L, 1.0L / 1000)).epsilon(1e-9));
    for (unsigned rows : {1u, 10u, 1000u, 100000u})
        for (unsigned n : {1u, 10u, 100u, 1000u, 5000u})
            for (double p : {0.001, 0.02, 0.1, 0.5, 0.9}) {
                CAPTURE(rows, n, p);
                CHECK(binomial_capacity(rows, n, p) == capacity_reference(rows, n, p));
            }
}

TEST_CASE("builtins: sparse snippet capacities", "[dsl][builtins][sparse][capacity]") {
    using namespace cx::init_sparse;
    const double prob[] = {0.1};
    CHECK(FixedProbability::max_row_length(1000, 2000, prob) == capacity_reference(1000, 2000, 0.1L));
    CHECK(FixedProbability::max_col_length(1000, 2000, prob) == capacity_reference(2000, 1000, 0.1L));
    CHECK(FixedProbabilityNoAutapse::max_row_length(500, 500, prob) == capacity_reference(500, 500, 0.1L));
    const double num[] = {20};
    CHECK(FixedNumberPostWithReplacement::max_row_length(100, 300, num) == 20);
    CHECK(FixedNumberPostWithReplacement::max_col_length(100, 300, num) == capacity_reference(300, 2000, 1.0L / 300));
    CHECK(FixedNumberPreWithReplacement::max_row_length(100, 300, num) == capacity_reference(100, 6000, 1.0L / 100));
    CHECK(FixedNumberPreWithReplacement::max_col_length(100, 300, num) == 20);
    const double total[] = {5000};
    CHECK(FixedNumberTotalWithReplacement::max_row_length(100, 300, total) == capacity_reference(100, 5000, 1.0L / 100));
    CHECK(FixedNumberTotalWithReplacement::max_col_length(100, 300, total) == capacity_reference(300, 5000, 1.0L / 300));
    // usable in constant expressions
    constexpr std::array<double, 1> p01{0.1};
    STATIC_REQUIRE(FixedProbability::max_row_length(1000, 1000, p01) > 100);
    STATIC_REQUIRE(FixedProbability::max_row_length(1000, 1000, p01) < 200);
}

// ---- Conv2D (sparse) --------------------------------------------------------------------
namespace {
struct conv_geometry { int kh, kw, sh, sw, padh, padw, ih, iw, ic, oh, ow, oc; };
struct synapse5 {
    int post, kr, kc, ic, oc;
    auto operator<=>(const synapse5&) const = default;
};
/// Every output position whose kernel window covers input (r, c), every output channel,
/// in row-major output order: the geometry of a strided, padded convolution.
std::vector<synapse5> conv_targets(const conv_geometry& g, int r, int c, int ch) {
    std::vector<synapse5> out;
    for (int ro = 0; ro < g.oh; ++ro)
        for (int co = 0; co < g.ow; ++co) {
            const int kr = r - (ro * g.sh - g.padh), kc = c - (co * g.sw - g.padw);
            if (kr < 0 || kr >= g.kh || kc < 0 || kc >= g.kw) continue;
            for (int o = 0; o < g.oc; ++o) out.push_back({(ro * g.ow + co) * g.oc + o, kr, kc, ch, o});
        }
    return out;
}
std::vector<synapse5> to_synapses(const std::vector<cx::testing::recorded_call>& calls) {
    std::vector<synapse5> r;
    for (const auto& a : calls_of(calls, "addSynapse")) {
        REQUIRE(a.size() == 5);
        r.push_back({int(a[0]), int(a[1]), int(a[2]), int(a[3]), int(a[4])});
    }
    return r;
}
}  // namespace

TEST_CASE("builtins: Conv2D (sparse) rows match the convolution geometry", "[dsl][builtins][sparse][conv]") {
    using M = cx::init_sparse::Conv2D;
    for (const conv_geometry& g : {conv_geometry{3, 3, 1, 1, 1, 1, 5, 5, 2, 5, 5, 2},     // "same"
                                   conv_geometry{3, 3, 1, 1, 0, 0, 6, 6, 1, 4, 4, 3},     // "valid"
                                   conv_geometry{3, 2, 2, 1, 1, 0, 7, 6, 1, 4, 5, 3},     // strided, asymmetric
                                   conv_geometry{5, 5, 2, 2, 2, 2, 9, 8, 3, 5, 4, 2}}) {
        const double params[] = {double(g.kh), double(g.kw), double(g.sh), double(g.sw), double(g.padh), double(g.padw),
                                 double(g.ih), double(g.iw), double(g.ic), double(g.oh), double(g.ow), double(g.oc)};
        const char* names[] = {"conv_kh", "conv_kw", "conv_sh", "conv_sw", "conv_padh", "conv_padw",
                               "conv_ih", "conv_iw", "conv_ic", "conv_oh", "conv_ow", "conv_oc"};
        const std::uint32_t capacity = M::max_row_length(0, 0, params);
        CHECK(capacity == std::uint32_t((g.kh + g.sh - 1) / g.sh * ((g.kw + g.sw - 1) / g.sw) * g.oc));
        CHECK(M::kernel_size(params) == std::array<std::uint32_t, 4>{std::uint32_t(g.kh), std::uint32_t(g.kw),
                                                                       std::uint32_t(g.ic), std::uint32_t(g.oc)});
        std::size_t total = 0;
        for (int r = 0; r < g.ih; ++r)
            for (int c = 0; c < g.iw; ++c)
                for (int ch = 0; ch < g.ic; ++ch) {
                    code_env<row_unit<M>> e;
                    for (int k = 0; k < 12; ++k) e.set(names[k], params[k]);
                    e.set("id_pre", (r * g.iw + c) * g.ic + ch);
                    e.run();
                    const auto got = to_synapses(e.calls);
                    CHECK(got == conv_targets(g, r, c, ch));
                    CHECK(got.size() <= capacity);
                    total += got.size();
                }
        // every output sees every in-range kernel entry once
        std::size_t expected_total = 0;
        for (int ro = 0; ro < g.oh; ++ro)
            for (int co = 0; co < g.ow; ++co)
                for (int kr = 0; kr < g.kh; ++kr)
                    for (int kc = 0; kc < g.kw; ++kc) {
                        const int r = ro * g.sh - g.padh + kr, c = co * g.sw - g.padw + kc;
                        expected_total += (r >= 0 && r < g.ih && c >= 0 && c < g.iw) ? std::size_t(g.ic * g.oc) : 0;
                    }
        CHECK(total == expected_total);
    }
}

// ==== 8. Toeplitz connectivity ===========================================================
TEST_CASE("builtins: toeplitz Conv2D derived conv_bh, conv_bw (integer division)", "[dsl][builtins][toeplitz]") {
    using M = cx::init_toeplitz::Conv2D;
    CHECK(derived<M, 0>({{"conv_iw", 5}, {"conv_kw", 3}, {"conv_ow", 5}}) == 1);  // same
    CHECK(derived<M, 0>({{"conv_iw", 6}, {"conv_kw", 3}, {"conv_ow", 4}}) == 2);  // valid
    CHECK(derived<M, 1>({{"conv_ih", 6}, {"conv_kh", 4}, {"conv_oh", 6}}) == 1);  // (9 − 6)/2 truncates
    CHECK(derived<M, 1>({{"conv_ih", 5}, {"conv_kh", 2}, {"conv_oh", 5}}) == 0);
}

TEST_CASE("builtins: toeplitz Conv2D equals a stride-1 convolution with padding k − 1 − b", "[dsl][builtins][toeplitz]") {
    using M = cx::init_toeplitz::Conv2D;
    struct geometry { int kh, kw, ih, iw, ic, oh, ow, oc; };
    for (const geometry& t : {geometry{3, 3, 5, 5, 2, 5, 5, 2}, geometry{3, 3, 6, 6, 1, 4, 4, 3},
                              geometry{3, 2, 5, 6, 2, 5, 6, 2}, geometry{2, 4, 4, 5, 1, 4, 5, 1}}) {
        const int bw = ((t.iw + t.kw - 1) - t.ow) / 2, bh = ((t.ih + t.kh - 1) - t.oh) / 2;
        CHECK(derived<M, 0>({{"conv_iw", t.iw}, {"conv_kw", t.kw}, {"conv_ow", t.ow}}) == bw);
        CHECK(derived<M, 1>({{"conv_ih", t.ih}, {"conv_kh", t.kh}, {"conv_oh", t.oh}}) == bh);
        const conv_geometry g{t.kh, t.kw, 1, 1, t.kh - 1 - bh, t.kw - 1 - bw, t.ih, t.iw, t.ic, t.oh, t.ow, t.oc};
        const double params[] = {double(t.kh), double(t.kw), double(t.ih), double(t.iw),
                                 double(t.ic), double(t.oh), double(t.ow), double(t.oc)};
        const char* names[] = {"conv_kh", "conv_kw", "conv_ih", "conv_iw", "conv_ic", "conv_oh", "conv_ow", "conv_oc"};
        CHECK(M::max_row_length(0, 0, params) == std::uint32_t(t.kh * t.kw * t.oc));
        CHECK(M::kernel_size(params)[2] == std::uint32_t(t.ic));
        for (int r = 0; r < t.ih; ++r)
            for (int c = 0; c < t.iw; ++c)
                for (int ch = 0; ch < t.ic; ++ch) {
                    code_env<diagonal_unit<M>> e;
                    for (int k = 0; k < 8; ++k) e.set(names[k], params[k]);
                    e.set("conv_bw", bw);
                    e.set("conv_bh", bh);
                    e.for_each_ids = {unsigned((r * t.iw + c) * t.ic + ch)};
                    std::vector<synapse5> got;
                    for (int d = 0; d < t.kh * t.kw * t.oc; ++d) {
                        e.calls.clear();
                        e.set("id_diag", d);
                        e.run();
                        const auto one = to_synapses(e.calls);
                        CHECK(one.size() <= 1);  // one target per diagonal
                        got.insert(got.end(), one.begin(), one.end());
                    }
                    auto expected = conv_targets(g, r, c, ch);
                    std::sort(got.begin(), got.end());
                    std::sort(expected.begin(), expected.end());
                    CHECK(got == expected);
                }
    }
}

TEST_CASE("builtins: toeplitz Conv2D runs its body once per spiking presynaptic neuron", "[dsl][builtins][toeplitz]") {
    using M = cx::init_toeplitz::Conv2D;
    code_env<diagonal_unit<M>> e;
    for (auto [n, v] : {named_value{"conv_kh", 3}, {"conv_kw", 3}, {"conv_ih", 4}, {"conv_iw", 4}, {"conv_ic", 1},
                        {"conv_oh", 4}, {"conv_ow", 4}, {"conv_oc", 1}, {"conv_bh", 1}, {"conv_bw", 1}})
        e.set(n, v);
    e.set("id_diag", 4);  // the kernel centre: each pre maps to the same position
    e.for_each_ids = {0, 5, 15};
    e.run();
    CHECK(added(e.calls) == std::vector<double>{0, 5, 15});
}

TEST_CASE("builtins: toeplitz AvgPoolConv2D derived conv_bh, conv_bw", "[dsl][builtins][toeplitz]") {
    using M = cx::init_toeplitz::AvgPoolConv2D;
    // pooled width ceil((8 − 2 + 1)/2) = 4; (4 + 3 − 1 − 4)/2 = 1
    CHECK(derived<M, 0>({{"pool_iw", 8}, {"pool_kw", 2}, {"pool_sw", 2}, {"conv_kw", 3}, {"conv_ow", 4}}) == 1);
    // pooled height ceil((9 − 2 + 1)/3) = 3; valid conv 3 -> 1: (3 + 2 − 1)/2 = 2
    CHECK(derived<M, 1>({{"pool_ih", 9}, {"pool_kh", 2}, {"pool_sh", 3}, {"conv_kh", 3}, {"conv_oh", 1}}) == 2);
}

TEST_CASE("builtins: toeplitz AvgPoolConv2D equals pooling windows then the stride-1 convolution", "[dsl][builtins][toeplitz]") {
    using M = cx::init_toeplitz::AvgPoolConv2D;
    struct geometry { int ckh, ckw, pkh, pkw, psh, psw, pih, piw, pic, coh, cow, coc; };
    // non-overlapping windows (pool k <= stride), some with gaps between them
    for (const geometry& t : {geometry{3, 3, 2, 2, 2, 2, 8, 8, 2, 4, 4, 2}, geometry{3, 3, 2, 2, 3, 3, 9, 9, 1, 3, 3, 2},
                              geometry{2, 3, 2, 1, 2, 1, 6, 5, 1, 3, 5, 1}}) {
        const int ph = (t.pih - t.pkh + t.psh) / t.psh, pw = (t.piw - t.pkw + t.psw) / t.psw;  // ceil((i − k + 1)/s)
        const int bh = (ph + t.ckh - 1 - t.coh) / 2, bw = (pw + t.ckw - 1 - t.cow) / 2;
        std::initializer_list<named_value> dp = {{"pool_iw", t.piw}, {"pool_kw", t.pkw}, {"pool_sw", t.psw},
                                                 {"conv_kw", t.ckw}, {"conv_ow", t.cow}, {"pool_ih", t.pih},
                                                 {"pool_kh", t.pkh}, {"pool_sh", t.psh}, {"conv_kh", t.ckh},
                                                 {"conv_oh", t.coh}};
        CHECK(derived<M, 0>(dp) == bw);
        CHECK(derived<M, 1>(dp) == bh);
        const conv_geometry g{t.ckh, t.ckw, 1, 1, t.ckh - 1 - bh, t.ckw - 1 - bw, ph, pw, t.pic, t.coh, t.cow, t.coc};
        const double params[] = {double(t.ckh), double(t.ckw), double(t.pkh), double(t.pkw), double(t.psh), double(t.psw),
                                 double(t.pih), double(t.piw), double(t.pic), double(t.coh), double(t.cow), double(t.coc)};
        const char* names[] = {"conv_kh", "conv_kw", "pool_kh", "pool_kw", "pool_sh", "pool_sw",
                               "pool_ih", "pool_iw", "pool_ic", "conv_oh", "conv_ow", "conv_oc"};
        CHECK(M::max_row_length(0, 0, params) == std::uint32_t(t.ckh * t.ckw * t.coc));
        CHECK(M::kernel_size(params) == std::array<std::uint32_t, 4>{std::uint32_t(t.ckh), std::uint32_t(t.ckw),
                                                                       std::uint32_t(t.pic), std::uint32_t(t.coc)});
        for (int r = 0; r < t.pih; ++r)
            for (int c = 0; c < t.piw; ++c)
                for (int ch = 0; ch < t.pic; ++ch) {
                    code_env<diagonal_unit<M>> e;
                    for (int k = 0; k < 12; ++k) e.set(names[k], params[k]);
                    e.set("conv_bw", bw);
                    e.set("conv_bh", bh);
                    e.for_each_ids = {unsigned((r * t.piw + c) * t.pic + ch)};
                    std::vector<synapse5> got;
                    for (int d = 0; d < t.ckh * t.ckw * t.coc; ++d) {
                        e.calls.clear();
                        e.set("id_diag", d);
                        e.run();
                        const auto one = to_synapses(e.calls);
                        CHECK(one.size() <= 1);
                        got.insert(got.end(), one.begin(), one.end());
                    }
                    // the pooling window (rp, cp) that contains (r, c), if any
                    std::vector<synapse5> expected;
                    for (int rp = 0; rp < ph; ++rp)
                        for (int cp = 0; cp < pw; ++cp)
                            if (r >= rp * t.psh && r < rp * t.psh + t.pkh && c >= cp * t.psw && c < cp * t.psw + t.pkw)
                                expected = conv_targets(g, rp, cp, ch);
                    std::sort(got.begin(), got.end());
                    std::sort(expected.begin(), expected.end());
                    CAPTURE(r, c, ch);
                    CHECK(got == expected);
                }
    }
}

// ==== names of the batch and of the postsynaptic model, by context ======================
namespace batch_names {
/// num_batch in every field that runs per batch entry; psm_var_refs where GeNN has them
struct Everywhere {
    static constexpr auto vars = cx::vars("a");
    static constexpr auto pre_vars = cx::vars("p");
    static constexpr auto post_vars = cx::vars("q");
    static constexpr auto psm_var_refs = cx::vars("x");
    static constexpr cx::code sim_code = "a = num_batch;";
    static constexpr cx::code threshold_condition_code = "a > num_batch";
    static constexpr cx::code reset_code = "a = num_batch;";
    static constexpr cx::code injection_code = "a = num_batch;";
    static constexpr cx::code pre_spike_syn_code = "a = x + num_batch;";
    static constexpr cx::code synapse_dynamics_code = "a = x;";
    static constexpr cx::code pre_dynamics_code = "p = num_batch;";
    static constexpr cx::code post_spike_code = "q = x; x += 1.0;";
    static constexpr cx::code post_dynamics_code = "x = q * num_batch;";
    static constexpr cx::code update_code = "a = num_batch;";
};
struct InitNumBatch { static constexpr cx::code var_init_code = "value = num_batch;"; };
struct RowNumBatch { static constexpr cx::code row_build_code = "addSynapse(num_batch);"; };
struct SynapseWritesPsm {
    static constexpr auto vars = cx::vars("a");
    static constexpr auto psm_var_refs = cx::vars("x");
    static constexpr cx::code pre_spike_syn_code = "x = a;";
};
struct PreSideReadsPsm {
    static constexpr auto pre_vars = cx::vars("p");
    static constexpr auto psm_var_refs = cx::vars("x");
    static constexpr cx::code pre_spike_code = "p = x;";
};
template <class U>
constexpr std::string_view message = cx::dsl::program<U>::message.view();
}  // namespace batch_names

TEST_CASE("builtins: num_batch and psm_var_refs are names of their contexts only", "[dsl][builtins]") {
    namespace bn = batch_names;
    STATIC_REQUIRE(cx::dsl::is_valid<neuron_unit<bn::Everywhere>>);
    STATIC_REQUIRE(cx::dsl::is_valid<psm_unit<bn::Everywhere>>);
    STATIC_REQUIRE(cx::dsl::is_valid<cs_unit<bn::Everywhere>>);
    STATIC_REQUIRE(cx::dsl::is_valid<wu_unit<bn::Everywhere, field::pre_spike_syn_code>>);
    STATIC_REQUIRE(cx::dsl::is_valid<wu_unit<bn::Everywhere, field::synapse_dynamics_code>>);
    STATIC_REQUIRE(cx::dsl::is_valid<wu_unit<bn::Everywhere, field::pre_dynamics_code>>);
    STATIC_REQUIRE(cx::dsl::is_valid<wu_unit<bn::Everywhere, field::post_spike_code>>);
    STATIC_REQUIRE(cx::dsl::is_valid<wu_unit<bn::Everywhere, field::post_dynamics_code>>);
    STATIC_REQUIRE(cx::dsl::is_valid<cx::model_unit<bn::Everywhere, family::custom_update, field::update_code>>);
    // connectivity is shared by the batch entries, and initialisation here sees no batch size
    STATIC_REQUIRE(bn::message<init_unit<bn::InitNumBatch>> == "model.var_init_code:1:9: unknown name 'num_batch'");
    STATIC_REQUIRE(bn::message<row_unit<bn::RowNumBatch>> == "model.row_build_code:1:12: unknown name 'num_batch'");
    // a postsynaptic model variable is shared by the synapses of a postsynaptic neuron
    STATIC_REQUIRE(bn::message<wu_unit<bn::SynapseWritesPsm, field::pre_spike_syn_code>> ==
                   "model.pre_spike_syn_code:1:1: assignment to read-only variable 'x'");
    STATIC_REQUIRE(bn::message<wu_unit<bn::PreSideReadsPsm, field::pre_spike_code>> ==
                   "model.pre_spike_code:1:5: unknown name 'x'");
}

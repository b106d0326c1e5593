// Parameter domains (issue 18, item 2): the values each parameter may take, declared on
// the model type (param_domains, check_params), checked when values are set — at
// construction and by set_param — with a cx::error naming the group, the parameter, the
// value and the domain; a failed set_param changes nothing.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <cortexpr/cortexpr.hpp>

namespace cx = cortexpr;
using namespace cx::literals;

namespace {

/// The cx::error of f, or fails the test.
template <class F>
cx::error error_of(F&& f) {
    try {
        f();
    } catch (const cx::error& e) {
        return e;
    }
    FAIL("no cx::error was thrown");
    return cx::error("", "", "");
}

auto lif_net(double c, double tau_m, double tau_refrac = 2.0) {
    return cx::network(cx::population<"Pop", cx::neuron::LIF>(
        4, "C"_p = c, "TauM"_p = tau_m, "Vrest"_p = -65.0, "Vreset"_p = -65.0, "Vthresh"_p = -50.0, "Ioffset"_p = 1.0,
        "TauRefrac"_p = tau_refrac, "V"_v = -65.0, "RefracTime"_v = 0.0));
}

/// A user model with its own domains and a cross-parameter rule.
struct Ramp {
    static constexpr std::string_view name = "Ramp";
    static constexpr auto params = cx::params("slope", "lo", "hi", cx::param("steps", "unsigned int"));
    static constexpr auto param_domains = cx::domains(cx::greater_than("slope", 0.5), cx::less_than("hi", 100.0),
                                                      cx::integer_in("steps", 1.0, 1000.0, "steps of the ramp"));
    static constexpr cx::param_problem check_params(std::span<const double> p) {
        if (!(p[1] < p[2])) return {"lo", "must be below hi"};
        return {};
    }
    static constexpr auto vars = cx::vars("V");
    static constexpr cx::code sim_code = "V = fmin(V + slope * dt, hi);\n";
};

auto ramp_net(double slope, double lo, double hi, double steps = 10.0) {
    return cx::network(cx::population<"R", Ramp>(3, "slope"_p = slope, "lo"_p = lo, "hi"_p = hi, "steps"_p = steps, "V"_v = 0.0));
}

}  // namespace

TEST_CASE("param domains: built-in models reject values outside their domain at construction", "[param_domains]") {
    SECTION("LIF C = 0 (NaN voltages before)") {
        const auto e = error_of([] { cx::simulate<cx::cpu>(lif_net(0.0, 20.0)); });
        CHECK(std::string(e.what()) == "Pop.C: LIF parameter 'C' must be > 0, got 0");
        CHECK(e.group() == "Pop");
        CHECK(e.field() == "C");
    }
    SECTION("LIF TauM < 0 (a runaway V before)") {
        const auto e = error_of([] { cx::simulate<cx::cpu>(lif_net(1.0, -5.0)); });
        CHECK(std::string(e.what()) == "Pop.TauM: LIF parameter 'TauM' must be > 0, got -5");
    }
    SECTION("LIF TauRefrac < 0; TauRefrac = 0 is valid") {
        CHECK(error_of([] { cx::simulate<cx::cpu>(lif_net(1.0, 20.0, -1.0)); }).field() == "TauRefrac");
        CHECK_NOTHROW(cx::simulate<cx::cpu>(lif_net(1.0, 20.0, 0.0)));
    }
    SECTION("Poisson rate < 0 (fired every step before); rate 0 never fires") {
        auto net = [](double rate) {
            return cx::network(cx::population<"P", cx::neuron::Poisson>(8, "rate"_p = rate, "timeStepToSpike"_v = 0.0));
        };
        const auto e = error_of([&] { cx::simulate<cx::cpu>(net(-10.0)); });
        CHECK(std::string(e.what()) == "P.rate: Poisson parameter 'rate' must be >= 0, got -10");
        auto sim = cx::simulate<cx::cpu>(net(0.0));
        sim.record_spikes<"P">(100);
        sim.run(10.0);
        CHECK(sim.spikes<"P">().ids.empty());
    }
    SECTION("FixedProbability prob 0 and 1e-9 (int conversion of inf or 1e10 before)") {
        auto net = [](double prob) {
            return cx::network(
                cx::population<"A", cx::neuron::Poisson>(10, "rate"_p = 0.0, "timeStepToSpike"_v = 0.0),
                cx::synapses<"S", "A", "A">(cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = prob)),
                                            cx::wu<cx::weight_update::StaticPulse>("g"_v = 1.0), cx::psm<cx::postsynaptic::DeltaCurr>()));
        };
        for (double prob : {0.0, 1e-9}) {
            const auto e = error_of([&] { cx::simulate<cx::cpu>(net(prob)); });
            CHECK(e.group() == "S.connectivity");
            CHECK(e.field() == "prob");
            CHECK(std::string(e.what()).find("must be in [1e-06, 1]") != std::string::npos);
            CHECK(std::string(e.what()).find("leave the group out") != std::string::npos);
        }
        CHECK_NOTHROW(cx::simulate<cx::cpu>(net(1e-6)));
        CHECK_NOTHROW(cx::simulate<cx::cpu>(net(1.0)));
    }
    SECTION("ExpCurr tau 0, STDP Wmin > Wmax") {
        auto net = [](double tau, double wmin, double wmax) {
            return cx::network(
                cx::population<"A", cx::neuron::Poisson>(4, "rate"_p = 0.0, "timeStepToSpike"_v = 0.0),
                cx::synapses<"S", "A", "A">(cx::dense(),
                                            cx::wu<cx::weight_update::STDP>("tauPlus"_p = 20.0, "tauMinus"_p = 20.0, "Aplus"_p = 0.1,
                                                                            "Aminus"_p = 0.1, "Wmin"_p = wmin, "Wmax"_p = wmax, "g"_v = 0.5),
                                            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = tau)));
        };
        CHECK(std::string(error_of([&] { cx::simulate<cx::cpu>(net(0.0, 0.0, 1.0)); }).what()) ==
              "S.psm.tau: ExpCurr parameter 'tau' must be > 0, got 0");
        CHECK(std::string(error_of([&] { cx::simulate<cx::cpu>(net(5.0, 2.0, 1.0)); }).what()) ==
              "S.Wmin: STDP: 'Wmin' exceeds Wmax (tauPlus = 20, tauMinus = 20, Aplus = 0.10000000000000001, Aminus = "
              "0.10000000000000001, Wmin = 2, Wmax = 1)");
        CHECK_NOTHROW(cx::simulate<cx::cpu>(net(5.0, 0.0, 1.0)));
    }
}

TEST_CASE("param domains: user models, integer parameters and the words of each domain", "[param_domains]") {
    CHECK_NOTHROW(cx::simulate<cx::cpu>(ramp_net(1.0, 0.0, 10.0)));
    CHECK(std::string(error_of([] { cx::simulate<cx::cpu>(ramp_net(0.5, 0.0, 10.0)); }).what()) ==
          "R.slope: Ramp parameter 'slope' must be > 0.5, got 0.5");
    CHECK(std::string(error_of([] { cx::simulate<cx::cpu>(ramp_net(1.0, 0.0, 100.0)); }).what()) ==
          "R.hi: Ramp parameter 'hi' must be < 100, got 100");
    CHECK(std::string(error_of([] { cx::simulate<cx::cpu>(ramp_net(1.0, 0.0, 10.0, 0.0)); }).what()) ==
          "R.steps: Ramp parameter 'steps' must be a whole number in [1, 1000] (steps of the ramp), got 0");
    // the parameter's type comes first: an unsigned int cannot hold 2.5 or -1
    CHECK(std::string(error_of([] { cx::simulate<cx::cpu>(ramp_net(1.0, 0.0, 10.0, 2.5)); }).what()) ==
          "R.steps: parameter of type unsigned int must be a whole number in [0, 4294967295], got 2.5");
    CHECK(error_of([] { cx::simulate<cx::cpu>(ramp_net(1.0, 0.0, 10.0, -1.0)); }).field() == "steps");
    CHECK(std::string(error_of([] { cx::simulate<cx::cpu>(ramp_net(1.0, 20.0, 10.0)); }).what()) ==
          "R.lo: Ramp: 'lo' must be below hi (slope = 1, lo = 20, hi = 10, steps = 10)");

    using cx::detail::describe_domain;
    CHECK(describe_domain(cx::positive("x")) == "> 0");
    CHECK(describe_domain(cx::at_least("x", -1.5)) == ">= -1.5");
    CHECK(describe_domain(cx::at_most("x", 3.0)) == "<= 3");
    CHECK(describe_domain(cx::less_than("x", 3.0)) == "< 3");
    CHECK(describe_domain(cx::closed("x", 0.0, 1.0)) == "in [0, 1]");
    CHECK(describe_domain(cx::open("x", 0.0, 1.0)) == "in (0, 1)");
    CHECK(describe_domain(cx::integer_in("x", 0.0, 7.0)) == "a whole number in [0, 7]");
    // the boundaries themselves
    constexpr auto c = cx::closed("x", 0.0, 1.0);
    constexpr auto o = cx::open("x", 0.0, 1.0);
    STATIC_REQUIRE(c.contains(0.0));
    STATIC_REQUIRE(c.contains(1.0));
    STATIC_REQUIRE(!o.contains(0.0));
    STATIC_REQUIRE(!o.contains(1.0));
    STATIC_REQUIRE(o.contains(0.5));
    STATIC_REQUIRE(!cx::integer_in("x", 0.0, 7.0).contains(2.5));
    STATIC_REQUIRE(!c.contains(std::numeric_limits<double>::quiet_NaN()));
}

/// A user model whose derived parameter is 0/0 for tau = 0: NaN, caught for every model
/// whatever its domains.
struct Ratio {
    static constexpr std::string_view name = "Ratio";
    static constexpr auto params = cx::params("tau", "gain");
    static constexpr auto derived = cx::derived_params(cx::derive("k", "gain * tau / tau"));
    static constexpr auto vars = cx::vars("V");
    static constexpr cx::code sim_code = "V = k;\n";
};

TEST_CASE("param domains: a derived parameter that is NaN is an error; an infinite one may be meant", "[param_domains]") {
    auto net = [](double tau) { return cx::network(cx::population<"Q", Ratio>(2, "tau"_p = tau, "gain"_p = 2.0, "V"_v = 0.0)); };
    CHECK(error_of([&] { cx::simulate<cx::cpu>(net(0.0)); }).group() == "Q");
    CHECK(std::string(error_of([&] { cx::simulate<cx::cpu>(net(0.0)); }).what()) ==
          "Q.k: Ratio: derived parameter 'k' = gain * tau / tau is NaN for tau = 0, gain = 2, dt = 0.10000000000000001");
    auto sim = cx::simulate<cx::cpu>(net(3.0));
    sim.step();
    CHECK(sim.var<"Q", "V">()[0] == 2.0f);
    // Poisson at rate 0: isi = 1000 / (rate dt) is infinite, and the source never fires
    CHECK_NOTHROW(cx::simulate<cx::cpu>(
        cx::network(cx::population<"P", cx::neuron::Poisson>(2, "rate"_p = 0.0, "timeStepToSpike"_v = 0.0))));
}

TEST_CASE("param domains: set_param checks the domain and the model's rule, and a refusal changes nothing", "[param_domains]") {
    // reference: a run of 20 steps with C = 1
    auto ref = cx::simulate<cx::cpu>(lif_net(1.0, 20.0));
    ref.run(2.0);
    const float v_ref = ref.var<"Pop", "V">()[0];

    auto sim = cx::simulate<cx::cpu>(lif_net(1.0, 20.0));
    const auto e = error_of([&] { sim.set_param<"Pop", "C">(0.0); });
    CHECK(std::string(e.what()) == "Pop.C: LIF parameter 'C' must be > 0, got 0");
    CHECK(error_of([&] { sim.set_param<"Pop", "TauM">(-1.0); }).field() == "TauM");
    CHECK(error_of([&] { sim.set_param<"Pop", "Vrest">(std::numeric_limits<double>::infinity()); }).field() == "Vrest");
    CHECK(sim.engine().store<0>().m.params[0] == 1.0);  // C unchanged
    sim.run(2.0);
    CHECK(sim.var<"Pop", "V">()[0] == v_ref);  // the run is the reference run
    CHECK(v_ref != -65.0f);

    // the cross-parameter rule sees the new value with the others
    auto ramp = cx::simulate<cx::cpu>(ramp_net(1.0, 0.0, 10.0));
    CHECK(std::string(error_of([&] { ramp.set_param<"R", "lo">(10.0); }).what()) ==
          "R.lo: Ramp: 'lo' must be below hi (slope = 1, lo = 10, hi = 10, steps = 10)");
    CHECK(std::string(error_of([&] { ramp.set_param<"R", "steps">(1001.0); }).what()) ==
          "R.steps: Ramp parameter 'steps' must be a whole number in [1, 1000] (steps of the ramp), got 1001");
    CHECK(ramp.engine().store<0>().m.params[1] == 0.0);
    CHECK_NOTHROW(ramp.set_param<"R", "lo">(9.0));
    CHECK(ramp.engine().store<0>().m.params[1] == 9.0);
}

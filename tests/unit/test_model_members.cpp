// The whole-model check (models/check.hpp, models/members.hpp): every built-in model and
// snippet passes it in its family; the closest-member suggestions; the messages of
// members that would be ignored. The compile-time rejections themselves are proven by
// tests/compile_fail/model_member_fail.cpp.
#include <catch2/catch.hpp>
#include <cortexpr/cortexpr.hpp>

namespace cx = cortexpr;
using cx::family;

namespace {
template <class M, family F>
constexpr bool passes() { return cx::detail::model_check<M, F>::text().size == 0; }

struct Misspelt {
    static constexpr std::string_view name = "Misspelt";
    static constexpr auto vars = cx::vars("V");
    static constexpr cx::code simCode = "V += 1.0;";
};
struct Foreign {
    static constexpr std::string_view name = "Foreign";
    static constexpr cx::code reset_code = "value = 1.0;";
    static constexpr cx::code var_init_code = "value = 1.0;";
};
struct WithDomains {
    static constexpr std::string_view name = "WithDomains";
    static constexpr auto params = cx::params("amp");
    static constexpr auto param_domains = cx::domains(cx::positive("amp"));
    static constexpr cx::param_problem check_params(std::span<const double>) { return {}; }
    static constexpr cx::code injection_code = "injectCurrent(amp);";
};
}  // namespace

TEST_CASE("model check: every built-in model and snippet passes in its family", "[models][members]") {
    namespace n = cx::neuron;
    STATIC_REQUIRE((passes<n::LIF, family::neuron>() && passes<n::Izhikevich, family::neuron>() &&
                    passes<n::IzhikevichVariable, family::neuron>() && passes<n::Poisson, family::neuron>() &&
                    passes<n::RulkovMap, family::neuron>() && passes<n::SpikeSourceArray, family::neuron>() &&
                    passes<n::TraubMiles, family::neuron>()));
    namespace w = cx::weight_update;
    STATIC_REQUIRE((passes<w::StaticPulse, family::weight_update>() && passes<w::STDP, family::weight_update>() &&
                    passes<w::PiecewiseSTDP, family::weight_update>() && passes<w::StaticGraded, family::weight_update>() &&
                    passes<w::StaticPulseConstantWeight, family::weight_update>() &&
                    passes<w::StaticPulseDendriticDelay, family::weight_update>()));
    namespace p = cx::postsynaptic;
    STATIC_REQUIRE((passes<p::DeltaCurr, family::postsynaptic>() && passes<p::ExpCurr, family::postsynaptic>() &&
                    passes<p::ExpCond, family::postsynaptic>()));
    namespace c = cx::current_source;
    STATIC_REQUIRE((passes<c::DC, family::current_source>() && passes<c::GaussianNoise, family::current_source>() &&
                    passes<c::PoissonExp, family::current_source>()));
    namespace v = cx::init_var;
    STATIC_REQUIRE((passes<v::Constant, family::var_init>() && passes<v::Uniform, family::var_init>() &&
                    passes<v::Normal, family::var_init>() && passes<v::NormalClipped, family::var_init>() &&
                    passes<v::NormalClippedDelay, family::var_init>() && passes<v::Exponential, family::var_init>() &&
                    passes<v::Gamma, family::var_init>() && passes<v::Binomial, family::var_init>() &&
                    passes<v::Kernel, family::var_init>() && passes<v::Uninitialised, family::var_init>()));
    namespace s = cx::init_sparse;
    STATIC_REQUIRE((passes<s::OneToOne, family::sparse_init>() && passes<s::FixedProbability, family::sparse_init>() &&
                    passes<s::FixedProbabilityNoAutapse, family::sparse_init>() &&
                    passes<s::FixedNumberPostWithReplacement, family::sparse_init>() &&
                    passes<s::FixedNumberPreWithReplacement, family::sparse_init>() &&
                    passes<s::FixedNumberTotalWithReplacement, family::sparse_init>() &&
                    passes<s::Conv2D, family::sparse_init>()));
    STATIC_REQUIRE((passes<cx::init_toeplitz::Conv2D, family::toeplitz_init>() &&
                    passes<cx::init_toeplitz::AvgPoolConv2D, family::toeplitz_init>()));
    STATIC_REQUIRE(passes<cx::custom_update::Transpose, family::custom_update>());
    // param_domains and check_params are members of every family
    STATIC_REQUIRE(passes<WithDomains, family::current_source>());
}

TEST_CASE("model check: the closest member, by edit distance ignoring case and underscores", "[models][members]") {
    using cx::detail::closest_member;
    using cx::detail::edit_distance;
    STATIC_REQUIRE(edit_distance("simCode", "sim_code") == 0);
    STATIC_REQUIRE(edit_distance("kitten", "sitting") == 5);  // two changes (2 + 2), one added character
    STATIC_REQUIRE(edit_distance("code", "codes") == 1);
    STATIC_REQUIRE(edit_distance("codes", "code") == 2);
    STATIC_REQUIRE(closest_member(family::neuron, "threshold_code") == "threshold_condition_code");
    STATIC_REQUIRE(closest_member(family::neuron, "resetCode") == "reset_code");
    STATIC_REQUIRE(closest_member(family::weight_update, "synapseDynamics") == "synapse_dynamics_code");
    STATIC_REQUIRE(closest_member(family::weight_update, "pre_spike") == "pre_spike_code");
    // a hint wins when it is a member of the family, else the edit distance decides
    STATIC_REQUIRE(closest_member(family::neuron, "param_names", "params") == "params");
    STATIC_REQUIRE(closest_member(family::var_init, "sim_code", "pre_spike_syn_code") == "var_init_code");
}

TEST_CASE("model check: misspelt and foreign members are named with the closest valid one", "[models][members]") {
    constexpr auto misspelt = cx::detail::model_check<Misspelt, family::neuron>::text();
    CHECK(misspelt.view() == "neuron model 'Misspelt': unknown member 'simCode' (did you mean 'sim_code'?)");
    CHECK(misspelt.code);
    constexpr auto foreign = cx::detail::model_check<Foreign, family::var_init>::text();
    CHECK(foreign.view() ==
          "variable initialiser model 'Foreign': 'reset_code' is not a member of a variable initialiser model "
          "(did you mean 'var_init_code'?)");
}

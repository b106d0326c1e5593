// The compile-time side of the "same message" test (tests/cli/CMakeLists.txt):
//
//   cli_compile_time_reference OUT.json [--builtins]
//
// writes model types as JSON to OUT.json -- every built-in model, and (without
// --builtins) the broken models below -- and prints to stdout, one per line, the message
// `dsl::program<Unit>::message` of every invalid unit, built as cortexpr-check builds
// them (a neuron's sim/threshold/reset unit, each other code field alone, each derived
// parameter). compare_with_compile_time.cmake then runs cortexpr-check on OUT.json and
// requires its stderr to be exactly these lines, file name prefix aside.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <cortexpr/models/builtins.hpp>
#include <cortexpr/models/model.hpp>

#include "export_json.hpp"

namespace cx = cortexpr;
using cx::family;
using cx::field;

// ---- broken models, one per kind of unit ------------------------------------------------
namespace broken {
using cx::access;

struct LIFTypo {  // neuron unit, error in reset_code (an unknown name, as the example of docs/building.md)
    static constexpr std::string_view name = "LIFTypo";
    static constexpr auto params = cx::params("TauM", "Vrest", "Vreset", "Vthresh");
    static constexpr auto vars = cx::vars("V");
    static constexpr cx::code sim_code = "V += (Vrest - V) / TauM * dt;";
    static constexpr cx::code threshold_condition_code = "V >= Vthresh";
    static constexpr cx::code reset_code = "V = Vrst;";
};
struct IzhSyntax {  // neuron unit, multi-line sim_code, syntax error on line 3
    static constexpr std::string_view name = "IzhSyntax";
    static constexpr auto params = cx::params("a", "b", "c", "d");
    static constexpr auto vars = cx::vars("V", "U");
    static constexpr cx::code sim_code =
        "if (V >= 30.0) {\n"
        "    V = c;\n"
        "    U += d\n"
        "}\n"
        "V += 0.5 * (0.04 * V * V + 5.0 * V + 140.0 - U + Isyn) * dt;\n";
    static constexpr cx::code threshold_condition_code = "V >= 29.99";
};
struct SharedLocals {  // valid: threshold and reset see sim_code's locals; no threshold
    static constexpr std::string_view name = "SharedLocals";
    static constexpr auto vars = cx::vars("V", cx::var("n", "unsigned int"));
    static constexpr cx::code sim_code = "scalar drive = Isyn * 2.0;\nV += drive * dt;";
    static constexpr cx::code reset_code = "V -= drive;\nn++;";
};
struct ThresholdLocal {  // threshold sees sim's local; reset must not write a param
    static constexpr std::string_view name = "ThresholdLocal";
    static constexpr auto params = cx::params("Vthresh");
    static constexpr auto vars = cx::vars("V");
    static constexpr cx::code sim_code = "const scalar margin = 1.0;\nV += Isyn * dt;";
    static constexpr cx::code threshold_condition_code = "V >= Vthresh - margin";
    static constexpr cx::code reset_code = "Vthresh = V;";
};
struct ThresholdWrites {  // the threshold condition is checked against its own, read-only context
    static constexpr std::string_view name = "ThresholdWrites";
    static constexpr auto vars = cx::vars("V");
    static constexpr cx::code sim_code = "V += Isyn * dt;";
    static constexpr cx::code threshold_condition_code = "(V = 0.0) < 1.0";
};
struct ResetOnly {  // valid: no sim or threshold code, the reset alone may write state
    static constexpr std::string_view name = "ResetOnly";
    static constexpr auto vars = cx::vars(cx::var("n", "unsigned int"));
    static constexpr cx::code reset_code = "n++;";
};
struct DerivedOrder {  // derived params see only the ones before them, and dt
    static constexpr std::string_view name = "DerivedOrder";
    static constexpr auto params = cx::params("rate", "tau");
    static constexpr auto derived = cx::derived_params(
        cx::derive("isi", "1000.0 / (rate * dtt)"),
        cx::derive("decay", "exp(-dt / tau) * later"),
        cx::derive("later", "decay * 2.0"),
        cx::derive("ok", "isi + decay"));
    static constexpr auto vars = cx::vars("V");
    static constexpr cx::code sim_code = "V *= decay;";
    static constexpr cx::code threshold_condition_code = "V > isi";
};
struct ReadOnlyWeight {  // weight update: each code field is its own unit
    static constexpr std::string_view name = "ReadOnlyWeight";
    static constexpr auto params = cx::params("tauPlus", "Epre");
    static constexpr auto vars = cx::vars(cx::var("g", "scalar", access::read_only));
    static constexpr auto pre_vars = cx::vars("preTrace");
    static constexpr auto pre_neuron_var_refs = cx::var_refs(cx::var_ref("V"));
    static constexpr cx::code pre_spike_syn_code = "addToPost(g);";
    static constexpr cx::code post_spike_syn_code = "g += exp(-(t - st_pre) / tauPlus);";
    static constexpr cx::code pre_event_threshold_condition_code = "V > Epre && st_post > 0";
    static constexpr cx::code pre_spike_code = "preTrace += 1.0;\nV = 0;";
};
struct ModuloCurr {  // postsynaptic: integer-only operator on a floating value
    static constexpr std::string_view name = "ModuloCurr";
    static constexpr cx::code sim_code = "injectCurrent(inSyn % 2);\ninSyn = 0;";
};
struct WrongContextDC {  // current source calling a synaptic function
    static constexpr std::string_view name = "WrongContextDC";
    static constexpr auto params = cx::params("amp");
    static constexpr cx::code injection_code = "addToPost(amp);";
};
struct NormalArgs {  // var init: wrong argument count
    static constexpr std::string_view name = "NormalArgs";
    static constexpr auto params = cx::params("mean", "sd");
    static constexpr cx::code var_init_code = "value = mean + gennrand_normal(sd);";
};
struct RowBreak {  // sparse init: break outside a loop; col code valid
    static constexpr std::string_view name = "RowBreak";
    static constexpr cx::code row_build_code = "if (id_pre < num_post) addSynapse(id_pre);\nbreak;";
    static constexpr cx::code col_build_code = "addSynapse(id_post % num_pre);";
};
struct NoDiagonalLoop {  // sparse init: for_each_synapse belongs to toeplitz code
    static constexpr std::string_view name = "NoDiagonalLoop";
    static constexpr cx::code row_build_code = "for_each_synapse { addSynapse(id_pre); }";
};
struct ToeplitzRedeclare {  // toeplitz: redeclaration in one scope
    static constexpr std::string_view name = "ToeplitzRedeclare";
    static constexpr auto params = cx::params(cx::param("oc", "int"));
    static constexpr cx::code diagonal_build_code =
        "const int k = id_diag / oc;\nfor_each_synapse {\n    int j = id_pre;\n    int j = k;\n    addSynapse(j);\n}";
};
struct ReadOnlyRef {  // custom update: a read-only variable reference
    static constexpr std::string_view name = "ReadOnlyRef";
    static constexpr auto vars = cx::vars("sum");
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("source", "scalar", access::read_only),
                                                  cx::var_ref("target", "scalar", access::read_write));
    static constexpr cx::code update_code = "sum += source;\ntarget = sum;\nsource = 0;";
};
}  // namespace broken

// ---- the units cortexpr-check builds, at compile time --------------------------------------
template <class Unit>
void report(std::vector<std::string>& out) {
    using P = cx::dsl::program<Unit>;
    if (P::err) out.emplace_back(P::message.view());
}

template <class M, family Fam, std::size_t... K>
void code_units(std::vector<std::string>& out, std::index_sequence<K...>) {
    static constexpr cx::model_info info = cx::info_of<M, Fam>();
    auto one = [&]<field F>() {
        if constexpr (!info.code[std::size_t(F)].empty()) report<cx::model_unit<M, Fam, F>>(out);
    };
    (one.template operator()<cx::fields_of(Fam)[K]>(), ...);
}

template <class M, std::size_t... I>
void derived_units(std::vector<std::string>& out, std::index_sequence<I...>) {
    (report<cx::derived_unit<M, I>>(out), ...);
}

/// A neuron's unit: the fields it has, in the order sim, threshold, reset.
struct neuron_fields { field f[3]{}; std::size_t n = 0; };
constexpr neuron_fields present_neuron_fields(const cx::model_info& info) {
    neuron_fields r;
    for (field f : {field::sim_code, field::threshold_condition_code, field::reset_code})
        if (!info.code[std::size_t(f)].empty()) r.f[r.n++] = f;
    return r;
}
template <class M, std::size_t... I>
void neuron_unit(std::vector<std::string>& out, std::index_sequence<I...>) {
    static constexpr neuron_fields present = present_neuron_fields(cx::info_of<M, family::neuron>());
    report<cx::model_unit<M, family::neuron, present.f[I]...>>(out);
}

template <class M, family Fam>
void add(nlohmann::json& models, std::vector<std::string>& messages) {
    static constexpr cx::model_info info = cx::info_of<M, Fam>();
    models.push_back(cx::testing::model_json<M, Fam>());
    if constexpr (Fam == family::neuron) {
        static constexpr neuron_fields present = present_neuron_fields(info);
        if constexpr (present.n > 0) neuron_unit<M>(messages, std::make_index_sequence<present.n>{});
    } else {
        code_units<M, Fam>(messages, std::make_index_sequence<cx::fields_of(Fam).size()>{});
    }
    derived_units<M>(messages, std::make_index_sequence<info.derived.size()>{});
}

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: cli_compile_time_reference OUT.json [--builtins]\n";
        return 2;
    }
    const bool builtins_only = argc > 2 && std::string_view(argv[2]) == "--builtins";
    nlohmann::json models = nlohmann::json::array();
    std::vector<std::string> messages;
    {
        using namespace cx::neuron;
        add<LIF, family::neuron>(models, messages);
        add<Izhikevich, family::neuron>(models, messages);
        add<IzhikevichVariable, family::neuron>(models, messages);
        add<Poisson, family::neuron>(models, messages);
        add<SpikeSourceArray, family::neuron>(models, messages);
        add<TraubMiles, family::neuron>(models, messages);
        add<RulkovMap, family::neuron>(models, messages);
    }
    {
        using namespace cx::current_source;
        add<DC, family::current_source>(models, messages);
        add<GaussianNoise, family::current_source>(models, messages);
        add<PoissonExp, family::current_source>(models, messages);
    }
    {
        using namespace cx::postsynaptic;
        add<DeltaCurr, family::postsynaptic>(models, messages);
        add<ExpCurr, family::postsynaptic>(models, messages);
        add<ExpCond, family::postsynaptic>(models, messages);
    }
    {
        using namespace cx::weight_update;
        add<StaticPulse, family::weight_update>(models, messages);
        add<StaticPulseConstantWeight, family::weight_update>(models, messages);
        add<StaticPulseDendriticDelay, family::weight_update>(models, messages);
        add<StaticGraded, family::weight_update>(models, messages);
        add<STDP, family::weight_update>(models, messages);
        add<PiecewiseSTDP, family::weight_update>(models, messages);
    }
    add<cx::custom_update::Transpose, family::custom_update>(models, messages);
    {
        using namespace cx::init_var;
        add<Constant, family::var_init>(models, messages);
        add<Uniform, family::var_init>(models, messages);
        add<Normal, family::var_init>(models, messages);
        add<NormalClipped, family::var_init>(models, messages);
        add<NormalClippedDelay, family::var_init>(models, messages);
        add<Exponential, family::var_init>(models, messages);
        add<Gamma, family::var_init>(models, messages);
        add<Binomial, family::var_init>(models, messages);
        add<Kernel, family::var_init>(models, messages);
        add<Uninitialised, family::var_init>(models, messages);
        add<Values, family::var_init>(models, messages);
    }
    {
        using namespace cx::init_sparse;
        add<OneToOne, family::sparse_init>(models, messages);
        add<FixedProbability, family::sparse_init>(models, messages);
        add<FixedProbabilityNoAutapse, family::sparse_init>(models, messages);
        add<FixedNumberPostWithReplacement, family::sparse_init>(models, messages);
        add<FixedNumberTotalWithReplacement, family::sparse_init>(models, messages);
        add<FixedNumberPreWithReplacement, family::sparse_init>(models, messages);
        add<Conv2D, family::sparse_init>(models, messages);
    }
    add<cx::init_toeplitz::Conv2D, family::toeplitz_init>(models, messages);
    add<cx::init_toeplitz::AvgPoolConv2D, family::toeplitz_init>(models, messages);
    if (!messages.empty()) {
        std::cerr << "a built-in model is invalid:\n";
        for (const auto& m : messages) std::cerr << m << '\n';
        return 1;
    }
    if (!builtins_only) {
        using namespace broken;
        add<LIFTypo, family::neuron>(models, messages);
        add<IzhSyntax, family::neuron>(models, messages);
        add<SharedLocals, family::neuron>(models, messages);
        add<ThresholdLocal, family::neuron>(models, messages);
        add<ThresholdWrites, family::neuron>(models, messages);
        add<ResetOnly, family::neuron>(models, messages);
        add<DerivedOrder, family::neuron>(models, messages);
        add<ReadOnlyWeight, family::weight_update>(models, messages);
        add<ModuloCurr, family::postsynaptic>(models, messages);
        add<WrongContextDC, family::current_source>(models, messages);
        add<NormalArgs, family::var_init>(models, messages);
        add<RowBreak, family::sparse_init>(models, messages);
        add<NoDiagonalLoop, family::sparse_init>(models, messages);
        add<ToeplitzRedeclare, family::toeplitz_init>(models, messages);
        add<ReadOnlyRef, family::custom_update>(models, messages);
    }
    std::ofstream(argv[1]) << models.dump(2) << '\n';
    for (const auto& m : messages) std::cout << m << '\n';
    return 0;
}

// cortexpr._core: the parts of cortexpr that Python needs before any network is compiled.
//
//   check(desc)      runs the code-string checker of include/cortexpr/dsl/ on a model
//                    described by Python values (the same compile() and format_error() as
//                    the compile-time path and cortexpr-check), returning the messages
//   builtins()       every built-in model and snippet, read from the C++ types with
//                    info_of<M, Fam>() so that Python's view of them cannot drift
//   version()        the headers' version
//
// Built once at `pip install`; generated networks are separate shared libraries.
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <cortexpr/base/version.hpp>
#include <cortexpr/models/builtins.hpp>
#include <cortexpr/models/model.hpp>

#include "../../tools/cortexpr-check/check_model.hpp"

namespace nb = nanobind;
namespace cx = cortexpr;

namespace {

/// A model_info whose strings live here (string_views into a deque never move).
struct owned_model {
    std::deque<std::string> text;
    std::vector<cx::param_info> params;
    std::vector<cx::derived_info> derived;
    std::vector<bool> derived_has_expression;
    std::vector<cx::var_info> lists[9];  // vars, pre, post, nvr, pre nvr, post nvr, add. inputs, var refs
    std::vector<cx::egp_info> egps, egp_refs;
    cx::model_info info;
    std::vector<std::string> problems;

    std::string_view keep(std::string s) { return text.emplace_back(std::move(s)); }
};

constexpr const char* list_keys[] = {"vars", "pre_vars", "post_vars", "neuron_var_refs", "pre_neuron_var_refs",
                                     "post_neuron_var_refs", "additional_input_vars", "var_refs"};

cx::dsl::type_t type_of(owned_model& m, const std::string& spelled, const std::string& what, const std::string& who) {
    cx::dsl::type_t t = cx::dsl::parse_type_name(spelled);
    if (t.is_void()) m.problems.push_back("unknown type '" + spelled + "' of " + what + " '" + who + "'");
    return t;
}

std::optional<cx::access> parse_access(std::string s) {
    if (auto dot = s.rfind('.'); dot != std::string::npos) s.erase(0, dot + 1);
    for (char& c : s) c = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    if (s == "read_write") return cx::access::read_write;
    if (s == "read_only") return cx::access::read_only;
    if (s == "read_only_duplicate") return cx::access::read_only_duplicate;
    if (s == "read_only_shared_neuron") return cx::access::read_only_shared_neuron;
    if (s == "reduce_batch_sum") return cx::access::reduce_batch_sum;
    if (s == "reduce_batch_max") return cx::access::reduce_batch_max;
    if (s == "reduce_neuron_sum") return cx::access::reduce_neuron_sum;
    if (s == "reduce_neuron_max") return cx::access::reduce_neuron_max;
    if (s == "reduce_sum") return cx::access::reduce_sum;
    if (s == "reduce_max") return cx::access::reduce_max;
    return std::nullopt;
}

/// desc: {"name": str, "family": str, "params": [(name, type)], "derived_params": [(name, expr)],
/// "extra_global_params": [(name, type)], "extra_global_param_refs": [(name, type)], "vars"/...: [(name, type, access[, init])],
/// "<code field>": str}. Python has already normalised GeNN's spellings into this form.
std::vector<std::string> check(nb::dict desc) {
    owned_model m;
    m.info.name = m.keep(nb::cast<std::string>(desc["name"]));
    const std::string fam = nb::cast<std::string>(desc["family"]);
    bool found = false;
    for (std::size_t i = 0; i < std::size(cx::family_names); ++i)
        if (cx::family_names[i] == fam) { m.info.fam = cx::family(i); found = true; }
    if (!found) return {std::string(m.info.name) + ": unknown family '" + fam + "'"};

    auto items = [&](const char* key) { return desc.contains(key) ? nb::cast<nb::list>(desc[key]) : nb::list(); };
    for (nb::handle e : items("params")) {
        auto t = nb::cast<nb::tuple>(e);
        const std::string n = nb::cast<std::string>(t[0]);
        m.params.push_back({m.keep(n), type_of(m, nb::cast<std::string>(t[1]), "param", n)});
    }
    for (nb::handle e : items("derived_params")) {
        auto t = nb::cast<nb::tuple>(e);
        const std::string n = nb::cast<std::string>(t[0]);
        const bool has = !t[1].is_none();
        m.derived.push_back({m.keep(n), has ? m.keep(nb::cast<std::string>(t[1])) : std::string_view{}, cx::dsl::t_scalar});
        m.derived_has_expression.push_back(has);
    }
    for (nb::handle e : items("extra_global_params")) {
        auto t = nb::cast<nb::tuple>(e);
        const std::string n = nb::cast<std::string>(t[0]);
        m.egps.push_back({m.keep(n), type_of(m, nb::cast<std::string>(t[1]), "extra global param", n)});
    }
    for (nb::handle e : items("extra_global_param_refs")) {
        auto t = nb::cast<nb::tuple>(e);
        const std::string n = nb::cast<std::string>(t[0]);
        m.egp_refs.push_back({m.keep(n), type_of(m, nb::cast<std::string>(t[1]), "extra global param ref", n)});
    }
    for (std::size_t k = 0; k < std::size(list_keys); ++k)
        for (nb::handle e : items(list_keys[k])) {
            auto t = nb::cast<nb::tuple>(e);
            const std::string n = nb::cast<std::string>(t[0]);
            cx::var_info v{m.keep(n), type_of(m, nb::cast<std::string>(t[1]), "var", n)};
            const std::string a = nb::cast<std::string>(t[2]);
            if (auto acc = parse_access(a)) v.mode = *acc;
            else m.problems.push_back("unknown access '" + a + "' of var '" + n + "'");
            if (t.size() > 3) v.init = nb::cast<double>(t[3]);
            m.lists[k].push_back(v);
        }
    for (std::size_t f = 0; f < std::size_t(cx::field::derived); ++f) {
        const char* key = cx::field_names[f].data();
        if (desc.contains(key) && !desc[key].is_none())
            m.info.code[f] = m.keep(nb::cast<std::string>(desc[key]));
    }
    if (!m.problems.empty()) {
        std::vector<std::string> out;
        for (auto& p : m.problems) out.push_back(std::string(m.info.name) + ": " + p);
        return out;
    }
    m.info.params = m.params;
    m.info.derived = m.derived;
    m.info.egps = m.egps;
    m.info.egp_refs = m.egp_refs;
    m.info.vars = m.lists[0];
    m.info.pre_vars = m.lists[1];
    m.info.post_vars = m.lists[2];
    m.info.neuron_var_refs = m.lists[3];
    m.info.pre_neuron_var_refs = m.lists[4];
    m.info.post_neuron_var_refs = m.lists[5];
    m.info.additional_inputs = m.lists[6];
    m.info.var_refs = m.lists[7];
    return cx::check::check_model(m.info, m.derived_has_expression).errors;
}

std::string type_text(cx::dsl::type_t t) {
    return std::string(cx::dsl::type_name(t.base)) + (t.pointer ? "*" : "");
}

// cx::access in order (model_info.hpp); reductions are custom updates' only
constexpr const char* access_names[] = {"READ_WRITE", "READ_ONLY", "READ_ONLY_DUPLICATE", "READ_ONLY_SHARED_NEURON",
                                        "REDUCE_BATCH_SUM", "REDUCE_BATCH_MAX", "REDUCE_NEURON_SUM",
                                        "REDUCE_NEURON_MAX", "REDUCE_SUM", "REDUCE_MAX"};
static_assert(std::size(access_names) == std::size_t(cx::access::reduce_max) + 1);

nb::list var_list(std::span<const cx::var_info> vs) {
    nb::list l;
    for (const auto& v : vs)
        l.append(nb::make_tuple(std::string(v.name), type_text(v.type), access_names[std::size_t(v.mode)], v.init));
    return l;
}

/// One built-in: what Python needs to validate names and to write the C++ type's name.
template <class M, cx::family Fam>
void describe(nb::dict& out, const char* cpp) {
    constexpr cx::model_info i = cx::info_of<M, Fam>();
    nb::dict d;
    d["name"] = std::string(i.name);
    d["family"] = std::string(cx::name_of(Fam));
    d["cpp"] = std::string(cpp);
    nb::list ps, ds, es, ers;
    for (const auto& p : i.params) ps.append(nb::make_tuple(std::string(p.name), type_text(p.type)));
    for (const auto& p : i.derived) ds.append(nb::make_tuple(std::string(p.name), std::string(p.expression)));
    for (const auto& e : i.egps) es.append(nb::make_tuple(std::string(e.name), type_text(e.type)));
    for (const auto& e : i.egp_refs) ers.append(nb::make_tuple(std::string(e.name), type_text(e.type)));
    d["params"] = ps;
    d["derived_params"] = ds;
    d["extra_global_params"] = es;
    d["extra_global_param_refs"] = ers;
    d["vars"] = var_list(i.vars);
    d["pre_vars"] = var_list(i.pre_vars);
    d["post_vars"] = var_list(i.post_vars);
    d["neuron_var_refs"] = var_list(i.neuron_var_refs);
    d["pre_neuron_var_refs"] = var_list(i.pre_neuron_var_refs);
    d["post_neuron_var_refs"] = var_list(i.post_neuron_var_refs);
    d["additional_input_vars"] = var_list(i.additional_inputs);
    d["var_refs"] = var_list(i.var_refs);
    for (std::size_t f = 0; f < std::size_t(cx::field::derived); ++f)
        if (!i.code[f].empty()) d[cx::field_names[f].data()] = std::string(i.code[f]);
    out[nb::str((std::string(cx::name_of(Fam)) + ":" + std::string(i.name)).c_str())] = d;
}

nb::dict builtins() {
    using F = cx::family;
    nb::dict d;
#define CXP_BUILTIN(ns, type, fam) describe<cx::ns::type, F::fam>(d, "cortexpr::" #ns "::" #type);
    CXP_BUILTIN(neuron, Izhikevich, neuron) CXP_BUILTIN(neuron, IzhikevichVariable, neuron)
    CXP_BUILTIN(neuron, LIF, neuron) CXP_BUILTIN(neuron, Poisson, neuron) CXP_BUILTIN(neuron, RulkovMap, neuron)
    CXP_BUILTIN(neuron, SpikeSourceArray, neuron) CXP_BUILTIN(neuron, TraubMiles, neuron)
    CXP_BUILTIN(current_source, DC, current_source) CXP_BUILTIN(current_source, GaussianNoise, current_source)
    CXP_BUILTIN(current_source, PoissonExp, current_source)
    CXP_BUILTIN(postsynaptic, DeltaCurr, postsynaptic) CXP_BUILTIN(postsynaptic, ExpCond, postsynaptic)
    CXP_BUILTIN(postsynaptic, ExpCurr, postsynaptic)
    CXP_BUILTIN(weight_update, PiecewiseSTDP, weight_update) CXP_BUILTIN(weight_update, StaticGraded, weight_update)
    CXP_BUILTIN(weight_update, StaticPulse, weight_update)
    CXP_BUILTIN(weight_update, StaticPulseConstantWeight, weight_update)
    CXP_BUILTIN(weight_update, StaticPulseDendriticDelay, weight_update) CXP_BUILTIN(weight_update, STDP, weight_update)
    CXP_BUILTIN(custom_update, Transpose, custom_update)
    CXP_BUILTIN(init_var, Binomial, var_init) CXP_BUILTIN(init_var, Constant, var_init)
    CXP_BUILTIN(init_var, Exponential, var_init) CXP_BUILTIN(init_var, Gamma, var_init)
    CXP_BUILTIN(init_var, Kernel, var_init) CXP_BUILTIN(init_var, Normal, var_init)
    CXP_BUILTIN(init_var, NormalClipped, var_init) CXP_BUILTIN(init_var, NormalClippedDelay, var_init)
    CXP_BUILTIN(init_var, Uniform, var_init) CXP_BUILTIN(init_var, Uninitialised, var_init)
    CXP_BUILTIN(init_sparse, Conv2D, sparse_init) CXP_BUILTIN(init_sparse, FixedNumberPostWithReplacement, sparse_init)
    CXP_BUILTIN(init_sparse, FixedNumberPreWithReplacement, sparse_init)
    CXP_BUILTIN(init_sparse, FixedNumberTotalWithReplacement, sparse_init)
    CXP_BUILTIN(init_sparse, FixedProbability, sparse_init)
    CXP_BUILTIN(init_sparse, FixedProbabilityNoAutapse, sparse_init) CXP_BUILTIN(init_sparse, OneToOne, sparse_init)
    CXP_BUILTIN(init_toeplitz, AvgPoolConv2D, toeplitz_init) CXP_BUILTIN(init_toeplitz, Conv2D, toeplitz_init)
#undef CXP_BUILTIN
    return d;
}

}  // namespace

NB_MODULE(_core, m) {
    m.doc() = "cortexpr's prebuilt core: the model-code checker and the built-in models' descriptions";
    m.def("check", &check, nb::arg("desc"),
          "Checks a model's code strings; returns the checker's messages (empty when valid).");
    m.def("builtins", &builtins, "Every built-in model and snippet, keyed 'family:Name'.");
    m.def("version", [] { return std::to_string(CORTEXPR_VERSION_MAJOR) + "." + std::to_string(CORTEXPR_VERSION_MINOR) + "." + std::to_string(CORTEXPR_VERSION_PATCH); });
}

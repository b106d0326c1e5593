// Test support for cortexpr-check: writes a model type's description (info_of<M, Fam>)
// as the JSON cortexpr-check reads, so that a test can feed the CLI exactly the model
// the compile-time path sees. Multi-line code becomes a list of lines (joined back with
// '\n' by the reader, so every line:col stays the same).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include <cortexpr/models/model.hpp>

namespace cortexpr::testing {

inline std::string type_spelling(dsl::type_t t) {
    std::string s(dsl::type_name(t.base));
    if (t.pointer) s += '*';
    return s;
}

inline std::string_view access_spelling(access a) {
    switch (a) {
        case access::read_write: return "read_write";
        case access::read_only: return "read_only";
        case access::read_only_duplicate: return "read_only_duplicate";
        case access::read_only_shared_neuron: return "read_only_shared_neuron";
        case access::reduce_batch_sum: return "reduce_batch_sum";
        case access::reduce_batch_max: return "reduce_batch_max";
        case access::reduce_neuron_sum: return "reduce_neuron_sum";
        case access::reduce_neuron_max: return "reduce_neuron_max";
        case access::reduce_sum: return "reduce_sum";
        case access::reduce_max: return "reduce_max";
    }
    return "?";
}

inline nlohmann::json code_json(std::string_view code) {
    if (code.find('\n') == std::string_view::npos) return std::string(code);
    nlohmann::json lines = nlohmann::json::array();
    for (std::size_t start = 0;;) {
        std::size_t nl = code.find('\n', start);
        lines.push_back(std::string(code.substr(start, nl == std::string_view::npos ? nl : nl - start)));
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    return lines;
}

inline nlohmann::json model_json(const model_info& m) {
    using nlohmann::json;
    json j = json::object();
    j["name"] = std::string(m.name);
    j["family"] = std::string(name_of(m.fam));
    auto vars = [&](const char* key, std::span<const var_info> vs, bool with_init = false) {
        if (vs.empty()) return;
        json a = json::array();
        for (const var_info& v : vs) {
            json e = {{"name", std::string(v.name)}, {"type", type_spelling(v.type)}};
            if (with_init) e["init"] = v.init;
            else e["access"] = std::string(access_spelling(v.mode));
            a.push_back(e);
        }
        j[key] = a;
    };
    if (!m.params.empty()) {
        json a = json::array();
        for (const param_info& p : m.params) a.push_back({{"name", std::string(p.name)}, {"type", type_spelling(p.type)}});
        j["params"] = a;
    }
    if (!m.derived.empty()) {
        json a = json::array();
        for (const derived_info& d : m.derived)
            a.push_back({{"name", std::string(d.name)}, {"expression", std::string(d.expression)},
                         {"type", type_spelling(d.type)}});
        j["derived_params"] = a;
    }
    if (!m.egps.empty()) {
        json a = json::array();
        for (const egp_info& e : m.egps) a.push_back({{"name", std::string(e.name)}, {"type", type_spelling(e.type)}});
        j["extra_global_params"] = a;
    }
    if (!m.domains.empty()) {
        json d = json::object();
        for (const param_domain& x : m.domains) d[std::string(x.name)] = cortexpr::detail::describe_domain(x);
        j["param_domains"] = d;
    }
    vars("vars", m.vars);
    vars("pre_vars", m.pre_vars);
    vars("post_vars", m.post_vars);
    vars("neuron_var_refs", m.neuron_var_refs);
    const bool ccu = m.fam == family::custom_connectivity_update;  // GeNN's names there
    vars(ccu ? "pre_var_refs" : "pre_neuron_var_refs", m.pre_neuron_var_refs);
    vars(ccu ? "post_var_refs" : "post_neuron_var_refs", m.post_neuron_var_refs);
    vars("psm_var_refs", m.psm_var_refs);
    vars("additional_input_vars", m.additional_inputs, true);
    vars("var_refs", m.var_refs);
    if (!m.egp_refs.empty()) {
        nlohmann::json r = nlohmann::json::array();
        for (const egp_info& e : m.egp_refs) r.push_back({{"name", std::string(e.name)}, {"type", type_spelling(e.type)}});
        j["extra_global_param_refs"] = r;
    }
    for (field f : fields_of(m.fam))
        if (!m.code[std::size_t(f)].empty()) j[std::string(name_of(f))] = code_json(m.code[std::size_t(f)]);
    return j;
}

template <class M, family Fam>
nlohmann::json model_json() {
    static constexpr model_info info = info_of<M, Fam>();
    return model_json(info);
}

}  // namespace cortexpr::testing

// cortexpr-check: a model description in JSON -> a cortexpr::model_info that owns its
// strings. The JSON mirrors the C++ model structs (include/cortexpr/models/model_info.hpp)
// and GeNN 5's model-definition fields:
//
//   {"family": "neuron", "name": "LIF",
//    "params": ["C", {"name": "n", "type": "unsigned int"}],
//    "derived_params": [{"name": "ExpTC", "expression": "exp(-dt / TauM)"}, "Declared"],
//    "vars": ["V", {"name": "RefracTime", "type": "scalar", "access": "read_write"}],
//    "extra_global_params": [{"name": "spikeTimes", "type": "scalar*"}],
//    "param_domains": {"C": "> 0", "TauRefrac": ">= 0", "prob": "[0, 1]", "n": "integer [1, 64]"},
//    "sim_code": "...", "threshold_condition_code": "...", "reset_code": "..."}
//
// param_domains (a model's `param_domains`, models/param_domains.hpp) maps a parameter to
// its domain: "> a", ">= a", "< b", "<= b", or an interval "[a, b]", "(a, b)", "[a, b)",
// "(a, b]", each optionally preceded by "integer" (whole numbers only); the run-time
// errors' wording ("in [0, 1]", "a whole number in [1, 64]") reads too. A name that is
// not a param is a problem, as in C++ (where it is a compile error).
//
// A code field is a string or a list of lines (joined with '\n', so that multi-line code
// reads well in JSON). Problems with the description itself (not with its code) are
// collected as `problem`s; the caller reports them and exits with status 2.
#pragma once
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <cortexpr/models/families.hpp>

namespace cortexpr::check {

using json = nlohmann::ordered_json;  // keeps the file's key order, so problems are reported in it

/// One model read from JSON. Every string_view in `info()` points into `text_`, a deque,
/// whose elements never move; the object itself is neither copied nor moved.
class json_model {
public:
    json_model() = default;
    json_model(const json_model&) = delete;
    json_model& operator=(const json_model&) = delete;

    std::string name = "model";  // as detail::model_name: "model" when the JSON has none
    family fam = family::neuron;
    std::vector<param_info> params;
    std::vector<derived_info> derived;
    std::vector<bool> derived_has_expression;  // a plain name is only declared
    std::vector<var_info> vars, pre_vars, post_vars, neuron_var_refs, pre_neuron_var_refs,
        post_neuron_var_refs, psm_var_refs, additional_inputs, var_refs;
    std::vector<egp_info> egps, egp_refs;
    std::vector<param_domain> domains;
    std::string_view code[std::size_t(field::count_)]{};
    std::vector<std::string> problems;  // "unknown type 'scalr' of var 'V'"

    std::string_view keep(std::string s) { return text_.emplace_back(std::move(s)); }

    model_info info() const {
        model_info m;
        m.name = name;
        m.fam = fam;
        m.params = params;
        m.derived = derived;
        m.vars = vars;
        m.egps = egps;
        m.pre_vars = pre_vars;
        m.post_vars = post_vars;
        m.neuron_var_refs = neuron_var_refs;
        m.pre_neuron_var_refs = pre_neuron_var_refs;
        m.post_neuron_var_refs = post_neuron_var_refs;
        m.psm_var_refs = psm_var_refs;
        m.additional_inputs = additional_inputs;
        m.var_refs = var_refs;
        m.egp_refs = egp_refs;
        m.domains = domains;
        for (std::size_t f = 0; f < std::size_t(field::count_); ++f) m.code[f] = code[f];
        return m;
    }

private:
    std::deque<std::string> text_;
};

namespace detail {

/// The declaration lists, and the families that have them (as in GeNN 5).
enum class list_kind { params, derived, vars, egps, pre_vars, post_vars, neuron_var_refs,
                       pre_neuron_var_refs, post_neuron_var_refs, psm_var_refs, additional_inputs, var_refs, egp_refs };
constexpr unsigned bit(family f) { return 1u << unsigned(f); }
inline constexpr unsigned all_families = ~0u;
struct list_desc { std::string_view key; list_kind kind; unsigned families; };
inline constexpr list_desc lists[] = {
    {"params", list_kind::params, all_families},
    {"derived_params", list_kind::derived, all_families},
    {"extra_global_params", list_kind::egps, all_families},
    {"vars", list_kind::vars, bit(family::neuron) | bit(family::postsynaptic) | bit(family::weight_update) |
                              bit(family::current_source) | bit(family::custom_update) | bit(family::custom_connectivity_update)},
    {"pre_vars", list_kind::pre_vars, bit(family::weight_update) | bit(family::custom_connectivity_update)},
    {"post_vars", list_kind::post_vars, bit(family::weight_update) | bit(family::custom_connectivity_update)},
    {"neuron_var_refs", list_kind::neuron_var_refs, bit(family::postsynaptic) | bit(family::current_source)},
    {"pre_neuron_var_refs", list_kind::pre_neuron_var_refs, bit(family::weight_update)},
    {"post_neuron_var_refs", list_kind::post_neuron_var_refs, bit(family::weight_update)},
    {"psm_var_refs", list_kind::psm_var_refs, bit(family::weight_update)},
    {"additional_input_vars", list_kind::additional_inputs, bit(family::neuron)},
    {"var_refs", list_kind::var_refs, bit(family::custom_update) | bit(family::custom_connectivity_update)},
    // a custom connectivity update's neuron references (GeNN's names)
    {"pre_var_refs", list_kind::pre_neuron_var_refs, bit(family::custom_connectivity_update)},
    {"post_var_refs", list_kind::post_neuron_var_refs, bit(family::custom_connectivity_update)},
    {"extra_global_param_refs", list_kind::egp_refs, bit(family::custom_update)},
};

inline std::string family_list() {
    std::string s;
    for (std::string_view f : family_names) { if (!s.empty()) s += ", "; s += f; }
    return s;
}

inline std::optional<family> parse_family(std::string_view s) {
    for (std::size_t i = 0; i < std::size(family_names); ++i)
        if (family_names[i] == s) return family(i);
    return std::nullopt;
}

/// "read_write" ... and GeNN's spellings "READ_WRITE" ... (also "VarAccess.READ_ONLY").
inline std::optional<access> parse_access(std::string_view s) {
    if (auto dot = s.rfind('.'); dot != std::string_view::npos) s.remove_prefix(dot + 1);
    std::string low(s);
    for (char& c : low) c = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    if (low == "read_write") return access::read_write;
    if (low == "read_only") return access::read_only;
    if (low == "read_only_duplicate") return access::read_only_duplicate;
    if (low == "read_only_shared_neuron") return access::read_only_shared_neuron;
    if (low == "read_only_shared") return access::read_only;  // GeNN's name for one value shared by batches
    if (low == "reduce_batch_sum") return access::reduce_batch_sum;
    if (low == "reduce_batch_max") return access::reduce_batch_max;
    if (low == "reduce_neuron_sum") return access::reduce_neuron_sum;
    if (low == "reduce_neuron_max") return access::reduce_neuron_max;
    if (low == "reduce_sum") return access::reduce_sum;
    if (low == "reduce_max") return access::reduce_max;
    return std::nullopt;
}

/// JSON type names for messages.
inline std::string kind_of(const json& j) { return j.type_name(); }

class reader {
public:
    explicit reader(json_model& m) : m_(m) {}

    void read(const json& j) {
        if (!j.is_object()) { problem("a model must be a JSON object, not " + kind_of(j)); return; }
        if (auto it = j.find("name"); it != j.end()) {
            if (it->is_string()) m_.name = it->get<std::string>();
            else problem("'name' must be a string, not " + kind_of(*it));
        }
        auto fam = j.find("family");
        if (fam == j.end()) {
            problem("missing 'family' (one of " + family_list() + ")");
            return;
        }
        if (!fam->is_string()) { problem("'family' must be a string, not " + kind_of(*fam)); return; }
        std::string fs = fam->get<std::string>();
        auto f = parse_family(fs);
        if (!f) { problem("unknown family '" + fs + "' (one of " + family_list() + ")"); return; }
        m_.fam = *f;
        for (const auto& [key, value] : j.items()) {
            if (key == "name" || key == "family" || key == "description") continue;
            if (key == "param_domains") { read_domains(value); continue; }
            if (read_list(key, value)) continue;
            if (read_code(key, value)) continue;
            problem("unknown field '" + key + "'" + hint(key));
        }
        // after all keys: params may come after param_domains in the file
        for (const param_domain& d : m_.domains) {
            bool found = false;
            for (const param_info& p : m_.params) found = found || p.name == d.name;
            if (!found) problem("param_domains: '" + std::string(d.name) + "' is not one of the params");
        }
    }

private:
    json_model& m_;

    void problem(std::string s) { m_.problems.push_back(std::move(s)); }

    /// Where an unknown key is a field of another family, say so.
    std::string hint(std::string_view key) const {
        for (std::size_t f = 0; f < std::size(field_names); ++f) {
            if (field_names[f] != key || field(f) == field::derived) continue;
            for (std::size_t g = 0; g < std::size_t(family::count_); ++g)
                for (field x : fields_of(family(g)))
                    if (x == field(f)) return " (a code field of " + std::string(family_names[g]) +
                                              " models, not of " + std::string(name_of(m_.fam)) + " models)";
        }
        for (const auto& l : lists)
            if (l.key == key) return " (a field of other model families, not of " + std::string(name_of(m_.fam)) + " models)";
        return "";
    }

    void read_domains(const json& v) {
        if (!v.is_object()) { problem("'param_domains' must be an object {\"param\": \"> 0\", ...}, not " + kind_of(v)); return; }
        for (const auto& [name, text] : v.items()) {
            if (!text.is_string()) { problem("param_domains '" + name + "': the domain must be a string such as \"> 0\" or \"[0, 1]\", not " + kind_of(text)); continue; }
            const std::string t = text.get<std::string>();
            if (auto d = parse_domain(t)) {
                d->name = m_.keep(name);
                m_.domains.push_back(*d);
            } else {
                problem("param_domains '" + name + "': cannot read the domain \"" + t +
                        "\" (\"> a\", \">= a\", \"< b\", \"<= b\", \"[a, b]\", \"(a, b)\", optionally after \"integer\")");
            }
        }
    }

    /// "> 0", ">= -1.5", "[0, 1]", "(0, 1]", "integer [0, 255]" -> a domain (no name).
    static std::optional<param_domain> parse_domain(std::string_view t) {
        auto trim = [](std::string_view x) {
            while (!x.empty() && x.front() == ' ') x.remove_prefix(1);
            while (!x.empty() && x.back() == ' ') x.remove_suffix(1);
            return x;
        };
        auto number = [](std::string_view x, double& out) {
            std::string s(x);
            char* end = nullptr;
            out = std::strtod(s.c_str(), &end);
            return !s.empty() && end == s.c_str() + s.size() && std::isfinite(out);
        };
        param_domain d;
        t = trim(t);
        // also the words of the run-time errors: "a whole number in [0, 255]", "in [0, 1]"
        if (t.starts_with("a whole number")) { d.integer = true; t = trim(t.substr(14)); }
        if (t.starts_with("integer")) { d.integer = true; t = trim(t.substr(7)); }
        if (t.starts_with("in ")) t = trim(t.substr(3));
        if (t.starts_with(">=") || t.starts_with("<=")) {
            double a;
            if (!number(trim(t.substr(2)), a)) return std::nullopt;
            if (t[0] == '>') { d.lo = a; d.lo_open = false; } else { d.hi = a; d.hi_open = false; }
            return d;
        }
        if (t.starts_with(">") || t.starts_with("<")) {
            double a;
            if (!number(trim(t.substr(1)), a)) return std::nullopt;
            if (t[0] == '>') d.lo = a; else d.hi = a;
            return d;
        }
        if (t.size() >= 2 && (t.front() == '[' || t.front() == '(') && (t.back() == ']' || t.back() == ')')) {
            const std::string_view inner = t.substr(1, t.size() - 2);
            const std::size_t comma = inner.find(',');
            double a, b;
            if (comma == std::string_view::npos || !number(trim(inner.substr(0, comma)), a) || !number(trim(inner.substr(comma + 1)), b) || a > b)
                return std::nullopt;
            d.lo = a; d.hi = b; d.lo_open = t.front() == '('; d.hi_open = t.back() == ')';
            return d;
        }
        return std::nullopt;
    }

    bool read_code(const std::string& key, const json& v) {
        for (field f : fields_of(m_.fam)) {
            if (name_of(f) != key) continue;
            std::string text;
            if (v.is_string()) {
                text = v.get<std::string>();
            } else if (v.is_array()) {  // lines
                for (std::size_t i = 0; i < v.size(); ++i) {
                    if (!v[i].is_string()) { problem("'" + key + "': line " + std::to_string(i + 1) + " is not a string"); return true; }
                    if (i) text += '\n';
                    text += v[i].get<std::string>();
                }
            } else {
                problem("'" + key + "' must be a string or a list of lines, not " + kind_of(v));
                return true;
            }
            m_.code[std::size_t(f)] = m_.keep(std::move(text));
            return true;
        }
        return false;
    }

    bool read_list(const std::string& key, const json& v) {
        const list_desc* d = nullptr;
        for (const auto& l : lists)
            if (l.key == key) d = &l;
        if (!d) return false;
        if (!(d->families & bit(m_.fam))) return false;  // reported as an unknown field, with a hint
        if (!v.is_array()) { problem("'" + key + "' must be a list, not " + kind_of(v)); return true; }
        for (std::size_t i = 0; i < v.size(); ++i) entry(*d, v[i], i);
        return true;
    }

    /// Reads the keys of an object entry; reports keys not in `known`.
    bool entry_keys(const list_desc& d, const json& e, std::size_t i) {
        for (const auto& [k, unused] : e.items()) {
            bool ok = k == "name" || k == "type";
            switch (d.kind) {
                case list_kind::params: case list_kind::egps: case list_kind::egp_refs: break;
                case list_kind::derived: ok |= k == "value" || k == "expression"; break;
                case list_kind::additional_inputs: ok |= k == "init"; break;
                default: ok |= k == "access"; break;
            }
            if (!ok) problem(std::string(d.key) + "[" + std::to_string(i) + "]: unknown key '" + k + "'");
        }
        auto n = e.find("name");
        if (n == e.end() || !n->is_string()) {
            problem(std::string(d.key) + "[" + std::to_string(i) + "]: needs a string 'name'");
            return false;
        }
        return true;
    }

    std::optional<std::string> string_key(const list_desc& d, const json& e, std::string_view key,
                                          const std::string& who) {
        auto it = e.find(key);
        if (it == e.end()) return std::nullopt;
        if (!it->is_string()) {
            problem(std::string(d.key) + " '" + who + "': '" + std::string(key) + "' must be a string, not " + kind_of(*it));
            return std::nullopt;
        }
        return it->get<std::string>();
    }

    dsl::type_t type_of(const list_desc& d, const json& e, const std::string& who, std::string_view dflt) {
        std::string spelled(dflt);
        if (e.is_object())
            if (auto t = string_key(d, e, "type", who)) spelled = *t;
        dsl::type_t t = dsl::parse_type_name(spelled);
        if (t.is_void()) problem("unknown type '" + spelled + "' of " + what(d) + " '" + who + "'");
        return t;
    }

    static std::string what(const list_desc& d) {
        switch (d.kind) {
            case list_kind::params: return "param";
            case list_kind::derived: return "derived param";
            case list_kind::egps: return "extra global param";
            case list_kind::egp_refs: return "extra global param ref";
            case list_kind::additional_inputs: return "additional input var";
            case list_kind::var_refs: case list_kind::neuron_var_refs: case list_kind::pre_neuron_var_refs:
            case list_kind::post_neuron_var_refs: case list_kind::psm_var_refs: return "var ref";
            default: return "var";
        }
    }

    void entry(const list_desc& d, const json& e, std::size_t i) {
        std::string name;
        if (e.is_string()) {
            name = e.get<std::string>();
        } else if (e.is_object()) {
            if (!entry_keys(d, e, i)) return;
            name = e.at("name").get<std::string>();
        } else {
            problem(std::string(d.key) + "[" + std::to_string(i) + "] must be a name or an object, not " + kind_of(e));
            return;
        }
        std::string_view n = m_.keep(name);
        const bool is_ref = d.kind == list_kind::var_refs || d.kind == list_kind::neuron_var_refs ||
                            d.kind == list_kind::pre_neuron_var_refs || d.kind == list_kind::post_neuron_var_refs ||
                            d.kind == list_kind::psm_var_refs;
        switch (d.kind) {
            case list_kind::params: m_.params.push_back({n, type_of(d, e, name, "scalar")}); return;
            case list_kind::egps: m_.egps.push_back({n, type_of(d, e, name, "scalar*")}); return;
            case list_kind::egp_refs: m_.egp_refs.push_back({n, type_of(d, e, name, "scalar*")}); return;
            case list_kind::derived: {
                std::string_view expr;
                bool has = false;
                if (e.is_object()) {
                    if (e.contains("value") && e.contains("expression"))
                        problem("derived param '" + name + "': give 'value' or 'expression', not both");
                    for (std::string_view k : {"value", "expression"}) {
                        auto it = e.find(k);
                        if (it == e.end()) continue;
                        if (it->is_string()) { expr = m_.keep(it->get<std::string>()); has = true; }
                        else if (it->is_number()) { expr = m_.keep(number_text(*it)); has = true; }
                        else problem("derived param '" + name + "': '" + std::string(k) +
                                     "' must be an expression string or a number, not " + kind_of(*it));
                    }
                }
                m_.derived.push_back({n, expr, type_of(d, e, name, "scalar")});
                m_.derived_has_expression.push_back(has);
                return;
            }
            default: break;
        }
        var_info v{n, type_of(d, e, name, "scalar"), is_ref ? access::read_only : access::read_write};
        if (e.is_object()) {
            if (auto a = string_key(d, e, "access", name)) {
                if (auto m = parse_access(*a)) v.mode = *m;
                else problem("unknown access '" + *a + "' of " + what(d) + " '" + name +
                             "' (read_write, read_only, read_only_duplicate or read_only_shared_neuron)");
            }
            if (auto it = e.find("init"); it != e.end()) {
                if (it->is_number()) v.init = it->get<double>();
                else problem("additional input var '" + name + "': 'init' must be a number, not " + kind_of(*it));
            }
        }
        switch (d.kind) {
            case list_kind::vars: m_.vars.push_back(v); break;
            case list_kind::pre_vars: m_.pre_vars.push_back(v); break;
            case list_kind::post_vars: m_.post_vars.push_back(v); break;
            case list_kind::neuron_var_refs: m_.neuron_var_refs.push_back(v); break;
            case list_kind::pre_neuron_var_refs: m_.pre_neuron_var_refs.push_back(v); break;
            case list_kind::post_neuron_var_refs: m_.post_neuron_var_refs.push_back(v); break;
            case list_kind::psm_var_refs: m_.psm_var_refs.push_back(v); break;
            case list_kind::additional_inputs: m_.additional_inputs.push_back(v); break;
            case list_kind::var_refs: m_.var_refs.push_back(v); break;
            default: break;
        }
    }

    /// A numeric derived value as expression text that reads back as the same double.
    static std::string number_text(const json& v) {
        if (v.is_number_integer()) return v.dump();
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", v.get<double>());
        std::string s = buf;
        if (s.find_first_of(".eE") == std::string::npos) s += ".0";  // keep it floating
        return s;
    }
};

}  // namespace detail

/// Reads one model; problems with the description end up in `m.problems`.
inline void read_model(const json& j, json_model& m) { detail::reader(m).read(j); }

}  // namespace cortexpr::check

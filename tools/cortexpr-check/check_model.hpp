// cortexpr-check: checks a model_info's code exactly as the compile-time path does
// (models/model.hpp), but at run time: the same units, the same symbol tables, the same
// constexpr compile() and format_error(), with std::vector storage.
//
//   neuron           one unit of {sim_code, threshold_condition_code, reset_code} (those
//                    present), each field with its own symbol table; later fields see
//                    the earlier ones' locals (model_unit<M, family::neuron, sim, ...>)
//   other families   each code field is its own unit with its own table
//                    (model_unit<M, Fam, F>)
//   derived params   each expression is a unit that sees the params, dt and the derived
//                    params before it (derived_unit<M, I>)
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <cortexpr/dsl/compile.hpp>
#include <cortexpr/models/families.hpp>

namespace cortexpr::check {

/// The symbol table and functions of one field, owned (field_symbols<...> at run time).
struct field_context {
    std::vector<dsl::symbol> symbols;
    dsl::context ctx;
    field_context(const model_info& m, field f, std::size_t derived_limit = ~std::size_t(0)) {
        for_each_symbol(m, f, [&](const dsl::symbol& s) { symbols.push_back(s); }, derived_limit);
        const auto fns = functions_of(m, f);
        ctx = dsl::context(name_of(f), symbols.data(), std::uint32_t(symbols.size()), fns.data(),
                           std::uint32_t(fns.size()));
    }
    field_context(const field_context&) = delete;  // ctx points into symbols
};

struct check_result {
    std::vector<std::string> errors;  // format_error() text, one per invalid unit
    std::uint32_t units = 0;          // units compiled
};

/// Compiles one unit with run-time storage sized like the compile-time path's arrays;
/// returns the message, empty when the unit is valid.
inline std::string compile_unit(const dsl::unit_source& u) {
    std::vector<dsl::token> toks(dsl::token_capacity(u));
    std::vector<dsl::node> nodes(dsl::node_capacity(u));
    std::vector<dsl::type_t> slots(dsl::slot_capacity(u));
    const dsl::unit_stats st = dsl::compile(u, toks.data(), std::uint32_t(toks.size()), nodes.data(),
                                            std::uint32_t(nodes.size()), slots.data(), std::uint32_t(slots.size()));
    if (!st.err) return {};
    return std::string(dsl::format_error(u, st.err).view());
}

/// `has_expression[i]`: whether derived param i has an expression to check (a plain
/// name only declares it).
inline check_result check_model(const model_info& m, const std::vector<bool>& has_expression) {
    check_result r;
    auto run = [&](const dsl::field_source* fs, std::uint32_t n) {
        const dsl::unit_source u{m.name, fs, n};
        ++r.units;
        if (std::string e = compile_unit(u); !e.empty()) r.errors.push_back(std::move(e));
    };
    auto code = [&](field f) { return m.code[std::size_t(f)]; };
    // access modes first, as the compile-time model check does (models/check.hpp)
    std::string_view bad{};
    if (const std::string_view why = access_mode_problem(m, bad); !why.empty()) {
        constexpr std::string_view titles[] = {"neuron", "postsynaptic", "weight update", "current source", "variable initialiser",
                                               "sparse connectivity", "toeplitz connectivity", "custom update"};
        r.errors.push_back(std::string(titles[std::size_t(m.fam)]) + " model '" + std::string(m.name) + "': '" + std::string(bad) + "' " + std::string(why));
        return r;
    }

    if (m.fam == family::neuron) {
        // One unit of the fields the model has, in this order, as
        // model_unit<M, neuron, sim, threshold, reset>: each field checked against its own
        // context (a threshold cannot write state), the later ones seeing the earlier
        // ones' top-level locals. A neuron without threshold code never spikes.
        const field order[] = {field::sim_code, field::threshold_condition_code, field::reset_code};
        std::optional<field_context> ctx[3];
        dsl::field_source fs[3];
        std::uint32_t n = 0;
        for (std::size_t k = 0; k < 3; ++k) {
            const field f = order[k];
            if (code(f).empty()) continue;
            ctx[k].emplace(m, f);
            fs[n] = {name_of(f), code(f), is_condition(f), &ctx[k]->ctx, n != 0};
            ++n;
        }
        if (n) run(fs, n);
    } else {
        for (field f : fields_of(m.fam)) {
            if (code(f).empty()) continue;  // an absent field is no code to check
            const field_context c(m, f);
            const dsl::field_source fs[1] = {{name_of(f), code(f), is_condition(f), &c.ctx, false}};
            run(fs, 1);
        }
    }

    for (std::size_t i = 0; i < m.derived.size(); ++i) {
        if (i < has_expression.size() && !has_expression[i]) continue;
        const field_context c(m, field::derived, i);
        const dsl::field_source fs[1] = {{m.derived[i].name, m.derived[i].expression, true, &c.ctx, false}};
        run(fs, 1);
    }
    return r;
}

}  // namespace cortexpr::check

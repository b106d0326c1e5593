// The whole check of one model type in one family: its members (members.hpp), then every
// code field and derived-parameter expression through the code-string compiler. The
// network layer runs it where a model meets the network (population, source, wu, psm,
// init, connect), so no backend can emit a model that was not checked.
//
// It compiles exactly the units the backends emit (model_unit<M, Fam, ...> with the same
// fields), so the programs are instantiated once per translation unit and the check
// costs no extra compile time on a valid network.
#pragma once
#include <cstddef>
#include <utility>

#include "members.hpp"
#include "model.hpp"

namespace cortexpr::detail {

template <class Unit>
constexpr void take_code_error(message& m) {
    using P = dsl::program<Unit>;
    if (!m.size && P::err) m.put(P::message.view());
}

template <class M, family Fam, field F>
constexpr void take_field_error(message& m) {
    if constexpr (!info_of<M, Fam>().code[std::size_t(F)].empty()) take_code_error<model_unit<M, Fam, F>>(m);
}

template <class M, family Fam>
struct model_check {
    static constexpr model_info info = info_of<M, Fam>();
    static constexpr message text() {
        message m = member_check<M>(Fam, info.name);
        if (m.size) return m;
        for (const auto& d : info.domains) {  // a domain for a name that is no parameter
            bool found = false;
            for (const auto& p : info.params) found = found || p.name == d.name;
            if (!found && !m.size) {
                m.put(family_title(Fam)); m.put(" model '"); m.put(info.name); m.put("': param_domains names '");
                m.put(d.name); m.put("', which is not one of its params");
            }
        }
        if (m.size) return m;
        // access modes of custom updates: reductions only there, each kind in its place
        std::string_view bad{};
        if (const std::string_view why = access_mode_problem(info, bad); !why.empty()) {
            m.code = true;
            m.put(family_title(Fam)); m.put(" model '"); m.put(info.name); m.put("': '"); m.put(bad); m.put("' "); m.put(why);
        }
        if (m.size) return m;
        if constexpr (Fam == family::neuron) {
            take_code_error<model_unit<M, Fam, field::sim_code, field::threshold_condition_code, field::reset_code>>(m);
        } else if constexpr (Fam == family::postsynaptic) {
            take_code_error<model_unit<M, Fam, field::sim_code>>(m);
        } else if constexpr (Fam == family::current_source) {
            take_code_error<model_unit<M, Fam, field::injection_code>>(m);
        } else if constexpr (Fam == family::var_init) {
            take_code_error<model_unit<M, Fam, field::var_init_code>>(m);
        } else if constexpr (Fam == family::weight_update) {
            [&]<std::size_t... K>(std::index_sequence<K...>) {
                (take_field_error<M, Fam, detail::wu_fields[K]>(m), ...);
            }(std::make_index_sequence<std::size(detail::wu_fields)>{});
        } else if constexpr (Fam == family::sparse_init) {
            take_field_error<M, Fam, field::row_build_code>(m);
            take_field_error<M, Fam, field::col_build_code>(m);
        } else if constexpr (Fam == family::toeplitz_init) {
            take_field_error<M, Fam, field::diagonal_build_code>(m);
        } else if constexpr (Fam == family::custom_update) {
            take_code_error<model_unit<M, Fam, field::update_code>>(m);
        } else if constexpr (Fam == family::custom_connectivity_update) {
            take_code_error<model_unit<M, Fam, field::row_update_code>>(m);
        }
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (take_code_error<derived_unit<M, I>>(m), ...);
        }(std::make_index_sequence<info.derived.size()>{});
        return m;
    }
};

}  // namespace cortexpr::detail

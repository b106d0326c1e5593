// What a checkpoint holds of a network instance (checkpoint.hpp): the layout line of
// every part and a section for each array of host/fields.hpp, in the network's order.
// Every backend keeps the network in host memory (the CUDA engine as its host mirror,
// pulled before a save and pushed after a load).
#pragma once
#include <cstdio>
#include <string>
#include <vector>

#include "../step/traits.hpp"
#include "../step/views.hpp"
#include "../host/fields.hpp"
#include "../host/model_store.hpp"
#include "checkpoint.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail::checkpoint {

template <class S, class T, class H>
void model_sections(std::vector<section>& out, const std::string& prefix, model_store<H>& m) {
    constexpr model_info I = H::info;
    if (I.params.size()) out.push_back({.name = prefix + ".params", .elem = sizeof(double), .data = m.params.data(), .bytes = sizeof m.params});
    if (I.derived.size()) out.push_back({.name = prefix + ".derived", .elem = sizeof(double), .data = m.derived.data(), .bytes = sizeof m.derived});
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (out.push_back({.name = prefix + ".var." + std::string(I.vars[K].name), .buf = &m.vars[K],
                        .elem = sizeof(value_t<I.vars[K].type.base, S, T>)}), ...);
    }(std::make_index_sequence<I.vars.size()>{});
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (out.push_back({.name = prefix + ".egp." + std::string(I.egps[K].name), .buf = &m.egps[K],
                        .elem = sizeof(value_t<I.egps[K].type.base, S, T>), .resizable = true, .count_field = &m.egp_size[K]}), ...);
    }(std::make_index_sequence<I.egps.size()>{});
}

inline section vec_section(std::string name, std::vector<std::uint32_t>& v, std::uint64_t limit = 0,
                           std::string (*check)(const void*, std::size_t, std::size_t, std::uint64_t) = nullptr) {
    return {.name = std::move(name), .elem = 4, .data = v.data(), .bytes = v.size() * 4, .check = check, .limit = limit};
}
inline section buf_section(std::string name, buffer& b, std::size_t elem, std::uint64_t limit = 0,
                           std::string (*check)(const void*, std::size_t, std::size_t, std::uint64_t) = nullptr) {
    return {.name = std::move(name), .buf = &b, .elem = elem, .check = check, .limit = limit};
}

/// The sections of every array of host/fields.hpp, named `group.field`.
template <class S, class T>
struct section_maker {
    std::vector<section>& out;
    std::uint32_t batch;
    static auto check_of(field_bound b) -> std::string (*)(const void*, std::size_t, std::size_t, std::uint64_t) {
        return b.kind == field_bound::below ? check_below : b.kind == field_bound::at_most ? check_at_most : nullptr;
    }
    template <store_role R, class M, class Part>
    void model(const std::string& group, std::string_view suffix, M& m, Part&) { model_sections<S, T>(out, group + std::string(suffix), m); }
    template <std::span<const var_info> (*Vars)(), std::size_t N, class Part>
    void var_set(const std::string& group, std::string_view set, std::array<buffer, N>& bufs, Part&) {
        constexpr auto vars = Vars();
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (out.push_back(buf_section(group + "." + std::string(set) + "." + std::string(vars[K].name), bufs[K],
                                       sizeof(value_t<vars[K].type.base, S, T>))), ...);
        }(std::make_index_sequence<N>{});
    }
    void array(const std::string& group, std::string_view field, buffer& b, std::size_t elem, field_bound bound) {
        out.push_back(buf_section(group + "." + std::string(field), b, elem, bound.limit, check_of(bound)));
    }
    void table(const std::string& group, std::string_view field, std::vector<std::uint32_t>& v, field_bound bound) {
        out.push_back(vec_section(group + "." + std::string(field), v, bound.limit, check_of(bound)));
    }
    template <class Pop>
    void recording(const std::string& group, Pop& p) {
        section rec = buf_section(group + ".recording", p.rec, 4);
        rec.resizable = true;
        rec.count_field = &p.rec_steps;
        rec.per = std::uint64_t(batch) * ((p.n + 31) / 32);
        out.push_back(rec);
        // the recording's row width, also before record_spikes was called here
        out.push_back({.name = group + ".recording_words", .elem = 4, .data = &p.rec_words, .bytes = 4,
                       .check = check_at_most, .limit = (p.n + 31) / 32});
    }
};

/// Layout text and sections of the network instance `h` (host/fields.hpp's arrays),
/// plus the simulation's recording start steps.
template <class List, class S, class T, class Instance, std::size_t N>
std::string collect(Instance& h, std::array<std::uint64_t, N>& rec_start, std::vector<section>& out) {
    std::string layout;
    const std::uint32_t batch = h.opts().batch;
    for_each_index<Instance::pops>([&]<std::size_t I>() {
        auto& p = h.template store<I>();
        layout += "population " + p.name + " " + std::string(pop_traits<List, I>::info.name) + " n=" + std::to_string(p.n) +
                  " queue=" + std::to_string(p.ring) + "\n";
    });
    for_each_index<Instance::sources>([&]<std::size_t I>() {
        auto& c = h.template store<I>();
        layout += "current_source " + c.name + " " + std::string(cs_traits<List, I>::info.name) + "\n";
    });
    for_each_index<Instance::groups>([&]<std::size_t I>() {
        using gt = sg_traits<List, I>;
        auto& g = h.template store<I>();
        layout += "synapses " + g.name + " " + std::string(gt::wu_info.name) + "/" + std::string(gt::psm_info.name) +
                  " matrix=" + std::to_string(int(gt::kind)) + " pre=" + std::to_string(g.n_pre) + " post=" + std::to_string(g.n_post) +
                  " delays=" + std::to_string(g.axonal) + "," + std::to_string(g.back_prop) + "," + std::to_string(g.max_dendritic) +
                  " stride=" + std::to_string(g.stride) + " index_bytes=" + std::to_string(g.index_bytes) + "\n";
    });
    for_each_field<S, T>(h, section_maker<S, T>{out, batch});
    out.push_back({.name = "simulation.recording_start", .elem = 8, .data = rec_start.data(), .bytes = sizeof rec_start});
    char tail[160];
    std::snprintf(tail, sizeof tail, "scalar=%zu time=%zu batch=%u dt=%.17g\n", sizeof(S), sizeof(T), batch, h.opts().dt);
    layout += tail;
    return layout;
}

}  // namespace cortexpr::detail::checkpoint

CORTEXPR_DIAG_END

// What a checkpoint holds of an engine (checkpoint.hpp): the layout line of every part
// and the sections of its state, in the network's order. Shared by every backend whose
// engine keeps the CPU stores (the CUDA engine keeps them as its host mirror and pulls
// before a save, pushes after a load).
#pragma once
#include <cstdio>
#include <string>
#include <vector>

#include "../step/traits.hpp"
#include "../step/views.hpp"
#include "checkpoint.hpp"
#include "../host/model_store.hpp"

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

/// Layout text and sections of `engine` (a cpu_engine or an engine exposing the same
/// stores), plus the simulation's recording start steps.
template <class List, class S, class T, class Engine, std::size_t N>
std::string collect(Engine& engine, std::array<std::uint64_t, N>& rec_start, std::vector<section>& out) {
    std::string layout;
    const std::uint32_t batch = engine.opts().batch;
    static constexpr auto population_parts = parts_of_kind<List, part_kind::population>();
    for_each_index<population_parts>([&]<std::size_t I>() {
        auto& p = engine.template store<I>();
        layout += "population " + p.name + " " + std::string(pop_traits<List, I>::info.name) + " n=" + std::to_string(p.n) +
                  " queue=" + std::to_string(p.ring) + "\n";
        model_sections<S, T>(out, p.name, p.m);
        out.push_back(buf_section(p.name + ".st", p.st, sizeof(T)));
        out.push_back(buf_section(p.name + ".prev_st", p.prev_st, sizeof(T)));
        out.push_back(buf_section(p.name + ".spikes", p.spk, 4, p.n, check_below));
        out.push_back(buf_section(p.name + ".spike_count", p.spk_cnt, 4, p.n, check_at_most));
        section rec = buf_section(p.name + ".recording", p.rec, 4);
        rec.resizable = true;
        rec.count_field = &p.rec_steps;
        rec.per = std::uint64_t(batch) * ((p.n + 31) / 32);
        out.push_back(rec);
        // the recording's row width, also before record_spikes was called here
        out.push_back({.name = p.name + ".recording_words", .elem = 4, .data = &p.rec_words, .bytes = 4,
                       .check = check_at_most, .limit = (p.n + 31) / 32});
    });
    static constexpr auto current_source_parts = parts_of_kind<List, part_kind::current_source>();
    for_each_index<current_source_parts>([&]<std::size_t I>() {
        auto& c = engine.template store<I>();
        layout += "current_source " + c.name + " " + std::string(cs_traits<List, I>::info.name) + "\n";
        model_sections<S, T>(out, c.name, c.m);
    });
    static constexpr auto synapses_parts = parts_of_kind<List, part_kind::synapses>();
    for_each_index<synapses_parts>([&]<std::size_t I>() {
        using gt = sg_traits<List, I>;
        auto& g = engine.template store<I>();
        layout += "synapses " + g.name + " " + std::string(gt::wu_info.name) + "/" + std::string(gt::psm_info.name) +
                  " matrix=" + std::to_string(int(gt::kind)) + " pre=" + std::to_string(g.n_pre) + " post=" + std::to_string(g.n_post) +
                  " delays=" + std::to_string(g.axonal) + "," + std::to_string(g.back_prop) + "," + std::to_string(g.max_dendritic) +
                  " stride=" + std::to_string(g.stride) + " index_bytes=" + std::to_string(g.index_bytes) + "\n";
        model_sections<S, T>(out, g.name, g.wu);
        model_sections<S, T>(out, g.name + ".psm", g.psm);
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (out.push_back(buf_section(g.name + ".pre_var." + std::string(gt::wu_info.pre_vars[K].name), g.pre_vars[K],
                                       sizeof(value_t<gt::wu_info.pre_vars[K].type.base, S, T>))), ...);
        }(std::make_index_sequence<gt::wu_info.pre_vars.size()>{});
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (out.push_back(buf_section(g.name + ".post_var." + std::string(gt::wu_info.post_vars[K].name), g.post_vars[K],
                                       sizeof(value_t<gt::wu_info.post_vars[K].type.base, S, T>))), ...);
        }(std::make_index_sequence<gt::wu_info.post_vars.size()>{});
        out.push_back(buf_section(g.name + ".inSyn", g.in_syn, sizeof(S)));
        out.push_back(buf_section(g.name + ".dendritic_delay", g.den, sizeof(S)));
        out.push_back(buf_section(g.name + ".revInSyn", g.rev, sizeof(S)));
        out.push_back(buf_section(g.name + ".events", g.evt, 4, g.n_pre, check_below));
        out.push_back(buf_section(g.name + ".event_count", g.evt_cnt, 4, g.n_pre, check_at_most));
        out.push_back(vec_section(g.name + ".row_length", g.row_length, g.stride, check_at_most));
        out.push_back(buf_section(g.name + ".ind", g.ind, g.index_bytes, g.n_post, check_below));
        out.push_back(vec_section(g.name + ".bitmask", g.bits));
        out.push_back(vec_section(g.name + ".col_length", g.col_length, g.col_stride, check_at_most));
        out.push_back(vec_section(g.name + ".col_syn", g.col_syn, std::uint64_t(g.n_pre) * g.stride, check_below));
        auto& cs = engine.template connect_store<I>();
        if constexpr (requires { cs.params; }) model_sections<S, T>(out, g.name + ".connectivity", cs);
        std::apply([&](auto&... pi) { std::size_t k = 0; (model_sections<S, T>(out, g.name + ".procedural" + std::to_string(k++), pi), ...); },
                   g.proc_inits);
    });
    out.push_back({.name = "simulation.recording_start", .elem = 8, .data = rec_start.data(), .bytes = sizeof rec_start});
    char tail[160];
    std::snprintf(tail, sizeof tail, "scalar=%zu time=%zu batch=%u dt=%.17g\n", sizeof(S), sizeof(T), batch, engine.opts().dt);
    layout += tail;
    return layout;
}

}  // namespace cortexpr::detail::checkpoint

CORTEXPR_DIAG_END

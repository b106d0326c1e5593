// What the CUDA kernels read: one trivially copyable struct per part of the network
// (the same views the CPU engine builds, with device pointers), the device-only spike
// state (bitfields, step counters), and the launch layout (blocks per group). The host
// builds a `device_state` from its mirror, uploads it once, and re-uploads it only when
// it changes (a dynamic parameter, a new EGP, a recording).
#pragma once
#include <cstdint>
#include <tuple>

#include "../../step/traits.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

/// How a synapse group propagates spikes on the GPU (docs/cuda.md).
enum class cuda_span : std::uint8_t {
    automatic = 0,     // dense: postsynaptic; sparse, bitmask, procedural, toeplitz: presynaptic
    presynaptic = 1,   // a warp per spike walks the row (atomicAdd into inSyn)
    postsynaptic = 2,  // a thread per target walks the spikes in order (no atomics: CPU order)
};

struct empty_view {};

/// A spike (or spike-like event) set per batch entry and delay slot: the list and count
/// of the CPU store, and an ordered bitfield (device only).
struct spike_set {
    std::uint32_t* list = nullptr;   // [batch][ring][n]
    std::uint32_t* count = nullptr;  // [batch][ring]
    std::uint32_t* bits = nullptr;   // [batch][ring][words]
    std::uint32_t* pending = nullptr;  // [batch]: this step's count, moved to `count` at the end of the step
    std::uint32_t n = 0, ring = 1, words = 0;
};

template <class List, std::size_t I, class S, class T>
struct dev_pop {
    using desc = typename List::template part<I>;
    model_view_for<desc> m{};
    spikes_view<T> sp{};
    spike_set spikes{};
    std::uint32_t* rec = nullptr;  // [batch][rec_steps][rec_words]
    std::uint32_t rec_steps = 0, rec_words = 0;
};

template <class List, std::size_t I, class S, class T>
struct dev_source {
    using desc = typename List::template part<I>;
    model_view_for<desc> m{};
};

template <class C>
constexpr auto connect_view_type() {
    if constexpr (requires { C::info; }) return model_view_for<C>{};
    else return empty_view{};
}
template <class Inits>
struct proc_views_of;
template <class... X>
struct proc_views_of<std::tuple<X...>> {
    using type = hd_tuple<model_view_for<X>...>;
};

template <class List, std::size_t I, class S, class T>
struct dev_synapses {
    using gt = sg_traits<List, I>;
    typename gt::template syn_view<S, T> sv{};
    model_view_for<typename gt::psm_h> psm{};
    bool fused = false;          // this group's PSM does not run (another group's inSyn is used)
    bool atomic_input = false;   // inSyn (or the dendritic ring) is shared with other groups
    cuda_span span = cuda_span::presynaptic;
    // connectivity
    const void* ind = nullptr;
    std::uint32_t index_bytes = 4, stride = 0;
    const std::uint32_t* row_length = nullptr;
    const std::uint32_t* mask = nullptr;
    std::uint32_t words_per_row = 0;
    const std::uint32_t* col_length = nullptr;
    const std::uint32_t* col_syn = nullptr;
    std::uint32_t col_stride = 0;
    hd_array<std::uint32_t, 4> kernel{{1, 1, 1, 1}};
    std::uint32_t n_diag = 0;
    decltype(connect_view_type<typename gt::matrix::connect_type>()) conn{};
    typename proc_views_of<std::remove_cvref_t<decltype(std::declval<typename gt::desc>().wu.vars)>>::type proc{};
    spike_set events{};
    spike_set post_events{};  // postsynaptic spike-like events
    // recordings of the spike-like events (record_spike_events): [batch][steps][words]
    std::uint32_t* evt_rec = nullptr;
    std::uint32_t* post_evt_rec = nullptr;
    std::uint32_t evt_rec_steps = 0, post_evt_rec_steps = 0;
};

template <class List, std::size_t I, class S, class T>
auto make_dev_part() {
    if constexpr (List::kinds[I] == part_kind::population) return dev_pop<List, I, S, T>{};
    else if constexpr (List::kinds[I] == part_kind::current_source) return dev_source<List, I, S, T>{};
    else return dev_synapses<List, I, S, T>{};
}
template <class List, std::size_t I, class S, class T>
using dev_part_t = decltype(make_dev_part<List, I, S, T>());

template <std::size_t I, class X>
struct dev_slot {
    X value;
};

/// Blocks of a fused kernel: group J runs on blocks [start[J], start[J + 1]).
template <std::size_t N>
struct launch_layout {
    hd_array<std::uint32_t, N + 1> start{};
    std::uint32_t blocks() const { return start[N]; }
};

/// Kinds of fused kernels per step.
enum class cuda_phase : std::uint32_t { dynamics = 0, propagate = 1, learn = 2, neurons = 3 };
inline constexpr std::uint32_t cuda_phases = 4;

template <class List, class S, class T, class Seq = std::make_index_sequence<List::size>>
struct device_state;
template <class List, class S, class T, std::size_t... I>
struct device_state<List, S, T, std::index_sequence<I...>> : dev_slot<I, dev_part_t<List, I, S, T>>... {
    static constexpr auto pops = parts_of_kind<List, part_kind::population>();
    static constexpr auto groups = parts_of_kind<List, part_kind::synapses>();

    std::uint64_t* clock = nullptr;       // the step n, advanced by the neuron kernel's last block
    std::uint32_t* done = nullptr;        // [cuda_phases] finished blocks of the running kernel
    std::uint32_t* bad_delay = nullptr;   // [parts] addToPostDelay beyond max (d + 1), sticky
    std::uint64_t seed = 0, connectivity_seed = 0;
    double dt = 0.1;
    std::uint32_t batch = 1, block = 256;
    launch_layout<pops.size()> neurons{};
    launch_layout<groups.size()> dynamics{}, propagate{}, learn{};

    template <std::size_t J> CORTEXPR_HOST_DEVICE auto& part() { return static_cast<dev_slot<J, dev_part_t<List, J, S, T>>&>(*this).value; }
    template <std::size_t J> CORTEXPR_HOST_DEVICE const auto& part() const {
        return static_cast<const dev_slot<J, dev_part_t<List, J, S, T>>&>(*this).value;
    }
};

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END

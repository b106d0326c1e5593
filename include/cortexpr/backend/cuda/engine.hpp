// The CUDA backend's engine. The network is allocated and checked in host memory by the
// host builder (host/builder.hpp), and that network instance stays as the *host mirror*:
// every array of it (host/fields.hpp) gets a device twin (registry in memory.hpp).
// Variables and connectivity are initialised on the device (device_init.hpp, same code
// and random streams as cx::cpu) and copied into the mirror once; what the device cannot
// do (step/init_plan.hpp), or everything with options::host_init, the host builder
// initialises and the device twins are uploaded. The
// kernels (kernels.hpp) advance the device copies, and pull()/push() move arrays between
// the mirror and the device. Steps are issued as CUDA graphs of
// `cuda_config::graph_steps` steps (or plain stream launches), with one host
// synchronisation per run_steps() call. docs/cuda.md has the whole picture.
#pragma once
#include <cuda_runtime.h>

#include <chrono>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "../../host/builder.hpp"
#include "../../host/fields.hpp"
#include "../../host/instance.hpp"
#include "device_init.hpp"
#include "device_state.hpp"
#include "kernels.hpp"
#include "memory.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr {

/// The CUDA backend: `cx::simulate<cx::cuda>(net, opts)` (include <cortexpr/cuda.cuh>).
struct cuda {
    static constexpr std::string_view name = "cuda";
};

using cuda_span = detail::cuda_span;

/// How the steps of run_steps() reach the GPU.
enum class cuda_launch : std::uint8_t {
    graph = 0,   // CUDA graphs of graph_steps steps (the default)
    stream = 1,  // every kernel launched from the host (no graphs)
    persistent = 2,  // one cooperative kernel per graph_steps steps, grid-wide barriers between phases
};

/// Run-time settings of the CUDA engine: `sim.engine().config()`, changed between runs.
struct cuda_config {
    cuda_launch launch = cuda_launch::graph;
    std::uint32_t graph_steps = 100;   // steps captured in one CUDA graph
    std::uint32_t block_size = 256;    // threads per block (a multiple of 32)
    cuda_span span = cuda_span::automatic;  // default propagation of every synapse group
    // presynaptic span: warps per group and batch entry (each walks every warps-th spike
    // of the step); idle warps exit at once, so this bounds the blocks launched per step
    std::uint32_t warps_per_group = 256;
};

/// Counters of the CUDA engine (`sim.engine().stats()`).
struct cuda_stats {
    std::uint64_t steps = 0;
    std::uint64_t kernel_launches = 0;  // kernels run (inside graphs included)
    std::uint64_t host_launches = 0;    // launch calls made by the host (a graph launch counts once)
    std::uint64_t graph_launches = 0, graph_builds = 0;
    std::uint64_t host_syncs = 0;       // stream synchronisations
    std::uint64_t pulls = 0, pushes = 0, state_uploads = 0;
    double launches_per_step() const { return steps ? double(host_launches) / double(steps) : 0.0; }
    double syncs_per_step() const { return steps ? double(host_syncs) / double(steps) : 0.0; }
};

namespace detail {

template <class Net, class S, class T>
class cuda_engine {
public:
    using network = Net;
    using list = typename Net::list;
    using instance = network_instance<Net, S, T>;
    using state_t = device_state<list, S, T>;
    using key = typename key_of<Net>::type;
    static constexpr auto pops = parts_of_kind<list, part_kind::population>();
    static constexpr auto sources = parts_of_kind<list, part_kind::current_source>();
    static constexpr auto groups = parts_of_kind<list, part_kind::synapses>();

    cuda_engine(Net net, const options& o) : host_(std::move(net), o) {
        build_on_host<S, T>(host_, !o.host_init);
        const auto t0 = std::chrono::steady_clock::now();
        int count = 0;
        cuda_check(cudaGetDeviceCount(&count), "simulation", "cuda");
        if (count == 0) fail("simulation", "cuda", "no CUDA device");
        cuda_check(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "simulation", "cuda stream");
        const std::uint32_t B = o.batch;
        if (B > 65535) fail("simulation", "batch", "the CUDA backend runs at most 65535 batch entries (grid y), got ", B);
        clock_.allocate(sizeof(std::uint64_t), "simulation", "step clock");
        done_.allocate(sizeof(std::uint32_t) * cuda_phases, "simulation", "block counters");
        flags_.allocate(sizeof(std::uint32_t) * list::size, "simulation", "dendritic delay flags");
        state_.allocate(sizeof(state_t), "simulation", "device state");
        for_each_index<pops>([&]<std::size_t P>() {
            auto& p = host_.template store<P>();
            const std::size_t words = (p.n + 31) / 32;
            bits_[P].allocate(sizeof(std::uint32_t) * B * p.ring * words, p.name, "spike bitfield");
            pending_[P].allocate(sizeof(std::uint32_t) * B, p.name, "spike counter");
        });
        for_each_index<groups>([&]<std::size_t G>() {
            using gt = sg_traits<list, G>;
            auto& g = host_.template store<G>();
            if constexpr (gt::template has<field::pre_event_syn_code>) {
                const std::size_t words = (g.n_pre + 31) / 32;
                bits_[G].allocate(sizeof(std::uint32_t) * B * g.evt_ring * words, g.name, "event bitfield");
                pending_[G].allocate(sizeof(std::uint32_t) * B, g.name, "event counter");
            }
            if constexpr (gt::template has<field::post_event_syn_code>) {
                const std::size_t words = (g.n_post + 31) / 32;
                post_bits_[G].allocate(sizeof(std::uint32_t) * B * g.post_evt_ring * words, g.name, "postsynaptic event bitfield");
                post_pending_[G].allocate(sizeof(std::uint32_t) * B, g.name, "postsynaptic event counter");
            }
        });
        // the mirror left the plan's initialisation to the device (before prepare(), whose
        // upload then skips the arrays the device wrote)
        if (!o.host_init) device_initialiser<Net, S, T>(host_, reg_, stream_).run();
        prepare();
        sync("simulation", "initial upload");
        host_.times().init += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    cuda_engine(const cuda_engine&) = delete;
    cuda_engine& operator=(const cuda_engine&) = delete;
    ~cuda_engine() {
        drop_graphs();
        for (auto& e : events_) if (e) (void)cudaEventDestroy(e);
        if (stream_) (void)cudaStreamDestroy(stream_);
    }

    // ---- what the simulation object uses (the host mirror's stores) ----------------------
    template <std::size_t I> auto& store() { return host_.template store<I>(); }
    template <std::size_t I> const auto& desc() const { return host_.template desc<I>(); }
    const options& opts() const { return host_.opts(); }
    std::uint64_t timestep() const { return host_.timestep(); }
    void set_timestep(std::uint64_t n) { host_.set_timestep(n); }
    phase_times& times() { return host_.times(); }
    int threads() const { return 1; }
    std::uint64_t seed_of(std::uint32_t b) const { return host_.seed_of(b); }
    std::uint64_t connectivity_seed() const { return host_.connectivity_seed(); }
    template <class Store> static std::uint32_t post_index(Store& g, std::size_t syn) { return detail::post_index(g, syn); }

    cuda_config& config() { return cfg_; }
    const cuda_stats& stats() const { return stats_; }
    /// Device memory held for the network (bytes): the mirror's arrays and the device-only
    /// state (spike bitfields and counters, step clock, device state).
    std::size_t device_bytes() const {
        std::size_t b = reg_.device_bytes() + clock_.bytes() + done_.bytes() + flags_.bytes() + state_.bytes();
        for (auto& x : bits_) b += x.bytes();
        for (auto& x : pending_) b += x.bytes();
        for (auto& x : post_bits_) b += x.bytes();
        for (auto& x : post_pending_) b += x.bytes();
        return b;
    }
    /// Propagation of synapse group `group` (by name), from the next run on.
    void set_span(std::string_view group, cuda_span s) {
        bool found = false;
        for_each_index<groups>([&]<std::size_t G>() {
            if (host_.template store<G>().name == group) { span_[G] = s; found = true; }
        });
        if (!found) fail(group, "span", "no synapse group of this name");
    }
    /// The span a group runs with (after the heuristic).
    template <std::size_t G>
    cuda_span span_of() const {
        using gt = sg_traits<list, G>;
        if constexpr (gt::kind == matrix_kind::procedural || gt::kind == matrix_kind::toeplitz) return cuda_span::presynaptic;
        else {
            cuda_span s = span_[G] != cuda_span::automatic ? span_[G] : cfg_.span;
            if (s == cuda_span::automatic) s = gt::kind == matrix_kind::dense ? cuda_span::postsynaptic : cuda_span::presynaptic;
            return s;
        }
    }

    // ---- time steps ------------------------------------------------------------------------
    void step() { run_steps(1); }

    void run_steps(std::uint64_t n) {
        if (n == 0) return;
        prepare();
        const std::uint64_t first = host_.timestep();
        const bool timed = host_.opts().timing;
        if (timed) {
            for (std::uint64_t k = 0; k < n; ++k) timed_step();
        } else if (cfg_.launch == cuda_launch::persistent) {
            const std::uint64_t chunk = std::max<std::uint32_t>(cfg_.graph_steps, 1);
            for (std::uint64_t k = 0; k < n; k += chunk) launch_persistent(std::uint32_t(std::min(chunk, n - k)));
        } else if (cfg_.launch == cuda_launch::graph && cfg_.graph_steps > 1 && n > 1) {
            // whole chunks of graph_steps, then the rest as a graph of its own size (an
            // observer's interval repeats, so its graph is reused) while few are cached
            const std::uint64_t chunk = cfg_.graph_steps;
            auto replay = [&](std::uint32_t steps, std::uint64_t times) {
                cudaGraphExec_t exec = graph_for(steps);
                for (std::uint64_t k = 0; k < times; ++k) {
                    cuda_check(cudaGraphLaunch(exec, stream_), "simulation", "step (graph launch)");
                    ++stats_.graph_launches;
                    ++stats_.host_launches;
                    stats_.kernel_launches += std::uint64_t(steps) * kernels_per_step();
                }
            };
            if (n >= chunk) replay(std::uint32_t(chunk), n / chunk);
            const std::uint64_t rest = n % chunk;
            if (rest > 1 && (graphs_.count(std::uint32_t(rest)) || graphs_.size() < max_cached_graphs)) replay(std::uint32_t(rest), 1);
            else for (std::uint64_t k = 0; k < rest; ++k) launch_step();
        } else {
            for (std::uint64_t k = 0; k < n; ++k) launch_step();
        }
        try {
            sync("simulation", "step");
        } catch (const error& e) {
            host_.set_timestep(first + n);
            clock_known_ = ~std::uint64_t(0);
            fail("simulation", "step", "a kernel of steps ", first, "..", first + n - 1, " failed: ", e.what());
        }
        host_.set_timestep(first + n);
        clock_known_ = first + n;
        stats_.steps += n;
        check_flags(first, n);
    }

    // ---- host <-> device --------------------------------------------------------------------
    /// pull (false) or push (true) of the host array at `host` of `bytes` (var_view::pull/push).
    std::function<void(bool)> sync_of(const void* host, std::size_t bytes) {
        if (!host || bytes == 0) return {};
        return [this, host, bytes](bool push) {
            reg_.ensure(host, bytes, "simulation", "array", stream_);
            reg_.copy(host, push, stream_);
            ++(push ? stats_.pushes : stats_.pulls);
            sync("simulation", push ? "push" : "pull");
        };
    }
    void pull_host(const void* host) {
        if (!host || !reg_.find(host)) return;
        reg_.copy(host, false, stream_);
        ++stats_.pulls;
        sync("simulation", "pull");
    }
    // ---- the variable recorder (runtime/var_recorder.hpp): samples stay on the device ----
    /// Device memory of `bytes` for one variable's recording.
    std::shared_ptr<void> recording_buffer(std::size_t bytes, std::string_view group, std::string_view field) {
        auto b = std::make_shared<device_buffer>();
        b->allocate(bytes, group, field);
        return b;
    }
    /// Copies the device twin of host array `host` into sample `slot` of recording `rec`
    /// (a recording_buffer), device to device, ordered on the engine's stream.
    void recording_sample(void* rec, std::size_t slot, const void* host, std::size_t bytes) {
        auto& b = *static_cast<device_buffer*>(rec);
        void* src = reg_.ensure(host, bytes, "simulation", "recorded variable", stream_);
        cuda_check(cudaMemcpyAsync(b.template data<std::byte>() + slot * bytes, src, bytes, cudaMemcpyDeviceToDevice, stream_),
                   "simulation", "record_var (sample)");
    }
    /// Copies recording `rec` (`bytes`) to host memory at `host`.
    void recording_pull(void* rec, void* host, std::size_t bytes) {
        auto& b = *static_cast<device_buffer*>(rec);
        cuda_check(cudaMemcpyAsync(host, b.raw(), bytes, cudaMemcpyDeviceToHost, stream_), "simulation", "var_trace (pull)");
        ++stats_.pulls;
        sync("simulation", "var_trace (pull)");
    }

    /// Copies every array of the network from the device to the host mirror.
    void pull_state() { copy_all(false); }
    /// Copies every array of the host mirror to the device.
    void push_state() { copy_all(true); }

    instance& host() { return host_; }

    // ---- work outside the step kernels (custom updates: custom_update_kernels.hpp) -----------
    /// Device twins of every array of the mirror (arrays allocated since the last run too).
    void arrays_to_device() { ensure_all(); }
    /// A device twin of a host array that is not part of the mirror (uploaded when new).
    void* twin(const void* host, std::size_t bytes, std::string_view g, std::string_view f) { return reg_.ensure(host, bytes, g, f, stream_); }
    /// The device twin of a registered host array (nullptr stays nullptr).
    void* device_of(const void* host, std::string_view g, std::string_view what) const { return dev(host, g, what); }
    cudaStream_t stream() const { return stream_; }
    std::uint32_t block_size() const { return cfg_.block_size; }
    void count_launch() { ++stats_.kernel_launches; ++stats_.host_launches; }
    /// Waits for the work issued on the engine's stream.
    void finish(std::string_view g, std::string_view what) { sync(g, what); }

private:
    // ---- device state ------------------------------------------------------------------------
    void ensure(const void* p, std::size_t bytes, std::string_view g, std::string_view f) { reg_.ensure(p, bytes, g, f, stream_); }

    /// Visits every array of the host mirror (host/fields.hpp) with `one(host pointer,
    /// bytes, group, field)`: registers its device twin, or copies it.
    template <class One>
    struct field_visitor {
        One one;
        template <store_role R, class M, class Part>
        void model(const std::string& g, std::string_view, M& m, Part&) {
            for (std::size_t k = 0; k < m.vars.size(); ++k) one(m.vars[k].template data<std::byte>(), m.vars[k].bytes(), g, M::I.vars[k].name);
            for (std::size_t k = 0; k < m.egps.size(); ++k) one(m.egps[k].template data<std::byte>(), m.egps[k].bytes(), g, M::I.egps[k].name);
        }
        template <std::span<const var_info> (*Vars)(), std::size_t N, class Part>
        void var_set(const std::string& g, std::string_view set, std::array<buffer, N>& bufs, Part&) {
            for (auto& b : bufs) one(b.template data<std::byte>(), b.bytes(), g, set);
        }
        void array(const std::string& g, std::string_view f, buffer& b, std::size_t, field_bound) { one(b.template data<std::byte>(), b.bytes(), g, f); }
        void table(const std::string& g, std::string_view f, std::vector<std::uint32_t>& v, field_bound) { one(v.data(), v.size() * 4, g, f); }
        template <class Pop>
        void recording(const std::string& g, Pop& p) { one(p.rec.template data<std::byte>(), p.rec.bytes(), g, "spike_recording"); }
        template <class Sg>
        void event_recording(const std::string& g, Sg& s) {
            one(s.evt_rec.template data<std::byte>(), s.evt_rec.bytes(), g, "pre_spike_event_recording");
            one(s.post_evt_rec.template data<std::byte>(), s.post_evt_rec.bytes(), g, "post_spike_event_recording");
        }
    };
    template <class One>
    void for_each_array(One one) { for_each_field<S, T>(host_, field_visitor<One>{one}); }
    /// Registers the device twin of every array (new arrays are uploaded).
    void ensure_all() {
        for_each_array([this](const void* p, std::size_t bytes, std::string_view g, std::string_view f) { ensure(p, bytes, g, f); });
    }
    void copy_all(bool push) {
        if (push) prepare();
        for_each_array([this, push](const void* p, std::size_t, std::string_view, std::string_view) {
            if (p) reg_.copy(p, push, stream_);
        });
        ++(push ? stats_.pushes : stats_.pulls);
        sync("simulation", push ? "push_state" : "pull_state");
    }

    void* dev(const void* host, std::string_view g, std::string_view what) const { return reg_.device(host, g, what); }
    template <std::size_t NP, std::size_t ND, std::size_t NV, std::size_t NE>
    model_view<NP, ND, NV, NE> to_device(model_view<NP, ND, NV, NE> v, std::string_view g) const {
        if constexpr (NV > 0) for (std::size_t k = 0; k < NV; ++k) v.vars[k] = dev(v.vars[k], g, "variable");
        if constexpr (NE > 0) for (std::size_t k = 0; k < NE; ++k) v.egps[k] = dev(v.egps[k], g, "extra global parameter");
        return v;
    }

    template <auto A, class Work>
    launch_layout<A.size()> layout(Work&& work) const {
        launch_layout<A.size()> L{};
        const std::uint64_t bs = cfg_.block_size;
        std::uint64_t at = 0;
        [&]<std::size_t... J>(std::index_sequence<J...>) {
            ((L.start[J] = std::uint32_t(at), at += (work.template operator()<A[J]>() + bs - 1) / bs), ...);
        }(std::make_index_sequence<A.size()>{});
        if (at > 0x7fffffffull) fail("simulation", "cuda", "a fused kernel needs ", at, " blocks, more than a grid holds");
        L.start[A.size()] = std::uint32_t(at);
        return L;
    }

    state_t build_state() {
        state_t st{};
        std::memset(static_cast<void*>(&st), 0, sizeof st);
        const std::uint32_t B = host_.opts().batch;
        st.clock = clock_.template data<std::uint64_t>();
        st.done = done_.template data<std::uint32_t>();
        st.bad_delay = flags_.template data<std::uint32_t>();
        st.seed = host_.seed_of(0);
        st.connectivity_seed = host_.connectivity_seed();
        st.dt = host_.opts().dt;
        st.batch = B;
        st.block = cfg_.block_size;
        for_each_index<pops>([&]<std::size_t P>() {
            auto& p = host_.template store<P>();
            auto& d = st.template part<P>();
            d.m = to_device(p.m.template view<S, T>(), p.name);
            d.sp = p.spikes(0);
            d.sp.st = static_cast<T*>(dev(d.sp.st, p.name, "st"));
            d.sp.prev_st = static_cast<T*>(dev(d.sp.prev_st, p.name, "prev_st"));
            d.sp.spk = static_cast<std::uint32_t*>(dev(d.sp.spk, p.name, "spikes"));
            d.sp.spk_cnt = static_cast<std::uint32_t*>(dev(d.sp.spk_cnt, p.name, "spike_count"));
            d.spikes = {d.sp.spk, d.sp.spk_cnt, bits_[P].template data<std::uint32_t>(), pending_[P].template data<std::uint32_t>(),
                        p.n, p.ring, (p.n + 31) / 32};
            d.rec = static_cast<std::uint32_t*>(dev(p.rec.raw(), p.name, "spike_recording"));
            d.rec_steps = d.rec ? p.rec_steps : 0;
            d.rec_words = p.rec_words;
        });
        for_each_index<sources>([&]<std::size_t C>() {
            auto& c = host_.template store<C>();
            st.template part<C>().m = to_device(c.m.template view<S, T>(), c.name);
        });
        std::map<const void*, int> users;  // groups per inSyn array (fused postsynaptic models)
        for_each_index<groups>([&]<std::size_t G>() {
            auto& g = host_.template store<G>();
            ++users[g.template view<S, T>(0).in_syn];
        });
        for_each_index<groups>([&]<std::size_t G>() {
            using gt = sg_traits<list, G>;
            auto& g = host_.template store<G>();
            auto& d = st.template part<G>();
            auto sv = g.template view<S, T>(0);
            const void* host_in_syn = sv.in_syn;
            sv.wu = to_device(sv.wu, g.name);
            sv.psm = to_device(sv.psm, g.name);
            if constexpr (gt::wu_info.pre_vars.size() > 0) for (std::size_t k = 0; k < gt::wu_info.pre_vars.size(); ++k) sv.pre_vars[k] = dev(sv.pre_vars[k], g.name, "pre_var");
            if constexpr (gt::wu_info.post_vars.size() > 0) for (std::size_t k = 0; k < gt::wu_info.post_vars.size(); ++k) sv.post_vars[k] = dev(sv.post_vars[k], g.name, "post_var");
            sv.in_syn = static_cast<S*>(dev(sv.in_syn, g.name, "inSyn"));
            sv.den = static_cast<S*>(dev(sv.den, g.name, "dendritic_delay"));
            sv.rev = static_cast<S*>(dev(sv.rev, g.name, "revInSyn"));
            sv.set = static_cast<T*>(dev(sv.set, g.name, "set"));
            sv.prev_set = static_cast<T*>(dev(sv.prev_set, g.name, "prev_set"));
            sv.post_set = static_cast<T*>(dev(sv.post_set, g.name, "set_post"));
            sv.post_prev_set = static_cast<T*>(dev(sv.post_prev_set, g.name, "prev_set_post"));
            if constexpr (gt::wu_info.pre_neuron_var_refs.size() > 0)
                for (std::size_t k = 0; k < g.pre_hist.size(); ++k) sv.pre_hist[k] = dev(sv.pre_hist[k], g.name, "pre_history" + std::to_string(k));
            if constexpr (gt::pre_var_history > 0)
                for (std::size_t k = 0; k < g.pre_var_hist.size(); ++k)
                    if (sv.pre_var_hist[k]) sv.pre_var_hist[k] = dev(sv.pre_var_hist[k], g.name, "pre_var_history" + std::to_string(k));
            if constexpr (gt::post_history > 0)
                for (std::size_t k = 0; k < g.post_hist.size(); ++k)
                    if (sv.post_hist[k]) sv.post_hist[k] = dev(sv.post_hist[k], g.name, "post_history" + std::to_string(k));
            sv.bad_delay = flags_.template data<std::uint32_t>() + G;
            d.sv = sv;
            d.psm = to_device(g.psm.template view<S, T>(), g.name);
            d.fused = g.fused;
            d.atomic_input = users[host_in_syn] > 1;
            d.span = span_of<G>();
            d.ind = dev(g.ind.raw(), g.name, "ind");
            d.index_bytes = g.index_bytes;
            d.stride = g.stride;
            d.row_length = static_cast<const std::uint32_t*>(dev(g.row_length.data(), g.name, "row_length"));
            d.mask = static_cast<const std::uint32_t*>(dev(g.bits.data(), g.name, "bitmask"));
            d.words_per_row = g.words_per_row;
            d.col_length = static_cast<const std::uint32_t*>(dev(g.col_length.data(), g.name, "col_length"));
            d.col_syn = static_cast<const std::uint32_t*>(dev(g.col_syn.data(), g.name, "col_syn"));
            d.col_stride = g.col_stride;
            for (std::size_t a = 0; a < 4; ++a) d.kernel[a] = g.kernel[a];
            if constexpr (gt::kind == matrix_kind::toeplitz) {
                using C = typename gt::matrix::connect_type;
                d.n_diag = C::snippet::max_row_length(g.n_pre, g.n_post, std::span<const double>(host_.template desc<G>().matrix.conn.params));
            }
            if constexpr (requires { host_.template connect_store<G>().params; })
                d.conn = to_device(host_.template connect_store<G>().template view<S, T>(), g.name);
            [&]<std::size_t... K>(std::index_sequence<K...>) {
                ((hd_get<K>(d.proc) = to_device(std::get<K>(g.proc_inits).template view<S, T>(), g.name)), ...);
            }(std::make_index_sequence<std::tuple_size_v<std::remove_cvref_t<decltype(g.proc_inits)>>>{});
            if constexpr (gt::template has<field::pre_event_syn_code>) {
                d.events = {static_cast<std::uint32_t*>(dev(g.evt.raw(), g.name, "events")),
                            static_cast<std::uint32_t*>(dev(g.evt_cnt.raw(), g.name, "event_count")),
                            bits_[G].template data<std::uint32_t>(), pending_[G].template data<std::uint32_t>(), g.n_pre, g.evt_ring,
                            (g.n_pre + 31) / 32};
                d.evt_rec = static_cast<std::uint32_t*>(dev(g.evt_rec.raw(), g.name, "pre_spike_event_recording"));
                d.evt_rec_steps = d.evt_rec ? g.evt_rec_steps : 0;
            }
            if constexpr (gt::template has<field::post_event_syn_code>) {
                d.post_events = {static_cast<std::uint32_t*>(dev(g.post_evt.raw(), g.name, "post_events")),
                                 static_cast<std::uint32_t*>(dev(g.post_evt_cnt.raw(), g.name, "post_event_count")),
                                 post_bits_[G].template data<std::uint32_t>(), post_pending_[G].template data<std::uint32_t>(), g.n_post,
                                 g.post_evt_ring, (g.n_post + 31) / 32};
                d.post_evt_rec = static_cast<std::uint32_t*>(dev(g.post_evt_rec.raw(), g.name, "post_spike_event_recording"));
                d.post_evt_rec_steps = d.post_evt_rec ? g.post_evt_rec_steps : 0;
            }
        });
        // launch layouts
        st.neurons = layout<pops>([&]<std::size_t P>() { return std::uint64_t(host_.template store<P>().n); });
        if (st.neurons.start[pops.size()] == 0) st.neurons.start[pops.size()] = 1;
        st.propagate = layout<groups>([&]<std::size_t G>() -> std::uint64_t {
            using gt = sg_traits<list, G>;
            auto& g = host_.template store<G>();
            if constexpr (!gt::template has<field::pre_spike_syn_code> && !gt::template has<field::pre_event_syn_code>) return 0;
            else if constexpr (gt::kind == matrix_kind::toeplitz) return st.template part<G>().n_diag;
            else if constexpr (gt::kind == matrix_kind::procedural) return std::min<std::uint64_t>(g.n_pre, 65536);
            else if (span_of<G>() == cuda_span::postsynaptic) return g.n_post;
            else return std::min<std::uint64_t>(g.n_pre, std::max<std::uint32_t>(cfg_.warps_per_group, 1)) * 32;
        });
        st.dynamics = layout<groups>([&]<std::size_t G>() -> std::uint64_t {
            using gt = sg_traits<list, G>;
            auto& g = host_.template store<G>();
            if constexpr (gt::template has<field::synapse_dynamics_code> && gt::stores_synapses)
                return std::min<std::uint64_t>(std::uint64_t(g.n_pre) * (gt::kind == matrix_kind::dense ? g.n_post : g.stride), 1u << 24);
            else return 0;
        });
        st.learn = layout<groups>([&]<std::size_t G>() -> std::uint64_t {
            using gt = sg_traits<list, G>;
            if constexpr (gt::learns_post && gt::stores_synapses) return host_.template store<G>().n_post;
            else return 0;
        });
        return st;
    }

    /// Gives new host arrays a device copy and uploads the device state when it changed.
    void prepare() {
        if (cfg_.block_size == 0 || cfg_.block_size % 32 != 0 || cfg_.block_size > 1024)
            fail("simulation", "cuda block_size", "threads per block must be a multiple of 32 in [32, 1024], got ", cfg_.block_size);
        ensure_all();
        const state_t st = build_state();
        if (!state_valid_ || std::memcmp(&st, &state_host_, sizeof st) != 0) {
            const bool layout_changed = !state_valid_ || std::memcmp(&st.neurons, &state_host_.neurons, sizeof st.neurons) != 0 ||
                                        std::memcmp(&st.propagate, &state_host_.propagate, sizeof st.propagate) != 0 ||
                                        std::memcmp(&st.dynamics, &state_host_.dynamics, sizeof st.dynamics) != 0 ||
                                        std::memcmp(&st.learn, &state_host_.learn, sizeof st.learn) != 0;
            if (layout_changed) { drop_graphs(); persistent_grid_ = 0; }
            std::memcpy(static_cast<void*>(&state_host_), &st, sizeof st);
            state_valid_ = true;
            cuda_check(cudaMemcpyAsync(state_.raw(), &state_host_, sizeof st, cudaMemcpyHostToDevice, stream_), "simulation", "device state (upload)");
            ++stats_.state_uploads;
            sync("simulation", "device state (upload)");
        }
        if (clock_known_ != host_.timestep()) {
            clock_value_ = host_.timestep();
            cuda_check(cudaMemcpyAsync(clock_.raw(), &clock_value_, sizeof clock_value_, cudaMemcpyHostToDevice, stream_), "simulation", "step clock (upload)");
            clock_known_ = clock_value_;
        }
    }

    // ---- launches ------------------------------------------------------------------------------
    std::uint32_t blocks(cuda_phase ph) const {
        switch (ph) {
            case cuda_phase::dynamics: return state_host_.dynamics.start[groups.size()];
            case cuda_phase::propagate: return state_host_.propagate.start[groups.size()];
            case cuda_phase::learn: return state_host_.learn.start[groups.size()];
            default: return state_host_.neurons.start[pops.size()];
        }
    }
    std::uint32_t kernels_per_step() const {
        std::uint32_t k = 0;
        for (std::uint32_t ph = 0; ph < cuda_phases; ++ph) k += blocks(cuda_phase(ph)) > 0;
        return k;
    }
    static constexpr const char* phase_name(cuda_phase ph) {
        switch (ph) {
            case cuda_phase::dynamics: return "synapse dynamics kernel";
            case cuda_phase::propagate: return "presynaptic update kernel";
            case cuda_phase::learn: return "postsynaptic update kernel";
            default: return "neuron update kernel";
        }
    }
    void launch(cuda_phase ph) {
        const std::uint32_t nb = blocks(ph);
        if (nb == 0) return;
        const dim3 grid(nb, host_.opts().batch), block(cfg_.block_size);
        cuda_check(cuda_launcher<key>::template launch<S, T>(ph, grid, block, stream_, state_.raw()), "simulation", phase_name(ph));
        ++stats_.kernel_launches;
        ++stats_.host_launches;
    }
    /// One cooperative launch of `steps` steps; the grid is as large as can be co-resident.
    void launch_persistent(std::uint32_t steps) {
        if (persistent_grid_ == 0) {
            int dev = 0, sms = 0, coop = 0, per_sm = 0;
            cuda_check(cudaGetDevice(&dev), "simulation", "persistent kernel");
            cuda_check(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev), "simulation", "persistent kernel");
            cuda_check(cudaDeviceGetAttribute(&coop, cudaDevAttrCooperativeLaunch, dev), "simulation", "persistent kernel");
            if (!coop) fail("simulation", "persistent kernel", "the device does not support cooperative launches");
            cuda_check(cuda_launcher<key>::template persistent_occupancy<S, T>(&per_sm, int(cfg_.block_size)), "simulation",
                       "persistent kernel (occupancy)");
            if (per_sm <= 0) fail("simulation", "persistent kernel", "no block of ", cfg_.block_size, " threads fits on a multiprocessor");
            std::uint64_t want = 0;
            for (std::uint32_t ph = 0; ph < cuda_phases; ++ph) want = std::max<std::uint64_t>(want, std::uint64_t(blocks(cuda_phase(ph))) * host_.opts().batch);
            persistent_grid_ = std::uint32_t(std::max<std::uint64_t>(1, std::min<std::uint64_t>(want, std::uint64_t(per_sm) * sms)));
        }
        cuda_check(cuda_launcher<key>::template launch_persistent<S, T>(dim3(persistent_grid_), dim3(cfg_.block_size), stream_, state_.raw(), steps),
                   "simulation", "persistent kernel");
        ++stats_.host_launches;
        ++stats_.kernel_launches;
    }
    void launch_step() {
        for (std::uint32_t ph = 0; ph < cuda_phases; ++ph) launch(cuda_phase(ph));
    }
    void timed_step() {
        if (!events_[0]) for (auto& e : events_) cuda_check(cudaEventCreate(&e), "simulation", "timer event");
        for (std::uint32_t ph = 0; ph < cuda_phases; ++ph) {
            cuda_check(cudaEventRecord(events_[ph], stream_), "simulation", "timer event");
            launch(cuda_phase(ph));
        }
        cuda_check(cudaEventRecord(events_[cuda_phases], stream_), "simulation", "timer event");
        sync("simulation", "step");
        auto& tm = host_.times();
        double* acc[cuda_phases] = {&tm.synapse_dynamics, &tm.presynaptic_update, &tm.postsynaptic_update, &tm.neuron_update};
        for (std::uint32_t ph = 0; ph < cuda_phases; ++ph) {
            float ms = 0;
            cuda_check(cudaEventElapsedTime(&ms, events_[ph], events_[ph + 1]), "simulation", "timer event");
            *acc[ph] += double(ms) * 1e-3;
        }
    }
    cudaGraphExec_t graph_for(std::uint32_t steps) {
        auto it = graphs_.find(steps);
        if (it != graphs_.end()) return it->second;
        cuda_check(cudaStreamBeginCapture(stream_, cudaStreamCaptureModeThreadLocal), "simulation", "graph capture");
        const std::uint64_t launches = stats_.kernel_launches, host_launches = stats_.host_launches;
        cudaError_t err = cudaSuccess;
        try {
            for (std::uint32_t k = 0; k < steps; ++k) launch_step();
        } catch (...) {
            cudaGraph_t g = nullptr;
            (void)cudaStreamEndCapture(stream_, &g);
            if (g) (void)cudaGraphDestroy(g);
            throw;
        }
        stats_.kernel_launches = launches;  // counted when the graph runs
        stats_.host_launches = host_launches;
        cudaGraph_t graph = nullptr;
        err = cudaStreamEndCapture(stream_, &graph);
        cuda_check(err, "simulation", "graph capture");
        cudaGraphExec_t exec = nullptr;
        err = cudaGraphInstantiate(&exec, graph, 0);
        (void)cudaGraphDestroy(graph);
        cuda_check(err, "simulation", "graph instantiation");
        ++stats_.graph_builds;
        graphs_[steps] = exec;
        return exec;
    }
    void drop_graphs() {
        for (auto& [k, e] : graphs_) (void)cudaGraphExecDestroy(e);
        graphs_.clear();
    }

    void sync(std::string_view group, std::string_view what) {
        ++stats_.host_syncs;
        cuda_check(cudaStreamSynchronize(stream_), group, what);
    }

    /// addToPostDelay beyond max_dendritic_delay: the device flag, checked after a run.
    void check_flags(std::uint64_t first, std::uint64_t n) {
        std::vector<std::uint32_t> f(list::size, 0u);
        cuda_check(cudaMemcpyAsync(f.data(), flags_.raw(), f.size() * sizeof(std::uint32_t), cudaMemcpyDeviceToHost, stream_), "simulation", "dendritic delay flags");
        sync("simulation", "dendritic delay flags");
        for_each_index<groups>([&]<std::size_t G>() {
            if (!f[G]) return;
            cuda_check(cudaMemsetAsync(flags_.raw(), 0, f.size() * sizeof(std::uint32_t), stream_), "simulation", "dendritic delay flags");
            sync("simulation", "dendritic delay flags");
            auto& g = host_.template store<G>();
            fail(g.name, "addToPostDelay", "dendritic delay ", f[G] - 1, " steps is not below max_dendritic_delay ", g.max_dendritic,
                 " (found on the GPU after steps ", first, "..", first + n - 1, ")");
        });
    }

    instance host_;
    cuda_config cfg_;
    cuda_stats stats_;
    cudaStream_t stream_ = nullptr;
    device_registry reg_;
    device_buffer clock_, done_, flags_, state_;
    std::array<device_buffer, list::size> bits_, pending_;
    std::array<device_buffer, list::size> post_bits_, post_pending_;  // postsynaptic spike-like events
    std::array<cuda_span, list::size> span_{};
    state_t state_host_{};
    bool state_valid_ = false;
    std::uint64_t clock_known_ = ~std::uint64_t(0), clock_value_ = 0;
    std::map<std::uint32_t, cudaGraphExec_t> graphs_;
    std::uint32_t persistent_grid_ = 0;
    static constexpr std::size_t max_cached_graphs = 8;
    cudaEvent_t events_[cuda_phases + 1] = {};
};

}  // namespace detail
}  // namespace cortexpr

CORTEXPR_DIAG_END

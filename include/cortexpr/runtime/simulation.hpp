// The simulation: a network instantiated on a backend, with its run-time API.
//
//   auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 42});      // float, double time
//   auto sim = cx::simulate<cx::cpu, double>(net, {...});                // double precision
//   sim.record_spikes<"Exc">(10000);
//   sim.run(1000.0);
//   auto [times, ids] = sim.spikes<"Exc">();
//   auto v = sim.var<"Exc", "V">();          // host view (std::span) with pull()/push()
#pragma once
#include <array>
#include <cmath>
#include <cstring>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

#include "../backend/cpu/engine.hpp"
#include "../network/custom_update_network.hpp"
#include "custom_updates.hpp"
#include "custom_connectivity_updates.hpp"
#include "finite_guard.hpp"
#include "checkpoint_state.hpp"
#include "../base/options.hpp"
#include "snapshot.hpp"
#include "var_recorder.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr {

/// A host view of one array: a std::span with pull() and push(), which copy from and to
/// the device on GPU backends (they are always valid to call). On every backend push()
/// also tells the simulation that an array it validates before a step (spike times and
/// their indices, simulation::step) has changed.
template <class V>
class var_view : public std::span<V> {
public:
    var_view() = default;
    var_view(std::span<V> s, std::uint32_t batch_stride, std::string_view group = {}, std::string_view field = {})
        : std::span<V>(s), stride_(batch_stride), group_(group), field_(field) {}
    void pull() const { if (sync_) sync_(false); }
    void push() const {
        if (changed_) *changed_ = true;
        if (sync_) sync_(true);
    }
    /// Set by backends with device memory: copies the array device -> host (false) or
    /// host -> device (true).
    var_view& sync_with(std::function<void(bool)> f) { sync_ = std::move(f); return *this; }
    /// Set by the simulation for arrays it validates: push() sets *flag.
    var_view& marks(bool* flag) { changed_ = flag; return *this; }
    /// Elements per batch entry (0: one entry shared by every batch entry).
    std::uint32_t batch_stride() const { return stride_; }
    /// Elements of batch entry b (variables shared by batches have one entry).
    std::span<V> batch(std::uint32_t b) const {
        if (stride_ == 0) return *this;
        const std::size_t entries = stride_ >= this->size() ? 1 : this->size() / stride_;
        if (b >= entries) detail::fail(group_, field_, "batch entry ", b, " out of range [0, ", entries, ")");
        if (stride_ >= this->size()) return *this;
        return this->subspan(std::size_t(b) * stride_, stride_);
    }

private:
    std::uint32_t stride_ = 0;
    std::string_view group_, field_;  // for errors
    std::function<void(bool)> sync_;
    bool* changed_ = nullptr;
};

/// Spikes of one batch entry, decoded from the recording: times [ms] and neuron ids,
/// in time order (ids ascending within a step).
template <class T>
struct spike_trains {
    std::vector<T> times;
    std::vector<std::uint32_t> ids;
};

/// One synapse of a sparse group: presynaptic index, postsynaptic index, value.
template <class V>
struct synapse_value {
    std::uint32_t pre, post;
    V value;
};

namespace detail {
template <class Backend, class Net, class S, class T>
struct engine_for;

/// Backends with device memory (CUDA) give host views a copy function and copy arrays
/// the simulation reads on the host (recordings, spike lists) before it reads them.
template <class E, class View>
View with_device_sync(E& e, View v, const void* host, std::size_t bytes) {
    if constexpr (requires { e.sync_of(host, bytes); }) v.sync_with(e.sync_of(host, bytes));
    return v;
}
template <class E>
void pull_from_device(E& e, const void* host) {
    if constexpr (requires { e.pull_host(host); }) e.pull_host(host);
}
template <class Net, class S, class T>
struct engine_for<cpu, Net, S, T> { using type = cpu_engine<Net, S, T>; };

/// Where variable `Var` of part I lives: 0 model vars, 1 WU pre vars, 2 WU post vars,
/// 3 postsynaptic model vars; and its index.
struct var_location { int set = -1, index = -1; };
template <class List, std::size_t I>
constexpr var_location locate_var(std::string_view v) {
    using P = typename List::template part<I>;
    auto find = [&](std::span<const var_info> vs) { for (std::size_t k = 0; k < vs.size(); ++k) if (vs[k].name == v) return int(k); return -1; };
    if constexpr (P::kind == part_kind::synapses) {
        constexpr model_info wu = info_of<typename P::wu_type::model, family::weight_update>();
        constexpr model_info ps = info_of<typename P::psm_type::model, family::postsynaptic>();
        if (int k = find(wu.vars); k >= 0) return {0, k};
        if (int k = find(wu.pre_vars); k >= 0) return {1, k};
        if (int k = find(wu.post_vars); k >= 0) return {2, k};
        if (int k = find(ps.vars); k >= 0) return {3, k};
        return {};
    } else {
        if (int k = find(P::info.vars); k >= 0) return {0, k};
        return {};
    }
}

template <class List, fixed_string Group>
struct group_check {
    static constexpr message text() {
        message m;
        if (List::find(Group) < 0) {
            m.put("simulation: no part is named '"); m.put(Group); m.put("' (parts:");
            for (std::size_t k = 0; k < List::size; ++k) { m.put(k ? ", " : " "); m.put(List::names[k]); }
            m.put(")");
        }
        return m;
    }
};
template <class List, fixed_string Group, fixed_string Var>
struct var_check {
    static constexpr message text() {
        message m = group_check<List, Group>::text();
        if (m.size) return m;
        constexpr std::size_t I = std::size_t(List::find(Group) < 0 ? 0 : List::find(Group));
        if (locate_var<List, I>(Var).set < 0) {
            m.put("simulation: '"); m.put(Group); m.put("' has no variable '"); m.put(Var); m.put("' (variables:");
            const char* sep = " ";
            auto list = [&](std::span<const var_info> vs) { for (const auto& v : vs) { m.put(sep); m.put(v.name); sep = ", "; } };
            using P = typename List::template part<I>;
            if constexpr (P::kind == part_kind::synapses) {
                constexpr model_info wu = info_of<typename P::wu_type::model, family::weight_update>();
                constexpr model_info ps = info_of<typename P::psm_type::model, family::postsynaptic>();
                list(wu.vars); list(wu.pre_vars); list(wu.post_vars); list(ps.vars);
            } else {
                list(P::info.vars);
            }
            m.put(std::string_view(sep) == " " ? " none)" : ")");
        }
        return m;
    }
};
template <class Updates, fixed_string Name, fixed_string Var>
struct update_var_check {
    static constexpr std::size_t update() {
        std::size_t i = std::tuple_size_v<Updates>;
        [&]<std::size_t... U>(std::index_sequence<U...>) {
            ((std::string_view(std::tuple_element_t<U, Updates>::name) == Name.view() && i == sizeof...(U) ? void(i = U) : void()), ...);
        }(std::make_index_sequence<std::tuple_size_v<Updates>>{});
        return i;
    }
    static constexpr std::size_t var() {
        std::size_t k = ~std::size_t(0);
        [&]<std::size_t... U>(std::index_sequence<U...>) {
            ([&] {
                if (U != update()) return;
                const auto& vs = std::tuple_element_t<U, Updates>::info.vars;
                for (std::size_t j = 0; j < vs.size(); ++j) if (vs[j].name == Var.view()) k = j;
            }(), ...);
        }(std::make_index_sequence<std::tuple_size_v<Updates>>{});
        return k;
    }
    static constexpr message text() {
        message m;
        if (update() == std::tuple_size_v<Updates>) { m.put("simulation: no custom update is named '"); m.put(Name); m.put("'"); }
        else if (var() == ~std::size_t(0)) { m.put("simulation: custom update '"); m.put(Name); m.put("' has no variable '"); m.put(Var); m.put("'"); }
        return m;
    }
};
template <class List, fixed_string Group, part_kind K>
struct kind_check {
    static constexpr message text() {
        message m = group_check<List, Group>::text();
        if (m.size) return m;
        if (List::kinds[List::find(Group)] != K) {
            constexpr std::string_view kn[] = {"a population", "a current source", "a synapse group"};
            m.put("simulation: '"); m.put(Group); m.put("' is not "); m.put(kn[std::size_t(K)]);
        }
        return m;
    }
};
/// An extra global parameter of part Group (a synapse group's: of its weight update or
/// its postsynaptic model).
template <class List, fixed_string Group, fixed_string Egp>
struct egp_check {
    static constexpr message text() {
        message m = group_check<List, Group>::text();
        if (m.size) return m;
        constexpr std::size_t I = std::size_t(List::find(Group));
        using P = typename List::template part<I>;
        bool found = false;
        const char* sep = " ";
        std::string_view names[64];
        std::size_t n = 0;
        auto scan = [&](const model_info& info) {
            for (const auto& e : info.egps) { found = found || e.name == Egp.view(); if (n < 64) names[n++] = e.name; }
        };
        if constexpr (P::kind == part_kind::synapses) {
            scan(info_of<typename P::wu_type::model, family::weight_update>());
            scan(info_of<typename P::psm_type::model, family::postsynaptic>());
        } else {
            scan(P::info);
        }
        if (!found) {
            m.put("simulation: '"); m.put(Group); m.put("' has no extra global parameter '"); m.put(Egp); m.put("' (extra global parameters:");
            for (std::size_t k = 0; k < n; ++k) { m.put(sep); m.put(names[k]); sep = ", "; }
            m.put(n ? ")" : " none)");
        }
        return m;
    }
};

/// Where `v` stands in `a` (a.size() when absent).
template <std::size_t N>
constexpr std::size_t position_of(const std::array<std::size_t, N>& a, std::size_t v) {
    for (std::size_t k = 0; k < N; ++k) if (a[k] == v) return k;
    return N;
}

}  // namespace detail

template <class Backend, class Net, class S = float, class T = double>
class simulation {
    static_assert(std::is_same_v<S, float> || std::is_same_v<S, double>, "cortexpr::simulation: scalar must be float or double");
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "cortexpr::simulation: time must be float or double");
    using base_net = typename detail::base_network_of<Net>::type;  // the parts the engine runs
    using engine_t = typename detail::engine_for<Backend, base_net, S, T>::type;
    using list = typename Net::list;
    using updates_t = typename detail::updates_of<Net>::type;
    using conns_t = typename detail::connectivity_of<Net>::type;  // custom connectivity updates

    template <fixed_string G>
    static constexpr std::size_t index = std::size_t(list::find(G) < 0 ? 0 : list::find(G));
    // whether G names a custom update
    template <fixed_string G>
    static constexpr bool is_update = detail::custom_updates<list, updates_t, S, T>::find(G.view()) < std::tuple_size_v<updates_t>;
    // a population's index for the spike API: after a kind_check error, the first
    // population, so that no further errors follow the network_error
    template <fixed_string G>
    static constexpr std::size_t pop_index = [] {
        if (list::find(G) >= 0 && list::kinds[list::find(G)] == part_kind::population) return std::size_t(list::find(G));
        for (std::size_t k = 0; k < list::size; ++k) if (list::kinds[k] == part_kind::population) return k;
        return std::size_t(0);
    }();

public:
    using scalar_type = S;
    using time_type = T;

    simulation(Net net, const options& o = {})
        : engine_(std::move(static_cast<base_net&>(net)), o), updates_(host_engine(), updates_in(net), engine_.opts()),
          conns_(host_engine(), conns_in(net), engine_.opts()) {}

    /// Runs every custom update of update group `group` (cx::update<Name, Group, Model>),
    /// as GeNN's custom_update(group) does; see docs/guide/custom-updates.md.
    void custom_update(std::string_view group) {
        if constexpr (std::tuple_size_v<conns_t> > 0) {
            // custom connectivity updates of the group first (runtime/custom_connectivity_updates.hpp)
            if (conns_.has_group(group)) {
                run_connectivity(group);
                *inputs_changed_ = true;
                if (!updates_.has_group(group)) return;
            }
        }
        typename detail::custom_update_exec_for<Backend, base_net, updates_t, S, T>::type exec(engine_);
        updates_.run(host_engine(), group, engine_.opts(), exec);
        *inputs_changed_ = true;  // an update may write what step() validates (spike sources)
    }
    /// Cumulative seconds spent in update group `group` (zero unless options::timing).
    double custom_update_time(std::string_view group) const { return updates_.time(group); }
    /// Host view of variable `Var` of custom update `Name` ([batch entry][element] when the
    /// update runs per batch entry; see docs/guide/custom-updates.md for the layouts). On
    /// a GPU backend the variable lives on the device: pull() before reading, push() after
    /// writing, as for var().
    template <fixed_string Name, fixed_string Var>
    auto custom_update_var() {
        static_assert(sizeof(detail::checked<detail::update_var_check<updates_t, Name, Var>>) != 0);
        constexpr std::size_t U = detail::update_var_check<updates_t, Name, Var>::update();
        constexpr std::size_t K = detail::update_var_check<updates_t, Name, Var>::var();
        if constexpr (U >= std::tuple_size_v<updates_t> || K == ~std::size_t(0)) return 0;
        else {
            auto& st = updates_.template state_of<U>();
            constexpr var_info vi = std::tuple_element_t<U, updates_t>::info.vars[K];
            using V = detail::value_t<vi.type.base, S, T>;
            auto& buf = st.m.vars[K];
            const bool per_batch = st.batches > 1 && buf.count() == std::size_t(st.batches) * st.n;
            return detail::with_device_sync(engine_, var_view<V>(std::span<V>(buf.template data<V>(), buf.count()),
                                                                 per_batch ? std::uint32_t(st.n) : 0u, st.name, Var.view()),
                                            buf.raw(), buf.bytes());
        }
    }

    /// Host view of variable `Var` of custom connectivity update `Name`: a per-synapse
    /// variable indexed by synapse slot (pre · row_stride + k, as the group's weight-update
    /// variables in var()), a pre_var per presynaptic, a post_var per postsynaptic neuron.
    /// The row edits run on the host, so on a GPU backend too it is current.
    template <fixed_string Name, fixed_string Var>
    auto connectivity_update_var() {
        using C = detail::custom_connectivity_updates<list, conns_t, S, T>;
        constexpr std::size_t U = C::find(Name.view());
        static_assert(U < std::tuple_size_v<conns_t>, "cortexpr: connectivity_update_var: no custom connectivity update of that name");
        constexpr auto at = C::template locate<U>(Var.view());
        static_assert(at.first >= 0, "cortexpr: connectivity_update_var: the custom connectivity update has no variable of that name");
        constexpr model_info info = std::tuple_element_t<U, conns_t>::info;
        constexpr var_info vi = at.first == 0 ? info.vars[std::size_t(at.second)]
                              : at.first == 1 ? info.pre_vars[std::size_t(at.second)] : info.post_vars[std::size_t(at.second)];
        using V = detail::value_t<vi.type.base, S, T>;
        auto& buf = conns_.template buffer_of<U, at.first, at.second>();
        return var_view<V>(std::span<V>(buf.template data<V>(), buf.count()), 0u, Name.view(), Var.view());
    }

    /// Advances one time step.
    ///
    /// Before it (and before run()), the inputs that model code indexes unchecked are
    /// validated: every EGP the code reads is allocated, and each neuron model's
    /// check_state hook passes (SpikeSourceArray: each neuron's spikes left lie inside
    /// spikeTimes, finite and sorted). That costs O(spike times left), so it is done only
    /// when they may have changed since the last validation: at the first step, and after
    /// set_egp, egp_allocate, load_checkpoint, engine(), a var() or egp() view of a
    /// population with a check_state hook being handed out, or push() on such a view. A write through a view kept from before an earlier step is seen by
    /// the validation only after push() (as GeNN requires a push after host writes) or
    /// mark_inputs_changed().
    void step() {
        validate_inputs();
        checked_step();
        if (!recorders_.empty()) [[unlikely]] sample_recordings();
    }
    /// The next step() or run() validates the inputs again (see step()): for writes
    /// through a view taken before an earlier step and not pushed since.
    void mark_inputs_changed() { *inputs_changed_ = true; }
    /// Advances by `ms` of biological time (rounded to whole steps).
    void run(double ms) { advance(steps_for(ms)); }
    /// Advances by `ms`, calling `observer(*this)` after every `every` steps (counted from
    /// this call). The observer may read spikes and variables, set EGPs and dynamic
    /// parameters, or stop the run early by returning false (a void observer never
    /// stops). Returns the number of steps run. Without an observer, run(ms) has no
    /// per-step cost for it.
    template <class Observer>
    std::uint64_t run(double ms, std::uint64_t every, Observer&& observer) {
        if (every == 0) detail::fail("simulation", "run", "observer interval must be >= 1 step, got ", every);
        const std::uint64_t steps = steps_for(ms);
        std::uint64_t done = 0;
        while (done < steps) {
            const std::uint64_t n = std::min(every, steps - done);
            advance(n);
            done += n;
            if (n < every) break;  // the observer fires on whole intervals only
            if constexpr (std::is_void_v<std::invoke_result_t<Observer&, simulation&>>) {
                observer(*this);
            } else {
                if (!bool(observer(*this))) break;
            }
        }
        return done;
    }
    /// Time [ms] at the start of the next step (= timestep() * dt).
    T t() const { return T(double(engine_.timestep()) * engine_.opts().dt); }
    std::uint64_t timestep() const { return engine_.timestep(); }
    double dt() const { return engine_.opts().dt; }
    std::uint32_t batch_size() const { return engine_.opts().batch; }
    const options& opts() const { return engine_.opts(); }
    /// Cumulative seconds per phase (zero unless options::timing).
    const phase_times& timers() const { return const_cast<engine_t&>(engine_).times(); }

    /// Host view of variable `Var` of part `Group` (a population's, a current source's,
    /// or a synapse group's weight-update, pre, post or postsynaptic-model variable).
    // Each member that takes a part's name (and a variable's or EGP's) has a rejecting
    // overload: declared, never defined, returning the incomplete network_error<message>,
    // so that a wrong name is one compile error at the user's call ("invalid use of
    // incomplete type 'struct cortexpr::network_error<...>'"), not an error inside the
    // member's instantiation, which g++ would print after the whole simulation<...> type.
    template <fixed_string Group, fixed_string Var>
        requires (!detail::passes<detail::var_check<list, Group, Var>>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::var_check<list, Group, Var>>::text) var();
    template <fixed_string Group, fixed_string Var>
        requires detail::passes<detail::var_check<list, Group, Var>>
    auto var() {
        constexpr std::size_t I = index<Group>;
        constexpr auto loc = detail::locate_var<list, I>(Var);
        if constexpr (loc.set < 0) return 0;
        else {
            auto& st = engine_.template store<I>();
            using P = typename list::template part<I>;
            if constexpr (P::kind == part_kind::synapses) {
                using gt = detail::sg_traits<list, I>;
                constexpr std::span<const var_info> set = loc.set == 0 ? gt::wu_info.vars : loc.set == 1 ? gt::wu_info.pre_vars
                                                       : loc.set == 2 ? gt::wu_info.post_vars : gt::psm_info.vars;
                constexpr var_info vi = set[loc.index];
                using V = detail::value_t<vi.type.base, S, T>;
                auto& buf = loc.set == 0 ? st.wu.vars[loc.index] : loc.set == 1 ? st.pre_vars[loc.index]
                          : loc.set == 2 ? st.post_vars[loc.index] : st.psm.vars[loc.index];
                const std::size_t n = loc.set == 0 ? st.syn_count : loc.set == 1 ? st.n_pre : st.n_post;
                if constexpr (loc.set == 0 && gt::weights == weight_storage::procedural)
                    detail::fail(st.name, Var.view(), "weights of ", detail::matrix_name(gt::kind), " connectivity are regenerated at every use and have no storage");
                return marking<I>(detail::with_device_sync(engine_, var_view<V>(std::span<V>(buf.template data<V>(), buf.count()), vi.mode == access::read_only ? 0u : std::uint32_t(n), st.name, Var.view()), buf.raw(), buf.bytes()));
            } else {
                constexpr var_info vi = P::info.vars[loc.index];
                using V = detail::value_t<vi.type.base, S, T>;
                auto& buf = st.m.vars[loc.index];
                const std::uint32_t n = buf.count() / (vi.mode == access::read_only ? 1 : engine_.opts().batch);
                return marking<I>(detail::with_device_sync(engine_, var_view<V>(std::span<V>(buf.template data<V>(), buf.count()), vi.mode == access::read_only ? 0u : n, st.name, Var.view()), buf.raw(), buf.bytes()));
            }
        }
    }

    /// Host view of synapse group `Group`'s postsynaptic input buffer inSyn ([batch][n_post];
    /// GeNN's out_post), which its postsynaptic model reads and decays each step. Read
    /// and write (push() after writing on CUDA).
    template <fixed_string Group>
        requires (!detail::passes<detail::kind_check<list, Group, part_kind::synapses>>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::kind_check<list, Group, part_kind::synapses>>::text) in_syn();
    template <fixed_string Group>
        requires detail::passes<detail::kind_check<list, Group, part_kind::synapses>>
    var_view<S> in_syn() {
        auto& g = engine_.template store<index<Group>>();
        if (g.fused) detail::fail(g.name, "inSyn", "this group's input is fused into another group's inSyn (options::fuse_postsynaptic): read that group's");
        return state_view<S>(g.in_syn, g.n_post, g.name, "inSyn");
    }
    /// Host view of synapse group `Group`'s dendritic delay ring ([batch][max_dendritic_delay]
    /// [n_post]; GeNN's den_delay): input that arrives in later steps; step s adds slot
    /// s % max_dendritic_delay to inSyn and empties it (a delay d sent in step s goes to
    /// slot (s + d) % max_dendritic_delay). Only for groups with max_dendritic_delay > 0.
    template <fixed_string Group>
        requires (!detail::passes<detail::kind_check<list, Group, part_kind::synapses>>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::kind_check<list, Group, part_kind::synapses>>::text) dendritic_delay();
    template <fixed_string Group>
        requires detail::passes<detail::kind_check<list, Group, part_kind::synapses>>
    var_view<S> dendritic_delay() {
        auto& g = engine_.template store<index<Group>>();
        if (!g.max_dendritic) detail::fail(g.name, "dendritic_delay", "the group has no dendritic delay buffer (its max_dendritic_delay is 0)");
        if (g.fused) detail::fail(g.name, "dendritic_delay", "this group's input is fused into another group's buffers (options::fuse_postsynaptic): read that group's");
        return state_view<S>(g.den, std::size_t(g.max_dendritic) * g.n_post, g.name, "dendritic_delay");
    }
    /// Host view of population `Group`'s spike times (GeNN's spike_times, st in model
    /// code): [batch][slot][n], slot (timestep() - 1) % ring the latest, where ring is
    /// 1 + the longest axonal delay of its outgoing groups and back-propagation delay of
    /// its incoming ones (ring = 1, [batch][n], without delays). A neuron that never
    /// spiked holds -max. Read and write.
    template <fixed_string Group>
        requires (!detail::passes<detail::kind_check<list, Group, part_kind::population>>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::kind_check<list, Group, part_kind::population>>::text) spike_times();
    template <fixed_string Group>
        requires detail::passes<detail::kind_check<list, Group, part_kind::population>>
    var_view<T> spike_times() {
        auto& p = engine_.template store<pop_index<Group>>();
        return state_view<T>(p.st, std::size_t(p.ring) * p.n, p.name, "spike_times");
    }
    /// Host view of population `Group`'s previous spike times (prev_st), laid out as
    /// spike_times().
    template <fixed_string Group>
        requires (!detail::passes<detail::kind_check<list, Group, part_kind::population>>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::kind_check<list, Group, part_kind::population>>::text) prev_spike_times();
    template <fixed_string Group>
        requires detail::passes<detail::kind_check<list, Group, part_kind::population>>
    var_view<T> prev_spike_times() {
        auto& p = engine_.template store<pop_index<Group>>();
        return state_view<T>(p.prev_st, std::size_t(p.ring) * p.n, p.name, "prev_spike_times");
    }

    /// Records variable `Var` of part `Group` (any variable var() gives) every `every`
    /// steps into a circular buffer of `samples` samples: one now, then one after every
    /// `every` steps (runtime/var_recorder.hpp). A second call for the same variable
    /// starts a new recording. On CUDA the buffer is device memory, filled on the device;
    /// var_trace() copies it to the host. Recordings are not part of checkpoints.
    template <fixed_string Group, fixed_string Var>
        requires (!detail::passes<detail::var_check<list, Group, Var>>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::var_check<list, Group, Var>>::text) record_var(std::int64_t every, std::int64_t samples);
    template <fixed_string Group, fixed_string Var>
        requires detail::passes<detail::var_check<list, Group, Var>>
    void record_var(std::int64_t every, std::int64_t samples) {
        const std::string& g = engine_.template store<index<Group>>().name;
        if (every < 1) detail::fail(g, Var.view(), "record_var: interval must be >= 1 step, got ", every);
        if (samples < 1 || samples > std::int64_t(0xffffffffu))
            detail::fail(g, Var.view(), "record_var: number of samples must lie in [1, 2^32 - 1], got ", samples);
        auto v = var<Group, Var>();
        using V = std::remove_cv_t<typename decltype(v)::value_type>;
        // built whole before it replaces an older recording: a failure leaves that one
        detail::var_recording r;
        r.part = index<Group>;
        r.group = g;
        r.var = std::string(Var.view());
        r.src = v.data();
        r.elems = v.size();
        r.bytes = v.size() * sizeof(V);
        r.stride = v.batch_stride();
        r.every = std::uint64_t(every);
        r.start = engine_.timestep();
        r.capacity = std::uint32_t(samples);
        std::size_t total = 0;
        if (__builtin_mul_overflow(r.bytes, std::size_t(samples), &total))
            detail::fail(g, Var.view(), "record_var: ", samples, " samples of ", r.bytes, " bytes overflow the address space");
        if constexpr (requires { engine_.recording_buffer(total, g, Var.view()); }) {
            r.device = engine_.recording_buffer(total, g, Var.view());
            r.host.template allocate<std::byte>(total, g, "var_recording");
        } else {
            r.host.template allocate<std::byte>(total, g, "var_recording");
        }
        auto& kept = recorders_.put(std::move(r));
        // the first sample, of the state now
        if constexpr (requires { engine_.recording_sample(kept.device.get(), 0, kept.src, kept.bytes); }) {
            engine_.recording_sample(kept.device.get(), 0, kept.src, kept.bytes);
            kept.host_current = false;
        } else {
            std::memcpy(kept.host.template data<std::byte>(), kept.src, kept.bytes);
        }
        kept.taken = 1;
    }
    /// The samples of `Var` of `Group` for batch entry b recorded in the last
    /// min(samples taken, buffer size) samples, oldest first, with their times
    /// ((start + k * every) * dt).
    template <fixed_string Group, fixed_string Var>
        requires (!detail::passes<detail::var_check<list, Group, Var>>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::var_check<list, Group, Var>>::text) var_trace(std::uint32_t b = 0);
    template <fixed_string Group, fixed_string Var>
        requires detail::passes<detail::var_check<list, Group, Var>>
    auto var_trace(std::uint32_t b = 0) {
        using view_t = decltype(std::declval<simulation&>().template var<Group, Var>());
        using V = std::remove_cv_t<typename view_t::value_type>;
        const std::string& g = engine_.template store<index<Group>>().name;
        detail::var_recording* r = recorders_.find(index<Group>, Var.view());
        if (!r) detail::fail(g, Var.view(), "variable was not recorded (call record_var first)");
        if (b >= engine_.opts().batch) detail::fail(g, Var.view(), "batch entry ", b, " out of range [0, ", engine_.opts().batch, ")");
        if constexpr (requires { engine_.recording_pull(r->device.get(), r->host.raw(), r->host.bytes()); }) {
            if (!r->host_current) engine_.recording_pull(r->device.get(), r->host.raw(), r->host.bytes());
            r->host_current = true;
        }
        var_samples<V, T> out;
        const std::uint64_t have = std::min<std::uint64_t>(r->taken, r->capacity);
        const V* all = r->host.template data<V>();
        for (std::uint64_t k = r->taken - have; k < r->taken; ++k) {
            const V* sample = all + (k % r->capacity) * r->elems;
            var_view<const V> sv(std::span<const V>(sample, r->elems), r->stride, g, Var.view());
            const auto e = sv.batch(b);
            out.n = std::uint32_t(e.size());
            out.times.push_back(T(double(r->start + k * r->every) * engine_.opts().dt));
            out.values.insert(out.values.end(), e.begin(), e.end());
        }
        return out;
    }

    /// Sets parameter `Param` of part `Group` (a population, current source, or a synapse
    /// group's weight-update or postsynaptic model) between steps. Derived parameters are
    /// not recomputed (as in GeNN).
    template <fixed_string Group, fixed_string Param>
        requires (!detail::passes<detail::group_check<list, Group>> && !is_update<Group>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::group_check<list, Group>>::text) set_param(double value);
    /// ... or of custom update `Group` (cx::update<Name, ...>), as GeNN's dynamic parameters
    /// of custom updates; it takes effect at the next custom_update() on every backend.
    template <fixed_string Group, fixed_string Param>
        requires (!detail::passes<detail::group_check<list, Group>> && is_update<Group>)
    void set_param(double value) {
        updates_.set_param(Group.view(), Param.view(), value, engine_.opts());
    }
    template <fixed_string Group, fixed_string Param>
        requires detail::passes<detail::group_check<list, Group>>
    void set_param(double value) {
        constexpr std::size_t I = index<Group>;
        using P = typename list::template part<I>;
        auto& st = engine_.template store<I>();
        auto set = [&](auto& m, const model_info& info) {
            for (std::size_t k = 0; k < info.params.size(); ++k)
                if (info.params[k].name == Param.view()) {
                    // checked as a whole (domains and the model's cross-parameter rule)
                    // before anything changes
                    auto candidate = m.params;
                    candidate[k] = value;
                    detail::check_params<typename std::remove_cvref_t<decltype(m)>::handle>(candidate, st.name);
                    m.params[k] = value;
                    return true;
                }
            return false;
        };
        bool done = false;
        if constexpr (P::kind == part_kind::synapses) {
            using gt = detail::sg_traits<list, I>;
            done = set(st.wu, gt::wu_info) || set(st.psm, gt::psm_info);
        } else {
            done = set(st.m, P::info);
        }
        if (!done) detail::fail(st.name, Param.view(), "no such parameter");
    }

    /// Extra global parameter `Egp` of part `Group`: allocate, then fill the view.
    template <fixed_string Group, fixed_string Egp>
        requires (!detail::passes<detail::egp_check<list, Group, Egp>>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::egp_check<list, Group, Egp>>::text) egp_allocate(std::size_t count);
    template <fixed_string Group, fixed_string Egp>
        requires detail::passes<detail::egp_check<list, Group, Egp>>
    auto egp_allocate(std::size_t count) {
        constexpr std::size_t I = index<Group>;
        auto& st = engine_.template store<I>();
        return with_egp<I, Egp>([&]<std::size_t K>(auto& m) {
            m.template allocate_egp<S, T, K>(count, st.name);
            mark_inputs_changed();  // the EGP's size changed, whatever its part
            return marking<I>(egp_view_of<K>(m));
        });
    }
    template <fixed_string Group, fixed_string Egp>
        requires (!detail::passes<detail::egp_check<list, Group, Egp>>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::egp_check<list, Group, Egp>>::text) egp();
    template <fixed_string Group, fixed_string Egp>
        requires detail::passes<detail::egp_check<list, Group, Egp>>
    auto egp() {
        constexpr std::size_t I = index<Group>;
        auto& st = engine_.template store<I>();
        return with_egp<I, Egp>([&]<std::size_t K>(auto& m) {
            if (m.egps[K].count() == 0) detail::fail(st.name, Egp.view(), "extra global parameter used before it was allocated (egp_allocate)");
            return marking<I>(egp_view_of<K>(m));
        });
    }
    /// Allocates EGP `Egp` with the values given. Values are checked against the EGP's
    /// element type first (an integer EGP refuses 300 for uint8_t, -1 or NaN, naming the
    /// element); a refused call leaves the old contents.
    template <fixed_string Group, fixed_string Egp, class V>
        requires (!detail::passes<detail::egp_check<list, Group, Egp>>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::egp_check<list, Group, Egp>>::text) set_egp(const std::vector<V>& values);
    template <fixed_string Group, fixed_string Egp, class V>
        requires detail::passes<detail::egp_check<list, Group, Egp>>
    void set_egp(const std::vector<V>& values) {
        constexpr std::size_t I = index<Group>;
        const std::string_view group = engine_.template store<I>().name;
        with_egp<I, Egp>([&]<std::size_t K>(auto& m) {
            using E = detail::value_t<std::remove_cvref_t<decltype(m)>::info_egp_base(K), S, T>;
            for (std::size_t k = 0; k < values.size(); ++k) (void)detail::checked_element<E>(values[k], group, Egp.view(), k);
            return 0;
        });
        auto v = egp_allocate<Group, Egp>(values.size());
        using E = std::remove_cv_t<typename decltype(v)::value_type>;
        for (std::size_t k = 0; k < values.size(); ++k) v[k] = E(values[k]);
        v.push();
    }

    /// Allocates a spike recording of `steps` steps for population `Group` (circular:
    /// step n goes to row n % steps). `steps` is taken signed and wide so that a negative
    /// count is reported as the user gave it, not as the unsigned value it would wrap to.
    template <fixed_string Group>
        requires (!detail::passes<detail::kind_check<list, Group, part_kind::population>>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::kind_check<list, Group, part_kind::population>>::text) record_spikes(std::int64_t steps);
    template <fixed_string Group>
        requires detail::passes<detail::kind_check<list, Group, part_kind::population>>
    void record_spikes(std::int64_t steps) {
        auto& p = engine_.template store<pop_index<Group>>();
        if (steps < 1 || steps > std::int64_t(0xffffffffu))
            detail::fail(p.name, "record_spikes", "number of recorded steps must lie in [1, 2^32 - 1], got ", steps);
        // sized and allocated before anything changes: a failure (too many steps for the
        // memory) leaves the old recording, its sizes and its contents as they were
        const std::uint32_t words = (p.n + 31) / 32;
        std::size_t count = 0;
        if (__builtin_mul_overflow(std::size_t(engine_.opts().batch) * words, std::size_t(steps), &count))
            detail::fail(p.name, "spike_recording", "a recording of ", steps, " steps of ", words, " words per batch entry overflows the address space");
        p.rec.template allocate<std::uint32_t>(count, p.name, "spike_recording");
        p.rec_words = words;
        p.rec_steps = std::uint32_t(steps);
        rec_start_[pop_index<Group>] = engine_.timestep();
    }
    /// The raw recording buffer ([batch][step][word]; bit id % 32 of word id / 32).
    template <fixed_string Group>
        requires (!detail::passes<detail::kind_check<list, Group, part_kind::population>>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::kind_check<list, Group, part_kind::population>>::text) spike_recording();
    template <fixed_string Group>
        requires detail::passes<detail::kind_check<list, Group, part_kind::population>>
    std::span<const std::uint32_t> spike_recording() {
        auto& p = engine_.template store<pop_index<Group>>();
        if (!p.rec_steps) detail::fail(p.name, "spikes", "spikes were not recorded (call record_spikes first)");
        detail::pull_from_device(engine_, p.rec.raw());
        return {p.rec.template data<std::uint32_t>(), p.rec.count()};
    }
    /// Copies every population's spike recording from the device into host memory (one
    /// copy per recording population, e.g. before reading several raw buffers). spikes()
    /// and spike_recording() pull their own population anyway. On the CPU backend the
    /// recordings are written in host memory: there is nothing to copy.
    void pull_recording() {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ([&] {
                if constexpr (list::kinds[I] == part_kind::population) {
                    auto& p = engine_.template store<I>();
                    if (p.rec_steps) detail::pull_from_device(engine_, p.rec.raw());
                }
                if constexpr (list::kinds[I] == part_kind::synapses) {  // spike-like-event recordings
                    auto& g = engine_.template store<I>();
                    if (g.evt_rec_steps) detail::pull_from_device(engine_, g.evt_rec.raw());
                    if (g.post_evt_rec_steps) detail::pull_from_device(engine_, g.post_evt_rec.raw());
                }
            }(), ...);
        }(std::make_index_sequence<list::size>{});
    }

    /// Spikes of batch entry b recorded in the last min(steps recorded, buffer size)
    /// steps, decoded to (times, ids).
    template <fixed_string Group>
        requires (!detail::passes<detail::kind_check<list, Group, part_kind::population>>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::kind_check<list, Group, part_kind::population>>::text) spikes(std::uint32_t b = 0);
    template <fixed_string Group>
        requires detail::passes<detail::kind_check<list, Group, part_kind::population>>
    spike_trains<T> spikes(std::uint32_t b = 0) {
        auto& p = engine_.template store<pop_index<Group>>();
        if (!p.rec_steps) detail::fail(p.name, "spikes", "spikes were not recorded (call record_spikes first)");
        if (b >= engine_.opts().batch) detail::fail(p.name, "spikes", "batch entry ", b, " out of range [0, ", engine_.opts().batch, ")");
        const std::uint64_t now = engine_.timestep(), start = rec_start_[pop_index<Group>];
        const std::uint64_t have = std::min<std::uint64_t>(now - start, p.rec_steps);
        spike_trains<T> out;
        detail::pull_from_device(engine_, p.rec.raw());
        const std::uint32_t* rec = p.rec.template data<std::uint32_t>() + std::size_t(b) * p.rec_steps * p.rec_words;
        for (std::uint64_t s = now - have; s < now; ++s) {
            const std::uint32_t* row = rec + (s % p.rec_steps) * p.rec_words;
            const T ts = T(double(s) * engine_.opts().dt);
            for (std::uint32_t w = 0; w < p.rec_words; ++w)
                for (std::uint32_t bits = row[w]; bits; bits &= bits - 1) {
                    out.times.push_back(ts);
                    out.ids.push_back(w * 32 + std::uint32_t(__builtin_ctz(bits)));
                }
        }
        return out;
    }

    /// Allocates a recording of `steps` steps (circular, as record_spikes) of the
    /// spike-like events of population `Group`: those of every event condition it
    /// evaluates, the presynaptic ones of its outgoing synapse groups and the
    /// postsynaptic ones of its incoming groups (PyGeNN's spike_event_recording_enabled).
    /// Read them per synapse group with pre_spike_events() and post_spike_events().
    template <fixed_string Group>
        requires (!detail::passes<detail::kind_check<list, Group, part_kind::population>>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::kind_check<list, Group, part_kind::population>>::text) record_spike_events(std::int64_t steps);
    template <fixed_string Group>
        requires detail::passes<detail::kind_check<list, Group, part_kind::population>>
    void record_spike_events(std::int64_t steps) {
        constexpr std::size_t P = pop_index<Group>;
        static constexpr auto outgoing = detail::synapses_at<list, P, true>();
        static constexpr auto incoming = detail::synapses_at<list, P, false>();
        auto& p = engine_.template store<P>();
        if (steps < 1 || steps > std::int64_t(0xffffffffu))
            detail::fail(p.name, "record_spike_events", "number of recorded steps must lie in [1, 2^32 - 1], got ", steps);
        // every buffer allocated before any recording changes (a failure leaves them as they were)
        std::array<detail::buffer, outgoing.size() + incoming.size()> fresh;
        bool any = false;
        auto make = [&](detail::buffer& into, std::uint32_t n, const std::string& name, const char* field) {
            any = true;
            const std::size_t words = (n + 31) / 32;
            std::size_t count = 0;
            if (__builtin_mul_overflow(std::size_t(engine_.opts().batch) * words, std::size_t(steps), &count))
                detail::fail(name, field, "a recording of ", steps, " steps of ", words, " words per batch entry overflows the address space");
            into.template allocate<std::uint32_t>(count, name, field);
        };
        detail::for_each_index<outgoing>([&]<std::size_t G>() {
            if constexpr (detail::sg_traits<list, G>::template has<field::pre_event_syn_code>) {
                auto& g = engine_.template store<G>();
                make(fresh[detail::position_of(outgoing, G)], g.n_pre, g.name, "pre_spike_event_recording");
            }
        });
        detail::for_each_index<incoming>([&]<std::size_t G>() {
            if constexpr (detail::sg_traits<list, G>::template has<field::post_event_syn_code>) {
                auto& g = engine_.template store<G>();
                make(fresh[outgoing.size() + detail::position_of(incoming, G)], g.n_post, g.name, "post_spike_event_recording");
            }
        });
        if (!any) detail::fail(p.name, "record_spike_events", "the population evaluates no spike-like event condition");
        detail::for_each_index<outgoing>([&]<std::size_t G>() {
            if constexpr (detail::sg_traits<list, G>::template has<field::pre_event_syn_code>) {
                auto& g = engine_.template store<G>();
                g.evt_rec = std::move(fresh[detail::position_of(outgoing, G)]);
                g.evt_rec_steps = std::uint32_t(steps);
            }
        });
        detail::for_each_index<incoming>([&]<std::size_t G>() {
            if constexpr (detail::sg_traits<list, G>::template has<field::post_event_syn_code>) {
                auto& g = engine_.template store<G>();
                g.post_evt_rec = std::move(fresh[outgoing.size() + detail::position_of(incoming, G)]);
                g.post_evt_rec_steps = std::uint32_t(steps);
            }
        });
        event_rec_start_[P] = engine_.timestep();
    }
    /// The presynaptic spike-like events of synapse group `Group` (batch entry b) recorded
    /// in the last min(steps recorded, buffer size) steps, decoded to (times, presynaptic
    /// ids) in step order (PyGeNN's pre_spike_event_recording_data).
    template <fixed_string Group>
        requires (!detail::passes<detail::kind_check<list, Group, part_kind::synapses>>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::kind_check<list, Group, part_kind::synapses>>::text) pre_spike_events(std::uint32_t b = 0);
    template <fixed_string Group>
        requires detail::passes<detail::kind_check<list, Group, part_kind::synapses>>
    spike_trains<T> pre_spike_events(std::uint32_t b = 0) {
        using gt = detail::sg_traits<list, index<Group>>;
        auto& g = engine_.template store<index<Group>>();
        return decode_events(g.name, "pre_spike_events", g.evt_rec, g.evt_rec_steps, g.n_pre, event_rec_start_[gt::pre], b);
    }
    /// ... and its postsynaptic ones (postsynaptic ids; post_spike_event_recording_data).
    template <fixed_string Group>
        requires (!detail::passes<detail::kind_check<list, Group, part_kind::synapses>>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::kind_check<list, Group, part_kind::synapses>>::text) post_spike_events(std::uint32_t b = 0);
    template <fixed_string Group>
        requires detail::passes<detail::kind_check<list, Group, part_kind::synapses>>
    spike_trains<T> post_spike_events(std::uint32_t b = 0) {
        using gt = detail::sg_traits<list, index<Group>>;
        auto& g = engine_.template store<index<Group>>();
        return decode_events(g.name, "post_spike_events", g.post_evt_rec, g.post_evt_rec_steps, g.n_post, event_rec_start_[gt::post], b);
    }

    /// Spikes emitted by population `Group` (batch entry b) in the last step.
    template <fixed_string Group>
        requires (!detail::passes<detail::kind_check<list, Group, part_kind::population>>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::kind_check<list, Group, part_kind::population>>::text) current_spikes(std::uint32_t b = 0);
    template <fixed_string Group>
        requires detail::passes<detail::kind_check<list, Group, part_kind::population>>
    std::span<const std::uint32_t> current_spikes(std::uint32_t b = 0) {
        auto& p = engine_.template store<index<Group>>();
        if (b >= engine_.opts().batch) detail::fail(p.name, "current_spikes", "batch entry ", b, " out of range [0, ", engine_.opts().batch, ")");
        if (engine_.timestep() == 0) return {};
        detail::pull_from_device(engine_, p.spk_cnt.raw());
        detail::pull_from_device(engine_, p.spk.raw());
        return p.slot(b, std::uint32_t((engine_.timestep() - 1) % p.ring));
    }

    /// The (pre, post) pairs of a synapse group, row by row in storage order (rows
    /// sorted by postsynaptic index).
    template <fixed_string Group>
        requires (!detail::passes<detail::kind_check<list, Group, part_kind::synapses>>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::kind_check<list, Group, part_kind::synapses>>::text) connections();
    template <fixed_string Group>
        requires detail::passes<detail::kind_check<list, Group, part_kind::synapses>>
    std::vector<std::pair<std::uint32_t, std::uint32_t>> connections() {
        std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
        for_each_synapse<index<Group>>([&](std::uint32_t i, std::uint32_t j, std::size_t) { out.emplace_back(i, j); });
        return out;
    }

    /// (pre, post, value) of weight-update variable `Var` of a dense or sparse group.
    template <fixed_string Group, fixed_string Var>
        requires (!detail::passes<detail::var_check<list, Group, Var>>)
    CORTEXPR_NETWORK_ERROR(detail::verdict<detail::var_check<list, Group, Var>>::text) synapse_values(std::uint32_t b = 0);
    template <fixed_string Group, fixed_string Var>
        requires detail::passes<detail::var_check<list, Group, Var>>
    auto synapse_values(std::uint32_t b = 0) {
        if (b >= engine_.opts().batch)
            detail::fail(engine_.template store<index<Group>>().name, Var.view(), "batch entry ", b, " out of range [0, ", engine_.opts().batch, ")");
        auto v = var<Group, Var>();
        v.pull();
        using V = typename decltype(v)::value_type;
        std::vector<synapse_value<std::remove_const_t<V>>> out;
        const auto vb = v.batch(b);
        for_each_synapse<index<Group>>([&](std::uint32_t i, std::uint32_t j, std::size_t syn) { out.push_back({i, j, vb[syn]}); });
        return out;
    }

    /// Stored synapses of group I (dense: every pair; sparse: rows; bitmask: set bits).
    template <std::size_t I, class F>
    void for_each_synapse(F&& f) {
        using gt = detail::sg_traits<list, I>;
        auto& g = engine_.template store<I>();
        if constexpr (gt::kind == matrix_kind::dense) {
            for (std::uint32_t i = 0; i < g.n_pre; ++i)
                for (std::uint32_t j = 0; j < g.n_post; ++j) f(i, j, std::size_t(i) * g.n_post + j);
        } else if constexpr (gt::kind == matrix_kind::sparse) {
            for (std::uint32_t i = 0; i < g.n_pre; ++i)
                for (std::uint32_t k = 0; k < g.row_length[i]; ++k) {
                    const std::size_t syn = std::size_t(i) * g.stride + k;
                    f(i, engine_t::post_index(g, syn), syn);
                }
        } else if constexpr (gt::kind == matrix_kind::bitmask) {
            for (std::uint32_t i = 0; i < g.n_pre; ++i)
                for (std::uint32_t j = 0; j < g.n_post; ++j)
                    if (g.bits[std::size_t(i) * g.words_per_row + j / 32] >> (j % 32) & 1u) f(i, j, std::size_t(0));
        } else {
            detail::fail(g.name, "connections", detail::matrix_name(gt::kind), " connectivity has no stored synapses");
        }
    }

    /// Number of stored synapses of a synapse group.
    template <fixed_string Group>
    std::size_t synapse_count() {
        std::size_t c = 0;
        for_each_synapse<index<Group>>([&](std::uint32_t, std::uint32_t, std::size_t) { ++c; });
        return c;
    }

    /// The backend engine, with its stores (whatever is changed there is validated again
    /// at the next step).
    engine_t& engine() {
        mark_inputs_changed();
        return engine_;
    }

    /// Saves the whole state (variables, parameters, EGPs, connectivity, spike queues and
    /// times, dendritic rings, recordings, time step and seeds) to `path`
    /// (runtime/checkpoint.hpp describes the format).
    void save_checkpoint(const std::string& path) {
        pull_all();
        std::vector<detail::checkpoint::section> sections;
        auto& host = host_engine();
        const std::string layout = collect(sections);
        detail::checkpoint::save(path, {layout, host.timestep(), host.opts().seed, host.connectivity_seed()}, sections);
    }
    /// Restores a checkpoint of this network (same parts, sizes, precision, batch and dt)
    /// into this simulation; the run then continues exactly as the saved one would have.
    /// Anything else — another network, a truncated or corrupted file — is a cx::error
    /// that says what differs, and leaves this simulation unchanged.
    void load_checkpoint(const std::string& path) {
        std::vector<detail::checkpoint::section> sections;
        auto& host = host_engine();
        const std::string layout = collect(sections);
        const auto h = detail::checkpoint::load(path, layout, sections);
        host.set_timestep(h.timestep);
        host.restore_seeds(h.seed, h.connectivity_seed);
        push_all();
        mark_inputs_changed();
    }

    /// The whole state now, in memory (runtime/snapshot.hpp): what save_checkpoint()
    /// would write, without a file.
    state_snapshot snapshot() {
        pull_all();
        std::vector<detail::checkpoint::section> sections;
        auto& host = host_engine();
        const std::string layout = collect(sections);
        return state_snapshot(detail::checkpoint::encode({layout, host.timestep(), host.opts().seed, host.connectivity_seed()}, sections),
                              host.timestep());
    }
    /// Restores a snapshot of this network (same parts, sizes, precision, batch and dt),
    /// as load_checkpoint() does; a refused one leaves this simulation unchanged.
    void restore(const state_snapshot& s) {
        std::vector<detail::checkpoint::section> sections;
        auto& host = host_engine();
        const std::string layout = collect(sections);
        if (s.empty()) detail::fail("checkpoint", "snapshot", "empty snapshot (default-constructed)");
        const auto h = detail::checkpoint::load_bytes(s.bytes().data(), s.size(), "(in-memory snapshot)", layout, sections);
        host.set_timestep(h.timestep);
        host.restore_seeds(h.seed, h.connectivity_seed);
        push_all();
    }

private:
    /// Layout and sections of a checkpoint: the network instance's, then the custom
    /// updates' own state.
    std::string collect(std::vector<detail::checkpoint::section>& sections) {
        std::string layout = detail::checkpoint::collect<list, S, T>(host_engine(), rec_start_, sections);
        updates_.template sections<S, T>(layout, sections);
        return layout;
    }
    /// Device -> host of everything a checkpoint holds (nothing to do on the CPU).
    void pull_all() {
        if constexpr (requires { engine_.pull_state(); }) engine_.pull_state();
        updates_.for_each_state_buffer([&](const void* p, std::size_t) { detail::pull_from_device(engine_, p); });
    }
    /// Host -> device of the same, after a load.
    void push_all() {
        if constexpr (requires { engine_.push_state(); }) engine_.push_state();
        updates_.for_each_state_buffer([&](const void* p, std::size_t bytes) {
            if constexpr (requires { engine_.sync_of(p, bytes); })
                if (auto f = engine_.sync_of(p, bytes)) f(true);
        });
    }
    /// The engine that holds the host stores (a GPU engine's host mirror).
    auto& host_engine() {
        if constexpr (requires { engine_.host(); }) return engine_.host();
        else return engine_;
    }
    std::uint64_t steps_for(double ms) const { return detail::checked_steps(ms, engine_.opts().dt); }
    /// n steps; with options::check_finite or check_egp_bounds, one at a time, each
    /// followed by its checks.
    void advance(std::uint64_t n) {
        validate_inputs();
        if (recorders_.empty()) [[likely]] {
            run_unrecorded(n);
            return;
        }
        // the variable recorder samples between steps: run up to each sample point
        while (n > 0) {
            const std::uint64_t k = std::min(n, recorders_.steps_to_next(engine_.timestep()));
            run_unrecorded(k);
            n -= k;
            sample_recordings();
        }
    }
    void run_unrecorded(std::uint64_t n) {
        if (!engine_.opts().check_finite && !engine_.opts().check_egp_bounds) [[likely]] {
            engine_.run_steps(n);
            return;
        }
        for (std::uint64_t k = 0; k < n; ++k) checked_step();
    }
    /// Takes the variable recorder's samples due now (runtime/var_recorder.hpp).
    void sample_recordings() {
        recorders_.sample_due(engine_.timestep(), [&](detail::var_recording& r, std::size_t slot) {
            if constexpr (requires { engine_.recording_sample(r.device.get(), slot, r.src, r.bytes); }) {
                engine_.recording_sample(r.device.get(), slot, r.src, r.bytes);
                r.host_current = false;
            } else {
                std::memcpy(r.host.template data<std::byte>() + slot * r.bytes, r.src, r.bytes);
            }
        });
    }
    /// The validation step() describes, when an input may have changed since the last
    /// one that passed (a failed one leaves the mark, so the next call checks again).
    void validate_inputs() {
        if (!*inputs_changed_) [[likely]] return;
        detail::check_model_states<S, T>(engine_);
        detail::check_egps_allocated(engine_);
        *inputs_changed_ = false;
    }
    /// Whether part I is a population whose model has a check_state hook (its variables
    /// and EGPs are what check_model_states reads; SpikeSourceArray).
    template <std::size_t I>
    static constexpr bool validated_part = [] {
        if constexpr (list::kinds[I] == part_kind::population)
            return requires { detail::pop_traits<list, I>::model::check_state; };
        else return false;
    }();
    /// A view of part I: marks the inputs changed now (the caller is about to write, as
    /// likely as not) and at each push(), when part I is validated.
    template <std::size_t I, class View>
    View marking(View v) {
        if constexpr (validated_part<I>) {
            mark_inputs_changed();
            v.marks(inputs_changed_.get());
        }
        return v;
    }

    /// One step with the checks the options ask for: EGP indices during it (reported
    /// after it), the finite scan after it.
    void checked_step() {
        const bool egp_bounds = engine_.opts().check_egp_bounds;
        if (egp_bounds) [[unlikely]] {
            struct checking {
                checking() { detail::egp_fault_slot.array.store(nullptr); ++detail::egp_checking; }
                ~checking() { --detail::egp_checking; }
            } on;
            engine_.step();
        } else {
            engine_.step();
        }
        if (egp_bounds) [[unlikely]] detail::report_egp_fault(engine_, engine_.timestep() - 1);
        if (engine_.opts().check_finite) [[unlikely]] detail::check_finite_state<S, T>(engine_, engine_.timestep() - 1);
    }

    template <std::size_t I, fixed_string Egp, class F>
    auto with_egp(F&& f) {
        using P = typename list::template part<I>;
        auto& st = engine_.template store<I>();
        auto find = [](const model_info& info) { for (std::size_t k = 0; k < info.egps.size(); ++k) if (info.egps[k].name == Egp.view()) return int(k); return -1; };
        if constexpr (P::kind == part_kind::synapses) {
            using gt = detail::sg_traits<list, I>;
            constexpr int k = find(gt::wu_info);
            constexpr int q = find(gt::psm_info);
            static_assert(k >= 0 || q >= 0, "cortexpr: no such extra global parameter in this synapse group");
            if constexpr (k >= 0) return f.template operator()<std::size_t(k)>(st.wu);
            else return f.template operator()<std::size_t(q)>(st.psm);
        } else {
            constexpr int k = find(P::info);
            static_assert(k >= 0, "cortexpr: no such extra global parameter in this part");
            return f.template operator()<std::size_t(k)>(st.m);
        }
    }
    template <std::size_t K, class M>
    auto egp_view_of(M& m) {
        using V = detail::value_t<std::remove_cvref_t<decltype(m)>::info_egp_base(K), S, T>;
        return detail::with_device_sync(engine_, var_view<V>(std::span<V>(m.egps[K].template data<V>(), m.egps[K].count()), 0), m.egps[K].raw(), m.egps[K].bytes());
    }

    /// A view of one state array of `per_batch` elements per batch entry.
    template <class V>
    var_view<V> state_view(detail::buffer& b, std::size_t per_batch, std::string_view group, std::string_view field) {
        return detail::with_device_sync(engine_, var_view<V>(std::span<V>(b.template data<V>(), b.count()), std::uint32_t(per_batch), group, field), b.raw(), b.bytes());
    }

    static conns_t& conns_in(Net& net) {
        if constexpr (requires { net.connectivity; }) return net.connectivity;
        else { static conns_t none; return none; }
    }
    /// Custom connectivity updates of `group` on the host; a device backend copies the
    /// network to the host first and back after (the row edits run on the host there).
    void run_connectivity(std::string_view group) {
        constexpr bool device = requires(engine_t& x) { x.pull_state(); };
        if constexpr (device) engine_.pull_state();
        conns_.run(host_engine(), group, engine_.opts(), device, [&](std::size_t part, detail::synapse_mover& mv) {
            // per-synapse variables of custom updates on the same synapse group move too
            [&]<std::size_t... U>(std::index_sequence<U...>) {
                ([&] {
                    using CT = detail::custom_update_traits<list, updates_t, U>;
                    if constexpr (CT::synapse && CT::owner_part >= 0) {
                        if (std::size_t(CT::owner_part) != part) return;
                        auto& st = updates_.template state_of<U>();
                        for (std::size_t k = 0; k < st.m.vars.size(); ++k) {
                            auto& b = st.m.vars[k];
                            if (!has_element_axis(CT::var_layout_of(k)) || !b.count()) continue;
                            mv.arrays.push_back({static_cast<std::byte*>(b.raw()), std::uint32_t(b.bytes() / b.count()), st.n,
                                                 std::uint32_t(b.count() / st.n)});
                        }
                    }
                }(), ...);
            }(std::make_index_sequence<std::tuple_size_v<updates_t>>{});
        });
        if constexpr (device) engine_.push_state();
    }

    static updates_t& updates_in(Net& net) {
        if constexpr (requires { net.updates; }) return net.updates;
        else { static updates_t none; return none; }
    }

    engine_t engine_;
    std::array<std::uint64_t, list::size> rec_start_{};
    // per population: the step its spike-like-event recording started (record_spike_events)
    std::array<std::uint64_t, list::size> event_rec_start_{};

    /// Decodes an event recording of `steps` steps of n-bit rows (batch entry b) that
    /// started at step `start`: the last min(steps run since, steps) rows, oldest first.
    spike_trains<T> decode_events(const std::string& name, const char* what, detail::buffer& rec, std::uint32_t steps, std::uint32_t n,
                                  std::uint64_t start, std::uint32_t b) {
        if (!steps) detail::fail(name, what, "spike-like events were not recorded (call record_spike_events on the population first)");
        if (b >= engine_.opts().batch) detail::fail(name, what, "batch entry ", b, " out of range [0, ", engine_.opts().batch, ")");
        const std::uint32_t words = (n + 31) / 32;
        const std::uint64_t now = engine_.timestep();
        const std::uint64_t have = std::min<std::uint64_t>(now - start, steps);
        spike_trains<T> out;
        detail::pull_from_device(engine_, rec.raw());
        const std::uint32_t* all = rec.template data<std::uint32_t>() + std::size_t(b) * steps * words;
        for (std::uint64_t s = now - have; s < now; ++s) {
            const std::uint32_t* row = all + (s % steps) * words;
            const T ts = T(double(s) * engine_.opts().dt);
            for (std::uint32_t w = 0; w < words; ++w)
                for (std::uint32_t bits = row[w]; bits; bits &= bits - 1) {
                    out.times.push_back(ts);
                    out.ids.push_back(w * 32 + std::uint32_t(__builtin_ctz(bits)));
                }
        }
        return out;
    }
    // whether the inputs step() validates may have changed since they were last
    // validated; on the heap, so that views keep pointing at it when the simulation moves
    std::unique_ptr<bool> inputs_changed_ = std::make_unique<bool>(true);
    detail::custom_updates<list, updates_t, S, T> updates_;
    detail::custom_connectivity_updates<list, conns_t, S, T> conns_;
    detail::var_recorders recorders_;
};

/// `cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 1})`; precision `simulate<cx::cpu, double>`.
template <class Backend, class S = float, class T = double, class Net>
simulation<Backend, Net, S, T> simulate(Net net, const options& o = {}) {
    return simulation<Backend, Net, S, T>(std::move(net), o);
}

}  // namespace cortexpr

CORTEXPR_DIAG_END

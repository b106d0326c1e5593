// The network in host memory: one store per part (host/stores.hpp) and the connectivity
// snippets' parameters and EGPs, with the options, the time step and the phase timers.
// Built by host/builder.hpp; every backend keeps one: the CPU backend steps it in place,
// the CUDA backend keeps a device twin of each of its arrays (host/fields.hpp lists
// them) and copies between the two. Checkpoints read and write it.
#pragma once
#include <cstdint>
#include <tuple>
#include <utility>

#include "../base/options.hpp"
#include "stores.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

/// The seed of batch entry b's random streams, and of connectivity and shared variables.
inline std::uint64_t seed_of(const options& o, std::uint32_t b) { return o.seed + b; }
inline std::uint64_t connectivity_seed(const options& o) { return o.connectivity_seed.value_or(o.seed); }

template <class Net, class S, class T>
class network_instance {
public:
    using list = typename Net::list;
    static constexpr auto pops = parts_of_kind<list, part_kind::population>();
    static constexpr auto sources = parts_of_kind<list, part_kind::current_source>();
    static constexpr auto groups = parts_of_kind<list, part_kind::synapses>();

    network_instance(Net net, const options& o) : net_(std::move(net)), opt_(o) {
        // the stores are keyed by kind (host/stores.hpp): each learns its part's name here
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ((std::get<I>(stores_).name = list::names[I]), ...);
        }(std::make_index_sequence<list::size>{});
    }
    network_instance(const network_instance&) = delete;
    network_instance& operator=(const network_instance&) = delete;
    // movable, as simulations are (returned from a factory function): every member is
    // a value and the arrays live on the heap, so views into them stay valid
    network_instance(network_instance&&) = default;
    network_instance& operator=(network_instance&&) = default;

    template <std::size_t I> auto& store() { return std::get<I>(stores_); }
    template <std::size_t I> const auto& store() const { return std::get<I>(stores_); }
    template <std::size_t I> auto& connect_store() { return std::get<I>(connect_stores_); }
    template <std::size_t I> const auto& desc() const { return net_.template part<I>(); }
    const options& opts() const { return opt_; }
    std::uint64_t timestep() const { return timestep_; }
    void set_timestep(std::uint64_t n) { timestep_ = n; }
    phase_times& times() { return times_; }

    std::uint64_t seed_of(std::uint32_t b) const { return detail::seed_of(opt_, b); }
    std::uint64_t connectivity_seed() const { return detail::connectivity_seed(opt_); }
    /// A checkpoint's seeds (the random streams' position is (seed, time step)); its
    /// connectivity replaced ours, so whatever a backend derived from the rows is stale
    /// (connectivity_epoch() tells it).
    void restore_seeds(std::uint64_t seed, std::uint64_t connectivity_seed) {
        opt_.seed = seed;
        opt_.connectivity_seed = connectivity_seed;
        ++epoch_;
    }
    std::uint64_t connectivity_epoch() const { return epoch_; }

    template <class Store> static std::uint32_t post_index(Store& g, std::size_t syn) { return detail::post_index(g, syn); }

private:
    Net net_;
    options opt_;
    std::uint64_t timestep_ = 0;
    std::uint64_t epoch_ = 0;
    phase_times times_;
    typename stores_of<list, S, T>::type stores_;
    typename connect_stores_of<list>::type connect_stores_;
};

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END

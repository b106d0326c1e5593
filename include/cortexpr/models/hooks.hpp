// Model hooks: the checks and host-side passes that belong to one model (or snippet) and
// that the engine runs for any model defining them, built-in or the user's own. Each
// hook is an optional static member; the engine calls it with one of the contexts below
// and never asks which model it is (docs/guide/writing-models.md, "Hooks").
//
//   connectivity snippets (sparse and toeplitz)
//     static void check_shapes(const cortexpr::shape_context& c);
//         When the network is built, after check_params: shapes that must match the
//         populations' sizes (Conv2D: input h·w·c = presynaptic size).
//   sparse connectivity snippets
//     static std::uint32_t host_row_lengths(const cortexpr::row_length_context& c);
//         Before the rows are built: draws what the row build code reads (FixedNumberTotal:
//         each row's length, into an EGP it allocates). Returns the longest row, which
//         bounds the rows' capacity, or 0 for no bound.
//   neuron models
//     static void check_state(const cortexpr::state_context& c);
//         When each run or step starts: the state the user fills through views
//         (SpikeSourceArray: every neuron's spikes lie inside spikeTimes, sorted). A
//         model with check_state checks its own EGPs' allocation: the engine's check
//         that every EGP its code reads is allocated is left to it.
//   variable initialisers
//     static constexpr std::string_view kernel_egp = "kernel";
//         The EGP that the code indexes with id_kernel: each synapse's kernel index is
//         checked against its size before the value is read.
//
// A hook reports a bad value with c.fail(field, parts...): a cortexpr::error naming the
// group, the field and the message made of `parts` (streamed like the engine's own).
#pragma once
#include <cstddef>
#include <cstdint>
#include <exception>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "../dsl/types.hpp"
#include "../random/stream.hpp"

namespace cortexpr {

/// One array of a model instance in host memory (a variable or an EGP), its element
/// type resolved (scalar is float or double).
struct host_array {
    void* data = nullptr;
    std::size_t size = 0;
    dsl::base_type type = dsl::base_type::void_;

    /// The elements as T; T must be the array's element type.
    template <class T>
    std::span<T> as() const {
        if (type != base_of<T>()) throw std::logic_error("cortexpr::host_array::as: not the array's element type");
        return {static_cast<T*>(data), size};
    }
    /// Calls f(std::span<E>) with E the array's element type.
    template <class F>
    decltype(auto) visit(F&& f) const {
        switch (type) {
            case dsl::base_type::bool_: return f(as<bool>());
            case dsl::base_type::int8: return f(as<std::int8_t>());
            case dsl::base_type::uint8: return f(as<std::uint8_t>());
            case dsl::base_type::int16: return f(as<std::int16_t>());
            case dsl::base_type::uint16: return f(as<std::uint16_t>());
            case dsl::base_type::int32: return f(as<std::int32_t>());
            case dsl::base_type::uint32: return f(as<std::uint32_t>());
            case dsl::base_type::int64: return f(as<std::int64_t>());
            case dsl::base_type::uint64: return f(as<std::uint64_t>());
            case dsl::base_type::float_: return f(as<float>());
            default: return f(as<double>());
        }
    }

    template <class T>
    static constexpr dsl::base_type base_of() {
        using dsl::base_type;
        if constexpr (std::is_same_v<T, bool>) return base_type::bool_;
        else if constexpr (std::is_same_v<T, std::int8_t>) return base_type::int8;
        else if constexpr (std::is_same_v<T, std::uint8_t>) return base_type::uint8;
        else if constexpr (std::is_same_v<T, std::int16_t>) return base_type::int16;
        else if constexpr (std::is_same_v<T, std::uint16_t>) return base_type::uint16;
        else if constexpr (std::is_same_v<T, std::int32_t>) return base_type::int32;
        else if constexpr (std::is_same_v<T, std::uint32_t>) return base_type::uint32;
        else if constexpr (std::is_same_v<T, std::int64_t>) return base_type::int64;
        else if constexpr (std::is_same_v<T, std::uint64_t>) return base_type::uint64;
        else if constexpr (std::is_same_v<T, float>) return base_type::float_;
        else if constexpr (std::is_same_v<T, double>) return base_type::double_;
        else return base_type::void_;
    }
};

/// What every context shares: the part's name and the way a hook reports a bad value.
struct hook_context {
    std::string_view group;
    /// Throws the cortexpr::error (the engine supplies it: models do not depend on the
    /// runtime). Never returns.
    void (*raise)(std::string_view group, std::string_view field, const std::string& what) = nullptr;

    template <class... A>
    [[noreturn]] void fail(std::string_view field, const A&... parts) const {
        std::ostringstream s;
        s.precision(17);  // as the engine's own messages
        (s << ... << parts);
        raise(group, field, s.str());
        std::terminate();  // raise throws
    }
};

/// check_shapes: a connectivity snippet's parameters and the populations it connects.
struct shape_context : hook_context {
    std::span<const double> params;
    std::uint32_t n_pre = 0, n_post = 0;
};

/// host_row_lengths: as shape_context, plus the host's random stream for this group
/// (the same values on every backend and thread count) and the snippet's EGPs.
struct row_length_context : shape_context {
    random::stream<double>* rng = nullptr;
    /// Allocates the snippet's EGP `name` with `count` zeroed elements and returns it.
    host_array (*allocate)(void* store, std::string_view name, std::size_t count) = nullptr;
    void* store = nullptr;

    host_array allocate_egp(std::string_view name, std::size_t count) const { return allocate(store, name, count); }
};

/// check_state: a population's variables and EGPs in host memory; a variable holds
/// n · batch elements, batch entry b's neuron i at b · n + i (n only for variables
/// shared across the batch).
struct state_context : hook_context {
    std::uint32_t n = 0, batch = 1;
    host_array (*find)(void* store, std::string_view name, bool egp) = nullptr;
    void* store = nullptr;

    host_array var(std::string_view name) const { return find(store, name, false); }
    host_array egp(std::string_view name) const { return find(store, name, true); }
};

}  // namespace cortexpr

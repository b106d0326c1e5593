// Test support: runs any unit's code on the host against plain values. Every symbol of
// the unit's context gets its own storage (set and read by name), context functions
// are recorded as calls, and random numbers come from a scripted stub, so a test can
// compare emitted code with a hand-written C++ expectation exactly.
#pragma once
#include <cortexpr/dsl/emit.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cortexpr::testing {

/// Scripted random numbers: each function returns the next value of its list, cycling.
struct stub_rng {
    std::vector<double> uniforms{0.25, 0.5, 0.75, 0.125};
    std::vector<double> normals{0.5, -1.0, 1.5, -0.25};
    std::vector<double> exponentials{1.0, 0.5, 2.0};
    std::vector<std::uint32_t> raws{12345u, 4000000000u, 7u};
    std::size_t iu = 0, in = 0, ie = 0, ir = 0;
    std::vector<std::string> log;  // "uniform", "log_normal(0,1)", ... in call order

    static double next(const std::vector<double>& v, std::size_t& i) { return v[i++ % v.size()]; }
    std::uint32_t next_u32() { log.push_back("raw"); return raws[ir++ % raws.size()]; }
    double uniform() { log.push_back("uniform"); return next(uniforms, iu); }
    double normal() { log.push_back("normal"); return next(normals, in); }
    double exponential() { log.push_back("exponential"); return next(exponentials, ie); }
    double log_normal(double m, double s) { log.push_back("log_normal"); return m + s * next(normals, in); }
    double gamma(double a) { log.push_back("gamma"); return a * next(exponentials, ie); }
    std::uint32_t binomial(std::uint32_t n, double p) { log.push_back("binomial"); return std::uint32_t(n * p); }
};

struct recorded_call {
    std::string name;
    std::vector<double> args;
};

namespace detail {
template <class Unit, class Env, class Seq>
struct symbol_store;
template <class Unit, class Env, std::size_t... I>
struct symbol_store<Unit, Env, std::index_sequence<I...>> {
    static constexpr dsl::context ctx = *Unit::source.fields[0].ctx;
    template <std::size_t K>
    using value_t = std::conditional_t<ctx.symbols[K].type.pointer,
                                       dsl::cpp_type<ctx.symbols[K].type.base, Env>*,
                                       dsl::cpp_type<ctx.symbols[K].type.base, Env>>;
    struct type : dsl::slot<int(I), value_t<I>>... {};
};
}  // namespace detail

/// `code_env<Unit>`: a Unit as in dsl/program.hpp; all its fields must share the first
/// field's context (true for model units).
template <class Unit, class Scalar = double, class Time = double>
struct code_env {
    using scalar_type = Scalar;
    using time_type = Time;
    using program = dsl::program<Unit>;
    static constexpr dsl::context ctx = *Unit::source.fields[0].ctx;
    static constexpr std::size_t n_symbols = ctx.n_symbols;
    using store_t = typename detail::symbol_store<Unit, code_env, std::make_index_sequence<n_symbols>>::type;

    store_t store{};
    dsl::frame<program, code_env> locals{};
    stub_rng rng_;
    std::vector<recorded_call> calls;

    template <int I>
    decltype(auto) sym() { return (dsl::get<I>(store)); }
    /// The presynaptic ids `for_each_synapse` iterates over (toeplitz connectivity).
    std::vector<unsigned> for_each_ids{};

    template <int I, class... A>
    void call(A... a) {
        if constexpr (sizeof...(A) == 1 && (std::is_invocable_v<A> && ...)) {
            // for_each_synapse: the body, run once per scripted presynaptic id
            for (unsigned id : for_each_ids) {
                set("id_pre", id);
                if (((a()), ...) == dsl::flow::break_) break;
            }
        } else {
            calls.push_back({std::string(ctx.functions[I].name), {double(a)...}});
        }
    }
    stub_rng& rng() { return rng_; }

    static constexpr int index_of(std::string_view name) {
        for (std::uint32_t k = 0; k < ctx.n_symbols; ++k)
            if (ctx.symbols[k].name == name) return int(k);
        return -1;
    }
    /// Sets a non-pointer symbol by name (converted to its type).
    void set(std::string_view name, double v) {
        int k = index_of(name);
        if (k < 0) throw std::out_of_range("code_env: no symbol " + std::string(name));
        visit(k, [&](auto& x) {
            using T = std::remove_reference_t<decltype(x)>;
            if constexpr (!std::is_pointer_v<T>) x = T(v);
        });
    }
    /// Points an array symbol (extra global parameter) at host memory.
    template <class T>
    void set_array(std::string_view name, T* p) {
        visit(index_of(name), [&](auto& x) {
            if constexpr (std::is_same_v<std::remove_reference_t<decltype(x)>, T*>) x = p;
            else throw std::invalid_argument("code_env: wrong array type");
        });
    }
    double get(std::string_view name) {
        int k = index_of(name);
        if (k < 0) throw std::out_of_range("code_env: no symbol " + std::string(name));
        double r = 0;
        visit(k, [&](auto& x) {
            if constexpr (!std::is_pointer_v<std::remove_reference_t<decltype(x)>>) r = double(x);
        });
        return r;
    }
    /// Runs statement field `F`; `test<F>()` evaluates a condition field.
    template <std::uint32_t F = 0>
    void run() { dsl::run<program, F>(*this, locals); }
    template <std::uint32_t F = 0>
    bool test() { return dsl::test<program, F>(*this, locals); }

private:
    template <class Fn>
    void visit(int k, Fn&& fn) {
        visit_impl(k, fn, std::make_index_sequence<n_symbols>{});
    }
    template <class Fn, std::size_t... I>
    void visit_impl(int k, Fn& fn, std::index_sequence<I...>) {
        ((k == int(I) ? (fn(dsl::get<int(I)>(store)), 0) : 0), ...);
    }
};

/// A unit of one code field against a hand-made context: `code_unit<"x = a;", ctx>`.
template <fixed_string Code, const dsl::context& Ctx, bool Expression = false>
struct code_unit {
    static constexpr dsl::field_source fields[] = {{"code", Code.view(), Expression, &Ctx}};
    static constexpr dsl::unit_source source{"Test", fields, 1};
};

}  // namespace cortexpr::testing

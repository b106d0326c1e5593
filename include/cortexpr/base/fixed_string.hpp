// A string usable as a template argument: names of populations and parameters, and
// model code strings, travel through the type system as fixed_string values.
#pragma once
#include <cstddef>
#include <string_view>

#include "config.hpp"

namespace cortexpr {

template <std::size_t N>
struct fixed_string {
    char data_[N + 1]{};  // NUL-terminated; N characters

    constexpr fixed_string() = default;
    constexpr fixed_string(const char (&s)[N + 1]) {
        for (std::size_t i = 0; i <= N; ++i) data_[i] = s[i];
    }
    constexpr fixed_string(std::string_view s) {
        if constexpr (N > 0)
            for (std::size_t i = 0; i < s.size() && i < N; ++i) data_[i] = s[i];
    }
    static constexpr std::size_t size() { return N; }
    constexpr const char* data() const { return data_; }
    constexpr const char* c_str() const { return data_; }
    constexpr std::string_view view() const { return {data_, N}; }
    constexpr operator std::string_view() const { return view(); }
    constexpr char operator[](std::size_t i) const { return data_[i]; }

    template <std::size_t M>
    constexpr bool operator==(const fixed_string<M>& o) const {
        return view() == o.view();
    }
};
template <std::size_t N>
fixed_string(const char (&)[N]) -> fixed_string<N - 1>;

/// Concatenation at compile time.
template <std::size_t A, std::size_t B>
constexpr fixed_string<A + B> operator+(const fixed_string<A>& a, const fixed_string<B>& b) {
    fixed_string<A + B> r;
    for (std::size_t i = 0; i < A; ++i) r.data_[i] = a.data_[i];
    for (std::size_t i = 0; i < B; ++i) r.data_[A + i] = b.data_[i];
    return r;
}

}  // namespace cortexpr

// Probe of what clang++ 14 prints for a message carried as a template argument (why
// under clang++ the error types take the message as a char pack, base/error_types.hpp,
// and why the compile-fail runner does not check the layout of clang++ cases):
//
//   clang++ -std=c++20 -fsyntax-only tests/probes/clang_message_probe.cpp
//
// clang++ 14 (Debian 14.0.6) prints
//   error: implicit instantiation of undefined template 'error<{{117, 110, 107, 110, 111, 119, 110, 32, 110, 97, ...}}>'
//   error: implicit instantiation of undefined template 'error_chars<'V', 'r', 's', 't'>'
// -- the class-type argument as numbers cut after ten, the pack in full but as characters;
// no spelling of a constant-evaluated message as text was found (static_assert needs a
// string literal before C++26). g++ 12 prints `error<text<20>{"unknown name \'Vrst\'"}>`.
// Not part of the build: it exists to fail.
#include <cstddef>
template <std::size_t N>
struct text {
    char data[N]{};
    constexpr text(const char (&s)[N]) { for (std::size_t i = 0; i < N; ++i) data[i] = s[i]; }
};
template <text M> struct error;   // the message as a class-type template argument
template <char... M> struct error_chars;  // the message as a char pack
int main() {
    (void)sizeof(error<"unknown name 'Vrst'">);
    (void)sizeof(error_chars<'V', 'r', 's', 't'>);
}

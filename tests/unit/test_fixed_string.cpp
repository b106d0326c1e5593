// fixed_string: the compile-time string every name and code string travels in.
#include <catch2/catch.hpp>

#include <cortexpr/base/fixed_string.hpp>

#include <string_view>
#include <type_traits>

using cortexpr::fixed_string;

namespace {
// A class template parameterised by a fixed_string, as population and parameter names are.
template <fixed_string Name>
struct named {
    static constexpr std::string_view name() { return Name.view(); }
};
}  // namespace

TEST_CASE("fixed_string: size and view", "[dsl][fixed_string][static]") {
    constexpr fixed_string s{"Vrest"};
    STATIC_REQUIRE(s.size() == 5);
    STATIC_REQUIRE(std::is_same_v<std::remove_cv_t<decltype(s)>, fixed_string<5>>);
    STATIC_REQUIRE(s.view() == "Vrest");
    STATIC_REQUIRE(s[0] == 'V');
    STATIC_REQUIRE(s.c_str()[5] == '\0');
    STATIC_REQUIRE(fixed_string{""}.size() == 0);
    REQUIRE(std::string_view{s} == "Vrest");
}

TEST_CASE("fixed_string: concatenation", "[dsl][fixed_string][static]") {
    constexpr auto s = fixed_string{"LIF"} + fixed_string{".sim_code"};
    STATIC_REQUIRE(s.size() == 12);
    STATIC_REQUIRE(s.view() == "LIF.sim_code");
    STATIC_REQUIRE(s.c_str()[12] == '\0');
    STATIC_REQUIRE((fixed_string{""} + fixed_string{"x"}).view() == "x");
}

TEST_CASE("fixed_string: equality", "[dsl][fixed_string][static]") {
    STATIC_REQUIRE(fixed_string{"Exc"} == fixed_string{"Exc"});
    STATIC_REQUIRE_FALSE(fixed_string{"Exc"} == fixed_string{"Inh"});
    STATIC_REQUIRE_FALSE(fixed_string{"Exc"} == fixed_string{"Excit"});
    STATIC_REQUIRE(fixed_string{"Exc"} != fixed_string{"Inh"});
}

TEST_CASE("fixed_string: template argument", "[dsl][fixed_string][static]") {
    STATIC_REQUIRE(named<"Exc">::name() == "Exc");
    STATIC_REQUIRE(std::is_same_v<named<"Exc">, named<fixed_string{"Exc"}>>);
    STATIC_REQUIRE_FALSE(std::is_same_v<named<"Exc">, named<"Inh">>);
    STATIC_REQUIRE(std::is_same_v<named<fixed_string{"Ex"} + fixed_string{"c"}>, named<"Exc">>);
}

TEST_CASE("fixed_string: usable at run time", "[dsl][fixed_string]") {
    fixed_string<3> s{std::string_view{"Inhibitory"}};  // truncates to N characters
    REQUIRE(s.view() == "Inh");
    REQUIRE(s.size() == 3);
}

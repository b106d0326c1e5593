// A minimal cortexpr consumer: the umbrella header, the cx alias, a fixed_string used as a
// template argument, and the version check against what the CMake package reported.
#include <cortexpr/cortexpr.hpp>

#include <cstdio>
#include <string>

#ifndef EXPECTED_VERSION
#  error "EXPECTED_VERSION must be defined by the consumer's CMakeLists.txt"
#endif

template <cx::fixed_string Name>
struct population_name {
    static constexpr auto value = Name;
};

int main() {
    static_assert(population_name<"Exc">::value.size() == 3);
    const std::string version = std::to_string(CORTEXPR_VERSION_MAJOR) + "." +
                                std::to_string(CORTEXPR_VERSION_MINOR) + "." +
                                std::to_string(CORTEXPR_VERSION_PATCH);
    if (version != EXPECTED_VERSION) {
        std::fprintf(stderr, "version mismatch: headers say %s, CMake package says %s\n",
                     version.c_str(), EXPECTED_VERSION);
        return 1;
    }
    static_assert(CORTEXPR_VERSION == CORTEXPR_VERSION_MAJOR * 10000 + CORTEXPR_VERSION_MINOR * 100 + CORTEXPR_VERSION_PATCH,
                  "CORTEXPR_VERSION must encode major.minor.patch as MMmmpp");
    std::printf("consumer OK: cortexpr %s (CORTEXPR_VERSION %d)\n", version.c_str(), CORTEXPR_VERSION);
    return 0;
}

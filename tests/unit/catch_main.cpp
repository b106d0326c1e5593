// The one Catch2 v2 main shared by every unit test (compiled once, as an object library).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

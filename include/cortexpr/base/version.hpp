// The package version; CMake reads these three lines, keep their shape.
#pragma once
#define CORTEXPR_VERSION_MAJOR 0
#define CORTEXPR_VERSION_MINOR 1
#define CORTEXPR_VERSION_PATCH 0
#define CORTEXPR_VERSION (CORTEXPR_VERSION_MAJOR * 10000 + CORTEXPR_VERSION_MINOR * 100 + CORTEXPR_VERSION_PATCH)

// The consumer program compiled by nvcc (see CMakeLists.txt).
#include "main.cpp"

// cortexpr: header-only C++20/CUDA spiking neural network simulator.
// The umbrella header: the public API and nothing else. Others extend it as the layers
// (models, network, backends, runtime) land.
#pragma once

#include "base/config.hpp"  // first: the C++20 check and host/device macros
#include "base/error_types.hpp"  // second: so the note on code_error/network_error is short
#include "base/fixed_string.hpp"
#include "models/model.hpp"     // model descriptions, program_of<...>: the code-string compiler
#include "models/builtins.hpp"  // every built-in model and snippet
#include "network/network.hpp"  // populations, current sources, synapse groups, cx::network
#include "network/custom_update_network.hpp"  // cx::update: custom updates in a network
#include "network/custom_connectivity_network.hpp"  // cx::connectivity_update: structural plasticity
#include "network/capacity.hpp"  // cx::max_row_length / max_col_length with parameters by name
#include "runtime/simulation.hpp"  // cx::simulate, cx::simulation, the CPU backend

#ifndef CORTEXPR_NO_CX_ALIAS
/// Short alias used throughout the docs and examples; define CORTEXPR_NO_CX_ALIAS to
/// keep `cx` free in your code.
namespace cx = cortexpr;
#endif

// Every built-in model and snippet (GeNN 5.4.0's, under their names, plus GeNN 4's
// PiecewiseSTDP), written as ordinary model types with code strings.
#pragma once

#include "neuron/izhikevich.hpp"
#include "neuron/izhikevich_variable.hpp"
#include "neuron/lif.hpp"
#include "neuron/poisson.hpp"
#include "neuron/rulkov_map.hpp"
#include "neuron/spike_source_array.hpp"
#include "neuron/traub_miles.hpp"

#include "current_source/dc.hpp"
#include "current_source/gaussian_noise.hpp"
#include "current_source/poisson_exp.hpp"

#include "postsynaptic/delta_curr.hpp"
#include "postsynaptic/exp_cond.hpp"
#include "postsynaptic/exp_curr.hpp"

#include "weight_update/piecewise_stdp.hpp"
#include "weight_update/static_graded.hpp"
#include "weight_update/static_pulse.hpp"
#include "weight_update/static_pulse_constant_weight.hpp"
#include "weight_update/static_pulse_dendritic_delay.hpp"
#include "weight_update/stdp.hpp"

#include "custom_update/transpose.hpp"

#include "init_var/binomial.hpp"
#include "init_var/constant.hpp"
#include "init_var/exponential.hpp"
#include "init_var/gamma.hpp"
#include "init_var/kernel.hpp"
#include "init_var/normal.hpp"
#include "init_var/normal_clipped.hpp"
#include "init_var/normal_clipped_delay.hpp"
#include "init_var/uniform.hpp"
#include "init_var/values.hpp"
#include "init_var/uninitialised.hpp"

#include "init_sparse/binomial_quantile.hpp"
#include "init_sparse/conv2d.hpp"
#include "init_sparse/fixed_number_post.hpp"
#include "init_sparse/fixed_number_pre.hpp"
#include "init_sparse/fixed_number_total.hpp"
#include "init_sparse/fixed_probability.hpp"
#include "init_sparse/fixed_probability_no_autapse.hpp"
#include "init_sparse/one_to_one.hpp"

#include "init_toeplitz/avg_pool_conv2d.hpp"
#include "init_toeplitz/conv2d.hpp"

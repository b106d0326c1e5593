// Building networks: every matrix kind, connectivity snippets and explicit lists, the
// three kinds of delay, initialisers, batching and fused postsynaptic models.
// docs/guide/building-networks.md explains each part.
#include <cortexpr/cortexpr.hpp>

#include <cstdio>
#include <vector>

using namespace cx::literals;

//! begin helper
/// A LIF population with the same parameters under any name: the name is a template
/// argument, the size a run-time value.
template <cx::fixed_string Name>
auto lif(std::uint32_t n) {
    return cx::population<Name, cx::neuron::LIF>(n,
        "C"_p = 0.25, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -70.0, "Vthresh"_p = -50.0,
        "Ioffset"_p = 0.0, "TauRefrac"_p = 2.0,
        "V"_v = cx::init<cx::init_var::Uniform>("min"_p = -70.0, "max"_p = -50.0), "RefracTime"_v = 0.0);
}
//! end helper

int main() {
    //! begin explicit
    // (pre, post) pairs given by the host: neuron k of "Cue" drives Exc neurons 10k .. 10k+9
    cx::connection_list cue_to_exc;
    for (std::uint32_t k = 0; k < 10; ++k)
        for (std::uint32_t j = 0; j < 10; ++j) {
            cue_to_exc.pre.push_back(k);
            cue_to_exc.post.push_back(10 * k + j);
        }
    //! end explicit

    //! begin kernel
    std::vector<double> kernel(3 * 3 * 1 * 2);  // [kh][kw][ic][oc], row-major
    for (std::size_t k = 0; k < kernel.size(); ++k) kernel[k] = 0.02 * double(k % 5);
    //! end kernel

    //! begin network
    auto net = cx::network(
        // populations
        cx::population<"Noise", cx::neuron::Poisson>(200, "rate"_p = 10.0, "timeStepToSpike"_v = 0.0),
        cx::population<"Cue", cx::neuron::Poisson>(10, "rate"_p = 5.0, "timeStepToSpike"_v = 0.0),
        cx::population<"Img", cx::neuron::Poisson>(8 * 8 * 1, "rate"_p = 20.0, "timeStepToSpike"_v = 0.0),
        lif<"Exc">(400),
        lif<"Inh">(100),
        lif<"Feat">(8 * 8 * 2),
        // a current source on a population
        cx::source<"Bias", "Exc", cx::current_source::DC>("amp"_p = 0.1),

        // sparse, built by a connectivity snippet; per-synapse weights from an initialiser
        cx::synapses<"NoiseExc", "Noise", "Exc">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)),
            cx::wu<cx::weight_update::StaticPulse>(
                "g"_v = cx::init<cx::init_var::NormalClipped>("mean"_p = 0.3, "sd"_p = 0.1, "min"_p = 0.0, "max"_p = 1.0)),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0)),
        // dense, plastic, with an axonal delay of 2 steps and a back-propagation delay of 1
        cx::synapses<"ExcExc", "Exc", "Exc">(
            cx::dense(),
            cx::wu<cx::weight_update::STDP>("tauPlus"_p = 20.0, "tauMinus"_p = 20.0, "Aplus"_p = 0.001,
                                            "Aminus"_p = 0.0012, "Wmin"_p = 0.0, "Wmax"_p = 0.01,
                                            "g"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.0, "max"_p = 0.005)),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0),
            {.axonal_delay = 2, .back_prop_delay = 1}),
        // bitmask: one bit per pair; the weight is regenerated from its initialiser
        cx::synapses<"ExcInh", "Exc", "Inh">(
            cx::bitmask(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.2)),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.2),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0)),
        // procedural: no stored synapses; each spike regenerates its row and weights
        cx::synapses<"InhExc", "Inh", "Exc">(
            cx::procedural(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.2)),
            cx::wu<cx::weight_update::StaticPulse>(
                "g"_v = cx::init<cx::init_var::Uniform>("min"_p = -0.6, "max"_p = -0.2)),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 10.0)),
        // explicit pairs with per-synapse dendritic delays (d < max_dendritic_delay)
        cx::synapses<"CueExc", "Cue", "Exc">(
            cx::sparse(cue_to_exc),
            cx::wu<cx::weight_update::StaticPulseDendriticDelay>(
                "g"_v = 0.5,
                "d"_v = cx::init<cx::init_var::NormalClippedDelay>("mean"_p = 2.0, "sd"_p = 1.0, "min"_p = 0.0, "max"_p = 4.0)),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0),
            {.max_dendritic_delay = 50}),
        // toeplitz: a 3x3 "same" convolution, 1 input channel -> 2 feature maps, kernel weights
        cx::synapses<"ImgFeat", "Img", "Feat">(
            cx::toeplitz(cx::connect_toeplitz<cx::init_toeplitz::Conv2D>(
                "conv_kh"_p = 3, "conv_kw"_p = 3, "conv_ih"_p = 8, "conv_iw"_p = 8, "conv_ic"_p = 1,
                "conv_oh"_p = 8, "conv_ow"_p = 8, "conv_oc"_p = 2)),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = cx::init<cx::init_var::Kernel>("kernel"_e = kernel)),
            cx::psm<cx::postsynaptic::DeltaCurr>()),
        // the same convolution as procedural connectivity with kernel weights
        cx::synapses<"ImgFeatProc", "Img", "Feat">(
            cx::procedural(cx::connect<cx::init_sparse::Conv2D>(
                               "conv_kh"_p = 3, "conv_kw"_p = 3, "conv_sh"_p = 1, "conv_sw"_p = 1,
                               "conv_padh"_p = 1, "conv_padw"_p = 1, "conv_ih"_p = 8, "conv_iw"_p = 8,
                               "conv_ic"_p = 1, "conv_oh"_p = 8, "conv_ow"_p = 8, "conv_oc"_p = 2),
                           cx::kernel_weights),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = cx::init<cx::init_var::Kernel>("kernel"_e = kernel)),
            cx::psm<cx::postsynaptic::DeltaCurr>()));
    //! end network

    //! begin options
    cx::options opt;
    opt.dt = 0.1;                  // [ms]
    opt.seed = 42;                 // dynamics and variable initialisation (entry b: seed + b)
    opt.connectivity_seed = 7;     // connectivity and shared variables (default: seed)
    opt.batch = 2;                 // two independent copies that share the connectivity
    opt.fuse_postsynaptic = true;  // NoiseExc and ExcExc (ExpCurr, tau 5) share one inSyn
    auto sim = cx::simulate<cx::cpu>(net, opt);
    //! end options

    sim.record_spikes<"Exc">(1000);
    sim.run(100.0);
    std::printf("Exc spikes, batch entry 0: %zu, entry 1: %zu; NoiseExc has %zu synapses\n",
                sim.spikes<"Exc">(0).ids.size(), sim.spikes<"Exc">(1).ids.size(), sim.synapse_count<"NoiseExc">());
    return 0;
}

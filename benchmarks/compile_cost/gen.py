#!/usr/bin/env python3
"""Writes translation units holding K models' worth of cortexpr code strings.

    gen.py K OUTDIR [--seed N]     -> OUTDIR/models_K.cpp and OUTDIR/models_K.cu

The models are variations of five GeNN classics, taken in turn: LIF (a third of them
with a noise term), Izhikevich, TraubMiles, exponential synapses (ExpCurr and ExpCond in
turn) and STDP (trace-based with pre/post traces, or nearest-neighbour). Each copy gets
renamed parameters, variables and locals and constants perturbed by up to 10%, so no
two models share a code string. For every model, each of its units
  * goes through `cortexpr::dsl::program<...>` (static_assert on `::ok`: lexing,
    parsing and checking at compile time), as do its derived-parameter expressions,
  * and is emitted: in the .cpp by a non-inline function that runs it over N elements
    (an unused *inline* function would be instantiated but never optimised or
    emitted, so code generation would go unmeasured), in the .cu by a __global__ kernel.
K = 0 gives the baseline: the includes only. Python 3, standard library only.
"""
import argparse
import json
import random
import re
from pathlib import Path

# ---- identifier pools: every name of a template, and what it may become ----------------
NAMES = {
    # LIF
    "C": ["C", "Cm", "Cmem", "capacitance"],
    "TauM": ["TauM", "tauM", "tau_m", "TauMem", "tauMembrane"],
    "Vrest": ["Vrest", "Vr", "E_L", "Vleak", "restPot"],
    "Vreset": ["Vreset", "Vres", "V_reset", "resetPot"],
    "Vthresh": ["Vthresh", "Vth", "V_thresh", "theta"],
    "Ioffset": ["Ioffset", "Ibias", "I_offset", "Iext"],
    "TauRefrac": ["TauRefrac", "tauRef", "t_ref", "refracPeriod"],
    "ExpTC": ["ExpTC", "expTC", "decayM", "alphaM"],
    "Rmembrane": ["Rmembrane", "Rm", "R_mem", "resistance"],
    "V": ["V", "Vm", "v", "Vmem", "mem"],
    "RefracTime": ["RefracTime", "refrac", "tRefLeft", "RefracLeft"],
    "alpha": ["alpha", "vInf", "target", "Vinf"],
    "sigma": ["sigma", "noiseSD", "sdNoise", "Inoise"],
    # Izhikevich
    "a": ["a", "aRecov", "izA", "recovRate"],
    "b": ["b", "bSens", "izB", "sensitivity"],
    "c": ["c", "cReset", "izC", "Vafter"],
    "d": ["d", "dJump", "izD", "Uafter"],
    "U": ["U", "u", "recov", "Urec"],
    # TraubMiles
    "gNa": ["gNa", "gSodium", "g_na", "gNaMax"],
    "ENa": ["ENa", "ESodium", "E_na", "VNa"],
    "gK": ["gK", "gPotassium", "g_k", "gKMax"],
    "EK": ["EK", "EPotassium", "E_k", "VK"],
    "gl": ["gl", "gLeak", "g_l", "gL"],
    "El": ["El", "ELeak", "E_l", "VL"],
    "m": ["m", "mNa", "actNa", "mGate"],
    "h": ["h", "hNa", "inactNa", "hGate"],
    "n": ["n", "nK", "actK", "nGate"],
    "Imem": ["Imem", "Iion", "Itot", "Icurrent"],
    "mdt": ["mdt", "subDt", "hdt", "dtSub"],
    "mt": ["mt", "k", "step", "sub"],
    "ra": ["ra", "rateA", "alphaRate", "aRate"],
    "rb": ["rb", "rateB", "betaRate", "bRate"],
    # exponential synapses
    "tau": ["tau", "tauSyn", "tau_syn", "decayTime"],
    "E": ["E", "Erev", "E_syn", "Vrev"],
    "expDecay": ["expDecay", "decay", "synDecay", "expFactor"],
    "init": ["init", "scale", "normFactor", "initScale"],
    # STDP
    "tauPlus": ["tauPlus", "tauP", "tau_plus", "tauPot"],
    "tauMinus": ["tauMinus", "tauD", "tau_minus", "tauDep"],
    "Aplus": ["Aplus", "aPlus", "A_plus", "potAmp"],
    "Aminus": ["Aminus", "aMinus", "A_minus", "depAmp"],
    "Wmin": ["Wmin", "wMin", "gMin", "lowerBound"],
    "Wmax": ["Wmax", "wMax", "gMax", "upperBound"],
    "g": ["g", "w", "weight", "gSyn"],
    "preTrace": ["preTrace", "xPre", "tracePre", "preX"],
    "postTrace": ["postTrace", "yPost", "tracePost", "postY"],
    "dtt": ["dtt", "delta", "lag", "deltaT"],
    "timing": ["timing", "kernel", "window", "stdpFactor"],
    "newWeight": ["newWeight", "wNew", "gNew", "proposed"],
}

# ---- model templates: $Name is renamed, @1.5@ perturbed (same literal, same value) ------
LIF_SIM = """\
if ($RefracTime <= 0.0) {
    scalar $alpha = (($Isyn + $Ioffset) * $Rmembrane) + $Vrest;
    $V = $alpha - ($ExpTC * ($alpha - $V));
}
else {
    $RefracTime -= dt;
}
"""
LIF_NOISY_SIM = """\
if ($RefracTime <= 0.0) {
    scalar $alpha = (($Isyn + $Ioffset + $sigma * gennrand_normal()) * $Rmembrane) + $Vrest;
    $V = $alpha - ($ExpTC * ($alpha - $V));
}
else {
    $RefracTime -= dt;
}
"""
IZH_SIM = """\
if ($V >= @30.0@) {
    $V = $c;
    $U += $d;
}
$V += 0.5 * (@0.04@ * $V * $V + @5.0@ * $V + @140.0@ - $U + $Isyn) * dt;  // two half steps
$V += 0.5 * (@0.04@ * $V * $V + @5.0@ * $V + @140.0@ - $U + $Isyn) * dt;
$U += $a * ($b * $V - $U) * dt;
if ($V > @30.0@) {
    $V = @30.0@;
}
"""
TRAUB_SIM = """\
scalar $Imem;
unsigned int $mt;
scalar $mdt = dt / @25.0@;
for ($mt = 0; $mt < 25; $mt++) {
    $Imem = -($m * $m * $m * $h * $gNa * ($V - ($ENa)) +
             $n * $n * $n * $n * $gK * ($V - ($EK)) +
             $gl * ($V - ($El)) - $Isyn);
    scalar $ra;
    if ($V == -@52.0@) {
        $ra = @1.28@;
    }
    else {
        $ra = @0.32@ * (-@52.0@ - $V) / (exp((-@52.0@ - $V) / @4.0@) - 1.0);
    }
    scalar $rb;
    if ($V == -@25.0@) {
        $rb = @1.4@;
    }
    else {
        $rb = @0.28@ * ($V + @25.0@) / (exp(($V + @25.0@) / @5.0@) - 1.0);
    }
    $m += ($ra * (1.0 - $m) - $rb * $m) * $mdt;
    $ra = @0.128@ * exp((-@48.0@ - $V) / @18.0@);
    $rb = @4.0@ / (exp((-@25.0@ - $V) / @5.0@) + 1.0);
    $h += ($ra * (1.0 - $h) - $rb * $h) * $mdt;
    if ($V == -@50.0@) {
        $ra = @0.16@;
    }
    else {
        $ra = @0.032@ * (-@50.0@ - $V) / (exp((-@50.0@ - $V) / @5.0@) - 1.0);
    }
    $rb = 0.5 * exp((-@55.0@ - $V) / @40.0@);
    $n += ($ra * (1.0 - $n) - $rb * $n) * $mdt;
    $V += $Imem / $C * $mdt;
}
"""
STDP_TRACE_PRE_SYN = """\
addToPost($g);
const scalar $dtt = t - st_post;
if ($dtt > 0) {
    const scalar $timing = $postTrace * exp(-$dtt / $tauMinus);
    const scalar $newWeight = $g - ($Aminus * $timing);
    $g = fmin($Wmax, fmax($Wmin, $newWeight));
}
"""
STDP_TRACE_POST_SYN = """\
const scalar $dtt = t - st_pre;
if ($dtt > 0) {
    const scalar $timing = $preTrace * exp(-$dtt / $tauPlus);
    const scalar $newWeight = $g + ($Aplus * $timing);
    $g = fmin($Wmax, fmax($Wmin, $newWeight));
}
"""
STDP_NN_PRE_SYN = """\
addToPost($g);
const scalar $dtt = t - st_post;
if ($dtt > 0) {
    const scalar $timing = exp(-$dtt / $tauMinus);
    const scalar $newWeight = $g - ($Aminus * $timing);
    $g = fmin($Wmax, fmax($Wmin, $newWeight));
}
"""
STDP_NN_POST_SYN = STDP_NN_PRE_SYN.replace("addToPost($g);\n", "").replace(
    "st_post", "st_pre").replace("$tauMinus", "$tauPlus").replace("$g - ($Aminus", "$g + ($Aplus")

BUILTINS = {"Isyn", "dt", "t"}  # never renamed


class Model:
    """One generated model: its C++ struct text and its units."""

    def __init__(self, index, kind, rng):
        self.index, self.kind, self.rng = index, kind, rng
        self.names = {k: rng.choice(v) for k, v in NAMES.items()}
        self.consts = {}
        self.members = []  # C++ lines inside the struct
        self.units = []    # (unit alias, family, [fields])
        self.n_derived = 0

    # ---- text helpers ----------------------------------------------------------------
    def name(self, n):
        return n if n in BUILTINS else self.names[n]

    def perturb(self, lit):
        if lit not in self.consts:
            v = float(lit) * (1.0 + self.rng.uniform(-0.1, 0.1))
            s = "%.6g" % v
            if "." not in s and "e" not in s:
                s += ".0"
            self.consts[lit] = s
        return self.consts[lit]

    def code(self, template):
        text = re.sub(r"\$(\w+)", lambda m: self.name(m.group(1)), template)
        return re.sub(r"@([0-9.]+)@", lambda m: self.perturb(m.group(1)), text)

    @staticmethod
    def cxx_string(text):
        lines = text.splitlines(keepends=True)
        return "\n        ".join(json.dumps(line) for line in lines) if lines else '""'

    # ---- struct members --------------------------------------------------------------
    def params(self, *names):
        self.members.append("static constexpr auto params = cx::params(%s);" %
                            ", ".join(json.dumps(self.name(n)) for n in names))

    def derived(self, *pairs):
        self.n_derived = len(pairs)
        self.members.append("static constexpr auto derived = cx::derived_params(%s);" % ", ".join(
            "cx::derive(%s, %s)" % (json.dumps(self.name(n)), json.dumps(self.code(e))) for n, e in pairs))

    def var_list(self, member, *names, maker="cx::vars"):
        self.members.append("static constexpr auto %s = %s(%s);" %
                            (member, maker, ", ".join(json.dumps(self.name(n)) for n in names)))

    def field(self, field, template):
        self.members.append("static constexpr cx::code %s =\n        %s;" % (field, self.cxx_string(self.code(template))))

    def unit(self, family, *fields):
        self.units.append(("U%d_%d" % (self.index, len(self.units)), family, list(fields)))

    @property
    def struct_name(self):
        return "M%d_%s" % (self.index, self.kind)


def make_model(index, rng):
    kinds = ["lif", "izhikevich", "traub_miles", "exp_syn", "stdp"]
    kind = kinds[index % len(kinds)]
    m = Model(index, kind, rng)
    variant = index // len(kinds)
    if kind == "lif":
        noisy = variant % 3 == 2
        m.params("C", "TauM", "Vrest", "Vreset", "Vthresh", "Ioffset", "TauRefrac", *(["sigma"] if noisy else []))
        m.derived(("ExpTC", "exp(-dt / $TauM)"), ("Rmembrane", "$TauM / $C"))
        m.var_list("vars", "V", "RefracTime")
        m.field("sim_code", LIF_NOISY_SIM if noisy else LIF_SIM)
        m.field("threshold_condition_code", "$RefracTime <= 0.0 && $V >= $Vthresh")
        m.field("reset_code", "$V = $Vreset;\n$RefracTime = $TauRefrac;\n")
        m.unit("neuron", "sim_code", "threshold_condition_code", "reset_code")
    elif kind == "izhikevich":
        m.params("a", "b", "c", "d")
        m.var_list("vars", "V", "U")
        m.field("sim_code", IZH_SIM)
        m.field("threshold_condition_code", "$V >= @29.99@")
        m.unit("neuron", "sim_code", "threshold_condition_code")
    elif kind == "traub_miles":
        m.params("gNa", "ENa", "gK", "EK", "gl", "El", "C")
        m.var_list("vars", "V", "m", "h", "n")
        m.field("sim_code", TRAUB_SIM)
        m.field("threshold_condition_code", "$V >= 0.0")
        m.unit("neuron", "sim_code", "threshold_condition_code")
    elif kind == "exp_syn":
        if variant % 2 == 0:  # ExpCurr
            m.params("tau")
            m.derived(("expDecay", "exp(-dt / $tau)"), ("init", "($tau / dt) * (1.0 - exp(-dt / $tau))"))
            m.field("sim_code", "injectCurrent($init * inSyn);\ninSyn *= $expDecay;\n")
        else:  # ExpCond
            m.params("tau", "E")
            m.derived(("expDecay", "exp(-dt / $tau)"))
            m.var_list("neuron_var_refs", "V", maker="cx::var_refs")
            m.field("sim_code", "injectCurrent(inSyn * ($E - $V));\ninSyn *= $expDecay;\n")
        m.unit("postsynaptic", "sim_code")
    else:  # stdp
        m.params("tauPlus", "tauMinus", "Aplus", "Aminus", "Wmin", "Wmax")
        m.var_list("vars", "g")
        if variant % 2 == 0:  # trace-based
            m.var_list("pre_vars", "preTrace")
            m.var_list("post_vars", "postTrace")
            m.field("pre_spike_syn_code", STDP_TRACE_PRE_SYN)
            m.field("post_spike_syn_code", STDP_TRACE_POST_SYN)
            m.field("pre_spike_code", "$preTrace = $preTrace * exp(-(t - prev_st_pre) / $tauPlus) + 1.0;\n")
            m.field("post_spike_code", "$postTrace = $postTrace * exp(-(t - prev_st_post) / $tauMinus) + 1.0;\n")
            m.unit("weight_update", "pre_spike_syn_code", "post_spike_syn_code")
            m.unit("weight_update", "pre_spike_code")
            m.unit("weight_update", "post_spike_code")
        else:  # nearest neighbour
            m.field("pre_spike_syn_code", STDP_NN_PRE_SYN)
            m.field("post_spike_syn_code", STDP_NN_POST_SYN)
            m.unit("weight_update", "pre_spike_syn_code", "post_spike_syn_code")
    m.members.insert(0, "static constexpr std::string_view name = %s;" % json.dumps("%s_%d" % (kind, index)))
    return m


def model_text(m):
    out = ["struct %s {" % m.struct_name]
    out += ["    " + line for line in m.members]
    out.append("};")
    for alias, family, fields in m.units:
        out.append("using %s = cx::model_unit<%s, cx::family::%s, %s>;" % (
            alias, m.struct_name, family, ", ".join("cx::field::" + f for f in fields)))
        out.append("static_assert(cx::dsl::program<%s>::ok);" % alias)
    for i in range(m.n_derived):
        out.append("static_assert(cx::dsl::program<cx::derived_unit<%s, %d>>::ok);" % (m.struct_name, i))
    return "\n".join(out)


HEADER = """\
// Generated by benchmarks/compile_cost/gen.py (%d models, seed %d): do not edit.
#include <cstdint>

#include "bench_env.hpp"
"""


def write(k, outdir, seed):
    rng = random.Random(seed)
    models = [make_model(i, rng) for i in range(k)]
    cpp, cu = [HEADER % (k, seed)], [HEADER % (k, seed)]
    if models:
        body = ["namespace gen {", ""]
        for m in models:
            body += [model_text(m), ""]
        cpp += body
        cu += body
        for m in models:
            for alias, _, _ in m.units:
                env = "cx::bench::array_env<%s, float>" % alias
                cpp.append("void run_%s(%s& e, std::uint32_t n) {\n"
                           "    for (std::uint32_t i = 0; i < n; ++i) cx::bench::run_unit(e, i);\n}" % (alias, env))
                cu.append("__global__ void run_%s(%s e, std::uint32_t n) {\n"
                          "    const std::uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;\n"
                          "    if (i < n) cx::bench::run_unit(e, i);\n}" % (alias, env))
        cpp.append("}  // namespace gen")
        cu.append("}  // namespace gen")
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / ("models_%d.cpp" % k)).write_text("\n".join(cpp) + "\n")
    (outdir / ("models_%d.cu" % k)).write_text("\n".join(cu) + "\n")
    n_units = sum(len(m.units) for m in models)
    n_chars = sum(len(line) for line in "\n".join(model_text(m) for m in models).splitlines())
    print(json.dumps({"gen": "compile_cost", "models": k, "units": n_units,
                      "derived": sum(m.n_derived for m in models), "model_text_chars": n_chars}))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("k", type=int, help="number of models (0: includes only)")
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    write(a.k, a.outdir, a.seed)


if __name__ == "__main__":
    main()

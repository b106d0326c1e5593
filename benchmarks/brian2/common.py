"""Shared plumbing of the Brian2 benchmark scripts (vogels_abbott.py, microcircuit.py).

Each script builds its network with Brian2 in C++ standalone mode and prints one JSON line
per run. This module holds what both need: the device set-up, the timers, the measurement
of the simulation process's peak memory, the truncated-normal sampler of GeNN's
NormalClipped / NormalClippedDelay, and the JSON line.

How the times are separated
---------------------------
Brian2's standalone mode writes a C++ project and runs it as a separate program. We set the
device with ``build_on_run=False`` so that nothing happens at ``net.run``, then:

* ``build_s``  = wall time of ``net.run(...)`` (Brian2 generates the code of every object)
  plus ``device.build(compile=True, run=False)`` (writes the project, runs ``make``), plus
  the Python-side construction of the Brian2 objects. This is "code generation +
  compilation", what GeNN calls build.
* ``init_s`` and ``sim_s`` come from the program itself: we insert C++ (``device.insert_code``)
  that reads ``CLOCK_MONOTONIC`` before ``brian_start()`` (allocation, loading static
  arrays), just before and just after the network run, and after ``brian_end()`` (writing
  results), and writes the stamps to ``results/cx_timing.txt``.
  ``init_s`` = before network run − before start: array allocation, connectivity
  generation (``Synapses.connect``), variable initialisation and Brian2's synapse
  preparation (spike queues, delays). If a script generates some connectivity in Python
  (numpy) instead, that time is added to ``init_s`` and also reported as ``init_python_s``.
  ``sim_s`` = after − before the network run (the same interval as Brian2's
  ``_last_run_time``, reported as ``brian2_last_run_time_s`` for comparison).
  ``teardown_s`` = writing results and freeing memory (not in any of the three).
* ``--profile`` turns on Brian2's per-code-object profiling and adds ``phases_s``: the
  time spent per phase (neuron update, spike propagation, ...), summed over code objects.

Peak memory
-----------
``resource.getrusage(RUSAGE_CHILDREN)`` in the Python process would also count the compiler
(g++ on Brian2's generated files often needs more memory than a small network), so the
standalone program is started through a tiny Python wrapper (Brian2's
``devices.cpp_standalone.run_cmd_unix``) whose only child is the program; the wrapper
writes ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` to a file: the peak resident memory of
the simulation process alone (``peak_rss_mb``, MiB). The Python process's own peak
(which holds numpy arrays, if any) is reported separately as ``python_peak_rss_mb``.
"""

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time

import numpy as np

# Run by the wrapper process in front of ./main: its only child is the simulation program.
_RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.call(sys.argv[2:])\n"
    "ru = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "open(sys.argv[1], 'w').write('%d %.6f' % (ru.ru_maxrss, ru.ru_utime + ru.ru_stime))\n"
    "sys.exit(rc)\n"
)

# C++ inserted into main(): monotonic time stamps, written to results/cx_timing.txt.
_STAMP_DECL = (
    "struct timespec _cx_ts; double _cx_t[4] = {0.0, 0.0, 0.0, 0.0};\n"
    "auto _cx_now = [&_cx_ts]() { clock_gettime(CLOCK_MONOTONIC, &_cx_ts);"
    " return (double)_cx_ts.tv_sec + 1e-9 * (double)_cx_ts.tv_nsec; };\n"
    "_cx_t[0] = _cx_now();"
)
_STAMP_WRITE = (
    "_cx_t[3] = _cx_now();\n"
    "{ std::ofstream _cx_f((brian::results_dir + \"cx_timing.txt\").c_str());\n"
    "  _cx_f.precision(17);\n"
    "  _cx_f << _cx_t[0] << ' ' << _cx_t[1] << ' ' << _cx_t[2] << ' ' << _cx_t[3] << std::endl; }"
)


def common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--threads", type=int, default=1,
                        help="OpenMP threads of the standalone program "
                             "(prefs.devices.cpp_standalone.openmp_threads; 0 = no OpenMP)")
    parser.add_argument("--bio-s", type=float, default=1.0,
                        help="biological time to simulate, seconds (default 1)")
    parser.add_argument("--seed", type=int, default=1234, help="Brian2 random seed")
    parser.add_argument("--precision", choices=("double", "float"), default="double",
                        help="Brian2's default float type (GeNN's examples use float; "
                             "Brian2's default is double)")
    parser.add_argument("--repeats", type=int, default=1,
                        help="run the compiled program this many times (one JSON line each)")
    parser.add_argument("--profile", action="store_true",
                        help="Brian2 per-code-object profiling; adds phases_s")
    parser.add_argument("--make-jobs", type=int, default=os.cpu_count() or 1,
                        help="parallel compiler jobs for Brian2's make (default: CPU count; "
                             "Brian2's own default, an unlimited 'make -j', starts one g++ "
                             "per generated file and needs ~20 GB for the microcircuit)")
    parser.add_argument("--workdir", default=None,
                        help="directory for the generated C++ project (default: a new "
                             "temporary directory, removed afterwards)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the generated project directory")


class Bench:
    """Sets up the cpp_standalone device and measures one network."""

    def __init__(self, args):
        self.args = args
        import brian2  # noqa: imported here so that --help works without Brian2
        self.b2 = brian2
        self.version = brian2.__version__
        self.own_dir = args.workdir is None
        self.directory = (tempfile.mkdtemp(prefix="cx_brian2_") if self.own_dir
                          else os.path.abspath(args.workdir))
        self.rss_file = os.path.join(self.directory, "cx_peak_rss_kib.txt")
        self.t_construct0 = time.perf_counter()
        self.init_python_s = 0.0

        b2 = brian2
        b2.set_device("cpp_standalone", directory=self.directory, build_on_run=False)
        b2.prefs.devices.cpp_standalone.openmp_threads = args.threads
        b2.prefs.devices.cpp_standalone.extra_make_args_unix = ["-j", str(args.make_jobs)]
        b2.prefs.devices.cpp_standalone.run_cmd_unix = [
            sys.executable, "-c", _RSS_WRAPPER, self.rss_file, "./main"]
        if args.precision == "float":
            b2.prefs.core.default_float_dtype = np.float32
        b2.seed(args.seed)
        b2.device.insert_code("before_start", _STAMP_DECL)
        b2.device.insert_code("before_network_run", "_cx_t[1] = _cx_now();")
        b2.device.insert_code("after_network_run", "_cx_t[2] = _cx_now();")
        b2.device.insert_code("after_end", _STAMP_WRITE)

    def python_init(self):
        """Context manager: time spent generating connectivity in Python counts as init."""
        bench = self

        class _Timer:
            def __enter__(self):
                self.t0 = time.perf_counter()

            def __exit__(self, *exc):
                bench.init_python_s += time.perf_counter() - self.t0
        return _Timer()

    def build(self, net, duration):
        """Generate code for net.run(duration) and compile; returns build seconds."""
        b2 = self.b2
        t0 = time.perf_counter()
        net.run(duration, profile=self.args.profile)
        t1 = time.perf_counter()
        b2.device.build(directory=self.directory, compile=True, run=False,
                        with_output=False)
        t2 = time.perf_counter()
        make_s = (b2.device.timers.get("compile") or {}).get("make")
        self.build_parts = {
            "construct_s": round(t0 - self.t_construct0 - self.init_python_s, 4),
            "codegen_s": round(t1 - t0, 4),
            "write_and_compile_s": round(t2 - t1, 4),
            "make_s": None if make_s is None else round(make_s, 4),
        }
        return t2 - self.t_construct0 - self.init_python_s

    def run_once(self):
        """Runs the compiled program once; returns a dict of measured times and memory."""
        b2 = self.b2
        if os.path.exists(self.rss_file):
            os.remove(self.rss_file)
        load = round(os.getloadavg()[0], 2)
        busy0 = _busy_cpu_seconds()
        t0 = time.perf_counter()
        b2.device.run(directory=self.directory, with_output=False)
        wall = time.perf_counter() - t0
        busy1 = _busy_cpu_seconds()
        with open(os.path.join(self.directory, "results", "cx_timing.txt")) as f:
            t_start, t_run0, t_run1, t_end = (float(x) for x in f.read().split())
        with open(self.rss_file) as f:
            rss_kib, own_cpu_s = f.read().split()
            rss_kib, own_cpu_s = int(rss_kib), float(own_cpu_s)
        # CPU time that other processes used while the program ran, in cores: shows
        # whether the machine was shared during the measurement (0 = quiet).
        other_cores = None
        if busy0 is not None and busy1 is not None and wall > 0:
            other_cores = round(max(0.0, (busy1 - busy0) - own_cpu_s) / wall, 2)
        out = {
            "init_binary_s": t_run0 - t_start,
            "sim_s": t_run1 - t_run0,
            "teardown_s": t_end - t_run1,
            "process_wall_s": wall,
            "brian2_last_run_time_s": getattr(b2.device, "_last_run_time", None),
            "peak_rss_mb": rss_kib / 1024.0,
            "loadavg_1min": load,
            "other_cores": other_cores,
            "own_cpu_s": own_cpu_s,
        }
        return out

    def phases(self, net, input_objects=()):
        """Brian2's profiling, summed per kind of code object (needs --profile).

        input_objects: names of the run_regularly operations that compute the synaptic /
        Poisson input (counted as neuron update, as GeNN counts its PSM code there).
        """
        if not self.args.profile:
            return None
        phases = {}
        for name, t in net.get_profiling_info():
            if name.endswith("_push_spikes"):
                key = "spike_queue_push"
            elif name.endswith("_pre_codeobject") or name.endswith("_post_codeobject"):
                key = "synapse_propagation"
            elif "stateupdater" in name or any(name.startswith(o + "_") for o in input_objects):
                key = "neuron_update"
            elif "thresholder" in name:
                key = "threshold"
            elif "resetter" in name:
                key = "reset"
            elif "spikemonitor" in name or name.startswith("spikes_"):
                key = "spike_recording"
            else:
                key = "other"
            phases[key] = phases.get(key, 0.0) + float(t)
        return {k: round(v, 6) for k, v in sorted(phases.items())}

    def record(self, bench, neurons, scale, bio_s, build_s, measured, rates, extra=None):
        init_s = measured["init_binary_s"] + self.init_python_s
        rec = {
            "bench": bench,
            "simulator": "brian2",
            "version": self.version,
            "threads": self.args.threads,
            "neurons": int(neurons),
            "scale": scale,
            "bio_s": bio_s,
            "build_s": round(build_s, 4),
            "init_s": round(init_s, 4),
            "sim_s": round(measured["sim_s"], 4),
            "s_per_bio_s": round(measured["sim_s"] / bio_s, 5),
            "peak_rss_mb": round(measured["peak_rss_mb"], 1),
            "rates_hz": {k: round(float(v), 4) for k, v in rates.items()},
            "build_parts_s": getattr(self, "build_parts", None),
            "init_python_s": round(self.init_python_s, 4),
            "teardown_s": round(measured["teardown_s"], 4),
            "brian2_last_run_time_s": measured["brian2_last_run_time_s"],
            "python_peak_rss_mb": round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
            "make_jobs": self.args.make_jobs,
            "loadavg_1min_before_run": measured["loadavg_1min"],
            "other_cores_during_run": measured["other_cores"],
            "process_cpu_s": round(measured["own_cpu_s"], 3),
            "process_wall_s": round(measured["process_wall_s"], 3),
            "precision": self.args.precision,
            "seed": self.args.seed,
            "host": platform.node(),
            "cpu_count": os.cpu_count(),
        }
        if extra:
            rec.update(extra)
        print(json.dumps(rec), flush=True)

    def cleanup(self):
        if self.own_dir and not self.args.keep:
            shutil.rmtree(self.directory, ignore_errors=True)


def _busy_cpu_seconds():
    """Busy CPU time of the whole machine (all cores) from /proc/stat, or None."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()
    except OSError:
        return None
    if not fields or fields[0] != "cpu":
        return None
    vals = [int(x) for x in fields[1:]]
    idle = vals[3] + (vals[4] if len(vals) > 4 else 0)        # idle + iowait
    busy = sum(vals[:8]) - idle                                # guest time is in user
    return busy / os.sysconf("SC_CLK_TCK")


def refractory_steps(tau_refrac_ms: float, dt_ms: float) -> int:
    """Steps a GeNN LIF neuron stays frozen after a spike.

    GeNN subtracts dt from RefracTime (a float variable) once per step until it is <= 0 and
    does not integrate V in those steps (cx::neuron::LIF does the same): 5.0/1.0 -> 5, 2.0/0.1 -> 20.
    """
    r = np.float32(tau_refrac_ms)
    d = np.float32(dt_ms)
    n = 0
    while r > np.float32(0.0):
        r = np.float32(r - d)
        n += 1
    return n


def truncated_normal_function():
    """Brian2 Function truncnorm(mean, sd, lo, hi): GeNN's NormalClipped.

    Draws mean + sd*N until lo <= x <= hi (rejection, as GeNN does; clamping would put a
    point mass on the bounds). In C++ it calls Brian2's own randn, so seeding and
    threading are Brian2's.
    """
    from brian2 import Function, DEFAULT_FUNCTIONS

    def _py(mean, sd, lo, hi, _vectorisation_idx):
        n = np.size(_vectorisation_idx)
        shape = np.broadcast(mean, sd, lo, hi, np.empty(n)).shape
        mean, sd, lo, hi = (np.broadcast_to(a, shape) for a in (mean, sd, lo, hi))
        out = np.empty(shape)
        todo = np.ones(shape, dtype=bool)
        while todo.any():
            x = mean[todo] + sd[todo] * np.random.randn(todo.sum())
            ok = (x >= lo[todo]) & (x <= hi[todo])
            idx = np.flatnonzero(todo)[ok]
            out.flat[idx] = x[ok]
            todo.flat[idx] = False
        return out

    f = Function(_py, arg_units=[1, 1, 1, 1], return_unit=1, stateless=False,
                 auto_vectorise=True)
    code = """
    double _cx_truncnorm(const double mean, const double sd, const double lo,
                         const double hi, const int _vectorisation_idx)
    {
        for (;;)
        {
            const double x = mean + sd * _randn(_vectorisation_idx);
            if (x >= lo && x <= hi)
                return x;
        }
    }
    """
    f.implementations.add_implementation(
        "cpp", code=code, name="_cx_truncnorm",
        dependencies={"_randn": DEFAULT_FUNCTIONS["randn"]})
    return f


def rates_from_counts(counts, slices, bio_s):
    """Mean rate (Hz) of each population from per-neuron spike counts."""
    counts = np.asarray(counts)
    return {name: counts[a:b].sum() / ((b - a) * bio_s) for name, (a, b) in slices.items()}

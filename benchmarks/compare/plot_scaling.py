#!/usr/bin/env python3
"""Steps per second against network size, one line per simulator and thread count.

    plot_scaling.py compare_scaling_<date>.jsonl OUT.png

Reads the JSON lines that `run.sh --scaling` writes (medians over repeats) and draws one
log-log plot: where a line is flat the fixed cost of a time step dominates; where it
falls with slope -1 the per-neuron and per-synapse costs do. The title carries the
network, the date, the machine and the versions from the file's header line.
"""

import json
import statistics
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

NAMES = {"cortexpr": "cortexpr", "genn": "GeNN CPU", "brian2": "Brian2"}
STYLE = {"cortexpr": ("tab:blue", "o"), "genn": ("tab:green", "s"), "brian2": ("tab:orange", "^")}


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    header, runs = {}, []
    with open(argv[1]) as f:
        for line in f:
            rec = json.loads(line)
            if rec.get("header"):
                header = rec
            elif rec.get("steps_per_s"):
                runs.append(rec)
    series = {}
    for r in runs:
        series.setdefault((r["simulator"], r["threads"]), {}).setdefault(r["neurons"], []).append(r["steps_per_s"])
    fig, ax = plt.subplots(figsize=(7, 4.8))
    for (sim, threads), points in sorted(series.items()):
        xs = sorted(points)
        ys = [statistics.median(points[x]) for x in xs]
        colour, marker = STYLE.get(sim, ("black", "x"))
        ax.plot(xs, ys, marker=marker, color=colour, linestyle="-" if threads == 1 else "--",
                label=f"{NAMES.get(sim, sim)}, {threads} thread{'s' if threads > 1 else ''}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("neurons")
    ax.set_ylabel("time steps per second of wall time")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    bench = runs[0]["bench_arg"] if runs else "?"
    m, v = header.get("machine", {}), header.get("versions", {})
    what = {"cuba": "CUBA, dt 0.1 ms, in-degree 80", "va": "Vogels–Abbott, dt 1 ms, in-degree 400"}.get(bench, bench)
    ax.set_title(f"{what}\n{header.get('date', '')} UTC, {m.get('cpu_model', '?')}; cortexpr {v.get('cortexpr')}, "
                 f"GeNN {v.get('pygenn')}, Brian2 {v.get('brian2')}", fontsize=8)
    fig.tight_layout()
    fig.savefig(argv[2], dpi=120)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

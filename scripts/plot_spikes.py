#!/usr/bin/env python3
"""Raster plot with population-rate histogram from a folder of spike files.

    python3 scripts/plot_spikes.py out/demo                 # writes out/demo/raster.png
    python3 scripts/plot_spikes.py out/demo --bin 5 --tmin 500 --tmax 1000 -o zoom.png

Reads, for every population P listed in DIR/populations.csv (name,neurons,...), the spike
times in ms and neuron ids from P_times.npy and P_ids.npy (or P_spikes.csv, "time_ms,id",
when the .npy files are missing). Without populations.csv, every P_times.npy in DIR is a
population and its size is its largest id + 1. The raster stacks the populations (the
first on top); the histogram below shows each population's rate in Hz per time bin.
Needs numpy and matplotlib (Debian: python3-numpy python3-matplotlib).
"""
import argparse
import csv
import os
import sys

import numpy as np

import matplotlib

matplotlib.use("Agg")  # files only, no display needed
import matplotlib.pyplot as plt  # noqa: E402

COLOURS = ["#c0392b", "#2471a3", "#229954", "#d68910", "#7d3c98", "#17a589", "#839192", "#2e4053"]


def load_population(folder, name):
    """(times [ms], ids) of one population, from .npy or else .csv."""
    t_file = os.path.join(folder, name + "_times.npy")
    i_file = os.path.join(folder, name + "_ids.npy")
    if os.path.exists(t_file) and os.path.exists(i_file):
        return np.load(t_file).astype(np.float64), np.load(i_file).astype(np.int64)
    c_file = os.path.join(folder, name + "_spikes.csv")
    if os.path.exists(c_file):
        data = np.loadtxt(c_file, delimiter=",", skiprows=1, ndmin=2)
        return data[:, 0], data[:, 1].astype(np.int64)
    raise FileNotFoundError("no spike files for population %r in %s" % (name, folder))


def populations(folder):
    """[(name, neurons)] in the order of populations.csv (or sorted file names)."""
    listing = os.path.join(folder, "populations.csv")
    if os.path.exists(listing):
        with open(listing, newline="") as f:
            return [(row["name"], int(row["neurons"])) for row in csv.DictReader(f)]
    names = sorted(f[: -len("_times.npy")] for f in os.listdir(folder) if f.endswith("_times.npy"))
    if not names:
        names = sorted(f[: -len("_spikes.csv")] for f in os.listdir(folder) if f.endswith("_spikes.csv"))
    out = []
    for name in names:
        _, ids = load_population(folder, name)
        out.append((name, int(ids.max()) + 1 if ids.size else 1))
    return out


def title_of(folder):
    summary = os.path.join(folder, "summary.txt")
    if os.path.exists(summary):
        with open(summary) as f:
            return f.readline().strip()
    return os.path.basename(os.path.normpath(folder))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", help="folder with populations.csv and <pop>_times.npy/<pop>_ids.npy")
    ap.add_argument("-o", "--output", help="PNG to write (default: FOLDER/raster.png)")
    ap.add_argument("--bin", type=float, default=10.0, help="histogram bin [ms] (default 10)")
    ap.add_argument("--tmin", type=float, default=None, help="first time shown [ms]")
    ap.add_argument("--tmax", type=float, default=None, help="last time shown [ms]")
    ap.add_argument("--title", default=None, help="figure title (default: first line of summary.txt)")
    ap.add_argument("--dpi", type=int, default=120)
    args = ap.parse_args(argv)

    pops = populations(args.folder)
    if not pops:
        print("plot_spikes: no populations found in %s" % args.folder, file=sys.stderr)
        return 1
    data = [load_population(args.folder, name) for name, _ in pops]
    all_times = np.concatenate([t for t, _ in data]) if data else np.zeros(0)
    tmin = args.tmin if args.tmin is not None else 0.0
    if args.tmax is not None:
        tmax = args.tmax
    else:  # the end of the bin that holds the last spike
        tmax = args.bin * np.ceil((float(all_times.max()) + 1e-9) / args.bin) if all_times.size else args.bin
    edges = np.arange(tmin, tmax + args.bin * 0.5, args.bin)
    if edges.size < 2:
        edges = np.array([tmin, tmin + args.bin])

    fig, (ax_r, ax_h) = plt.subplots(2, 1, sharex=True, figsize=(10, 6.5),
                                     gridspec_kw={"height_ratios": [3, 1], "hspace": 0.08})
    total = sum(n for _, n in pops)
    in_window = np.count_nonzero((all_times >= tmin) & (all_times < tmax))
    size = float(np.clip(3e4 / max(in_window, 1), 0.6, 4.0))  # marker area: dots stay visible when few
    offset = total
    ticks, labels, tops = [], [], []
    for k, ((name, n), (t, ids)) in enumerate(zip(pops, data)):
        colour = COLOURS[k % len(COLOURS)]
        offset -= n  # first population on top
        shown = (t >= tmin) & (t < tmax)  # [tmin, tmax), like the histogram's bins
        ax_r.scatter(t[shown], ids[shown] + offset, s=size, marker=".", linewidths=0, color=colour, rasterized=True)
        ticks.append(offset + n / 2.0)
        labels.append("%s\n(%d)" % (name, n))
        counts, _ = np.histogram(t[t < edges[-1]], bins=edges)  # numpy's last bin is closed: keep it half-open
        rate = counts / float(n) / (args.bin * 1e-3)  # [Hz]
        tops.append(float(rate.max()) if rate.size else 0.0)
        mean = np.count_nonzero(shown) / float(n) / (max(tmax - tmin, 1e-9) * 1e-3)  # [Hz]
        ax_h.stairs(rate, edges, color=colour, lw=1.0, label="%s  %.2f Hz" % (name, mean))
        if offset > 0:
            ax_r.axhline(offset - 0.5, color="0.6", lw=0.5)
    ax_r.set_ylim(-0.5, total - 0.5)
    ax_r.set_yticks(ticks)
    ax_r.set_yticklabels(labels)
    ax_r.set_ylabel("neuron")
    ax_r.set_title(args.title if args.title is not None else title_of(args.folder), fontsize=10)
    ax_h.set_xlim(tmin, tmax)
    ax_h.set_xlabel("time [ms]")
    ax_h.set_ylabel("rate [Hz]\n(%g ms bins)" % args.bin)
    top = max(tops) if tops else 1.0
    ax_h.set_ylim(0, 1.4 * top if top > 0 else 1.0)  # room for the legend
    ax_h.legend(loc="upper right", fontsize=8, frameon=False, ncol=len(pops))

    out = args.output or os.path.join(args.folder, "raster.png")
    fig.savefig(out, dpi=args.dpi, bbox_inches="tight")
    print("plot_spikes: wrote %s (%d populations, %d spikes)" % (out, len(pops), all_times.size))
    return 0


if __name__ == "__main__":
    sys.exit(main())

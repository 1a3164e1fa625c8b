"""The uncertainty analysis of `iidei robustness`, written in NumPy, for a side-by-side timing.

Same specification as `iidei bench --export-numpy`: every local weight times (1 + U(-0.25, 0.25)),
normalisation drawn from min-max 1-100 / z-score 10, 2 / rank, aggregation from arithmetic /
geometric, competition ranks at every aggregate node, tiers by fixed sizes, rank histograms per
unit and node. Vectorised over replications, as a NumPy user would write it. The normalised
matrices come from the Swift model, so both start from the same numbers.
"""
import json
import sys
import time

import numpy as np


def run(model, replications, seed=1):
    rng = np.random.default_rng(seed)
    units = len(model["units"])
    m = model["indicatorCount"]
    n = model["nodeCount"]
    weights = np.array(model["childWeights"])
    parents = np.array(model["childParents"])
    slots = np.array(model["childSlots"])
    matrices = np.array([np.array(x).reshape(units, m) for x in model["normalised"]])
    sizes = model["tierSizes"]
    aggregates = sorted(set(parents.tolist()))

    choice = rng.integers(0, len(matrices), replications)
    geometric = rng.integers(0, 2, replications).astype(bool)
    noise = weights * (1 + rng.uniform(-0.25, 0.25, (replications, len(weights))))

    scores = np.empty((replications, units, n))
    scores[:, :, :m] = matrices[choice]
    for parent in aggregates:  # post-order: children come first
        positions = np.nonzero(parents == parent)[0]
        w = noise[:, positions]  # replications x children
        children = scores[:, :, slots[positions]]  # replications x units x children
        total = w.sum(axis=1)[:, None]
        arithmetic = np.einsum("ruc,rc->ru", children, w) / total
        with np.errstate(divide="ignore"):
            logs = np.einsum("ruc,rc->ru", np.log(children), w) / total
        scores[:, :, parent] = np.where(geometric[:, None], np.exp(logs), arithmetic)

    histograms = np.zeros((len(aggregates), units, units + 1), dtype=np.int64)
    for k, slot in enumerate(aggregates):
        s = scores[:, :, slot]
        # competition ranks: 1 + number of units with a strictly higher score
        ranks = 1 + (s[:, None, :] > s[:, :, None]).sum(axis=2)
        for u in range(units):
            histograms[k, u] += np.bincount(ranks[:, u], minlength=units + 1)
    root = scores[:, :, aggregates[-1]]
    order = np.argsort(-root, axis=1, kind="stable")
    tiers = np.empty_like(order)
    bounds = np.cumsum([0] + sizes)
    for t in range(len(sizes)):
        np.put_along_axis(tiers, order[:, bounds[t]:bounds[t + 1]], t + 1, axis=1)
    return histograms, tiers


def mean_ranks(histograms):
    root = histograms[-1][:, 1:]
    return (root * np.arange(1, root.shape[1] + 1)).sum(axis=1) / root.sum(axis=1)


def main():
    path = sys.argv[1]
    with open(path) as handle:
        model = json.load(handle)
    replications = int(sys.argv[2]) if len(sys.argv) > 2 else int(model["replications"])
    best = None
    for _ in range(3):
        start = time.perf_counter()
        histograms, _ = run(model, replications)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    print(json.dumps({"numpySeconds": best, "meanRanks": mean_ranks(histograms).tolist()}))


if __name__ == "__main__":
    main()

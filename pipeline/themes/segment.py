"""Cutting a meeting into stretches of talk with one subject: exact contiguity-constrained clustering.

Rows of `Z` are passages in meeting order. A segmentation into `m` stretches minimises the total
within-stretch sum of squared distances to the stretch mean (k-means with the constraint that a cluster
is a run of consecutive passages, i.e. Ward's criterion). Dynamic programming finds the exact optimum;
the cost of every possible stretch is computed once from prefix sums, so trying every `m` in a range is
cheap. A stretch is never shorter than `min_len` passages, which keeps one odd passage from becoming a
"theme" of its own.

The number of stretches for `"auto"` is the elbow (Kneedle) of the cost curve: the `m` whose cost lies
furthest below the straight line from one stretch to `max_segments` stretches, i.e. where adding a
further cut stops paying off. Everything here is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def stretch_costs(Z: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """`cost[i, j]` = weighted within-stretch sum of squares of rows `i..j-1` (upper triangle; else inf).

    From prefix sums: with `c` the cumulative weighted rows, the squared norm of a stretch's sum is
    `|c_j|^2 + |c_i|^2 - 2 c_i.c_j`, so one Gram matrix gives every stretch at once.
    """
    Z = np.asarray(Z, dtype=float)
    n = Z.shape[0]
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    cw = np.concatenate([[0.0], np.cumsum(w)])
    cz = np.vstack([np.zeros((1, Z.shape[1])), np.cumsum(Z * w[:, None], axis=0)])
    cq = np.concatenate([[0.0], np.cumsum(w * (Z**2).sum(axis=1))])
    gram = cz @ cz.T
    norms = np.diag(gram)
    sum_squares = norms[None, :] + norms[:, None] - 2.0 * gram  # |c_j - c_i|^2 at [i, j]
    total = np.maximum(cw[None, :] - cw[:, None], 1e-12)
    cost = np.maximum((cq[None, :] - cq[:, None]) - sum_squares / total, 0.0)
    cost[np.tril_indices(n + 1)] = np.inf
    return cost


@dataclass(frozen=True)
class Segmentation:
    """Stretch number per row (0..m-1, in order) and the total cost of the cut."""

    labels: np.ndarray
    cost: float


def segment(cost: np.ndarray, n_segments: int, min_len: int = 1) -> Segmentation:
    """The exact minimum-cost cut of `n` rows into `n_segments` runs of at least `min_len` rows each."""
    n = cost.shape[0] - 1
    n_segments = max(1, min(n_segments, n))
    min_len = max(1, min(min_len, n // n_segments))
    best = np.full((n_segments + 1, n + 1), np.inf)
    back = np.zeros((n_segments + 1, n + 1), dtype=int)
    best[0, 0] = 0.0
    # A stretch i..j-1 is allowed when it has at least `min_len` rows: start i <= j - min_len.
    allowed = np.arange(n + 1)[:, None] <= np.arange(n + 1)[None, :] - min_len
    allowed_cost = np.where(allowed, cost, np.inf)  # [start, end]
    for m in range(1, n_segments + 1):
        candidates = best[m - 1][:, None] + allowed_cost
        k = np.argmin(candidates, axis=0)  # first minimum: ties go to the earliest cut, deterministically
        reachable = np.arange(n + 1) >= m * min_len
        best[m] = np.where(reachable, candidates[k, np.arange(n + 1)], np.inf)
        back[m] = np.where(reachable, k, 0)
    labels = np.zeros(n, dtype=int)
    j = n
    for m in range(n_segments, 0, -1):
        i = back[m, j]
        labels[i:j] = m - 1
        j = i
    return Segmentation(labels=labels, cost=float(best[n_segments, n]))


def elbow(costs: dict[int, float], low: int, high: int) -> int:
    """The Kneedle elbow of a decreasing cost curve over `1..high`, searched within `low..high`."""
    ms = sorted(costs)
    first, last = ms[0], ms[-1]
    if last == first or costs[first] <= 0:
        return max(low, min(high, first))
    span = costs[first] - costs[last]
    if span <= 0:
        return low
    gains = {}
    for m in ms:
        if low <= m <= high:
            chord = costs[first] - span * (m - first) / (last - first)
            gains[m] = (chord - costs[m]) / costs[first]
    # the largest gain; ties (flat curves) go to fewer stretches
    return max(sorted(gains), key=lambda m: (round(gains[m], 12), -m))


def choose_segments(
    cost: np.ndarray,
    n_segments: int | str,
    *,
    low: int,
    high: int,
    min_ratio: float,
) -> tuple[Segmentation, dict[int, float]]:
    """Segment with a fixed `n_segments`, or pick it by the elbow for `"auto"`; returns the cost curve too.

    `min_ratio` sets the shortest stretch as a fraction of an even split (0.5: at least half of n / m).
    """
    n = cost.shape[0] - 1

    def cut(m: int) -> Segmentation:
        return segment(cost, m, max(1, int(min_ratio * n / max(m, 1))))

    if n_segments != "auto":
        return cut(int(n_segments)), {}
    high = max(1, min(high, n))
    low = max(1, min(low, high))
    curve = {m: cut(m) for m in range(1, high + 1)}
    costs = {m: s.cost for m, s in curve.items()}
    return curve[elbow(costs, low, high)], costs

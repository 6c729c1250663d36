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
import scipy.sparse as sp


def stretch_costs(Z: np.ndarray | sp.spmatrix, weights: np.ndarray | None = None) -> np.ndarray:
    """`cost[i, j]` = weighted within-stretch sum of squares of rows `i..j-1` (upper triangle; else inf).

    From prefix sums: with `c_j` the sum of the weighted rows before j, the squared norm of a stretch's sum
    is `|c_j - c_i|^2 = P[j, j] + P[i, i] - 2 P[i, j]`, where `P[i, j] = c_i . c_j` is the Gram matrix of the
    rows summed along both axes; so one Gram matrix gives every stretch at once. `Z` (dense or sparse) is
    taken as sparse rows (passage vectors are): their Gram matrix costs a fraction of that of their dense
    prefix sums.
    """
    n = Z.shape[0]
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    Z = sp.csr_matrix(Z, dtype=float)
    squares = np.asarray(Z.multiply(Z).sum(axis=1)).ravel()
    Zw = Z if weights is None else sp.csr_matrix(Z.multiply(w[:, None]))
    gram = (Zw @ Zw.T).toarray()
    cw = np.concatenate([[0.0], np.cumsum(w)])
    cq = np.concatenate([[0.0], np.cumsum(squares if weights is None else w * squares)])
    # The (n + 1)^2 steps below work in place: these arrays are large and the operations are the same.
    prefix = np.zeros((n + 1, n + 1))
    np.cumsum(gram, axis=0, out=gram)
    np.cumsum(gram, axis=1, out=prefix[1:, 1:])
    norms = np.diag(prefix).copy()
    sum_squares = norms[None, :] + norms[:, None]
    prefix *= 2.0
    sum_squares -= prefix  # |c_j - c_i|^2 at [i, j]
    sum_squares /= np.maximum(cw[None, :] - cw[:, None], 1e-12)
    cost = cq[None, :] - cq[:, None]
    cost -= sum_squares
    np.maximum(cost, 0.0, out=cost)
    ends = np.arange(n + 1)
    cost[ends[:, None] >= ends[None, :]] = np.inf  # the lower triangle and the diagonal
    return cost


@dataclass(frozen=True)
class Segmentation:
    """Stretch number per row (0..m-1, in order) and the total cost of the cut."""

    labels: np.ndarray
    cost: float


def segment(cost: np.ndarray, n_segments: int, min_len: int = 1) -> Segmentation:
    """The exact minimum-cost cut of `n` rows into `n_segments` runs of at least `min_len` rows each."""
    return _segment_by_end(np.ascontiguousarray(cost.T), n_segments, min_len)


def _segment_by_end(by_end: np.ndarray, n_segments: int, min_len: int) -> Segmentation:
    """`segment` on the cost matrix laid out [end, start], so the starts competing for one end lie side by
    side in memory (`choose_segments` transposes once for all its cuts)."""
    n = by_end.shape[0] - 1
    n_segments = max(1, min(n_segments, n))
    min_len = max(1, min(min_len, n // n_segments))
    best = np.full((n_segments + 1, n + 1), np.inf)
    back = np.zeros((n_segments + 1, n + 1), dtype=int)
    best[0, 0] = 0.0
    for m in range(1, n_segments + 1):
        # Only the ends m stretches can reach while leaving room for the rest (the last stretch ends at n),
        # and the starts m - 1 stretches reached (every other start costs inf, and every other end is on
        # no full cut).
        last_end = n - (n_segments - m) * min_len
        ends = np.arange(m * min_len, last_end + 1) if m < n_segments else np.array([n])
        starts = np.arange((m - 1) * min_len, last_end - min_len + 1) if m > 1 else np.zeros(1, dtype=int)
        if not len(ends):
            continue
        # A stretch i..j-1 is allowed when it has at least `min_len` rows: start i <= j - min_len.
        window = by_end[ends[0] : ends[-1] + 1, starts[0] : starts[-1] + 1]
        allowed = starts[None, :] <= ends[:, None] - min_len
        candidates = np.where(allowed, window, np.inf) + best[m - 1, starts[0] : starts[-1] + 1]
        k = np.argmin(candidates, axis=1)  # first minimum: ties go to the earliest cut, deterministically
        best[m, ends] = candidates[np.arange(len(ends)), k]
        back[m, ends] = starts[k]
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
    cut_cost: np.ndarray | None = None,
) -> tuple[Segmentation, dict[int, float]]:
    """Segment with a fixed `n_segments`, or pick it by the elbow for `"auto"`; returns the cost curve too.

    `min_ratio` sets the shortest stretch as a fraction of an even split (0.5: at least half of n / m).
    `cut_cost`, when given, decides where the chosen number of cuts fall (`cost` with structural cues in
    it); the number itself is the elbow of `cost`, the words alone.
    """
    n = cost.shape[0] - 1
    by_end = np.ascontiguousarray(cost.T)

    def cut(m: int, matrix: np.ndarray = by_end) -> Segmentation:
        return _segment_by_end(matrix, m, max(1, int(min_ratio * n / max(m, 1))))

    def final(m: int, plain: Segmentation) -> Segmentation:
        return plain if cut_cost is None else cut(m, np.ascontiguousarray(cut_cost.T))

    if n_segments != "auto":
        m = int(n_segments)
        return final(m, cut(m) if cut_cost is None else None), {}
    high = max(1, min(high, n))
    low = max(1, min(low, high))
    curve = {m: cut(m) for m in range(1, high + 1)}
    costs = {m: s.cost for m, s in curve.items()}
    m = elbow(costs, low, high)
    return final(m, curve[m]), costs

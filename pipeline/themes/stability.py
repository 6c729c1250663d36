"""How stable the themes are: agreement of passage assignments across several seeds.

The theme model has no random step, so re-running it with another seed gives the same answer and a
plain "agreement across seeds" would always be 1. The seed therefore draws the data instead: each of
`n_seeds` runs keeps a random `sample` of the passages (in meeting order), finds themes on them, and the
score is the mean pairwise adjusted mutual information (AMI) of the runs' assignments on the passages
both runs kept. 1 means the same themes whatever subset of the talk is seen; near 0, the themes are an
accident of which passages happened to be there.
"""

from __future__ import annotations

from itertools import combinations
from typing import Callable, Optional, Sequence

import numpy as np
from sklearn.metrics import adjusted_mutual_info_score

from .units import Passage


def stability_score(
    passages: Sequence[Passage],
    assign: Callable[[list[Passage]], np.ndarray],
    *,
    seed: int,
    n_seeds: int = 5,
    sample: float = 0.9,
) -> Optional[float]:
    """Mean pairwise AMI of `assign` over `n_seeds` subsamples (seeds `seed`, `seed + 1`, ...).

    `assign(passages) -> labels` finds themes on a subset. None when there are too few passages or seeds.
    """
    n = len(passages)
    if n_seeds < 2 or n < 4:
        return None
    keep = max(2, int(round(sample * n)))
    runs: list[dict[int, int]] = []
    for offset in range(n_seeds):
        rng = np.random.RandomState(seed + offset)
        rows = np.sort(rng.choice(n, size=keep, replace=False)) if keep < n else np.arange(n)
        labels = assign([passages[i] for i in rows])
        runs.append({int(row): int(label) for row, label in zip(rows, labels)})
    scores = []
    for first, second in combinations(runs, 2):
        common = sorted(set(first) & set(second))
        if len(common) < 2:
            continue
        a = [first[i] for i in common]
        b = [second[i] for i in common]
        if len(set(a)) == 1 and len(set(b)) == 1:
            scores.append(1.0)
        else:
            scores.append(float(adjusted_mutual_info_score(a, b)))
    return round(float(np.mean(scores)), 4) if scores else None

"""The learned quote ranker: how likely an editor is to print a candidate, from its interpretable features.

An ordinal model over editors' labels ("no" 0, "maybe" 1, "print" 2; `bench/data/quotes/judgements.jsonl`,
train split only): two logistic regressions on the same standardised inputs, one for P(label >= maybe)
and one for P(label = print). The score is their mean, the expected label on a 0-1 scale, and `p_print`
the second alone. Both are fitted without class re-weighting, so they are calibrated probabilities and
compare across meetings; each judge's judgements weigh the same in all (judge strictness is a nuisance).

The fitted model is saved as JSON coefficients (`models/quote_ranker/model.json`, byte-stable diffs) and
loaded once per process (`load_ranker`). Scoring is a dot product per candidate: no per-candidate cost
beyond the features the pipeline computes anyway.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Optional, Sequence

import numpy as np

from ..errors import ModelError
from .features import FEATURE_NAMES, Features

# The inputs: every feature, plus the quote's length (words / 50, at most 1).
INPUT_NAMES: tuple[str, ...] = FEATURE_NAMES + ("n_words",)
DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "models" / "quote_ranker" / "model.json"
FORMAT = "roundtable.quote_ranker/1"


def inputs_of(features: Features) -> list[float]:
    """The model's input vector for one candidate (`INPUT_NAMES` order)."""
    values = features.values
    return [float(values.get(name, 0.0)) for name in FEATURE_NAMES] + [min(1.0, features.n_words / 50)]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


@dataclass(frozen=True)
class LearnedRanker:
    """Fitted coefficients (on standardised inputs) of the two logistic models, and what they were fitted on."""

    inputs: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef_maybe: tuple[float, ...]
    intercept_maybe: float
    coef_print: tuple[float, ...]
    intercept_print: float
    meta: Mapping[str, object]

    def probabilities(self, x: Sequence[float]) -> tuple[float, float]:
        """(P(label >= maybe), P(label = print)) for one input vector."""
        z = [(v - m) / s for v, m, s in zip(x, self.mean, self.scale)]
        a = self.intercept_maybe + sum(c * v for c, v in zip(self.coef_maybe, z))
        b = self.intercept_print + sum(c * v for c, v in zip(self.coef_print, z))
        return _sigmoid(a), _sigmoid(b)

    def score(self, features: Features) -> float:
        """The expected editor label on a 0-1 scale: (P(>= maybe) + P(print)) / 2, rounded to 4 places."""
        p_maybe, p_print = self.probabilities(inputs_of(features))
        return round((p_maybe + p_print) / 2, 4)

    def weights(self) -> dict[str, float]:
        """Each feature's weight in raw units (both models' coefficients over the input's scale), for the
        reasons: a positive weight makes a high value a reason, a negative one a "but"."""
        return {
            name: (cm + cp) / s
            for name, cm, cp, s in zip(self.inputs, self.coef_maybe, self.coef_print, self.scale)
            if name in FEATURE_NAMES
        }

    def to_dict(self) -> dict:
        return {
            "format": FORMAT,
            "inputs": list(self.inputs),
            "mean": [round(v, 6) for v in self.mean],
            "scale": [round(v, 6) for v in self.scale],
            "maybe_or_print": {"coef": [round(v, 6) for v in self.coef_maybe], "intercept": round(self.intercept_maybe, 6)},
            "print": {"coef": [round(v, 6) for v in self.coef_print], "intercept": round(self.intercept_print, 6)},
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, data: Mapping, path: Path | str = "<dict>") -> "LearnedRanker":
        try:
            if data.get("format") != FORMAT:
                raise ModelError(path, f"not a quote ranker (format {data.get('format')!r}, expected {FORMAT!r})")
            inputs = tuple(data["inputs"])
            if inputs != INPUT_NAMES:
                missing = sorted(set(INPUT_NAMES) - set(inputs))
                extra = sorted(set(inputs) - set(INPUT_NAMES))
                raise ModelError(
                    path,
                    f"fitted on other features (missing {missing}, unknown {extra}); refit it with "
                    "`python bench/quote_ranker.py --fit`",
                )
            ranker = cls(
                inputs=inputs,
                mean=tuple(float(v) for v in data["mean"]),
                scale=tuple(float(v) for v in data["scale"]),
                coef_maybe=tuple(float(v) for v in data["maybe_or_print"]["coef"]),
                intercept_maybe=float(data["maybe_or_print"]["intercept"]),
                coef_print=tuple(float(v) for v in data["print"]["coef"]),
                intercept_print=float(data["print"]["intercept"]),
                meta=dict(data.get("meta", {})),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ModelError(path, f"malformed quote ranker ({type(error).__name__}: {error})") from error
        n = len(INPUT_NAMES)
        if not all(len(v) == n for v in (ranker.mean, ranker.scale, ranker.coef_maybe, ranker.coef_print)):
            raise ModelError(path, f"malformed quote ranker: every coefficient list must have {n} values")
        if any(s <= 0 for s in ranker.scale):
            raise ModelError(path, "malformed quote ranker: every scale must be positive")
        return ranker


_JUDGE_WEIGHT = 1000.0


def fit_ranker(
    x: np.ndarray,
    labels: Sequence[int],
    judges: Sequence[str],
    *,
    c: float = 0.05,
    meta: Optional[Mapping[str, object]] = None,
) -> LearnedRanker:
    """Fit the two logistic models on one row per judgement: `x` (n x len(INPUT_NAMES)), `labels` in
    {0, 1, 2}, `judges` (each judge's rows weigh the same in all; the inputs are standardised with the
    same weights). `c`: inverse strength of the L2 penalty. Deterministic (lbfgs, no sampling)."""
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(x, dtype=float)
    y = np.asarray(labels, dtype=int)
    if x.ndim != 2 or x.shape[1] != len(INPUT_NAMES) or len(y) != len(x) or len(judges) != len(x):
        raise ValueError(f"need one row of {len(INPUT_NAMES)} inputs, one label and one judge per judgement")
    if not set(np.unique(y)) <= {0, 1, 2} or len(set(np.unique(y))) < 3:
        raise ValueError("labels must be 0 (no), 1 (maybe) and 2 (print), each present")
    counts: dict[str, int] = {}
    for judge in judges:
        counts[judge] = counts.get(judge, 0) + 1
    # Each judge's judgements weigh `_JUDGE_WEIGHT` in all, however many they are (so a strict or a
    # prolific judge does not set the model, and the strength of the L2 penalty does not depend on counts).
    weight = np.array([_JUDGE_WEIGHT / counts[judge] for judge in judges])
    mean = np.average(x, axis=0, weights=weight)
    scale = np.sqrt(np.average((x - mean) ** 2, axis=0, weights=weight))
    scale[scale < 1e-6] = 1.0  # a constant input (e.g. `complete` among candidates) carries no weight
    z = (x - mean) / scale
    models = []
    for target in (y >= 1, y == 2):
        model = LogisticRegression(C=c, max_iter=5000, random_state=0)
        model.fit(z, target.astype(int), sample_weight=weight)
        models.append(model)
    return LearnedRanker(
        inputs=INPUT_NAMES,
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        coef_maybe=tuple(float(v) for v in models[0].coef_[0]),
        intercept_maybe=float(models[0].intercept_[0]),
        coef_print=tuple(float(v) for v in models[1].coef_[0]),
        intercept_print=float(models[1].intercept_[0]),
        meta={"C": c, **dict(meta or {})},
    )


def save_ranker(ranker: LearnedRanker, path: Path) -> None:
    """Write the ranker as JSON (sorted keys, fixed rounding: the same fit gives the same bytes), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(ranker.to_dict(), indent=1, sort_keys=True) + "\n"
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".model-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@lru_cache(maxsize=8)
def load_ranker(path: Optional[str] = None) -> LearnedRanker:
    """The ranker saved at `path` (default: the committed `models/quote_ranker/model.json`), read once per
    process and path. A missing or malformed file is a `ModelError` naming it."""
    where = Path(path) if path else DEFAULT_MODEL
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ModelError(
            where, "no quote ranker here; fit one with `python bench/quote_ranker.py --fit` or set quotes.ranker=hand"
        ) from error
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(where, f"cannot read the quote ranker ({error})") from error
    if not isinstance(data, dict):
        raise ModelError(where, "malformed quote ranker: expected a JSON object")
    return LearnedRanker.from_dict(data, where)

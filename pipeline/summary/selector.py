"""The brief's learned sentence prior: how likely a sentence is to carry the words of a human summary.

A logistic regression on interpretable, meeting-relative features of each sentence (`FEATURE_NAMES`),
fitted by `bench/brief_selector.py` on the shared QMSum meetings with the annotators' general summaries as
labels (a sentence is positive when it is among the meeting's sentences sharing most unigrams and bigrams
with the summary, per word) and cross-validated by meeting. The fitted model is saved as JSON
coefficients (`models/brief_selector/model.json`, byte-stable diffs, model card beside it). The brief
uses its probability as a weight on each sentence's gain (`brief.select_sentences`): the selection is
still the submodular coverage objective, the prior only says which sentences are summary material.

Features are computed from what the brief has already built (the sentences, their similarity matrix), so
scoring costs a few vector operations per meeting.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from .sentences import Sentence

DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "models" / "brief_selector" / "model.json"
MODEL_FORMAT = "roundtable.brief_selector/1"

FEATURE_NAMES = (
    "opening",  # exp(-relative position / 0.1): the meeting says what it is for at the start
    "position",  # relative position in the meeting, 0..1
    "log_words",  # log of the sentence's words
    "density",  # content words per word
    "centrality",  # mean similarity to every sentence, as a percentile within the meeting
    "local_centrality",  # mean similarity to the sentences within a tenth of the meeting, percentile
    "keywords",  # share of the meeting's 20 most frequent content lemmas it names
    "speaker_share",  # the speaker's share of the meeting's words
    "top_speaker",  # the speaker says the most in the meeting
    "turn_opening",  # first sentence of its turn
    "turn_length",  # log of the sentences in its turn
    "names",  # capitalised words after the first, per word (names, places, programmes)
    "figure",  # has a digit
    "first_person",  # opens on I / I'm / I've
    "pronouns",  # first- and second-person words per word (a summary reports; it says "they", not "we")
)
_PERSONAL = frozenset("i i'm i've i'd i'll me my we we're we've we'd we'll us our you you're you've your".split())
N_KEYWORDS = 20


def _percentile(values: np.ndarray) -> np.ndarray:
    if len(values) <= 1:
        return np.full(len(values), 0.5)
    order = np.argsort(np.argsort(values, kind="stable"), kind="stable")
    return order / (len(values) - 1)


def sentence_features(sentences: Sequence[Sentence], similarity: np.ndarray) -> np.ndarray:
    """One row of `FEATURE_NAMES` per sentence (the brief's ground set, meeting order)."""
    n = len(sentences)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    last = max(sentences[-1].position, 1)
    position = np.array([s.position / last for s in sentences])
    words = np.array([max(s.n_words, 1) for s in sentences], dtype=float)
    content = np.array([s.n_content for s in sentences], dtype=float)
    centrality = similarity.sum(axis=1) / n
    window = max(1, n // 10)
    local = np.array([similarity[i, max(0, i - window) : i + window + 1].mean() for i in range(n)])
    counts: dict[str, int] = {}
    for s in sentences:
        for lemma in s.lemmas:
            counts[lemma] = counts.get(lemma, 0) + 1
    keywords = {lemma for lemma, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:N_KEYWORDS]}
    keyword_share = np.array([len(keywords.intersection(s.lemmas)) / N_KEYWORDS for s in sentences])
    speaker_words: dict[str, float] = {}
    for s, w in zip(sentences, words):
        speaker_words[s.speaker] = speaker_words.get(s.speaker, 0.0) + w
    total = sum(speaker_words.values())
    top = max(speaker_words, key=lambda label: (speaker_words[label], label))
    turn_sizes: dict[int, int] = {}
    for s in sentences:
        turn_sizes[s.turn_index] = turn_sizes.get(s.turn_index, 0) + 1
    rows = []
    previous_turn = None
    for i, s in enumerate(sentences):
        tokens = s.text.split()
        capitalised = sum(1 for t in tokens[1:] if t[:1].isupper() and t.lower() not in ("i", "i'm", "i've", "i'd", "i'll"))
        first = tokens[0].lower() if tokens else ""
        rows.append(
            (
                math.exp(-position[i] / 0.1),
                position[i],
                math.log(words[i]),
                content[i] / words[i],
                0.0,
                0.0,
                keyword_share[i],
                speaker_words[s.speaker] / total,
                float(s.speaker == top),
                float(s.turn_index != previous_turn),
                math.log(turn_sizes[s.turn_index]),
                capitalised / words[i],
                float(any(ch.isdigit() for ch in s.text)),
                float(first in ("i", "i'm", "i've", "i'd", "i'll")),
                sum(1 for t in tokens if t.lower().strip(",.;:!?\"'()") in _PERSONAL) / words[i],
            )
        )
        previous_turn = s.turn_index
    features = np.array(rows)
    features[:, FEATURE_NAMES.index("centrality")] = _percentile(centrality)
    features[:, FEATURE_NAMES.index("local_centrality")] = _percentile(local)
    return features


@dataclass(frozen=True)
class BriefSelector:
    """Standardised logistic regression: P(summary material) = sigmoid(coef . (x - mean) / scale + intercept)."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def probability(self, features: np.ndarray) -> np.ndarray:
        if len(features) == 0:
            return np.zeros(0)
        z = ((features - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self, meta: dict) -> dict:
        return {
            "format": MODEL_FORMAT,
            "inputs": list(FEATURE_NAMES),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(float(self.intercept), 6),
            "meta": meta,
        }

    @classmethod
    def from_json(cls, data: dict, path: Path | str = "<model>") -> "BriefSelector":
        if data.get("format") != MODEL_FORMAT or list(data.get("inputs", [])) != list(FEATURE_NAMES):
            raise ValueError(
                f"{path}: not a brief selector of this version (format {data.get('format')!r}, expected "
                f"{MODEL_FORMAT!r} with inputs {list(FEATURE_NAMES)}); refit it with bench/brief_selector.py --save"
            )
        return cls(
            mean=np.array(data["mean"], dtype=float),
            scale=np.array(data["scale"], dtype=float),
            coef=np.array(data["coef"], dtype=float),
            intercept=float(data["intercept"]),
        )


@lru_cache(maxsize=4)
def load_selector(path: Path | str = DEFAULT_MODEL) -> BriefSelector:
    """The selector saved at `path` (default: the committed `models/brief_selector/model.json`), read once."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"{path}: cannot read the brief selector ({error}); refit it with bench/brief_selector.py --save") from error
    return BriefSelector.from_json(data, path)


def selector_prior(selector: BriefSelector, strength: float):
    """The brief's weigh hook: each sentence's probability over the meeting's mean, to the power `strength`
    (0 leaves the brief unsupervised)."""

    def weigh(sentences: Sequence[Sentence], similarity: np.ndarray) -> np.ndarray:
        p = selector.probability(sentence_features(sentences, similarity))
        return (p / max(float(p.mean()), 1e-9)) ** strength

    return weigh

"""The theme model: a scikit-learn-style estimator over passages.

How themes are found (the choice was measured; see `bench/themes.py` and the README):

1. Each passage becomes a TF-IDF vector over its content lemmas and multi-word noun-chunk keys
   (sublinear tf, words in more than `max_df` of passages dropped).
2. Seeded themes first: a codebook theme whose seed terms a meeting uses at least `seed_min_hits` times
   claims every passage that uses one of them (matched on lemmas and lower-case words), wherever it is.
3. The rest of each meeting is cut into stretches of one subject by exact contiguity-constrained
   clustering (`segment.py`). Who is talking can be an extra cue (`speaker_weight`, off by default: it
   helps committees, where each member questions on one subject, and hurts free-flowing roundtables).
   The number of stretches is fixed or the elbow of the cost curve.
4. Stretches become themes. In one meeting, stretches whose vocabularies are at least
   `merge_similarity` alike are one theme that came up twice (average-link agglomerative clustering on
   cosine). Across a corpus, stretches of all meetings are grouped by spherical k-means (KMeans on unit
   vectors, seeded by `random_state`), their number fixed or chosen by silhouette.
5. A passage whose vector is less than `assignment_threshold` alike to its theme's centroid (or empty)
   fits no theme and is reported as unassigned.

A fitted model assigns a new meeting's stretches to the closest known theme; a stretch less than
`new_theme_threshold` alike to every known theme is reported as a possible new theme.

The estimator follows the scikit-learn contract: `__init__` stores parameters, `fit` returns `self`,
learned state ends in `_`. The only randomness is `random_state` (k-means across a corpus); one meeting's
themes involve no random step at all, so fitting twice gives the same model.

Why one module: one scikit-learn-style estimator (fit, transform, predict) with its vectoriser, segmentation
into stretches and clustering, whose steps share state on the fitted object; splitting it would split one
estimator's fitted attributes across files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

from .labels import phrase_labels, top_keywords
from .segment import choose_segments, stretch_costs
from .units import Passage

UNASSIGNED = -1
# "auto" never chooses more themes than one per this many passages (a short panel has few subjects).
MIN_PASSAGES_PER_THEME = 8
# Dimensions of the meeting's LSA (`semantic_weight`): a meeting has a few dozen subjects at most.
LSA_DIMS = 40
# A passage needs this many distinct known words before it can be judged to fit no theme.
MIN_JUDGEABLE_FEATURES = 3


def passage_features(tokens: Sequence[str]) -> Sequence[str]:
    """The vectoriser's analyser: passages arrive already analysed (lemmas and noun-chunk keys)."""
    return tokens


@dataclass(frozen=True)
class ThemeSpec:
    """What the model learned about one theme: its label, keywords and whether a codebook seeded it."""

    label: str
    keywords: tuple[str, ...]
    seeded: bool = False


@dataclass(frozen=True)
class Assignment:
    """Where each passage of one meeting went.

    `labels[i]` is a theme index, `UNASSIGNED` (-1), or `n_themes + g` for possible new theme `g`
    (only when a fitted model meets a new meeting). `stretches[i]` numbers the stretch of talk the passage
    was cut into (-1 for passages claimed by a seeded theme); `fit[i]` is its cosine to its theme.
    """

    labels: np.ndarray
    stretches: np.ndarray
    fit: np.ndarray
    n_stretches: int
    new_themes: tuple[ThemeSpec, ...] = ()
    cost_curve: dict = field(default_factory=dict)


# --------------------------------------------------------------------------------------------- seeds


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


_SEED_DROP = frozenset("the a an our their your my his her its this that these those".split())


def seed_keys(terms: Sequence[str]) -> frozenset[str]:
    """Matching keys for codebook seed terms: lower case, determiners out, plural and singular forms."""
    keys = set()
    for term in terms:
        words = [w for w in re.findall(r"[a-z0-9][a-z0-9'-]*", term.lower()) if w not in _SEED_DROP]
        if not words:
            continue
        keys.add(" ".join(words))
        keys.add(" ".join(words[:-1] + [_singular(words[-1])]))
    return frozenset(keys)


def seed_hits(passage: Passage, keys: frozenset[str]) -> int:
    """How often a passage uses the seed keys: each key's word sequence against the passage's words, by
    lemma or by spoken form (lower case), wherever it stands ("a charity", "charities", "the third sector",
    "voluntary-sector grants"). Where keys overlap ("sector" and "third sector"), the most uses of any one
    spelling of a place count once: hits are counted per position, not per key."""
    if not passage.lemmas and not passage.forms:  # a passage made without word sequences
        words = passage.terms
        return sum(1 for term in words if term in keys) + sum(
            1 for phrase in passage.phrases for key in keys if " " in key and f" {key} " in f" {phrase} "
        )
    sequences = [_split_words(passage.lemmas), _split_words(passage.forms)]
    patterns = [tuple(key.split()) for key in keys]
    covered: set[int] = set()
    hits = 0
    for words in sequences:
        for i in range(len(words)):
            if i in covered:
                continue
            for pattern in patterns:
                if tuple(words[i : i + len(pattern)]) == pattern:
                    covered.update(range(i, i + len(pattern)))
                    hits += 1
                    break
    return hits


def _split_words(words: Sequence[str]) -> list[str]:
    """Hyphenated words as their parts, as seed keys are ("voluntary-sector" -> "voluntary", "sector")."""
    return [part for word in words for part in word.split("-") if part]


# ------------------------------------------------------------------------------------------ estimator


class ThemeModel(BaseEstimator):
    """Themes of one meeting or of a corpus of meetings. `fit(X)` takes a list of passage lists."""

    def __init__(
        self,
        n_themes: int | str = "auto",
        min_themes: int = 3,
        max_themes: int = 8,
        min_stretch_ratio: float = 0.5,
        speaker_weight: float = 0.0,
        agenda_weight: float = 2.0,
        semantic_weight: float = 0.0,
        merge_similarity: float = 0.7,
        assignment_threshold: float = 0.05,
        new_theme_threshold: float = 0.15,
        codebook: Optional[dict] = None,
        seed_min_hits: int = 2,
        n_keywords: int = 8,
        min_df: int = 2,
        max_df: float = 0.5,
        random_state: int = 0,
    ) -> None:
        self.n_themes = n_themes
        self.min_themes = min_themes
        self.max_themes = max_themes
        self.min_stretch_ratio = min_stretch_ratio
        self.speaker_weight = speaker_weight
        self.agenda_weight = agenda_weight
        self.semantic_weight = semantic_weight
        self.merge_similarity = merge_similarity
        self.assignment_threshold = assignment_threshold
        self.new_theme_threshold = new_theme_threshold
        self.codebook = codebook
        self.seed_min_hits = seed_min_hits
        self.n_keywords = n_keywords
        self.min_df = min_df
        self.max_df = max_df
        self.random_state = random_state

    # ----------------------------------------------------------------------------------- helpers

    def _vectorise(self, passages: Sequence[Passage]) -> sp.csr_matrix:
        if not passages:
            return sp.csr_matrix((0, len(self.vectorizer_.vocabulary_) if self.vectorizer_ else 0))
        if self.vectorizer_ is None:
            return sp.csr_matrix((len(passages), 0))
        return self.vectorizer_.transform([p.tokens for p in passages]).tocsr()

    def _pull_seeded(self, passages: Sequence[Passage]) -> np.ndarray:
        """Index of the seeded theme (codebook order) that claims each passage, or -1.

        A codebook theme is in a meeting when its seed terms are used at least `seed_min_hits` times in
        it (one stray "charity" in two hours is no theme); it then claims every passage that uses one of
        its terms. A passage using the terms of several goes to the one it uses most (ties: codebook order).
        """
        pulled = np.full(len(passages), -1, dtype=int)
        if not self.seed_keys_ or not passages:
            return pulled
        hits = np.array([[seed_hits(passage, keys) for keys in self.seed_keys_.values()] for passage in passages])
        present = hits.sum(axis=0) >= self.seed_min_hits
        hits = np.where(present[None, :], hits, 0)
        best = np.argmax(hits, axis=1)
        claimed = hits[np.arange(len(passages)), best] > 0
        pulled[claimed] = best[claimed]
        return pulled

    def _stretches(self, passages: Sequence[Passage], X: sp.csr_matrix, n_stretches: int | str, low: int, high: int):
        """Cut the passages (one meeting, in order) into stretches; returns labels and the cost curve."""
        n = len(passages)
        if n == 0:
            return np.zeros(0, dtype=int), {}
        Z = X  # sparse: the stretch costs need only the rows' Gram matrix
        if self.speaker_weight > 0:
            speakers = sorted({p.speaker for p in passages})
            index = {s: k for k, s in enumerate(speakers)}
            S = np.zeros((n, len(speakers)))
            for row, passage in enumerate(passages):
                S[row, index[passage.speaker]] = 1.0
            idf = np.log((1 + n) / (1 + S.sum(axis=0))) + 1.0
            S = normalize(S * idf) * self.speaker_weight
            Z = sp.hstack([Z, sp.csr_matrix(S)], format="csr")
        Z = normalize(Z) if Z.shape[1] else Z
        if self.semantic_weight > 0 and min(Z.shape) > 2:
            Z = self._with_semantic(Z)
        cost = stretch_costs(Z)
        cued = self._agenda_cuts(cost, passages) if self.agenda_weight > 0 and n > 1 else None
        segmentation, curve = choose_segments(
            cost, n_stretches, low=low, high=high, min_ratio=self.min_stretch_ratio, cut_cost=cued
        )
        return segmentation.labels, curve

    def _with_semantic(self, Z: sp.csr_matrix) -> sp.csr_matrix:
        """The passage vectors with their LSA over the meeting beside them (`semantic_weight` of the squared
        length: words that keep company count as one cue, "rent" and "tenants"); rows stay unit length."""
        dims = min(LSA_DIMS, min(Z.shape) - 1)
        latent = normalize(TruncatedSVD(n_components=dims, random_state=0).fit_transform(Z))
        a = float(self.semantic_weight)
        return sp.hstack([Z * np.sqrt(1 - a), sp.csr_matrix(latent * np.sqrt(a))], format="csr")

    def _agenda_cuts(self, cost: np.ndarray, passages: Sequence[Passage]) -> np.ndarray:
        """The stretch costs with a cut where the chair announced the next subject made cheaper (used for
        where the cuts fall, not for how many there are: that stays the words' elbow).

        A stretch that starts at the first passage after an agenda move (`Passage.agenda_item` changes)
        costs `agenda_weight` times the meeting's mean cost per passage less: a cut there wins over one up
        to about that many passages' worth of worse fit elsewhere. Every cut adds one stretch start, so a
        segmentation gains the bonus once per announced subject it follows."""
        n = len(passages)
        items = np.array([p.agenda_item for p in passages])
        starts = np.flatnonzero(items[1:] != items[:-1]) + 1
        if not len(starts) or not np.isfinite(cost[0, n]) or cost[0, n] <= 0:
            return cost
        cost = cost.copy()
        cost[starts, :] -= self.agenda_weight * cost[0, n] / n
        return cost

    def _target_stretches(self, n_seeded: int, n_passages: int) -> tuple[int | str, int, int]:
        # a short meeting has room for fewer subjects than `min_themes`: one per MIN_PASSAGES_PER_THEME
        # passages, and at least one (a two-turn transcript is one theme, not one per passage)
        room = max(1, min(self.max_themes, n_passages // MIN_PASSAGES_PER_THEME) - n_seeded)
        low = min(max(1, self.min_themes - n_seeded), room)
        high = max(low, room)
        if self.n_themes == "auto":
            return "auto", low, high
        fixed = max(1, int(self.n_themes) - n_seeded)
        return fixed, fixed, fixed

    @staticmethod
    def _judgeable(X: sp.csr_matrix) -> np.ndarray:
        """Passages with enough known words to say they fit no theme. A passage with fewer ("Sorry, Karen,
        go on.") says nothing either way and stays with the stretch it was spoken in."""
        return np.diff(X.indptr) >= MIN_JUDGEABLE_FEATURES if X.shape[0] else np.zeros(0, dtype=bool)

    @staticmethod
    def _mean_rows(X: sp.csr_matrix, rows: np.ndarray) -> np.ndarray:
        if len(rows) == 0:
            return np.zeros(X.shape[1])
        return np.asarray(X[rows].mean(axis=0)).ravel()

    @staticmethod
    def _unit_rows(X: sp.csr_matrix) -> sp.csr_matrix:
        """`normalize(X)`: rows scaled to unit length, each on its own (so any row subset of it is the
        same as normalising that subset); X itself when it has no rows or no columns to scale."""
        return normalize(X) if X.shape[0] and X.shape[1] else X

    def _fit_scores(self, unit: sp.csr_matrix, labels: np.ndarray, centroids: np.ndarray) -> np.ndarray:
        """Cosine of each passage to its theme's centroid (`unit`: the passage vectors, `_unit_rows`)."""
        fit = np.zeros(len(labels))
        if unit.shape[1] == 0 or len(labels) == 0:
            return fit
        rows = np.flatnonzero((labels >= 0) & (labels < len(centroids)))
        if len(rows):
            fit[rows] = np.asarray(unit[rows].multiply(np.asarray(centroids)[labels[rows]]).sum(axis=1)).ravel()
        return fit

    # ---------------------------------------------------------------------------------------- fit

    def fit(self, X: Sequence[Sequence[Passage]], y=None) -> "ThemeModel":
        """Learn themes from one meeting (`[passages]`) or a corpus (one passage list per meeting)."""
        meetings = _meetings(X)
        fixed = self._learn(meetings)
        self.themes_ = self._name_themes(meetings, fixed)
        return self

    def fit_assignments(self, X: Sequence[Sequence[Passage]]) -> list[Assignment]:
        """`fit` without naming the themes (no labels or keywords): where each meeting's passages went.

        For when only the assignments count (stability refits); the model is then left without `themes_`.
        """
        self._learn(_meetings(X))
        return self.training_assignments_

    def _learn(self, meetings: list[list[Passage]]) -> list[Optional[str]]:
        """Everything `fit` learns but the themes' names; returns the codebook name per seeded theme."""
        all_passages = [p for m in meetings for p in m]
        self.codebook_ = {str(k): tuple(v) for k, v in sorted((self.codebook or {}).items())}
        self.seed_keys_ = {name: seed_keys(terms) for name, terms in self.codebook_.items()}
        self.vectorizer_, X_all = self._fit_vectorizer(all_passages)
        self.n_meetings_ = len(meetings)

        # 1. seeded passages, 2. stretches of the rest, per meeting
        per_meeting = []
        seeded_found = set()
        for passages in meetings:
            pulled = self._pull_seeded(passages)
            seeded_found.update(int(k) for k in pulled[pulled >= 0])
            per_meeting.append(pulled)
        n_seeded = len(seeded_found)
        stretch_rows: list[tuple[int, np.ndarray]] = []  # (meeting, passage rows) per stretch
        stretch_of: list[np.ndarray] = []
        curves = []
        bounds = np.cumsum([0] + [len(m) for m in meetings])
        matrices = [X_all[bounds[m] : bounds[m + 1]] for m in range(len(meetings))]
        for m, passages in enumerate(meetings):
            pulled = per_meeting[m]
            rest = np.flatnonzero(pulled < 0)
            Xm = matrices[m]
            if len(meetings) == 1:
                target, low, high = self._target_stretches(n_seeded, len(rest))
            else:
                target, low, high = "auto", self.min_themes, max(self.min_themes, min(self.max_themes, len(rest) // MIN_PASSAGES_PER_THEME))
            labels, curve = self._stretches([passages[i] for i in rest], Xm[rest], target, low, high)
            curves.append(curve)
            stretches = np.full(len(passages), -1, dtype=int)
            stretches[rest] = labels
            stretch_of.append(stretches)
            for s in range(int(labels.max()) + 1 if len(labels) else 0):
                stretch_rows.append((m, rest[labels == s]))

        # 3. stretches -> discovered themes
        S = np.vstack([self._mean_rows(matrices[m], rows) for m, rows in stretch_rows]) if stretch_rows else np.zeros((0, 1))
        groups = self._group_stretches(S, n_seeded, single=len(meetings) == 1)

        # 4. provisional theme per passage: seeded themes first (codebook order), then discovered groups
        seeded_names = list(self.codebook_)
        seeded_index = {k: j for j, k in enumerate(sorted(seeded_found))}
        n_provisional = len(seeded_index) + (int(groups.max()) + 1 if len(groups) else 0)
        provisional = []
        stretch_number = 0
        for m, passages in enumerate(meetings):
            labels = np.full(len(passages), UNASSIGNED, dtype=int)
            for i, k in enumerate(per_meeting[m]):
                if k >= 0:
                    labels[i] = seeded_index[int(k)]
            n_here = int(stretch_of[m].max()) + 1 if len(stretch_of[m]) and stretch_of[m].max() >= 0 else 0
            for s in range(n_here):
                # no passage of the corpus has a content word ("Hi all." "Hi."): no substantive talk, no theme
                # (nor a stretch of which no passage has a known word: a meeting of greetings in a corpus)
                if self.vectorizer_ is not None and np.any(S[stretch_number + s]):
                    labels[stretch_of[m] == s] = len(seeded_index) + int(groups[stretch_number + s])
            stretch_number += n_here
            provisional.append(labels)

        # 5. order themes by words (largest first; ties by first appearance), centroids, fit, unassigned
        words = np.zeros(n_provisional)
        first = np.full(n_provisional, np.inf)
        for m, passages in enumerate(meetings):
            for i, (p, label) in enumerate(zip(passages, provisional[m])):
                if label >= 0:
                    words[label] += p.n_words
                    first[label] = min(first[label], m * 1e6 + i)
        order = sorted(range(n_provisional), key=lambda t: (-words[t], first[t]))
        order = [t for t in order if words[t] > 0]
        remap = {old: new for new, old in enumerate(order)}
        final = [np.array([remap.get(int(l), UNASSIGNED) if l >= 0 else UNASSIGNED for l in labels], dtype=int) for labels in provisional]
        n_themes = len(order)
        width = len(self.vectorizer_.vocabulary_) if self.vectorizer_ is not None else 0
        centroids = np.zeros((n_themes, width))
        unit = [self._unit_rows(X) for X in matrices]
        if width:
            for t in range(n_themes):
                rows = [unit[m][final[m] == t] for m in range(len(meetings)) if (final[m] == t).any()]
                if rows:
                    centroids[t] = np.asarray(sp.vstack(rows).mean(axis=0)).ravel()
            centroids = normalize(centroids)
        self.centroids_ = centroids
        self.n_themes_ = n_themes

        assignments = []
        for m, passages in enumerate(meetings):
            labels = final[m]
            fit = self._fit_scores(unit[m], labels, centroids)
            labels = np.where((labels >= 0) & (fit < self.assignment_threshold) & self._judgeable(matrices[m]), UNASSIGNED, labels)
            # seeded passages are claimed by their seed terms, whatever their overall vocabulary
            seeded_rows = per_meeting[m] >= 0
            labels[seeded_rows] = final[m][seeded_rows]
            assignments.append(
                Assignment(labels=labels, stretches=stretch_of[m], fit=fit, n_stretches=int(stretch_of[m].max()) + 1 if len(stretch_of[m]) else 0, cost_curve=curves[m])
            )
        self.training_assignments_ = assignments
        self.missing_seeded_ = tuple(name for k, name in enumerate(seeded_names) if k not in seeded_found)
        inverse = {new: old for old, new in remap.items()}
        seeded_of = {j: seeded_names[k] for k, j in seeded_index.items()}
        return [seeded_of.get(inverse[t]) for t in range(n_themes)]

    def _name_themes(self, meetings: list[list[Passage]], fixed: list[Optional[str]]) -> tuple[ThemeSpec, ...]:
        """6. Labels and keywords of the learned themes (`fixed`: codebook name of each seeded theme)."""
        assignments = self.training_assignments_
        groups_of = [[p for m, passages in enumerate(meetings) for p, l in zip(passages, assignments[m].labels) if l == t] for t in range(self.n_themes_)]
        background = [p for m, passages in enumerate(meetings) for p, l in zip(passages, assignments[m].labels) if l < 0]
        labels_text = phrase_labels(groups_of, fixed=fixed, background=background)
        keywords = top_keywords(groups_of, self.n_keywords)
        return tuple(
            ThemeSpec(label=labels_text[t], keywords=tuple(keywords[t]), seeded=fixed[t] is not None) for t in range(self.n_themes_)
        )

    def _fit_vectorizer(self, passages: Sequence[Passage]) -> tuple[Optional[TfidfVectorizer], sp.csr_matrix]:
        """The fitted vectoriser (None when no passage has a word) and the passages' vectors, from one
        counting pass (`fit_transform`; fitting and then transforming would count every passage twice)."""
        docs = [p.tokens for p in passages]
        if not any(docs):
            return None, sp.csr_matrix((len(docs), 0))
        small = len(docs) < 10
        vectorizer = TfidfVectorizer(
            analyzer=passage_features,
            min_df=1 if small else self.min_df,
            max_df=1.0 if small else self.max_df,
            sublinear_tf=True,
        )
        try:
            X = vectorizer.fit_transform(docs)
        except ValueError:  # every word is too rare or too common for these limits
            vectorizer = TfidfVectorizer(analyzer=passage_features, sublinear_tf=True)
            X = vectorizer.fit_transform(docs)
        return vectorizer, X.tocsr()

    def _group_stretches(self, S: np.ndarray, n_seeded: int, *, single: bool) -> np.ndarray:
        """Theme number (0..) per stretch."""
        n = S.shape[0]
        if n <= 1 or S.shape[1] == 0 or not np.any(S):
            # one stretch, or no stretch has a known word to tell it from another: one theme
            return np.zeros(n, dtype=int)
        S = normalize(S)
        if single:
            if self.n_themes != "auto" or self.merge_similarity >= 1:
                return np.arange(n)
            low = max(1, self.min_themes - n_seeded)
            if n <= low:
                return np.arange(n)
            merged = AgglomerativeClustering(
                n_clusters=None, distance_threshold=1 - self.merge_similarity, metric="cosine", linkage="average"
            ).fit_predict(S)
            if len(set(merged)) < low:
                merged = AgglomerativeClustering(n_clusters=low, metric="cosine", linkage="average").fit_predict(S)
            return _canonical(merged)
        low = max(2, self.min_themes - n_seeded)
        high = max(low, self.max_themes - n_seeded)
        n = len(np.unique(S.round(9), axis=0))  # k-means cannot find more clusters than distinct stretches
        if n <= 1:
            return np.zeros(S.shape[0], dtype=int)
        if self.n_themes != "auto":
            ks = [max(1, min(n, int(self.n_themes) - n_seeded))]
        else:
            ks = [k for k in range(low, high + 1) if k < n] or [min(n, low)]
        best, best_score = None, -np.inf
        for k in ks:
            # spherical k-means (unit vectors): average-link merging made one theme swallow most meetings
            labels = KMeans(n_clusters=k, n_init=10, random_state=self.random_state).fit_predict(S)
            if len(ks) == 1:
                best = labels
                break
            score = silhouette_score(S, labels, metric="cosine") if 1 < len(set(labels)) < n else -1.0
            if score > best_score + 1e-12:
                best, best_score = labels, score
        return _canonical(best)

    # ----------------------------------------------------------------------------- new meetings

    def assign(self, passages: Sequence[Passage]) -> Assignment:
        """Assign one new meeting's passages to the learned themes; unlike stretches become new themes."""
        passages = list(passages)
        n = len(passages)
        if n == 0:
            return Assignment(np.zeros(0, dtype=int), np.zeros(0, dtype=int), np.zeros(0), 0)
        X = self._vectorise(passages)
        pulled = self._pull_seeded(passages)
        seeded_theme = {
            k: next((t for t, spec in enumerate(self.themes_) if spec.seeded and spec.label == name), None)
            for k, name in enumerate(self.codebook_)
        }
        rest = np.flatnonzero(pulled < 0)
        stretch_labels, curve = self._stretches(
            [passages[i] for i in rest], X[rest], "auto", self.min_themes,
            max(self.min_themes, min(self.max_themes, len(rest) // MIN_PASSAGES_PER_THEME)),
        )
        stretches = np.full(n, -1, dtype=int)
        stretches[rest] = stretch_labels
        labels = np.full(n, UNASSIGNED, dtype=int)
        for i, k in enumerate(pulled):
            if k >= 0 and seeded_theme.get(int(k)) is not None:
                labels[i] = seeded_theme[int(k)]
        n_stretches = int(stretch_labels.max()) + 1 if len(stretch_labels) else 0
        new_rows: list[np.ndarray] = []
        for s in range(n_stretches):
            rows = rest[stretch_labels == s]
            vector = normalize(self._mean_rows(X, rows).reshape(1, -1))[0] if X.shape[1] else np.zeros(0)
            if not np.any(vector):  # no word the model knows ("Hi all." "Hi."): no theme, old or new
                labels[rows] = UNASSIGNED
                continue
            similarity = self.centroids_ @ vector if len(vector) and self.n_themes_ else np.zeros(0)
            if len(similarity) and similarity.max() >= self.new_theme_threshold:
                labels[rows] = int(np.argmax(similarity))
            else:
                labels[rows] = self.n_themes_ + len(new_rows)
                new_rows.append(rows)
        centroids = self.centroids_
        unit = self._unit_rows(X)
        if new_rows:
            extra = normalize(np.vstack([self._mean_rows(unit, rows) for rows in new_rows]))
            centroids = np.vstack([centroids, extra]) if len(centroids) else extra
        fit = self._fit_scores(unit, labels, centroids)
        unfit = (labels >= 0) & (fit < self.assignment_threshold) & (pulled < 0) & self._judgeable(X)
        labels = np.where(unfit, UNASSIGNED, labels)
        new_themes: tuple[ThemeSpec, ...] = ()
        if new_rows:
            groups = [[passages[i] for i in rows if labels[i] >= 0] for rows in new_rows]
            others = [p for p, label in zip(passages, labels) if label < self.n_themes_]
            names = phrase_labels(groups, background=others)
            keywords = top_keywords(groups, self.n_keywords)
            new_themes = tuple(ThemeSpec(label=names[g], keywords=tuple(keywords[g])) for g in range(len(groups)))
        return Assignment(labels=labels, stretches=stretches, fit=fit, n_stretches=n_stretches, new_themes=new_themes, cost_curve=curve)

    def predict(self, passages: Sequence[Passage]) -> np.ndarray:
        """Theme index per passage (-1 unassigned; `n_themes_ + g` for possible new theme g)."""
        return self.assign(passages).labels


def _meetings(X: Sequence[Sequence[Passage]]) -> list[list[Passage]]:
    """`fit`'s input as one passage list per meeting (a bare passage list is one meeting)."""
    meetings = [list(m) for m in X]
    if meetings and meetings[0] and isinstance(meetings[0], Passage):
        meetings = [list(X)]
    return meetings


def _canonical(labels: np.ndarray) -> np.ndarray:
    """Renumber cluster labels in order of first appearance, so equal partitions get equal numbers."""
    mapping: dict[int, int] = {}
    out = np.zeros(len(labels), dtype=int)
    for i, label in enumerate(labels):
        out[i] = mapping.setdefault(int(label), len(mapping))
    return out

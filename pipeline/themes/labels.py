"""Readable theme labels and keywords, by class-based TF-IDF.

All passages of a theme are one "class document". A phrase scores `tf(phrase, theme) * log(1 + A / f(phrase))`
where `f` is its count over all themes (and unassigned talk) and `A` the mean number of phrases per
class (Grootendorst's c-TF-IDF). Label candidates are the multi-word noun chunks and gerund phrases of
the passages ("the third sector", "buying the old models"), counted by lemma key and shown in their most
frequent spoken form. When the second-best phrase shares no word with the best one and scores nearly
as well, the label joins them ("councils and the third sector"), as a sub-editor would. A label is never
one word: a single best noun takes a phrase of the theme containing it ("free school meals") or is joined
with the theme's next subject ("deal and impact").
Keywords are the same score over single content lemmas.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Iterable, Sequence

from .units import Passage

# A second phrase joins the label when it scores at least this fraction of the best one.
JOIN_RATIO = 0.6
# Multi-word phrases are more specific than single nouns ("adult social care" over "care").
PHRASE_BONUS = 1.25
# Longest label, in words.
MAX_LABEL_WORDS = 7
# Modifiers that make a phrase no more specific than its noun ("different programme", "first petition").
VAGUE_MODIFIERS = frozenset(
    "different right wrong last next same general specific whole big small good bad "
    "overall current previous".split()
)


def class_tfidf(counts: Sequence[Counter]) -> list[dict[str, float]]:
    """c-TF-IDF scores per class from per-class counters."""
    totals: Counter = Counter()
    for counter in counts:
        totals.update(counter)
    sizes = [sum(counter.values()) for counter in counts]
    average = (sum(sizes) / len(sizes)) if sizes else 0.0
    scores = []
    for counter in counts:
        scores.append(
            {key: n * math.log(1.0 + average / totals[key]) for key, n in counter.items() if totals[key] > 0}
        )
    return scores


def _ranked(scores: dict[str, float], counter: Counter, min_count: int) -> list[str]:
    keys = [key for key in scores if counter[key] >= min_count]
    return sorted(keys, key=lambda key: (-round(scores[key], 9), key))


def top_keywords(passage_groups: Sequence[Sequence[Passage]], n_keywords: int) -> list[list[str]]:
    """The `n_keywords` most distinctive content lemmas of each group."""
    counts = [Counter(term for passage in group for term in passage.terms) for group in passage_groups]
    return [_ranked(scores, counter, 1)[:n_keywords] for scores, counter in zip(class_tfidf(counts), counts)]


def _surface_forms(groups: Sequence[Sequence[Passage]]) -> dict[str, str]:
    """The most frequent spoken form of each candidate key (ties: alphabetical, for determinism)."""
    forms: dict[str, Counter] = {}
    for group in groups:
        for passage in group:
            for key, surface in passage.candidates:
                forms.setdefault(key, Counter())[surface] += 1
    return {key: sorted(counter.items(), key=lambda item: (-item[1], item[0]))[0][0] for key, counter in forms.items()}


def _speakers_per_key(group: Sequence[Passage]) -> Counter:
    speakers: dict[str, set[str]] = {}
    for passage in group:
        for key, _ in passage.candidates:
            speakers.setdefault(key, set()).add(passage.speaker)
    return Counter({key: len(names) for key, names in speakers.items()})


def _words(key: str) -> set[str]:
    return set(key.split())


def _overlaps(key: str, others: Iterable[str]) -> bool:
    words = _words(key)
    return any(words & _words(other) for other in others)


def phrase_labels(
    passage_groups: Sequence[Sequence[Passage]],
    *,
    fixed: Sequence[str | None] = (),
    background: Sequence[Passage] = (),
) -> list[str]:
    """A readable label per group; `fixed[i]` (a codebook name) wins when given.

    `background` passages (unassigned talk) count towards how common a phrase is, not towards any label.
    """
    groups = list(passage_groups)
    fixed = list(fixed) + [None] * (len(groups) - len(fixed))
    # Counted once per passage: a phrase many passages use names a theme; one speaker repeating it does not.
    counts = [Counter(key for passage in group for key in {k for k, _ in passage.candidates}) for group in groups]
    background_counts = Counter(key for passage in background for key in {k for k, _ in passage.candidates})
    totals = Counter(background_counts)
    for counter in counts:
        totals.update(counter)
    speakers = [_speakers_per_key(group) for group in groups]
    scores = class_tfidf(counts + [background_counts])[: len(groups)]
    # c-TF-IDF alone lets words used everywhere ("council", "money") name a theme; weighting by the share of
    # a phrase's uses that fall in this theme keeps labels to what sets the theme apart.
    scores = [
        {
            key: value * (counter[key] / (totals[key] + 1)) * (PHRASE_BONUS if " " in key else 1.0)
            for key, value in score.items()
        }
        for score, counter in zip(scores, counts)
    ]
    surfaces = _surface_forms(groups)
    keywords = top_keywords(groups, 2)
    labels: list[str] = []
    used: set[str] = set()
    for index, (score, counter) in enumerate(zip(scores, counts)):
        if fixed[index]:
            labels.append(fixed[index])
            continue
        # a label is something at least two people said, in at least two passages, when there is one
        ranked = [key for key in _ranked(score, counter, 2) if key not in used and speakers[index][key] >= 2]
        if not ranked:
            ranked = [key for key in _ranked(score, counter, 2) if key not in used]
        if not ranked:
            ranked = [key for key in _ranked(score, counter, 1) if key not in used]
        if not ranked:
            words = keywords[index] or ["other talk"]
            labels.append(" and ".join(words))
            continue
        best = ranked[0]
        label = surfaces.get(best, best)
        used.add(best)
        gerund = surfaces.get(best, best).split()[0].endswith("ing")
        for other in ranked[1:4]:
            # join only a second subject as strong and as widely used as the first, never onto a clause
            if gerund or score[other] < JOIN_RATIO * score[best] or (" " in other) != (" " in best):
                break
            if counter[other] < 3 or speakers[index][other] < 2 or counter[other] < 0.5 * totals[other]:
                break
            if _overlaps(other, [best]):
                continue
            joined = f"{label} and {surfaces.get(other, other)}"
            if len(joined.split()) <= MAX_LABEL_WORDS:
                label = joined
                used.add(other)
            break
        if " " not in label:  # one noun and no second subject as strong: too generic to name a theme
            label = _widen_single(best, ranked, score, counter, used, surfaces, keywords[index])
        labels.append(label)
    return _deduplicate(labels)


def _widen_single(
    best: str,
    ranked: Sequence[str],
    score: dict[str, float],
    counter: Counter,
    used: set[str],
    surfaces: dict[str, str],
    keywords: Sequence[str],
) -> str:
    """A label of two to six words when the best candidate is one noun ("deal", "petition"): one word is
    too generic to name a theme.

    In order: the theme's strongest phrase containing the noun that two passages use ("free school meals"
    for "meals"); the noun joined with the theme's next subject ("repairs and damp"); any phrase containing
    it; the noun and the theme's other top keyword; the noun as "talk about ..." as a last resort.
    `used` gets the keys the label is made of (a later theme does not take them again).
    """
    word = surfaces.get(best, best)
    # candidates include the sole-passage phrases here: `score` holds every key this theme used
    phrases = sorted(
        (
            key
            for key in score
            if " " in key and best in key.split() and key not in used and len(key.split()) <= 6
            and key.split()[0] not in VAGUE_MODIFIERS
        ),
        key=lambda key: (-round(score[key], 9), key),
    )
    strong = [key for key in phrases if counter[key] >= 2]
    if strong:
        used.update((best, strong[0]))
        return surfaces.get(strong[0], strong[0])
    for other in ranked[1:6]:
        if " " in other or _overlaps(other, [best]) or counter[other] < 2:
            continue
        joined = f"{word} and {surfaces.get(other, other)}"
        used.update((best, other))
        return joined
    if phrases:
        used.update((best, phrases[0]))
        return surfaces.get(phrases[0], phrases[0])
    used.add(best)
    others = [k for k in keywords if k != best and not _overlaps(k, [best])]
    if others:
        return f"{word} and {others[0]}"
    return f"talk about {word}"


def _deduplicate(labels: list[str]) -> list[str]:
    seen: Counter = Counter()
    result = []
    for label in labels:
        seen[label] += 1
        result.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return result

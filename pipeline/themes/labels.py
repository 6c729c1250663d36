"""Readable theme labels and keywords.

A label is a heading an editor could write: two to six words naming what the stretch is about. Its first
subject is the noun most of the theme's passages use (document frequency across the stretch, not
distinctiveness: annotators and editors name a stretch by its common words, "remote control",
"petitions", "the foundation phase"), shown inside the theme's most used phrase built around it ("free
school meals" for "meals"). Its second subject is what sets the theme apart: the noun with the best
passage count times the square root of the share of its uses that fall in this theme ("Remote control and
joystick", "Repairs and damp"). A stretch whose passages speak of a presentation or its slides is one:
its label says so ("Presentation on energy source and chips"). Candidates are the passages' nouns and
noun chunks (`Passage.candidates`), counted by lemma key and shown in their most frequent spoken form;
never a lone word, never a speaker's label ("Industrial Designer"), never a generic noun as a subject
("people", "idea").
Keywords, a separate field, are the most distinctive single content lemmas by class-based TF-IDF.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Optional, Sequence

from .units import Passage

# Longest label, in words.
MAX_LABEL_WORDS = 6
# Longest phrase a label's first subject is shown in, in words.
MAX_PHRASE_WORDS = 4
# How much a second subject's share of uses in this theme counts against how often it is used (0: not at
# all, 1: as much). Measured on the shared meetings (bench/themes.py label_overlap): 0.5.
DISTINCTIVENESS = 0.5
# Nouns frequent in any talk that name no subject on their own.
GENERIC_NOUNS = frozenset(
    """
    people person guy guys idea ideas one ones end number example sense word part problem case place term
    fact level side reason area hour job laugh laughter
    """.split()
)
# Modifiers that make a phrase no more specific than its noun ("different programme", "first petition").
VAGUE_MODIFIERS = frozenset(
    "different right wrong last next same general specific whole big small good bad "
    "overall current previous first second third only".split()
)
# Lemmas that say a stretch is a presentation, and in how many of its passages they must occur.
PRESENTATION_LEMMAS = frozenset({"presentation", "slide"})
PRESENTATION_PASSAGES = 2


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


class _SurfaceForms:
    """The most frequent spoken form of a candidate key (ties: alphabetical, for determinism), worked out
    only for the keys a label asks for: counting is cheap, ranking every key's forms was not."""

    def __init__(self, groups: Sequence[Sequence[Passage]]) -> None:
        self._forms: dict[str, dict[str, int]] = {}
        for group in groups:
            for passage in group:
                for key, surface in passage.candidates:
                    forms = self._forms.setdefault(key, {})
                    forms[surface] = forms.get(surface, 0) + 1
        self._best: dict[str, str] = {}

    def get(self, key: str, default: str) -> str:
        if key not in self._best:
            forms = self._forms.get(key)
            self._best[key] = min(forms.items(), key=lambda item: (-item[1], item[0]))[0] if forms else default
        return self._best[key]


def _passage_counts(group: Sequence[Passage]) -> Counter:
    """How many passages of `group` use each candidate key (a phrase many passages use names a theme; one
    speaker repeating it does not)."""
    return Counter(key for passage in group for key in {k for k, _ in passage.candidates})


def _is_presentation(group: Sequence[Passage]) -> bool:
    return sum(1 for passage in group if not PRESENTATION_LEMMAS.isdisjoint(passage.lemmas)) >= PRESENTATION_PASSAGES


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
    counts = [_passage_counts(group) for group in groups]
    totals = _passage_counts(background)
    for counter in counts:
        totals.update(counter)
    surfaces = _SurfaceForms(groups)
    speaker_labels = {passage.speaker.lower() for group in groups for passage in group}
    keywords = top_keywords(groups, 2)
    labels: list[str] = []
    for index, counter in enumerate(counts):
        if fixed[index]:
            labels.append(fixed[index])
            continue
        label = _label(counter, totals, surfaces, speaker_labels, keywords[index], taken=set(labels))
        if _is_presentation(groups[index]):
            label = _as_presentation(label)
        labels.append(label)
    return _deduplicate(labels)


def _label(
    counter: Counter,
    totals: Counter,
    surfaces: _SurfaceForms,
    speaker_labels: set[str],
    keywords: Sequence[str],
    taken: set[str],
) -> str:
    """Two to six words: the first subject in its phrase, and the second subject when there is one (one not
    in `taken`, the labels already given, when it can)."""

    def allowed(key: str) -> bool:
        return surfaces.get(key, key).lower() not in speaker_labels

    nouns = [key for key in counter if " " not in key and key not in GENERIC_NOUNS]
    share = {key: counter[key] / totals[key] for key in nouns}
    first = next((key for key in sorted(nouns, key=lambda key: (-counter[key], -share[key], key)) if allowed(key)), None)
    if first is None:
        return " and ".join(keywords) if len(keywords) == 2 else f"talk about {keywords[0]}" if keywords else "other talk"
    phrase = _phrase_around(first, counter, allowed)
    head = surfaces.get(phrase or first, phrase or first)
    words = set((phrase or first).split())
    seconds = sorted(
        (key for key in nouns if key not in words),
        key=lambda key: (-round(counter[key] * share[key] ** DISTINCTIVENESS, 9), key),
    )
    fallback = None
    for key in seconds:
        option = f"{head} and {surfaces.get(key, key)}"
        if len(option.split()) > MAX_LABEL_WORDS or not allowed(key):
            continue
        if option not in taken:
            return option
        fallback = fallback or option
    if phrase and head not in taken:
        return head
    if fallback or phrase:
        return fallback or head
    others = [keyword for keyword in keywords if keyword != first]
    return f"{head} and {others[0]}" if others else f"talk about {head}"


def _phrase_around(noun: str, counter: Counter, allowed) -> Optional[str]:
    """The theme's most used phrase holding `noun` ("remote control" for "control"), used in two passages
    or more, of at most `MAX_PHRASE_WORDS` words and not opening with a vague modifier; None when none is."""
    phrases = [
        key
        for key in counter
        if " " in key and noun in key.split() and counter[key] >= 2 and len(key.split()) <= MAX_PHRASE_WORDS
        and key.split()[0] not in VAGUE_MODIFIERS and allowed(key)
    ]
    if not phrases:
        return None
    return sorted(phrases, key=lambda key: (-counter[key], -len(key), key))[0]


def _as_presentation(label: str) -> str:
    """"Presentation on X": the second subject is dropped when the whole would be longer than six words."""
    if len(label.split()) + 2 > MAX_LABEL_WORDS and " and " in label:
        label = label.rsplit(" and ", 1)[0]
    return f"Presentation on {label}" if len(label.split()) + 2 <= MAX_LABEL_WORDS else label


def _deduplicate(labels: list[str]) -> list[str]:
    seen: Counter = Counter()
    result = []
    for label in labels:
        seen[label] += 1
        result.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return result

"""Score candidates from their features, explain the score in words, and pick a diverse top list.

Two scorers (`QuoteSettings.ranker`): "learned" (default), the ranker fitted to editors' judgements
(`learned.py`, models/quote_ranker), and "hand", a weighted mean of the features with weights from
`QuoteSettings.weights`, set from prior knowledge. Either way the reasons name the features that raised
the score most, by their weight times their value, and what held it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Optional, Sequence

from ..settings import QuoteSettings, QuoteWeights
from ..wording import plural
from .candidates import Candidate
from .features import FEATURE_NAMES, Features, is_content
from .learned import load_ranker


def weighted_score(values: dict[str, float], weights: QuoteWeights) -> float:
    """sum(weight * feature) / sum(positive weights), clipped to [0, 1]."""
    w = weights.model_dump()
    positive = sum(v for v in w.values() if v > 0) or 1.0
    total = sum(w[name] * values.get(name, 0.0) for name in FEATURE_NAMES)
    return round(min(1.0, max(0.0, total / positive)), 4)


def scorer_for(settings: QuoteSettings) -> tuple[Callable[[Features], float], dict[str, float]]:
    """(features -> score, the feature weights its reasons read) for the settings' ranker."""
    if settings.ranker == "learned":
        ranker = load_ranker(settings.ranker_model or None)
        return ranker.score, ranker.weights()
    weights = settings.weights
    return (lambda features: weighted_score(features.values, weights)), weights.model_dump()


def _quoted(words: Sequence[str], n: int = 3) -> str:
    return ", ".join(f"'{w}'" for w in list(words)[:n])


def explain(features: Features, weights: QuoteWeights | Mapping[str, float]) -> list[str]:
    """The reasons for a score, in words: the strongest contributions first, then any penalties."""
    v, ev = features.values, features.evidence
    w = weights.model_dump() if isinstance(weights, QuoteWeights) else dict(weights)
    phrases: dict[str, str] = {
        "standalone": "stands alone",
        "length": f"good length ({plural(features.n_words, 'word')})",
        "concise": "a single sentence",
        "claim": f"makes a claim or call to action ({_quoted(ev.get('claim', ()))})",
        "contrast": f"rhetorical shape ({_quoted(ev.get('contrast', ()), 2)})",
        "we_you": f"speaks for or to people ({_quoted(ev.get('we_you', ()), 2)})",
        "general": "general statement (present tense, no he/she/they)",
        "distinctive_english": "vivid wording" + (f" ({_quoted(ev['distinctive_english'])})" if ev.get("distinctive_english") else ""),
        "distinctive_meeting": "wording unusual in this meeting"
        + (f" ({_quoted(ev['distinctive_meeting'])})" if ev.get("distinctive_meeting") else ""),
        "topical": f"on the meeting's main subject ({_quoted(ev.get('topical', ()))})",
        "specifics": f"concrete ({_quoted(ev.get('specifics', ()))})",
        "fluency": "fluent as spoken",
        "complete": "a finished sentence",
        "figure": f"a figure ({_quoted(ev.get('figure', ()), 2)})",
        "pledge": f"a commitment ({_quoted(ev.get('pledge', ()), 2)})",
        "negation": f"says what is not ({_quoted(ev.get('negation', ()), 2)})",
        "accusation": f"puts it to someone ({_quoted(ev.get('accusation', ()), 1)})",
        "punchy": "short sentences",
    }
    needs_evidence = {"claim", "contrast", "we_you", "topical", "specifics", "figure", "pledge", "negation", "accusation"}
    contributions = sorted(
        (
            (w[name] * v.get(name, 0.0), name)
            for name in phrases
            if w.get(name, 0) > 0 and v.get(name, 0) >= 0.5 and (name not in needs_evidence or ev.get(name))
        ),
        key=lambda item: (-item[0], FEATURE_NAMES.index(item[1])),
    )
    skip_plain = {"standalone", "fluency", "complete", "length", "concise"}
    reasons = [phrases[name] for _, name in contributions if name not in skip_plain][:4]
    if not reasons and contributions:
        reasons = [phrases[contributions[0][1]]]
    # What held it back.
    if v.get("standalone", 1.0) < 1.0 and ev.get("standalone"):
        reasons.append("but " + "; ".join(ev["standalone"][:2]))
    if v.get("length", 1.0) < 0.6:
        reasons.append(f"but {'short' if features.n_words < 15 else 'long'} ({plural(features.n_words, 'word')})")
    if v.get("fluency", 1.0) < 0.7 and ev.get("fluency"):
        reasons.append("but " + ", ".join(ev["fluency"]))
    if v.get("hedging", 0.0) > 0 and w.get("hedging", 0) < 0:
        reasons.append(f"but hedged ({_quoted(ev.get('hedging', ()), 2)})")
    if v.get("meta_talk", 0.0) > 0 and w.get("meta_talk", 0) < 0:
        reasons.append(f"but talks about the meeting ({_quoted(ev.get('meta_talk', ()), 2)})")
    return reasons


@dataclass(frozen=True)
class Scored:
    """A candidate with its features and score."""

    candidate: Candidate
    features: Features
    score: float
    content: frozenset[str]


def content_set(candidate: Candidate) -> frozenset[str]:
    tokens = candidate.kept
    return frozenset(t.lemma_.lower() for t in tokens if is_content(t) or t.pos_ in ("PROPN", "NUM"))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.turn_index == b.turn_index and a.char_start < b.char_end and b.char_start < a.char_end


def select_top(
    scored: Sequence[Scored],
    settings: QuoteSettings,
    speaker_key: Optional[Callable[[str], str]] = None,
) -> list[Scored]:
    """Best first; overlapping spans and near-duplicates collapse to the best one; at most
    `n_per_speaker` per speaker while other speakers have quotes left, then the best of the rest until
    there are `top_n` in all. Ties go to the earlier quote.

    `speaker_key` maps a speaker label to the person it names, so two labels of one person ("Chair" and
    "Helen Marchbank") share one cap; by default each label is its own speaker.
    """
    speaker_key = speaker_key or (lambda label: label)
    ordered = sorted(scored, key=lambda s: (-s.score, s.candidate.turn_index, s.candidate.char_start, s.candidate.char_end))
    chosen: list[Scored] = []
    per_speaker: dict[str, int] = {}

    def fits(item: Scored) -> bool:
        return not any(
            _overlaps(item.candidate, other.candidate) or jaccard(item.content, other.content) >= settings.dedupe_threshold
            for other in chosen
        )

    for item in ordered:
        if len(chosen) >= settings.top_n:
            break
        who = speaker_key(item.candidate.speaker)
        if per_speaker.get(who, 0) >= settings.n_per_speaker or not fits(item):
            continue
        chosen.append(item)
        per_speaker[who] = per_speaker.get(who, 0) + 1
    # With few speakers the cap would leave the list short: the places left go to the best of the rest,
    # in score order, after the capped picks (so the top of the list stays spread across speakers).
    picked = {id(item) for item in chosen}
    for item in ordered:
        if len(chosen) >= settings.top_n:
            break
        if id(item) not in picked and fits(item):
            chosen.append(item)
            picked.add(id(item))
    return chosen

"""The public entry points: `extract_quotes` for a parsed meeting, `score_lines` for arbitrary lines."""

from __future__ import annotations

import re
from typing import Iterable, Optional, Sequence

from spacy.language import Language

from ..nlp import ParsedTranscript
from ..records import Quote, normalise_label
from ..settings import QuoteSettings
from .candidates import (
    Candidate,
    SentenceInfo,
    doc_sentences,
    is_punctuated,
    line_candidate,
    turn_candidates,
)
from .features import MeetingContext, compute_features
from .rank import Scored, content_set, explain, scorer_for, select_top

_KEYWORD_POS = frozenset({"NOUN", "PROPN", "ADJ"})


def quote_id(turn_index: int, char_start: int, char_end: int) -> str:
    """Stable across settings: the quote's place in the transcript, not its rank."""
    return f"q{turn_index}-{char_start}-{char_end}"


def meeting_sentences(parsed: ParsedTranscript) -> list[list[SentenceInfo]]:
    """The checked sentences of every turn (`result[i]` belongs to turn i)."""
    return [doc_sentences(doc, table) for doc, table in zip(parsed.docs, parsed.tables)]


def build_context(sentences: Sequence[Sequence[SentenceInfo]], speaker_labels: Iterable[str] = ()) -> MeetingContext:
    """The meeting's TF-IDF and keywords. People's names (entities and words of speaker labels) are not
    subjects, so they never become keywords."""
    names = {word.casefold() for label in speaker_labels for word in re.findall(r"\w+", label)}
    texts, lemmas = [], []
    n_words = 0
    for turn in sentences:
        for sentence in turn:
            texts.append(sentence.clean.text)
            n_words += sentence.clean.n_words
            for token in sentence.kept:
                if (
                    token.pos_ in _KEYWORD_POS
                    and token.is_alpha
                    and not token.is_stop
                    and len(token.text) >= 3
                    and token.ent_type_ != "PERSON"
                    and token.lower_ not in names
                ):
                    lemmas.append(token.lemma_.lower())
    return MeetingContext().fit(texts, lemmas, n_words)


def iter_candidates(
    parsed: ParsedTranscript,
    settings: QuoteSettings,
    sentences: Optional[Sequence[Sequence[SentenceInfo]]] = None,
) -> list[Candidate]:
    """Every candidate span of the meeting, in transcript order."""
    sentences = sentences if sentences is not None else meeting_sentences(parsed)
    punctuated = is_punctuated([sentence for turn in sentences for sentence in turn])
    candidates: list[Candidate] = []
    for turn, turn_sentences in zip(parsed.transcript.turns, sentences):
        candidates.extend(
            turn_candidates(
                turn.index,
                turn.speaker,
                turn_sentences,
                min_words=settings.min_words,
                max_words=settings.max_words,
                max_sentences=settings.max_sentences,
                punctuated=punctuated,
            )
        )
    return candidates


def score_candidates(
    candidates: Iterable[Candidate], settings: QuoteSettings, context: Optional[MeetingContext]
) -> list[Scored]:
    score, _ = scorer_for(settings)
    scored = []
    for candidate in candidates:
        features = compute_features(candidate, settings, context)
        scored.append(
            Scored(
                candidate=candidate,
                features=features,
                score=score(features),
                content=content_set(candidate),
            )
        )
    return scored


def to_quote(item: Scored, rank: int, parsed: ParsedTranscript, settings: QuoteSettings) -> Quote:
    candidate = item.candidate
    transcript = parsed.transcript
    turn = transcript.turns[candidate.turn_index]
    return Quote(
        id=quote_id(candidate.turn_index, candidate.char_start, candidate.char_end),
        transcript_id=transcript.id,
        rank=rank,
        text=candidate.clean.text,
        verbatim=candidate.verbatim,
        speaker=turn.speaker,
        attribution=transcript.speaker(turn.speaker).attribution,
        turn_index=candidate.turn_index,
        char_start=candidate.char_start,
        char_end=candidate.char_end,
        start=turn.start,
        score=item.score,
        features=dict(item.features.values),
        reasons=tuple(explain(item.features, scorer_for(settings)[1])),
        removals=tuple(removal.to_dict() for removal in candidate.clean.removals),
        n_words=candidate.n_words,
    )


def rank_candidates(parsed: ParsedTranscript, settings: QuoteSettings) -> tuple[list[Scored], list[Scored]]:
    """(every scored candidate in transcript order, the selected top list best first)."""
    sentences = meeting_sentences(parsed)
    context = build_context(sentences, (speaker.label for speaker in parsed.transcript.speakers))
    scored = score_candidates(iter_candidates(parsed, settings, sentences), settings, context)
    transcript = parsed.transcript
    return scored, select_top(scored, settings, lambda label: normalise_label(transcript.speaker(label).name or label))


def extract_quotes(parsed: ParsedTranscript, settings: QuoteSettings) -> list[Quote]:
    """The meeting's best quotes, best first: at most `top_n`, `n_per_speaker` per speaker, no
    near-duplicates. Every quote's `verbatim` is exactly `turn.text[char_start:char_end]`."""
    _, top = rank_candidates(parsed, settings)
    return [to_quote(item, rank, parsed, settings) for rank, item in enumerate(top, start=1)]


def score_lines(lines: Sequence[str], nlp: Language, settings: QuoteSettings) -> list[dict]:
    """Score each line on its own as one candidate quote: `{"text", "score", "features"}` per line, in order.

    Every line is parsed as its own doc and scored as a whole (it is not cut into spans, and lines that
    would never be picked, such as "Thank you, Chair.", still get a score, lowered by `standalone`).
    Features that need the meeting fall back: `distinctive_meeting` to the ordinary-English
    background, `topical` to a neutral 0.5. Blank lines score 0.
    """
    score, weights = scorer_for(settings)
    results = []
    texts = [line.rstrip("\r\n") for line in lines]
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=64)):
        candidate = line_candidate(doc)
        if candidate is None:
            results.append({"text": text, "score": 0.0, "features": {}, "reasons": ["no words"]})
            continue
        features = compute_features(candidate, settings, None)
        results.append(
            {
                "text": text,
                "score": score(features),
                "features": dict(features.values),
                "reasons": explain(features, weights),
            }
        )
    return results

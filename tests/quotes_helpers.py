"""Small hand-made meetings for the quote tests."""

from __future__ import annotations

from pipeline.nlp import parse_transcript
from pipeline.quotes.candidates import doc_sentences, line_candidate, turn_candidates
from pipeline.records import Speaker, Transcript, Turn
from pipeline.settings import NlpSettings


def make_parsed(nlp, turns, *, speakers=(), transcript_id="hand-made", title="Hand-made meeting"):
    """`turns`: (speaker, text) or (speaker, text, start) tuples."""
    records = tuple(
        Turn(index=i, speaker=t[0], text=t[1], start=t[2] if len(t) > 2 else None) for i, t in enumerate(turns)
    )
    labels = sorted({t.speaker for t in records})
    known = {s.label: s for s in speakers}
    transcript = Transcript(
        id=transcript_id,
        title=title,
        turns=records,
        speakers=tuple(known.get(label, Speaker(label=label)) for label in labels),
    )
    return parse_transcript(transcript, nlp, NlpSettings())


def candidate_texts(nlp, text, *, min_words=1, max_words=60, max_sentences=3):
    """The verbatim text of every candidate span of one turn."""
    sentences = doc_sentences(nlp(text))
    return {
        c.verbatim
        for c in turn_candidates(0, "A", sentences, min_words=min_words, max_words=max_words, max_sentences=max_sentences)
    }


def line_issue_kinds(nlp, text):
    candidate = line_candidate(nlp(text))
    return {issue.kind for issue in candidate.issues if issue.hard}

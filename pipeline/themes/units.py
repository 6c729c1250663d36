"""Passages: the units themes are found in, cut from the spaCy parse that is already made.

A passage is a run of consecutive substantive sentences of one turn, grouped up to a target number of
words. Procedural sentences and backchannels (`pipeline.procedural`) end a run and are left out, so a
passage's character span never covers chatter. Each passage keeps its provenance (turn index, speaker,
character span in the turn's text) and what the theme model reads: content lemmas, multi-word noun
chunks (as lemma keys) and the label candidates a journalist could use as a heading ("the old models",
"buying the old models").

No second parse: everything comes from the `Doc` of each turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional, Sequence

from spacy.tokens import Doc, Span, Token

from ..nlp import ParsedTranscript
from ..procedural import is_procedural
from ..records import count_words

# Parts of speech whose lemmas carry content.
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})

# Words that are frequent in any spoken meeting and say nothing about its subject. spaCy's stop list
# covers function words; these are the conversational and procedural ones it does not.
MEETING_STOPWORDS = frozenset(
    """
    think know say said tell go get got make want mean like look see come take put give let try need
    thing things stuff lot lots bit way kind sort yes yeah okay ok um uh er erm hmm mm oh ah well
    just really actually obviously basically certainly clearly probably perhaps maybe quite rather
    sure good great right little big different important particular certain able sure new
    question questions answer point points issue issues matter time times year years day days
    chair chairman chairperson minister member members committee meeting session mr mrs ms madam
    honourable hon colleague colleagues speaker deputy thank thanks sorry gentleman lady
    be have do will would shall should can could may might must
    """.split()
)

# Leading words dropped from a noun chunk before it becomes a key or a label.
_CHUNK_LEAD_POS = frozenset({"DET", "PRON", "PART", "ADP", "CCONJ", "PUNCT", "NUM", "INTJ", "ADV", "AUX", "SCONJ"})
# Leading quantifiers and vague modifiers dropped from a phrase ("many challenges" -> "challenges").
_CHUNK_LEAD_WORDS = frozenset(
    "many much few several other more most such same various vast whole own certain lot lots kind sort "
    "type all both each every any some no additional further main real very particular".split()
)
# Entity types whose words say who or when, not what.
_DROP_ENTITIES = frozenset({"PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})


@dataclass(frozen=True)
class Passage:
    """A run of substantive sentences of one turn (`turn.text[start:end]`), with what themes read.

    `terms` are content lemmas; `phrases` are multi-word noun-chunk keys (lemmas joined by spaces);
    `candidates` are (key, surface) pairs a label may be made of: noun chunks, gerund phrases and nouns.
    `position` is the passage's place in the meeting (0-based, in reading order).
    """

    transcript_id: str
    position: int
    turn_index: int
    speaker: str
    start: int
    end: int
    n_words: int
    terms: tuple[str, ...]
    phrases: tuple[str, ...]
    candidates: tuple[tuple[str, str], ...]

    @property
    def tokens(self) -> tuple[str, ...]:
        """The features a vectoriser reads: lemmas, then noun-chunk keys with spaces as underscores."""
        return self.terms + tuple(phrase.replace(" ", "_") for phrase in self.phrases)


def _is_markup(token: Token) -> bool:
    """Transcript annotation tags such as `{vocalsound}`, `{disfmarker}`, `<other_noise/>`."""
    return token.i > 0 and token.doc[token.i - 1].text in ("{", "<", "[")


def _is_content(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return (
        not _is_markup(token)
        and token.pos_ in CONTENT_POS
        and token.is_alpha
        and len(lemma) > 2
        and not token.is_stop
        and lemma not in MEETING_STOPWORDS
        and token.ent_type_ not in _DROP_ENTITIES
    )


def content_lemmas(span: Span | Doc) -> tuple[str, ...]:
    """Lower-cased lemmas of the content words of `span`, in order."""
    return tuple(token.lemma_.lower() for token in span if _is_content(token))


def _trim_chunk(chunk: Span) -> Span:
    start = chunk.start
    while start < chunk.end and (
        chunk.doc[start].pos_ in _CHUNK_LEAD_POS or chunk.doc[start].lower_ in _CHUNK_LEAD_WORDS
    ):
        start += 1
    end = chunk.end
    while end > start and (chunk.doc[end - 1].pos_ == "PUNCT" or not chunk.doc[end - 1].is_alpha):
        end -= 1
    return chunk.doc[start:end]


def chunk_key(span: Span) -> str:
    """The counting key of a phrase: lower-cased lemmas of its words, determiners and pronouns left out."""
    return " ".join(token.lemma_.lower() for token in span if token.pos_ not in ("DET", "PRON"))


def _good_phrase(span: Span) -> bool:
    words = [token for token in span if token.is_alpha]
    if len(words) < 2 or len(words) != len(span) or len(words) > 5:
        return False
    if any(token.ent_type_ in _DROP_ENTITIES and token.ent_type_ != "ORDINAL" for token in span):
        return False
    # The head must carry content; a phrase made only of stop words or meeting words is not a subject.
    root = span.root
    return _is_content(root) and root.pos_ in ("NOUN", "PROPN")


def noun_phrases(span: Span | Doc, chunks: Optional[Sequence[Span]] = None) -> Iterator[Span]:
    """Multi-word noun chunks of `span` without leading determiners, pronouns or numbers.

    `chunks` are the noun chunks of the whole doc when the caller already has them (a turn cut into many
    passages then finds its chunks once, not once per passage).
    """
    doc = span if isinstance(span, Doc) else span.doc
    begin, finish = (0, len(doc)) if isinstance(span, Doc) else (span.start, span.end)
    if not doc.has_annotation("DEP"):
        return
    for chunk in doc.noun_chunks if chunks is None else chunks:
        if chunk.start < begin or chunk.end > finish:
            continue
        trimmed = _trim_chunk(chunk)
        if _good_phrase(trimmed):
            yield trimmed


def gerund_phrases(span: Span | Doc) -> Iterator[Span]:
    """Gerund + object phrases as spoken ("buying the old models", "sharing back offices")."""
    tokens = span if isinstance(span, Doc) else span
    for token in tokens:
        if token.tag_ != "VBG" or token.pos_ != "VERB" or token.lemma_.lower() in MEETING_STOPWORDS:
            continue
        objects = [child for child in token.children if child.dep_ == "dobj"]
        if not objects:
            continue
        obj = objects[0]
        end = obj.i + 1
        # include the object's own modifiers to the right ("services for young people" stays short)
        for child in obj.children:
            if child.i > obj.i and child.dep_ in ("compound", "amod"):
                end = max(end, child.i + 1)
        phrase = token.doc[token.i : end]
        words = [t for t in phrase if t.is_alpha]
        if any(t.ent_type_ in _DROP_ENTITIES for t in phrase):
            continue
        if 2 <= len(words) <= 6 and len(words) == len(phrase) and _is_content(obj) and obj.pos_ == "NOUN":
            yield phrase


def _surface(span: Span) -> str:
    return " ".join(token.text if token.pos_ == "PROPN" or token.text.isupper() and len(token) > 1
                    else token.text.lower() for token in span)


def _group_sentences(doc: Doc, target_words: int) -> Iterator[list[Span]]:
    """Runs of substantive sentences, each run cut when it reaches `target_words`."""
    run: list[Span] = []
    n_words = 0
    for sentence in doc.sents:
        if is_procedural(sentence.text):
            if run:
                yield run
            run, n_words = [], 0
            continue
        run.append(sentence)
        n_words += count_words(sentence.text)
        if n_words >= target_words:
            yield run
            run, n_words = [], 0
    if run:
        yield run


def _merge_short(runs: list[list[Span]], min_words: int) -> list[list[Span]]:
    """Join a run shorter than `min_words` to the adjacent run of the same turn when they touch."""
    merged: list[list[Span]] = []
    for run in runs:
        words = sum(count_words(s.text) for s in run)
        if merged and words < min_words and merged[-1][-1].end == run[0].start:
            merged[-1] = merged[-1] + run
        elif merged and sum(count_words(s.text) for s in merged[-1]) < min_words and merged[-1][-1].end == run[0].start:
            merged[-1] = merged[-1] + run
        else:
            merged.append(run)
    return merged


def extract_passages(
    parsed: ParsedTranscript,
    *,
    target_words: int = 60,
    min_words: int = 8,
) -> list[Passage]:
    """Cut every turn of `parsed` into passages of about `target_words` words (procedural chatter out).

    A passage shorter than `min_words` is joined to a touching neighbour of the same turn when there is
    one; otherwise it is kept as it is (a short answer is still talk), so no substantive words are lost.
    """
    transcript = parsed.transcript
    passages: list[Passage] = []
    for turn, doc in zip(transcript.turns, parsed.docs):
        if not len(doc) or not doc.has_annotation("SENT_START"):
            continue
        chunks = list(doc.noun_chunks) if doc.has_annotation("DEP") else []
        for run in _merge_short(list(_group_sentences(doc, target_words)), min_words):
            start, end = run[0].start, run[-1].end
            span = doc[start:end]
            text = span.text
            phrases = list(noun_phrases(span, chunks))
            candidates = [(chunk_key(p), _surface(p)) for p in phrases]
            candidates += [(chunk_key(g), _surface(g)) for g in gerund_phrases(span)]
            candidates += [(t.lemma_.lower(), _surface(t.doc[t.i : t.i + 1])) for t in span if t.pos_ == "NOUN" and _is_content(t)]
            passages.append(
                Passage(
                    transcript_id=transcript.id,
                    position=len(passages),
                    turn_index=turn.index,
                    speaker=turn.speaker,
                    start=span.start_char,
                    end=span.end_char,
                    n_words=count_words(text),
                    terms=content_lemmas(span),
                    phrases=tuple(chunk_key(p) for p in phrases),
                    candidates=tuple(candidates),
                )
            )
    return passages


def passage_text(parsed: ParsedTranscript, passage: Passage) -> str:
    """The passage's words as spoken."""
    return parsed.transcript.turns[passage.turn_index].text[passage.start : passage.end]


def passages_by_turn(passages: Sequence[Passage]) -> dict[int, list[Passage]]:
    grouped: dict[int, list[Passage]] = {}
    for passage in passages:
        grouped.setdefault(passage.turn_index, []).append(passage)
    return grouped

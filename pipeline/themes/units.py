"""Passages: the units themes are found in, cut from the spaCy parse that is already made.

A passage is a run of consecutive substantive sentences of one turn, grouped up to a target number of
words. Procedural sentences and backchannels (`pipeline.procedural`) end a run and are left out, so a
passage's character span never covers chatter. Each passage keeps its provenance (turn index, speaker,
character span in the turn's text) and what the theme model reads: content lemmas, multi-word noun
chunks (as lemma keys) and the label candidates a journalist could use as a heading ("the old models",
"buying the old models").

No second parse: everything comes from the `Doc` of each turn, read through its `TokenTable`
(`ParsedTranscript.tables`: token attributes and sentence bounds from arrays, no spaCy `Token` per word).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterator, Optional, Sequence

from spacy.tokens import Doc, Span

from ..nlp import ParsedTranscript
from ..procedural import is_procedural
from ..records import count_words
from ..tokens import TokenTable, token_table
from .agenda import agenda_items, name_words

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
# The parts of speech spaCy's English noun chunks are headed by (`spacy.lang.en.syntax_iterators`).
_CHUNK_HEAD_POS = frozenset({"NOUN", "PROPN", "PRON"})
# What opens a transcript annotation tag.
_MARKUP_OPENERS = ("{", "<", "[")


@dataclass(frozen=True)
class Passage:
    """A run of substantive sentences of one turn (`turn.text[start:end]`), with what themes read.

    `terms` are content lemmas; `phrases` are multi-word noun-chunk keys (lemmas joined by spaces);
    `candidates` are (key, surface) pairs a label may be made of: noun chunks, gerund phrases and nouns.
    `position` is the passage's place in the meeting (0-based, in reading order). `lemmas` and `forms`
    are the lower-cased lemma and spoken form of every word of the passage, in order (stop words kept):
    what codebook seed terms are matched against ("the third sector", "charities"). `agenda_item` numbers
    the last agenda move the chair announced at or before the passage's turn (`agenda.agenda_items`; -1:
    none yet): where it changes between two passages, the meeting said it turns to a new subject.
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
    lemmas: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    agenda_item: int = -1

    @property
    def tokens(self) -> tuple[str, ...]:
        """The features a vectoriser reads: lemmas, then noun-chunk keys with spaces as underscores."""
        return self.terms + tuple(phrase.replace(" ", "_") for phrase in self.phrases)


class DocTokens:
    """What passages read of every token of one doc, read once.

    spaCy builds a new `Token` object on every `doc[i]` and every step through a span, which made cutting
    passages the slowest part of finding themes; here each attribute is a plain sequence indexed by token
    position (the columns of the doc's `TokenTable`, `pipeline.tokens`, which the quote and summary steps
    share), and `text` is the doc's text. `lemma` is lower-cased; `content` says whether the token is a
    content word: a content part of speech, alphabetic, a lemma of three letters or more that is neither a
    stop word nor a meeting word, not inside a markup tag and not part of a who-or-when entity.
    """

    def __init__(self, doc: Doc, table: Optional[TokenTable] = None) -> None:
        table = table if table is not None else token_table(doc)
        self.doc = doc
        self.text = table.text
        self.words = table.words
        self.lemma = [lemma.lower() for lemma in table.lemma_]
        self.pos = table.pos_
        self.tag = table.tag_
        self.lower = table.lower_
        self.ent_type = table.ent_type_
        self.is_alpha = table.is_alpha
        # A token right after "{", "<" or "[" is a transcript annotation tag (`{vocalsound}`, `<other_noise/>`).
        markup = [False] + [word in _MARKUP_OPENERS for word in self.words[:-1]]
        self.content = [
            not in_markup
            and pos in CONTENT_POS
            and is_alpha
            and len(lemma) > 2
            and not is_stop
            and lemma not in MEETING_STOPWORDS
            and ent_type not in _DROP_ENTITIES
            for is_stop, in_markup, pos, is_alpha, lemma, ent_type in zip(
                table.is_stop, markup, self.pos, self.is_alpha, self.lemma, self.ent_type
            )
        ]

    def surface(self, start: int, end: int) -> str:
        """Tokens `start..end-1` as a label shows them: lower case except names and acronyms."""
        return " ".join(
            word if pos == "PROPN" or word.isupper() and len(word) > 1 else word.lower()
            for word, pos in zip(self.words[start:end], self.pos[start:end])
        )


def _bounds(span: Span | Doc) -> tuple[int, int]:
    return (0, len(span)) if isinstance(span, Doc) else (span.start, span.end)


def _tokens_of(span: Span | Doc, tokens: Optional[DocTokens]) -> DocTokens:
    return tokens if tokens is not None else DocTokens(span if isinstance(span, Doc) else span.doc)


def content_lemmas(span: Span | Doc, tokens: Optional[DocTokens] = None) -> tuple[str, ...]:
    """Lower-cased lemmas of the content words of `span`, in order (`tokens`: its doc's, when at hand)."""
    tokens = _tokens_of(span, tokens)
    start, end = _bounds(span)
    return tuple(lemma for lemma, content in zip(tokens.lemma[start:end], tokens.content[start:end]) if content)


def _trim_chunk(chunk: Span, tokens: DocTokens) -> tuple[int, int]:
    """Token bounds of `chunk` without leading function words and vague modifiers or trailing non-words."""
    start = chunk.start
    while start < chunk.end and (tokens.pos[start] in _CHUNK_LEAD_POS or tokens.lower[start] in _CHUNK_LEAD_WORDS):
        start += 1
    end = chunk.end
    while end > start and (tokens.pos[end - 1] == "PUNCT" or not tokens.is_alpha[end - 1]):
        end -= 1
    return start, end


def chunk_key(span: Span, tokens: Optional[DocTokens] = None) -> str:
    """The counting key of a phrase: lower-cased lemmas of its words, determiners and pronouns left out."""
    tokens = _tokens_of(span, tokens)
    start, end = _bounds(span)
    return " ".join(
        lemma for lemma, pos in zip(tokens.lemma[start:end], tokens.pos[start:end]) if pos not in ("DET", "PRON")
    )


def _good_phrase(start: int, end: int, tokens: DocTokens) -> bool:
    n_words = sum(tokens.is_alpha[start:end])
    if n_words < 2 or n_words != end - start or n_words > 5:
        return False
    if any(ent_type in _DROP_ENTITIES and ent_type != "ORDINAL" for ent_type in tokens.ent_type[start:end]):
        return False
    # The head must carry content; a phrase made only of stop words or meeting words is not a subject.
    root = tokens.doc[start:end].root.i
    return tokens.content[root] and tokens.pos[root] in ("NOUN", "PROPN")


def noun_phrases(
    span: Span | Doc, chunks: Optional[Sequence[Span]] = None, tokens: Optional[DocTokens] = None
) -> Iterator[Span]:
    """Multi-word noun chunks of `span` without leading determiners, pronouns or numbers.

    `chunks` are the noun chunks of the whole doc and `tokens` its `DocTokens` when the caller already
    has them (a turn cut into many passages then reads them once, not once per passage).
    """
    doc = span if isinstance(span, Doc) else span.doc
    begin, finish = _bounds(span)
    if not doc.has_annotation("DEP"):
        return
    tokens = _tokens_of(span, tokens)
    for chunk in doc.noun_chunks if chunks is None else chunks:
        if chunk.start < begin or chunk.end > finish:
            continue
        start, end = _trim_chunk(chunk, tokens)
        if _good_phrase(start, end, tokens):
            yield doc[start:end]


def gerund_phrases(span: Span | Doc, tokens: Optional[DocTokens] = None) -> Iterator[Span]:
    """Gerund + object phrases as spoken ("buying the old models", "sharing back offices")."""
    tokens = _tokens_of(span, tokens)
    doc = tokens.doc
    begin, finish = _bounds(span)
    for i in range(begin, finish):
        if tokens.tag[i] != "VBG" or tokens.pos[i] != "VERB" or tokens.lemma[i] in MEETING_STOPWORDS:
            continue
        objects = [child for child in doc[i].children if child.dep_ == "dobj"]
        if not objects:
            continue
        obj = objects[0]
        end = obj.i + 1
        # include the object's own modifiers to the right ("services for young people" stays short)
        for child in obj.children:
            if child.i > obj.i and child.dep_ in ("compound", "amod"):
                end = max(end, child.i + 1)
        n_words = sum(tokens.is_alpha[i:end])
        if any(ent_type in _DROP_ENTITIES for ent_type in tokens.ent_type[i:end]):
            continue
        if 2 <= n_words <= 6 and n_words == max(0, end - i) and tokens.content[obj.i] and tokens.pos[obj.i] == "NOUN":
            yield doc[i:end]


def _surface(span: Span, tokens: Optional[DocTokens] = None) -> str:
    return _tokens_of(span, tokens).surface(*_bounds(span))


def _group_sentences(doc: Doc, target_words: int, table: Optional[TokenTable] = None) -> Iterator[tuple[list[tuple[int, int]], int]]:
    """Runs of substantive sentences (token bounds `(start, end)`) with their word counts, each run cut
    when it reaches `target_words`.

    `table` is the doc's `TokenTable` when the caller has it (its text and the sentence bounds of
    `doc.sents`, read without making spaCy `Token`s or `Span`s).
    """
    table = table if table is not None else token_table(doc)
    text = table.text
    run: list[tuple[int, int]] = []
    n_words = 0
    for start, end in table.sentence_bounds():
        sentence_text = text[table.idx[start] : table.end_char(end - 1)]
        if is_procedural(sentence_text):
            if run:
                yield run, n_words
            run, n_words = [], 0
            continue
        run.append((start, end))
        n_words += count_words(sentence_text)
        if n_words >= target_words:
            yield run, n_words
            run, n_words = [], 0
    if run:
        yield run, n_words


def _merge_short(runs: list[tuple[list[tuple[int, int]], int]], min_words: int) -> list[list[tuple[int, int]]]:
    """Join a run shorter than `min_words` to the adjacent run of the same turn when they touch.

    `runs` are (sentence bounds, word count) pairs as `_group_sentences` gives them.
    """
    merged: list[tuple[list[tuple[int, int]], int]] = []
    for run, words in runs:
        if merged and (words < min_words or merged[-1][1] < min_words) and merged[-1][0][-1][1] == run[0][0]:
            merged[-1] = (merged[-1][0] + run, merged[-1][1] + words)
        else:
            merged.append((run, words))
    return [run for run, _ in merged]


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
    moves = [turn for turn, _ in agenda_items([t.text for t in transcript.turns], name_words(t.speaker for t in transcript.turns))]
    for turn, doc, table in zip(transcript.turns, parsed.docs, parsed.tables):
        if not len(doc) or not table.has_sentences:
            continue
        runs = _merge_short(list(_group_sentences(doc, target_words, table)), min_words)
        if not runs:  # nothing but procedural talk ("Okay.", "Thank you, Chair.")
            continue
        tokens = DocTokens(doc, table)
        # spaCy's English noun chunks are built around nouns, proper nouns and pronouns: a turn without
        # any has none, and asking for them would step through every token of it.
        has_nominals = any(pos in _CHUNK_HEAD_POS for pos in table.pos_)
        chunks = list(doc.noun_chunks) if has_nominals and doc.has_annotation("DEP") else []
        for run in runs:
            start, end = run[0][0], run[-1][1]
            span = doc[start:end]
            phrases = list(noun_phrases(span, chunks, tokens))
            candidates = [(chunk_key(p, tokens), _surface(p, tokens)) for p in phrases]
            candidates += [(chunk_key(g, tokens), _surface(g, tokens)) for g in gerund_phrases(span, tokens)]
            candidates += [
                (tokens.lemma[i], tokens.surface(i, i + 1))
                for i in range(start, end)
                if tokens.pos[i] == "NOUN" and tokens.content[i]
            ]
            passages.append(
                Passage(
                    transcript_id=transcript.id,
                    position=len(passages),
                    turn_index=turn.index,
                    speaker=turn.speaker,
                    start=span.start_char,
                    end=span.end_char,
                    n_words=count_words(tokens.text[span.start_char : span.end_char]),
                    terms=content_lemmas(span, tokens),
                    phrases=tuple(chunk_key(p, tokens) for p in phrases),
                    candidates=tuple(candidates),
                    lemmas=tuple(tokens.lemma[i] for i in range(start, end) if tokens.is_alpha[i]),
                    forms=tuple(tokens.lower[i] for i in range(start, end) if tokens.is_alpha[i]),
                    agenda_item=bisect_right(moves, turn.index) - 1,
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

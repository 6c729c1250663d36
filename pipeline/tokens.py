"""The token attributes the later steps read, copied out of a meeting's spaCy docs once, without `Token`s.

spaCy makes a new Python `Token` for every step through a doc (`for token in doc`, `doc[i]`, `doc.text`),
and the quote, theme and summary steps read every token several times, so they all read one table per
doc instead of walking its `Token`s. `token_tables(docs)` reads the attributes of all tokens of all
turns of a meeting with `Doc.to_array` (one call per doc), and turns each
column into plain Python values in one numpy pass for the whole meeting, then cuts them per doc: most
turns are a few tokens long, so per-doc conversions would cost more than the values. Strings come from
the doc's string store and parts of speech from spaCy's `parts_of_speech.NAMES`, as `Token`'s
properties read them, so the values are the ones `Token` gives: `table.lemma_[i] == doc[i].lemma_`,
`table.text == doc.text`, and `table.sentence_bounds()` are the (start, end) of `doc.sents`.

`ParsedTranscript.tables` holds the tables of a meeting's turns, made the first time a step asks, so the
quote, theme and summary steps share them.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate
from typing import Sequence

import numpy
from spacy import parts_of_speech
from spacy.attrs import (
    DEP,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_ALPHA,
    IS_PUNCT,
    IS_SPACE,
    IS_STOP,
    LEMMA,
    LENGTH,
    LIKE_NUM,
    LOWER,
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.errors import Errors
from spacy.tokens import Doc

# The attributes read: string-store ids first (looked up as strings), then small integers and flags.
_STRING_ATTRS = (ORTH, LOWER, LEMMA, TAG, DEP, ENT_TYPE)
_INT_ATTRS = (POS, HEAD, SENT_START, SPACY, IDX, LENGTH)
_FLAG_ATTRS = (IS_PUNCT, IS_SPACE, IS_ALPHA, IS_STOP, LIKE_NUM)
_ATTRS = _STRING_ATTRS + _INT_ATTRS + _FLAG_ATTRS


def _read(docs: Sequence[Doc], attrs: Sequence[int]) -> tuple[numpy.ndarray, list[int]]:
    """The `attrs` of every token of `docs`, one row per token, and where each doc's rows start (plus
    the total at the end)."""
    offsets = [0, *accumulate(len(doc) for doc in docs)]
    attr_ids = list(attrs)
    arrays = [doc.to_array(attr_ids).reshape(len(doc), len(attrs)) for doc in docs]
    values = numpy.concatenate(arrays) if arrays else numpy.zeros((0, len(attrs)), dtype="uint64")
    return values, offsets


def _strings(docs: Sequence[Doc], ids: numpy.ndarray) -> numpy.ndarray:
    """The strings of string-store `ids` (any shape), as an object array of the same shape; each distinct
    id is looked up once and spread by numpy indexing, with no Python step per token."""
    if not docs:
        return numpy.empty(ids.shape, dtype=object)
    store = docs[0].vocab.strings
    distinct, which = numpy.unique(ids, return_inverse=True)
    names = numpy.array([store[key] for key in distinct.tolist()], dtype=object)
    return names[which.reshape(ids.shape)]


def _joined_text(words: numpy.ndarray, spacy: numpy.ndarray, length: numpy.ndarray) -> tuple[str, list[int]]:
    """All tokens' text with their trailing spaces as one string, and the offset in it after each token
    (after a zero at the start): `text[ends[i]:ends[j]]` is the text of tokens i..j-1."""
    pieces = numpy.empty(2 * len(words), dtype=object)
    pieces[0::2] = words
    pieces[1::2] = numpy.where(spacy != 0, " ", "")
    return "".join(pieces.tolist()), [0, *numpy.cumsum(length + (spacy != 0)).tolist()]


class TokenTable:
    """Every token attribute the later steps read, one tuple per attribute, indexed by token position.

    Made by `token_tables` (or `token_table` for one doc). Columns are named as spaCy's `Token`
    attributes (`words` holds `Token.text`); `head[i]` is the index of token i's head (i itself for a
    root), `whitespace[i]` whether a space follows it. `text` is the doc's text, `sent_starts` the first
    token of each sentence (as `doc.sents` gives them; `[0]` for a doc without sentence boundaries) and
    `has_sentences` whether the doc has sentence boundaries at all (`Doc.has_annotation("SENT_START")`).
    Columns are tuples, not lists: tuples of strings, numbers and flags drop out of the garbage
    collector's scans, which otherwise revisit every value of every turn of the meeting.
    """

    # Slots: a meeting has thousands of turns, and a `__dict__` per table is one more object to collect.
    __slots__ = (
        "words", "lower_", "lemma_", "tag_", "dep_", "ent_type_", "pos_", "head", "whitespace", "idx",
        "is_punct", "is_space", "is_alpha", "is_stop", "like_num", "text", "sent_starts", "has_sentences",
    )

    words: tuple[str, ...]
    lower_: tuple[str, ...]
    lemma_: tuple[str, ...]
    tag_: tuple[str, ...]
    dep_: tuple[str, ...]
    ent_type_: tuple[str, ...]
    pos_: tuple[str, ...]
    head: tuple[int, ...]
    whitespace: tuple[bool, ...]
    idx: tuple[int, ...]
    is_punct: tuple[bool, ...]
    is_space: tuple[bool, ...]
    is_alpha: tuple[bool, ...]
    is_stop: tuple[bool, ...]
    like_num: tuple[bool, ...]
    text: str
    sent_starts: list[int]
    has_sentences: bool

    def __len__(self) -> int:
        return len(self.words)

    def end_char(self, i: int) -> int:
        """Character offset just after token i (`Span.end_char` of a span ending with it)."""
        return self.idx[i] + len(self.words[i])

    def sentence_bounds(self) -> list[tuple[int, int]]:
        """(start, end) token indices of every sentence, as `doc.sents` gives them.

        Raises spaCy's own ValueError (E030), as `doc.sents` does, when the doc has no sentence boundaries.
        """
        if not self.has_sentences:
            raise ValueError(Errors.E030)
        return list(zip(self.sent_starts, self.sent_starts[1:] + [len(self.words)]))


def token_table(doc: Doc) -> TokenTable:
    """The `TokenTable` of one doc."""
    return token_tables([doc])[0]


def token_tables(docs: Sequence[Doc]) -> list[TokenTable]:
    """The `TokenTable` of every doc (all from one vocab, as a transcript's docs are).

    The docs' attribute arrays are read and turned into Python values together, then cut per doc: a
    turn is often a few tokens long, and per-doc conversions would cost more than the values.
    """
    values, offsets = _read(docs, _ATTRS)
    n_strings, n_ints = len(_STRING_ATTRS), len(_INT_ATTRS)
    strings = _strings(docs, values[:, :n_strings])
    words, lower_, lemma_, tag_, dep_, ent_type_ = map(tuple, strings.T.tolist())
    pos, head, sent_start, spacy, idx, length = values[:, n_strings : n_strings + n_ints].astype("int64").T
    flags = values[:, n_strings + n_ints :].astype(bool).T.tolist()
    is_punct, is_space, is_alpha, is_stop, like_num = map(tuple, flags)
    pos_by_id = [parts_of_speech.NAMES.get(value, "") for value in range(int(pos.max(initial=0)) + 1)]
    pos_names = tuple(numpy.array(pos_by_id, dtype=object)[pos].tolist())
    # Each token's position in its own doc, to turn head offsets and sentence starts into indices.
    lengths = [end - begin for begin, end in zip(offsets, offsets[1:])]
    position = numpy.arange(len(values)) - numpy.repeat(offsets[:-1], lengths)
    heads = tuple((position + head).tolist())
    whitespace = tuple(spacy.astype(bool).tolist())
    idx = tuple(idx.tolist())
    # All docs' texts as one string, cut per doc below.
    text, text_ends = _joined_text(strings[:, 0], spacy, length)
    # spaCy's sentence starts: the first token of a doc, and every later token whose `sent_start` is 1;
    # a doc of two tokens or more has boundaries when any later token's `sent_start` is set (1 or -1).
    starts = numpy.flatnonzero((position == 0) | (sent_start == 1)).tolist()
    n_marked = [0, *numpy.cumsum((position > 0) & (sent_start != 0)).tolist()]
    tables = []
    first_start = 0
    for doc, begin, end in zip(docs, offsets, offsets[1:]):
        table = TokenTable()
        table.words, table.lower_, table.lemma_ = words[begin:end], lower_[begin:end], lemma_[begin:end]
        table.tag_, table.dep_, table.ent_type_ = tag_[begin:end], dep_[begin:end], ent_type_[begin:end]
        table.pos_, table.head, table.whitespace, table.idx = (
            pos_names[begin:end], heads[begin:end], whitespace[begin:end], idx[begin:end]
        )
        table.is_punct, table.is_space, table.is_alpha, table.is_stop, table.like_num = (
            is_punct[begin:end], is_space[begin:end], is_alpha[begin:end], is_stop[begin:end], like_num[begin:end]
        )
        table.text = text[text_ends[begin] : text_ends[end]]
        last_start = bisect_left(starts, end, first_start)
        table.sent_starts = [i - begin for i in starts[first_start:last_start]]
        first_start = last_start
        table.has_sentences = end - begin <= 1 or n_marked[end] > n_marked[begin]
        if "sents" in doc.user_hooks:  # a custom sentence splitter decides; ask spaCy
            table.sent_starts, table.has_sentences = [sent.start for sent in doc.sents], True
        tables.append(table)
    return tables

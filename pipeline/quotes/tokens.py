"""Plain-Python copies of the spaCy token attributes the quote rules read.

Every read of a spaCy `Token` attribute goes through `Doc.__getitem__` and the string store, and the
quote rules read each token many times (once per check, per candidate span it falls in).
`DocTokens(doc, table)` copies every token of a doc once into a `Tok` with the same attribute names as
spaCy's (`text`, `lower_`, `lemma_`, `pos_`, `tag_`, `dep_`, `head`, `children`, `sent`, ...), so the
rules read the same values either way, only faster. The values come from the doc's `TokenTable`
(`pipeline.tokens`, attribute arrays shared with the theme and summary steps), so no spaCy `Token` is
made at all.
"""

from __future__ import annotations

import weakref
from bisect import bisect_right
from functools import cached_property
from itertools import accumulate
from typing import Iterator, NamedTuple, Optional, Sequence, Union, overload

from spacy.tokens import Doc

from ..tokens import TokenTable, token_table


class Tok:
    """One token's attributes, as spaCy's `Token` names them. `head` and `children` are `Tok`s too,
    and `doc` is the `DocTokens` the token belongs to.

    A `Tok` holds no strong reference to other tokens or to its `DocTokens` (`doc` is a weak proxy,
    `head` is looked up by index), so a meeting's tokens form no reference cycles and are freed as
    soon as the meeting's sentences are, without waiting for the garbage collector.
    """

    __slots__ = (
        "doc",
        "i",
        "idx",
        "text",
        "lower_",
        "lemma_",
        "pos_",
        "tag_",
        "dep_",
        "ent_type_",
        "is_punct",
        "is_space",
        "is_alpha",
        "is_stop",
        "like_num",
        "head_i",
    )

    def __repr__(self) -> str:
        return f"Tok({self.i}, {self.text!r})"

    @property
    def head(self) -> "Tok":
        """The token this one depends on (itself for a sentence root)."""
        return self.doc.tokens[self.head_i]

    @property
    def children(self) -> list["Tok"]:
        """The tokens whose head this token is, in document order (as spaCy's `Token.children`)."""
        return self.doc.children_of(self.i)

    @property
    def sent(self) -> list["Tok"]:
        """The tokens of the sentence this token is in (as spaCy's `Token.sent`)."""
        start, end = self.doc.sentence_bounds(self.i)
        return self.doc.tokens[start:end]

    @property
    def subtree(self) -> list["Tok"]:
        """This token and every token below it in the parse, in document order."""
        found, stack = [], [self]
        while stack:
            token = stack.pop()
            found.append(token)
            stack.extend(token.children)
        return sorted(found, key=lambda t: t.i)


class Ent(NamedTuple):
    """A named entity: tokens `start:end` of its doc."""

    start: int
    end: int
    label_: str
    text: str


class DocTokens(Sequence[Tok]):
    """Every token of one spaCy doc as a `Tok`, read once, with the doc's text, sentences and entities.

    `table`: the doc's `TokenTable` when the caller has it (`ParsedTranscript.tables`); read here otherwise.
    """

    def __init__(self, doc: Doc, table: Optional[TokenTable] = None) -> None:
        table = table if table is not None else token_table(doc)
        self.doc = doc
        tokens: list[Tok] = []
        proxy = weakref.proxy(self)
        columns = zip(
            table.idx, table.words, table.lower_, table.lemma_, table.pos_, table.tag_, table.dep_, table.ent_type_,
            table.is_punct, table.is_space, table.is_alpha, table.is_stop, table.like_num, table.head,
        )
        for i, (idx, text, lower_, lemma_, pos_, tag_, dep_, ent_type_, is_punct, is_space, is_alpha, is_stop, like_num, head_i) in enumerate(columns):
            tok = Tok()
            tok.doc = proxy
            tok.i = i
            tok.idx = idx
            tok.text = text
            tok.lower_ = lower_
            tok.lemma_ = lemma_
            tok.pos_ = pos_
            tok.tag_ = tag_
            tok.dep_ = dep_
            tok.ent_type_ = ent_type_
            tok.is_punct = is_punct
            tok.is_space = is_space
            tok.is_alpha = is_alpha
            tok.is_stop = is_stop
            tok.like_num = like_num
            tok.head_i = head_i
            tokens.append(tok)
        self.text = table.text
        # spaCy's sentence boundaries: the first token and every token whose `sent_start` is 1.
        self.sent_starts = table.sent_starts or [0]
        # Children grouped by head, in document order: the children of token i are
        # `self._children[self._child_starts[i] : self._child_starts[i + 1]]` (two lists for the whole
        # doc rather than one per token keeps the garbage collector's work down).
        n_children = [0] * (len(tokens) + 1)
        for tok in tokens:
            if tok.head_i != tok.i:
                n_children[tok.head_i + 1] += 1
        self._child_starts = list(accumulate(n_children))
        self._children: list[Tok] = [None] * self._child_starts[-1]  # type: ignore[list-item]
        filled = self._child_starts[:-1]
        for tok in tokens:
            if tok.head_i != tok.i:
                self._children[filled[tok.head_i]] = tok
                filled[tok.head_i] += 1
        self.tokens = tokens

    @overload
    def __getitem__(self, i: int) -> Tok: ...

    @overload
    def __getitem__(self, i: slice) -> list[Tok]: ...

    def __getitem__(self, i: Union[int, slice]) -> Union[Tok, list[Tok]]:
        return self.tokens[i]

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self) -> Iterator[Tok]:
        return iter(self.tokens)

    @cached_property
    def ents(self) -> list[Ent]:
        return [Ent(ent.start, ent.end, ent.label_, ent.text) for ent in self.doc.ents]

    def children_of(self, i: int) -> list[Tok]:
        """The children of token `i`, in document order."""
        return self._children[self._child_starts[i] : self._child_starts[i + 1]]

    def sentence_bounds(self, i: int) -> tuple[int, int]:
        """(start, end) token indices of the sentence token `i` is in."""
        k = bisect_right(self.sent_starts, i)
        end = self.sent_starts[k] if k < len(self.sent_starts) else len(self.tokens)
        return self.sent_starts[k - 1], end

    def ents_within(self, start: int, end: int) -> list[Ent]:
        """The entities that fall completely within tokens `start:end` (as spaCy's `Span.ents`)."""
        found = []
        for ent in self.ents:
            if ent.start >= start:
                if ent.end <= end:
                    found.append(ent)
                else:
                    break
        return found

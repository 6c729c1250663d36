"""The meeting's opening and close: stretches about running the meeting, named as such, never themes.

A meeting opens with the chair's welcome, apologies and introductions ("Good morning, everyone. Welcome
to the Children, Young People and Education Committee. We've received apologies ...") and closes with
thanks, papers to note and the adjournment. Annotators leave these out of their topics, and a theme
found in them is the meeting's furniture ("hole", "papers"), not its substance. So the leading and
trailing runs of such turns become two stretches of their own, "Introductions" and "Procedure and close",
which the themes leave out and the turn -> theme mapping names (`procedure_stretches`).

A turn belongs to the opening (close) when it has no substantive talk at all (`substantive`), or when
one of its first sentences (first or last sentences) opens (closes) the meeting. Patterns are written for spoken
English in general (committees, panels, calls). Neither run reaches past `MAX_EDGE_SHARE` of the turns,
and neither takes the last substantive turn: a meeting that is all furniture is still one theme.
"""

from __future__ import annotations

import re
from typing import AbstractSet, Sequence

from ..records import ProcedureStretch
from .agenda import first_sentences

INTRODUCTIONS = "Introductions"
CLOSE = "Procedure and close"
# Neither the opening nor the close runs past this share of the meeting's turns (and each has at most
# this many turns in short meetings, at least one).
MAX_EDGE_SHARE = 0.1
# How many sentences at the start (end) of a turn are read for an opening (closing) move.
EDGE_SENTENCES = 3

_OPENING = re.compile(
    r"^\W*(?:\w+[,.]?\s+){0,3}?(?:"
    r"(?:i|we)(?:'ll| will| shall)? (?:now )?(?:call|declare) (?:this|the) (?:meeting|session|committee|sitting)"
    r"|welcome(?: back)?(?:,)? (?:everyone|everybody|all|to)"
    r"|(?:good )?(?:morning|afternoon|evening)(?:,)? (?:everyone|everybody|all|and welcome|colleagues)"
    r"|(?:we(?:'ve| have)|i(?:'ve| have)) (?:received|had|got) (?:no )?apologies"
    r"|(?:there are|there have been) (?:no )?apologies"
    r"|(?:can|could|would) (?:i|we) (?:ask|invite) (?:the witnesses|you|our witnesses|everyone)(?: just)? to introduce"
    r"|(?:please )?(?:introduce yourselves|go round the table)"
    r"|pursuant to"
    r")",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"(?:"
    r"papers? to note"
    r"|(?:the|this) (?:meeting|session|sitting|committee) (?:is|stands) (?:now )?(?:adjourned|closed|suspended)"
    r"|(?:we|i)(?:'ll| will| shall)? (?:now )?(?:adjourn|close the meeting|close this meeting|suspend)"
    r"|(?:move|go|proceed) (?:in)?to (?:a |the )?private (?:session|meeting)"
    r"|(?:that|this) (?:concludes|brings (?:us to )?(?:the|an) end)"
    r"|(?:come|got|get) to the end of (?:our|the|this|my) (?:time|session|meeting|questions)"
    r"|(?:thank|thanks)\b.{0,60}\bfor (?:attending|coming|joining|being (?:with|here)|your (?:evidence|attendance|time))"
    r"|(?:next|the next) meeting (?:is|will be)"
    r")",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def opens_meeting(text: str) -> bool:
    """True when one of the first `EDGE_SENTENCES` sentences of a turn opens the meeting."""
    return any(_OPENING.match(sentence) for sentence in first_sentences(text.strip(), EDGE_SENTENCES))


def closes_meeting(text: str) -> bool:
    """True when one of the first or last `EDGE_SENTENCES` sentences of a turn closes the meeting (the chair
    thanks the witnesses, then reads the papers to note)."""
    sentences = _SENTENCE_END.split(text.strip())
    return any(_CLOSING.search(sentence) for sentence in sentences[:EDGE_SENTENCES] + sentences[-EDGE_SENTENCES:])


def procedure_stretches(texts: Sequence[str], substantive: AbstractSet[int]) -> tuple[ProcedureStretch, ...]:
    """The opening ("Introductions") and close ("Procedure and close") of a meeting, those it has.

    `texts` are the turns in order; `substantive` the turns with substantive talk (a passage). The opening
    is the leading run of turns that open the meeting or have no substantive talk, ending with the last
    turn that opens it (chatter after the welcome belongs to what follows); the close is the trailing run of
    turns that close the meeting or have no substantive talk, from the first such turn after the last
    substantive one that is no closing move ("Thank you very much." before "Item 3 is papers to note").
    """
    n = len(texts)
    limit = max(1, int(MAX_EDGE_SHARE * n))
    talk = sorted(substantive)
    if not talk:
        return ()
    opening_end = -1  # last turn of the opening
    for turn in range(min(limit, talk[-1])):
        if opens_meeting(texts[turn]):
            opening_end = turn
        elif turn in substantive:
            break
    closing_start = n  # first turn of the close
    for turn in range(n - 1, max(n - 1 - limit, opening_end), -1):
        if closes_meeting(texts[turn]) or (closing_start < n and turn not in substantive):
            closing_start = turn
        elif turn in substantive:
            break
    kept = [turn for turn in talk if opening_end < turn < closing_start]
    if not kept:  # all furniture: keep the talk as one theme, no stretch of procedure
        return ()
    stretches = []
    if opening_end >= 0:
        stretches.append(ProcedureStretch(id="P1", label=INTRODUCTIONS, first_turn=0, last_turn=opening_end))
    if closing_start < n:
        stretches.append(ProcedureStretch(id=f"P{len(stretches) + 1}", label=CLOSE, first_turn=closing_start, last_turn=n - 1))
    return tuple(stretches)

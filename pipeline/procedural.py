"""Procedural chatter: the parts of a meeting that are about running the meeting, not its substance.

"I call this meeting to order", "Thank you, Chair", "Can you hear me?", "Mm-hmm." Quotes, themes and
summaries all leave these out, so the rule lives in one place. Patterns are matched against one
sentence at a time, case-insensitively, and are written for spoken English in general (committees,
panels, calls), not for any one transcript.
"""

from __future__ import annotations

import re

# Whole sentences that only manage the meeting. Each must match from the start of the sentence.
_PROCEDURAL_STARTS = [
    r"i (now )?(call|declare) (this|the) (meeting|session|committee|sitting)",
    r"(this|the) (meeting|session|sitting) is (now )?(adjourned|suspended|closed|open|resumed)",
    r"(we|i)('ll| will| shall)? (now )?(adjourn|suspend|resume)",
    r"(we('ll| will| shall)?|let's|let us|i('ll| will)) (now )?(proceed|move on|move|turn|go|come|return) (on )?(to|back to) "
    r"(the )?(next|item|agenda|questions?|petitions|statements|ministerial|tabling|presenting|our next|the next|member|mr|ms|mrs)",
    r"(can|could|do) (you|everyone|everybody) (all )?(hear|see) (me|us|my screen)",
    r"(you('re| are)|i('m| am)) (still )?(on )?mute",
    r"(please )?(unmute|mute) (your|the)",
    r"(i('m| am)|sorry,? i('m| am)) (having|getting) (some )?(technical|audio|connection)",
    r"(i )?(now )?(give|pass|hand) (the floor|over|it over|you the floor)",
    r"(over|back) to you",
    r"(the )?(floor|time) is (now )?yours",
    r"order,? order",
    r"(is it|are we) agreed",
    r"(on a )?point of order",
    r"(are there )?any (other |further )?(questions|comments|business)\b",
    r"(please )?go ahead\b",
    r"(please )?(proceed|continue)\b",
    r"(i('d| would)|we('d| would)) (like|want) to (welcome|thank|introduce|invite|call on|remind)",
    r"(good )?(morning|afternoon|evening)(,)? (everyone|everybody|all|chair|colleagues)",
    r"(welcome|welcome back)(,)? (everyone|everybody|all|to (this|the|our|today))",
    r"(thank you|thanks)( (very|so) much)?(,)? ?(mr\.?|madam|madame|ms\.?)? ?(chair|chairman|chairperson|convener|president|speaker)?[.!]?$",
    r"(thank you|thanks)( (very|so) much)?( for (that|your|the|having|inviting|the invitation|the question))",
    r"(that('s| is)|i('m| am)) (all|out of time|it for)",
    r"(your|the member's|the honourable member's) time (is|has) (up|expired)",
    r"(you have|there (is|are)) (about |roughly )?(\d+|one|two|three|thirty|fifteen|a few) (minutes?|seconds?) (left|remaining)",
    r"(can|may|could) i (just )?(come in|interrupt|jump in|ask a (quick )?question)",
    r"(next slide|let me share my screen|i('ll| will) share my screen)",
    r"(the (honourable|hon\.) member|the member) (for|from) ",
    r"(i )?(see|have) no (other|further) (questions|speakers|hands)",
    r"(we('re| are)|i('m| am)) (running|out of) (short of |out of )?time",
]
_PROCEDURAL = re.compile(r"^\W*(" + "|".join(f"(?:{p})" for p in _PROCEDURAL_STARTS) + r")", re.IGNORECASE)

# Words that make up backchannels and acknowledgements ("Okay.", "Yeah, yeah.", "Mm-hmm, right.").
BACKCHANNEL_WORDS = frozenset(
    """
    ok okay yeah yes yep yup no nope right alright sure great good fine cool fair true exactly absolutely indeed
    mm mmm hmm mm-hmm uh-huh uh um umm er erm ehm eh ah oh hm huh so well thanks thank you sorry wow
    chair mr madam please agreed correct definitely totally certainly of course
    """.split()
)

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def is_backchannel(text: str) -> bool:
    """True for short acknowledgements made only of backchannel words ("Okay.", "Mm-hmm, yeah.")."""
    words = [w.lower() for w in _WORD.findall(text)]
    return len(words) <= 6 and all(word in BACKCHANNEL_WORDS for word in words)


def is_procedural(sentence: str) -> bool:
    """True when one sentence only runs the meeting (greeting, thanks, floor management, tech checks)."""
    text = sentence.strip()
    if not text:
        return True
    return is_backchannel(text) or bool(_PROCEDURAL.match(text))

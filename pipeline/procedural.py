"""Procedural chatter: the parts of a meeting that are about running the meeting, not its substance.

"I call this meeting to order", "Thank you, Chair", "Can you hear me?", "Mm-hmm." Quotes, themes and
summaries all leave these out, so the rule lives in one place. Patterns are matched against one
sentence at a time, case-insensitively, and are written for spoken English in general (committees,
panels, calls), not for any one transcript.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
    r"(wait, )?(can|may|could) i (just )?(come in|interrupt|jump in|ask a (quick )?question|have a (quick )?question)",
    r"(next slide|let me share my screen|i('ll| will) share my screen)",
    r"(the (honourable|hon\.) member|the member) (for|from) ",
    r"(i )?(see|have) no (other|further) (questions|speakers|hands)",
    r"(we('re| are)|i('m| am)) (running|out of) (short of |out of )?time",
    # Floor management in the future tense and calls across the room ("We're going to move on now to ...",
    # "I'm going to go to Siân", "Janet, we can't hear you", "I've got a couple of supplementaries").
    r"(\w+, )?(we('re| are)|i('m| am)) (now )?(just )?going to (move|go|turn|come|bring|call|hand|pass) "
    r"(on |back |over |across )?(now )?(to|on to|in) (you|(some |a few |a couple of |more |further )?questions?|the (next|first|last|final)|item|members?|mr|ms|mrs|dr|"
    r"\w+(-\w+)? \w+(-\w+)?[.,;]|\w+[.,;])",
    r"(\w+, )?(i think )?(we|i) can('t|not)? (now )?(just )?(try )?(hear|see|go|come|move|bring|turn|going) "
    r"(you|to you|back to|to \w+ now|on to)",
    r"(\w+, )?(we|i) (can't|cannot|can not|couldn't) (hear|see) (you|anything|them|him|her)",
    r"(i('ve| have)|we('ve| have)) (got )?(a couple of|some|a few|one|two|three|several|a number of) "
    r"(more )?(supplementar|questions from|members|speakers|people who want)",
    r"(thank you|thanks)[,.!]? \w+[.!]?$",
    r"(i see (that )?|i think )?(members|everyone|everybody|the committee|we)( are| is| seem| seems)( all)? "
    r"(content|agreed|happy|in agreement)",
    r"(well, )?(we('ve| have)|i('ve| have)) (now )?(come|got) to the end of (our|the|my|this) (time|session|meeting|questions)",
    r"(we('ll| will)|we shall|we('re| are) going to) (now )?(proceed|move|go) (to|into) (meet in )?private",
    r"item (\d+|one|two|three|four|five|six)\b",
    r"(hi|hello|hey)( there| everyone| everybody| all| guys| folks)?[,.!]* (i'm|i am|my name is|this is|it's)\b",
    r"(my name is|my name's) \w+",
    r"(let's|let us|i('d| would) like to|i want to) (now )?(just )?(talk|turn|move|come|go|start|look|get|ask) "
    r"(about|to|on|back|at|into|with|you|a (few|couple))\b",
    r"(please )?(give (me|us) a|put (your|a|it)|drop (your|a|it)|type (your|it)|post (your|it)|raise your|put up your)"
    r".{0,40}\b(chat|thumbs up|hand|hands)\b",
    r"before (we|you|i) (start|begin|go on|move on|finish|close|wrap up|come in|answer|respond|go)\b",
    r"i('m| am) (very |really |so |delighted and )?(pleased|delighted|happy|glad|keen) to (welcome|introduce|invite|go on|move on|turn|come)",
    r"(i('m| am) keen|i want|i('d| would) like|we('d| would) like|i('m| am) going) to (go|move|turn|come) (on |back )?(now )?to (talk|ask|questions?|the)",
    # Pointers into the papers ("The recommendation is in paragraph 2.1 of the report", "It's on page 4").
    r"[\w' ]{0,40}\b(is|are|'s|can be found|appears?|is set out|are set out) (set out )?(in|at|on|under) "
    r"(paragraph|page|section|appendix|annex|table|figure|slide|item|chapter|clause) \S+",
    # Sound and picture are back ("I believe we've got sound again, so Janet can ask her questions").
    r"(i (believe|think) |ok(ay)?,? |right,? )?(we('ve| have)|you('ve| have)|i('ve| have)) (now )?(got )?"
    r"(sound|audio|video|picture|the (sound|audio|video|picture|connection|line)|you|your (sound|audio|video))( back)?( again| now)?\b[.,]",
    # What happens to the record ("As usual, you will be sent a transcript to check for factual accuracy").
    r"(as usual,? |as always,? )?(you|members|witnesses|everyone|the witnesses)( all)? will (be sent|receive|get|be given|be able to see) "
    r"(a |the |copies of the |a copy of the )?(draft )?(transcript|record|minutes|note|copy)",
    # Steering the discussion ("Let's widen it out to repairs generally", "Can we broaden this out a bit").
    r"(let's|let us|can we|could we|i('d| would) like to|i want to|we('ll| will)|i('ll| will)) (now )?(just )?"
    r"((widen|broaden|narrow) (it|this|things|that|the (discussion|debate|question|questions|conversation|session|focus))|(open|bring|zoom|pull) (it|this|things|that|the (discussion|debate|question|questions|conversation|session|focus)) (out|up|back|in))\b",
    r"(i('ll| will)|let me|can i|may i|i('d| would) like to) (now )?(just )?(ask|invite|call( on| upon)?|bring in|turn to) "
    r".{1,60}? to (introduce|present|speak|respond|answer|open|give|say|start|lead|take us)\b",
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
    words = _WORD.findall(text)
    return len(words) <= 6 and all(word.lower() in BACKCHANNEL_WORDS for word in words)


@lru_cache(maxsize=65536)
def is_procedural(sentence: str) -> bool:
    """True when one sentence only runs the meeting (greeting, thanks, floor management, tech checks).

    Remembered per process: the quote, theme and summary steps each ask it of the same sentences, and
    the long pattern is a measurable part of their time."""
    text = sentence.strip()
    if not text:
        return True
    return is_backchannel(text) or bool(_PROCEDURAL.match(text))

"""Word lists and cue patterns behind the quote rules and features, in one place.

Written for spoken English in general (panels, committees, calls, interviews), from what makes a line
quotable in print and from the memorability literature (Danescu-Niculescu-Mizil et al. 2012, "You had
me at hello": memorable lines use distinctive words in common syntax, are general — present tense,
few third-person pronouns, indefinite articles — and speak to or for people). None of it is fitted to
any one transcript. Patterns are matched case-insensitively on a quote's clean reading.
"""

from __future__ import annotations

import re
from typing import Iterable, NamedTuple

# The letters that IGNORECASE matching takes for ASCII ones although `str.lower` does not lower-case them to
# those: "ı" and "İ" match "i", "ſ" matches "s" (and the Kelvin sign "K", which `str.lower` does make "k").
# Trying every code point against every ASCII letter finds no others.
_IGNORECASE_FOLDS = str.maketrans({"ı": "i", "İ": "i", "ſ": "s", "\u212a": "k"})


def fold(text: str) -> str:
    """`text` in lower case as the IGNORECASE cue patterns compare it, one character for each of `text`'s
    (`str.lower` alone turns "İ" into two): whatever a match of a cue spells in any case, `fold` of
    the text holds it in lower case, so a cue's `words` can be looked up in it (see `Cue`)."""
    if text.isascii():
        return text.lower()
    return text.translate(_IGNORECASE_FOLDS).lower()


class Cue(NamedTuple):
    """A cue: a name for the reasons, a strength in [0, 1] and a case-insensitive pattern, with `words`
    (lower case) one of which every match of the pattern contains, letter for letter.

    Searching a pattern costs far more than looking up a few words, and most texts hold none of a cue's
    words, so `may_match` skips the search there: with no word in the text, the pattern cannot match.
    A pattern and its words change together (tests/test_quotes_features.py checks an example of each).
    """

    name: str
    strength: float
    pattern: re.Pattern
    words: tuple[str, ...]

    def may_match(self, folded: str) -> bool:
        """False when the pattern cannot match the text whose `fold` is `folded`."""
        for word in self.words:  # (a plain loop: this runs for every cue of every candidate)
            if word in folded:
                return True
        return False


def possible_cues(cues: Iterable[Cue], folded: str) -> list[Cue]:
    """The `cues` that may match the text whose `fold` is `folded` (the others cannot: see `Cue`)."""
    # `Cue.may_match` written out: this runs for every cue set of every candidate, and the method calls were
    # most of its time.
    found = []
    for cue in cues:
        for word in cue.words:
            if word in folded:
                found.append(cue)
                break
    return found


def _cues(*cues: tuple[str, float, str, tuple[str, ...]]) -> tuple[Cue, ...]:
    return tuple(Cue(name, strength, re.compile(pattern, re.IGNORECASE), words) for name, strength, pattern, words in cues)


# ------------------------------------------------------------------------------------- openers
# A span may not open on these: they lean on something said before it.
CONNECTIVE_OPENERS = frozenset(
    """and but or so because cause 'cause which whereas then also plus nor hence thus therefore however
    otherwise anyway anyways instead still yet meanwhile besides likewise similarly nevertheless
    nonetheless furthermore moreover additionally again secondly thirdly lastly finally conversely
    accordingly consequently""".split()
)
MULTIWORD_OPENERS = re.compile(
    r"^(?:in addition|on the other hand|as a result|in that case|for that reason|by contrast|even so|"
    r"having said that|that said|as well|on top of that|apart from that|other than that|in other words|"
    r"same here|me too|me neither|not really|not at all|not yet|not necessarily|and so|as i said|"
    r"like i said|as you said|as (?:he|she|they|was) said|which is why|that's why|that is why|this is why|"
    r"the same (?:is|goes|applies)|the other (?:one|thing)|the former|the latter)\b",
    re.IGNORECASE,
)
# Interjections and discourse markers a span may open on (they are skipped when looking for the opener).
DISCOURSE_MARKERS = frozenset(
    """yeah yes yep no nope well okay ok oh right look listen now honestly frankly alright ah mm hmm
    um uh er erm ehm hm mhm sure""".split()
)
# Pronouns that point back to something: a span opening on one (with no noun before it) dangles.
DEMONSTRATIVES = frozenset("this that these those both neither either".split())
THIRD_PERSON = frozenset("he she they him her them his hers their theirs himself herself themselves".split())
FIRST_PLURAL = frozenset("we us our ours ourselves let's".split())
SECOND_PERSON = frozenset("you your yours yourself yourselves".split())
# "I think so", "I hope so": answers that only make sense after the question.
PRO_FORM_SO = re.compile(r"\b(?:think|hope|guess|suppose|believe|expect|imagine|said|say|do|did|fear) so\b", re.IGNORECASE)
BARE_REPLY = re.compile(
    r"^\W*(?:i (?:would |do |totally |completely |fully |entirely )?(?:agree|disagree)(?: with (?:that|this|you|him|her|them|it))?"
    r"|that'?s (?:right|true|correct|fair|it)|exactly|absolutely|of course|fair enough|good point|i see)\W*$",
    re.IGNORECASE,
)
# Verbs that take an extraposed clause with a dummy "it": "It is time to ...", "It costs us ... to ...".
EXTRAPOSING_VERBS = frozenset("be seem appear take cost matter pay help make remain become strike hurt worry".split())

# ------------------------------------------------------------------------------------ questions
INDIRECT_QUESTION = re.compile(
    r"^\W*(?:(?:mr\.?|madam|madame|ms\.?|mrs\.?)\s+\w+,?\s+)?(?:"
    r"my (?:first |second |next |last |final |follow-up |supplementary )?question (?:is|was|would be|relates|concerns|for)|"
    r"(?:i'?d|i would|i want to|let me|may i|can i|could i) (?:just )?(?:like to )?ask\b|"
    r"i (?:just )?wonder(?:ed)? (?:if|whether)|"
    r"(?:can|could|will|would) (?:you|the minister|the government|the member|the witness|the chair|the prime minister) "
    r"(?:please )?(?:tell|confirm|explain|clarify|say|commit|update|indicate|advise|elaborate)|"
    r"(?:will|does|did|is|has|can) the (?:minister|government|prime minister|member|department|secretary)\b)",
    re.IGNORECASE,
)

# ----------------------------------------------------------------------------- claim / stance
# Each cue: (name for the reasons, strength in [0, 1], pattern, words one of which every match contains).
CLAIM_CUES: tuple[Cue, ...] = _cues(
    ("obligation", 1.0, r"\b(?:have|has|had|need|needs|ought|got) to\b(?! (?:say|ask|be honest))",
     ("have to", "has to", "had to", "need to", "needs to", "ought to", "got to")),
    ("obligation", 1.0, r"\b(?:must|mustn't|should|shouldn't)\b", ("must", "should")),
    ("commitment", 0.9, r"\b(?:we|i|you|they|it|this|that|government|nobody) (?:will|won't|will not|cannot|can't|can not|shall)\b",
     (" will", " won't", " cannot", " can't", " can not", " shall")),
    ("verdict", 0.9, r"\bthe (?:answer|problem|question|truth|reality|point|issue|key|challenge|lesson|danger|risk|solution|"
     r"trick|secret|irony|fact|bottom line|test|priority|aim|goal|choice) (?:is|was|here is|remains)\b", ("the ",)),
    ("verdict", 0.9, r"\bwhat (?:we|you|they|people|everyone|everybody|this country|this sector) (?:really )?(?:need|want|have to|must|lack|don't need)\b",
     ("what ",)),
    ("verdict", 0.8, r"\bthe (?:only|best|worst|real|biggest|simplest|hardest|single|one) (?:way|thing|answer|problem|reason|risk|mistake|lesson)\b",
     ("the ",)),
    ("verdict", 0.7, r"\b(?:is|are|was|were) (?:the |a )?(?:key|crucial|critical|essential|vital|fundamental|wrong|right|unacceptable|"
     r"absurd|ridiculous|nonsense|mistake|scandal|disgrace|failure|success)\b", ("is ", "are ", "was ", "were ")),
    ("call to action", 1.0, r"\b(?:let's|let us)\b(?! (?:move|go|turn|begin|start|hear|take a|see if|get started|talk about|look at|come to|ask|just|pause|break|stop there|leave it|say|see|be honest|face it))",
     ("let's", "let us")),
    ("call to action", 0.8, r"\bit(?:'s| is) time (?:to|for|we)\b", (" time ",)),
    ("universal", 0.4, r"\b(?:everyone|everybody|nobody|no one|nothing|every single|always|never|all of us)\b",
     ("every", "nobody", "no one", "nothing", "always", "never", "all of us")),
    ("stance", 0.5, r"\bi (?:strongly |firmly |really |genuinely |honestly |absolutely |do )?(?:believe|am convinced|'m convinced|"
     r"am clear|'m clear|am sure|'m sure|would argue|'d argue|would say|'d say|refuse|insist|reject|am not going to|'m not going to)\b",
     ("believe", "convinced", "clear", "sure", "argue", "say", "refuse", "insist", "reject", "going to")),
    ("stance", 0.35, r"\b(?:i|we) (?:really |do )?think\b", ("think",)),
)
# Imperatives that run the meeting, not the argument (they do not count as calls to action).
PROCEDURAL_IMPERATIVE_VERBS = frozenset(
    "thank excuse go proceed continue welcome note see look hold wait hang let sorry pardon forgive bear allow".split()
)

# ------------------------------------------------------------------------------ contrast / shape
CONTRAST_CUES: tuple[Cue, ...] = _cues(
    ("not X but Y", 1.0, r"\bnot\b[^.?!;]{1,80}?\bbut\b", ("but",)),
    ("not X but Y", 1.0, r"\b(?:isn't|is not|aren't|are not|wasn't|was not|not)\b[^.?!;]{1,60}?[,;:—–-]\s*(?:it's|it is|they're|they are|we're|this is|that's)\b",
     ("n't", "not")),
    ("not only ... but", 1.0, r"\bnot (?:only|just|simply|merely)\b[^.?!]{1,80}?\bbut\b", ("not ",)),
    ("the more ..., the more", 1.0, r"\bthe (?:more|less|fewer|better|worse|longer|sooner)\b[^.?!]{1,60}?\bthe (?:more|less|fewer|better|worse|longer|sooner)\b",
     ("the ",)),
    ("rather than", 0.8, r"\b(?:rather than|instead of|as opposed to|whereas|on the other hand)\b",
     ("rather than", "instead of", "as opposed to", "whereas", "on the other hand")),
    # A word before the contrast word in the same sentence. The match is tried only where a sentence
    # starts (the lookbehind), not at every word, so the search stays linear in the text's length.
    ("contrast", 0.5, r"(?<![^.?!])[^\w.?!]*\w[^.?!]*\b(?:but|yet|although|though|while|however)\b",
     ("but", "yet", "though", "while", "however")),
    ("if ..., then", 0.6, r"\b(?:if|unless|when|until) (?:we|you|they|people|i|the|a|an|it|this|there|everyone|nobody|councils?|government)\b[^.?!]{3,120}?,",
     ("if ", "unless ", "when ", "until ")),
)

# ------------------------------------------------------------------------------------- hedging
_HEDGE_PHRASES = (
    "sort of", "i guess", "i suppose", "i don't know", "i dunno", "i'm not sure", "i am not sure", "maybe", "perhaps",
    "probably", "possibly", "a little bit", "a bit", "somewhat", "or something", "or whatever", "and stuff",
    "and things like that", "and so on", "and so forth", "more or less", "basically", "i mean", "kinda", "sorta",
    "roughly", "i think maybe", "might be",
)
# Every match is one of the phrases, so they are the cue's words.
HEDGE_CUE = Cue("hedging", 1.0, re.compile(r"\b(?:" + "|".join(_HEDGE_PHRASES) + r")\b", re.IGNORECASE), _HEDGE_PHRASES)
# "kind of" hedges only before an adjective, adverb or verb ("kind of odd"), not before a noun ("the kind of support").
KIND_OF = re.compile(r"\bkind of\b", re.IGNORECASE)

# ----------------------------------------------------------------------------------- meta-talk
# Talk about the meeting or the conversation rather than the subject.
META_CUES: tuple[Cue, ...] = _cues(
    ("addresses the chair", 0.5, r"(?:^|[,.]\s*)(?:mr\.?|madam|madame|ms\.?|mrs\.?)\s*(?:chair|chairman|chairperson|chairwoman|speaker|president|deputy speaker)\b",
     ("chair", "speaker", "president")),
    ("quotes someone else", 1.0, r"\b(?:said|says|wrote|writes|stated|states|told (?:us|me|them|the \w+)),?\s*[\"“'‘:]",
     ("said", "says", "wrote", "writes", "stated", "states", "told ")),
    ("quotes someone else", 1.0, r"\b(?:said|says|wrote|stated),\s+[A-Z]", ("said,", "says,", "wrote,", "stated,")),
    ("addresses the chair", 0.5, r"(?:^|,\s*)chair(?:man|person)?\s*[,.]", ("chair",)),
    ("refers back", 1.0, r"\b(?:as|like) (?:i|you|we|he|she|they|the \w+|my colleague|the member|the minister) (?:have |has |had |just )?"
     r"(?:said|mentioned|noted|indicated|stated|explained|pointed out|suggested|heard|say)\b",
     ("said", "mentioned", "noted", "indicated", "stated", "explained", "pointed out", "suggested", "heard", "say")),
    ("refers back", 1.0, r"\bi (?:have|'ve) (?:already |just )?(?:said|mentioned|indicated|explained)\b",
     ("said", "mentioned", "indicated", "explained")),
    ("refers back", 1.0, r"\b(?:following on from|going back to|coming back to|to follow up|picking up on|to pick up on|"
     r"building on what|in (?:answer|response|reply) to|with regard to (?:that|your|the) (?:question|answer|point)|"
     r"(?:that|your|the|an) (?:earlier|previous) (?:answer|question|point|comment))\b",
     ("following on from", "going back to", "coming back to", "to follow up", "picking up on", "to pick up on",
      "building on what", "answer to", "response to", "reply to", "with regard to", "earlier ", "previous ")),
    ("about the question", 1.0, r"\b(?:my|your|the|this|that|his|her|the member's) (?:first |second |next |last |previous )?(?:question|point of order)\b",
     ("question", "point of order")),
    ("about the meeting", 1.0, r"\b(?:this|the|today's|our) (?:meeting|committee meeting|session|call|roundtable|panel|hearing|sitting)\b",
     ("meeting", "session", "call", "roundtable", "panel", "hearing", "sitting")),
    ("about the meeting", 1.0, r"\b(?:the|this|next|previous|last) (?:slide|agenda item|item on the agenda|minutes|speaker|witness)\b",
     ("slide", "agenda", "minutes", "speaker", "witness")),
    ("about the meeting", 1.0, r"\b(?:mute|unmute|my screen|share (?:my|the) screen|video ?conference|interpretation|the floor|"
     r"the (?:english|french) channel|your microphone|my microphone|technical (?:issue|problem|difficult)|you're breaking up)\b",
     ("mute", "screen", "conference", "interpretation", "the floor", "channel", "microphone", "technical ", "breaking up")),
    ("about the meeting", 1.0, r"\b(?:the )?(?:honourable|hon\.) (?:member|minister|gentleman|lady)\b", ("honourable", "hon.")),
    ("about the meeting", 0.5, r"\b(?:thank you|thanks)\b", ("thank",)),
    ("about the meeting", 1.0, r"\b(?:the transcript|on the record|off the record|before we (?:start|begin|finish|close)|read out)\b",
     ("transcript", "the record", "before we ", "read out")),
    ("agrees with someone", 0.5, r"\b(?:\w+'s|\w+ is|\w+ was|you're|you are) (?:absolutely |quite |exactly |completely )?right\b", ("right",)),
    ("about the meeting", 1.0, r"\b(?:i'll|i will|let me|we'll|we will) (?:come|get|turn|go|move) (?:back )?(?:to|on to|onto)\b",
     ("i'll", "i will", "let me", "we'll", "we will")),
    ("about the meeting", 1.0, r"\b(?:i (?:was|am|'m) going to|i wanted to|i want to|let me) (?:say|ask|add|mention|come in|pick up|follow up|start)\b",
     ("going to", "wanted to", "want to", "let me")),
)

# --------------------------------------------------------------------------------- specifics
SPECIFIC_ENTITY_LABELS = frozenset(
    "PERSON ORG GPE LOC NORP FAC EVENT LAW PRODUCT WORK_OF_ART DATE MONEY PERCENT QUANTITY".split()
)
# Titles and honorifics people are addressed by: names of people, not concrete specifics.
TITLES = frozenset(
    """chair chairman chairwoman chairperson convener vice deputy minister secretary president speaker mayor
    councillor cllr member members mr mrs ms miss dr sir madam lord lady cabinet leader clerk officer""".split()
)
# De-identification placeholders ([PERSON3], [ORGANIZATION1]) stand for names.
PLACEHOLDER = re.compile(r"\[[A-Z]+[0-9]+\]")
# DATE entities that are not specific ("today", "now", "this year").
VAGUE_DATES = frozenset(
    {"today", "now", "tomorrow", "yesterday", "tonight", "currently", "recently", "this year", "this week",
     "the moment", "at the moment", "these days", "the day", "daily", "annually", "weekly", "monthly"}
)

# General nouns (Halliday & Hasan): they refer back or stand in for a subject, never name one, so they
# are never a meeting's keywords however often they are said.
GENERAL_NOUNS = frozenset(
    """thing stuff matter business affair move place question idea fact people person man woman child
    way sort kind bit lot point problem issue time day week year meeting member colleague part case
    example number side end level area term aspect situation something anything everything nothing""".split()
)

# Content words for the distinctiveness features.
CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV"})


# A sentence that sets up what the next one pays off: an example or a story announced, not yet told
# ("We did an exercise last year on one family in Calderbrook.", "Let me give you an example.").
# Matched on a sentence's clean reading; a span never ends on one when its turn goes on.
SETUP = re.compile(
    r"^(?:(?:so|and|well),? )?(?:"
    r"(?:we|i)(?:'ve| have)? (?:did|done|ran|run|had|tried|carried out|commissioned|looked at|went through|followed|mapped|"
    r"visited|met|spoke to|talked to) (?:an?|one|some) (?:\w+ ){0,2}(?:exercise|pilot|review|study|audit|survey|case|"
    r"example|experiment|look|test|visit|family|woman|man|tenant|resident|person|mother|father|constituent|school)\b"
    r"|(?:let me|i'll|i will|i want to|can i|i'd like to) (?:just )?(?:give|tell|share|describe|offer) (?:you )?"
    r"(?:an?|one|some|the) (?:\w+ )?(?:example|story|case|anecdote)\b"
    r"|(?:here's|here is|take|consider) (?:an?|one|the) (?:\w+ )?(?:example|case|story)\b"
    r"|there (?:was|is) (?:an?|one) (?:\w+ ){0,2}(?:case|family|woman|man|tenant|resident|time|example|mother|father)\b"
    r"|(?:an?|one) example\W*$"
    r")",
    re.IGNORECASE,
)

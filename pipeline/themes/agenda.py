"""The chair's agenda moves: where a meeting says it turns to a new subject, and the subject's own words.

"We've got some questions now on early help and enhanced support from Janet." "We move to item six, the
bus franchising assessment." "If we can move on to talk about exams ..." "Let's turn to rents." Such a
sentence names the next stretch of the meeting better than any word count can, so a theme whose stretch
opens with one takes the announced subject as its label (`agenda_subject`). Patterns are written for
spoken English in general (committees, panels, calls), matched one sentence at a time.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional, Sequence

# What announces a subject; the subject follows the match.
_MOVES = [
    # "questions now on X", "some specific questions now about X", "a question on X", "supplementaries on X"
    r"\b(?:questions?|supplementar(?:y|ies))(?: now| next| first)?(?: from \w+(?: \w+)?)?(?: now)? (?:on|about|around|regarding|in relation to|relating to)\s+",
    # "move on (now) to (talk about | questions on) X", "turn to X", "come on to X", "go on to X"
    r"\b(?:(?:move|moving|turn|turning)(?: on)?|(?:come|coming|go|going|get|getting)(?: now)?(?:,? then,?)? on)(?: now)?(?:,? then,?)? to"
    r"(?: (?:talk|ask|speak|think)(?: a little| a bit)? about| (?:some |a few |a couple of )?questions? (?:on|about)| look at| discuss)?\s+",
    # "item six, the bus franchising assessment", "the next item is X", "next on the agenda is X"
    r"\bitem (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)(?: on the agenda)?(?:,| is| -|:)\s*",
    r"\bnext (?:item|topic|subject|thing)(?: on the agenda)? (?:is|will be)\s+",
    # "let's talk about X", "let's look at X", "let's discuss X"
    r"\blet(?:'s| us) (?:now )?(?:talk about|look at|discuss|deal with)\s+",
]
_MOVE = re.compile("|".join(f"(?:{m})" for m in _MOVES), re.IGNORECASE)
# Where the announced subject ends: who asks, a clause, a question or the sentence's end.
_END = re.compile(
    r"\s+(?:from|by|with|if|and then|then|now|because|but|so|which|that|who|where|when|as|I|we|you|please|first)\b|[,.;:?!()—–]|\s-\s|$",
)
_LEAD = re.compile(r"^(?:(?:the|a|an|some|this|that|these|those|our|your|their|its|of|to|talk|about|now|just|a few|a couple of|"
                   r"specific|more|further|other|final|last|first|next|questions?|on)\s+)+", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_MARKUP = re.compile(r"[{}<>\[\]]")
# Words that do not make a subject on their own ("the next one", "that issue", "those points").
_EMPTY = frozenset(
    """
    one ones it this that these those them issue issues point points thing things question questions matter
    matters area areas subject subjects topic topics item items you me us everyone everybody members
    member colleagues witnesses panel session meeting evidence answer answers lot bit
    """.split()
)
# Words a subject never holds: people and the floor ("the honourable member for Calgary Centre", "the
# questioner"), pronouns ("switch it over") and what opens a clause, not a noun phrase ("be very straight").
_NOT_SUBJECT = frozenset(
    """
    member members mp mps minister ministers honourable hon questioner questioners chair chairman convener
    mr mrs ms dr deputy secretary witness witnesses colleague colleagues
    it him her them you me us i we they he she
    be is are was were been say said take ask how whether what why who which if do does make get see
    item agenda
    """.split()
)
# Adverbs that end the move, not the subject ("let's turn to the voluntary sector properly").
_TRAILING = re.compile(r"(?:\s+(?:properly|now|next|then|again|briefly|quickly|today|here|too|please|really|"
                       r"specifically|particularly|in more detail|in detail|for a moment|for a minute))+\s*$", re.IGNORECASE)
# A subject is a noun phrase, never a prepositional phrase or the speaker's own ("at some time in the
# future", "my next question", "somebody else's questions").
_NOT_LEADING = frozenset("at in into with over up my somebody someone anybody anyone coming".split())
MAX_WORDS = 6
# One word ("exams", "legacy", "stage") is too often no subject at all, and never a heading on its own.
MIN_WORDS = 2
# How many sentences of a turn are read for a move (the floor and the subject are given at its start).
FIRST_TURN_SENTENCES = 3
# An agenda item names a theme when it holds at least this share of the theme's turns.
MIN_ITEM_COVER = 0.3
_SENTENCE_BREAK = re.compile(r"[.?!]\s+")


def first_sentences(text: str, k: int) -> list[str]:
    """The first `k` sentences of `text` (split after ".", "?" or "!" and white space), read no further."""
    sentences, start = [], 0
    for match in _SENTENCE_BREAK.finditer(text):
        if len(sentences) == k:
            return sentences
        sentences.append(text[start : match.start() + 1])
        start = match.end()
    if len(sentences) < k:
        sentences.append(text[start:])
    return sentences


# Words one of `_MOVES` needs (a plain substring test is some 50 times cheaper than the search, and fails
# for most sentences): "question", "supplementar", "mov", "turn", "item", "next", "let"; or "come", "go"
# or "get" with " on".
_MOVE_WORDS = ("question", "supplementar", "mov", "turn", "item", "next", "let")
_ON_WORDS = ("come", "coming", "go", "get")


def _may_announce(sentence: str) -> bool:
    """False when `sentence` holds none of the words an agenda move needs (so `_MOVE` cannot match)."""
    lower = sentence.lower()
    for word in _MOVE_WORDS:
        if word in lower:
            return True
    if " on" in lower:
        for word in _ON_WORDS:
            if word in lower:
                return True
    return False


def agenda_subject(sentence: str, names: Iterable[str] = ()) -> Optional[str]:
    """The subject a sentence announces as next ("early help and enhanced support"), or None.

    The subject is the words after the move up to who asks or the clause's end, without leading
    determiners, between `MIN_WORDS` and `MAX_WORDS` words long, not only words that name nothing, and
    holding no word of `names` (the speakers' names, lower case: "questions now from Suzy Davies").
    """
    if not _may_announce(sentence):
        return None
    names = frozenset(names)
    for match in _MOVE.finditer(sentence):
        rest = sentence[match.end():]
        end = _END.search(rest)
        subject = _LEAD.sub("", rest[: end.start()] if end else rest).strip(" '\"‘’“”")
        if _MARKUP.search(subject):  # a transcript tag ("{disfmarker}") is no part of a subject
            continue
        subject = _TRAILING.sub("", subject)
        words = _WORD.findall(subject)
        if words and words[0].lower() in _NOT_LEADING:
            continue
        if not (MIN_WORDS <= len(words) <= MAX_WORDS) or len(words) != len(subject.split()):
            continue
        if all(word.lower() in _EMPTY or len(word) < 3 for word in words):
            continue
        if any(word.lower() in _NOT_SUBJECT or word.lower() in names for word in words):
            continue
        if words[-1].lower() in {"of", "and", "the", "a", "to", "on", "for", "in", "about"}:
            continue
        return subject
    return None


def name_words(speakers: Iterable[str]) -> frozenset[str]:
    """Lower-case words of the speakers' labels ("Lynne Neagle AM" -> lynne, neagle, am)."""
    return frozenset(word.lower() for speaker in speakers for word in _WORD.findall(speaker))


def agenda_items(texts: Sequence[str], names: Iterable[str] = ()) -> list[tuple[int, str]]:
    """(turn, subject) of every announcement in a meeting's turns (`texts`, in order), reading the first
    `FIRST_TURN_SENTENCES` sentences of each turn (the chair gives the floor and the subject at the
    start of a turn, before any question); one per turn."""
    names = frozenset(names)
    items = []
    for turn, text in enumerate(texts):
        for sentence in first_sentences(text, FIRST_TURN_SENTENCES):
            subject = agenda_subject(sentence, names)
            if subject:
                items.append((turn, subject))
                break
    return items


def covering_item(items: Sequence[tuple[int, str]], turn_indices: Sequence[int], n_turns: int) -> Optional[str]:
    """The subject of the agenda item (announced at its turn, running to the next announcement) that holds
    most of `turn_indices`, when it holds at least `MIN_ITEM_COVER` of them; ties go to the earlier item."""
    if not items or not turn_indices:
        return None
    bounds = [turn for turn, _ in items] + [n_turns]
    best, best_count = None, 0
    for k, (start, subject) in enumerate(items):
        count = sum(1 for turn in turn_indices if start <= turn < bounds[k + 1])
        if count > best_count:
            best, best_count = subject, count
    return best if best_count >= MIN_ITEM_COVER * len(turn_indices) else None

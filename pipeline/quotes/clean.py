"""The clean reading of a quote: fillers, stutters and transcription markup out, nothing else changed.

`clean_quote(verbatim)` returns the text an editor can print and the list of what was removed. The
rules, in order:

1. **Markup** (not speech): `{vocalsound}`, `{disfmarker}`, `<other_noise/>`, `[Laughter]`,
   `(inaudible)` and the like. De-identification placeholders such as `[PERSON3]` are words and stay.
2. **Fillers**: the hesitations um, umm, uh, uhm, er, erm, ehm, hmm, hm, mm, mmm, mhm, mm-hmm, uh-huh,
   and "you know" *only* when it is set off as a filler: followed by punctuation or the end, and not
   preceded by a word that makes it a verb phrase ("as you know,", "do you know," stay; "you know what",
   "you know that ...", "you know how ..." always stay). A comma directly after a filler goes with it.
3. **Fragments**: a cut-off word restarted at once ("th- the", "g great").
4. **Repetitions**: a word or a run of up to four words said twice or more in a row ("the the",
   "I I I", "you could {disfmarker} you could"). The first copy is kept (so a capital at the start of
   a sentence survives), the later copies go. Words whose repetition is usually meant ("very very",
   "no, no", "that that", "had had") are never touched.

Ellipsis rule. The ellipsis is "…" (one character, U+2026, with a space either side), never "...",
so it cannot be confused with dots the transcript itself contains. A removal is marked with it only
where words were cut **mid-clause**: a run of removals holding a filler or a `{disfmarker}`
interruption, with kept words on both sides in the same sentence ("we have to, um, stop" -> "we have
to … stop"); kept words before it that are only interjections do not count ("Okay, um, we need" ->
"Okay, we need"). A removal at the start or end of the quote or of a sentence just disappears ("Um, we
have to stop." -> "we have to stop."); so do markup, fragments and repetitions, because nothing said
is missing (the restarted or repeated word is still there once).

Apart from removals and ellipses only whitespace changes: runs of whitespace become one space, and
the space some transcripts put before punctuation or inside contractions ("it 's", "stop .") is
dropped. Letters, digits, punctuation and case are never changed, so the characters of
`text` other than spaces and the ellipsis are always a subsequence of `verbatim` (`is_faithful`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from spacy.lang.en.stop_words import STOP_WORDS

ELLIPSIS = "…"

FILLER_WORDS = frozenset(
    "um umm ummm uh uhh uhm er erm ehm hmm hmmm hm mm mmm mhm mm-hmm mm-hm uh-huh".split()
)
# Repeating these is usually meant ("very, very", "no, no", "I think that that is", "had had").
KEEP_REPEATS = frozenset(
    """very really so no not never more much many far long too again bye ha haha la blah yes yeah
    that had is do well go now please thank thanks dear oh hear""".split()
)
# "you know" after these is a verb phrase, not a filler ("as you know,", "do you know,").
_YOU_KNOW_KEEP_AFTER = frozenset(
    """as if do did don't didn't would will could should might may can cannot can't what how that
    whether because since than""".split()
)
_NON_SPEECH = (
    r"laugh\w*|applause|inaudible|unintelligible|indiscernible|crosstalk|cross-talk|cross talk|overtalk|"
    r"overlapping\b[^\]\)]*|noise|background\b[^\]\)]*|silence|pause\w*|cough\w*|music|interruption|"
    r"interjection|no audio|audio\b[^\]\)]*|technical difficult\w*|static|sigh\w*|chuckl\w*|groan\w*|"
    r"sound\b[^\]\)]*|phone\b[^\]\)]*|inaudible\b[^\]\)]*|off[- ]mic\w*|mic\b[^\]\)]*|recess|break|"
    r"video\b[^\]\)]*|gap|vocalsound|nonvocalsound|foreign\b[^\]\)]*|translation\b[^\]\)]*"
)
_MARKUP_PATTERN = (
    r"@(?:[ \t]*@)*"  # transcribers' mark for an unintelligible stretch ("@ @")
    r"|\{[^{}\n]{1,40}\}"
    r"|<[A-Za-z/_][^<>\n]{0,40}>"
    r"|\[\s*(?:" + _NON_SPEECH + r")[^\[\]\n]{0,40}\]"
    r"|\(\s*(?:" + _NON_SPEECH + r")[^()\n]{0,40}\)"
)
_WORD_PATTERN = r"n't|'(?:s|re|ve|ll|d|m|t)\b|\w(?:[\w'’\-]*\w)?"
_TOKEN = re.compile(
    r"(?P<markup>" + _MARKUP_PATTERN + r")"
    r"|(?P<word>" + _WORD_PATTERN + r")"
    r"|(?P<space>\s+)"
    r"|(?P<punct>.)",
    re.IGNORECASE,
)
_MARKUP_ONLY = re.compile(_MARKUP_PATTERN, re.IGNORECASE)
# Without markup in a text, these are exactly its "word" tokens (see `_cuts_nothing`).
_WORD_ONLY = re.compile(_WORD_PATTERN, re.IGNORECASE)
_SPACE_RUN = re.compile(r"\s+")
# A run of spaces before a token that takes none (as in `_render`): tight punctuation or a contraction.
_SPACE_BEFORE_TIGHT = re.compile(r"\s+(?=[,.;:!?%)\]}]|n't|'(?:s|re|ve|ll|d|m|t)\b)", re.IGNORECASE)
_SENTENCE_END = frozenset(".!?")
_SEPARATOR_PUNCT = frozenset(",-–—")  # may stand between a word and its repetition
_NO_SPACE_BEFORE = frozenset(",.;:!?%)]}'’\"")
# Spaces some transcripts put before punctuation ("stop .", "it 's") are dropped everywhere.
_TIGHT_PUNCT = frozenset(",.;:!?%)]}")
_CONTRACTION = re.compile(r"^(?:n't|'(?:s|re|ve|ll|d|m|t))$", re.IGNORECASE)


@dataclass(frozen=True)
class Removal:
    """One cut (a run of removed material): `verbatim[start:end] == text`.

    `kind` is the main reason, in this order of precedence: filler, fragment, repetition, markup.
    `marked` says whether the cut is shown by an ellipsis in the clean text.
    """

    start: int
    end: int
    text: str
    kind: str
    marked: bool = False

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind, "marked": self.marked}


@dataclass(frozen=True)
class CleanText:
    """A quote's clean reading, its cuts, and how many of them were marked with an ellipsis.

    `n_words`: words in the clean reading; `n_removed_words`: spoken words cut (fillers, fragments,
    repeats; markup other than {disfmarker} is not speech). Both are counted once, on creation.
    """

    text: str
    removals: tuple[Removal, ...]
    n_ellipses: int
    n_words: int = field(init=False, repr=False, compare=False)
    n_removed_words: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n_words = sum(1 for word in self.text.split() if word.isalnum() or word != ELLIPSIS and any(c.isalnum() for c in word))
        n_removed_words = 0
        for removal in self.removals:
            spoken = _MARKUP_ONLY.sub(" ", removal.text)
            n_removed_words += len(_words(spoken)) + removal.text.lower().count("disfmarker")
        object.__setattr__(self, "n_words", n_words)
        object.__setattr__(self, "n_removed_words", n_removed_words)


@dataclass(slots=True)
class _Token:
    kind: str
    start: int
    end: int
    text: str
    removed: Optional[str] = None  # the removal kind, when cut


def _words(text: str) -> list[str]:
    return [m.group() for m in _TOKEN.finditer(text) if m.lastgroup == "word"]


def _tokenise(text: str) -> list[_Token]:
    return [_Token(m.lastgroup or "punct", m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _is_filler(word: str) -> bool:
    # "ER", "UM" in capitals are acronyms, not hesitations.
    return word.lower() in FILLER_WORDS and not (word.isupper() and len(word) > 1)


def _next_index(tokens: list[_Token], i: int, *, skip_removed: bool = True) -> Optional[int]:
    for j in range(i + 1, len(tokens)):
        if tokens[j].kind == "space" or (skip_removed and tokens[j].removed):
            continue
        return j
    return None


def _prev_index(tokens: list[_Token], i: int, *, skip_removed: bool = True) -> Optional[int]:
    for j in range(i - 1, -1, -1):
        if tokens[j].kind == "space" or (skip_removed and tokens[j].removed):
            continue
        return j
    return None


def _mark_markup(tokens: list[_Token]) -> None:
    for token in tokens:
        if token.kind == "markup":
            token.removed = "markup"


def _absorb_comma_after(tokens: list[_Token], i: int, kind: str) -> None:
    j = _next_index(tokens, i)
    if j is not None and tokens[j].text == ",":
        tokens[j].removed = kind


def _mark_fillers(tokens: list[_Token]) -> None:
    for i, token in enumerate(tokens):
        if token.kind != "word" or token.removed:
            continue
        if _is_filler(token.text):
            token.removed = "filler"
            _absorb_comma_after(tokens, i, "filler")
            continue
        if token.text.lower() != "you":
            continue
        j = _next_index(tokens, i)
        if j is None or tokens[j].text.lower() != "know":
            continue
        after = _next_index(tokens, j)
        if after is not None and tokens[after].kind != "punct":
            continue  # "you know what", "you know that", "you know we ..." are verb phrases
        if after is not None and tokens[after].text not in ",.;:!?-–—":
            continue
        before = _prev_index(tokens, i)
        if before is not None and tokens[before].kind == "word" and tokens[before].text.lower() in _YOU_KNOW_KEEP_AFTER:
            continue
        token.removed = tokens[j].removed = "filler"
        _absorb_comma_after(tokens, j, "filler")


# Words after which a lone letter is meant ("the x axis", "plan b", "vitamin d").
_BEFORE_LETTER = frozenset("the a an this that plan vitamin type class grade option letter point section part size".split())


def _is_rare(word: str) -> bool:
    """Not an everyday word: a cut-off form like "wha" or "somethin" rather than "to" or "in"."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") < 4.5


def _mark_fragments(tokens: list[_Token]) -> None:
    """Cut-off words restarted at once: "th- the", "wh- what", "g great"."""
    for i, token in enumerate(tokens):
        if token.kind != "word" or token.removed:
            continue
        word = token.text
        j = i + 1
        hyphen = j < len(tokens) and tokens[j].text in "-–" and tokens[j].start == token.end
        if hyphen:
            j += 1
        elif not word.isalpha() or not word.islower() or word in ("a", "i") or len(word) > 1 and word in STOP_WORDS:
            continue  # without a hyphen, only a lower-case letter or a rare word can be a fragment
        if j >= len(tokens) or tokens[j].kind != "space":
            continue
        k = _next_index(tokens, j - 1)
        if k is None or tokens[k].kind != "word":
            continue
        following = tokens[k].text
        prefix = len(word) < len(following) and following.lower().startswith(word.lower())
        if hyphen:
            if prefix and word.isalpha():
                token.removed = tokens[i + 1].removed = "fragment"
        elif prefix and (len(word) == 1 or _is_rare(word)):
            token.removed = "fragment"  # "g great", "somethin something", "wha what"
        elif len(word) == 1:
            before = _prev_index(tokens, i)
            if before is None or tokens[before].text.lower() not in _BEFORE_LETTER:
                token.removed = "fragment"  # a stray cut-off letter: "l as you point out", "s magic"


def _mark_repetitions(tokens: list[_Token]) -> None:
    """Later copies of a word or run of up to four words said again at once are cut.

    One left-to-right pass (linear in the text): at each word, the longest unit repeated right after it
    is cut and the same position is checked again, so "I I I" keeps one "I".
    """
    words = [(i, t.text.lower()) for i, t in enumerate(tokens) if t.kind == "word" and not t.removed]
    w = 0
    while w < len(words):
        for n in (4, 3, 2, 1):
            if w + 2 * n > len(words) or words[w][1] != words[w + n][1] or not _is_repeat(tokens, words, w, n):
                continue  # (the first words must match: a cheap test before the full one)
            first_cut, last_cut = words[w + n][0], words[w + 2 * n - 1][0]
            for g in range(words[w + n - 1][0] + 1, first_cut):
                if tokens[g].kind == "punct" and not tokens[g].removed:
                    tokens[g].removed = "repetition"
                elif tokens[g].removed in ("filler", "fragment"):
                    tokens[g].removed = "repetition"
            for g in range(first_cut, last_cut + 1):
                if tokens[g].kind != "space":
                    tokens[g].removed = "repetition"
            del words[w + n : w + 2 * n]
            break
        else:
            w += 1


def _is_repeat(tokens: list[_Token], words: list[tuple[int, str]], w: int, n: int) -> bool:
    first = [text for _, text in words[w : w + n]]
    if first != [text for _, text in words[w + n : w + 2 * n]]:
        return False
    if n == 1 and (first[0] in KEEP_REPEATS or first[0].isdigit() or len(first[0]) == 1 and first[0] not in "ai"):
        return False
    if n > 1 and all(text in KEEP_REPEATS for text in first):
        return False
    # Each copy must be a contiguous run of words, and only commas, dashes and removed material may stand
    # between the copies (never a full stop).
    if not _contiguous(tokens, words[w][0], words[w + n - 1][0]) or not _contiguous(
        tokens, words[w + n][0], words[w + 2 * n - 1][0]
    ):
        return False
    return not any(
        tokens[g].kind == "punct" and not tokens[g].removed and tokens[g].text not in _SEPARATOR_PUNCT
        for g in range(words[w + n - 1][0] + 1, words[w + n][0])
    )


def _contiguous(tokens: list[_Token], first: int, last: int) -> bool:
    return all(tokens[g].kind in ("word", "space") and not tokens[g].removed for g in range(first, last + 1))


_KIND_ORDER = ("filler", "fragment", "repetition", "markup")


def _gaps(tokens: list[_Token]) -> list[tuple[Optional[int], Optional[int], list[int]]]:
    """(left kept index, right kept index, removed token indices) for every run of cuts."""
    gaps: list[tuple[Optional[int], Optional[int], list[int]]] = []
    left: Optional[int] = None
    removed: list[int] = []
    for i, token in enumerate(tokens):
        if token.removed:
            removed.append(i)
        elif token.kind != "space":
            if removed:
                gaps.append((left, i, removed))
                removed = []
            left = i
    if removed:
        gaps.append((left, None, removed))
    return gaps


def _is_marked(tokens: list[_Token], left: Optional[int], right: Optional[int], removed: list[int]) -> bool:
    """A cut gets an ellipsis when it interrupts a clause: words on both sides, no sentence end beside
    it, and it holds a filler or a {disfmarker} but no repetition."""
    if left is None or right is None:
        return False
    if tokens[left].text in _SENTENCE_END or tokens[right].text in _SENTENCE_END:
        return False
    if _only_interjections_before(tokens, left):
        return False  # "Okay, um, we need ..." -> "Okay, we need ...": nothing of the clause was cut
    kinds = {tokens[g].removed for g in removed}
    if "repetition" in kinds:
        return False
    return "filler" in kinds or any(
        tokens[g].kind == "markup" and "disfmarker" in tokens[g].text.lower() for g in removed
    )


_INTERJECTIONS = frozenset("okay ok yeah yes yep no right so well oh alright now look".split())


def _only_interjections_before(tokens: list[_Token], left: int) -> bool:
    """True when the kept words between the last sentence start and `left` are all interjections."""
    for g in range(left, -1, -1):
        token = tokens[g]
        if token.kind == "space" or token.removed:
            continue
        if token.text in _SENTENCE_END:
            return True
        if token.kind == "punct" and token.text in ",;:":
            continue
        if token.kind != "word" or token.text.lower() not in _INTERJECTIONS:
            return False
    return True


def _drop_stranded_commas(tokens: list[_Token]) -> None:
    """A comma left beside a cut goes with it: "have to, um, stop" -> "have to … stop", "stop, um." ->
    "stop.", and a quote never starts or ends on a comma."""
    for _ in range(3):  # a pass can strand one more comma before the cut it widened; three always do
        changed = False
        for left, right, removed in _gaps(tokens):
            if left is None or tokens[left].text != "," or tokens[left].removed:
                continue
            marked = _is_marked(tokens, left, right, removed)
            if marked or right is None or tokens[right].text in _SENTENCE_END or tokens[right].text == ",":
                tokens[left].removed = tokens[removed[0]].removed if marked else "filler"
                changed = True
        if not changed:
            break


def _render(verbatim: str, tokens: list[_Token]) -> tuple[str, list[Removal], int]:
    gaps = {(left, right): removed for left, right, removed in _gaps(tokens)}
    removals: list[Removal] = []
    n_ellipses = 0
    out: list[str] = []
    kept = [i for i, t in enumerate(tokens) if t.kind != "space" and not t.removed]
    bounds = [None, *kept, None]
    for left, right in zip(bounds, bounds[1:]):
        removed = gaps.get((left, right))
        marked = False
        if removed:
            marked = _is_marked(tokens, left, right, removed)
            kinds = {tokens[g].removed for g in removed}
            first, last = tokens[removed[0]], tokens[removed[-1]]
            kind = next(k for k in _KIND_ORDER if k in kinds)
            removals.append(Removal(first.start, last.end, verbatim[first.start : last.end], kind, marked))
        if right is None:
            break
        token = tokens[right]
        if left is None:
            out.append(token.text)
            continue
        if marked:
            out.append(f" {ELLIPSIS} {token.text}")
            n_ellipses += 1
        elif removed:
            tight = token.text[:1] in _NO_SPACE_BEFORE or _CONTRACTION.match(token.text)
            out.append(("" if tight else " ") + token.text)
        else:
            between = verbatim[tokens[left].end : token.start]
            tight = token.text in _TIGHT_PUNCT or _CONTRACTION.match(token.text)
            out.append((" " if between and not tight else "") + token.text)
    return "".join(out), removals, n_ellipses


def _cuts_nothing(verbatim: str) -> bool:
    """A quick test that is True only when no rule can cut anything from `verbatim`: no markup, no
    filler, no word followed by a hyphen or by a longer word it begins, no stray lower-case letter and
    no word or run of words said twice in a row. (False means only that something may be cut.)

    Most sentences pass it, and then their clean reading only needs its spaces tidied (`_tidy_spaces`).
    """
    if _MARKUP_ONLY.search(verbatim):
        return False
    words = _WORD_ONLY.findall(verbatim)  # without markup, exactly `_tokenise`'s words
    lowered = [word.lower() for word in words]
    if not FILLER_WORDS.isdisjoint(lowered):
        return False
    if "-" in verbatim or "–" in verbatim:
        if any(verbatim.startswith(("-", "–"), m.end()) for m in _WORD_ONLY.finditer(verbatim)):
            return False  # "th- the"
    for word in words:
        if len(word) == 1 and word.isalpha() and word.islower() and word not in ("a", "i"):
            return False  # "g great", "l as you point out"
    for k in range(len(words) - 1):
        if lowered[k] == "you" and lowered[k + 1] == "know":
            return False
        if len(words[k]) < len(words[k + 1]) and lowered[k + 1].startswith(lowered[k]):
            return False  # "wha what"
    if len(set(lowered)) < len(lowered):  # some word comes twice: is it a repetition?
        for n in (1, 2, 3, 4):
            for w, (a, b) in enumerate(zip(lowered, lowered[n:])):
                if a == b and lowered[w : w + n] == lowered[w + n : w + 2 * n]:
                    return False
    return True


def _tidy_spaces(verbatim: str) -> str:
    """What `_render` makes of a text with nothing cut: each run of spaces becomes one space, or none
    before tight punctuation and contractions, and none at either end."""
    return _SPACE_RUN.sub(" ", _SPACE_BEFORE_TIGHT.sub("", verbatim.strip()))


def clean_quote(verbatim: str) -> CleanText:
    """Clean reading of `verbatim` (see the module docstring for the exact rules)."""
    if _cuts_nothing(verbatim):
        return CleanText(text=_tidy_spaces(verbatim), removals=(), n_ellipses=0)
    tokens = _tokenise(verbatim)
    _mark_markup(tokens)
    _mark_fillers(tokens)
    _mark_fragments(tokens)
    _mark_repetitions(tokens)
    _drop_stranded_commas(tokens)
    text, removals, n_ellipses = _render(verbatim, tokens)
    return CleanText(text=text, removals=tuple(removals), n_ellipses=n_ellipses)


def is_faithful(text: str, verbatim: str) -> bool:
    """True when `text` adds nothing: its characters other than spaces and the ellipsis are, in order, a
    subsequence of `verbatim`'s."""
    wanted = [c for c in text if not c.isspace() and c != ELLIPSIS]
    source = iter(c for c in verbatim if not c.isspace())
    return all(any(c == s for s in source) for c in wanted)

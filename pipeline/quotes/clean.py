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
where words were really cut **mid-clause**: a `{disfmarker}` interruption with kept words on both
sides in the same sentence ("we have to {disfmarker} stop" -> "we have to … stop"). A filler taken out
mid-clause is not marked, and its commas go with it ("we have to, um, stop" -> "we have to stop"); kept
words before it that are only interjections keep their comma ("Okay, um, we need" -> "Okay, we need").
A removal at the start or end of the quote or of a sentence just disappears ("Um, we have to stop." ->
"We have to stop."); so do markup, fragments and repetitions, because nothing said is missing (the
restarted or repeated word is still there once).

Apart from removals and ellipses only whitespace changes: runs of whitespace become one space, and
the space some transcripts put before punctuation or inside contractions ("it 's", "stop .") is
dropped, and a lower-case letter opening the reading or a sentence in it becomes a capital. Letters,
digits and punctuation are never otherwise changed, so the characters of `text` other than spaces and
the ellipsis are always, up to case, a subsequence of `verbatim` (`is_faithful`).

Why one module: the cleaning rules run in a fixed order over one token list and share their word lists; the
rules are small and each is tested, but they only make sense read in sequence, and about 50 lines are those
word lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate
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
# A word of a clean reading, as `CleanText` counts them: the start of a run of non-spaces up to its first
# letter or digit ([^\W_]: what `str.isalnum` accepts), so "…" and "-" are not words. (Tried only where a
# run starts, and lazily, so a search is linear in the text's length.)
_COUNTED_WORD = re.compile(r"(?<!\S)\S*?[^\W_]")


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
        n_words = len(_COUNTED_WORD.findall(self.text))  # the words with a letter or digit in them
        n_removed_words = 0
        for removal in self.removals:
            spoken = _MARKUP_ONLY.sub(" ", removal.text)
            n_removed_words += len(_words(spoken)) + removal.text.lower().count("disfmarker")
        object.__setattr__(self, "n_words", n_words)
        object.__setattr__(self, "n_removed_words", n_removed_words)


class _Tokens:
    """A text cut into tokens, one list per attribute, indexed by token position: `kind[i]` ("markup",
    "word", "space" or "punct"), `text[i]` and `lower[i]` (its lower case), `start[i]` and `end[i]`
    (offsets in the text), and `removed[i]`, the removal kind once a rule cuts the token (None while it
    stays). `words` lists the positions of the words, which most rules look at alone.

    Lists made in a few passes over the regex's matches rather than an object per token: cheaper to make,
    and a sentence's tokens leave the garbage collector a handful of objects to scan instead of dozens.
    """

    __slots__ = ("kind", "text", "lower", "start", "end", "removed", "words")

    def __init__(self, text: str) -> None:
        # Exactly one of `_TOKEN`'s four groups holds each token (the others are empty), and the tokens
        # tile the text (some group matches at every position), so each starts where the last one ended.
        groups = _TOKEN.findall(text)
        self.text = [markup or word or space or punct for markup, word, space, punct in groups]
        self.kind = [
            "markup" if markup else "word" if word else "space" if space else "punct"
            for markup, word, space, _ in groups
        ]
        self.lower = list(map(str.lower, self.text))
        self.end = list(accumulate(map(len, self.text)))
        self.start = [0, *self.end[:-1]] if groups else []
        self.removed: list[Optional[str]] = [None] * len(groups)
        self.words = [i for i, kind in enumerate(self.kind) if kind == "word"]


def _words(text: str) -> list[str]:
    return [word for _, word, _, _ in _TOKEN.findall(text) if word]


def _is_filler(word: str, lower: str) -> bool:
    """`lower`: `word.lower()`. "ER", "UM" in capitals are acronyms, not hesitations."""
    return lower in FILLER_WORDS and not (word.isupper() and len(word) > 1)


def _next_index(tokens: _Tokens, i: int, *, skip_removed: bool = True) -> Optional[int]:
    kind, removed = tokens.kind, tokens.removed
    for j in range(i + 1, len(kind)):
        if kind[j] == "space" or (skip_removed and removed[j]):
            continue
        return j
    return None


def _prev_index(tokens: _Tokens, i: int, *, skip_removed: bool = True) -> Optional[int]:
    kind, removed = tokens.kind, tokens.removed
    for j in range(i - 1, -1, -1):
        if kind[j] == "space" or (skip_removed and removed[j]):
            continue
        return j
    return None


def _mark_markup(tokens: _Tokens) -> None:
    removed = tokens.removed
    for i, kind in enumerate(tokens.kind):
        if kind == "markup":
            removed[i] = "markup"


def _absorb_comma_after(tokens: _Tokens, i: int, kind: str) -> None:
    j = _next_index(tokens, i)
    if j is not None and tokens.text[j] == ",":
        tokens.removed[j] = kind


def _mark_fillers(tokens: _Tokens) -> None:
    kind, text, lower, removed = tokens.kind, tokens.text, tokens.lower, tokens.removed
    for i in tokens.words:
        if removed[i]:
            continue
        if _is_filler(text[i], lower[i]):
            removed[i] = "filler"
            _absorb_comma_after(tokens, i, "filler")
            continue
        if lower[i] != "you":
            continue
        j = _next_index(tokens, i)
        if j is None or lower[j] != "know":
            continue
        after = _next_index(tokens, j)
        if after is not None and kind[after] != "punct":
            continue  # "you know what", "you know that", "you know we ..." are verb phrases
        if after is not None and text[after] not in ",.;:!?-–—":
            continue
        before = _prev_index(tokens, i)
        if before is not None and kind[before] == "word" and lower[before] in _YOU_KNOW_KEEP_AFTER:
            continue
        removed[i] = removed[j] = "filler"
        _absorb_comma_after(tokens, j, "filler")


# Words after which a lone letter is meant ("the x axis", "plan b", "vitamin d").
_BEFORE_LETTER = frozenset("the a an this that plan vitamin type class grade option letter point section part size".split())


def _is_rare(word: str) -> bool:
    """Not an everyday word: a cut-off form like "wha" or "somethin" rather than "to" or "in"."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") < 4.5


def _mark_fragments(tokens: _Tokens) -> None:
    """Cut-off words restarted at once: "th- the", "wh- what", "g great"."""
    kind, text, lower, removed = tokens.kind, tokens.text, tokens.lower, tokens.removed
    n_tokens = len(kind)
    for i in tokens.words:
        if removed[i]:
            continue
        word = text[i]
        j = i + 1
        hyphen = j < n_tokens and text[j] in "-–" and tokens.start[j] == tokens.end[i]
        if hyphen:
            j += 1
        elif not word.isalpha() or not word.islower() or word in ("a", "i") or len(word) > 1 and word in STOP_WORDS:
            continue  # without a hyphen, only a lower-case letter or a rare word can be a fragment
        if j >= n_tokens or kind[j] != "space":
            continue
        k = _next_index(tokens, j - 1)
        if k is None or kind[k] != "word":
            continue
        following = text[k]
        prefix = len(word) < len(following) and lower[k].startswith(lower[i])
        if hyphen:
            if prefix and word.isalpha():
                removed[i] = removed[i + 1] = "fragment"
        elif prefix and (len(word) == 1 or _is_rare(word)):
            removed[i] = "fragment"  # "g great", "somethin something", "wha what"
        elif len(word) == 1:
            before = _prev_index(tokens, i)
            if before is None or lower[before] not in _BEFORE_LETTER:
                removed[i] = "fragment"  # a stray cut-off letter: "l as you point out", "s magic"


def _mark_repetitions(tokens: _Tokens) -> None:
    """Later copies of a word or run of up to four words said again at once are cut.

    One left-to-right pass (linear in the text): at each word, the longest unit repeated right after it
    is cut and the same position is checked again, so "I I I" keeps one "I".
    """
    kind, lower, removed = tokens.kind, tokens.lower, tokens.removed
    words = [(i, lower[i]) for i in tokens.words if not removed[i]]
    w = 0
    n_words = len(words)
    while w < n_words:
        for n in (4, 3, 2, 1):
            if w + 2 * n > n_words or words[w][1] != words[w + n][1] or not _is_repeat(tokens, words, w, n):
                continue  # (the first words must match: a cheap test before the full one)
            first_cut, last_cut = words[w + n][0], words[w + 2 * n - 1][0]
            for g in range(words[w + n - 1][0] + 1, first_cut):
                if kind[g] == "punct" and not removed[g]:
                    removed[g] = "repetition"
                elif removed[g] in ("filler", "fragment"):
                    removed[g] = "repetition"
            for g in range(first_cut, last_cut + 1):
                if kind[g] != "space":
                    removed[g] = "repetition"
            del words[w + n : w + 2 * n]
            n_words -= n
            break
        else:
            w += 1


def _is_repeat(tokens: _Tokens, words: list[tuple[int, str]], w: int, n: int) -> bool:
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
    kind, text, removed = tokens.kind, tokens.text, tokens.removed
    return not any(
        kind[g] == "punct" and not removed[g] and text[g] not in _SEPARATOR_PUNCT
        for g in range(words[w + n - 1][0] + 1, words[w + n][0])
    )


def _contiguous(tokens: _Tokens, first: int, last: int) -> bool:
    kind, removed = tokens.kind, tokens.removed
    return all(kind[g] in ("word", "space") and not removed[g] for g in range(first, last + 1))


_KIND_ORDER = ("filler", "fragment", "repetition", "markup")


def _gaps(tokens: _Tokens) -> list[tuple[Optional[int], Optional[int], list[int]]]:
    """(left kept index, right kept index, removed token indices) for every run of cuts."""
    gaps: list[tuple[Optional[int], Optional[int], list[int]]] = []
    left: Optional[int] = None
    cut: list[int] = []
    for i, (kind, removed) in enumerate(zip(tokens.kind, tokens.removed)):
        if removed:
            cut.append(i)
        elif kind != "space":
            if cut:
                gaps.append((left, i, cut))
                cut = []
            left = i
    if cut:
        gaps.append((left, None, cut))
    return gaps


def _is_marked(tokens: _Tokens, left: Optional[int], right: Optional[int], cut: list[int]) -> bool:
    """A cut gets an ellipsis when it really interrupts a clause: a {disfmarker} with words on both
    sides. A filler taken out mid-clause leaves nothing missing, so it is not marked."""
    return _is_mid_clause(tokens, left, right, cut) and any(
        tokens.kind[g] == "markup" and "disfmarker" in tokens.lower[g] for g in cut
    )


def _is_mid_clause(tokens: _Tokens, left: Optional[int], right: Optional[int], cut: list[int]) -> bool:
    """A cut inside a clause: words on both sides, no sentence end beside it, and it holds a filler or a
    {disfmarker} but no repetition (its commas go with it: "have to, um, stop" -> "have to stop")."""
    if left is None or right is None:
        return False
    text = tokens.text
    if text[left] in _SENTENCE_END or text[right] in _SENTENCE_END:
        return False
    if _only_interjections_before(tokens, left):
        return False  # "Okay, um, we need ..." -> "Okay, we need ...": nothing of the clause was cut
    kinds = {tokens.removed[g] for g in cut}
    if "repetition" in kinds:
        return False
    return "filler" in kinds or any(tokens.kind[g] == "markup" and "disfmarker" in tokens.lower[g] for g in cut)


_INTERJECTIONS = frozenset("okay ok yeah yes yep no right so well oh alright now look".split())


def _only_interjections_before(tokens: _Tokens, left: int) -> bool:
    """True when the kept words between the last sentence start and `left` are all interjections."""
    kind, text, lower, removed = tokens.kind, tokens.text, tokens.lower, tokens.removed
    for g in range(left, -1, -1):
        if kind[g] == "space" or removed[g]:
            continue
        if text[g] in _SENTENCE_END:
            return True
        if kind[g] == "punct" and text[g] in ",;:":
            continue
        if kind[g] != "word" or lower[g] not in _INTERJECTIONS:
            return False
    return True


def _drop_stranded_commas(tokens: _Tokens) -> list[tuple[Optional[int], Optional[int], list[int]]]:
    """A comma left beside a cut goes with it: "have to, um, stop" -> "have to … stop", "stop, um." ->
    "stop.", and a quote never starts or ends on a comma. Returns the runs of cuts after (`_gaps`)."""
    text, removed = tokens.text, tokens.removed
    for _ in range(3):  # a pass can strand one more comma before the cut it widened; three always do
        changed = False
        gaps = _gaps(tokens)
        for left, right, cut in gaps:
            if left is None or text[left] != "," or removed[left]:
                continue
            marked = _is_mid_clause(tokens, left, right, cut)
            if marked or right is None or text[right] in _SENTENCE_END or text[right] == ",":
                removed[left] = removed[cut[0]] if marked else "filler"
                changed = True
        if not changed:
            return gaps  # (a pass that cut nothing leaves the runs as they were)
    return _gaps(tokens)


def _render(
    verbatim: str, tokens: _Tokens, gaps: list[tuple[Optional[int], Optional[int], list[int]]]
) -> tuple[str, list[Removal], int]:
    """The clean text, the removals and the number of ellipses; `gaps`: the runs of cuts (`_gaps`).

    Between two cuts the kept tokens stand in `verbatim` as they were said, spaces and all, so each such
    run is written as `_tidy_spaces` writes a text with nothing cut; only the joins at the cuts are
    worked out token by token.
    """
    text, start, end, removed = tokens.text, tokens.start, tokens.end, tokens.removed
    kept = [i for i, kind in enumerate(tokens.kind) if kind != "space" and not removed[i]]
    removals: list[Removal] = []
    n_ellipses = 0
    out: list[str] = []
    run_start = kept[0] if kept else None  # the first token of the run of kept tokens not yet written
    for left, right, cut in gaps:
        if left is not None:
            out.append(_tidy_spaces(verbatim[start[run_start] : end[left]]))
        marked = _is_marked(tokens, left, right, cut)
        kinds = {removed[g] for g in cut}
        first, last = start[cut[0]], end[cut[-1]]
        kind = next(k for k in _KIND_ORDER if k in kinds)
        removals.append(Removal(first, last, verbatim[first:last], kind, marked))
        run_start = right
        if left is None or right is None:
            continue  # a cut at either end just disappears
        if marked:
            out.append(f" {ELLIPSIS} ")
            n_ellipses += 1
        elif not (text[right][:1] in _NO_SPACE_BEFORE or _CONTRACTION.match(text[right])):
            out.append(" ")
    if run_start is not None:
        out.append(_tidy_spaces(verbatim[start[run_start] : end[kept[-1]]]))
    return "".join(out), removals, n_ellipses


def _cuts_nothing(verbatim: str) -> bool:
    """A quick test that is True only when no rule can cut anything from `verbatim`: no markup, no
    filler, no word followed by a hyphen or by a longer word it begins, no stray lower-case letter and
    no word or run of words said twice in a row. (False means only that something may be cut.)

    Most sentences pass it, and then their clean reading only needs its spaces tidied (`_tidy_spaces`).
    """
    if _MARKUP_ONLY.search(verbatim):
        return False
    words = _WORD_ONLY.findall(verbatim)  # without markup, exactly `_Tokens`' words
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
        return CleanText(text=_capitalise(_tidy_spaces(verbatim)), removals=(), n_ellipses=0)
    tokens = _Tokens(verbatim)
    _mark_markup(tokens)
    _mark_fillers(tokens)
    _mark_fragments(tokens)
    _mark_repetitions(tokens)
    gaps = _drop_stranded_commas(tokens)
    text, removals, n_ellipses = _render(verbatim, tokens, gaps)
    return CleanText(text=_capitalise(text), removals=tuple(removals), n_ellipses=n_ellipses)


_SENTENCE_OPENING = re.compile(r"(?:^|(?<=[.!?] ))[a-z]")
_ANY_OPENING = re.compile(r"(?:^|(?<=[.!?] ))[A-Za-z]")


def _capitalise(text: str) -> str:
    """The clean reading opens each sentence with a capital ("um, we have to stop." -> "We have to
    stop."); the verbatim keeps the case as said."""
    return _SENTENCE_OPENING.sub(lambda m: m.group(0).upper(), text)


def is_faithful(text: str, verbatim: str) -> bool:
    """True when `text` adds nothing: its characters other than spaces and the ellipsis are, in order and
    up to case (sentence openings are capitalised), a subsequence of `verbatim`'s."""
    openings = {m.start() for m in _ANY_OPENING.finditer(text)}
    wanted = [(c, i in openings) for i, c in enumerate(text) if not c.isspace() and c != ELLIPSIS]
    source = iter(c for c in verbatim if not c.isspace())
    return all(any(c == s or folds and c == s.upper() for s in source) for c, folds in wanted)

"""Candidate quotes: one to `max_sentences` consecutive spaCy sentences of one turn that stand alone.

A span is a candidate when it does not open on a dangling reference or connective ("And so it ...",
"That's why ...", "They bought it ..."), holds no procedural sentence ("Thank you, Chair"), is not a
question (a rhetorical question answered inside the span is allowed, a question put to someone is
not), every sentence is a full clause (a finite verb with its subject, or an imperative), it does not
trail off, and its clean reading has `min_words` to `max_words` words.

The same checks, as `Issue`s, feed the `standalone` feature, so `roundtable score` can say why a line
would never be picked.

Why one module: the stand-alone rules for a span (openers, connectives, dangling references, procedure,
fragments, set-up and payoff) are checked together over the same spaCy sentences, and each rule's tests read
against the others; about 20 lines are its word lists.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator, Optional, Sequence

from spacy.tokens import Doc, Span, Token

from ..procedural import is_procedural
from ..tokens import TokenTable, token_table
from . import lexicon
from .clean import CleanText, Removal, clean_quote
from .tokens import DocTokens, Tok

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_FINITE_TAGS = frozenset({"VBD", "VBP", "VBZ", "MD"})
_CLAUSAL_DEPS = frozenset({"xcomp", "ccomp", "csubj", "advcl", "relcl", "acl"})
_SKIP_ALWAYS = frozenset("yeah yes yep okay ok oh well um uh er erm ehm mm hmm ah alright right mhm".split())
_TRAILING = ("-", "–", "—", ",", ":", ";", "…", "...", "/")
_CATAPHORIC_END = lexicon.Cue(
    "cataphoric end",
    1.0,
    re.compile(r"\b(?:is|are|was|were|be) (?:this|these|the following|as follows)\W*$", re.IGNORECASE),
    ("this", "these", "the following", "as follows"),
)
_TRAILING_WORDS = frozenset("and but or because the a an if".split())
# Words that finish a sentence when its full stop follows ("a crisis they did not cause.", "I think so.")
# but trail off after a connective or a comma ("and so.", "..., so.") or without the full stop.
_TRAILING_UNLESS_STOPPED = frozenset("so cause".split())


@dataclass(frozen=True)
class Issue:
    """Why a span does not stand alone. `hard` issues exclude it from the candidates; every issue lowers
    the `standalone` feature by `penalty`."""

    kind: str
    message: str
    penalty: float
    hard: bool = True


@dataclass(frozen=True)
class SentenceInfo:
    """One spaCy sentence of a turn with the checks a candidate needs (offsets into the turn's text).

    `tokens` holds the doc's tokens (read once, see `tokens.py`); `kept` the sentence's tokens that
    survive cleaning, without spaces.

    `procedural`, `question` and `addressed` are worked out when first read: more than half of a
    meeting's sentences are not full clauses, trail off or lack their full stop, so they never start or
    end a candidate and nothing asks.
    """

    span: Span
    start: int
    end: int
    clean: CleanText
    clause: bool
    trailing_off: bool
    unpunctuated: bool = False
    tokens: Optional[DocTokens] = None
    kept: tuple[Tok, ...] = ()

    @cached_property
    def procedural(self) -> bool:
        """Only runs the meeting (`is_procedural`), or the speaker says who they are."""
        return is_procedural(self.clean.text) or _is_introduction(self.kept)

    @cached_property
    def question(self) -> bool:
        return _is_question(self.clean.text, self.kept) or self._prompt

    @cached_property
    def addressed(self) -> bool:
        """A question put to someone (only questions are: False for any other sentence)."""
        text = self.clean.text
        return self.question and (_is_addressed(text, lexicon.fold(text), self.kept) or self._prompt)

    @cached_property
    def setup(self) -> bool:
        """Sets up what the next sentence pays off ("We did an exercise last year on one family in
        Calderbrook.", `lexicon.SETUP`): at most 20 words, a statement of one clause (a second finite verb,
        "... and it showed that nobody was in charge", tells the story already)."""
        text = self.clean.text
        if self.clean.n_words > 20 or text.rstrip().endswith("?") or not lexicon.SETUP.search(text):
            return False
        return sum(1 for t in self.kept if t.tag_ in ("VBD", "VBP", "VBZ", "MD")) <= 1

    @cached_property
    def _prompt(self) -> bool:
        return _is_prompt(self.kept)

    @cached_property
    def opener_issues(self) -> list[Issue]:
        """Why a span opening on this sentence would dangle (`opener_issues`), worked out once."""
        return opener_issues(self.kept, self.clean.text)


@dataclass(frozen=True)
class Candidate:
    """A span of consecutive sentences of one turn. `verbatim == turn.text[char_start:char_end]`."""

    turn_index: int
    speaker: str
    sentences: tuple[SentenceInfo, ...]
    char_start: int
    char_end: int
    verbatim: str
    clean: CleanText
    issues: tuple[Issue, ...] = ()
    # The span's tokens that survive its cleaning, without spaces (`kept_tokens`), for the features.
    kept: list[Tok] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        first, last = self.sentences[0], self.sentences[-1]
        if len(self.sentences) == 1 and self.clean is first.clean:
            kept = list(first.kept)
        else:
            kept = kept_tokens(first.tokens[first.span.start : last.span.end], self.clean, self.char_start)
        object.__setattr__(self, "kept", kept)

    @property
    def span(self) -> Span:
        first, last = self.sentences[0].span, self.sentences[-1].span
        return first.doc[first.start : last.end]

    @property
    def n_words(self) -> int:
        return self.clean.n_words


def _stripped_bounds(span: Span, text: str) -> tuple[int, int]:
    """`span`'s character offsets without the whitespace at either end (`text`: the span's text)."""
    left = len(text) - len(text.lstrip())
    right = len(text.rstrip())
    return span.start_char + left, span.start_char + right


def removed_offsets(clean: CleanText, base: int) -> list[tuple[int, int]]:
    return [(base + r.start, base + r.end) for r in clean.removals]


def kept_tokens(span: Sequence[Token], clean: CleanText, base: int) -> list[Token]:
    """Tokens of `span` (a spaCy span or a list of `Tok`s) that survive cleaning (not inside a cut),
    without spaces."""
    if not clean.removals:
        return [token for token in span if not token.is_space]
    cuts = sorted(removed_offsets(clean, base))
    starts = [lo for lo, _ in cuts]
    tokens = []
    for token in span:
        if token.is_space:
            continue
        k = bisect_right(starts, token.idx) - 1  # the last cut starting at or before the token
        if k >= 0 and token.idx < cuts[k][1]:
            continue
        tokens.append(token)
    return tokens


def _is_full_clause(tokens: Sequence[Token]) -> bool:
    """A finite verb with a subject, or an imperative (a bare verb opening the sentence)."""
    words = [t for t in tokens if not t.is_punct]
    if not words:
        return False
    # The main clause must be finite with a subject: "Independent of what the goal is." is not a clause
    # although "the goal is" is. Coordinated roots ("..., and we have ...") count as main clauses too.
    for root in (t for t in words if t.dep_ == "ROOT" or t.dep_ == "conj" and t.head.dep_ == "ROOT"):
        if root.pos_ not in ("VERB", "AUX"):
            continue
        finite = root.tag_ in _FINITE_TAGS or any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE_TAGS for c in root.children)
        if finite and any(c.dep_ in _SUBJECT_DEPS for c in root.children):
            return True
    # Imperative: "Tell them what you want.", "Don't tell a provider how ...", "Let's stop ...".
    lead = [t for t in words if t.lower_ not in _SKIP_ALWAYS and t.lower_ not in ("please", "just", "so", "now")]
    if not lead:
        return False
    first = lead[0]
    if first.lower_ in ("do", "don't", "never", "always") and len(lead) > 1:
        first = lead[1] if lead[1].lower_ not in ("n't", "not") else (lead[2] if len(lead) > 2 else lead[1])
    return first.tag_ == "VB" and first.pos_ == "VERB" and not any(c.dep_ in _SUBJECT_DEPS for c in first.children)


def _ends_with(text: str, endings: Sequence[str]) -> bool:
    stripped = text.rstrip().rstrip("\"'”’)]")
    return stripped.endswith(tuple(endings))


_INVERTING = frozenset("can could will would do does did is are was were should may might have has shall".split())
_SUBJECT_PRONOUNS = frozenset("i you we they he she it there".split())


def _is_question(clean_text: str, tokens: Sequence[Token] = ()) -> bool:
    """Ends in "?", asks formally ("My question is ..."), or opens with an inverted auxiliary and subject
    ("Can I have a question.", "Do you think it works") when the transcript dropped the "?"."""
    if _ends_with(clean_text, ("?",)) or lexicon.INDIRECT_QUESTION.match(clean_text):
        return True
    words = [t for t in tokens if not t.is_punct and t.lower_ not in _SKIP_ALWAYS and t.lower_ not in ("wait", "so", "and", "but")]
    return len(words) >= 2 and words[0].lower_ in _INVERTING and words[1].lower_ in _SUBJECT_PRONOUNS


_RHETORICAL_MAX_WORDS = 10
_CHAIR_CUES = tuple(cue for cue in lexicon.META_CUES if cue.name == "addresses the chair")


def _is_addressed(clean_text: str, folded: str, tokens: Sequence[Token]) -> bool:
    """A question put to someone: second person, a vocative, a formal request to a minister, or simply
    too long to be a rhetorical question ("Who pays for it?") answered in the next sentence.

    `folded`: `lexicon.fold(clean_text)`, to skip the cues whose words the text does not hold."""
    if lexicon.INDIRECT_QUESTION.match(clean_text):
        return True
    if len(clean_text.split()) > _RHETORICAL_MAX_WORDS:
        return True
    if any(t.lower_ in lexicon.SECOND_PERSON for t in tokens):
        return True
    return any(cue.pattern.search(clean_text) for cue in lexicon.possible_cues(_CHAIR_CUES, folded))


_ROLES = frozenset("chair chairman chairwoman chairperson convener director head leader secretary treasurer manager "
                   "member founder coordinator co-ordinator organiser organizer president officer trustee".split())
_ROLE_VERBS = frozenset("chair convene lead run represent head direct coordinate co-ordinate manage found".split())


def _names_body(words: Sequence[Token]) -> bool:
    """The words name an organisation: after an optional "the"/"our", a proper noun or an ORG entity."""
    rest = [t for t in words if t.lower_ not in ("the", "our", "a")]
    return bool(rest) and (rest[0].ent_type_ in ("ORG", "GPE", "FAC") or rest[0].pos_ == "PROPN" and rest[0].text[:1].isupper())


def _is_introduction(tokens: Sequence[Token]) -> bool:
    """The speaker says who they are: "I'm Priya Natarajan and I chair ...", "My name is ..."."""
    words = [t for t in tokens if not t.is_punct and t.lower_ not in _SKIP_ALWAYS and t.lower_ not in ("hi", "hello")]
    lowered = [t.lower_ for t in words[:6]]
    if lowered[:2] in (["i", "'m"], ["i", "am"]) and len(words) > 2:
        if words[2].ent_type_ == "PERSON" or words[2].pos_ == "PROPN" and words[2].text[:1].isupper():
            return True
        # "I'm the chair of Westbrook Tenants' Federation", "I am director of ...": a role, then a name.
        role = words[3:] if lowered[2:3] in (["the"], ["a"], ["an"]) else words[2:]
        if len(role) >= 3 and role[0].lower_ in _ROLES and role[1].lower_ in ("of", "at", "for") and _names_body(role[2:]):
            return True
    # "I chair Westbrook Tenants' Federation", "I represent the Eastfield Residents' Association".
    if len(words) >= 3 and lowered[0] == "i" and words[1].lemma_.lower() in _ROLE_VERBS and _names_body(words[2:]):
        return True
    return lowered[:3] in (["my", "name", "is"], ["my", "name", "'s"])


def _is_prompt(tokens: Sequence[Token]) -> bool:
    """A name called, then "you": the speaker hands over to someone ("Siân, you're the one with ...")."""
    words = [t for t in tokens if not t.is_punct or t.text == ","]
    for n_name in (1, 2, 3):
        name, rest = words[:n_name], words[n_name:]
        if len(rest) < 2 or rest[0].text != ",":
            continue
        is_name = all(t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN") or t.lower_ in ("mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr.") for t in name)
        return is_name and any(t.lower_ in lexicon.SECOND_PERSON for t in rest[1:])
    return False


def _ends_cataphoric(clean_text: str) -> bool:
    """Ends pointing ahead to what is not said yet: "... is this.", "... are as follows:"."""
    return _CATAPHORIC_END.may_match(lexicon.fold(clean_text)) and bool(_CATAPHORIC_END.pattern.search(clean_text))


def _trails_off_on(last: Token, tokens: Sequence[Token]) -> bool:
    """`last` ("so", "cause") ends the sentence's words: it trails off unless its full stop follows and
    no connective or comma comes before it ("and so.", "..., so.")."""
    at = next(i for i, t in enumerate(tokens) if t is last)
    after = [t for t in tokens[at + 1 :]]
    if not after or after[0].text not in (".", "!"):
        return True
    before = tokens[at - 1] if at > 0 else None
    return before is not None and (before.text == "," or before.lower_ in _TRAILING_WORDS)


def sentence_info(span: Span, doc_tokens: Optional[DocTokens] = None) -> Optional[SentenceInfo]:
    """The checks for one sentence; None for a sentence with no words (whitespace, markup only).

    `doc_tokens`: the tokens of `span.doc` (`DocTokens`), when the caller has them already.
    """
    doc_tokens = doc_tokens if doc_tokens is not None else DocTokens(span.doc)
    span_text = doc_tokens.text[span.start_char : span.end_char]
    start, end = _stripped_bounds(span, span_text)
    if end <= start:
        return None
    verbatim = span_text.strip()  # == doc.text[start:end]
    clean = clean_quote(verbatim)
    if not any(c.isalnum() for c in clean.text):
        return None
    span_tokens = doc_tokens[span.start : span.end]
    tokens = kept_tokens(span_tokens, clean, start)
    words = [t for t in tokens if not t.is_punct]
    trailing = (
        _ends_with(verbatim, _TRAILING)
        or _ends_cataphoric(clean.text)  # "... part of what we should do is this."
        or verbatim.rstrip().lower().endswith("{disfmarker}")
        or bool(words) and words[-1].lower_ in _TRAILING_WORDS  # "... and." "... because."
        or bool(words) and words[-1].lower_ in _TRAILING_UNLESS_STOPPED and _trails_off_on(words[-1], tokens)
    )
    return SentenceInfo(
        span=span,
        start=start,
        end=end,
        clean=clean,
        # Judged on every token: a stutter's cut copy may be the one the parser made the subject.
        clause=_is_full_clause([t for t in span_tokens if not t.is_space]),
        trailing_off=trailing,
        unpunctuated=not _ends_with(clean.text, (".", "!", "?", "…")),
        tokens=doc_tokens,
        kept=tuple(tokens),
    )


def doc_sentences(doc: Doc, table: Optional[TokenTable] = None) -> list[SentenceInfo]:
    """The checked sentences of one doc (sentences without words left out).

    `table`: the doc's `TokenTable` when the caller has it; its sentence bounds are those of `doc.sents`.
    """
    table = table if table is not None else token_table(doc)
    doc_tokens = DocTokens(doc, table)
    infos = []
    for start, end in table.sentence_bounds():
        info = sentence_info(Span(doc, start, end), doc_tokens)
        if info is not None:
            infos.append(info)
    return infos


# ------------------------------------------------------------------------------ stand-alone checks


def _opening_token(tokens: Sequence[Token]) -> Optional[int]:
    """Index in `tokens` of the first word that carries the sentence (after interjections)."""
    for i, token in enumerate(tokens):
        if token.is_punct:
            continue
        word = token.lower_
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if word in _SKIP_ALWAYS:
            continue
        if word in lexicon.DISCOURSE_MARKERS and following is not None and following.is_punct:
            continue
        return i
    return None


def _first_noun(tokens: Sequence[Token]) -> int:
    """Position of the first noun (a possible antecedent) in `tokens`, or len(tokens)."""
    return next((i for i, t in enumerate(tokens) if t.pos_ in ("NOUN", "PROPN")), len(tokens))


def _is_extraposed_it(token: Token) -> bool:
    """Dummy "it" with the real subject later: "It is time to act", "It costs us more to ..."."""
    head = token.head
    if head.lemma_.lower() not in lexicon.EXTRAPOSING_VERBS:
        return False
    for descendant in head.subtree:
        if descendant.i <= head.i or descendant.dep_ not in ("xcomp", "ccomp", "csubj", "advcl"):
            continue
        markers = {c.lower_ for c in descendant.children if c.dep_ in ("aux", "mark")}
        if markers & {"to", "that", "if", "whether", "when", "how"}:
            return True
    return False


def opener_issues(tokens: Sequence[Token], clean_text: str) -> list[Issue]:
    """Why a span opening with these (kept) tokens would dangle. Empty when it stands alone."""
    issues: list[Issue] = []
    first = _opening_token(tokens)
    if first is None:
        return [Issue("empty", "no words", 1.0)]
    opener = tokens[first]
    word = opener.lower_
    rest_text = clean_text[max(0, opener.idx - tokens[0].idx) :] if tokens else clean_text
    so_intensifier = word == "so" and opener.head.i == opener.i + 1 and opener.head.pos_ in ("ADJ", "ADV", "DET")
    if word in lexicon.CONNECTIVE_OPENERS and not so_intensifier:
        issues.append(Issue("connective", f"opens on a connective ('{opener.text}')", 1.0))
    elif multiword := lexicon.MULTIWORD_OPENERS.match(rest_text):
        issues.append(Issue("connective", f"opens on a link to what came before ('{multiword.group(0)}')", 1.0))
    words = [t for t in tokens if not t.is_punct]
    following = tokens[first + 1] if first + 1 < len(tokens) else None
    if word == "not" and following is not None and following.lower_ in ("the", "a", "an", "that", "this", "really", "quite", "exactly", "necessarily", "yet", "always", "at", "for", "in", "with", "just"):
        issues.append(Issue("reply", f"answers or corrects someone ('Not {following.text} ...')", 1.0))
    root = next((t for t in words if t.dep_ == "ROOT"), None)
    stranded = bool(words) and (words[-1].pos_ == "AUX" or words[-1].lower_ in ("n't", "not") and len(words) > 1 and words[-2].pos_ == "AUX")
    if (
        root is not None
        and root.pos_ == "AUX"
        and all(c.dep_ in ("nsubj", "neg", "punct", "intj") for c in root.children)
        or stranded and (words[-1].dep_ == "ROOT" or len(words) <= 6)
    ):
        # Verb-phrase ellipsis: "You can't.", "We did.", "It is." answer what was said before.
        issues.append(Issue("reply", f"an elliptical reply ('{_short(clean_text)}')", 1.0))
    if lexicon.BARE_REPLY.match(clean_text):
        issues.append(Issue("reply", "a bare reply to someone else", 1.0))
    if pro_form := lexicon.PRO_FORM_SO.search(clean_text):
        issues.append(Issue("reply", f"answers a question ('{pro_form.group(0)}')", 1.0))
    opener_at = words.index(opener)  # (the opener is a word: `_opening_token` skips punctuation)
    lead_ids = {t.i for t in words[opener_at : opener_at + 3]}
    first_noun = _first_noun(tokens)
    # A reference points back only before the first noun (a possible antecedent), so the tokens after it
    # are not looked at.
    for position, token in enumerate(tokens[: first_noun + 1]):
        lower = token.lower_
        if lower in lexicon.DEMONSTRATIVES and token.tag_ == "DT" and token.dep_ != "det":
            if any(c.dep_ in ("relcl", "acl", "prep") for c in token.children):
                continue  # "those who ...", "that of ..." carry their own reference
            if first_noun >= position:
                issues.append(Issue("reference", f"'{token.text}' points to something said before", 1.0))
                break
        if lower in lexicon.THIRD_PERSON and token.pos_ == "PRON" and first_noun >= position:
            hard = token.i in lead_ids
            issues.append(
                Issue("reference", f"'{token.text}' refers to someone not named in the quote", 1.0 if hard else 0.3, hard)
            )
            break
        if lower == "it" and token.dep_ in ("nsubj", "nsubjpass") and token.i in lead_ids and first_noun >= position:
            if not _is_extraposed_it(token):
                issues.append(Issue("reference", "'it' points to something said before", 1.0))
                break
        if lower in ("it", "them") and token.dep_ in ("dobj", "pobj", "dative") and first_noun >= position:
            short = len(words) <= 6
            issues.append(Issue("reference", f"'{token.text}' points to something said before", 1.0 if short else 0.3, short))
            break
    lead = next((t for t in tokens if not t.is_punct), opener)
    if lead.text[:1].islower() and lead.text[:1].isalpha() and lead.lower_ not in ("i", "i'm", "i've", "i'd", "i'll"):
        issues.append(Issue("fragment", "starts in lower case (may begin mid-sentence)", 0.3, hard=False))
    if any(t.lower_ in ("also", "too", "again", "either") for t in words[: opener_at + 4]):
        issues.append(Issue("continuation", "continues an earlier point ('also', 'too', 'again')", 0.2, hard=False))
    if first > 0 and any(t.lower_ in ("yeah", "yes", "okay", "ok", "oh", "right", "mm", "hmm") for t in tokens[:first]):
        issues.append(Issue("interjection", f"opens on an interjection ('{tokens[0].text}')", 0.15, hard=False))
    return issues


def span_issues(sentences: Sequence[SentenceInfo]) -> list[Issue]:
    """Every reason the span of these sentences would not stand alone as a quote."""
    issues: list[Issue] = []
    issues.extend(sentences[0].opener_issues)
    for position, sentence in enumerate(sentences):
        if sentence.procedural:
            issues.append(Issue("procedural", f"procedural ('{_short(sentence.clean.text)}')", 1.0))
        if not sentence.clause and not (position > 0 and sentences[position - 1].setup):
            issues.append(Issue("fragment", f"not a full clause ('{_short(sentence.clean.text)}')", 0.7))
        if sentence.question and not _is_answered(sentences, position):
            issues.append(Issue("question", f"a question ('{_short(sentence.clean.text)}')", 0.5))
        if sentence.trailing_off:
            issues.append(Issue("trailing", "trails off", 0.5))
    return issues


def _is_answered(sentences: Sequence[SentenceInfo], position: int) -> bool:
    """A rhetorical question answered at once by the speaker ("Who pays for it? The residents do."): short,
    put to nobody, and followed by a statement that itself stands alone."""
    question = sentences[position]
    if question.addressed or position + 1 >= len(sentences):
        return False
    answer = sentences[position + 1]
    if answer.question or answer.procedural:
        return False
    return not any(i.hard for i in answer.opener_issues)


def _short(text: str, n_words: int = 6) -> str:
    words = text.split()
    return " ".join(words[:n_words]) + (" …" if len(words) > n_words else "")


def turn_candidates(
    turn_index: int,
    speaker: str,
    sentences: Sequence[SentenceInfo],
    *,
    min_words: int,
    max_words: int,
    max_sentences: int,
    punctuated: bool = False,
) -> Iterator[Candidate]:
    """Every span of 1..max_sentences consecutive sentences of one turn that passes the hard checks.

    `punctuated`: the transcript ends its sentences with punctuation (see `is_punctuated`), so a
    sentence without any was cut off (an interruption, the end of a caption) and never goes in a span.
    """
    text = sentences[0].tokens.text if sentences else ""
    for i, first in enumerate(sentences):
        # (`procedural` last: it is worked out when first read, and most sentences fail before it)
        if not first.clause or first.trailing_off or punctuated and first.unpunctuated or first.procedural:
            continue
        if any(issue.hard for issue in first.opener_issues):
            continue
        for j in range(i, min(len(sentences), i + max_sentences)):
            chosen = sentences[i : j + 1]
            last = chosen[-1]
            # A verbless payoff of a set-up ("... on one family in Calderbrook. Nineteen different agencies
            # involved, ...") belongs to the span like a clause.
            payoff = j > i and sentences[j - 1].setup
            if not (last.clause or payoff) or last.trailing_off or punctuated and last.unpunctuated or last.procedural:
                break
            if last.question and last.addressed:
                break
            n_words = sum(s.clean.n_words for s in chosen)
            if n_words > max_words:
                break
            if last.question or n_words < min_words:
                continue
            if last.setup and j + 1 < len(sentences) and not sentences[j + 1].procedural:
                continue  # ends on a set-up while the turn goes on: the span extends to its payoff
            issues = span_issues(chosen)
            if any(issue.hard for issue in issues):
                continue
            verbatim = text[first.start : last.end]
            yield Candidate(
                turn_index=turn_index,
                speaker=speaker,
                sentences=tuple(chosen),
                char_start=first.start,
                char_end=last.end,
                verbatim=verbatim,
                clean=_span_clean(chosen, text) if j > i else first.clean,
                issues=tuple(issues),
            )


_MARKUP_OPENERS = frozenset("{<[(")
_MARKUP_CLOSERS = frozenset("}>])")


def _span_clean(sentences: Sequence[SentenceInfo], text: str) -> CleanText:
    """`clean_quote` of the span of consecutive `sentences` (`text`: their doc's text), put together from
    the sentences' own clean readings where that gives the same text and cuts, else worked out afresh.

    Two readings are joined with a space only where no cleaning rule reaches across the join: the
    sentence before it ends on ".", "!" or "?" (a token that is always kept, and at which the
    repetition, fragment, "you know", comma and ellipsis rules all stop), only whitespace stands between
    the two, no markup opened before the join can close after it, and the next reading starts with a
    letter or digit other than "n" (so it takes a space and is no contraction such as "n't").
    """
    first = sentences[0]
    clean = first.clean
    for previous, sentence in zip(sentences, sentences[1:]):
        opening = sentence.clean.text[:1]
        joinable = (
            text[previous.end : sentence.start].isspace()
            and text[previous.end - 1] in ".!?"
            and opening.isalnum()
            and opening not in "nN"
            and (
                _MARKUP_OPENERS.isdisjoint(text[first.start : previous.end])
                or _MARKUP_CLOSERS.isdisjoint(text[sentence.start : sentence.end])
            )
        )
        if not joinable:
            return clean_quote(text[first.start : sentences[-1].end])
        offset = sentence.start - first.start  # the sentence's cuts, as offsets into the span's verbatim
        removals = tuple(
            Removal(cut.start + offset, cut.end + offset, cut.text, cut.kind, cut.marked) for cut in sentence.clean.removals
        )
        clean = CleanText(
            text=f"{clean.text} {sentence.clean.text}",
            removals=clean.removals + removals,
            n_ellipses=clean.n_ellipses + sentence.clean.n_ellipses,
        )
    return clean


def is_punctuated(sentences: Sequence[SentenceInfo], share: float = 0.6) -> bool:
    """Whether a transcript punctuates: at least `share` of its sentences end in . ! ? or …"""
    if not sentences:
        return False
    return sum(not s.unpunctuated for s in sentences) / len(sentences) >= share


def line_candidate(doc: Doc) -> Optional[Candidate]:
    """A whole line (for `roundtable score`) as one candidate, with every issue it has (hard ones too)."""
    sentences = doc_sentences(doc)
    if not sentences:
        return None
    start, end = sentences[0].start, sentences[-1].end
    verbatim = sentences[0].tokens.text[start:end]
    return Candidate(
        turn_index=0,
        speaker="",
        sentences=tuple(sentences),
        char_start=start,
        char_end=end,
        verbatim=verbatim,
        clean=clean_quote(verbatim),
        issues=tuple(span_issues(sentences)),
    )

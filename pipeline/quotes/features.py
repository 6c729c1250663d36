"""Quotability features: each one explains itself, lies in [0, 1], and carries the words that set it.

Computed from the candidate's spaCy span (tags, dependencies, lemmas, entities), skipping the tokens
its clean reading cut, plus two meeting-level views built once per meeting (`MeetingContext`): TF-IDF
over the meeting's sentences (how unusual the wording is within the meeting) and the meeting's keywords
(what it was about). Without a meeting (`roundtable score` on lone lines) `distinctive_meeting` falls
back to the ordinary-English background and `topical` is a neutral 0.5.

Prior knowledge behind them (not fitted to any data): quotes editors print make a claim or call to
action, have a rhetorical shape, speak for or to people, and are concrete; memorable lines
(Danescu-Niculescu-Mizil et al. 2012) use distinctive words in common syntax and are general (present
tense, few third-person pronouns, indefinite articles).

Why one module: the feature set is one vector that the hand scorer and the learned ranker both read in a
fixed order (`FEATURE_NAMES`); each feature is a small pure function next to the word lists it uses (about
60 lines of them).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Sequence

from sklearn.feature_extraction.text import TfidfVectorizer
from spacy.tokens import Token

from ..settings import QuoteSettings
from . import lexicon
from .candidates import Candidate
from .clean import FILLER_WORDS

FEATURE_NAMES: tuple[str, ...] = (
    "standalone",
    "length",
    "concise",
    "claim",
    "contrast",
    "we_you",
    "general",
    "distinctive_english",
    "distinctive_meeting",
    "topical",
    "specifics",
    "fluency",
    "complete",
    "hedging",
    "meta_talk",
    "figure",
    "pledge",
    "negation",
    "question",
    "accusation",
    "punchy",
    "first_person",
    "chairing",
)

# Zipf frequency (log10 per billion words) at which a word counts as ordinary (rarity 0) and as rare (1).
_ZIPF_ORDINARY = 6.0
_ZIPF_RARE = 2.5
# A word wordfreq does not know is as likely a transcription slip as a rare word: half credit.
_UNKNOWN_RARITY = 0.5
_N_KEYWORDS = 25
# One sentence says one thing; each further sentence must earn its place (an antithesis does, via `contrast`).
_CONCISE = {1: 1.0, 2: 0.7, 3: 0.4}


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def english_rarity(token: Token) -> float:
    """How unusual a word is in ordinary English, in [0, 1] (the commoner of its form and lemma counts)."""
    return _rarity(token.lower_, token.lemma_)


@lru_cache(maxsize=200_000)
def _rarity(lower: str, lemma: str) -> float:
    """`english_rarity` of a word by its lower-case form and lemma (the same words come back in every
    candidate they are in)."""
    zipf = max(_zipf(lower), _zipf(lemma.lower()))
    if zipf == 0.0:
        return _UNKNOWN_RARITY
    return min(1.0, max(0.0, (_ZIPF_ORDINARY - zipf) / (_ZIPF_ORDINARY - _ZIPF_RARE)))


def is_content(token: Token) -> bool:
    return (
        token.pos_ in lexicon.CONTENT_POS
        and token.is_alpha
        and not token.is_stop
        and len(token.text) >= 3
        and token.lower_ not in FILLER_WORDS
        and token.lower_ not in lexicon.DISCOURSE_MARKERS
    )


@dataclass(frozen=True)
class Features:
    """Feature values (name -> [0, 1]) and, per feature, the words or cues that set it."""

    values: dict[str, float]
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    n_words: int = 0


@dataclass
class MeetingContext:
    """What the meeting as a whole says: in-meeting IDF of words and the meeting's keywords.

    Built once per meeting with `fit`, then read by every candidate.
    """

    idf_: dict[str, float] = field(default_factory=dict)
    keywords_: dict[str, float] = field(default_factory=dict)

    def fit(
        self, sentence_texts: Sequence[str], content_lemmas: Sequence[str], n_words: Optional[int] = None
    ) -> "MeetingContext":
        """`sentence_texts`: the clean reading of every sentence; `content_lemmas`: every content lemma said
        (keyword candidates); `n_words`: words said in all (the base of expected counts)."""
        texts = [t for t in sentence_texts if len(t.split()) >= 3]
        self.idf_ = {}
        if len(texts) >= 2:
            vectorizer = TfidfVectorizer(lowercase=True, token_pattern=r"(?u)\b[^\W\d_][\w'-]+\b", smooth_idf=True)
            try:
                vectorizer.fit(texts)
            except ValueError:  # empty vocabulary
                vectorizer = None
            if vectorizer is not None:
                idf = vectorizer.idf_
                low, high = float(idf.min()), float(idf.max())
                span = (high - low) or 1.0
                self.idf_ = {term: (float(value) - low) / span for term, value in zip(vectorizer.get_feature_names_out(), idf)}
        counts = Counter(content_lemmas)
        n_tokens = max(1, n_words if n_words is not None else len(content_lemmas) * 3)
        minimum = 3 if sum(counts.values()) > 300 else 2
        # Keywords by log-likelihood against ordinary English (Dunning's G2, the usual keyness statistic):
        # said often here and seldom elsewhere. Only words used more than English would predict count.
        keyness = {}
        for lemma, n in counts.items():
            if n < minimum or len(lemma) < 3 or lemma in lexicon.GENERAL_NOUNS:
                continue
            expected = n_tokens * max(_frequency(lemma), _UNKNOWN_FREQUENCY)
            if n > expected:
                keyness[lemma] = 2.0 * n * math.log(n / expected)
        top = sorted(keyness.items(), key=lambda kv: (-kv[1], kv[0]))[:_N_KEYWORDS]
        best = top[0][1] if top and top[0][1] > 0 else 1.0
        # Square root: G2 grows with raw counts, so the top keyword would otherwise dwarf the rest.
        self.keywords_ = {lemma: math.sqrt(value / best) for lemma, value in top if value > 0}
        return self


@lru_cache(maxsize=200_000)
def _frequency(word: str) -> float:
    from wordfreq import word_frequency

    return word_frequency(word, "en")


# A word wordfreq does not know is treated as one in a million (not rarer), so that transcription
# artefacts repeated in one meeting do not become its keywords.
_UNKNOWN_FREQUENCY = 1e-6


# ------------------------------------------------------------------------------------- features


def _standalone(candidate: Candidate) -> tuple[float, tuple[str, ...]]:
    penalty = sum(issue.penalty for issue in candidate.issues)
    return max(0.0, 1.0 - penalty), tuple(issue.message for issue in candidate.issues)


def _length(n_words: int, settings: QuoteSettings) -> float:
    if n_words < settings.min_words or n_words > settings.max_words:
        return 0.0
    floor = 0.2
    if n_words < settings.sweet_min_words:
        ramp = settings.sweet_min_words - settings.min_words
        return floor + (1 - floor) * ((n_words - settings.min_words) / ramp if ramp else 1.0)
    if n_words > settings.sweet_max_words:
        ramp = settings.max_words - settings.sweet_max_words
        return floor + (1 - floor) * ((settings.max_words - n_words) / ramp if ramp else 1.0)
    return 1.0


def _combine(strengths: dict[str, float]) -> float:
    """Strongest cue, plus a little for each further kind of cue."""
    if not strengths:
        return 0.0
    ordered = sorted(strengths.values(), reverse=True)
    return min(1.0, ordered[0] + 0.15 * len(ordered[1:]))


def _claim(text: str, folded: str, starts: Sequence[Token]) -> tuple[float, tuple[str, ...]]:
    """`folded`: `lexicon.fold(text)`, to skip the cues whose words the text does not hold; `starts`: the
    first word of each sentence (`_sentence_starts`)."""
    strengths: dict[str, float] = {}
    evidence: list[str] = []
    for name, strength, pattern, _ in lexicon.possible_cues(lexicon.CLAIM_CUES, folded):
        for match in pattern.finditer(text):
            value = strength
            own = match.group(0).lower().startswith("i ") or _said_of_oneself(text[: match.start()])
            if name in ("obligation", "commitment") and own:
                # "I'll have to look into that", "I will tell you": the speaker's own errands, not a claim.
                value *= _PERSONAL_FACTOR
            if value > strengths.get(name, 0.0):
                strengths[name] = value
            evidence.append(match.group(0))
    # Imperatives: a bare verb opening a sentence ("Tell them you want ...", "Don't tell a provider ...").
    for sent_start in starts:
        first = sent_start
        if first.lower_ in ("do", "don't") and first.i + 1 < len(first.doc):
            nxt = first.doc[first.i + 1]
            first = first.doc[first.i + 2] if nxt.lower_ in ("n't", "not") and first.i + 2 < len(first.doc) else nxt
        if (
            first.tag_ == "VB"
            and first.pos_ == "VERB"
            and first.dep_ == "ROOT"
            and first.lemma_.lower() not in lexicon.PROCEDURAL_IMPERATIVE_VERBS
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in first.children)
        ):
            strengths["call to action"] = max(strengths.get("call to action", 0.0), 0.8)
            evidence.append(first.text)
    return _combine(strengths), tuple(dict.fromkeys(evidence))


_PERSONAL_FACTOR = 0.4
_FIRST_SINGULAR = re.compile(r"\b(?:i|i'll|i'd|i'm|i've|me|my)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def _said_of_oneself(before: str) -> bool:
    """The obligation's subject is the speaker alone ("I have to", "I'll just have to")."""
    return bool(_FIRST_SINGULAR.search(before[-40:] + " ")) and not re.search(r"\b(?:we|you)\s+(?:\w+\s+){0,2}$", before[-40:] + " ", re.IGNORECASE)


def _sentence_starts(tokens: Sequence[Token]) -> list[Token]:
    """The first word of each sentence the tokens (in doc order) fall in, skipping discourse markers."""
    starts: list[Token] = []
    if not tokens:
        return starts
    doc = tokens[0].doc
    sent_end = -1  # the end of the sentence of the last start found (tokens come in doc order)
    for token in tokens:
        if token.i < sent_end or token.is_punct or token.lower_ in lexicon.DISCOURSE_MARKERS:
            continue
        starts.append(token)
        sent_end = doc.sentence_bounds(token.i)[1]
    return starts


def _cue_words(name: str, matched: str) -> str:
    """The words of a contrast cue's match, for its reason: the match itself when short, else the cue's
    words ("not ... but", "when we ...,"), so a reason never names a word the line does not hold."""
    words = matched.strip().split()
    if len(words) <= 4:
        return " ".join(words)
    if name == "contrast":  # the match runs from the sentence's start to the contrast word
        return "... " + words[-1]
    if name == "if ..., then":
        return " ".join(words[:2]) + " ...,"
    return f"{' '.join(words[:2])} ... {words[-1]}"


def _contrast(
    text: str, folded: str, tokens: Sequence[Token], content: Sequence[Token]
) -> tuple[float, tuple[str, ...]]:
    strengths: dict[str, float] = {}
    evidence: list[str] = []
    for name, strength, pattern, _ in lexicon.possible_cues(lexicon.CONTRAST_CUES, folded):
        match = pattern.search(text)
        if match:
            strengths[name] = max(strengths.get(name, 0.0), strength)
            evidence.append(_cue_words(name, match.group(0)))
    # A condition with its consequence ("If we really want to see change we have to stop ..."), found from
    # the parse so it needs no comma: "if"/"unless" opening a clause that comes before its main verb.
    # The parser often misreads a comma-less condition, so it is read off the surface: a clause opened by
    # "if"/"unless" followed, in the same sentence, by a second subject-verb pair.
    for token in tokens:
        if token.lower_ not in ("if", "unless") or token.dep_ != "mark":
            continue
        later = [
            t
            for t in token.sent
            if t.i > token.head.i and t.dep_ in ("nsubj", "nsubjpass", "expl") and t.head.tag_ in ("VBP", "VBZ", "VBD", "MD")
            or t.i > token.head.i and t.dep_ in ("nsubj", "nsubjpass") and any(a.tag_ == "MD" for a in t.head.children)
        ]
        if not later:
            continue
        first_subjects = [c.lower_ for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        persons = set(first_subjects[:1]) | {later[0].lower_}
        same_person = len(persons) == 1 and bool(persons & (lexicon.FIRST_PLURAL | lexicon.SECOND_PERSON))
        strengths["if ..., then"] = max(strengths.get("if ..., then", 0.0), 0.8 if same_person else 0.6)
        first_subject = next((c.text for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")), "")
        evidence.append(" ".join(w for w in (token.lower_, first_subject.lower()) if w) + f" ..., {later[0].lower_} ...")
        break
    # Parallel clauses ("The money's there. The speed isn't.", "we did X, we did Y"): two short clauses
    # opening with the same two words, or with the same three parts of speech.
    clauses: list[list[Token]] = [[]]
    for token in tokens:
        if token.is_punct and token.text in ",;.!?:—–-":
            if clauses[-1]:
                clauses.append([])
        elif not token.is_punct:
            clauses[-1].append(token)
    clauses = [c for c in clauses if len(c) >= 2]
    for a, b in zip(clauses, clauses[1:]):
        same_words = [t.lower_ for t in a[:2]] == [t.lower_ for t in b[:2]]
        same_shape = len(a) <= 8 and len(b) <= 8 and len(a) >= 3 and len(b) >= 3 and [t.pos_ for t in a[:3]] == [t.pos_ for t in b[:3]]
        if same_words or same_shape:
            strengths["parallel clauses"] = 0.7
            evidence.append("parallel clauses")
            break
    # An echo: the same content word said twice ("every pound ... is a pound the public will notice").
    lemmas = Counter(t.lemma_.lower() for t in content if t.pos_ in ("NOUN", "VERB", "ADJ"))
    echoed = [lemma for lemma, n in lemmas.items() if n >= 2 and lemma not in ("say", "think", "get", "go", "make", "know")]
    if echoed:
        strengths["echo"] = 0.4
        evidence.append(f"echo '{sorted(echoed)[0]}'")
    return _combine(strengths), tuple(dict.fromkeys(evidence))


def _we_you(tokens: Sequence[Token]) -> tuple[float, tuple[str, ...]]:
    words = {t.lower_ for t in tokens}
    we = sorted(words & lexicon.FIRST_PLURAL)
    if we:
        return 1.0, tuple(we)
    you = sorted(words & lexicon.SECOND_PERSON)
    if you:
        return 0.7, tuple(you)
    return 0.0, ()


def _general(tokens: Sequence[Token]) -> tuple[float, tuple[str, ...]]:
    finite = [t for t in tokens if t.tag_ in ("VBD", "VBP", "VBZ", "MD")]
    present = sum(1 for t in finite if t.tag_ != "VBD") / len(finite) if finite else 0.5
    third = [t.text for t in tokens if t.lower_ in lexicon.THIRD_PERSON and t.pos_ == "PRON"]
    indefinite = any(t.lower_ in ("a", "an") and t.dep_ == "det" for t in tokens)
    value = 0.45 * present + 0.4 * (1.0 - min(1.0, len(third) / 2)) + 0.15 * indefinite
    evidence = []
    if finite:
        evidence.append(f"{round(100 * present)}% present tense")
    if third:
        evidence.append("third person: " + ", ".join(dict.fromkeys(third)))
    return value, tuple(evidence)


def _distinctive_english(content: Sequence[Token]) -> tuple[float, tuple[str, ...]]:
    """Mean rarity of the content words blended with the rarity of the two rarest, scaled so that an
    ordinary sentence scores about 0.3 and one or two vivid words lift it towards 1."""
    scored = sorted(((english_rarity(t), t.text) for t in content), reverse=True)
    if not scored:
        return 0.0, ()
    values = [v for v, _ in scored]
    mean = sum(values) / len(values)
    top = sum(values[:2]) / min(2, len(values))
    value = min(1.0, (0.5 * mean + 0.5 * top) / 0.6)
    return value, tuple(word for v, word in scored[:3] if v >= 0.5)


def _distinctive_meeting(content: Sequence[Token], context: MeetingContext) -> tuple[float, tuple[str, ...]]:
    scored = sorted(((context.idf_.get(t.lower_, 1.0), t.text) for t in content), reverse=True)
    if not scored:
        return 0.0, ()
    value = sum(v for v, _ in scored) / len(scored)
    return value, tuple(word for v, word in scored[:3] if v >= 0.8)


def _topical(tokens: Sequence[Token], context: MeetingContext) -> tuple[float, tuple[str, ...]]:
    found = {}
    for token in tokens:
        lemma = token.lemma_.lower()
        if lemma in context.keywords_ and is_content(token) or token.pos_ == "PROPN" and lemma in context.keywords_:
            found[lemma] = context.keywords_[lemma]
    value = min(1.0, sum(found.values()) / 1.5)
    return value, tuple(sorted(found, key=lambda k: (-found[k], k))[:3])


def _specifics(candidate: Candidate, tokens: Sequence[Token]) -> tuple[float, tuple[str, ...]]:
    kept = {t.i for t in tokens}
    items: list[str] = []
    covered: set[int] = set()
    first, last = candidate.sentences[0], candidate.sentences[-1]
    for ent in first.tokens.ents_within(first.span.start, last.span.end):
        if not any(i in kept for i in range(ent.start, ent.end)):
            continue
        label, text = ent.label_, ent.text.strip()
        # People and the titles they go by ("Chair", "Minister") are not concrete specifics.
        if label == "PERSON" or all(t.lower_.strip(".") in lexicon.TITLES for t in first.tokens[ent.start : ent.end] if not t.is_punct):
            continue
        if label == "DATE" and text.lower() in lexicon.VAGUE_DATES:
            continue
        if label == "CARDINAL" and not any(c.isdigit() for c in text) and ent.end - ent.start < 2:
            continue
        if label in lexicon.SPECIFIC_ENTITY_LABELS or label == "CARDINAL":
            items.append(text)
            covered.update(range(ent.start, ent.end))
    for token in tokens:
        if token.i not in covered and token.like_num and any(c.isdigit() for c in token.text):
            items.append(token.text)
    items.extend(p for p in lexicon.PLACEHOLDER.findall(candidate.clean.text) if not p.startswith("[PERSON"))
    items = list(dict.fromkeys(items))
    return min(1.0, len(items) / 2), tuple(items[:4])


def _fluency(candidate: Candidate) -> tuple[float, tuple[str, ...]]:
    clean = candidate.clean
    n_words = max(1, clean.n_words)
    value = 1.0 - min(1.0, 2.0 * clean.n_removed_words / n_words) - 0.1 * clean.n_ellipses
    evidence = []
    if clean.n_removed_words:
        evidence.append(f"{clean.n_removed_words} filler/repeated word(s) cut")
    if clean.n_ellipses:
        evidence.append(f"{clean.n_ellipses} cut(s) marked …")
    return max(0.0, value), tuple(evidence)


def _complete(text: str) -> float:
    stripped = text.rstrip().rstrip("\"'”’)]")
    if stripped.endswith((".", "!")) and not stripped.endswith(("...", "…")):
        return 1.0
    if stripped.endswith("?"):
        return 0.5
    return 0.0


def _hedging(text: str, folded: str, tokens: Sequence[Token]) -> tuple[float, tuple[str, ...]]:
    hedge = lexicon.HEDGE_CUE
    found = [m.group(0) for m in hedge.pattern.finditer(text)] if hedge.may_match(folded) else []
    for token in tokens:
        if token.lower_ == "kind" and token.i + 2 < len(token.doc) and token.doc[token.i + 1].lower_ == "of":
            if token.doc[token.i + 2].pos_ in ("ADJ", "ADV", "VERB"):
                found.append("kind of")
    return min(1.0, len(found) / 2), tuple(dict.fromkeys(found))


def _meta_talk(text: str, folded: str, starts: Sequence[Token]) -> tuple[float, tuple[str, ...]]:
    total, evidence = 0.0, []
    # A name called across the room at the start of a sentence ("Janet, ...", "Minister, ...").
    for start in starts:
        following = start.doc[start.i + 1] if start.i + 1 < len(start.doc) else None
        if start.pos_ == "PROPN" and following is not None and following.text == ",":
            total += 0.5
            evidence.append(f"{start.text},")
            break
    for name, strength, pattern, _ in lexicon.possible_cues(lexicon.META_CUES, folded):
        match = pattern.search(text)
        if match:
            total += strength
            evidence.append(match.group(0).strip(" ,."))
    return min(1.0, total), tuple(dict.fromkeys(evidence))


# --------------------------------------------------------------- cues read by the learned ranker
# (weight 0 in the hand-weighted scorer; `pipeline/quotes/learned.py` fits their weights to editors' labels)

_FIGURE = re.compile(
    r"(?:[£$€]\s?\d|\d[\d,.]*\s?(?:%|per\s?cent|percent|million|billion|thousand|pounds|dollars|euros|pence|"
    r"years?|months?|weeks?|days?|hours?|people|families|homes|jobs|schools|routes|cases)\b|\b(?:half|a third|"
    r"a quarter|double|twice|three times)\b)",
    re.IGNORECASE,
)
_PLEDGE = re.compile(
    r"\b(?:we|i)(?:'ll| will| shall| are going to|'re going to| am going to|'m going to| commit| promise|"
    r" intend| plan to| guarantee| aim to)\b|\bour (?:aim|commitment|plan|pledge|promise|target) is\b",
    re.IGNORECASE,
)
_DEADLINE = re.compile(
    r"\b(?:by|before|until|within|from)\s+(?:the end of\s+)?(?:(?:next|this)\s+)?(?:january|february|march|april|may|"
    r"june|july|august|september|october|november|december|spring|summer|autumn|winter|\d{4}|\d+\s+(?:days|weeks|"
    r"months|years)|year|month|week|christmas|easter|friday|monday)\b|\bnext (?:year|month|week|spring|summer)\b",
    re.IGNORECASE,
)
_NEGATION = frozenset("not n't never nobody nothing none no neither nor cannot".split())
_ACCUSING_VERBS = frozenset("be have do put make fail let say tell give take know want need".split())
_CHAIRING = frozenset(
    "chair chairman chairperson thank thanks welcome colleague colleagues item agenda minutes paragraph slide "
    "slides transcript session committee member members witness witnesses question questions microphone "
    "mute floor recognise recognize point presentation".split()
)


def _figure(text: str) -> tuple[float, tuple[str, ...]]:
    found = [m.group(0).strip() for m in _FIGURE.finditer(text)]
    return min(1.0, len(found) / 2), tuple(dict.fromkeys(found))[:3]


def _pledge(text: str) -> tuple[float, tuple[str, ...]]:
    """A first-person commitment ("We'll be publishing ...", "I will"), stronger with a deadline ("by April")."""
    pledge = _PLEDGE.search(text)
    if not pledge:
        return 0.0, ()
    deadline = _DEADLINE.search(text)
    if deadline:
        return 1.0, (pledge.group(0), deadline.group(0))
    return 0.6, (pledge.group(0),)


def _negation(tokens: Sequence[Token]) -> tuple[float, tuple[str, ...]]:
    found = [t.text for t in tokens if t.lower_ in _NEGATION or t.lower_ == "no" and t.dep_ == "det"]
    return min(1.0, len(found) / 2), tuple(dict.fromkeys(found))[:3]


def _question(candidate: Candidate) -> float:
    """The share of the span's sentences that are questions."""
    return sum(1 for s in candidate.sentences if s.clean.text.rstrip().endswith("?")) / len(candidate.sentences)


def _accusation(tokens: Sequence[Token]) -> tuple[float, tuple[str, ...]]:
    """"You" as the subject of a finite verb said to someone ("What you are putting her through ...",
    "You have failed ..."), not the generic "you know" / "you see"."""
    for token in tokens:
        if token.lower_ != "you" or token.dep_ not in ("nsubj", "nsubjpass"):
            continue
        head = token.head
        if head.lemma_.lower() in ("know", "see", "mean", "think") and head.tag_ == "VBP":
            continue
        if head.lemma_.lower() in _ACCUSING_VERBS or head.pos_ in ("VERB", "AUX", "ADJ"):
            return 1.0, (f"you {head.text}",)
    return 0.0, ()


def _punchy(candidate: Candidate) -> float:
    """Short sentences: 1 at 6 words a sentence or fewer, 0 at 30 or more."""
    per_sentence = candidate.n_words / max(1, len(candidate.sentences))
    return max(0.0, min(1.0, (30 - per_sentence) / 24))


def _first_person(tokens: Sequence[Token]) -> tuple[float, tuple[str, ...]]:
    found = [t.text for t in tokens if t.lower_ in ("i", "me", "my", "myself")]
    return min(1.0, len(found) / 2), tuple(dict.fromkeys(found))[:2]


def _chairing(tokens: Sequence[Token]) -> tuple[float, tuple[str, ...]]:
    found = [t.text for t in tokens if t.lower_ in _CHAIRING]
    return min(1.0, len(found) / 2), tuple(dict.fromkeys(found))[:3]


def compute_features(candidate: Candidate, settings: QuoteSettings, context: Optional[MeetingContext]) -> Features:
    """Every feature of one candidate (see `FEATURE_NAMES`)."""
    tokens = candidate.kept
    content = [t for t in tokens if is_content(t)]  # the content words, for several features
    text = candidate.clean.text
    folded = lexicon.fold(text)  # for the cue patterns' word checks
    starts = _sentence_starts(tokens)  # (read by two features)
    values: dict[str, float] = {}
    evidence: dict[str, tuple[str, ...]] = {}

    def put(name: str, result: tuple[float, tuple[str, ...]] | float) -> None:
        if isinstance(result, tuple):
            value, why = result
            if why:
                evidence[name] = why
        else:
            value = result
        value = float(value)
        # round(min(1, max(0, value)), 4), a NaN read as 0, written out: this runs 22 times a candidate
        values[name] = 0.0 if not value > 0.0 else 1.0 if value >= 1.0 else round(value, 4)

    put("standalone", _standalone(candidate))
    put("length", _length(candidate.n_words, settings))
    put("concise", _CONCISE.get(len(candidate.sentences), 0.2))
    put("claim", _claim(text, folded, starts))
    put("contrast", _contrast(text, folded, tokens, content))
    put("we_you", _we_you(tokens))
    put("general", _general(tokens))
    put("distinctive_english", _distinctive_english(content))
    if context is not None:
        put("distinctive_meeting", _distinctive_meeting(content, context))
        put("topical", _topical(tokens, context))
    else:
        put("distinctive_meeting", (values["distinctive_english"], evidence.get("distinctive_english", ())))
        put("topical", 0.5)
    put("specifics", _specifics(candidate, tokens))
    put("fluency", _fluency(candidate))
    put("complete", _complete(text))
    put("hedging", _hedging(text, folded, tokens))
    put("meta_talk", _meta_talk(text, folded, starts))
    put("figure", _figure(text))
    put("pledge", _pledge(text))
    put("negation", _negation(tokens))
    put("question", _question(candidate))
    put("accusation", _accusation(tokens))
    put("punchy", _punchy(candidate))
    put("first_person", _first_person(tokens))
    put("chairing", _chairing(tokens))
    return Features(values=values, evidence=evidence, n_words=candidate.n_words)

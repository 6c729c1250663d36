"""The extractive brief: the meeting's most central, non-procedural sentences, covering it end to end.

Method (unsupervised; the objective is Lin & Bilmes 2011, "A class of submodular functions for document
summarization"):

1. Sentences come from the spaCy parse with their turn and character offsets (`sentences.py`).
   Candidates are full clauses (a verb) of `summary.min_sentence_words` to 50 words naming at least
   three content words that can stand alone in print (`can_stand_alone`): not procedural or backchannel
   (`pipeline.procedural`), not a question, not opening on a connective ("And", "But", "So", "Because"),
   a reply word ("Yes", "No,", "Well") or a bare reference ("That's why", "It was"). An agenda line that
   looks procedural but names what the meeting is about ("Item 2 this afternoon is an evidence session
   with the Welsh Government on ...") is never printed, but stays in the ground set: the sentences it
   covers count as covered.
2. Each sentence is a TF-IDF vector of its content lemmas (nouns, names, verbs, adjectives; fillers,
   hedges and the verbs of talk itself left out), IDF over the meeting's own sentences; `W` is their
   cosine similarity.
3. The brief maximises, under the word budget, the monotone submodular objective
       F(S) = sum_i min(C_i(S), alpha * C_i(V))  +  lambda * sum_k sqrt(sum_{j in S and P_k} r_j)
   C_i(S) is how well the chosen sentences cover sentence i (summed similarity; it saturates, so saying
   a point twice earns nothing), r_j is sentence j's centrality (mean similarity), and P_1..P_K split the
   meeting into its themes when given, else into consecutive stretches of equal length, so the square
   root rewards drawing on every part of the meeting instead of piling up in one.
4. Greedy selection by gain / words^rho (a mild length prior), each gain weighted by a prior that
   favours the opening, where the meeting says what it is for (up to 2x, decaying over the first tenth),
   and that discounts questions and sentences opening with a pronoun whose sense lies in the sentence
   before ("It's got only the basic functions."). A sentence costs its words plus the most its
   attribution can add in print (`reported.attribution_words`); one that does not fit the remaining
   budget is skipped, so the printed brief never exceeds it, and a sentence nearly the same as a chosen
   one (cosine >= 0.8) is never chosen too. Output in meeting order.
5. Printed as reported speech (`reported.py`): 'Ian Stroud, chief executive of Brackleton Council, said:
   "The money's there. The speed isn't."', only spoken words inside the quotation marks. Under the
   Chatham House Rule a sentence naming a participant is never chosen. A chair the registry or the
   transcript calls one is not quoted: they run the meeting, the others make its points.

Chosen on the QMSum train meetings with `bench/summaries.py`; deterministic (no randomness at all). The
learned prior (`selector.py`, `models/brief_selector`) weighs each gain by how likely the sentence is
summary material; once nothing fits at the charged attribution costs, a few more sentences are tried
against the printed brief itself.

Why one module: the print rules of a brief sentence (`can_stand_alone`, `is_procedural_line`) and the
selection that applies them are one contract, which the headline and the shared-meeting tests import from
here; the features of the learned prior and the reported-speech printing live apart (`selector.py`,
`reported.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..nlp import ParsedTranscript
from ..procedural import is_procedural
from ..records import Brief, SummarySentence, count_words
from ..settings import SummarySettings
from .speakers import chair_labels, chair_named_as_such, names_a_participant, withheld_words, withholds_names
from .reported import attribution_words, report_brief
from .selector import load_selector, selector_prior
from .sentences import Sentence, is_question, split_sentences


@dataclass(frozen=True)
class BriefOptions:
    """The method's constants (module docstring), in one place so the bench can try alternatives."""

    alpha: float = 5.0  # sentence i counts as covered at alpha/N * C_i(V): alpha times its mean similarity
    diversity: float = 3.0  # lambda, the weight of drawing on every part of the meeting
    length_exponent: float = 0.3  # rho
    words_per_stretch: int = 20  # without themes: budget / words_per_stretch consecutive stretches
    opening_weight: float = 1.0  # the first sentence weighs 1 + opening_weight times as much as the last
    opening_span: float = 0.1  # ... decaying as exp(-relative position / opening_span)
    min_content: int = 3  # content words a candidate must name
    agenda_content: int = 4  # content words that make a procedural-looking line an agenda line
    dangling_weight: float = 0.7  # weight of a question, or of a sentence opening with a dangling pronoun
    duplicate_similarity: float = 0.8  # a sentence this similar to a chosen one is never chosen too
    max_words: int = 50  # a longer sentence is more than a reader takes in at once: never in the brief
    max_fit_attempts: int = 12  # sentences tried against the printed brief once the charged costs fill it
    learned_strength: float = 0.5  # exponent of the learned prior (`selector.py`); 0: unsupervised
    selector_model: str = ""  # model.json of the learned prior; empty: models/brief_selector


# Openers whose sense lies in the sentence before ("It's got only the basic functions.").
_DANGLING_STARTS = frozenset("it it's that's these those they they're he she".split())


def fill_budget(ranked: Iterable[Sentence], budget: int, *, keep_order: bool = True) -> list[Sentence]:
    """Take sentences in the given order while they fit in `budget` words; return them in meeting order.

    With `keep_order` (first-N) the first sentence that does not fit ends the selection; otherwise it is
    skipped and shorter ones after it may still be taken.
    """
    chosen: list[Sentence] = []
    used = 0
    for sentence in ranked:
        if used + sentence.n_words > budget:
            if keep_order:
                break
            continue
        chosen.append(sentence)
        used += sentence.n_words
    return sorted(chosen, key=lambda s: s.position)


# A brief sentence never opens on a connective (its sense hangs on the sentence before) or a reply word
# (it answers someone the brief does not quote). "No" only as a reply ("No, we ...", "No we ..."), not
# as in "No council can ...".
CONNECTIVE_OPENERS = frozenset({"and", "but", "so", "because", "or", "cause", "'cause", "cos"})
REPLY_OPENERS = frozenset({"yes", "yeah", "yep", "well", "okay", "ok", "oh", "nope"})
_REPLY_NO_NEXT = frozenset({"i", "we", "you", "they", "it", "that", "no", "not", "he", "she", "there"})
# Discourse markers that reply or hold the floor only when set off by a comma ("Right, so we ...", "Now,
# ..."), not as words of the sentence ("Right now the council ...", "Like many councils, we ...").
_MARKERS_BEFORE_COMMA = frozenset({"right", "alright", "like", "anyway", "now", "sure", "actually", "basically"})


def opening_words(text: str) -> list[str]:
    """The first two words of a sentence, lower case, with the punctuation after the first kept as a
    separate item when there is some ("No, we..." -> ["no", ",", "we"])."""
    match = re.match(r"\W*([\w'’-]+)(\s*[,.;:!?]\s*)?\s*([\w'’-]+)?", text)
    if not match:
        return []
    out = [match.group(1).lower().replace("’", "'")]
    if match.group(2) and match.group(2).strip():
        out.append(match.group(2).strip())
    if match.group(3):
        out.append(match.group(3).lower())
    return out


def opens_badly(text: str) -> bool:
    """Opens on a connective ("And", "But", "So", "Because"), a reply word ("Yes", "Well", "No, ...") or a
    discourse marker set off by a comma ("Right, ...", "Now, ...")."""
    words = opening_words(text)
    if not words:
        return True
    first = words[0]
    if first in CONNECTIVE_OPENERS or first in REPLY_OPENERS:
        return True
    if first in _MARKERS_BEFORE_COMMA and len(words) > 1 and words[1] in {",", ".", ";", ":"}:
        return True
    return first == "no" and (len(words) == 1 or words[1] in _REPLY_NO_NEXT or not words[1][:1].isalnum())


# A form of address before the sentence proper ("Honourable members, I call this meeting to order."):
# the procedural rules match from the start of a sentence, so they are tried again after it.
_VOCATIVE = re.compile(
    r"^\W*(?:(?:my )?(?:honourable|hon\.?|dear|fellow) (?:members|colleagues|friends)|members|colleagues|"
    r"everyone|everybody|friends|(?:mr\.?|madam|madame|ms\.?) (?:chair(?:man|person)?|speaker|president|deputy speaker)|"
    r"chair|convener|(?:mr|mrs|ms|dr)\.? ?[A-Z][\w'-]+(?: [A-Z][\w'-]+)?)\s*,\s*",
    re.IGNORECASE,
)
# Running a sitting, in words the shared procedural rules leave to the chair's context.
_FLOOR = re.compile(
    r"\b(?:take|takes|have|has|give|yield|cede|request|requests|hold|holds) the floor\b"
    r"|\b(?:point of order|designated speaking times?|speaking time|unanimous consent|"
    r"you have (?:the floor|time|\d+|one|two|three|thirty|fifteen|a few|about) )"
    r"|\b(?:go|move|turn|come|get) (?:on |back )?(?:now,? )?(?:then,? )?to (?:the |some )?"
    r"(?:questions?|next (?:item|question|speaker|member|set)|item)\b"
    r"|\bparticipating (?:via|by|through) video ?conference\b|\bparticipating in person\b"
    r"|\b(?:proceed|pass|move) (?:now )?(?:on )?to (?:statements|questions|oral questions|the next|item|members)\b"
    r"|\b(?:move|go|turn) on,? (?:now,? |then,? )*to (?:our|the|this) (?:evidence session|session|next|item|questions?)\b"
    r"|\byou (?:may|can) (?:have|ask|put) (?:a |one |your )?(?:very )?(?:short |brief |quick |last |final )?"
    r"(?:question|supplementary)"
    r"|\b(?:we've|we have|i've|i have|we) got (?:some|a few|a couple of|a number of|more|further|one|two|three)? ?"
    r"(?:final |last |quick |more |further |specific )?(?:questions?|supplementar(?:y|ies))\b"
    r"|\b(?:we have|there are) (?:some|a few|a couple of|a number of|more|further) (?:final |more |further |specific )?"
    r"questions (?:now )?(?:on|about|from|for)\b"
    r"|\bsplit(?:ting)? my time\b"
    r"|\bthanks? (?:you,? )?(?:to )?(?:the|my|our)? ?(?:hon\.?|honourable|honorable)? ?"
    r"(?:member|members|colleague|colleagues|minister|chair)\b[^.]{0,30}\bfor (?:the|that|this|his|her|their|your) "
    r"(?:question|intervention|comments?|remarks?)\b",
    re.IGNORECASE,
)


def is_procedural_line(text: str) -> bool:
    """Procedural (`pipeline.procedural`), also after a form of address ("Honourable members, I call this
    meeting to order."), or about who has the floor ("Prime Minister to take the floor.")."""
    if is_procedural(text) or _FLOOR.search(text):
        return True
    rest = _VOCATIVE.sub("", text, count=1)
    return rest != text and is_procedural(rest)


def can_stand_alone(sentence: Sentence, min_words: int = 6) -> bool:
    """The hard rules of a brief sentence: said, not procedural, not a question, at least `min_words`
    words, not opening on a connective, a reply word or a bare reference ("That's why ..."), nor on a
    lower-case word (the rest of a sentence: "member said, the wage subsidy ...")."""
    return (
        not sentence.procedural
        and not sentence.opens_lower
        and not is_procedural_line(sentence.text)
        and not is_question(sentence.text)
        and sentence.n_words >= min_words
        and not sentence.bare_reference
        and not opens_badly(sentence.text)
    )


def is_agenda_line(sentence: Sentence, options: BriefOptions = BriefOptions()) -> bool:
    """A procedural-looking line that still names what the meeting is about."""
    return sentence.procedural and sentence.n_content >= options.agenda_content


def is_candidate(sentence: Sentence, min_words: int, options: BriefOptions = BriefOptions()) -> bool:
    """Could this sentence stand in a brief? A full clause, long enough but not too long to take in at
    once, about the meeting's substance."""
    return (
        can_stand_alone(sentence, min_words)
        and sentence.n_words <= options.max_words
        and sentence.is_clause
        and sentence.n_content >= options.min_content
    )


def similarity_matrix(sentences: Sequence[Sentence]) -> np.ndarray:
    """Cosine similarity of TF-IDF vectors of content lemmas (IDF over these sentences)."""
    if not sentences:
        return np.zeros((0, 0))
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2")
    try:
        matrix = vectorizer.fit_transform([s.lemmas for s in sentences])
    except ValueError:  # not one content word in the whole meeting
        return np.zeros((len(sentences), len(sentences)))
    return (matrix @ matrix.T).toarray()


def _identity(lemmas: Sequence[str]) -> Sequence[str]:
    return lemmas


def _partition(sentences: Sequence[Sentence], n_stretches: int, turn_groups: Optional[dict[int, int]]) -> np.ndarray:
    """P_k: a theme number per sentence when themes are given, else equal consecutive stretches."""
    n = len(sentences)
    if turn_groups:
        labels = [turn_groups.get(s.turn_index, -1) for s in sentences]
        numbers = {label: k for k, label in enumerate(dict.fromkeys(labels))}
        return np.array([numbers[label] for label in labels], dtype=int)
    n_stretches = max(1, min(n_stretches, n))
    return (np.arange(n) * n_stretches) // n


def _dangles(sentence: Sentence) -> bool:
    """Opens with a pronoun whose sense lies in the sentence before, or asks rather than says."""
    first = sentence.text.split(maxsplit=1)[0].strip(",.;:!?\"'").lower()
    return first in _DANGLING_STARTS or sentence.text.rstrip().endswith("?")


def ground_set(sentences: Sequence[Sentence], options: BriefOptions = BriefOptions()) -> list[Sentence]:
    """The sentences the brief's objective covers: every one naming a content word, procedural ones only
    when they are agenda lines."""
    return [s for s in sentences if s.lemmas and (not s.procedural or is_agenda_line(s, options))]


def select_sentences(
    sentences: Sequence[Sentence],
    budget: int,
    *,
    min_words: int = 6,
    turn_groups: Optional[dict[int, int]] = None,
    options: BriefOptions = BriefOptions(),
    extra_words: Optional[dict[str, tuple[int, int]]] = None,
    excluded: Callable[[Sentence], bool] = lambda sentence: False,
    weigh: Optional[Callable[[Sequence[Sentence], np.ndarray], np.ndarray]] = None,
    printed_words: Optional[Callable[[Sequence[Sentence]], int]] = None,
) -> list[Sentence]:
    """The brief's sentences, in meeting order, at most `budget` words in all (see the module docstring).

    `extra_words` (speaker label -> (first, later)) is what printing a sentence of that speaker adds
    beyond its own words: `first` for the first of theirs chosen (their full attribution), `later` for
    each one after it (their name again); `excluded` sentences are never chosen (they still count for what
    the chosen ones cover).
    """
    extra_words = extra_words or {}
    chosen_speakers: set[str] = set()

    def cost(sentence: Sentence) -> int:
        first, later = extra_words.get(sentence.speaker, (0, 0))
        return sentence.n_words + (later if sentence.speaker in chosen_speakers else first)

    ground = ground_set(sentences, options)
    if not ground:
        return []
    rows = [
        i for i, s in enumerate(ground) if is_candidate(s, min_words, options) and cost(s) <= budget and not excluded(s)
    ]
    if not rows:  # a meeting of short remarks only: any sentence that can stand alone and fits
        rows = [i for i, s in enumerate(ground) if can_stand_alone(s, min_words) and cost(s) <= budget and not excluded(s)]
    if not rows:
        return []
    similarity = similarity_matrix(ground)
    n = len(ground)
    total_cover = similarity.sum(axis=1)  # C_i(V)
    saturation = min(options.alpha / n, 1.0) * total_cover
    centrality = total_cover / n  # r_j
    part = _partition(ground, max(1, round(budget / options.words_per_stretch)), turn_groups)
    part_mass = np.zeros(part.max() + 1)
    last = max(sentences[-1].position, 1)
    prior = np.array(
        [
            (1 + options.opening_weight * np.exp(-s.position / last / options.opening_span))
            * (options.dangling_weight if _dangles(s) else 1.0)
            for s in ground
        ]
    )

    if weigh is not None:  # a learned prior: how likely each sentence is summary material
        prior = prior * weigh(ground, similarity)
    candidates = np.array(rows)
    words = np.array([cost(ground[row]) for row in rows], dtype=float)
    length_penalty = words**options.length_exponent
    cover = np.zeros(n)  # C_i(S)
    open_ = np.ones(len(candidates), dtype=bool)  # neither chosen nor nearly the same as a chosen one
    own_words = np.array([ground[row].n_words for row in rows], dtype=float)
    chosen: list[int] = []
    used = 0
    slack = None  # once nothing fits at the charged costs: the words the printed brief still has free
    attempts = 0
    while True:
        if slack is None:
            available = open_ & (used + words <= budget)
            if not available.any() and printed_words is not None:
                slack = budget - printed_words([ground[row] for row in sorted(chosen)])
        if slack is not None:
            # The charged costs are the most a line can add; the printed lines share frames and use short
            # ones, so a sentence may still fit: each try is checked against the printed brief itself.
            available = open_ & (own_words <= slack)
        if not available.any() or slack is not None and attempts >= options.max_fit_attempts:
            break
        if turn_groups:
            # Themes given: a theme nobody has been quoted on yet comes before a second line on another.
            fresh = available & (part_mass[part[candidates]] == 0)
            if fresh.any():
                available = fresh
        base = np.minimum(cover, saturation).sum()
        coverage_gain = np.minimum(cover[:, None] + similarity[:, candidates], saturation[:, None]).sum(axis=0) - base
        mass = part_mass[part[candidates]]
        diversity_gain = np.sqrt(mass + centrality[candidates]) - np.sqrt(mass)
        score = (coverage_gain + options.diversity * diversity_gain) * prior[candidates] / length_penalty
        score[~available] = -np.inf
        best = int(np.argmax(score))  # ties go to the earliest sentence
        if score[best] <= 0:
            break
        row = int(candidates[best])
        if slack is not None:
            attempts += 1
            printed = printed_words([ground[r] for r in sorted(chosen + [row])])
            if printed > budget:
                open_[best] = False
                continue
            slack = budget - printed
        chosen.append(row)
        open_[best] = False
        open_ &= similarity[candidates, row] < options.duplicate_similarity  # never say it twice
        used += cost(ground[row])
        if ground[row].speaker not in chosen_speakers:  # their next sentences cost less
            chosen_speakers.add(ground[row].speaker)
            same = np.array([ground[r].speaker == ground[row].speaker for r in candidates])
            words[same] = [cost(ground[r]) for r in candidates[same]]
            length_penalty = words**options.length_exponent
        cover += similarity[:, row]
        part_mass[part[row]] += centrality[row]
    return sorted((ground[row] for row in chosen), key=lambda s: s.position)


def _learned_prior(options: BriefOptions) -> Optional[Callable[[Sequence[Sentence], np.ndarray], np.ndarray]]:
    if options.learned_strength <= 0:
        return None
    selector = load_selector(options.selector_model) if options.selector_model else load_selector()
    return selector_prior(selector, options.learned_strength)


def theme_turn_groups(themes: Optional[Sequence[Any]]) -> Optional[dict[int, int]]:
    """Turn index -> theme number, from theme records (objects or dicts) that list their turns."""
    if not themes:
        return None
    groups: dict[int, int] = {}
    for number, theme in enumerate(themes):
        for name in ("turn_indices", "turns"):
            turns = theme.get(name) if isinstance(theme, dict) else getattr(theme, name, None)
            if turns:
                for turn in turns:
                    groups.setdefault(int(getattr(turn, "index", turn)), number)
                break
    return groups or None


def summarise_brief(
    parsed: ParsedTranscript,
    settings: SummarySettings,
    *,
    themes: Optional[Sequence[Any]] = None,
    options: BriefOptions = BriefOptions(),
    weigh: Optional[Callable[[Sequence[Sentence], np.ndarray], np.ndarray]] = None,
) -> Brief:
    """An extractive brief of the whole meeting in reported speech: at most `settings.brief_words`
    printed words (attributions included), in meeting order.

    Each of `sentences` is spoken text: `verbatim` is `turns[turn_index].text[start:end]`, `text` its
    clean reading (fillers and markup out), `sources == (turn_index,)`; `lines` print them attributed, in
    `settings.attribution` style. With `themes` (records listing their turns) the brief draws on each
    theme rather than on equal stretches of the meeting.
    """
    settings = settings.resolved()
    transcript = parsed.transcript
    style = settings.attribution
    chairs = chair_labels(transcript)
    labels = sorted({turn.speaker for turn in transcript.turns})
    extra = {label: attribution_words(transcript, label, style=style, chair=label in chairs) for label in labels}
    # The styles that withhold names leave out a line that names a participant or places them (as the
    # piece's sections and the quotes files do).
    names = withheld_words(transcript) if withholds_names(style) else frozenset()
    # A chair the registry or the transcript calls one runs the meeting ("Name, council or organisation,
    # and the size of the hole you're trying to fill."): the brief quotes the others.
    silent = chairs if chair_named_as_such(transcript, chairs) and len(labels) > len(chairs) else frozenset()

    def excluded(sentence: Sentence) -> bool:
        return sentence.speaker in silent or bool(names) and names_a_participant(sentence.text, names)

    def printed_words(chosen: Sequence[Sentence]) -> int:
        lines = report_brief(
            [SummarySentence.resting_on(s, s.text, "extract") for s in chosen], transcript, style=style, chairs=chairs
        )
        return sum(count_words(line.text) for line in lines)

    chosen = select_sentences(
        split_sentences(parsed),
        settings.brief_words,
        min_words=settings.min_sentence_words,
        turn_groups=theme_turn_groups(themes),
        options=options,
        extra_words=extra,
        excluded=excluded,
        weigh=weigh if weigh is not None else _learned_prior(options),
        printed_words=printed_words,
    )
    sentences = tuple(SummarySentence.resting_on(s, s.text, "extract") for s in chosen)
    return Brief(
        sentences=sentences,
        budget=settings.brief_words,
        lines=report_brief(sentences, transcript, style=style, chairs=chairs),
    )

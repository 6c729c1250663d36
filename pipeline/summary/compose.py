"""Headline, standfirst, theme sections, participants and pull quotes, from what the pipeline extracted.

Nothing here writes a claim of its own. Every sentence is either a spoken sentence (the brief), a verbatim
quote of the report framed by its attribution ('"...," said Jane Smith, chief executive of Example City
Council.'), or a fixed frame filled with extracted facts: who met (registry roles), who chaired, who spoke
most on a theme, what share of the talk it took, where the turns changed hands most. Each lists the turns
it rests on (`sources`), so an editor can check it.

Quotes and themes are read by field name, from records or from their dicts (`to_dict()`), so this module
works with whatever the quotes and themes steps produce as long as the documented fields are there:
quotes `text`, `verbatim`, `speaker`, `turn_index`, `char_start`/`char_end`, `score`, `id`; themes `id`,
`label`, `share`, `speakers`, `quote_ids`, `keywords` and their turns (`turn_indices`, `turns`, `passages`
or `spans`).

Why one module: the piece's parts (headline, standfirst, sections, participants, pull quotes) are built from
the same views of quotes and themes and must agree on the same rules (who chairs, what may be printed); how
people are named lives apart in `speakers.py`, the count phrases in `phrases.py`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Optional, Sequence

from ..nlp import ParsedTranscript
from ..records import (
    Brief,
    Participant,
    Summary,
    SummaryQuote,
    SummarySection,
    SummarySentence,
    Transcript,
    count_words,
)
from ..procedural import is_procedural
from ..settings import SummarySettings
from .frames import capitalise_first as _capitalise_first, lead_sentence, share_phrase as _share_phrase, share_sentence
from .phrases import _count_phrase, _join
from .sentences import is_question
from .speakers import (
    _ROLE_PLACE,
    _distinguish_unidentified,
    anonymous_description,
    chair_labels,
    describe_group,
    describe_speaker,
    display_name,
    house_attribution,
    house_role,
    names_a_participant,
    short_name,
    withheld_words,
    withholds_names,
)

# Kinds of gathering a title may name; the headline calls the meeting what its title calls it.
_EVENT_WORDS = ("roundtable", "round table", "panel", "committee", "hearing", "forum", "summit", "workshop", "briefing")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_HEADLINE_QUOTE_WORDS = 18  # a headline quote is one short statement
_HEADLINE_QUOTE_POOL = 25  # ... the best-scoring such among this many top quotes (or one of their sentences)
_HEADLINE_MIN_WORDS = 6  # ... and a whole statement, not a fragment
_PULL_QUOTE_WORDS = 45  # a pull quote is read at a glance


# ------------------------------------------------------------------------------------ attribution


class Attributor:
    """Full attribution at a person's first mention in the piece, their name after that (`describe_speaker`
    in the piece's attribution `style`)."""

    def __init__(self, transcript: Transcript, style: str = "named", chairs: frozenset[str] = frozenset()) -> None:
        self.transcript = transcript
        self.style = style
        self.chairs = chairs
        self.mentioned: set[str] = set()
        self._names = withheld_words(transcript) if withholds_names(style) else frozenset()

    def may_quote(self, text: str) -> bool:
        """Under the Chatham House Rule a passage naming a participant would identify them: left out."""
        return not self._names or not names_a_participant(text, self._names)

    def __call__(self, label: str, *, full: bool = True) -> str:
        """The attribution for `label`; with `full=False` just the name, leaving the full attribution for
        a later mention (a quote) that needs it."""
        speaker = self.transcript.speaker(label)
        chair = label in self.chairs
        if label in self.mentioned or not full:
            return describe_speaker(speaker, style=self.style, full=False, chair=chair)
        self.mentioned.add(label)
        return describe_speaker(speaker, style=self.style, chair=chair)


# ------------------------------------------------------------------------- reading quotes and themes


def _get(record: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        value = record.get(name) if isinstance(record, dict) else getattr(record, name, None)
        if value is not None:
            return value
    return default


@dataclass(frozen=True)
class QuoteView:
    """The fields of a quote (record or dict) that the piece uses."""

    id: str
    text: str
    verbatim: str
    speaker: str
    turn_index: int
    start: Optional[int]
    end: Optional[int]
    score: float
    features: Optional[dict] = field(default=None, compare=False)  # the quotes step's, when it gave them


@dataclass(frozen=True)
class ThemeView:
    """The fields of a theme (record or dict) that the piece uses; `turns` are its turn indices."""

    id: Optional[str]
    label: str
    keywords: tuple[str, ...]
    speakers: tuple[str, ...]  # labels, most active first
    quote_ids: tuple[str, ...]
    turns: tuple[int, ...]
    share: Optional[float] = None


def read_quote(record: Any) -> QuoteView:
    turn_index = int(_get(record, "turn_index"))
    start = _get(record, "char_start", "start_char")
    end = _get(record, "char_end", "end_char")
    return QuoteView(
        id=str(_get(record, "id", "quote_id", default=f"q{turn_index}-{start}-{end}")),
        text=str(_get(record, "text")),
        verbatim=str(_get(record, "verbatim", "text")),
        speaker=str(_get(record, "speaker")),
        turn_index=turn_index,
        start=start,
        end=end,
        score=float(_get(record, "score", default=0.0)),
        features=_get(record, "features", default=None),
    )


def read_theme(record: Any) -> ThemeView:
    turns = _get(record, "turn_indices", "turns", default=None)
    if turns is None:
        passages = _get(record, "passages", default=()) or ()
        turns = [_get(p, "turn_index", "turn") for p in passages]
    spans = _get(record, "spans", default=None)
    if not turns and spans:
        turns = [t for first, last in spans for t in range(int(first), int(last) + 1)]
    speakers = []
    for speaker in _get(record, "speakers", default=()) or ():
        speakers.append(speaker if isinstance(speaker, str) else str(_get(speaker, "label", "speaker")))
    keywords = _get(record, "keywords", "terms", default=()) or ()
    return ThemeView(
        id=None if _get(record, "id", "theme_id") is None else str(_get(record, "id", "theme_id")),
        label=str(_get(record, "label", default="")).strip(),
        keywords=tuple(str(k if isinstance(k, str) else _get(k, "term", "keyword", "text")) for k in keywords),
        speakers=tuple(speakers),
        quote_ids=tuple(str(q) for q in _get(record, "quote_ids", default=()) or ()),
        turns=tuple(sorted({int(t) for t in turns if t is not None})),
        share=None if _get(record, "share") is None else float(_get(record, "share")),
    )


# ---------------------------------------------------------------------------------------- writing


# A quote that opens by pointing back at the talk ("Madam Chair, as I stated, the 50 cases ...").
_AS_I_SAID = re.compile(
    r"^\W*(?:(?:mr\.?|madam|madame|ms\.?) (?:chair\w*|speaker)\s*,\s*)?as i (?:said|stated|mentioned|say)\b", re.IGNORECASE
)


def is_printable_quote(quote: QuoteView, chairs: frozenset[str] = frozenset()) -> bool:
    """A quote for the body of the piece: not the chair running the meeting, no sentence of it procedural."""
    if quote.speaker in chairs or _AS_I_SAID.match(quote.text):
        return False
    return not any(is_procedural(part) for part in _SENTENCE_END.split(quote.text.strip()))


def quote_sentence(quote: QuoteView, who: str, *, verb: str = "said", name_first: bool = False) -> str:
    """'"We have to stop buying the old models," said Jane Smith, chief executive of Example City Council.'
    With `name_first`: '"...," Smith added.' (a speaker just named)."""
    text = quote.text.strip()
    if text.endswith("."):
        text = text[:-1] + ","
    elif not text.endswith(("?", "!", ",", "\u2026", "...")):
        text += ","
    if name_first:
        return f"\u201c{text}\u201d {who} {verb}."
    return f"\u201c{text}\u201d {verb} {who}."


def _surname(name: str) -> str:
    """"Daniel Asante" -> "Asante", "Kirsty Williams AM" -> "Williams" (post-nominals off); a name with a
    bracket, or of one word, stays whole."""
    words = name.split()
    while len(words) > 1 and words[-1].isupper() and len(words[-1]) > 1:  # AM, MP, MSP, OBE, QC
        words.pop()
    if len(words) < 2 or "(" in name or "," in name:
        return name
    return words[-1]


def _summary_quote(quote: QuoteView, transcript: Transcript, attribute: "Attributor") -> SummaryQuote:
    speaker = transcript.speaker(quote.speaker)
    description = describe_speaker(speaker, style=attribute.style, chair=quote.speaker in attribute.chairs)
    return SummaryQuote(
        text=quote.text,
        verbatim=quote.verbatim,
        speaker=quote.speaker,
        attribution=_capitalise_first(description),
        turn_index=quote.turn_index,
        start=quote.start,
        end=quote.end,
        quote_id=quote.id,
    )


def _speaker_turns(transcript: Transcript, turns: Iterable[int]) -> dict[str, list[int]]:
    by_speaker: dict[str, list[int]] = {}
    for index in turns:
        if 0 <= index < len(transcript.turns):
            by_speaker.setdefault(transcript.turns[index].speaker, []).append(index)
    return by_speaker


def _theme_speakers(theme: ThemeView, transcript: Transcript) -> list[str]:
    """Who drove the theme: the theme's own ranking when it has one, else most words in its turns."""
    if theme.speakers:
        return [s for s in theme.speakers if any(t.speaker == s for t in transcript.turns)]
    words: Counter[str] = Counter()
    for index in theme.turns:
        turn = transcript.turns[index]
        words[turn.speaker] += count_words(turn.text)
    return [label for label, _ in sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))]


def event_word(transcript: Transcript) -> str:
    """What the title calls the meeting (roundtable, panel, committee...), else "meeting"."""
    title = transcript.title.lower()
    for word in _EVENT_WORDS:
        if word in title:
            return "roundtable" if word == "round table" else word
    return "meeting"


def compose_participants(transcript: Transcript, style: str = "named") -> tuple[Participant, ...]:
    """Everyone who spoke, in order of first speaking, with house-style attribution (under the Chatham
    House Rule their role only, and no name)."""
    n_turns: Counter[str] = Counter()
    n_words: Counter[str] = Counter()
    order: list[str] = []
    for turn in transcript.turns:
        if turn.speaker not in n_turns:
            order.append(turn.speaker)
        n_turns[turn.speaker] += 1
        n_words[turn.speaker] += count_words(turn.text)
    chairs = chair_labels(transcript)

    def person(label: str) -> str:  # two labels for one person: "Chair" and the chair's name
        return "\0chair" if label in chairs else (transcript.speaker(label).name or label).casefold()

    participants = []
    seen: set[str] = set()
    for label in order:
        speaker = transcript.speaker(label)
        key = person(label)
        if key in seen:
            continue
        seen.add(key)
        same = [other for other in order if person(other) == key]
        named = style == "named"
        participants.append(
            Participant(
                label=label,
                name=speaker.name if named else None,
                attribution=_capitalise_first(describe_speaker(speaker, style=style, chair=label in chairs)),
                n_turns=sum(n_turns[other] for other in same),
                n_words=sum(n_words[other] for other in same),
                unidentified=speaker.unidentified,
            )
        )
    return tuple(participants)


def compose_section(
    theme: ThemeView,
    quotes: Sequence[QuoteView],
    transcript: Transcript,
    attribute: Attributor,
    *,
    n_quotes: int,
    chairs: frozenset[str] = frozenset(),
    used: Optional[set[str]] = None,
    position: int = 0,
) -> Optional[SummarySection]:
    """A heading and a paragraph: who drove the theme, how much of the talk it took (in the frames of
    `frames.py` for the section's `position` in the piece), and its quotes, attributed. Quotes already in
    `used` (ids) are left for other sections; chosen ones are added."""
    used = set() if used is None else used
    if not theme.label or not theme.turns:
        return None
    by_speaker = _speaker_turns(transcript, theme.turns)
    ranked = [label for label in _theme_speakers(theme, transcript) if label in by_speaker]
    # The chair steers every theme; they drive one only when nobody else spoke on it.
    drivers = [label for label in ranked if label not in chairs][:3] or ranked[:1]
    sentences: list[SummarySentence] = []
    if drivers:
        lead = attribute(drivers[0])
        others = _distinguish_unidentified(lead, [attribute(label, full=False) for label in drivers[1:]])
        if attribute.style != "named" and others:
            others = [_count_phrase(len(others), "other participant") if len(others) > 1 else "another participant"]
        # The heading names the theme, so the paragraph need not bend its label into a sentence.
        text = lead_sentence(position, lead, _join(others))
        sources = tuple(sorted({by_speaker[label][0] for label in drivers}))
        sentences.append(SummarySentence(text=text, sources=sources, kind="template"))
    if theme.share is not None and theme.share >= 0.05:
        sentences.append(SummarySentence(text=share_sentence(position, theme.share), sources=theme.turns, kind="template"))
    chosen: list[QuoteView] = []
    theme_turns = set(theme.turns)
    wanted = set(theme.quote_ids)
    pool = [q for q in quotes if q.id in wanted] or [q for q in quotes if q.turn_index in theme_turns]
    pool = [q for q in pool if q.id not in used and is_printable_quote(q, chairs) and attribute.may_quote(q.text)]
    for quote in sorted(pool, key=lambda q: -q.score):
        if len(chosen) >= n_quotes:
            break
        if any(q.speaker == quote.speaker for q in chosen) and len({q.speaker for q in pool}) > 1:
            continue  # two voices rather than one voice twice
        chosen.append(quote)
        used.add(quote.id)
    chosen.sort(key=lambda q: (q.turn_index, q.start or 0))
    # Never the same attribution twice in a row ("... said Daniel Asante. ... added Daniel Asante."): a
    # speaker named in the sentence just before is named by surname, before the verb ("Asante added"); a
    # description that names nobody ("a chief executive", "an unidentified speaker") reads "the same ..."
    # for the same voice and "another ..." for a new one.
    previous = drivers[0] if drivers else None
    previous_who = sentences[0].text if drivers else ""
    for quote in chosen:
        same_voice = previous == quote.speaker
        previous = quote.speaker
        verb = "added" if same_voice and sentences and sentences[-1].kind == "quote" else "said"
        if (
            same_voice
            and quote.speaker in attribute.mentioned
            and attribute.style == "named"
            and anonymous_description(transcript.speaker(quote.speaker)) is None
        ):
            surname = _surname(short_name(transcript.speaker(quote.speaker)))
            text = quote_sentence(quote, surname, verb=verb, name_first=True)
        else:
            who = attribute(quote.speaker)
            article = re.match(r"an? ", who)
            if article and previous_who and re.search(rf"\b{re.escape(who[article.end():])}\b", previous_who, re.IGNORECASE):
                who = ("the same " if same_voice else "another ") + who[article.end():]
            # "..., the project manager added." rather than "... said the project manager" twice
            text = quote_sentence(quote, who, verb=verb, name_first=same_voice and who.startswith("the "))
        previous_who = text[text.rindex("\u201d") :] if "\u201d" in text else text
        sentences.append(SummarySentence.resting_on(quote, text, "quote"))
    if not sentences:
        return None
    heading = theme.label[:1].upper() + theme.label[1:]
    return SummarySection(
        heading=heading,
        sentences=tuple(sentences),
        quotes=tuple(_summary_quote(q, transcript, attribute) for q in chosen),
        theme_id=theme.id,
    )


def _most_debated(themes: Sequence[ThemeView], transcript: Transcript) -> Optional[tuple[ThemeView, int, int]]:
    """The theme with the most changes of speaker between its consecutive turns: (theme, voices, turns)."""
    best = None
    for theme in themes:
        speakers = [transcript.turns[i].speaker for i in theme.turns]
        switches = sum(1 for a, b in zip(speakers, speakers[1:]) if a != b)
        voices = len(set(speakers))
        key = (switches, voices)
        if voices >= 2 and (best is None or key > best[0]):
            best = (key, theme, voices, len(speakers))
    return None if best is None else best[1:]


_STATEMENT_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u2018\u201c\"'])")


def quote_sentences(quote: QuoteView) -> tuple[QuoteView, ...]:
    """The sentences of a quote of several, each as a quote of its own (its verbatim span inside the
    quote's, offsets moved with it), so a headline can put one statement of a longer quote; none when the
    quote is one sentence, has no offsets, or its reading differs from the verbatim (fillers cleaned out:
    the pieces would not line up)."""
    if quote.start is None or quote.text != quote.verbatim or not _STATEMENT_BREAK.search(quote.verbatim):
        return ()
    pieces, offset = [], 0
    for part in _STATEMENT_BREAK.split(quote.verbatim):
        at = quote.verbatim.index(part, offset)
        offset = at + len(part)
        start = quote.start + at
        pieces.append(replace(quote, id=f"{quote.id}/s{len(pieces)}", text=part, verbatim=part, start=start, end=start + len(part)))
    return tuple(pieces)


# A headline statement makes sense on its own: not "That's before other gains and losses." (a bare
# reference), "Madam Chair, as I stated, ..." (addressed to the room, about the talk), "I'm not sure what you
# mean by ..." (hedged, about the conversation), nor a de-identified tag ("[ORGANIZATION6]") or a spelt-out
# acronym ("L_C_D_").
_HEADLINE_BARE_START = re.compile(
    r"^\W*(?:\w+ly,\s*)?(?:it|it's|its|that|that's|this|this's|these|those|they|they're|he|she|there's|here's|which|such)\b", re.IGNORECASE
)
_HEADLINE_ADDRESS = re.compile(
    r"^\W*(?:(?:mr\.?|madam|madame|ms\.?|mrs\.?) (?:chair(?:man|person)?|speaker|president)|chair|minister|members|colleagues)\s*,",
    re.IGNORECASE,
)
_HEADLINE_META = re.compile(
    r"\b(?:as i (?:said|stated|mentioned|say)|i(?:'m| am) not (?:exactly |really |quite )?sure|i don't (?:know|remember|think)|"
    r"i(?:'m| am) sure if|what you mean|i would be confused|i (?:only )?(?:haven't|have not|hadn't) (?:written|pushed|done)|"
    r"not my area|i'?m currently in discussions|sorry to interrupt|i forgotten|we are supposed to|"
    r"my (?:first )?thoughts? would be|agenda|i'll turn|to be honest)\b",
    re.IGNORECASE,
)
# He, him, his, she, her: someone the quote does not name ("Every time I met him, he gave me ...").
_HEADLINE_THIRD_PERSON = re.compile(r"\b(?:he|him|his|she|her|hers)\b", re.IGNORECASE)
_HEADLINE_TAG = re.compile(r"[\[\]{}<>_@]")


def _restarts(text: str) -> bool:
    """A spoken restart: two words said again within a few words ("I was re I was reading", "I don't consi
    Now I don't"); a repeat further on is rhetoric ("An agreement is not a promise, it is an agreement")."""
    words = [w.lower() for w in re.findall(r"[\w'’]+", text)]
    pairs = list(zip(words, words[1:]))
    return any(pairs[i] == pairs[j] for i in range(len(pairs)) for j in range(i + 1, min(i + 6, len(pairs))))


def is_headline_statement(quote: QuoteView) -> bool:
    """A quote (or one sentence of one) a headline may put: one whole statement of 6 to 18 words that stands
    on its own: no question, no cut, no run of sentences, no bare opening reference, connective or reply
    word, no form of address, no talk about the talk or hedge, no transcript tag; and, when the quotes step
    scored it, not flagged as dangling, hedged or meta-talk."""
    from .brief import opens_badly  # brief imports this module

    text = quote.text.strip()
    n_words = count_words(text)
    if n_words > _HEADLINE_QUOTE_WORDS or n_words < _HEADLINE_MIN_WORDS or "\u2026" in text or "..." in text:
        return False
    if text.count(". ") or is_question(text):
        return False  # one statement, not a question or a run of sentences
    if opens_badly(text) or _HEADLINE_BARE_START.match(text) or _HEADLINE_ADDRESS.match(text):
        return False
    if _HEADLINE_META.search(text) or _HEADLINE_TAG.search(text) or _HEADLINE_THIRD_PERSON.search(text):
        return False
    if _restarts(text):
        return False
    features = quote.features or {}
    if features.get("standalone", 1.0) < 0.99 or features.get("hedging", 0.0) > 0 or features.get("meta_talk", 0.0) > 0:
        return False
    return True


def compose_headline(
    transcript: Transcript,
    themes: Sequence[ThemeView],
    quotes: Sequence[QuoteView],
    brief: Brief,
    attribute: Optional["Attributor"] = None,
) -> SummarySentence:
    """A short quote put to the room ("'We have to stop buying the old models', chief executive tells
    roundtable"), else the main theme labels, else the title. Under the Chatham House Rule the quote is
    put by role ("..., chief executive tells roundtable") or to the room ("..., roundtable told")."""
    from .brief import is_procedural_line  # the brief's rules for print; brief imports this module

    attribute = attribute or Attributor(transcript)
    chairs = chair_labels(transcript)
    event = event_word(transcript)
    ranked = sorted(quotes, key=lambda q: -q.score)[:_HEADLINE_QUOTE_POOL]
    for quote in (piece for quote in ranked for piece in (quote, *quote_sentences(quote))):
        if not is_headline_statement(quote):
            continue
        speaker = transcript.speaker(quote.speaker)
        if not is_printable_quote(quote, chairs) or is_procedural_line(quote.text.strip()) or not attribute.may_quote(quote.text):
            continue
        text = quote.text.strip().rstrip(".")
        if attribute.style != "named":
            role = describe_speaker(speaker, style=attribute.style, chair=quote.speaker in chairs)
            role = re.sub(r"^(?:an?|the) ", "", role)
            put = f"{event} told" if role == "participant" else f"{role} tells {event}"
            return SummarySentence.resting_on(quote, f"\u2018{text}\u2019, {put}", "quote")
        who = house_role(speaker.role) if speaker.role else anonymous_description(speaker) or display_name(speaker)
        if speaker.role and count_words(who) > 4 and " and " in who:  # "deputy prime minister tells meeting"
            who = who.split(" and ")[0]
        who = re.sub(r"^the ", "", who)  # "project manager tells meeting"
        put = f"{event} told" if who.startswith("participant from") else f"{who} tells {event}"
        return SummarySentence.resting_on(quote, f"\u2018{text}\u2019, {put}", "quote")
    labelled = [t for t in themes if t.label and t.turns][:2]
    if labelled:
        # "Talk at the meeting centres on rural buses and fares"; one label when either has its own "and"
        # ("fruit and banana", never "fruit and banana, and scroll and wheel").
        if any(" and " in t.label for t in labelled):
            labelled = labelled[:1]
        labels = [t.label for t in labelled]
        text = f"Talk at the {event} centres on {_join(labels)}"
        return SummarySentence(text=text, sources=tuple(sorted({t.turns[0] for t in labelled})), kind="template")
    sources = tuple(sorted({s.turn_index for s in brief.sentences if s.turn_index is not None})) or (0,)
    return SummarySentence(text=transcript.title, sources=sources, kind="template")


def compose_standfirst(
    transcript: Transcript,
    themes: Sequence[ThemeView],
    participants: Sequence[Participant],
    brief: Brief,
    style: str = "named",
) -> tuple[SummarySentence, ...]:
    """Who met and about what; then where the talk was liveliest. Counts and labels only; under the
    Chatham House Rule organisations and the chair's name are left out, and the rule is said."""
    sentences = []
    chairs = chair_labels(transcript)
    chair = next((p for p in participants if p.label in chairs), None)
    others = [p for p in participants if p.label not in chairs]
    group = [transcript.speaker(p.label) for p in others]
    if style == "anonymous":  # no roles either
        group = [replace(s, role=None, organisation=None) for s in group]
    elif style == "chatham_house":  # roles only: organisations would place people
        group = [replace(s, role=_ROLE_PLACE.sub("", s.role or "") or None, organisation=None) for s in group]
    who = _capitalise_first(describe_group(group))
    if who[:1].isdigit():  # a sentence never opens on a figure: "In all, 55 participants ..."
        who = f"In all, {who}"
    first_turns = sorted({next(t.index for t in transcript.turns if t.speaker == p.label) for p in participants})
    labelled = [t for t in themes if t.label and t.turns][:3]
    if labelled:
        text = f"{who} discussed {_join([t.label for t in labelled])}"
        sources = tuple(sorted(set(first_turns[:1]) | {t.turns[0] for t in labelled}))
    else:
        text = f"{who} took part"
        sources = tuple(first_turns[:1]) or (0,)
    if style == "chatham_house":
        text += ", under the Chatham House Rule"
    elif style == "anonymous":
        pass  # the chair's name would identify them
    elif chair is not None:
        chaired_by = describe_speaker(transcript.speaker(chair.label), chair=False)
        # "chaired by Hon. Anthony Rota (Nipissing, Lib.)", never "by Hon. Anthony Rota, chair (...)"
        chaired_by = re.sub(r", (?:the )?(?:acting |deputy )?chair(?:man|woman|person)?\b(?= \(|$)| \((?:chair|moderator|host)\)", "", chaired_by)
        text += f", in a {event_word(transcript)} chaired by {chaired_by}"
        sources = tuple(sorted(set(sources) | {first_turns[0]}))
    sentences.append(SummarySentence(text=text + ".", sources=sources, kind="template"))
    debated = _most_debated(labelled or themes, transcript)
    if debated is not None:
        theme, voices, n_turns = debated
        sentences.append(
            SummarySentence(
                text=f"The liveliest exchanges came on {theme.label}, with {_count_phrase(voices, 'speaker')} "
                f"taking part over {_count_phrase(n_turns, 'turn')}.",
                sources=theme.turns[:8],
                kind="template",
            )
        )
    return tuple(sentences)


def compose_summary(
    parsed: ParsedTranscript,
    settings: SummarySettings,
    *,
    brief: Brief,
    quotes: Sequence[Any] = (),
    themes: Sequence[Any] = (),
) -> Summary:
    """The whole piece for one transcript. `quotes` best first (as the quotes step ranks them), `themes`
    main first (as the themes step orders them); either may be empty."""
    settings = settings.resolved()
    transcript = parsed.transcript
    quote_views = [read_quote(q) for q in quotes]
    quote_views = [q for q in quote_views if 0 <= q.turn_index < len(transcript.turns)]
    theme_views = [read_theme(t) for t in themes]
    theme_views = [
        replace(t, turns=tuple(i for i in t.turns if i < len(transcript.turns))) for t in theme_views
    ]
    style = settings.attribution
    chairs = chair_labels(transcript)
    participants = compose_participants(transcript, style)
    attribute = Attributor(transcript, style, chairs)
    used: set[str] = set()
    sections = []
    for theme in theme_views:
        if len(sections) >= settings.n_sections:
            break
        section = compose_section(
            theme,
            quote_views,
            transcript,
            attribute,
            n_quotes=settings.quotes_per_section,
            chairs=chairs,
            used=used,
            position=len(sections),
        )
        if section is not None:
            sections.append(section)
    pull_quotes: list[QuoteView] = []
    in_sections = {q.quote_id for section in sections for q in section.quotes}
    # Pull quotes repeat nothing the sections already print, unless nothing else is left.
    ranked = sorted(quote_views, key=lambda q: (q.id in in_sections, -q.score))
    printable = (q for q in ranked if is_printable_quote(q, chairs) and attribute.may_quote(q.text))
    for quote in (q for q in printable if count_words(q.text) <= _PULL_QUOTE_WORDS):
        if len(pull_quotes) >= settings.n_pull_quotes:
            break
        if any(q.speaker == quote.speaker for q in pull_quotes):
            continue
        pull_quotes.append(quote)
    return Summary(
        transcript_id=transcript.id,
        title=transcript.title,
        date=transcript.date,
        preset=settings.preset,
        attribution=style,
        headline=compose_headline(transcript, theme_views, quote_views, brief, attribute),
        standfirst=compose_standfirst(transcript, theme_views, participants, brief, style),
        brief=brief,
        sections=tuple(sections),
        participants=participants,
        pull_quotes=tuple(_summary_quote(q, transcript, attribute) for q in pull_quotes),
    )

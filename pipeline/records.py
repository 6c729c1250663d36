"""Small frozen records that flow through the pipeline: read -> parse -> quotes/themes -> summary -> write.

Records hold data only. Functions that build or transform them live in the step modules.

Why one module: these are the data contracts between every step (read, parse, quotes, themes, summary,
write), data only; one file is the one place to read the shape of what flows through the pipeline and what
the report schema mirrors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Optional


def normalise_label(label: str) -> str:
    """The key under which speaker labels are merged: case and spacing do not distinguish speakers."""
    return " ".join(label.split()).casefold()


def count_words(text: str) -> int:
    """Words as a reader counts them: whitespace-separated (as the shared data's own stats do)."""
    return len(text.split())


# Labels that name nobody: diarization and placeholder labels ("SPEAKER_02", "Speaker 2", "spk_1",
# "Unknown", "Unidentified speaker", "Speaker A") and interview letters ("Q", "A") until a registry names them.
_UNIDENTIFIED_LABEL = re.compile(
    r"(?:speaker|spk|spkr|participant|voice|unknown|unidentified|unknown speaker|unidentified speaker|guest)"
    r"(?:[\s_\-#]*(?:\d+|[A-Z]))?|unknown|unidentified"
    r"|(?:unknown|unidentified) (?:speaker|voice|male|female|man|woman)(?: (?:speaker|voice))?(?:[\s_\-#]*\d+)?"
    r"|[QA]|S\d+|SPEAKER_\d+|\?+",
    re.IGNORECASE,
)


def is_unidentified_label(label: str) -> bool:
    """True for a label that names no person ("SPEAKER_02", "Speaker 2", "Unknown", "Q", "A")."""
    label = " ".join(label.split()).strip(".:")
    return bool(_UNIDENTIFIED_LABEL.fullmatch(label)) and label not in ("Speaker", "Participant", "Guest")


@dataclass(frozen=True)
class Speaker:
    """One participant. `label` is what the transcript calls them; the rest comes from a registry, or from
    what the transcript's labels said ("Mr. Chris Lewis (Essex, CPC)": constituency Essex, organisation
    CPC). `labels` are every label of the transcript that names this speaker (see `Transcript.merges`)."""

    label: str
    name: Optional[str] = None
    role: Optional[str] = None
    organisation: Optional[str] = None
    constituency: Optional[str] = None
    labels: tuple[str, ...] = field(default=(), compare=False)

    @property
    def attribution(self) -> str:
        """The full attribution line, e.g. "Jane Smith, Chief Executive, Example City Council"."""
        parts = [self.name or self.label, self.role, self.constituency, self.organisation]
        return ", ".join(p for p in parts if p)

    @property
    def unidentified(self) -> bool:
        """No name for this speaker: a diarization or interview label ("SPEAKER_02", "Q") and no registry
        name. Prose calls them "an unidentified speaker"; `inspect` and the report flag them."""
        return self.name is None and is_unidentified_label(self.label)

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "name": self.name,
            "role": self.role,
            "organisation": self.organisation,
            "constituency": self.constituency,
            "attribution": self.attribution,
            "unidentified": self.unidentified,
            "labels": list(self.labels or (self.label,)),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Speaker":
        """The speaker `to_dict` wrote (its derived keys, attribution and unidentified, are recomputed)."""
        return cls(
            label=data["label"],
            name=data.get("name"),
            role=data.get("role"),
            organisation=data.get("organisation"),
            constituency=data.get("constituency"),
            labels=tuple(data.get("labels") or ()),
        )


@dataclass(frozen=True)
class SpeakerMerge:
    """One transcript label read as (part of) speaker `speaker`, and why (`reason`)."""

    label: str
    speaker: str
    reason: str

    def to_dict(self) -> dict:
        return {"label": self.label, "speaker": self.speaker, "reason": self.reason}

    def __str__(self) -> str:
        return f"{self.label!r} -> {self.speaker!r}: {self.reason}"


@dataclass(frozen=True)
class Turn:
    """One speaker turn. `text` is the canonical text that quote offsets index into."""

    index: int
    speaker: str
    text: str
    start: Optional[float] = None
    end: Optional[float] = None
    source_line: Optional[int] = None
    # The label as the source wrote it ("Hon. Ahmed Hussen (Minister of ...)"), when `speaker` is another
    # label of the same person (see `Transcript.merges`); None when they are the same.
    source_label: Optional[str] = None

    def to_dict(self) -> dict:
        return {
            "index": self.index,
            "speaker": self.speaker,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "source_line": self.source_line,
            "source_label": self.source_label,
        }


@dataclass(frozen=True)
class ReadWarning:
    """Something a reader noticed but did not treat as an error (e.g. a line that looked like a label)."""

    message: str
    line: Optional[int] = None

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line is not None else self.message


@dataclass(frozen=True)
class Transcript:
    """A whole meeting as read from one source file."""

    id: str
    title: str
    turns: tuple[Turn, ...]
    speakers: tuple[Speaker, ...]
    source: str = ""
    format: str = ""
    encoding: Optional[str] = None
    date: Optional[str] = None
    warnings: tuple[ReadWarning, ...] = field(default_factory=tuple)
    merges: tuple[SpeakerMerge, ...] = ()

    def speaker(self, label: str) -> Speaker:
        for speaker in self.speakers:
            if speaker.label == label:
                return speaker
        return Speaker(label=label)

    @property
    def n_words(self) -> int:
        return sum(count_words(turn.text) for turn in self.turns)

    def with_id(self, transcript_id: str) -> "Transcript":
        return replace(self, id=transcript_id)


@dataclass(frozen=True)
class SummarySentence:
    """One sentence of a summary and the turns it rests on (`sources`, turn indices, never empty).

    `kind` says how it was made: "extract" (a spoken sentence: `verbatim` is
    `turns[turn_index].text[start:end]` and `text` its clean reading), "quote" (a sentence framing a
    verbatim quote of the report, with its attribution) or "template" (a fixed frame filled with facts the
    pipeline extracted: who spoke, which theme, how often).
    """

    text: str
    sources: tuple[int, ...]
    kind: str = "template"
    speaker: Optional[str] = None
    turn_index: Optional[int] = None
    start: Optional[int] = None
    end: Optional[int] = None
    verbatim: Optional[str] = None

    @classmethod
    def resting_on(cls, item: Any, text: str, kind: str) -> "SummarySentence":
        """A sentence resting on one spoken span: `item` (a quote or a transcript sentence) gives its
        speaker, turn_index, start, end and verbatim."""
        return cls(
            text=text,
            sources=(item.turn_index,),
            kind=kind,
            speaker=item.speaker,
            turn_index=item.turn_index,
            start=item.start,
            end=item.end,
            verbatim=item.verbatim,
        )

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "sources": list(self.sources),
            "kind": self.kind,
            "speaker": self.speaker,
            "turn_index": self.turn_index,
            "start": self.start,
            "end": self.end,
            "verbatim": self.verbatim,
        }


@dataclass(frozen=True)
class BriefLine:
    """One printed sentence of the brief, in reported speech: who, a frame from a fixed set, and inside
    curly quotation marks the spoken sentences it quotes ('Ian Stroud, chief executive of Brackleton
    Council, said: “The money's there. The speed isn't.”').

    `quoted` indexes `Brief.sentences` (consecutive sentences of one speaker), whose clean readings, joined
    by a space, are exactly what stands between the quotation marks; their `verbatim` stays there.
    """

    text: str
    speaker: str
    attribution: str
    frame: str
    quoted: tuple[int, ...]
    sources: tuple[int, ...]

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "attribution": self.attribution,
            "frame": self.frame,
            "quoted": list(self.quoted),
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class Brief:
    """The extractive brief: spoken sentences in meeting order (`sentences`, each with its verbatim) and
    the same sentences as printed, attributed (`lines`); the printed brief is at most `budget` words."""

    sentences: tuple[SummarySentence, ...]
    budget: int
    lines: tuple[BriefLine, ...] = ()

    @property
    def text(self) -> str:
        """The brief as printed: its attributed lines (the bare sentences when it has none)."""
        return " ".join(line.text for line in self.lines or self.sentences)

    @property
    def n_words(self) -> int:
        return count_words(self.text)

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "n_words": self.n_words,
            "budget": self.budget,
            "sentences": [sentence.to_dict() for sentence in self.sentences],
            "lines": [line.to_dict() for line in self.lines],
        }


@dataclass(frozen=True)
class SummaryQuote:
    """A quote of the report as the summary uses it: its clean `text` and exact `verbatim`, attributed."""

    text: str
    verbatim: str
    speaker: str
    attribution: str
    turn_index: int
    start: Optional[int] = None
    end: Optional[int] = None
    quote_id: Optional[str] = None

    @property
    def sources(self) -> tuple[int, ...]:
        return (self.turn_index,)

    def to_dict(self) -> dict:
        return {
            "quote_id": self.quote_id,
            "text": self.text,
            "verbatim": self.verbatim,
            "speaker": self.speaker,
            "attribution": self.attribution,
            "turn_index": self.turn_index,
            "start": self.start,
            "end": self.end,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class SummarySection:
    """One main theme written up: a heading and a paragraph whose sentences each carry their sources."""

    heading: str
    sentences: tuple[SummarySentence, ...]
    quotes: tuple[SummaryQuote, ...] = ()
    theme_id: Optional[str] = None

    @property
    def sources(self) -> tuple[int, ...]:
        return tuple(sorted({index for sentence in self.sentences for index in sentence.sources}))

    def to_dict(self) -> dict:
        return {
            "heading": self.heading,
            "theme_id": self.theme_id,
            "sentences": [sentence.to_dict() for sentence in self.sentences],
            "quotes": [quote.to_dict() for quote in self.quotes],
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class Participant:
    """A participant as the piece lists them, with the house-style attribution."""

    label: str
    attribution: str
    n_turns: int
    n_words: int
    name: Optional[str] = None
    # Nobody has named this speaker ("SPEAKER_02", "Q"): the editor's page flags them to be named in the registry.
    unidentified: bool = False

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "name": self.name,
            "attribution": self.attribution,
            "n_turns": self.n_turns,
            "n_words": self.n_words,
            "unidentified": self.unidentified,
        }


@dataclass(frozen=True)
class Summary:
    """The commentary-ready piece for one transcript; every sentence lists the turns it rests on."""

    transcript_id: str
    title: str
    preset: str
    headline: SummarySentence
    standfirst: tuple[SummarySentence, ...]
    brief: Brief
    sections: tuple[SummarySection, ...]
    participants: tuple[Participant, ...]
    pull_quotes: tuple[SummaryQuote, ...]
    date: Optional[str] = None
    attribution: str = "named"  # the style speakers are named in: "named" or "chatham_house"

    def to_dict(self) -> dict:
        return {
            "transcript_id": self.transcript_id,
            "title": self.title,
            "date": self.date,
            "preset": self.preset,
            "attribution": self.attribution,
            "headline": self.headline.to_dict(),
            "standfirst": [sentence.to_dict() for sentence in self.standfirst],
            "brief": self.brief.to_dict(),
            "sections": [section.to_dict() for section in self.sections],
            "participants": [participant.to_dict() for participant in self.participants],
            "pull_quotes": [quote.to_dict() for quote in self.pull_quotes],
        }


@dataclass(frozen=True)
class Quote:
    """A ranked quote: exactly what was said (`verbatim == turns[turn_index].text[char_start:char_end]`),
    its clean reading (`text`: fillers, repeats and markup cut, cuts mid-clause marked "…"), who said it,
    and why it ranks where it does (`score`, the `features` breakdown in [0, 1] and `reasons` in words).

    `start` is the start time of the turn in seconds, when the transcript has times. `removals` lists the
    cuts as `{start, end, text, kind, marked}` with offsets into `verbatim`.
    """

    id: str
    transcript_id: str
    rank: int
    text: str
    verbatim: str
    speaker: str
    attribution: str
    turn_index: int
    char_start: int
    char_end: int
    score: float
    features: dict
    start: Optional[float] = None
    reasons: tuple[str, ...] = ()
    removals: tuple[dict, ...] = ()
    n_words: int = 0

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "rank": self.rank,
            "text": self.text,
            "verbatim": self.verbatim,
            "speaker": self.speaker,
            "attribution": self.attribution,
            "transcript_id": self.transcript_id,
            "turn_index": self.turn_index,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "start": self.start,
            "score": self.score,
            "n_words": self.n_words,
            "features": dict(self.features),
            "reasons": list(self.reasons),
            "removals": [dict(removal) for removal in self.removals],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Quote":
        """The inverse of `to_dict` (a cached quotes stage is rebuilt from its JSON)."""
        return cls(
            **{
                **data,
                "features": dict(data["features"]),
                "reasons": tuple(data["reasons"]),
                "removals": tuple(dict(removal) for removal in data["removals"]),
            }
        )


@dataclass(frozen=True)
class ThemeSpeaker:
    """How much one speaker said within a theme (`share` of the theme's words)."""

    speaker: str
    n_words: int
    share: float

    def to_dict(self) -> dict:
        return {"speaker": self.speaker, "n_words": self.n_words, "share": self.share}


@dataclass(frozen=True)
class ThemeStretch:
    """One stretch of the meeting where a theme was talked about: turns `first_turn..last_turn`
    (inclusive), `position` (0-1, how far into the meeting's words it began) and times when known."""

    first_turn: int
    last_turn: int
    position: float
    start: Optional[float] = None
    end: Optional[float] = None

    def to_dict(self) -> dict:
        return {
            "first_turn": self.first_turn,
            "last_turn": self.last_turn,
            "position": self.position,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class ProcedureStretch:
    """The meeting's opening or close (`pipeline.themes.procedure`): turns `first_turn..last_turn`
    (inclusive) about running the meeting, named as such ("Introductions", "Procedure and close"), not a
    theme; `id` is what `ThemeResult.turn_themes` holds for its turns ("P1", "P2")."""

    id: str
    label: str
    first_turn: int
    last_turn: int

    @property
    def turns(self) -> range:
        """The indices of its turns."""
        return range(self.first_turn, self.last_turn + 1)

    def to_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "first_turn": self.first_turn, "last_turn": self.last_turn}


@dataclass(frozen=True)
class Theme:
    """One thing the room talked about.

    `share` is its part of the substantive words (procedural chatter out; shares, possible new themes and
    the unassigned share add up to 1). `turn_indices` are the turns whose main theme it is (a turn has at
    most one). `speakers` are the people who drove it, most words first; `quote_ids` its best quotes,
    best-ranked first. `seeded` themes come from the settings' codebook; `new` marks a possible new theme
    that a saved theme model did not know; `model_theme_id` ("<model>:<id>") names the saved model's theme,
    the same in every roundtable assigned to that model.
    """

    id: str
    label: str
    keywords: tuple[str, ...]
    share: float
    n_words: int
    n_passages: int
    speakers: tuple[ThemeSpeaker, ...]
    quote_ids: tuple[str, ...]
    turn_indices: tuple[int, ...]
    stretches: tuple[ThemeStretch, ...] = ()
    seeded: bool = False
    new: bool = False
    model_theme_id: Optional[str] = None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "label": self.label,
            "keywords": list(self.keywords),
            "share": self.share,
            "n_words": self.n_words,
            "n_passages": self.n_passages,
            "speakers": [speaker.to_dict() for speaker in self.speakers],
            "quote_ids": list(self.quote_ids),
            "turn_indices": list(self.turn_indices),
            "stretches": [stretch.to_dict() for stretch in self.stretches],
            "seeded": self.seeded,
            "new": self.new,
            "model_theme_id": self.model_theme_id,
        }


@dataclass(frozen=True)
class ThemeResult:
    """The themes of one transcript and what a reader needs to trust them.

    `speaker_words` is the speaker x theme table as (speaker, theme id, words) rows; `turn_themes[i]` is the
    main theme id of turn i (None: procedural only, or mostly talk that fits no theme), or the id of the
    `procedure` stretch (opening or close) it is in; those turns' talk is in no theme. `stability` is
    the mean pairwise AMI of passage assignments across seeds (None when not computed).
    """

    themes: tuple[Theme, ...]
    new_themes: tuple[Theme, ...]
    unassigned_share: float
    unassigned_words: int
    n_words: int
    n_passages: int
    turn_themes: tuple[Optional[str], ...]
    speaker_words: tuple[tuple[str, str, int], ...]
    stability: Optional[float]
    n_themes_setting: str
    method: str
    model: Optional[str] = None
    codebook_not_found: tuple[str, ...] = ()
    procedure: tuple[ProcedureStretch, ...] = ()

    def info_dict(self) -> dict:
        """Report-level facts about the themes (`themes_info` in report.json)."""
        return {
            "method": self.method,
            "n_themes_setting": self.n_themes_setting,
            "n_themes": len(self.themes),
            "model": self.model,
            "n_passages": self.n_passages,
            "n_words": self.n_words,
            "unassigned_share": self.unassigned_share,
            "unassigned_words": self.unassigned_words,
            "stability": self.stability,
            "codebook_not_found": list(self.codebook_not_found),
            "procedure": [stretch.to_dict() for stretch in self.procedure],
            "possible_new_themes": [theme.to_dict() for theme in self.new_themes],
            "speaker_themes": [
                {"speaker": speaker, "theme_id": theme_id, "n_words": n_words}
                for speaker, theme_id, n_words in self.speaker_words
            ],
        }

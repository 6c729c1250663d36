"""Small frozen records that flow through the pipeline: read -> parse -> quotes/themes -> summary -> write.

Records hold data only. Functions that build or transform them live in the step modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional


def normalise_label(label: str) -> str:
    """The key under which speaker labels are merged: case and spacing do not distinguish speakers."""
    return " ".join(label.split()).casefold()


def count_words(text: str) -> int:
    """Words as a reader counts them: whitespace-separated (as the shared data's own stats do)."""
    return len(text.split())


@dataclass(frozen=True)
class Speaker:
    """One participant. `label` is what the transcript calls them; the rest comes from a registry."""

    label: str
    name: Optional[str] = None
    role: Optional[str] = None
    organisation: Optional[str] = None

    @property
    def attribution(self) -> str:
        """The full attribution line, e.g. "Jane Smith, Chief Executive, Example City Council"."""
        parts = [self.name or self.label, self.role, self.organisation]
        return ", ".join(p for p in parts if p)

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "name": self.name,
            "role": self.role,
            "organisation": self.organisation,
            "attribution": self.attribution,
        }


@dataclass(frozen=True)
class Turn:
    """One speaker turn. `text` is the canonical text that quote offsets index into."""

    index: int
    speaker: str
    text: str
    start: Optional[float] = None
    end: Optional[float] = None
    source_line: Optional[int] = None

    def to_dict(self) -> dict:
        return {
            "index": self.index,
            "speaker": self.speaker,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "source_line": self.source_line,
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

"""What every format reader returns, before the shared assembly step turns it into a `Transcript`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..records import ReadWarning, Speaker


@dataclass(frozen=True)
class RawTurn:
    """One turn as a reader found it. `line` is the 1-based source line where the turn starts."""

    speaker: str
    text: str
    start: Optional[float] = None
    end: Optional[float] = None
    line: Optional[int] = None


@dataclass(frozen=True)
class ReadResult:
    """A reader's output: turns in order, plus what the file said about itself."""

    format: str
    turns: tuple[RawTurn, ...]
    title: Optional[str] = None
    date: Optional[str] = None
    participants: tuple[Speaker, ...] = ()
    # Roles and organisations noted in labels ("Name (Role, Organisation):"): used where no registry
    # describes the speaker, but not a registry themselves.
    label_notes: tuple[Speaker, ...] = ()
    warnings: tuple[ReadWarning, ...] = field(default_factory=tuple)


def parse_timestamp(value: str) -> float:
    """Seconds from `H:MM:SS(.mmm)`, `MM:SS`, or `HH:MM:SS,mmm` (SRT). Raises ValueError otherwise."""
    value = value.strip().replace(",", ".")
    parts = value.split(":")
    if not 1 <= len(parts) <= 3 or not all(parts):
        raise ValueError(f"not a timestamp: {value!r}")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return round(seconds, 3)

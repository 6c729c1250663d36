"""`roundtable inspect`: how a file was read, without parsing it with spaCy."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Optional

from .readers import read_transcript
from .records import count_words
from .report import display_path
from .settings import ReadSettings


def inspect_transcript(path: str | Path, settings: Optional[ReadSettings] = None) -> dict[str, Any]:
    """Read one file and describe the result: format, encoding, speakers with counts, which labels were
    merged into one speaker and why, speakers nobody has named yet, warnings."""
    transcript = read_transcript(path, settings)
    n_turns: Counter[str] = Counter()
    n_words: Counter[str] = Counter()
    for turn in transcript.turns:
        n_turns[turn.speaker] += 1
        n_words[turn.speaker] += count_words(turn.text)
    return {
        "path": display_path(transcript.source),
        "id": transcript.id,
        "title": transcript.title,
        "date": transcript.date,
        "format": transcript.format,
        "encoding": transcript.encoding,
        "n_turns": len(transcript.turns),
        "n_words": transcript.n_words,
        "timed": any(turn.start is not None for turn in transcript.turns),
        "speakers": [
            {**speaker.to_dict(), "n_turns": n_turns[speaker.label], "n_words": n_words[speaker.label]}
            for speaker in transcript.speakers
        ],
        "merges": [merge.to_dict() for merge in transcript.merges],
        "unidentified": [speaker.label for speaker in transcript.speakers if speaker.unidentified],
        "warnings": [str(warning) for warning in transcript.warnings],
    }

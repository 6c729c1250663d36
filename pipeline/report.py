"""Build the per-transcript report (`report.json`, schema in `pipeline/schema/report.schema.json`)
and the turns table, from a parsed transcript. Pure functions: no disk access here."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Optional

import pandas as pd
from .nlp import ParsedTranscript
from .records import count_words

SCHEMA_VERSION = "1.0"


def display_path(path: str) -> str:
    """The source path relative to the working folder when it lies inside it (stable across machines)."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def speaker_rows(parsed: ParsedTranscript) -> list[dict[str, Any]]:
    transcript = parsed.transcript
    n_turns: Counter[str] = Counter()
    n_words: Counter[str] = Counter()
    for turn in transcript.turns:
        n_turns[turn.speaker] += 1
        n_words[turn.speaker] += count_words(turn.text)
    return [
        {**speaker.to_dict(), "n_turns": n_turns[speaker.label], "n_words": n_words[speaker.label]}
        for speaker in transcript.speakers
    ]


def build_report(
    parsed: ParsedTranscript,
    *,
    settings_hash: str,
    versions: dict[str, str],
    model: dict[str, Any],
    quotes: Optional[list[dict]] = None,
    themes: Optional[list[dict]] = None,
    summary: Optional[dict] = None,
    themes_info: Optional[dict] = None,
) -> dict[str, Any]:
    """The report for one transcript; `quotes`, `themes` and `summary` are filled by later steps."""
    transcript = parsed.transcript
    return {
        "schema_version": SCHEMA_VERSION,
        "transcript": {
            "id": transcript.id,
            "title": transcript.title,
            "date": transcript.date,
            "source": {
                "path": display_path(transcript.source),
                "format": transcript.format,
                "encoding": transcript.encoding,
            },
            "n_turns": len(transcript.turns),
            "n_words": transcript.n_words,
            "speakers": speaker_rows(parsed),
            "turns": [turn.to_dict() for turn in transcript.turns],
            "merges": [merge.to_dict() for merge in transcript.merges],
            "warnings": [str(warning) for warning in transcript.warnings],
        },
        "quotes": quotes or [],
        "themes": themes or [],
        "themes_info": themes_info,
        "summary": summary,
        "settings_hash": settings_hash,
        "versions": {**versions, "spacy_model": f"{model['name']}=={model['version']}"},
    }


def turns_table(parsed: ParsedTranscript) -> pd.DataFrame:
    """One row per turn: who spoke, when, how much, and the text."""
    transcript = parsed.transcript
    rows = []
    for turn, doc in zip(transcript.turns, parsed.docs):
        rows.append(
            {
                "index": turn.index,
                "speaker": turn.speaker,
                "attribution": transcript.speaker(turn.speaker).attribution,
                "start": turn.start,
                "end": turn.end,
                "n_words": count_words(turn.text),
                "n_sentences": sum(1 for _ in doc.sents) if len(doc) else 0,
                "text": turn.text,
            }
        )
    columns = ["index", "speaker", "attribution", "start", "end", "n_words", "n_sentences", "text"]
    return pd.DataFrame(rows, columns=columns)

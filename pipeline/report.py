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
            "turns": turn_rows(parsed),
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


def turn_rows(parsed: ParsedTranscript) -> list[dict[str, Any]]:
    """Each turn as the report holds it, with its word and sentence counts (`n_sentences` from the parse)."""
    return [
        {
            **turn.to_dict(),
            "n_words": count_words(turn.text),
            "n_sentences": len(table.sentence_bounds()) if len(doc) else 0,  # as many as `doc.sents`
        }
        for turn, doc, table in zip(parsed.transcript.turns, parsed.docs, parsed.tables)
    ]


TURN_COLUMNS = ["index", "speaker", "attribution", "start", "end", "n_words", "n_sentences", "text"]


def turns_table(report: dict[str, Any]) -> pd.DataFrame:
    """One row per turn (turns.csv): who spoke, when, how much, and the text. From a report's dict, so
    the CSV, the batch tables and `RunResult.turns` are the same rows."""
    transcript = report["transcript"]
    attributions = {speaker["label"]: speaker["attribution"] for speaker in transcript["speakers"]}
    rows = [
        {
            "index": turn["index"],
            "speaker": turn["speaker"],
            "attribution": attributions.get(turn["speaker"], turn["speaker"]),
            "start": turn["start"],
            "end": turn["end"],
            "n_words": turn["n_words"] if "n_words" in turn else count_words(turn["text"]),
            "n_sentences": turn.get("n_sentences"),
            "text": turn["text"],
        }
        for turn in transcript["turns"]
    ]
    frame = pd.DataFrame(rows, columns=TURN_COLUMNS)
    # Whole numbers stay whole when a column has gaps (a report from before n_sentences was kept).
    return frame.astype({"index": "int64", "n_words": "int64", "n_sentences": "Int64", "start": "float64", "end": "float64"})

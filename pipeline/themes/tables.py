"""Theme tables for the write layer: themes.csv, speaker_themes.csv and a batch's theme_prevalence.csv.

Pure functions from report dictionaries to pandas DataFrames; writing them is the runner's job.
"""

from __future__ import annotations

from typing import Any, Sequence

import pandas as pd

THEME_COLUMNS = [
    "id", "label", "keywords", "share", "n_words", "n_passages", "n_turns", "speakers", "quote_ids",
    "first_turn", "last_turn", "seeded", "new",
]
SPEAKER_COLUMNS = ["speaker", "attribution", "theme_id", "label", "n_words", "share_of_theme", "share_of_speaker"]


def themes_table(report: dict[str, Any]) -> pd.DataFrame:
    """One row per theme the meeting talked about (possible new themes last).

    A saved model's themes this meeting never reached are in report.json (share 0.0, for comparing
    meetings) and in the batch's theme_prevalence.csv, not here: a row per absent theme would read as talk.
    """
    themes = list(report.get("themes") or []) + list((report.get("themes_info") or {}).get("possible_new_themes") or [])
    rows = []
    for theme in themes:
        if not theme["n_words"]:
            continue
        stretches = theme.get("stretches") or []
        rows.append(
            {
                "id": theme["id"],
                "label": theme["label"],
                "keywords": "; ".join(theme["keywords"]),
                "share": theme["share"],
                "n_words": theme["n_words"],
                "n_passages": theme["n_passages"],
                "n_turns": len(theme["turn_indices"]),
                "speakers": "; ".join(s["speaker"] for s in theme["speakers"]),
                "quote_ids": "; ".join(theme["quote_ids"]),
                "first_turn": stretches[0]["first_turn"] if stretches else None,
                "last_turn": stretches[-1]["last_turn"] if stretches else None,
                "seeded": theme.get("seeded", False),
                "new": theme.get("new", False),
            }
        )
    # Turn numbers stay whole numbers (pandas would make a column with a gap float: "22.0").
    return pd.DataFrame(rows, columns=THEME_COLUMNS).astype(
        {"share": "float64", "n_words": "int64", "n_passages": "int64", "n_turns": "int64",
         "first_turn": "Int64", "last_turn": "Int64", "seeded": "bool", "new": "bool"}
    )


def speaker_themes_table(report: dict[str, Any]) -> pd.DataFrame:
    """The speaker x theme table in long form: words each speaker said within each theme."""
    speaker_words = [
        (row["speaker"], row["theme_id"], row["n_words"])
        for row in (report.get("themes_info") or {}).get("speaker_themes") or []
    ]
    labels = {t["id"]: t["label"] for t in list(report.get("themes") or [])
              + list((report.get("themes_info") or {}).get("possible_new_themes") or [])}
    attributions = {s["label"]: s["attribution"] for s in report["transcript"]["speakers"]}
    theme_totals: dict[str, int] = {}
    speaker_totals: dict[str, int] = {}
    for speaker, theme_id, words in speaker_words:
        theme_totals[theme_id] = theme_totals.get(theme_id, 0) + words
        speaker_totals[speaker] = speaker_totals.get(speaker, 0) + words
    rows = [
        {
            "speaker": speaker,
            "attribution": attributions.get(speaker, speaker),
            "theme_id": theme_id,
            "label": labels.get(theme_id, ""),
            "n_words": words,
            "share_of_theme": round(words / theme_totals[theme_id], 4) if theme_totals[theme_id] else 0.0,
            "share_of_speaker": round(words / speaker_totals[speaker], 4) if speaker_totals[speaker] else 0.0,
        }
        for speaker, theme_id, words in speaker_words
    ]
    return pd.DataFrame(rows, columns=SPEAKER_COLUMNS).astype(
        {"n_words": "int64", "share_of_theme": "float64", "share_of_speaker": "float64"}
    )


def prevalence_table(reports: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """Theme x roundtable shares for a batch assigned to one theme model (possible new themes left out:
    they are not comparable across roundtables). Rows follow the model's theme order."""
    ids: dict[str, str] = {}
    for report in reports:
        for theme in report.get("themes") or []:
            ids.setdefault(theme["id"], theme["label"])
    order = sorted(ids, key=lambda theme_id: (len(theme_id), theme_id))
    columns = ["theme_id", "label"] + [report["transcript"]["id"] for report in reports]
    rows = []
    for theme_id in order:
        row: dict[str, Any] = {"theme_id": theme_id, "label": ids[theme_id]}
        for report in reports:
            shares = {t["id"]: t["share"] for t in report.get("themes") or []}
            row[report["transcript"]["id"]] = shares.get(theme_id, 0.0)
        rows.append(row)
    new_row: dict[str, Any] = {"theme_id": "new", "label": "possible new themes"}
    unassigned_row: dict[str, Any] = {"theme_id": "unassigned", "label": "fits no theme"}
    for report in reports:
        info = report.get("themes_info") or {}
        new_row[report["transcript"]["id"]] = round(sum(t["share"] for t in info.get("possible_new_themes") or []), 4)
        unassigned_row[report["transcript"]["id"]] = info.get("unassigned_share", 0.0)
    rows += [new_row, unassigned_row]
    return pd.DataFrame(rows, columns=columns)

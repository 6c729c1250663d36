"""The four tables of a meeting (turns, quotes, themes, speaker_themes), from its report dict.

One definition serves turns.csv / quotes.csv / themes.csv / speaker_themes.csv, the batch's Parquet
tables and `RunResult`'s frames, so all of them hold the same rows.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..editor.data import quote_themes
from ..quotes.export import quotes_table
from ..report import turns_table
from ..themes.tables import speaker_themes_table, themes_table

TABLE_NAMES = ("turns", "quotes", "themes", "speaker_themes")


def quote_theme_pairs(report: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """quote id -> (theme id, label) of each theme it belongs to: the themes the page badges it with."""
    labels = {theme["id"]: theme["label"] for theme in report.get("themes") or []}
    return {
        quote_id: [(theme_id, labels[theme_id]) for theme_id in theme_ids]
        for quote_id, theme_ids in quote_themes(report).items()
    }


def report_tables(report: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """name -> table for one meeting, in TABLE_NAMES order (the CSVs' columns, without transcript_id)."""
    turns = report["transcript"]["turns"]
    return {
        "turns": turns_table(report),
        "quotes": quotes_table(report["quotes"], turns, themes=quote_theme_pairs(report)),
        "themes": themes_table(report),
        "speaker_themes": speaker_themes_table(report),
    }

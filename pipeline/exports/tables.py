"""The four tables of a meeting (turns, quotes, themes, speaker_themes), from its report dict.

One definition serves turns.csv / quotes.csv / themes.csv / speaker_themes.csv, the batch's Parquet
tables and `RunResult`'s frames, so all of them hold the same rows.
"""

from __future__ import annotations

from typing import Any, Optional

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


def report_quotes_table(report: dict[str, Any]) -> pd.DataFrame:
    """The quotes table of one meeting (quotes.csv), unidentified speakers flagged from its speakers."""
    transcript = report["transcript"]
    return quotes_table(report["quotes"], transcript["turns"], themes=quote_theme_pairs(report), speakers=transcript["speakers"])


def report_tables(report: dict[str, Any], *, quotes_from: Optional[dict[str, Any]] = None) -> dict[str, pd.DataFrame]:
    """name -> table for one meeting, in TABLE_NAMES order (the CSVs' columns, without transcript_id); the
    quotes from `quotes_from` when given (the copy of the report a style that withholds names prints)."""
    return {
        "turns": turns_table(report),
        "quotes": report_quotes_table(quotes_from or report),
        "themes": themes_table(report),
        "speaker_themes": speaker_themes_table(report),
    }

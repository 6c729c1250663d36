"""Quotes for the `roundtable quotes` command: load them from a report or a transcript, then filter.

`load_quotes(path, settings)` returns a `QuoteSet` (quotes as report dicts, the turns, themes, title)
whether `path` is a `report.json` written by `roundtable run` or a transcript to read, parse and extract
quotes from. `filter_quotes` keeps those matching a speaker, a theme, a minimum score and a word range.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

from ..decoding import read_text
from ..errors import QuoteFilterError, TranscriptError
from ..settings import Settings

__all__ = ["QuoteFilterError", "QuoteSet", "filter_quotes", "load_quotes"]


@dataclass(frozen=True)
class QuoteSet:
    """Quotes (report dicts, best first) with what renders them: the turns, the themes and the title."""

    quotes: list[dict[str, Any]]
    turns: list[dict[str, Any]]
    themes: list[dict[str, Any]] = field(default_factory=list)
    title: str = ""
    transcript_id: str = ""


def _read_report(path: Path) -> Optional[dict[str, Any]]:
    """The report in `path` when it is one (a JSON object with schema_version, transcript and quotes)."""
    if path.suffix.lower() != ".json":
        return None
    try:
        data = json.loads(read_text(path).text)
    except ValueError:
        return None
    if isinstance(data, dict) and {"schema_version", "transcript", "quotes"} <= set(data):
        return data
    return None


def load_quotes(path: str | Path, settings: Settings) -> QuoteSet:
    """Quotes of a report.json, or of a transcript (read, parsed and ranked with `settings`)."""
    path = Path(path)
    if not path.exists():
        raise TranscriptError(path, "does not exist", hint="give a report.json written by `roundtable run` or a transcript file")
    report = _read_report(path)
    if report is not None:
        transcript = report["transcript"]
        return QuoteSet(
            quotes=list(report.get("quotes") or []),
            turns=list(transcript.get("turns") or []),
            themes=list(report.get("themes") or []),
            title=transcript.get("title", ""),
            transcript_id=transcript.get("id", ""),
        )
    from ..nlp import nlp_for, parse_transcript
    from ..readers import read_transcript
    from .extract import extract_quotes

    transcript = read_transcript(path, settings.read)
    parsed = parse_transcript(transcript, nlp_for(settings.nlp), settings.nlp)
    quotes = extract_quotes(parsed, settings.quotes)
    return QuoteSet(
        quotes=[quote.to_dict() for quote in quotes],
        turns=[turn.to_dict() for turn in transcript.turns],
        title=transcript.title,
        transcript_id=transcript.id,
    )


def _theme_quote_ids(theme: str, themes: Sequence[dict[str, Any]]) -> set[str]:
    wanted = theme.casefold()
    for entry in themes:
        names = [str(entry.get(key, "")) for key in ("id", "label", "name")]
        if any(name.casefold() == wanted for name in names if name):
            return set(entry.get("quote_ids") or [])
    available = sorted(str(entry.get("label") or entry.get("id")) for entry in themes)
    if not available:
        raise QuoteFilterError(
            "no themes to filter on: this report has none. Run `roundtable run` with themes enabled, or drop --theme"
        )
    raise QuoteFilterError(f"no theme named '{theme}'. Themes in this report: {', '.join(available)}")


def _quote_themes(quote: dict[str, Any]) -> list[str]:
    value = quote.get("theme")
    if value is None:
        return []
    values = value if isinstance(value, (list, tuple)) else [value]
    return [str(v).casefold() for v in values]


def filter_quotes(
    quote_set: QuoteSet,
    *,
    speaker: Optional[str] = None,
    theme: Optional[str] = None,
    min_score: Optional[float] = None,
    min_words: Optional[int] = None,
    max_words: Optional[int] = None,
    top: Optional[int] = None,
) -> list[dict[str, Any]]:
    """The quotes that match every filter given, best first.

    `speaker` matches the label or attribution (case-insensitive, any part). `theme` matches a quote's own
    `theme` key when quotes carry one, else the id or label of a theme in the report, whose `quote_ids`
    are kept. Word counts are of the clean text.
    """
    quotes = list(quote_set.quotes)
    if speaker:
        needle = speaker.casefold()
        quotes = [q for q in quotes if needle in q["speaker"].casefold() or needle in q.get("attribution", "").casefold()]
    if theme:
        if any("theme" in q for q in quote_set.quotes):
            quotes = [q for q in quotes if theme.casefold() in _quote_themes(q)]
        else:
            ids = _theme_quote_ids(theme, quote_set.themes)
            quotes = [q for q in quotes if q["id"] in ids]
    if min_score is not None:
        quotes = [q for q in quotes if q["score"] >= min_score]
    if min_words is not None or max_words is not None:
        low = min_words if min_words is not None else 0
        high = max_words if max_words is not None else 10**9
        quotes = [q for q in quotes if low <= q.get("n_words", len(q["text"].split())) <= high]
    quotes.sort(key=lambda q: q["rank"])
    return quotes[:top] if top is not None else quotes

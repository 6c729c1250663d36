"""`roundtable quotes` and `roundtable score` (registered on the main app)."""

from __future__ import annotations

import json
import shutil
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .cli_common import Command, ConfigOption, SetOption, _fail, _settings, app
from .errors import RoundtableError


class QuoteFormat(str, Enum):
    table = "table"
    csv = "csv"
    md = "md"
    json = "json"


@app.command("quotes", cls=Command)
def quotes_command(
    path: Path = typer.Argument(..., metavar="FILE", help="A report.json written by `roundtable run`, or a transcript file."),
    speaker: Optional[str] = typer.Option(None, "--speaker", metavar="NAME", help="Only quotes by this speaker (any part of label or attribution)."),
    theme: Optional[str] = typer.Option(None, "--theme", metavar="THEME", help="Only quotes of this theme (its id or label), when the report has themes."),
    min_score: Optional[float] = typer.Option(None, "--min-score", min=0.0, max=1.0, metavar="SCORE", help="Only quotes scoring at least this (0-1)."),
    min_words: Optional[int] = typer.Option(None, "--min-words", min=1, metavar="N", help="Only quotes of at least this many words."),
    max_words: Optional[int] = typer.Option(None, "--max-words", min=1, metavar="N", help="Only quotes of at most this many words."),
    top: Optional[int] = typer.Option(None, "--top", "-n", min=1, metavar="N", help="Show at most this many quotes."),
    fmt: QuoteFormat = typer.Option(QuoteFormat.table, "--format", "-f", metavar="FORMAT", help="table (terminal), csv, md or json."),
    config: Optional[Path] = ConfigOption,
    overrides: Optional[list[str]] = SetOption,
) -> None:
    """List the top quotes of a report or transcript, best first, with why each ranks where it does."""
    from .quotes.export import quotes_markdown, quotes_table, quotes_terminal
    from .writers import csv_text
    from .quotes.select import filter_quotes, load_quotes

    try:
        quote_set = load_quotes(path, _settings(config, overrides))
        quotes = filter_quotes(
            quote_set, speaker=speaker, theme=theme, min_score=min_score, min_words=min_words, max_words=max_words, top=top
        )
    except RoundtableError as exc:
        _fail(exc)
        return
    if fmt is QuoteFormat.json:
        typer.echo(json.dumps(quotes, indent=2, ensure_ascii=False))
    elif fmt is QuoteFormat.csv:
        typer.echo(csv_text(quotes_table(quotes, quote_set.turns)), nl=False)
    elif fmt is QuoteFormat.md:
        typer.echo(quotes_markdown(quotes, quote_set.turns, title=quote_set.title))
    else:
        typer.echo(quotes_terminal(quotes, width=min(100, shutil.get_terminal_size((100, 20)).columns)))


@app.command("score", cls=Command)
def score_command(
    file: Path = typer.Argument(..., metavar="FILE", help="Text file with one candidate line per line ('-' reads stdin); blank lines are skipped."),
    explain: bool = typer.Option(False, "--explain", help="Add the reasons in words to each JSON line."),
    config: Optional[Path] = ConfigOption,
    overrides: Optional[list[str]] = SetOption,
) -> None:
    """Score arbitrary lines as quotes: one JSON line {"text", "score", "features"} per input line."""
    from .decoding import decode_bytes
    from .nlp import nlp_for
    from .quotes import score_lines

    try:
        settings = _settings(config, overrides)
        if str(file) == "-":
            text = decode_bytes(sys.stdin.buffer.read(), "<stdin>").text
        else:
            from .decoding import read_text

            text = read_text(file, max_bytes=settings.read.max_bytes).text
        lines = [line for line in text.splitlines() if line.strip()]
        results = score_lines(lines, nlp_for(settings.nlp), settings.quotes)
    except FileNotFoundError:
        from .errors import TranscriptError

        _fail(TranscriptError(file, "does not exist", hint="give a text file with one line to score per line, or '-' for stdin"))
        return
    except RoundtableError as exc:
        _fail(exc)
        return
    for result in results:
        row = {"text": result["text"], "score": result["score"], "features": result["features"]}
        if explain:
            row["reasons"] = result["reasons"]
        typer.echo(json.dumps(row, ensure_ascii=False))

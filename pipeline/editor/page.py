"""Render the editor's page (`report.html`) for one report and the batch's `index.html`.

Pure functions: a report dict (as written to report.json) in, an HTML string out. The page is one file
with no outside resources: inline CSS, the inline script `templates/report.js`, charts as inline SVG.
Transcript text reaches the HTML only through Jinja2's autoescaping, and the script's data only as JSON
in a `<script type="application/json">` block with `<`, `>` and `&` written as `\\u003c` etc., so a
transcript saying `</script>` cannot end the block. A Content-Security-Policy allows no script but the
page's own (by its hash) and no request to anywhere, as a second line of defence.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
from functools import lru_cache
from typing import Any, Iterable, Optional, Sequence
from urllib.parse import quote as url_quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..quotes.export import format_time
from ..summary.compose import quote_sentence, read_quote
from ..summary.render import escape_markdown, format_sources
from ..wording import plural
from .charts import render_charts
from .data import (
    marked_pieces,
    quote_shares,
    quote_themes,
    speaker_name,
    speakers_by_talk,
    talk_shares,
    theme_colour,
    theme_turns,
    turn_runs,
    turn_theme,
)

REPORT_TEMPLATE = "report.html.j2"
INDEX_TEMPLATE = "index.html.j2"
SCRIPT = "report.js"
CSV_COLUMNS = ("rank", "quote", "attribution", "speaker", "time", "turn", "score", "quote_id", "verbatim")
# A spreadsheet runs a cell starting with one of these as a formula; a quote must stay text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: Any) -> Markup:
    """JSON safe inside a `<script>` element: no `<`, `>` or `&` (so no `</script>` or `<!--`)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)


def source_links(sources: Iterable[int]) -> list[dict[str, Any]]:
    """Turn indices as links: runs of three or more turns as one "22–34" link to the first turn."""
    links = []
    for first, last in turn_runs(sources):
        if last - first >= 2:
            links.append({"label": f"{first}–{last}", "turn": first})
        else:
            links.extend({"label": str(i), "turn": i} for i in range(first, last + 1))
    return links


def _percent(value: Optional[float]) -> str:
    return "" if value is None else f"{float(value):.0%}"


@lru_cache(maxsize=1)
def environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("pipeline", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(
        {"sources": format_sources, "source_links": source_links, "percent": _percent, "time": format_time,
         "plural": plural}
    )
    return environment


@lru_cache(maxsize=1)
def page_script() -> tuple[Markup, Markup]:
    """The page's script and its CSP source ('sha256-...'), so only this script may run."""
    loader = environment().loader
    source, _, _ = loader.get_source(environment(), SCRIPT)
    digest = base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
    return Markup(source), Markup(f"'sha256-{digest}'")  # base64: nothing to escape


def _csv_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_line(values: Sequence[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([_csv_cell(v) for v in values])
    return buffer.getvalue()


def _attributions(report: dict[str, Any]) -> dict[str, str]:
    """Speaker label -> attribution in house style ("Jane Smith, chief executive of ...") from the
    summary's participants when there is a summary, else the registry's attribution line."""
    out = {s["label"]: s["attribution"] for s in report["transcript"]["speakers"]}
    for participant in (report.get("summary") or {}).get("participants") or []:
        if participant.get("attribution"):
            out[participant["label"]] = participant["attribution"]
    return out


def _quote_rows(report: dict[str, Any], names: dict[str, str]) -> list[dict[str, Any]]:
    themes_of = quote_themes(report)
    attributions = _attributions(report)
    rows = []
    for quote in report.get("quotes") or []:
        attribution = attributions.get(quote["speaker"], quote["attribution"])
        when = format_time(quote.get("start"))
        reasons = list(quote.get("reasons") or [])
        rows.append(
            {
                **quote,
                "name": names.get(quote["speaker"], quote["speaker"]),
                "press_attribution": attribution,
                "time": when,
                "themes": themes_of.get(quote["id"], []),
                "reasons": reasons,
                "verbatim_differs": " ".join(quote["verbatim"].split()) != quote["text"],
                "search": " ".join(
                    [quote["text"], quote["verbatim"], quote["attribution"], attribution, *reasons]
                ).lower(),
            }
        )
    return rows


def _quote_data(row: dict[str, Any]) -> dict[str, Any]:
    """What the script needs for one quote: text to show, to copy, and its CSV and Markdown lines."""
    where = ", ".join(part for part in (row["time"], f"turn {row['turn_index']}") if part)
    markdown = (
        f"> “{escape_markdown(row['text'])}”\n>\n"
        f"> — {escape_markdown(row['press_attribution'])} ({escape_markdown(where)})\n"
    )
    return {
        "id": row["id"],
        "rank": row["rank"],
        "text": row["text"],
        "attribution": row["press_attribution"],
        "copy": quote_sentence(read_quote(row), row["press_attribution"]),
        "md": markdown,
        "csv": _csv_line(
            [
                row["rank"],
                row["text"],
                row["press_attribution"],
                row["speaker"],
                row["time"],
                row["turn_index"],
                f"{row['score']:.4f}",
                row["id"],
                row["verbatim"],
            ]
        ),
    }


def _theme_cards(report: dict[str, Any], quotes_by_id: dict[str, dict], names: dict[str, str]) -> list[dict]:
    cards = []
    for position, theme in enumerate(report.get("themes") or []):
        cards.append(
            {
                "id": theme["id"],
                "label": theme["label"],
                "colour": theme_colour(position),
                "share": theme.get("share"),
                "keywords": list(theme.get("keywords") or []),
                "speakers": [
                    {"name": names.get(row["speaker"], row["speaker"]), "share": row.get("share")}
                    for row in theme.get("speakers") or []
                ],
                "quotes": [quotes_by_id[i] for i in theme.get("quote_ids") or [] if i in quotes_by_id],
                "runs": turn_runs(theme_turns(theme)),
                "new": bool(theme.get("new")),
                "seeded": bool(theme.get("seeded")),
            }
        )
    return cards


def _transcript_turns(report: dict[str, Any], names: dict[str, str], colours: dict[str, str]) -> list[dict]:
    marks: dict[int, list[tuple[int, int, str]]] = {}
    ranks = {}
    for quote in report.get("quotes") or []:
        marks.setdefault(quote["turn_index"], []).append((quote["char_start"], quote["char_end"], quote["id"]))
        ranks[quote["id"]] = quote["rank"]
    theme_of = turn_theme(report)
    turns = []
    for turn in report["transcript"]["turns"]:
        pieces = marked_pieces(turn["text"], marks.get(turn["index"], []))
        turns.append(
            {
                "index": turn["index"],
                "speaker": turn["speaker"],
                "name": names.get(turn["speaker"], turn["speaker"]),
                "time": format_time(turn.get("start")),
                "theme": theme_of.get(turn["index"]),
                "colour": colours.get(theme_of.get(turn["index"]), "transparent"),
                "pieces": [{"text": text, "quote": qid, "rank": ranks.get(qid)} for text, qid in pieces],
            }
        )
    return turns


def report_context(report: dict[str, Any]) -> dict[str, Any]:
    """Everything report.html.j2 shows, computed from the report (no I/O)."""
    transcript = report["transcript"]
    names = {s["label"]: speaker_name(s) for s in transcript["speakers"]}
    talk, quoted = talk_shares(report), quote_shares(report)
    rows = _quote_rows(report, names)
    quotes_by_id = {row["id"]: row for row in rows}
    themes = _theme_cards(report, quotes_by_id, names)
    colours = {card["id"]: card["colour"] for card in themes}
    n_quotes: dict[str, int] = {}
    for row in rows:
        n_quotes[row["speaker"]] = n_quotes.get(row["speaker"], 0) + 1
    speakers = [
        {
            "label": s["label"],
            "name": names[s["label"]],
            "attribution": s["attribution"],
            "n_words": s["n_words"],
            "n_turns": s["n_turns"],
            "talk": talk.get(s["label"], 0.0),
            "quoted": quoted.get(s["label"], 0.0),
            "n_quotes": n_quotes.get(s["label"], 0),
        }
        for s in speakers_by_talk(report)
    ]
    ends = [t.get("end") for t in transcript["turns"] if t.get("end") is not None]
    script, script_hash = page_script()
    data = {
        "storage_key": f"roundtable:shortlist:{transcript['id']}:{report.get('settings_hash', '')}",
        "file_stem": transcript["id"],
        "csv_header": _csv_line(CSV_COLUMNS),
        "md_header": f"# Shortlist: {escape_markdown(transcript['title'])}\n\n",
        "quotes": [_quote_data(row) for row in rows],
    }
    return {
        "report": report,
        "transcript": transcript,
        "summary": report.get("summary"),
        "speakers": speakers,
        "themes": themes,
        "theme_labels": {card["id"]: card["label"] for card in themes},
        "colours": colours,
        "quotes": rows,
        "turns": _transcript_turns(report, names, colours),
        "charts": [{**chart, "svg": Markup(chart["svg"])} for chart in render_charts(report)],
        "duration": format_time(max(ends)) if ends else "",
        "data_json": script_json(data),
        "script": script,
        "script_hash": script_hash,
    }


def render_report_page(report: dict[str, Any]) -> str:
    """report.html: summary, charts, themes, the quote picker and the transcript, in one file."""
    return environment().get_template(REPORT_TEMPLATE).render(**report_context(report))


def index_entry(report: dict[str, Any], *, n_themes: int = 3, n_quotes: int = 3) -> dict[str, Any]:
    """What index.html lists for one roundtable: title, size, top themes and quotes, links."""
    transcript = report["transcript"]
    folder = url_quote(transcript["id"])
    summary = report.get("summary") or {}
    themes = sorted(
        enumerate(report.get("themes") or []), key=lambda item: (-(item[1].get("share") or 0.0), item[0])
    )[:n_themes]
    attributions = _attributions(report)
    return {
        "id": transcript["id"],
        "title": transcript["title"],
        "date": transcript.get("date"),
        "href": f"{folder}/report.html",
        "summary_href": f"{folder}/summary.html" if summary else None,
        "headline": (summary.get("headline") or {}).get("text"),
        "n_turns": transcript["n_turns"],
        "n_words": transcript["n_words"],
        "n_speakers": sum(1 for s in transcript["speakers"] if s.get("n_words", 0) > 0),
        "n_quotes": len(report.get("quotes") or []),
        "themes": [
            {"label": theme["label"], "share": theme.get("share"), "colour": theme_colour(position)}
            for position, theme in themes
        ],
        "quotes": [
            {
                "text": quote["text"],
                "attribution": attributions.get(quote["speaker"], quote["attribution"]),
                "href": f"{folder}/report.html#row-{url_quote(quote['id'])}",
            }
            for quote in (report.get("quotes") or [])[:n_quotes]
        ],
    }


def render_index_page(entries: Sequence[dict[str, Any]], *, rejected: Sequence[dict[str, Any]] = ()) -> str:
    """index.html for a batch: every roundtable (from `index_entry`) with its top themes and quotes, and
    the inputs that were rejected (`{"path", "message"}`), in the order given (a run's sorted input order)."""
    return environment().get_template(INDEX_TEMPLATE).render(entries=entries, rejected=list(rejected))

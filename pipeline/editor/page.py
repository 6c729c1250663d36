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

from ..quotes.export import format_time, unidentified_labels
from ..summary.compose import quote_sentence, read_quote
from ..summary.render import escape_markdown, format_sources
from ..wording import plural
from .charts import render_charts
from .data import (
    count_of,
    describe_speakers,
    display_title,
    source_name,
    marked_pieces,
    quote_shares,
    quote_themes,
    speaker_name,
    speaker_counts,
    speakers_by_talk,
    talk_shares,
    theme_colour,
    theme_turns,
    title_is_file_name,
    turn_runs,
    turn_theme,
)

# The editor's pages' own version, in the key of a run's outputs (with the report and settings): bump it
# whenever report.html or index.html come out different for the same report (templates, script, charts),
# or a rerun finding every stage cached keeps the old pages in the output folder.
PAGE_VERSION = "3"
REPORT_TEMPLATE = "report.html.j2"
INDEX_TEMPLATE = "index.html.j2"
SCRIPT = "report.js"
INDEX_SCRIPT = "index.js"
# The participants sidebar lists this many, the rest behind "Show all": a committee's 90 names would
# otherwise run far below the summary beside them and leave a long white column.
N_PARTICIPANTS_SHOWN = 12
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
         "count": count_of, "plural": plural}
    )
    return environment


@lru_cache(maxsize=2)
def _script(name: str) -> tuple[Markup, Markup]:
    loader = environment().loader
    source, _, _ = loader.get_source(environment(), name)
    digest = base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
    return Markup(source), Markup(f"'sha256-{digest}'")  # base64: nothing to escape


def page_script() -> tuple[Markup, Markup]:
    """The page's script and its CSP source ('sha256-...'), so only this script may run."""
    return _script(SCRIPT)


def index_script() -> tuple[Markup, Markup]:
    """index.html's filter script and its CSP source."""
    return _script(INDEX_SCRIPT)


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
    unidentified = unidentified_labels(report["transcript"]["speakers"])  # "SPEAKER_02", "Q" without a registry
    rows = []
    for quote in report.get("quotes") or []:
        attribution = attributions.get(quote["speaker"], quote["attribution"])
        if quote["speaker"] in unidentified:  # never "said Q": the raw label is shown beside the mark
            attribution = "An unidentified speaker"
        when = format_time(quote.get("start"))
        reasons = list(quote.get("reasons") or [])
        rows.append(
            {
                **quote,
                "name": names.get(quote["speaker"], quote["speaker"]),
                "press_attribution": attribution,
                "unidentified": quote["speaker"] in unidentified,
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
        "unidentified": row["unidentified"],
        "copy": quote_sentence(read_quote(row), "an unidentified speaker" if row["unidentified"] else row["press_attribution"]),
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
    unidentified = unidentified_labels(report["transcript"]["speakers"])  # "SPEAKER_02", "Q" without a registry
    turns = []
    for turn in report["transcript"]["turns"]:
        pieces = marked_pieces(turn["text"], marks.get(turn["index"], []))
        turns.append(
            {
                "index": turn["index"],
                "speaker": turn["speaker"],
                "name": names.get(turn["speaker"], turn["speaker"]),
                "unidentified": turn["speaker"] in unidentified,
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
        "md_header": f"# Shortlist: {escape_markdown(display_title(transcript))}\n\n",
        "quotes": [_quote_data(row) for row in rows],
    }
    return {
        "report": report,
        "transcript": transcript,
        "title": display_title(transcript),
        "title_from_file": title_is_file_name(transcript),
        "source_name": source_name(transcript),
        "who_spoke": describe_speakers(report),
        "counts": speaker_counts(report),
        "n_participants_shown": N_PARTICIPANTS_SHOWN,
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
    """What index.html lists for one roundtable: title, size, top themes and quotes, links, and what its
    filters match on (`search`: title and speakers; `theme_labels`: every theme; `status`)."""
    transcript = report["transcript"]
    folder = url_quote(transcript["id"])
    summary = report.get("summary") or {}
    themes = sorted(
        enumerate(report.get("themes") or []), key=lambda item: (-(item[1].get("share") or 0.0), item[0])
    )[:n_themes]
    attributions = _attributions(report)
    title = display_title(transcript)
    spoke = [s for s in transcript["speakers"] if s.get("n_words", 0) > 0]
    warnings = list(transcript.get("warnings") or [])
    return {
        "id": transcript["id"],
        "title": title,
        "title_from_file": title_is_file_name(transcript),
        "date": transcript.get("date"),
        "href": f"{folder}/report.html",
        "summary_href": f"{folder}/summary.html" if summary else None,
        "headline": (summary.get("headline") or {}).get("text"),
        "n_turns": transcript["n_turns"],
        "n_words": transcript["n_words"],
        "n_speakers": len(spoke),
        "who_spoke": describe_speakers(report),
        "n_quotes": len(report.get("quotes") or []),
        "n_warnings": len(warnings),
        "status": "warnings" if warnings else "ok",
        "themes": [
            {"label": theme["label"], "share": theme.get("share"), "colour": theme_colour(position)}
            for position, theme in themes
        ],
        "theme_labels": sorted({theme["label"] for theme in report.get("themes") or [] if theme.get("label")}),
        "search": _search_text([title, transcript["id"], *(speaker_name(s) for s in spoke),
                                *(attributions.get(s["label"], "") for s in spoke)]),
        "quotes": [
            {
                "text": quote["text"],
                "attribution": attributions.get(quote["speaker"], quote["attribution"]),
                "href": f"{folder}/report.html#row-{url_quote(quote['id'])}",
            }
            for quote in (report.get("quotes") or [])[:n_quotes]
        ],
    }


def _search_text(parts: Iterable[str]) -> str:
    """What a filter searches, lower-cased, each piece once and none already inside another (a name
    inside its attribution): a committee's 96 names and attributions would otherwise double the index."""
    pieces = list(dict.fromkeys(" ".join(str(p).lower().split()) for p in parts if p))
    return " | ".join(p for p in pieces if not any(p != other and p in other for other in pieces))


def rejected_item(item: dict[str, Any]) -> dict[str, Any]:
    """A rejected input as index.html lists it: the file (and line) on a line of its own, then the error
    without the "path, line N: " the message opens with (the message is shown whole when it does not)."""
    path, line, message = str(item["path"]), item.get("line"), str(item["message"])
    error = message
    for where in (f"{path}, line {line}: " if line else None, f"{path}: "):
        if where and message.startswith(where):
            error = message[len(where):]
            break
    return {"path": path, "line": line, "message": message, "error": error[:1].upper() + error[1:]}


def render_index_page(entries: Sequence[dict[str, Any]], *, rejected: Sequence[dict[str, Any]] = ()) -> str:
    """index.html for a batch: every roundtable (from `index_entry`) with its top themes and quotes, filters
    (search over titles and speakers, theme, status), and the inputs that were rejected (`{"path",
    "message"}`, and `line` when known), in the order given (a run's sorted input order)."""
    script, script_hash = index_script()
    rejected_items = [rejected_item(item) for item in rejected]
    theme_labels = sorted({label for entry in entries for label in entry.get("theme_labels") or []}, key=lambda label: (label.casefold(), label))  # ties in a fixed order
    return environment().get_template(INDEX_TEMPLATE).render(
        entries=entries,
        rejected=rejected_items,
        theme_labels=theme_labels,
        script=script,
        script_hash=script_hash,
    )

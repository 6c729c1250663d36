"""`summary.docx`: the piece as a Word document an editor opens, or pastes into a house template.

Only Word's built-in styles are used (Title, Subtitle, Heading 1, Normal, Quote, List Bullet), so a
house template's own versions of them apply on paste: the headline as Title, the standfirst as Subtitle,
each theme section as Heading 1 and a paragraph, pull quotes as Quote with their attribution, the brief
in reported speech under "In brief", and the participants as a bulleted list. The turns each sentence
rests on stay in report.json and summary.html (data-turns); a Word document for print carries none.

The bytes are deterministic: python-docx stamps the core properties and every zip entry with the time
of writing, so the core properties are set from the meeting (title, its date when it has one, else a
fixed date) and the package is rewritten with fixed entry times. No I/O here: the function returns bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from docx import Document

from ..records import Summary

# Every zip entry and core-property date when the meeting has no date of its own.
_FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


def _meeting_date(date: Any) -> dt.datetime:
    """The meeting's date (ISO "2011-02-15" or a datetime's start) as a UTC datetime, else a fixed one."""
    try:
        day = dt.date.fromisoformat(str(date)[:10])
    except (TypeError, ValueError):
        return _FIXED_DATE
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _fixed_zip(data: bytes) -> bytes:
    """The same package with every entry's time fixed and entries in their written order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _paragraph(document: Any, sentences: list[dict], style: str = "Normal") -> None:
    text = " ".join(sentence["text"] for sentence in sentences if sentence["text"])
    if text:
        document.add_paragraph(text, style=style)


def _quote(document: Any, quote: dict) -> None:
    document.add_paragraph(f"\u201c{quote['text']}\u201d", style="Quote")
    document.add_paragraph(f"\u2014 {quote['attribution']}", style="Quote")


def render_summary_docx(summary: Summary | dict[str, Any]) -> bytes:
    """summary.docx for one transcript (see the module docstring); the same summary gives the same bytes."""
    data = summary.to_dict() if isinstance(summary, Summary) else summary
    document = Document()
    document.add_paragraph(data["headline"]["text"], style="Title")
    _paragraph(document, data["standfirst"], style="Subtitle")
    meta = data["title"] + (f" \u00b7 {data['date']}" if data.get("date") else "")
    document.add_paragraph(meta, style="Normal")
    for number, section in enumerate(data["sections"]):
        document.add_paragraph(section["heading"], style="Heading 1")
        _paragraph(document, section["sentences"])
        if number == 0:
            for quote in data["pull_quotes"]:
                _quote(document, quote)
    if not data["sections"]:
        for quote in data["pull_quotes"]:
            _quote(document, quote)
    lines = data["brief"].get("lines") or data["brief"]["sentences"]
    if lines:
        document.add_paragraph("In brief", style="Heading 1")
        _paragraph(document, lines)
    document.add_paragraph("Participants", style="Heading 1")
    for participant in data["participants"]:
        document.add_paragraph(participant["attribution"], style="List Bullet")

    when = _meeting_date(data.get("date"))
    properties = document.core_properties
    properties.title = data["headline"]["text"][:250]
    properties.subject = data["title"][:250]
    properties.author = "roundtable"
    properties.last_modified_by = "roundtable"
    properties.comments = ""
    properties.keywords = ""
    properties.revision = 1
    properties.created = when
    properties.modified = when
    properties.last_printed = when
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())

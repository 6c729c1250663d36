"""Commentary-ready summaries: a piece an editor can paste, every sentence traceable to what was said.

    from pipeline.summary import summarise, render_summary_markdown, render_summary_html
    summary = summarise(parsed, settings.summary, quotes=quotes, themes=themes)   # a Summary record
    markdown = render_summary_markdown(summary, settings.summary)

Modules: `sentences` (spoken sentences with offsets and a clean reading), `brief` (the extractive
brief), `reported` (the brief as attributed reported speech), `compose` (headline, standfirst, sections,
participants, pull quotes; `describe_speaker`, the one way a speaker is named), `render` (Jinja2
templates: summary.md, summary.html, digest.md), `word` (summary.docx), `digest` (what ran across a batch).
"""

from __future__ import annotations

from typing import Any, Sequence

from ..nlp import ParsedTranscript
from ..records import Summary
from ..settings import SummarySettings
from .brief import BriefOptions, summarise_brief
from .compose import compose_summary
from .speakers import house_attribution, house_role
from .digest import build_digest
from .render import (
    escape_markdown,
    format_sources,
    render_digest_markdown,
    render_summary_html,
    render_summary_markdown,
)
from .sentences import clean_reading, split_sentences
from .word import render_summary_docx


def summarise(
    parsed: ParsedTranscript,
    settings: SummarySettings,
    *,
    quotes: Sequence[Any] = (),
    themes: Sequence[Any] = (),
) -> Summary:
    """The whole summary of one transcript: brief, headline, standfirst, sections, participants, pull
    quotes. `quotes` are the report's quotes (best first), `themes` its themes (main first)."""
    brief = summarise_brief(parsed, settings, themes=themes or None)
    return compose_summary(parsed, settings, brief=brief, quotes=quotes, themes=themes)


__all__ = [
    "BriefOptions",
    "build_digest",
    "clean_reading",
    "compose_summary",
    "escape_markdown",
    "format_sources",
    "house_attribution",
    "house_role",
    "render_digest_markdown",
    "render_summary_docx",
    "render_summary_html",
    "render_summary_markdown",
    "split_sentences",
    "summarise",
    "summarise_brief",
]

"""The editor's page: one self-contained HTML report per roundtable (summary, themes, a quote picker,
the transcript with quotes marked, charts), and an index page for a batch.

    from pipeline.editor import render_report_page, render_index_page, index_entry
    html = render_report_page(report)            # report: the dict written as report.json

Modules: `data` (what the page and charts read from a report), `charts` (matplotlib SVG, deterministic),
`page` (Jinja2 templates report.html.j2 and index.html.j2, with the inline script report.js).
"""

from __future__ import annotations

from .charts import render_charts
from .page import PAGE_VERSION, index_entry, render_index_page, render_report_page

__all__ = ["PAGE_VERSION", "index_entry", "render_charts", "render_index_page", "render_report_page"]

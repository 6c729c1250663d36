"""Render a summary (and a batch digest) with Jinja2 templates: `summary.md`, `summary.html`, `digest.md`.

Templates come from `summary.templates_dir` (the press office's own) when set, else from the package
(`pipeline/templates/`); a template missing from the office's folder falls back to the package's. Both
environments use `StrictUndefined`, so a template naming a field that does not exist fails loudly
instead of printing nothing. HTML is autoescaped; in Markdown every value is escaped for Markdown and
HTML, so a transcript cannot inject markup into either. No I/O here: functions return strings.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    Template,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from markupsafe import Markup

from ..errors import SettingsError
from ..records import Summary
from ..settings import SummarySettings

SUMMARY_MD = "summary.md.j2"
SUMMARY_HTML = "summary.html.j2"
DIGEST_MD = "digest.md.j2"
TEMPLATE_NAMES = (SUMMARY_MD, SUMMARY_HTML, DIGEST_MD)

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=])", re.MULTILINE)
_MD_ORDERED = re.compile(r"^(\s*\d+)\.", re.MULTILINE)


def escape_markdown(value: Any) -> str:
    """Text that prints as itself in Markdown: HTML tags, emphasis, links and headings are neutralised."""
    if value is None:
        return ""
    if isinstance(value, Markup):  # already built by the template itself
        return str(value)
    text = str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(r"\1\\\2", text)
    return _MD_ORDERED.sub(r"\1\\.", text)


def format_sources(sources: Iterable[int]) -> str:
    """"turn 3" / "turns 3, 7 and 12" / "turns 3, 22–34": turn indices as in report.json and turns.csv,
    runs of three or more consecutive turns written as a range."""
    indices = sorted({int(i) for i in sources})
    if not indices:
        return ""
    if len(indices) == 1:
        return f"turn {indices[0]}"
    runs: list[list[int]] = []
    for index in indices:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{run[0]}–{run[-1]}")
        else:
            parts.extend(str(i) for i in run)
    if len(parts) == 1:
        return f"turns {parts[0]}"
    return "turns " + ", ".join(parts[:-1]) + f" and {parts[-1]}"


def _check_templates_dir(templates_dir: Optional[str]) -> Optional[Path]:
    if templates_dir is None:
        return None
    folder = Path(templates_dir).expanduser()
    if not folder.is_dir():
        raise SettingsError(
            "summary.templates_dir",
            f"a folder holding any of {', '.join(TEMPLATE_NAMES)}",
            templates_dir,
        )
    return folder


@lru_cache(maxsize=8)
def template_environment(templates_dir: Optional[str], kind: str) -> Environment:
    """The Jinja2 environment for `kind` "html" or "md", looking in `templates_dir` first."""
    loaders = []
    folder = _check_templates_dir(templates_dir)
    if folder is not None:
        loaders.append(FileSystemLoader(str(folder)))
    loaders.append(PackageLoader("pipeline", "templates"))
    options: dict[str, Any] = {
        "loader": ChoiceLoader(loaders),
        "undefined": StrictUndefined,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
    }
    if kind == "html":
        options["autoescape"] = select_autoescape(
            enabled_extensions=("html", "htm", "xml", "html.j2", "htm.j2"), default_for_string=True, default=True
        )
    else:
        options["autoescape"] = False
        options["finalize"] = escape_markdown
    environment = Environment(**options)
    environment.filters["sources"] = format_sources
    return environment


def _template(templates_dir: Optional[str], kind: str, name: str) -> Template:
    """`name` compiled from `templates_dir` (else the package); a syntax error is a `SettingsError` naming
    the file and line."""
    environment = template_environment(templates_dir, kind)
    try:
        return environment.get_template(name)
    except TemplateNotFound:  # pragma: no cover - the package always ships its templates
        raise SettingsError("summary.templates_dir", f"a folder with {name} (or none)", templates_dir) from None
    except TemplateSyntaxError as exc:
        raise SettingsError(
            "summary.templates_dir",
            f"a valid Jinja2 template {name} (line {exc.lineno}: {exc.message})",
            templates_dir,
        ) from None


def _render(templates_dir: Optional[str], kind: str, name: str, context: dict[str, Any]) -> str:
    return _template(templates_dir, kind, name).render(**context)


def summary_context(summary: Summary | dict[str, Any]) -> dict[str, Any]:
    """What summary templates see: `summary` (the record's dict, as in report.json) and `sentences`, every
    sentence of the piece in reading order with its sources (for a sources list)."""
    data = summary.to_dict() if isinstance(summary, Summary) else summary
    sentences = [data["headline"], *data["standfirst"]]
    for section in data["sections"]:
        sentences.extend(section["sentences"])
    sentences.extend(data["brief"].get("lines") or data["brief"]["sentences"])
    return {"summary": data, "sentences": sentences}


def render_summary_markdown(summary: Summary | dict[str, Any], settings: SummarySettings) -> str:
    return _render(settings.templates_dir, "md", SUMMARY_MD, summary_context(summary))


def render_summary_html(summary: Summary | dict[str, Any], settings: SummarySettings) -> str:
    return _render(settings.templates_dir, "html", SUMMARY_HTML, summary_context(summary))


def render_digest_markdown(digest: dict[str, Any], settings: SummarySettings) -> str:
    return _render(settings.templates_dir, "md", DIGEST_MD, {"digest": digest})


def check_templates_dir(settings: SummarySettings) -> list[str]:
    """Raise `SettingsError` when `summary.templates_dir` is set but is not a folder, or one of its
    templates does not compile; else return the templates the office's folder overrides (the rest come from
    the package)."""
    folder = _check_templates_dir(settings.templates_dir)
    overridden = [name for name in TEMPLATE_NAMES if folder is not None and (folder / name).is_file()]
    for name in overridden:  # compiled now, so a syntax error stops the run once, not every input
        _template(settings.templates_dir, "html" if name == SUMMARY_HTML else "md", name)
    return overridden

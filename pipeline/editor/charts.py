"""Charts for the editor's page, drawn with matplotlib as SVG strings to inline in the HTML.

Each chart is a pure function `report dict -> SVG string` (None when there is nothing to draw). The
bytes are deterministic: no date in the metadata, a fixed hash salt for the element ids, fixed figure
widths, fonts and colours, and no pyplot (each chart is its own `Figure`, so there is no global state
to leak between charts or threads). Text stays text (`svg.fonttype = none`): small, selectable, and
readable by screen readers; the page sets the font family for it.
"""

from __future__ import annotations

import io
import re
import textwrap
from typing import Any, Callable, Optional

import matplotlib

matplotlib.use("Agg")  # never a display backend; figures below are saved as SVG

from matplotlib import rc_context  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

from .data import (  # noqa: E402
    QUOTES_COLOUR,
    TALK_COLOUR,
    quote_shares,
    speaker_name,
    speaker_theme_words,
    speakers_by_talk,
    talk_shares,
    theme_colour,
    theme_turns,
    turn_runs,
)

WIDTH_INCHES = 7.2
MAX_SPEAKERS = 14  # more than this and a bar chart stops being readable; the rest are "Others"
RC = {
    "svg.hashsalt": "roundtable-editor",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9.5,
    "text.parse_math": False,  # a "$" in a speaker's name or a theme label is text, not mathtext
    "text.usetex": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "path.simplify": True,
    "image.interpolation": "nearest",
}
_XML_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')
_URL_REF = re.compile(r"url\(#([^)]+)\)")
_HREF_REF = re.compile(r'href="#([^"]+)"')


def _short(text: str, width: int = 26) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _wrap(text: str, width: int = 13, lines: int = 3) -> str:
    return "\n".join(textwrap.wrap(" ".join(str(text).split()), width=width, max_lines=lines, placeholder="…"))


def _svg(figure: Figure, prefix: str) -> str:
    """The figure as an SVG element for inlining: no XML prologue or metadata, ids prefixed so several charts can
    share one page without their clip paths colliding."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.08)
    svg = _XML_PROLOGUE.sub("", buffer.getvalue(), count=1)
    svg = _METADATA.sub("", svg, count=1)  # creator and licence namespaces: nothing a reader needs
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = _URL_REF.sub(lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    return _HREF_REF.sub(lambda m: f'href="#{prefix}-{m.group(1)}"', svg).strip() + "\n"


def _draw(height: float, prefix: str, paint: Callable[[Figure], None]) -> str:
    with rc_context(RC):
        figure = Figure(figsize=(WIDTH_INCHES, height))
        paint(figure)
        return _svg(figure, prefix)


def _chart_speakers(report: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(labels, names) of the speakers a chart shows, most talk first; None past MAX_SPEAKERS."""
    speakers = speakers_by_talk(report)[:MAX_SPEAKERS]
    return [s["label"] for s in speakers], [_short(speaker_name(s)) for s in speakers]


def talk_share_chart(report: dict[str, Any]) -> Optional[str]:
    """Horizontal bars: each speaker's share of the words spoken, most first."""
    speakers = speakers_by_talk(report)
    if not speakers:
        return None
    shares = talk_shares(report)
    shown = speakers[:MAX_SPEAKERS]
    names = [_short(speaker_name(s)) for s in shown]
    values = [shares[s["label"]] for s in shown]
    if len(speakers) > len(shown):
        names.append(f"Others ({len(speakers) - len(shown)})")
        values.append(sum(shares[s["label"]] for s in speakers[len(shown) :]))

    def paint(figure: Figure) -> None:
        ax = figure.subplots()
        positions = list(range(len(names)))
        ax.barh(positions, values, color=TALK_COLOUR, height=0.65)
        for y, value in zip(positions, values):
            ax.text(value, y, f" {value:.0%}", va="center", ha="left", fontsize=8.5)
        ax.set_yticks(positions, names)
        ax.invert_yaxis()
        ax.set_xlim(0, max(values) * 1.15 or 1)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_xlabel("share of words spoken")
        ax.set_title("Share of talk by speaker")

    return _draw(0.9 + 0.3 * len(names), "talk", paint)


def theme_spans(theme: dict[str, Any]) -> list[tuple[int, int]]:
    """(first, last) turns of each stretch of talk on a theme; runs of its turns when it has no stretches.
    Stretches, not single turns: in a long meeting the odd short turn off the subject would stripe the bar."""
    stretches = theme.get("stretches") or []
    if stretches:
        return sorted((int(s["first_turn"]), int(s["last_turn"])) for s in stretches)
    return turn_runs(theme_turns(theme))


def theme_timeline_chart(report: dict[str, Any]) -> Optional[str]:
    """One row per theme, a bar over each stretch of talk on it, along the meeting's turns."""
    # (position in the report, which sets the colour, theme) for themes that cover any turn
    themes = [(i, t) for i, t in enumerate(report.get("themes") or []) if theme_turns(t)]
    n_turns = report["transcript"]["n_turns"]
    if not themes or not n_turns:
        return None
    labels = [_short(f"{t['id']} {t['label']}", 30) for _, t in themes]

    def paint(figure: Figure) -> None:
        ax = figure.subplots()
        for y, (position, theme) in enumerate(themes):
            spans = [(first, last - first + 1) for first, last in theme_spans(theme)]
            ax.broken_barh(spans, (y - 0.35, 0.7), facecolors=theme_colour(position))
        ax.set_yticks(range(len(themes)), labels)
        ax.invert_yaxis()
        ax.set_xlim(0, n_turns)
        ax.set_xlabel("turn (the meeting from start to end)")
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_title("Themes across the meeting")

    return _draw(0.9 + 0.32 * len(themes), "timeline", paint)


def speaker_theme_heatmap(report: dict[str, Any]) -> Optional[str]:
    """Speakers x themes: the share of each speaker's on-theme words that went to each theme."""
    themes = report.get("themes") or []
    labels, names = _chart_speakers(report)
    cells = speaker_theme_words(report)
    if not themes or not labels or not cells:
        return None
    matrix = []
    for label in labels:
        row = [cells.get((label, theme["id"]), 0) for theme in themes]
        total = sum(row)
        matrix.append([value / total if total else 0.0 for value in row])

    def paint(figure: Figure) -> None:
        ax = figure.subplots()
        ax.imshow(matrix, cmap="Blues", vmin=0.0, vmax=1.0, aspect="auto")
        for i, row in enumerate(matrix):
            for j, value in enumerate(row):
                if value >= 0.005:
                    ax.text(j, i, f"{value:.0%}", ha="center", va="center", fontsize=8,
                            color="white" if value > 0.55 else "#1a1a1a")
        ax.set_xticks(range(len(themes)), [_wrap(t["label"]) for t in themes], fontsize=8.5)
        ax.set_yticks(range(len(labels)), names)
        ax.tick_params(axis="x", top=True, bottom=False, labeltop=True, labelbottom=False, length=0)
        ax.tick_params(axis="y", length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        # No colour bar: every cell carries its percentage, so a scale would only repeat it.
        ax.set_title("What each speaker talked about (share of their words)", pad=12)

    return _draw(1.5 + 0.34 * len(labels), "heatmap", paint)


def voice_balance_chart(report: dict[str, Any]) -> Optional[str]:
    """Per speaker, share of talk beside share of the ranked quotes picked from them."""
    labels, names = _chart_speakers(report)
    if not labels:
        return None
    talk, quoted = talk_shares(report), quote_shares(report)

    def paint(figure: Figure) -> None:
        ax = figure.subplots()
        positions = range(len(labels))
        ax.barh([p - 0.19 for p in positions], [talk[l] for l in labels], height=0.36, color=TALK_COLOUR,
                label="share of talk")
        ax.barh([p + 0.19 for p in positions], [quoted.get(l, 0.0) for l in labels], height=0.36,
                color=QUOTES_COLOUR, label="share of quotes picked")
        ax.set_yticks(list(positions), names)
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=2, frameon=False, fontsize=8.5,
                  borderaxespad=0.2)
        ax.set_title("Voice balance: talk against quotes picked", pad=22)

    return _draw(1.1 + 0.42 * len(labels), "balance", paint)


CHARTS: tuple[tuple[str, str, Callable[[dict[str, Any]], Optional[str]], str], ...] = (
    ("talk", "Share of talk by speaker", talk_share_chart,
     "Each speaker's share of the words spoken in the meeting."),
    ("timeline", "Themes across the meeting", theme_timeline_chart,
     "Where in the meeting (by turn) each theme was talked about."),
    ("heatmap", "Speaker × theme", speaker_theme_heatmap,
     "For each speaker, how their words on the meeting's themes split between the themes."),
    ("balance", "Voice balance", voice_balance_chart,
     "Each speaker's share of talk against their share of the ranked quotes: who the quote list "
     "over- or under-represents."),
)


def render_charts(report: dict[str, Any]) -> list[dict[str, str]]:
    """Every chart that has something to show: [{"key", "title", "caption", "svg"}, ...] in page order."""
    charts = []
    for key, title, draw, caption in CHARTS:
        svg = draw(report)
        if svg is not None:
            charts.append({"key": key, "title": title, "caption": caption, "svg": svg})
    return charts

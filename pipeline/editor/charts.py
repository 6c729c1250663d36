"""Charts for the editor's page, drawn with matplotlib as SVG strings to inline in the HTML.

Each chart is a pure function `report dict -> SVG string` (None when there is nothing to draw). The
bytes are deterministic: no date in the metadata, a fixed hash salt for the element ids, fixed figure
widths, fonts and colours, and no pyplot (each chart is its own `Figure`, so there is no global state
to leak between charts or threads; the one thing kept across charts is the cache of text measurements, which
only depend on the text and its font). Text stays text (`svg.fonttype = none`): small, selectable, and
readable by screen readers; the page sets the font family for it.

Speed: charts are a large part of the CPU the pipeline spends after parsing, and most of a chart's CPU is
matplotlib building and drawing artists, so the charts ask it for fewer artists and less measuring, for the
same picture:
- one draw per chart: the margins are set from the measured widths of the labels (`_Layout`), not found by
  `savefig(bbox_inches="tight")`, which draws every figure twice; and the title and axis labels are placed at
  fixed offsets, so matplotlib does not measure every tick label again to place them;
- each text is measured once per process, not once per chart (`_SVGRenderer`, `_svg_document`): matplotlib
  keeps text metrics per renderer and `savefig` makes a renderer per figure, while the same percentages, names
  and titles come back in every chart;
- no matplotlib ticks, five artists each (built for every location, shown or not): categories are plain texts
  (`_category_labels`), and the value axis is one line of tick markers, plain texts and one collection of grid
  lines (`_value_axis`); the heatmap has no axes drawn at all (its colour scale is an image with three texts);
- bars and theme spans are one collection per series (`_bars`, `_rectangles`), not an artist per bar;
- texts belong to the figure, not the Axes (`_text`), which spares each a clip path it would never use;
- the heatmap's image goes into the SVG at one pixel per cell, for the browser to scale (`image.interpolation =
  none`), not resampled to the size of the figure and PNG-encoded at that size.
Together these halve the charts' CPU; the SVG draws the same (only the heatmap's cell edges may move by less
than a pixel).

Why one module: every chart of the page shares one matplotlib setup (fonts, sizes, deterministic SVG output,
name wrapping) that the charts must agree on; each chart is a pure function of the report, and about 55
lines are shared layout constants.
"""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Optional, Sequence

import matplotlib

matplotlib.use("Agg")  # never a display backend; figures below are saved as SVG

from matplotlib import rc_context  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_svg import RendererSVG  # noqa: E402
from matplotlib.collections import LineCollection, PolyCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.markers import TICKDOWN  # noqa: E402
from matplotlib.textpath import TextToPath  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402
from matplotlib.transforms import ScaledTranslation, Transform  # noqa: E402

from .data import (  # noqa: E402
    TALK_COLOUR,
    TURNS_COLOUR,
    quote_counts,
    speaker_name,
    speaker_theme_words,
    speakers_by_talk,
    talk_shares,
    theme_colour,
    theme_turns,
    turn_runs,
    turn_shares,
)

WIDTH_INCHES = 6.9
MAX_SPEAKERS = 14  # more than this and a bar chart stops being readable; the rest are "Others"
FONT = "DejaVu Sans"  # the page's CSS names the same family first, so the browser's text fits these margins
FONT_SIZE = 9.5  # tick labels, axis labels
TITLE_SIZE = 11
TICK = 3.5  # points: matplotlib's default tick length and tick-label pad
PAD = 3.5
TICK_WIDTH = 0.8  # points: matplotlib's default tick width
GRID_COLOUR = "#dddddd"
LABEL_PAD = 4.0  # axis label below its tick labels
EDGE = 6.0  # points of white space around the drawing
LINE = 1.2  # matplotlib's line spacing for multi-line text
RC = {
    "svg.hashsalt": "roundtable-editor",
    "svg.fonttype": "none",
    "font.family": FONT,
    "font.size": FONT_SIZE,
    "text.parse_math": False,  # a "$" in a speaker's name or a theme label is text, not mathtext
    "text.usetex": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": TITLE_SIZE,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "path.simplify": True,
    "image.interpolation": "none",  # drawn by the browser with crisp edges, one image pixel per heatmap cell
}
_XML_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')
_URL_REF = re.compile(r"url\(#([^)]+)\)")
_HREF_REF = re.compile(r'href="#([^"]+)"')


NAME_WIDTH = 30  # characters a speaker's name takes on one line of a chart before it wraps


def _chart_name(name: str) -> str:
    """A speaker's name as a chart labels a row: whole, wrapped after about NAME_WIDTH characters
    ("Mr. Garnett Genuis (Sherwood" / "ParkFort Saskatchewan, CPC)"), so two speakers whose names begin
    alike are never shown as one cut-short name."""
    return _wrap_whole(name, NAME_WIDTH)


def _row_height(labels: Sequence[str], one_line: float) -> float:
    """Inches per row: `one_line` for one-line labels, else room for the most lines any label takes."""
    n_lines = max((label.count("\n") + 1 for label in labels), default=1)
    return one_line if n_lines == 1 else max(one_line, 0.04 + 0.16 * n_lines)


def _wrap_whole(text: str, width: int) -> str:
    """`text` on lines of about `width` characters, every word kept whole and none left out: a theme's name
    is never cut short (a word longer than `width` gets a line of its own)."""
    return "\n".join(textwrap.wrap(" ".join(str(text).split()), width=width, break_long_words=False,
                                   break_on_hyphens=False)) or str(text)


_TEXT_TO_PATH = TextToPath()


@lru_cache(maxsize=16384)
def _text_metrics(text: str, prop: FontProperties, ismath: Any) -> tuple[float, float, float]:
    """(width, height, descent) in points of one line of text, as the SVG backend measures it: with the font's
    outlines at a fixed scale, so the same for any figure and dpi. Kept for every chart of every meeting; `prop`
    must not change after the call (pass a copy)."""
    return _TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath)


@lru_cache(maxsize=4096)
def _text_width(text: str, size: float = FONT_SIZE) -> float:
    """Width in points of (the widest line of) `text` in the charts' font, as the SVG backend measures it."""
    prop = FontProperties(family=FONT, size=size)
    return max(_text_metrics(line, prop, False)[0] for line in text.split("\n"))


def _widest(labels: Sequence[str], size: float = FONT_SIZE) -> float:
    return max((_text_width(label, size) for label in labels), default=0.0)


@dataclass
class _Layout:
    """A figure's size and its one Axes' place, from margins in points around an Axes of a given height."""

    axes_height: float  # inches
    left: float  # points, from the figure's left edge to the Axes
    top: float
    bottom: float
    right: float = 14.0  # room for half the last tick label on the x axis

    @property
    def height(self) -> float:
        """The figure's height in inches."""
        return self.axes_height + (self.top + self.bottom) / 72

    def figure(self) -> Figure:
        """A figure of this size at 72 dpi, the resolution matplotlib draws SVG at."""
        return Figure(figsize=(WIDTH_INCHES, self.height), dpi=72)

    def axes(self, figure: Figure) -> Axes:
        height = self.height
        return figure.add_axes((
            self.left / 72 / WIDTH_INCHES,
            self.bottom / 72 / height,
            1 - (self.left + self.right) / 72 / WIDTH_INCHES,
            self.axes_height / height,
        ))


COLUMN_SIZES = (8.5, 7.5, 6.5)  # points: the heatmap's column labels, the largest at which all fit
COLUMN_LINES = 5  # a column label may take this many lines before its font gets smaller


def _fit_wrap(label: str, size: float, room: float, lines: int = COLUMN_LINES) -> Optional[str]:
    """The widest wrapping of `label` on at most `lines` lines, every word whole, that fits in `room`
    points; None if there is none."""
    for width in range(24, 3, -1):
        wrapped = _wrap_whole(label, width)
        if wrapped.count("\n") < lines and _text_width(wrapped, size) <= room:
            return wrapped
    return None


def _break_words(label: str, size: float, room: float) -> str:
    """`label` wrapped to `room` points with a word too long for it broken over lines at a hyphen
    ("misinfor-" / "mation"): every letter shown, none cut off."""
    lines: list[str] = []
    for word in " ".join(str(label).split()).split(" "):
        while _text_width(word, size) > room and len(word) > 2:
            cut = max(k for k in range(1, len(word)) if k == 1 or _text_width(word[:k] + "-", size) <= room)
            lines.append(word[:cut] + "-")
            word = word[cut:]
        if lines and not lines[-1].endswith("-") and _text_width(f"{lines[-1]} {word}", size) <= room:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def _column_labels(labels: Sequence[str], room: float) -> tuple[list[str], float]:
    """(wrapped labels, font size) for labels over columns `room` points wide: in the largest of COLUMN_SIZES
    at which every label fits whole on at most COLUMN_LINES lines, each wrapped as widely as fits. Never cut
    short: failing every size, the smallest is used, and a word too long for its column is broken over
    lines at a hyphen."""
    for size in COLUMN_SIZES:
        wrapped = [_fit_wrap(label, size, room) for label in labels]
        if all(wrapped):
            return [w for w in wrapped if w], size
    size = COLUMN_SIZES[-1]
    return [_fit_wrap(label, size, room, lines=99) or _break_words(label, size, room) for label in labels], size


def _left_margin(labels: Sequence[str], tick: float = TICK) -> float:
    """Room for the y tick labels: the longest label, the pad and the tick."""
    return EDGE + _widest(labels) + PAD + tick + 2.0


# x tick labels (one line), the pad and the tick, then the axis label: below the Axes
_BOTTOM_TICKS = TICK + PAD + LINE * FONT_SIZE
_BOTTOM_WITH_LABEL = EDGE + _BOTTOM_TICKS + LABEL_PAD + LINE * FONT_SIZE
_TOP_WITH_TITLE = EDGE + LINE * TITLE_SIZE + 6.0  # title and its default pad


def _fix_labels(figure: Figure, ax: Axes, title: str, *, title_pad: float = 6.0) -> None:
    """Title and axis labels at fixed offsets from the Axes (matplotlib would otherwise measure every tick
    label of the Axes again, at each draw, to place them)."""
    ax.set_title(title, y=1.0, pad=title_pad)
    below = ScaledTranslation(0, -(_BOTTOM_TICKS + LABEL_PAD) / 72, figure.dpi_scale_trans)
    ax.xaxis.set_label_coords(0.5, 0.0, transform=ax.transAxes + below)
    ax.yaxis.set_label_coords(0.0, 0.5)  # no y label drawn; fixed so it is not placed either


def _text(figure: Figure, x: float, y: float, text: str, transform: Transform, **style: Any) -> None:
    """A text at (x, y) in `transform` (one of the Axes' transforms), added to the figure rather than the Axes:
    `Axes.text` takes over twice as long to make a text, mostly to give it a clip path to the Axes, and these
    texts are never clipped. The figure draws its texts after its Axes, so over the bars and cells."""
    figure.text(x, y, text, transform=transform, **style)


def _category_labels(figure: Figure, ax: Axes, axis: str, labels: Sequence[str], *, size: float = FONT_SIZE,
                     gap: float = TICK + PAD) -> None:
    """Labels of the categories along an axis (speakers, themes; at 0, 1, 2, ...) as plain texts `gap` points
    outside the Axes, left of it (y) or above it (x), with no tick marks: a matplotlib tick is five artists and
    costs some ten times a text to build, and a category needs no mark."""
    if axis == "y":
        ax.set_yticks([])
        transform = ax.get_yaxis_transform() + ScaledTranslation(-gap / 72, 0, figure.dpi_scale_trans)
        for position, label in enumerate(labels):
            _text(figure, 0.0, position, label, transform, size=size, ha="right", va="center_baseline")
    else:
        ax.set_xticks([])
        transform = ax.get_xaxis_transform() + ScaledTranslation(0, gap / 72, figure.dpi_scale_trans)
        for position, label in enumerate(labels):
            _text(figure, position, 1.0, label, transform, size=size, ha="center", va="bottom")


def _value_axis(figure: Figure, ax: Axes, *, grid: bool = False) -> None:
    """The x axis's ticks where its locator puts them and as its formatter writes them, drawn as matplotlib draws
    them (tick marks, labels under them and, with `grid`, light lines across the Axes under the bars) but as one
    line of markers, plain texts and one collection of lines, and the axis itself left without ticks: a matplotlib
    tick is five artists, each grid line is its own artist, and each tick label is laid out twice per draw.
    Call once the x limits are final; they are fixed here, so nothing added later rescales the axis. (A
    formatter's offset or "1e6" would be lost: shares and turn numbers never need one.)"""
    low, high = ax.get_xlim()
    ax.set_xlim(low, high)
    locations = ax.xaxis.get_majorticklocs()
    labels = ax.xaxis.get_major_formatter().format_ticks(locations)
    close = 1e-10 * (high - low)  # matplotlib draws the ticks in the view, give or take rounding
    ticks = [(x, label) for x, label in zip(locations, labels) if low - close <= x <= high + close]
    ax.set_xticks([])
    xs = [x for x, _ in ticks]
    ax.add_line(Line2D(xs, [0.0] * len(xs), linestyle="none", marker=TICKDOWN, markersize=TICK,
                       markeredgewidth=TICK_WIDTH, color="black", transform=ax.get_xaxis_transform(), clip_on=False))
    transform, va, ha = ax.get_xaxis_text1_transform(TICK + PAD)
    for x, label in ticks:
        _text(figure, x, 0.0, label, transform, va=va, ha=ha)
    if grid:
        lines = LineCollection([[(x, 0.0), (x, 1.0)] for x in xs], colors=GRID_COLOUR, linewidths=0.6,
                               capstyle="projecting", zorder=0.5, transform=ax.get_xaxis_transform())
        ax.add_collection(lines, autolim=False)


def _rectangles(ax: Axes, rectangles: Sequence[tuple[float, float, float, float]], colours: Any,
                label: str = "") -> PolyCollection:
    """Filled rectangles (left, bottom, width, height, in data coordinates) as one collection, taken into the
    Axes' autoscaling: what `Axes.barh` and `Axes.broken_barh` draw, without an artist (`barh`) or a collection
    (`broken_barh`, one per row) for each. `colours`: one for all, or one per rectangle."""
    collection = PolyCollection(
        [[(x, y), (x + width, y), (x + width, y + height), (x, y + height)] for x, y, width, height in rectangles],
        facecolors=colours, edgecolors="none", label=label)
    ax.add_collection(collection)
    return collection


def _bars(ax: Axes, positions: Sequence[float], values: Sequence[float], height: float, colour: str,
          label: str = "") -> None:
    """Horizontal bars from 0, centred on `positions`, as `Axes.barh` draws them; as with `barh`, autoscaling
    stops the x axis at 0."""
    bars = _rectangles(ax, [(0.0, y - height / 2, value, height) for y, value in zip(positions, values)], colour,
                       label)
    bars.sticky_edges.x.append(0.0)


class _SVGRenderer(RendererSVG):
    """matplotlib's SVG renderer, measuring text through `_text_metrics`. matplotlib keeps text metrics per
    renderer, and `savefig` makes a new renderer for each figure, so it would measure "12%", "lp" (its line height)
    or a speaker's name again in every chart of every meeting; measuring is over a third of drawing a text."""

    def get_text_width_height_descent(self, s: str, prop: FontProperties, ismath: Any) -> tuple[float, float, float]:
        # docstring inherited
        return _text_metrics(s, prop.copy(), ismath)


def _svg_document(figure: Figure) -> str:
    """The figure as an SVG document, as `savefig(format="svg", metadata={"Date": None})` would write it (at 72 dpi,
    a pixel to an SVG point; no layout engine, no tight box, nothing rasterized), but drawn by `_SVGRenderer`,
    which `savefig` cannot be given."""
    buffer = io.StringIO()
    width, height = figure.get_size_inches() * 72
    renderer = _SVGRenderer(width, height, buffer, image_dpi=figure.dpi, metadata={"Date": None})
    figure.draw(renderer)
    renderer.finalize()
    return buffer.getvalue()


def _inline(document: str, prefix: str) -> str:
    """An SVG document as an element for inlining: no XML prologue or metadata, ids prefixed so several charts can
    share one page without their clip paths colliding."""
    svg = _XML_PROLOGUE.sub("", document, count=1)
    svg = _METADATA.sub("", svg, count=1)  # creator and licence namespaces: nothing a reader needs
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = _URL_REF.sub(lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    return _HREF_REF.sub(lambda m: f'href="#{prefix}-{m.group(1)}"', svg).strip() + "\n"


def _draw(layout: _Layout, prefix: str, paint: Callable[[Figure, Axes], None]) -> str:
    with rc_context(RC):
        figure = layout.figure()
        paint(figure, layout.axes(figure))
        return _inline(_svg_document(figure), prefix)


def _chart_speakers(report: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(labels, names) of the speakers a chart shows, most talk first; None past MAX_SPEAKERS."""
    speakers = speakers_by_talk(report)[:MAX_SPEAKERS]
    return [s["label"] for s in speakers], [_chart_name(speaker_name(s)) for s in speakers]


def talk_share_chart(report: dict[str, Any]) -> Optional[str]:
    """Horizontal bars: each speaker's share of the words spoken, most first."""
    speakers = speakers_by_talk(report)
    if not speakers:
        return None
    shares = talk_shares(report)
    shown = speakers[:MAX_SPEAKERS]
    names = [_chart_name(speaker_name(s)) for s in shown]
    values = [shares[s["label"]] for s in shown]
    if len(speakers) > len(shown):
        names.append(f"Others ({len(speakers) - len(shown)})")
        values.append(sum(shares[s["label"]] for s in speakers[len(shown) :]))

    def paint(figure: Figure, ax: Axes) -> None:
        positions = list(range(len(names)))
        _bars(ax, positions, values, 0.65, TALK_COLOUR)
        for y, value in zip(positions, values):
            _text(figure, value, y, f" {value:.0%}", ax.transData, va="center", ha="left", fontsize=8.5)
        _category_labels(figure, ax, "y", names)
        ax.invert_yaxis()
        ax.set_xlim(0, max(values) * 1.15 or 1)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        _value_axis(figure, ax)
        ax.set_xlabel("share of words spoken")
        _fix_labels(figure, ax, "Share of talk by speaker")

    layout = _Layout(0.25 + _row_height(names, 0.25) * len(names), _left_margin(names), _TOP_WITH_TITLE,
                     _BOTTOM_WITH_LABEL)
    return _draw(layout, "talk", paint)


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
    labels = [_wrap_whole(f"{t['id']} {t['label']}", 30) for _, t in themes]

    def paint(figure: Figure, ax: Axes) -> None:
        spans, colours = [], []
        for y, (position, theme) in enumerate(themes):
            for first, last in theme_spans(theme):
                spans.append((first, y - 0.35, last - first + 1, 0.7))
                colours.append(theme_colour(position))
        _rectangles(ax, spans, colours)
        _category_labels(figure, ax, "y", labels)
        ax.invert_yaxis()
        ax.set_xlim(0, n_turns)
        _value_axis(figure, ax, grid=True)
        ax.set_xlabel("turn (the meeting from start to end)")
        _fix_labels(figure, ax, "Themes across the meeting")

    layout = _Layout(0.3 + _row_height(labels, 0.25) * len(themes), _left_margin(labels), _TOP_WITH_TITLE, _BOTTOM_WITH_LABEL)
    return _draw(layout, "timeline", paint)


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

    left = _left_margin(names, tick=0.0)
    columns, column_size = _column_labels(
        [t["label"] for t in themes], (WIDTH_INCHES * 72 - left - EDGE) / len(themes) - 4.0
    )
    # the column labels sit above the cells, under the title
    column_labels = PAD + LINE * column_size * max(label.count("\n") + 1 for label in columns)

    def paint(figure: Figure, ax: Axes) -> None:
        ax.imshow(matrix, cmap=HEATMAP_CMAP, vmin=0.0, vmax=1.0, aspect="auto")
        for i, row in enumerate(matrix):
            for j, value in enumerate(row):
                if value >= 0.005:
                    _text(figure, j, i, f"{value:.0%}", ax.transData, ha="center", va="center", fontsize=8,
                          color="white" if value > 0.55 else "#1a1a1a")
        _category_labels(figure, ax, "x", columns, size=column_size, gap=PAD)
        _category_labels(figure, ax, "y", names, gap=PAD)
        ax.set_axis_off()  # no ticks and no frame: the cells and their labels say it all
        _heatmap_legend(figure, ax, left)
        _fix_labels(figure, ax, "What each speaker talked about (share of their words)", title_pad=column_labels + 8)

    layout = _Layout(0.1 + _row_height(names, 0.3) * len(labels), left, _TOP_WITH_TITLE + column_labels + 2,
                     EDGE + _LEGEND_HEIGHT, right=EDGE)
    return _draw(layout, "heatmap", paint)


HEATMAP_CMAP = "Blues"
_LEGEND_BAR = 8.0  # points: the height of the heatmap's colour scale
_LEGEND_WIDTH = 130.0  # points
# under the cells: a gap, the colour scale, its tick labels
_LEGEND_HEIGHT = 12.0 + _LEGEND_BAR + PAD + LINE * 8


def _heatmap_legend(figure: Figure, ax: Axes, left: float) -> None:
    """The heatmap's colour scale under its cells, from 0% to 100%, and what a cell's shade means: its
    percentage is also written in it, but a reader scanning the shades needs the key (and a blank cell
    means none of the speaker's words)."""
    width, height = figure.get_size_inches() * 72
    bottom = EDGE + PAD + LINE * 8
    scale = figure.add_axes((left / width, bottom / height, _LEGEND_WIDTH / width, _LEGEND_BAR / height))
    scale.imshow([[k / 100 for k in range(101)]], cmap=HEATMAP_CMAP, vmin=0.0, vmax=1.0, aspect="auto",
                 extent=(0.0, 1.0, 0.0, 1.0))
    scale.set_axis_off()
    for x, label, ha in ((0.0, "0%", "left"), (0.5, "50%", "center"), (1.0, "100%", "right")):
        _text(figure, x, 0.0, label, scale.transAxes + ScaledTranslation(0, -PAD / 72, figure.dpi_scale_trans),
              ha=ha, va="top", fontsize=8)
    _text(figure, 1.0, 0.5, "shade: share of the speaker's words on the\nthemes that went to this one (blank: none)",
          scale.transAxes + ScaledTranslation(8 / 72, 0, figure.dpi_scale_trans), ha="left", va="center",
          fontsize=8, color="#5a5a5a")


def voice_balance_chart(report: dict[str, Any]) -> Optional[str]:
    """Per speaker, share of the words spoken beside share of the turns taken (who made long speeches, who
    came in often), with the number of ranked quotes that are theirs at the end of the row. Not the quotes'
    shares: the ranker caps the quotes per speaker, so those bars would come out nearly equal."""
    speakers = speakers_by_talk(report)
    labels, names = _chart_speakers(report)
    if not labels:
        return None
    talk, turns, n_quotes = talk_shares(report), turn_shares(report), quote_counts(report)
    has_quotes = bool(report.get("quotes"))
    title = "Voice balance: words against turns"
    if len(speakers) > len(labels):
        title = f"Words against turns: top {len(labels)} of {len(speakers)} speakers"

    def paint(figure: Figure, ax: Axes) -> None:
        positions = range(len(labels))
        _bars(ax, [p - 0.19 for p in positions], [talk[l] for l in labels], 0.36, TALK_COLOUR, "share of words")
        _bars(ax, [p + 0.19 for p in positions], [turns[l] for l in labels], 0.36, TURNS_COLOUR, "share of turns")
        _category_labels(figure, ax, "y", names)
        ax.invert_yaxis()
        low, high = ax.get_xlim()
        ax.set_xlim(0, high * 1.25 if has_quotes else high)  # room for the quote counts at the right
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        _value_axis(figure, ax, grid=True)
        if has_quotes:
            for y, label in zip(positions, labels):
                count = n_quotes.get(label, 0)
                _text(figure, 1.0, y, f"{count} quote{'' if count == 1 else 's'}" if count else "–",
                      ax.get_yaxis_transform(), ha="right", va="center", fontsize=8, color="#5a5a5a")
            above = ax.transAxes + ScaledTranslation(0, 3 / 72, figure.dpi_scale_trans)
            _text(figure, 1.0, 1.0, "ranked quotes", above, ha="right", va="bottom", fontsize=8.5, color="#5a5a5a")
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=2, frameon=False, fontsize=8.5,
                  borderaxespad=0.2)
        _fix_labels(figure, ax, title, title_pad=22)

    layout = _Layout(0.2 + _row_height(names, 0.33) * len(labels), _left_margin(names), _TOP_WITH_TITLE + 16, EDGE + _BOTTOM_TICKS)
    return _draw(layout, "balance", paint)


CHARTS: tuple[tuple[str, str, Callable[[dict[str, Any]], Optional[str]], str], ...] = (
    ("talk", "Share of talk by speaker", talk_share_chart,
     "Each speaker's share of the words spoken in the meeting."),
    ("timeline", "Themes across the meeting", theme_timeline_chart,
     "Where in the meeting (by turn) each theme was talked about."),
    ("heatmap", "Speaker × theme", speaker_theme_heatmap,
     "For each speaker, how their words on the meeting's themes split between the themes."),
    ("balance", "Voice balance", voice_balance_chart,
     "Each speaker's share of the words spoken against their share of the turns taken: long speeches "
     "show as a longer words bar, frequent short interventions as a longer turns bar. The figure at the "
     "right of a row is how many of the ranked quotes are theirs."),
)


def render_charts(report: dict[str, Any]) -> list[dict[str, str]]:
    """Every chart that has something to show: [{"key", "title", "caption", "svg"}, ...] in page order."""
    charts = []
    for key, title, draw, caption in CHARTS:
        svg = draw(report)
        if svg is not None:
            charts.append({"key": key, "title": title, "caption": caption, "svg": svg})
    return charts

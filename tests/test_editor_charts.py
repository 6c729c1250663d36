import io
import re

import pytest
from matplotlib import rc_context
from matplotlib.ticker import PercentFormatter

from pipeline.editor.charts import (
    CHARTS,
    RC,
    _bars,
    _Layout,
    _svg_document,
    _value_axis,
    render_charts,
    speaker_theme_heatmap,
    talk_share_chart,
    theme_timeline_chart,
    voice_balance_chart,
)

from .editor_helpers import HOSTILE_ID, editor_batch


def tiny_report(*, themes=True, quotes=True):
    """A hand-made report with awkward names: markup, an ampersand and dollar signs (mathtext in matplotlib)."""
    speakers = [
        {"label": "A", "name": "Ann <b>Lee</b>", "attribution": "Ann Lee", "n_turns": 2, "n_words": 60},
        {"label": "B", "name": "Bo $Cash$ & Co", "attribution": "Bo", "n_turns": 1, "n_words": 30},
        {"label": "C", "name": None, "attribution": "C", "n_turns": 0, "n_words": 0},
    ]
    turns = [{"index": i, "speaker": s, "text": "words " * 10, "start": None, "end": None} for i, s in enumerate("ABA")]
    report = {
        "transcript": {"id": "tiny", "title": "Tiny", "n_turns": 3, "n_words": 90, "speakers": speakers, "turns": turns},
        "quotes": [],
        "themes": [],
        "themes_info": None,
    }
    if quotes:
        report["quotes"] = [
            {"id": "q0-0-5", "rank": 1, "speaker": "A", "turn_index": 0},
            {"id": "q1-0-5", "rank": 2, "speaker": "B", "turn_index": 1},
            {"id": "q2-0-5", "rank": 3, "speaker": "B", "turn_index": 2},
        ]
    if themes:
        report["themes"] = [
            {"id": "T1", "label": "money <&> $budget$", "share": 0.6, "turn_indices": [0, 1], "quote_ids": [],
             "speakers": [{"speaker": "A", "n_words": 20, "share": 0.5}, {"speaker": "B", "n_words": 20, "share": 0.5}]},
            {"id": "T2", "label": "buses", "share": 0.4, "turn_indices": [2], "quote_ids": [],
             "speakers": [{"speaker": "A", "n_words": 30, "share": 1.0}]},
        ]
    return report


def test_every_chart_is_an_inline_svg_element():
    charts = render_charts(tiny_report())
    assert [chart["key"] for chart in charts] == [key for key, *_ in CHARTS]
    for chart in charts:
        assert chart["svg"].startswith("<svg ") and chart["svg"].rstrip().endswith("</svg>")
        assert "<?xml" not in chart["svg"] and "<!DOCTYPE" not in chart["svg"] and "<metadata>" not in chart["svg"]


@pytest.mark.parametrize("transcript_id", ["housing-panel-2024", "council-roundtable-2011", HOSTILE_ID])
def test_charts_are_byte_identical_across_renders(transcript_id):
    report = editor_batch()[1][transcript_id]
    first, second = render_charts(report), render_charts(report)
    assert len(first) == 4
    assert [c["svg"] for c in first] == [c["svg"] for c in second]
    assert not any(re.search(r"\b(19|20)\d\d-\d\d-\d\dT", c["svg"]) for c in first)  # no timestamp


def test_chart_ids_are_unique_on_one_page():
    ids = [i for chart in render_charts(tiny_report()) for i in re.findall(r'\bid="([^"]+)"', chart["svg"])]
    assert ids and len(ids) == len(set(ids))
    for chart in render_charts(tiny_report()):
        for ref in re.findall(r"url\(#([^)]+)\)", chart["svg"]):
            assert ref.startswith(chart["key"] + "-")


def test_names_and_labels_are_text_not_markup_or_mathtext():
    svg = "".join(chart["svg"] for chart in render_charts(tiny_report()))
    assert "<b>" not in svg and "&lt;b&gt;Lee&lt;/b&gt;" in svg
    assert "Bo $Cash$ &amp; Co" in svg  # dollar signs kept literally, not typeset as maths
    assert "T1 money &lt;&amp;&gt; $budget$" in theme_timeline_chart(tiny_report())


def test_speakers_who_said_nothing_are_left_out():
    svg = talk_share_chart(tiny_report())
    assert "Ann" in svg and ">C<" not in svg


@pytest.mark.parametrize(
    "draw, themes, quotes, expected",
    [
        (theme_timeline_chart, False, True, None),
        (speaker_theme_heatmap, False, True, None),
        (voice_balance_chart, True, False, "svg"),  # talk bars still mean something without quotes
        (talk_share_chart, False, False, "svg"),
    ],
)
def test_charts_with_nothing_to_show_are_skipped(draw, themes, quotes, expected):
    result = draw(tiny_report(themes=themes, quotes=quotes))
    assert (result is None) if expected is None else result.startswith("<svg")


def test_a_transcript_without_speech_has_no_charts():
    report = tiny_report(themes=False, quotes=False)
    for speaker in report["transcript"]["speakers"]:
        speaker["n_words"] = 0
    assert render_charts(report) == []


def bar_figure(*, value_axis):
    """Bars autoscaled on a percentage x axis with grid lines: with matplotlib's own ticks, or with `_value_axis`."""
    layout = _Layout(1.5, 60.0, 30.0, 40.0)
    figure = layout.figure()
    ax = layout.axes(figure)
    _bars(ax, [0, 1, 2], [0.07, 0.43, 0.61], 0.6, "#4c72b0", "talk")
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_yticks([])
    ax.set_title("Title $x$ & <b>")
    if value_axis:
        _value_axis(figure, ax, grid=True)
    else:
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
    return figure


def test_charts_are_written_as_savefig_writes_them():
    # the charts' renderer only keeps text measurements; the SVG must be the one matplotlib's savefig writes
    with rc_context(RC):
        for value_axis in (False, True):
            figure = bar_figure(value_axis=value_axis)
            expected = io.StringIO()
            figure.savefig(expected, format="svg", metadata={"Date": None})
            assert _svg_document(figure) == expected.getvalue()


def test_value_axis_draws_the_ticks_and_grid_matplotlib_draws():
    def drawn(svg):
        texts = re.findall(r'<text [^>]*x="([^"]+)" y="([^"]+)"[^>]*>([^<]*)</text>', svg)
        marks = re.findall(r'<use xlink:href="#[^"]+" x="([^"]+)" y="([^"]+)"', svg)
        grid = re.findall(r'<path d="(M [^"]+)"[^>]*stroke: #dddddd; stroke-width: 0.6', svg)
        return sorted(texts), sorted(marks), sorted(" ".join(d.split()) for d in grid)

    with rc_context(RC):
        ours, matplotlibs = (_svg_document(bar_figure(value_axis=v)) for v in (True, False))
    texts, marks, grid = drawn(ours)
    assert (texts, marks, grid) == drawn(matplotlibs)
    ticks = sorted((float(x), t) for x, _, t in texts if t.endswith("%"))
    assert [t for _, t in ticks] == ["0%", "10%", "20%", "30%", "40%", "50%", "60%"]
    assert len(marks) == 7 and len(grid) == 7


def svg_texts(svg):
    """The words a chart shows, whatever lines its texts were wrapped on."""
    return " ".join(re.sub(r"<[^>]+>", " ", " ".join(re.findall(r"<text\b[^>]*>.*?</text>", svg, re.S))).split())


def test_voice_balance_shows_words_against_turns_not_the_capped_quote_shares():
    report = tiny_report()  # A: 60 words in 2 turns, B: 30 words in 1 turn, 1 and 2 quotes
    svg = voice_balance_chart(report)
    texts = svg_texts(svg)
    assert "share of words" in texts and "share of turns" in texts and "quotes picked" not in texts
    assert "1 quote" in texts and "2 quotes" in texts  # the quote counts, as counts at the rows' ends
    # the bars follow the talk: the same quotes with another split of the turns is another chart
    report["transcript"]["speakers"][1]["n_turns"] = 5
    assert voice_balance_chart(report) != svg
    # and a different spread of quotes moves no bar, only the counts
    again = tiny_report()
    for quote in again["quotes"]:
        quote["speaker"] = "A"
    assert re.findall(r'<path d="[^"]+"', voice_balance_chart(again)) == re.findall(r'<path d="[^"]+"', svg)


def test_heatmap_has_a_colour_scale_legend():
    svg = speaker_theme_heatmap(tiny_report())
    texts = svg_texts(svg)
    assert "0%" in texts and "50%" in texts and "100%" in texts
    assert "shade: share of the speaker's words on the themes" in texts and "(blank: none)" in texts
    assert svg.count("<image ") == 2  # the cells and the colour scale


LONG_LABEL = "accepting the postcode lottery of adult social care commissioning arrangements"


@pytest.mark.parametrize("n_themes", [2, 10])
def test_theme_names_are_wrapped_never_cut(n_themes):
    report = tiny_report()
    report["themes"] = [
        {**report["themes"][i % 2], "id": f"T{i + 1}", "label": f"{LONG_LABEL} misinformationcampaigns {i}"}
        for i in range(n_themes)
    ]
    for draw in (theme_timeline_chart, speaker_theme_heatmap):
        texts = svg_texts(draw(report))
        assert "…" not in texts
        for i in range(n_themes):
            # every word is there; a word too long for a narrow column is broken at a hyphen, not cut short
            shown = texts.replace("- ", "")
            assert f"{LONG_LABEL} misinformationcampaigns {i}" in shown


def test_speaker_names_are_wrapped_never_cut():
    report = tiny_report()
    long_name = "Mr. Garnett Genuis (Sherwood ParkFort Saskatchewan, CPC)"
    report["transcript"]["speakers"][1]["name"] = long_name
    for draw in (talk_share_chart, speaker_theme_heatmap, voice_balance_chart):
        texts = svg_texts(draw(report))
        assert long_name in texts and "…" not in texts

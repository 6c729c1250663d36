import re
from pathlib import Path

import pytest
from jinja2 import UndefinedError

from pipeline.errors import SettingsError
from pipeline.records import Speaker
from pipeline.settings import SummarySettings
from pipeline.summary import (
    build_digest,
    escape_markdown,
    format_sources,
    render_digest_markdown,
    render_summary_html,
    render_summary_markdown,
    summarise,
)

from .quotes_helpers import make_parsed

ATTACK = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def hostile(nlp):
    """A meeting whose speaker label, title and speech all try to inject markup."""
    turns = [
        ("Chair <b>", "Welcome to the <img src=x onerror=alert(1)> roads panel on potholes and repairs."),
        (f"Ann {ATTACK}", f"The council has cut the road repair budget by a third this year {ATTACK} and it shows."),
        ("Bob", "Potholes on the **A38** are [dangerous](http://evil.example) for cyclists every winter."),
        (f"Ann {ATTACK}", "We will ask the government for more money to repair the roads before winter."),
    ]
    speakers = [Speaker(f"Ann {ATTACK}", f"Ann {ATTACK}", "Leader", f"Shire {ATTACK} Council")]
    parsed = make_parsed(nlp, turns, speakers=speakers, title=f"Roads panel {ATTACK}")
    text = parsed.transcript.turns[1].text
    quotes = [{"id": "q1", "text": text, "verbatim": text, "speaker": f"Ann {ATTACK}", "turn_index": 1,
               "char_start": 0, "char_end": len(text), "score": 0.9}]
    themes = [{"id": "T1", "label": f"roads {ATTACK}", "share": 0.6, "quote_ids": ["q1"], "turn_indices": [1, 2, 3]}]
    return summarise(parsed, SummarySettings(), quotes=quotes, themes=themes)


def test_html_autoescapes_markup_from_the_transcript(hostile):
    html = render_summary_html(hostile, SummarySettings())
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert html.lstrip().startswith("<article")
    assert "http" not in html.replace("http://evil.example", "")  # no external resources of our own


def test_markdown_neutralises_markup_from_the_transcript(hostile):
    markdown = render_summary_markdown(hostile, SummarySettings())
    assert "<script>" not in markdown and "<img" not in markdown
    assert "](http" not in markdown and "**A38**" not in markdown
    assert "&lt;script&gt;" in markdown


def test_every_html_sentence_carries_its_sources(hostile):
    html = render_summary_html(hostile, SummarySettings())
    n_sentences = 1 + len(hostile.standfirst) + len(hostile.brief.sentences)
    n_sentences += sum(len(section.sentences) for section in hostile.sections)
    assert len(re.findall(r'<span class="s[ "][^>]*data-turns="\d[\d ]*"', html)) == n_sentences
    assert 'data-turns="1"' in html


def test_custom_templates_dir_is_used_and_falls_back_to_the_package(hostile, tmp_path: Path):
    (tmp_path / "summary.md.j2").write_text("PRESS OFFICE: {{ summary.headline.text }}\n", encoding="utf-8")
    settings = SummarySettings(templates_dir=str(tmp_path))
    assert render_summary_markdown(hostile, settings).startswith("PRESS OFFICE: ")
    assert render_summary_html(hostile, settings).lstrip().startswith("<article")


def test_custom_html_template_is_autoescaped_too(hostile, tmp_path: Path):
    (tmp_path / "summary.html.j2").write_text("<h1>{{ summary.title }}</h1>", encoding="utf-8")
    html = render_summary_html(hostile, SummarySettings(templates_dir=str(tmp_path)))
    assert html == "<h1>Roads panel &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</h1>"


def test_templates_fail_loudly_on_unknown_fields(hostile, tmp_path: Path):
    (tmp_path / "summary.md.j2").write_text("{{ summary.no_such_field }}", encoding="utf-8")
    with pytest.raises(UndefinedError):
        render_summary_markdown(hostile, SummarySettings(templates_dir=str(tmp_path)))


def test_missing_templates_dir_is_a_settings_error(hostile, tmp_path: Path):
    with pytest.raises(SettingsError, match="summary.templates_dir"):
        render_summary_markdown(hostile, SummarySettings(templates_dir=str(tmp_path / "nope")))


@pytest.mark.parametrize(
    "sources, expected",
    [
        ((3,), "turn 3"),
        ((7, 3), "turns 3 and 7"),
        ((1, 2, 2, 9), "turns 1, 2 and 9"),
        ((4, 22, 23, 24, 25), "turns 4 and 22\u201325"),
        ((), ""),
    ],
)
def test_format_sources(sources, expected):
    assert format_sources(sources) == expected


def test_escape_markdown():
    assert escape_markdown("# *bold* [x](y) <b>") == "\\# \\*bold\\* \\[x\\](y) &lt;b&gt;"


def test_digest_groups_themes_across_meetings_and_picks_standout_quotes():
    def report(transcript_id, themes, quotes):
        return {
            "transcript": {"id": transcript_id, "title": transcript_id.title(), "date": None, "speakers": []},
            "summary": {"headline": {"text": f"Headline {transcript_id}"}, "participants": []},
            "themes": themes,
            "quotes": quotes,
        }

    reports = [
        report("b", [{"label": "bus fares", "keywords": ["fare", "bus"], "share": 0.4}],
               [{"text": "Fares are too high.", "speaker": "X", "attribution": "X", "turn_index": 2, "score": 0.9}]),
        report("a", [{"label": "Bus fares", "keywords": ["fare"], "share": 0.3},
                     {"label": "libraries", "keywords": ["book"], "share": 0.5}],
               [{"text": "Keep libraries open.", "speaker": "Y", "attribution": "Y", "turn_index": 4, "score": 0.8},
                {"text": "Open on Sundays.", "speaker": "Y", "attribution": "Y", "turn_index": 5, "score": 0.7}]),
    ]
    digest = build_digest(reports, SummarySettings(n_digest_quotes=5))
    assert [t["transcript_id"] for t in digest["transcripts"]] == ["a", "b"]
    assert [(g["label"], g["transcript_ids"]) for g in digest["themes"]] == [("Bus fares", ["a", "b"])]
    assert [g["label"] for g in digest["main_themes"]] == ["libraries"]
    assert [q["text"] for q in digest["quotes"]] == ["Fares are too high.", "Keep libraries open."]
    markdown = render_digest_markdown(digest, SummarySettings())
    assert markdown.startswith("# Digest: 2 meetings") and "Keep libraries open." in markdown


def test_a_broken_custom_template_names_the_setting_and_line(hostile, tmp_path: Path):
    (tmp_path / "summary.md.j2").write_text("# {{ summary.title }}\n{% for x in %}", encoding="utf-8")
    with pytest.raises(SettingsError, match="line 2"):
        render_summary_markdown(hostile, SummarySettings(templates_dir=str(tmp_path)))


def test_html_is_a_fragment_to_paste_with_invisible_turn_links(hostile):
    html = render_summary_html(hostile, SummarySettings())
    assert html.strip().startswith("<article") and html.strip().endswith("</article>")
    for tag in ("!DOCTYPE", "html", "head", "body", "main", "style", "script", "title", "meta", "link"):
        assert not re.search(rf"<{tag}[\s>]", html, re.IGNORECASE), tag
    assert "data-sources" not in html
    # no visible "turn 3" / "turns 1, 2 and 3" notes: the text outside tags names no turn
    visible = re.sub(r"<[^>]*>", " ", html)
    assert not re.search(r"\bturns? \d", visible), visible
    for quote in hostile.pull_quotes:
        assert f'<blockquote class="pull" data-turns="{" ".join(map(str, quote.sources))}">' in html

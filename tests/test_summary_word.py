"""summary.docx: the piece in Word's built-in styles, the same bytes every time, written when asked."""

import io
import zipfile
from pathlib import Path

import docx
import pytest

from pipeline.quotes import extract_quotes
from pipeline.runner import run
from pipeline.settings import SummarySettings, load_settings
from pipeline.summary import render_summary_docx, summarise
from pipeline.themes import find_themes

from .conftest import ROOT

ROUNDTABLE = ROOT / "transcripts" / "council-roundtable-2011.txt"


@pytest.fixture(scope="module")
def summary(parse_meeting, settings):
    parsed = parse_meeting(ROUNDTABLE)
    quotes = extract_quotes(parsed, settings.quotes)
    themes = find_themes(parsed, settings.themes, quotes=quotes, seed=settings.seed).themes
    return summarise(parsed, SummarySettings(), quotes=quotes, themes=themes)


def _paragraphs(data: bytes) -> list[tuple[str, str]]:
    document = docx.Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in document.paragraphs]


def test_docx_holds_the_piece_in_built_in_styles(summary):
    paragraphs = _paragraphs(render_summary_docx(summary))
    styles = {style for style, _ in paragraphs}
    assert styles <= {"Title", "Subtitle", "Normal", "Heading 1", "Quote", "List Bullet"}
    assert paragraphs[0] == ("Title", summary.headline.text)
    assert paragraphs[1] == ("Subtitle", " ".join(s.text for s in summary.standfirst))
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == [s.heading for s in summary.sections] + ["In brief", "Participants"]
    body = [text for style, text in paragraphs if style == "Normal"]
    for section in summary.sections:
        assert " ".join(s.text for s in section.sentences) in body
    assert summary.brief.text in body and summary.brief.lines
    quotes = [text for style, text in paragraphs if style == "Quote"]
    for quote in summary.pull_quotes:
        assert f"\u201c{quote.text}\u201d" in quotes and f"\u2014 {quote.attribution}" in quotes
    bullets = [text for style, text in paragraphs if style == "List Bullet"]
    assert bullets == [p.attribution for p in summary.participants]


def test_docx_bytes_are_deterministic_with_fixed_properties(summary):
    first = render_summary_docx(summary)
    second = render_summary_docx(summary.to_dict())
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    properties = docx.Document(io.BytesIO(first)).core_properties
    assert properties.created.date().isoformat() == "2011-02-15" == properties.modified.date().isoformat()
    assert properties.title == summary.headline.text and properties.author == "roundtable"


def test_docx_is_written_only_when_the_formats_say_so(tmp_path: Path):
    run([ROUNDTABLE], load_settings(overrides=['summary.formats=["docx", "md"]']), out_dir=tmp_path / "with")
    folder = tmp_path / "with" / "council-roundtable-2011"
    assert (folder / "summary.docx").is_file() and (folder / "summary.md").is_file()
    assert not (folder / "summary.html").exists()
    assert _paragraphs((folder / "summary.docx").read_bytes())[0][0] == "Title"
    run([ROUNDTABLE], load_settings(), out_dir=tmp_path / "without")
    assert not (tmp_path / "without" / "council-roundtable-2011" / "summary.docx").exists()

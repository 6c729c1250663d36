"""Over every shared meeting (QMSum committee, AMI, ICSI and ELITR), the piece as `roundtable run` makes it:
no brief or headline sentence is procedural, a question or under six words; every brief sentence carries
a speaker; every quoted span is verbatim."""

import re

import pytest

from pipeline.quotes import extract_quotes
from pipeline.quotes.clean import is_faithful
from pipeline.settings import Settings
from pipeline.summary import summarise
from pipeline.summary.brief import is_procedural_line
from pipeline.summary.reported import quoted_text
from pipeline.summary.sentences import is_question
from pipeline.summary.speakers import display_name
from pipeline.themes import find_themes

from .conftest import shared_meetings
from .test_summary_reported import check_lines

MIN_WORDS = 6


@pytest.fixture(scope="module")
def parse_shared(parse_meeting):
    """Parses through the pipeline's own cache (`cache.dir`), as `roundtable run` and the benches do: the
    session's one parse of each meeting (tests/conftest.py)."""
    return parse_meeting


def _attribution_of(text: str) -> str:
    """Who a quote sentence names after its closing quotation mark ("said Jane Smith", "Asante added")."""
    return text[text.rindex("\u201d") + 1 :].strip(" .") if "\u201d" in text else ""


def check_frames(summary, transcript, where: str) -> None:
    """The piece's frames: no doubled comma, no "100 per cent", names as written (never lower-cased), a
    capital at each sentence's start, and never the same attribution in two quote sentences in a row."""
    printed = [summary.headline.text, *(s.text for s in summary.standfirst)]
    printed += [s.text for section in summary.sections for s in section.sentences]
    printed += [q.attribution for q in summary.pull_quotes] + [p.attribution for p in summary.participants]
    names = {display_name(s) for s in transcript.speakers if s.name} | {s.organisation for s in transcript.speakers if s.organisation}
    for text in printed:
        frame = re.sub("\u201c[^\u201d]*\u201d|\u2018[^\u2019]*\u2019", "", text)
        assert not re.search(r",\s*[,.]", frame), f"{where}: doubled comma: {text}"
        assert "100 per cent" not in frame, f"{where}: {text}"
        assert text[:1].isupper() or text[:1] in "\u201c\u2018", f"{where}: lower-case start: {text}"
        for name in names:
            for match in re.finditer(re.escape(name), frame, re.IGNORECASE):
                assert match.group(0) == name, f"{where}: {name!r} printed as {match.group(0)!r}: {text}"
    for section in summary.sections:  # "said Daniel Asante. ... added Daniel Asante." ("Asante added" is how)
        said = [_attribution_of(s.text) for s in section.sentences if s.kind == "quote"]
        for first, second in zip(said, said[1:]):
            one, two = (re.match(r"(?:said|added) (.+)", a) for a in (first, second))
            assert not (one and two and one.group(1) == two.group(1)), f"{where}: the same attribution twice: {first} / {second}"


def _check_statement(text: str, where: str) -> None:
    assert not is_procedural_line(text), f"{where}: procedural: {text}"
    assert not is_question(text), f"{where}: a question: {text}"
    assert len(text.split()) >= MIN_WORDS, f"{where}: under {MIN_WORDS} words: {text}"


@pytest.mark.slow
@pytest.mark.parametrize("path", shared_meetings(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_shared_piece_prints_only_attributed_verbatim_statements(parse_shared, path):
    settings = Settings()
    parsed = parse_shared(path)
    quotes = extract_quotes(parsed, settings.quotes)
    themes = find_themes(parsed, settings.themes, quotes=quotes, seed=settings.seed).themes
    summary = summarise(parsed, settings.summary, quotes=quotes, themes=themes)
    turns = parsed.transcript.turns
    brief = summary.brief
    assert brief.lines, path.stem
    check_lines(brief, parsed.transcript)
    for sentence in brief.sentences:
        assert sentence.speaker == turns[sentence.turn_index].speaker
        _check_statement(sentence.text, f"{path.stem} brief")
    for line in brief.lines:
        assert line.speaker and line.attribution
    headline = summary.headline
    if headline.kind == "quote":
        inside = re.match(r"\u2018(.+)\u2019, ", headline.text).group(1)
        assert turns[headline.turn_index].text[headline.start : headline.end] == headline.verbatim
        assert is_faithful(inside, headline.verbatim), headline.text
        _check_statement(inside, f"{path.stem} headline")
    else:
        assert not is_question(headline.text) and not is_procedural_line(headline.text), headline.text
    for section in summary.sections:
        for quote in section.quotes:
            assert turns[quote.turn_index].text[quote.start : quote.end] == quote.verbatim
            assert is_faithful(quote.text, quote.verbatim)
    assert all(quoted_text(line) for line in brief.lines)
    check_frames(summary, parsed.transcript, path.stem)

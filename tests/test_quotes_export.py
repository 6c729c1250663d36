"""quotes.csv / quotes.md / terminal listing, and loading + filtering quotes for the CLI."""

import json

import pytest

from pipeline.quotes.export import context_lines, format_time, md_escape, quotes_markdown, quotes_table, quotes_terminal
from pipeline.quotes.select import QuoteFilterError, QuoteSet, filter_quotes, load_quotes
from pipeline.settings import Settings

TURNS = [
    {"index": 0, "speaker": "Chair", "text": "What does that mean in practice?"},
    {"index": 1, "speaker": "David", "text": "It means stop specifying inputs. We have to stop buying the old models. Pay for outcomes."},
    {"index": 2, "speaker": "Margaret", "text": "I agree."},
]


def _quote(**overrides):
    quote = {
        "id": "q1-33-71",
        "rank": 1,
        "text": "We have to stop buying the old models.",
        "verbatim": "We have to stop buying the old models.",
        "speaker": "David",
        "attribution": "David Okafor, Chief Executive",
        "transcript_id": "t",
        "turn_index": 1,
        "char_start": 33,
        "char_end": 71,
        "start": 3723.0,
        "score": 0.81,
        "n_words": 8,
        "features": {"claim": 1.0},
        "reasons": ["makes a claim or call to action ('have to')"],
        "removals": [],
    }
    quote.update(overrides)
    return quote


def test_context_is_the_sentence_before_and_after():
    quote = _quote()
    assert TURNS[1]["text"][33:71] == quote["verbatim"]
    assert context_lines(quote, TURNS) == ("It means stop specifying inputs.", "Pay for outcomes.")
    first = _quote(char_start=0, char_end=32, verbatim="It means stop specifying inputs.")
    before, _ = context_lines(first, TURNS)
    assert before == "Chair: What does that mean in practice?"
    last = _quote(char_start=72, char_end=len(TURNS[1]["text"]))
    assert context_lines(last, TURNS)[1] == "Margaret: I agree."


def test_csv_has_one_row_per_quote_with_reasons_and_context():
    frame = quotes_table([_quote(), _quote(id="q2", rank=2)], TURNS)
    assert list(frame["rank"]) == [1, 2]
    row = frame.iloc[0]
    assert row["time"] == "1:02:03"
    assert row["reasons"].startswith("makes a claim")
    assert row["context_before"] and row["context_after"]
    assert row["verbatim"] == TURNS[1]["text"][33:71]


def test_markdown_lists_rank_quote_attribution_time_score_reasons_and_context():
    text = quotes_markdown([_quote()], TURNS, title="Putting local first")
    assert text.startswith("# Quotes: Putting local first")
    for part in ("## 1.", "We have to stop buying the old models.", "David Okafor, Chief Executive", "1:02:03",
                 "score 0.81", "**Why:**", "*Before:*", "*After:*"):
        assert part in text
    assert "*Verbatim:*" not in text  # text equals verbatim: nothing to show
    cleaned = quotes_markdown([_quote(verbatim="We, um, we have to stop.", text="We have to stop.")], TURNS)
    assert "*Verbatim:* We, um, we have to stop." in cleaned
    assert "No quotes" in quotes_markdown([], TURNS)


def test_markdown_escapes_formatting_characters():
    assert md_escape("R_S_I_ *really* <b>") == r"R\_S\_I\_ \*really\* \<b\>"


@pytest.mark.parametrize("seconds, shown", [(None, ""), (5, "00:05"), (65.4, "01:05"), (3723, "1:02:03")])
def test_format_time(seconds, shown):
    assert format_time(seconds) == shown


def test_terminal_listing():
    text = quotes_terminal([_quote()], width=60)
    assert "1. [0.81] 1:02:03  David Okafor" in text and "why:" in text
    assert quotes_terminal([]) == "No quotes match."


QUOTES = [
    _quote(id="a", rank=1, speaker="David", score=0.9, n_words=8),
    _quote(id="b", rank=2, speaker="Margaret", attribution="Margaret Hollins, Aldermoor", score=0.7, n_words=20),
    _quote(id="c", rank=3, speaker="David", score=0.5, n_words=40),
]
THEMES = [{"id": "t1", "label": "Procurement", "quote_ids": ["a", "c"]}, {"id": "t2", "label": "Grants", "quote_ids": ["b"]}]


@pytest.mark.parametrize(
    "kwargs, ids",
    [
        ({}, ["a", "b", "c"]),
        ({"speaker": "david"}, ["a", "c"]),
        ({"speaker": "aldermoor"}, ["b"]),
        ({"min_score": 0.6}, ["a", "b"]),
        ({"min_words": 10, "max_words": 30}, ["b"]),
        ({"theme": "procurement"}, ["a", "c"]),
        ({"theme": "t2"}, ["b"]),
        ({"top": 1}, ["a"]),
        ({"speaker": "david", "min_score": 0.6}, ["a"]),
    ],
)
def test_filters(kwargs, ids):
    quote_set = QuoteSet(quotes=QUOTES, turns=TURNS, themes=THEMES)
    assert [q["id"] for q in filter_quotes(quote_set, **kwargs)] == ids


def test_theme_filter_prefers_a_theme_key_on_quotes():
    quotes = [dict(QUOTES[0], theme="Procurement"), dict(QUOTES[1], theme="Grants")]
    assert [q["id"] for q in filter_quotes(QuoteSet(quotes=quotes, turns=TURNS), theme="grants")] == ["b"]


def test_unknown_theme_names_the_themes_there_are():
    with pytest.raises(QuoteFilterError, match="Grants, Procurement"):
        filter_quotes(QuoteSet(quotes=QUOTES, turns=TURNS, themes=THEMES), theme="housing")
    with pytest.raises(QuoteFilterError, match="has none"):
        filter_quotes(QuoteSet(quotes=QUOTES, turns=TURNS), theme="housing")


def test_load_quotes_reads_a_report(tmp_path):
    report = {"schema_version": "1.0", "transcript": {"id": "t", "title": "T", "turns": TURNS}, "quotes": QUOTES, "themes": THEMES}
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    quote_set = load_quotes(path, Settings())
    assert [q["id"] for q in quote_set.quotes] == ["a", "b", "c"]
    assert quote_set.title == "T" and quote_set.themes == THEMES


@pytest.mark.parametrize(("n", "count"), [(1, "1 quote, best first"), (2, "2 quotes, best first")])
def test_markdown_count_agrees_with_its_noun(n, count):
    quotes = [_quote(id=f"q{i}", rank=i + 1) for i in range(n)]
    assert count in quotes_markdown(quotes, TURNS)


def test_an_unidentified_speaker_is_never_printed_as_a_name():
    turns = [{**TURNS[0], "speaker": "Q"}, {**TURNS[1], "speaker": "SPEAKER_02"}, TURNS[2]]
    speakers = [{"label": "Q", "unidentified": True}, {"label": "SPEAKER_02", "unidentified": True},
                {"label": "Margaret", "unidentified": False}]
    quote = _quote(speaker="SPEAKER_02", attribution="SPEAKER_02", char_start=0, char_end=32,
                   text="It means stop specifying inputs.", verbatim="It means stop specifying inputs.")
    row = quotes_table([quote], turns, speakers=speakers).iloc[0]
    assert row["attribution"] == "An unidentified speaker (label SPEAKER_02)"
    assert row["speaker"] == "SPEAKER_02"  # the raw label kept in its own column
    assert row["context_before"] == "Unidentified speaker (label Q): What does that mean in practice?"
    markdown = quotes_markdown([quote], turns, speakers=speakers)
    assert "— An unidentified speaker (label SPEAKER\\_02)" in markdown
    assert "\n— SPEAKER" not in markdown


def test_the_batch_tables_flag_an_unidentified_speaker_as_quotes_csv_does():
    """quotes.csv, the Parquet tables and `RunResult` share one quotes table (`exports.tables`)."""
    from pipeline.exports.tables import report_quotes_table

    turns = [{**TURNS[0], "speaker": "Q"}, {**TURNS[1], "speaker": "SPEAKER_02"}, TURNS[2]]
    speakers = [{"label": "Q", "unidentified": True}, {"label": "SPEAKER_02", "unidentified": True},
                {"label": "Margaret", "unidentified": False}]
    quote = _quote(speaker="SPEAKER_02", attribution="SPEAKER_02", char_start=0, char_end=32,
                   text="It means stop specifying inputs.", verbatim="It means stop specifying inputs.")
    report = {"transcript": {"turns": turns, "speakers": speakers}, "quotes": [quote], "themes": []}
    assert report_quotes_table(report).iloc[0]["attribution"] == "An unidentified speaker (label SPEAKER_02)"

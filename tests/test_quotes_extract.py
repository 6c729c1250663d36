"""extract_quotes end to end: provenance is exact, records are complete, ranking is sane, and every shared
meeting passes the verbatim check."""

import json
import time
from importlib import resources

import jsonschema
import pytest

from pipeline.quotes import extract_quotes, is_faithful
from pipeline.records import Quote, Speaker
from pipeline.runner import run
from pipeline.settings import QuoteSettings, Settings

from .conftest import SAMPLES, shared_meetings
from .quotes_helpers import make_parsed

SEED = "If we really want to see change we have to stop buying the old models."

ROUNDTABLE = [
    ("Chair", "Good morning, everyone. Thank you all for coming. David, what does procurement look like for you?", 0.0),
    (
        "David",
        "Look, we spend about £210 million a year with external suppliers. Um, most of it is bought, you know, "
        "exactly the way it was bought in 1995. And then we're surprised when nothing changes. " + SEED,
        12.5,
    ),
    ("Chair", "Yeah. Thank you, David.", 40.0),
    ("Margaret", "Yeah, I think so, thank you. And that was what it was.", 44.0),
    ("Margaret", "The risks aren't symmetrical. You can't transfer political accountability to a contractor.", 50.0),
]
SPEAKERS = (Speaker(label="David", name="David Okafor", role="Chief Executive", organisation="Calderbrook City Council"),)


@pytest.fixture(scope="module")
def roundtable(nlp):
    return make_parsed(nlp, ROUNDTABLE, speakers=SPEAKERS, transcript_id="roundtable-test")


def test_quotes_are_verbatim_attributed_and_ranked(roundtable):
    quotes = extract_quotes(roundtable, QuoteSettings())
    assert quotes, "expected quotes from a hand-made roundtable"
    assert [q.rank for q in quotes] == list(range(1, len(quotes) + 1))
    assert [q.score for q in quotes] == sorted((q.score for q in quotes), reverse=True)
    for quote in quotes:
        turn = roundtable.transcript.turns[quote.turn_index]
        assert turn.text[quote.char_start : quote.char_end] == quote.verbatim
        assert quote.speaker == turn.speaker
        assert quote.start == turn.start
        assert quote.transcript_id == "roundtable-test"
        assert is_faithful(quote.text, quote.verbatim)
        assert quote.reasons
    texts = [q.text for q in quotes]
    assert SEED in texts
    assert not any(t.startswith(("And ", "Yeah, I think so", "Thank you")) for t in texts)
    assert all(q.speaker != "Chair" for q in quotes)


def test_seed_line_is_attributed_from_the_registry(roundtable):
    seed = next(q for q in extract_quotes(roundtable, QuoteSettings()) if q.text == SEED)
    assert seed.attribution == "David Okafor, Chief Executive, Calderbrook City Council"
    assert seed.start == 12.5


def test_cleaning_is_carried_into_the_quote(roundtable):
    quotes = extract_quotes(roundtable, QuoteSettings(min_words=4))
    cleaned = [q for q in quotes if q.removals]
    assert cleaned, "the '£210 million' line has fillers to cut"
    for quote in cleaned:
        assert "um" not in quote.text.lower().split()
        for removal in quote.removals:
            assert quote.verbatim[removal["start"] : removal["end"]] == removal["text"]


def test_report_dict_has_every_documented_field(roundtable):
    quote = extract_quotes(roundtable, QuoteSettings())[0].to_dict()
    for key in (
        "id", "rank", "text", "verbatim", "speaker", "attribution", "turn_index", "char_start", "char_end",
        "start", "score", "features", "transcript_id",
    ):
        assert key in quote
    assert json.loads(json.dumps(quote)) == quote


def test_top_n_and_speaker_cap_are_honoured(roundtable):
    quotes = extract_quotes(roundtable, QuoteSettings(top_n=2))
    assert len(quotes) <= 2
    capped = extract_quotes(roundtable, QuoteSettings(n_per_speaker=1))
    speakers = [q.speaker for q in capped]
    n_speakers = len(set(speakers))
    # Each speaker's best quote comes first; the cap is relaxed only to fill the list up to top_n.
    assert len(set(speakers[:n_speakers])) == n_speakers
    assert len(capped) == len(extract_quotes(roundtable, QuoteSettings()))


def test_ids_are_unique_and_stable_across_weights(roundtable):
    plain = extract_quotes(roundtable, QuoteSettings())
    assert len({q.id for q in plain}) == len(plain)
    reweighted = extract_quotes(roundtable, QuoteSettings.model_validate({"weights": {"specifics": 3.0}}))
    by_place = {(q.turn_index, q.char_start, q.char_end): q.id for q in plain}
    for quote in reweighted:
        if (quote.turn_index, quote.char_start, quote.char_end) in by_place:
            assert by_place[(quote.turn_index, quote.char_start, quote.char_end)] == quote.id


def test_extraction_is_deterministic(roundtable):
    first = [q.to_dict() for q in extract_quotes(roundtable, QuoteSettings())]
    second = [q.to_dict() for q in extract_quotes(roundtable, QuoteSettings())]
    assert first == second


def test_empty_and_procedural_meetings_give_no_quotes(nlp):
    assert extract_quotes(make_parsed(nlp, []), QuoteSettings()) == []
    procedural = make_parsed(nlp, [("Chair", "I call this meeting to order."), ("A", "Thank you, Chair."), ("B", "Mm-hmm.")])
    assert extract_quotes(procedural, QuoteSettings()) == []


def test_quote_record_is_frozen():
    quote = Quote(
        id="q0-0-1", transcript_id="t", rank=1, text="x", verbatim="x", speaker="A", attribution="A",
        turn_index=0, char_start=0, char_end=1, score=0.5, features={},
    )
    with pytest.raises(AttributeError):
        quote.rank = 2  # type: ignore[misc]


def test_run_writes_quotes_into_report_csv_and_markdown(tmp_path):
    sample = SAMPLES / "qmsum-education-1.json"
    result = run([sample], Settings(), out_dir=tmp_path)
    assert result.ok
    folder = tmp_path / result.inputs[0].transcript_id
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    schema = json.loads(resources.files("pipeline").joinpath("schema/report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    assert report["quotes"] and report["quotes"][0]["rank"] == 1
    turns = report["transcript"]["turns"]
    for quote in report["quotes"]:
        assert turns[quote["turn_index"]]["text"][quote["char_start"] : quote["char_end"]] == quote["verbatim"]
    assert (folder / "quotes.csv").read_text(encoding="utf-8").startswith("rank,score,text,speaker")
    markdown = (folder / "quotes.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Quotes") and "## 1." in markdown


@pytest.mark.slow
@pytest.mark.parametrize("path", shared_meetings(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_quote_of_every_shared_meeting_is_verbatim(parse_meeting, path):
    # The pipeline's own parse (NER on), the one the other tests over every shared meeting use as well.
    parsed = parse_meeting(path)
    clock = time.perf_counter()
    quotes = extract_quotes(parsed, QuoteSettings())
    seconds = time.perf_counter() - clock
    transcript = parsed.transcript
    turns = transcript.turns
    # The speaker each turn has in the source file: a merged speaker must still be the one who said it.
    source_speakers = [turn["speaker"] for turn in json.loads(path.read_text(encoding="utf-8"))["turns"]]
    for quote in quotes:
        turn = turns[quote.turn_index]
        assert turn.text[quote.char_start : quote.char_end] == quote.verbatim
        assert quote.speaker == turn.speaker
        assert quote.attribution == transcript.speaker(turn.speaker).attribution
        assert " ".join(source_speakers[quote.turn_index].split()) in transcript.speaker(turn.speaker).labels
        assert is_faithful(quote.text, quote.verbatim)
    assert len({q.id for q in quotes}) == len(quotes)
    # linear in the transcript: even the longest shared meetings take a few seconds at most
    assert seconds < 30, f"extraction took {seconds:.1f}s"

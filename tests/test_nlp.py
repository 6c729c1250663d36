import pytest

from pipeline.nlp import parse_transcript, parse_turns, split_long_text
from pipeline.readers import read_transcript
from pipeline.settings import NlpSettings

from .conftest import shared_meetings


@pytest.mark.parametrize("max_chars", [50, 200, 1000])
def test_split_long_text_concatenates_back_exactly(max_chars):
    text = "We must act now. The budget is gone!  Next year is worse? " * 40 + "x" * 3000 + " end."
    pieces = split_long_text(text, max_chars)
    assert "".join(pieces) == text
    assert all(len(piece) <= max_chars for piece in pieces)


def test_long_turn_is_parsed_in_chunks_with_text_kept(nlp):
    text = "The council cannot keep buying the old models. " * 3000  # ~140k characters
    (doc, key), = list(parse_turns(nlp, [(text, 7)], max_chunk_chars=5_000))
    assert key == 7
    assert doc.text == text
    assert len(list(doc.sents)) >= 2900


def test_turn_longer_than_spacy_max_length_does_not_crash(nlp, monkeypatch):
    monkeypatch.setattr(nlp, "max_length", 30_000)  # same check as the default 1,000,000, much cheaper
    text = "Budgets are falling. " * 2_000
    assert len(text) > nlp.max_length
    (doc, _), = list(parse_turns(nlp, [(text, 0)], max_chunk_chars=20_000))
    assert doc.text == text


def test_parse_transcript_keeps_one_doc_per_turn_in_order(nlp):
    path = shared_meetings("qmsum/committee")[0]
    transcript = read_transcript(path)
    parsed = parse_transcript(transcript, nlp, NlpSettings(max_chunk_chars=1_000))
    assert len(parsed.docs) == len(transcript.turns)
    for turn, doc in zip(transcript.turns, parsed.docs):
        assert doc.text == turn.text


@pytest.mark.parametrize("disable, fragment", [(["parser"], "parser"), (["ner", "nosuch"], "tok2vec")])
def test_disabling_the_parser_or_an_unknown_component_is_a_settings_error(disable, fragment):
    from pipeline.errors import SettingsError
    from pipeline.nlp import check_disable

    with pytest.raises(SettingsError, match="nlp.disable") as info:
        check_disable(NlpSettings().model, disable)
    assert fragment in str(info.value)
    check_disable(NlpSettings().model, ["ner"])  # a component the model has, and nothing needs


def test_a_bad_nlp_disable_exits_2_before_any_input(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    (tmp_path / "meeting.txt").write_text("Ann: We should fund it.\n", encoding="utf-8")
    for value in ('["parser"]', '["nosuch"]'):
        result = CliRunner().invoke(app, ["run", str(tmp_path / "meeting.txt"), "--out", str(tmp_path / "out"),
                                          "--set", f"nlp.disable={value}"])
        assert result.exit_code == 2, result.output
        assert "nlp.disable" in result.output and "REJECTED" not in result.output
        assert not (tmp_path / "out").exists()

"""Every real meeting in ../shared/data reads back turn for turn: same speaker, same text."""

import json

import pytest

from pipeline.readers import read_transcript

from .conftest import shared_meetings

MEETINGS = shared_meetings()


@pytest.mark.parametrize("path", MEETINGS, ids=[p.stem for p in MEETINGS])
def test_every_turn_reads_back_with_same_speaker_and_text(path):
    source = json.loads(path.read_text(encoding="utf-8"))
    transcript = read_transcript(path)
    assert transcript.id == path.stem.lower()
    assert len(transcript.turns) == len(source["turns"])
    labels = {speaker.label for speaker in transcript.speakers}
    for turn, raw in zip(transcript.turns, source["turns"]):
        assert turn.index == raw["idx"]
        # the label as the source wrote it; a label of a merged speaker is kept as `source_label`
        assert (turn.source_label or turn.speaker) == raw["speaker"]
        assert turn.text == raw["text"]
        assert turn.speaker in labels
        assert raw["speaker"] in transcript.speaker(turn.speaker).labels


def test_all_four_sources_are_present():
    sources = {p.parent.name for p in MEETINGS}
    assert {"committee", "ami", "icsi", "elitr"} <= sources
    assert len(MEETINGS) >= 170

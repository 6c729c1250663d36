"""JSON readers (`pipeline/readers/jsonfmt.py`): native schema, Whisper / WhisperX segments, Rev monologues."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import TranscriptError
from pipeline.readers import read_transcript
from pipeline.readers.jsonfmt import read_json_transcript
from pipeline.records import Speaker

SAMPLES = Path(__file__).resolve().parent.parent / "transcripts"

WHISPERX = {
    "language": "en",
    "segments": [
        {"start": 0.5, "end": 2.25, "text": " Good evening.", "speaker": "SPEAKER_00", "avg_logprob": -0.2},
        {"start": 2.3, "end": 4.0, "text": " Welcome, all.  ", "speaker": "SPEAKER_00"},
        {"start": 4.1, "end": 6.789, "text": " Thank you.", "speaker": "SPEAKER_01"},
    ],
    "word_segments": [],
}

WHISPERX_WORDS_ONLY = {
    "segments": [
        {"start": 0.0, "end": 1.0, "text": "Hello.", "words": [{"word": "Hello.", "speaker": "A"}]},
        {
            "start": 1.0,
            "end": 3.0,
            "text": "Hi there, Ann.",
            "words": [
                {"word": "Hi", "speaker": "B"},
                {"word": "there,", "speaker": "B"},
                {"word": "Ann.", "speaker": "A"},
            ],
        },
    ]
}

REV = {
    "monologues": [
        {
            "speaker": 0,
            "speaker_name": "Jane Smith",
            "elements": [
                {"type": "text", "value": "Hello", "ts": 0.25, "end_ts": 0.75, "confidence": 1},
                {"type": "punct", "value": ","},
                {"type": "punct", "value": " "},
                {"type": "text", "value": "all", "ts": 0.8, "end_ts": 1.125},
                {"type": "punct", "value": "."},
            ],
        },
        {
            "speaker": 1,
            "elements": [
                {"type": "text", "value": "Thanks", "ts": 1.5, "end_ts": 2.0},
                {"type": "punct", "value": "."},
            ],
        },
        {"speaker": 1, "elements": [{"type": "text", "value": "Really", "ts": 2.5, "end_ts": 3.0}]},
    ]
}


def _turns(result):
    return [(t.speaker, t.text, t.start, t.end) for t in result.turns]


@pytest.mark.parametrize(
    ("data", "fmt", "expected"),
    [
        (
            WHISPERX,
            "whisper",
            [("SPEAKER_00", "Good evening. Welcome, all.", 0.5, 4.0), ("SPEAKER_01", "Thank you.", 4.1, 6.789)],
        ),
        (WHISPERX_WORDS_ONLY, "whisper", [("A", "Hello.", 0.0, 1.0), ("B", "Hi there, Ann.", 1.0, 3.0)]),
        (REV, "rev", [("Jane Smith", "Hello, all.", 0.25, 1.125), ("Speaker 1", "Thanks. Really", 1.5, 3.0)]),
        (
            {"title": "T", "turns": [{"speaker": "A", "text": "Hi.", "start": 1}, {"speaker": "B", "text": "Yo."}]},
            "json-native",
            [("A", "Hi.", 1.0, None), ("B", "Yo.", None, None)],
        ),
    ],
    ids=["whisperx", "whisperx-word-speakers", "rev", "native"],
)
def test_json_shapes_read_into_turns(tmp_path, data, fmt, expected):
    result = read_json_transcript(json.dumps(data), Path("x.json"))
    assert result.format == fmt
    assert _turns(result) == expected
    assert result.warnings == ()
    path = tmp_path / "x.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    transcript = read_transcript(path)
    assert transcript.format == fmt
    assert [(t.speaker, t.text, t.start, t.end) for t in transcript.turns] == expected


@pytest.mark.parametrize(
    ("segments", "expected", "n_warnings"),
    [
        (
            [
                {"start": 0, "end": 1, "text": "One.", "speaker": "A"},
                {"start": 1, "end": 2, "text": "Two."},
                {"start": 2, "end": 3, "text": "Three.", "speaker": "B"},
            ],
            [("A", "One. Two."), ("B", "Three.")],
            1,
        ),
        (
            [
                {"start": 0, "end": 1, "text": "One."},
                {"start": 1, "end": 2, "text": "Two.", "speaker": "A"},
            ],
            [("Unknown speaker", "One."), ("A", "Two.")],
            1,
        ),
        (
            [
                {"start": 0, "end": 1, "text": "One.", "speaker": "A"},
                {"start": 1, "end": 2, "text": "Two.", "words": [{"word": "Two.", "speaker": "B"}]},
                {"start": 2, "end": 3, "text": "Three.", "words": [{"word": "Three."}]},
            ],
            [("A", "One."), ("B", "Two. Three.")],
            1,
        ),
    ],
    ids=["continues-previous", "before-any-speaker", "word-majority-then-previous"],
)
def test_whisper_segment_without_speaker_is_resolved_with_warning(segments, expected, n_warnings):
    result = read_json_transcript(json.dumps({"segments": segments}), Path("x.json"))
    assert [(t.speaker, t.text) for t in result.turns] == expected
    assert len(result.warnings) == n_warnings
    assert "has no speaker" in str(result.warnings[0])


def test_whisper_without_speakers_suggests_diarization(tmp_path):
    data = {"text": " Hello. Hi.", "segments": [{"start": 0, "end": 1, "text": " Hello."}, {"start": 1, "end": 2, "text": " Hi."}]}
    path = tmp_path / "x.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TranscriptError) as info:
        read_transcript(path)
    message = str(info.value)
    assert "no speaker labels" in message
    assert "diarization" in message and "assign_word_speakers" in message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"segments": {"0": {}}}, "'segments' is not a list"),
        ({"segments": []}, "empty 'segments'"),
        ({"segments": [{"text": "a", "speaker": "A"}, "b"]}, "segments[1] is not an object"),
        ({"segments": [{"text": "a", "speaker": "A"}, {"start": 1}]}, "segments[1] has no text"),
        ({"segments": [{"text": "a", "speaker": "A", "start": "soon"}]}, "segments[0].start is not a time"),
        ({"segments": [{"text": "a", "speaker": {"id": 1}}]}, "segments[0].speaker is not a speaker label"),
        ({"segments": [{"text": "a", "words": "a"}]}, "segments[0].words is not a list"),
        ({"monologues": [{"elements": []}]}, "monologues[0] has no speaker"),
        ({"monologues": [{"speaker": 0}]}, "monologues[0].elements is not a list"),
        ({"monologues": [{"speaker": 0, "elements": [{"type": "text"}]}]}, "monologues[0].elements[0] has no value"),
        ({"monologues": [{"speaker": 0, "elements": [{"value": "a", "ts": []}]}]}, "elements[0].ts is not a time"),
        ({"utterances": []}, "not a transcript format we know"),
        ([1, 2], "not a transcript format we know"),
    ],
)
def test_wrong_json_shape_names_what_was_expected(data, message):
    with pytest.raises(TranscriptError) as info:
        read_json_transcript(json.dumps(data), Path("x.json"))
    assert message in str(info.value)


def test_invalid_json_reports_line(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"segments": [\n  {"text": "a",}\n]}', encoding="utf-8")
    with pytest.raises(TranscriptError) as info:
        read_transcript(path)
    assert info.value.line == 2


@pytest.mark.parametrize("name", ["qmsum-covid-3.json", "qmsum-education-1.json"])
def test_native_samples_still_read(name):
    transcript = read_transcript(SAMPLES / name)
    assert transcript.format == "json-native"
    assert transcript.turns


# --- properties ---

_LABELS = ["Jane Smith", "CE1", "SPEAKER_01", "Dr. O'Neil", "Élodie Durand", "Bob"]
_TIMES = st.none() | st.floats(min_value=0, max_value=1e6, allow_nan=False)
_NATIVE_TURNS = st.lists(
    st.fixed_dictionaries({"speaker": st.sampled_from(_LABELS), "text": st.text(), "start": _TIMES, "end": _TIMES}),
    min_size=1,
    max_size=8,
).filter(lambda turns: any(turn["text"].strip() for turn in turns))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    turns=_NATIVE_TURNS,
    title=st.none() | st.text(min_size=1, max_size=40),
    date=st.none() | st.dates().map(str),
    with_participants=st.booleans(),
    indent=st.sampled_from([None, 2]),
)
def test_native_json_round_trip_is_exact(turns, title, date, with_participants, indent):
    labels = sorted({turn["speaker"] for turn in turns})
    # Each name contains its label: a registry naming a different person than the label would be warned about.
    participants = [{"label": label, "name": f"{label} Person{n}", "role": "Member", "organisation": "The Council"}
                    for n, label in enumerate(labels)]
    data = {"title": title, "date": date, "participants": participants if with_participants else [], "turns": turns}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "meeting.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=indent), encoding="utf-8")
        transcript = read_transcript(path)
    assert transcript.format == "json-native"
    assert [(t.speaker, t.text, t.start, t.end) for t in transcript.turns] == [
        (t["speaker"], t["text"], t["start"], t["end"]) for t in turns
    ]
    assert (transcript.title, transcript.date) == (title or "meeting", date)
    expected = [Speaker(**entry) for entry in participants] if with_participants else [Speaker(label) for label in labels]
    assert sorted(transcript.speakers, key=lambda s: s.label) == expected
    assert transcript.warnings == ()


_JSON_PIECES = ['{', '}', '[', ']', ',', ':', '"turns"', '"segments"', '"monologues"', '"elements"', '"words"',
                '"speaker"', '"text"', '"start"', '"participants"', '"A"', '1', '-2.5', 'null', 'true', '\n', ' ']


@settings(max_examples=300)
@given(text=st.text(max_size=200) | st.lists(st.sampled_from(_JSON_PIECES), max_size=60).map("".join))
def test_any_text_reads_or_raises_transcript_error_with_a_line_inside_it(text):
    try:
        result = read_json_transcript(text, Path("x.json"))
    except TranscriptError as exc:
        assert exc.path == "x.json"
        assert exc.line is None or 1 <= exc.line <= text.count("\n") + 1
    else:
        assert result.format in ("json-native", "whisper", "rev")

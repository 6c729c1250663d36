"""WebVTT and SRT readers (`pipeline/readers/subtitles.py`): speakers, merging, times, errors with lines."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import srt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import TranscriptError
from pipeline.readers import read_transcript
from pipeline.readers.subtitles import UNKNOWN_SPEAKER, read_srt, read_vtt, split_speaker

SAMPLES = Path(__file__).resolve().parent.parent / "transcripts"

ZOOM_VTT = """WEBVTT

1
00:00:01.250 --> 00:00:04.500
Jane Smith: Good evening, everyone.

2
00:00:04.600 --> 00:00:07.125
Jane Smith: Welcome to the panel.

3
00:00:07.200 --> 00:00:09.000
Speaker 2: Thanks, Jane.

4
00:00:09.000 --> 00:00:11.999
Happy to be here.
"""

TEAMS_VTT = """WEBVTT

7d11cf8a/1-0
00:00:04.846 --> 00:00:07.171
<v Priya Natarajan>Good evening, everyone,</v>

7d11cf8a/1-1
00:00:07.209 --> 00:00:10.930
<v Priya Natarajan>and welcome &amp; thanks.</v>

7d11cf8a/2-0
00:00:11.147 --> 00:01:13.944
<v Fiona McBride>Thanks, <b>Priya</b>.
Glad to be here.</v>
"""

SRT = """1
00:00:01,250 --> 00:00:04,500
Jane Smith: Good evening,
everyone.

2
00:00:04,600 --> 00:00:07,125
welcome to the panel.

3
00:00:07,200 --> 00:00:09,000
[Speaker 2] Thanks, <i>Jane</i>.

4
00:00:09,000 --> 00:00:11,999
- Jane Smith: You're welcome.
"""


def _turns(result):
    return [(t.speaker, t.text, t.start, t.end, t.line) for t in result.turns]


@pytest.mark.parametrize(
    ("reader", "text", "expected"),
    [
        (
            read_vtt,
            ZOOM_VTT,
            [
                ("Jane Smith", "Good evening, everyone. Welcome to the panel.", 1.25, 7.125, 4),
                ("Speaker 2", "Thanks, Jane. Happy to be here.", 7.2, 11.999, 12),
            ],
        ),
        (
            read_vtt,
            TEAMS_VTT,
            [
                ("Priya Natarajan", "Good evening, everyone, and welcome & thanks.", 4.846, 10.93, 4),
                ("Fiona McBride", "Thanks, Priya. Glad to be here.", 11.147, 73.944, 12),
            ],
        ),
        (
            read_srt,
            SRT,
            [
                ("Jane Smith", "Good evening, everyone. welcome to the panel.", 1.25, 7.125, 2),
                ("Speaker 2", "Thanks, Jane.", 7.2, 9.0, 11),
                ("Jane Smith", "You're welcome.", 9.0, 11.999, 15),
            ],
        ),
    ],
    ids=["zoom-vtt", "teams-vtt", "srt"],
)
def test_cues_merge_into_speaker_turns_with_times_and_lines(reader, text, expected):
    result = reader(text, Path("x"))
    assert _turns(result) == expected
    assert result.warnings == ()


@pytest.mark.parametrize(("name", "text", "fmt"), [("x.vtt", ZOOM_VTT, "vtt"), ("x.srt", SRT, "srt")])
def test_read_transcript_dispatches_subtitles(tmp_path, name, text, fmt):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    transcript = read_transcript(path)
    assert transcript.format == fmt
    assert [s.label for s in transcript.speakers] == ["Jane Smith", "Speaker 2"]
    assert transcript.turns[0].start == 1.25
    assert transcript.turns[0].source_line in (2, 4)


def test_vtt_txt_file_is_read_as_vtt(tmp_path):
    path = tmp_path / "meeting.txt"
    path.write_text(ZOOM_VTT, encoding="utf-8")
    assert read_transcript(path).format == "vtt"


def test_times_keep_milliseconds():
    text = "WEBVTT\n\n01:02:03.456 --> 01:02:04.007\nJane Smith: Hi.\n\n01:02:05.5 --> 01:02:06.05\nHello.\n"
    (turn,) = read_vtt(text, Path("x.vtt")).turns
    assert (turn.start, turn.end) == (3723.456, 3726.05)


@pytest.mark.parametrize(
    ("reader", "text"),
    [
        (read_vtt, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello there\n\n00:00:02.000 --> 00:00:03.000\nJane Smith: Hi.\n"),
        (read_srt, "1\n00:00:01,000 --> 00:00:02,000\nhello there\n\n2\n00:00:02,000 --> 00:00:03,000\nJane Smith: Hi.\n"),
    ],
    ids=["vtt", "srt"],
)
def test_cue_without_speaker_before_any_speaker_is_unknown_with_warning(reader, text):
    result = reader(text, Path("x"))
    assert [(t.speaker, t.text) for t in result.turns] == [(UNKNOWN_SPEAKER, "hello there"), ("Jane Smith", "Hi.")]
    assert len(result.warnings) == 1
    assert result.warnings[0].line in (2, 3)


def test_teams_cue_with_two_voices_gives_two_turns():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann Lee>Yes.</v>\n<v.loud Bob Ray>No.</v>\n"
    assert [(t.speaker, t.text) for t in read_vtt(text, Path("x")).turns] == [("Ann Lee", "Yes."), ("Bob Ray", "No.")]


def test_teams_voice_cue_does_not_look_for_name_prefixes():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann Lee>We asked.\nCouncil Leader: said no.</v>\n"
    (turn,) = read_vtt(text, Path("x")).turns
    assert (turn.speaker, turn.text) == ("Ann Lee", "We asked. Council Leader: said no.")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Jane Smith: Hello", ("Jane Smith", "Hello")),
        ("Speaker 2: Hello", ("Speaker 2", "Hello")),
        ("SPEAKER_00: Hello", ("SPEAKER_00", "Hello")),
        ("Dr. J. O'Neil: Hello", ("Dr. J. O'Neil", "Hello")),
        ("Ludwig van Beethoven: Da da", ("Ludwig van Beethoven", "Da da")),
        ("Élodie Durand: Bonsoir", ("Élodie Durand", "Bonsoir")),
        ("Tom Baker (Finance): Hello", ("Tom Baker (Finance)", "Hello")),
        ("[Jane Smith] Hello", ("Jane Smith", "Hello")),
        ("- Jane Smith: Hello", ("Jane Smith", "Hello")),
        ("Note: the minutes are online", (None, "Note: the minutes are online")),
        ("Question 3: what about rents?", (None, "Question 3: what about rents?")),
        ("See https://example.org for more", (None, "See https://example.org for more")),
        ("We start at 10:30 sharp", (None, "We start at 10:30 sharp")),
        ("At 10:30: we start", (None, "At 10:30: we start")),
        ("and the answer was: no", (None, "and the answer was: no")),
        ("jane smith: lowercase display names are not taken", (None, "jane smith: lowercase display names are not taken")),
        ("Tom (Finance) Baker: no", (None, "Tom (Finance) Baker: no")),
        ("[Music]", (None, "[Music]")),
        ("[LAUGHTER] yes", (None, "[LAUGHTER] yes")),
        ("One Two Three Four Five Six Seven: too long", (None, "One Two Three Four Five Six Seven: too long")),
    ],
)
def test_split_speaker_takes_only_conservative_labels(line, expected):
    assert split_speaker(line) == expected


@pytest.mark.parametrize(
    ("text", "line", "found"),
    [
        ("Jane Smith: Hello\n", 1, "Jane Smith"),
        ("\n\nWEBVT\n\n00:00:01.000 --> 00:00:02.000\nHi\n", 3, "WEBVT"),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n\n00:00:0x --> 00:00:03.000\nThere\n", 6, "00:00:0x"),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n\n00:00:75.000 --> 00:00:80.000\nThere\n", 6, "00:00:75"),
        ("WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nHi\n", 3, "00:00:01,000"),
    ],
    ids=["no-header", "misspelt-header", "bad-timing", "out-of-range", "srt-comma"],
)
def test_broken_vtt_names_the_line(tmp_path, text, line, found):
    path = tmp_path / "x.vtt"
    path.write_text(text, encoding="utf-8")
    for read in (lambda: read_vtt(text, path), lambda: read_transcript(path)):
        with pytest.raises(TranscriptError) as info:
            read()
        assert info.value.line == line
        assert found in info.value.found
        assert str(path) in str(info.value)


@pytest.mark.parametrize(
    ("text", "line", "found"),
    [
        ("Jane Smith: Hello\n", 1, "Jane Smith"),
        ("1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:0x --> 00:00:03,000\nThere\n", 6, "00:00:0x"),
        ("1\n00:00:01,000 --> 00:00:02,000\nHi\n\n\n2\n00:00:02,000 -> 00:00:03,000\nThere\n", 7, "->"),
    ],
    ids=["not-srt", "bad-timing", "bad-arrow"],
)
def test_broken_srt_names_the_line(tmp_path, text, line, found):
    path = tmp_path / "x.srt"
    path.write_text(text, encoding="utf-8")
    for read in (lambda: read_srt(text, path), lambda: read_transcript(path)):
        with pytest.raises(TranscriptError) as info:
            read()
        assert info.value.line == line
        assert found in info.value.found


def test_sample_teams_meeting_reads_with_registry():
    transcript = read_transcript(SAMPLES / "housing-panel-2024.vtt")
    assert transcript.format == "vtt"
    assert transcript.warnings == ()
    assert [s.label for s in transcript.speakers] == ["Priya Natarajan", "Fiona McBride", "Daniel Asante", "Kevin Doyle"]
    assert transcript.speaker("Fiona McBride").role == "Chief Executive"
    assert all(a.speaker != b.speaker for a, b in zip(transcript.turns, transcript.turns[1:]))
    assert all(t.start < t.end for t in transcript.turns)
    assert transcript.turns[0].text.startswith("Good evening, everyone, and welcome. I'm Priya Natarajan")


# --- round trips: write turns as cues, read them back ---

_SPEAKERS = st.sampled_from(["Jane Smith", "Speaker 2", "Dr. O'Neil", "SPEAKER_01", "Élodie Durand"])
# Cue text without anything that could look like a label, a tag or a timing line.
_WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzéü,.?!'0123456789"), min_size=1, max_size=8)
_CUE_TEXT = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)
# A turn: its speaker, its cues' texts, and whether each later cue repeats the speaker prefix.
_TURNS = st.lists(
    st.tuples(_SPEAKERS, st.lists(st.tuples(_CUE_TEXT, st.booleans()), min_size=1, max_size=4)),
    min_size=1,
    max_size=8,
)


def _expected_turns(turns):
    merged = []
    for speaker, cues in turns:
        text = " ".join(cue_text for cue_text, _ in cues)
        if merged and merged[-1][0] == speaker:
            merged[-1] = (speaker, f"{merged[-1][1]} {text}")
        else:
            merged.append((speaker, text))
    return merged


def _cues(turns):
    """(speaker, whether the cue names them, text, start ms, end ms) per cue."""
    cues, clock = [], 1500
    for speaker, texts in turns:
        for position, (cue_text, repeat) in enumerate(texts):
            cues.append((speaker, position == 0 or repeat, cue_text, clock, clock + 1234))
            clock += 2001
    return cues


def _vtt_time(ms):
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(turns=_TURNS, style=st.sampled_from(["zoom", "teams"]))
def test_vtt_round_trip(turns, style):
    blocks = ["WEBVTT"]
    for number, (speaker, named, text, start, end) in enumerate(_cues(turns), start=1):
        if style == "teams":  # Teams names the speaker on every cue
            body = f"<v {speaker}>{text}</v>"
        else:
            body = f"{speaker}: {text}" if named else text
        blocks.append(f"{number}\n{_vtt_time(start)} --> {_vtt_time(end)}\n{body}")
    result = read_vtt("\n\n".join(blocks) + "\n", Path("x.vtt"))
    assert [(t.speaker, t.text) for t in result.turns] == _expected_turns(turns)
    assert result.turns[0].start == 1.5
    assert result.warnings == ()


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(turns=_TURNS)
def test_srt_round_trip(turns):
    subtitles = [
        srt.Subtitle(
            index=None,
            start=timedelta(milliseconds=start),
            end=timedelta(milliseconds=end),
            content=f"{speaker}: {text}" if named else text,
        )
        for speaker, named, text, start, end in _cues(turns)
    ]
    result = read_srt(srt.compose(subtitles), Path("x.srt"))
    assert [(t.speaker, t.text) for t in result.turns] == _expected_turns(turns)
    assert result.turns[0].start == 1.5
    assert result.warnings == ()


@settings(max_examples=200)
@given(text=st.text(max_size=200))
def test_garbage_raises_transcript_error_or_reads(text):
    for reader in (read_vtt, read_srt):
        try:
            reader(text, Path("x"))
        except TranscriptError as exc:
            assert exc.line is None or 1 <= exc.line <= text.count("\n") + 1

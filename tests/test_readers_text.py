"""Plain-text and Markdown reader (`pipeline/readers/text.py`): labels, traps, front matter, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import TranscriptError
from pipeline.readers import read_transcript
from pipeline.readers.text import NOT_SPEAKERS, find_label, read_text_transcript

from .conftest import SAMPLES, shared_meetings

TXT = Path("meeting.txt")


def _turns(result):
    return [(t.speaker, t.text) for t in result.turns]


def _write(tmp_path, text, name="meeting.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- label shapes ---


@pytest.mark.parametrize(
    ("line", "speaker", "text", "start"),
    [
        ("Jane Smith: Good evening.", "Jane Smith", "Good evening.", None),
        ("JANE SMITH: Good evening.", "JANE SMITH", "Good evening.", None),
        ("Speaker 2: Hello.", "Speaker 2", "Hello.", None),
        ("SPEAKER_00: Hello.", "SPEAKER_00", "Hello.", None),
        ("CE1: Hello.", "CE1", "Hello.", None),
        ("A: Hello.", "A", "Hello.", None),
        ("Dr. J. O'Neil: Hello.", "Dr. J. O'Neil", "Hello.", None),
        ("Cllr Ann Lee: Hello.", "Cllr Ann Lee", "Hello.", None),
        ("Rt. Hon. J.R. Smith MP: Hello.", "Rt. Hon. J.R. Smith MP", "Hello.", None),
        ("Chair of the Committee: Order.", "Chair of the Committee", "Order.", None),
        ("Minister for Housing and Planning: Yes.", "Minister for Housing and Planning", "Yes.", None),
        ("Ludwig van Beethoven: Da da.", "Ludwig van Beethoven", "Da da.", None),
        ("Mr. Chris d'Entremont: Yes.", "Mr. Chris d'Entremont", "Yes.", None),
        ("Élodie Durand: Bonsoir.", "Élodie Durand", "Bonsoir.", None),
        ("Jean-Luc Picard : Engage.", "Jean-Luc Picard", "Engage.", None),
        ("Jane Smith (Chief Executive, Aldermoor Council): Hello.", "Jane Smith", "Hello.", None),
        ("Jane Smith (laughing): Hello.", "Jane Smith", "Hello.", None),
        ("Jane Smith (00:01:02): Hello.", "Jane Smith", "Hello.", 62.0),
        ("[00:01:02] Jane Smith: Hello.", "Jane Smith", "Hello.", 62.0),
        ("(00:01:02) Jane Smith: Hello.", "Jane Smith", "Hello.", 62.0),
        ("00:01:02 Jane Smith: Hello.", "Jane Smith", "Hello.", 62.0),
        ("[1:02:03.5] Jane Smith: Hello.", "Jane Smith", "Hello.", 3723.5),
        ("[12:05] Jane Smith: Hello.", "Jane Smith", "Hello.", 725.0),
        ("**Jane Smith:** Hello.", "Jane Smith", "Hello.", None),
        ("**Jane Smith**: Hello.", "Jane Smith", "Hello.", None),
        ("Jane Smith:", "Jane Smith", "", None),
        ("Jane Smith  0:03", "Jane Smith", "", 3.0),
        ("Speaker 1 1:02:03", "Speaker 1", "", 3723.0),
    ],
)
def test_label_shapes_start_a_turn(line, speaker, text, start):
    label, rejected = find_label(line)
    assert (label.speaker, label.text, label.start) == (speaker, text, start)
    assert rejected is None
    result = read_text_transcript(f"{line}\n", TXT)
    assert [(t.speaker, t.text, t.start, t.line) for t in result.turns] == [(speaker, text, start, 1)]


# --- traps: none of these may start a turn ---

_TRAPS = [
    # (line, looked like a label: warned)
    ("Note: the minutes are online.", "Note"),
    ("NOTE: the minutes are online.", "NOTE"),
    ("Update: the agenda changed.", "Update"),
    ("Question: what about rents?", "Question"),
    ("Answer: nobody knows.", "Answer"),
    ("PS: bring the papers.", "PS"),
    ("P.S.: bring the papers.", "P.S."),
    ("Example: a bus lane.", "Example"),
    ("Action: officers to report back.", "Action"),
    ("Action Point 3: officers to report back.", "Action Point 3"),
    ("Clause 1: each council sets its own budget.", "Clause 1"),
    ("Amendment 1A: changes amendment 1.", "Amendment 1A"),
    ("First: we cut the grants.", "First"),
    ("So: where does that leave us?", "So"),
    ("**Important:** read this.", "Important"),
    ("Yes. Definitely: we agree.", "Yes. Definitely"),
    ("Thursday 10:30", "Thursday"),
    ("At 10:30", "At"),
    ("https://example.org/budget", None),
    ("See https://example.org/budget for details.", None),
    ("http://www.eastwold.gov.uk/budgetchallenge", None),
    ("mailto:clerk@example.org", None),
    ("10:30 in the morning, and forty people in the queue.", None),
    ("at 10:30 we opened the doors.", None),
    ("We start at 10:30: sharp.", None),
    ("At 10:30: we start.", None),
    ("The ratio is 3:1 against.", None),
    ("3:1", None),
    ("And the answer is: yes.", None),
    ("and the answer was: no", None),
    ("jane smith: lowercase names are not labels", None),
    ("One Two Three Four Five Six Seven: too long", None),
    ("Well, honestly: no.", None),
    ("Was it Tuesday? Yes: it was.", None),
    ("[Laughter]", None),
    ("[00:05:00] and then we moved on.", None),
]


@pytest.mark.parametrize(("trap", "looked_like"), _TRAPS, ids=[trap for trap, _ in _TRAPS])
def test_traps_are_speech_not_labels(tmp_path, trap, looked_like):
    text = f"Jane Smith: Before the trap.\n{trap}\nAfter it.\n"
    for result in (read_text_transcript(text, TXT), read_transcript(_write(tmp_path, text))):
        assert _turns(result) == [("Jane Smith", f"Before the trap. {trap} After it.")]
        warned = [w for w in result.warnings if "looked like a speaker label" in w.message]
        if looked_like:
            assert [(w.message, w.line) for w in warned] == [
                (f"line looked like a speaker label {looked_like!r} but was read as speech", 2)
            ]
        else:
            assert warned == []


@pytest.mark.parametrize("word", ["Note", "Question", "Update", "Action", "Example", "Ps", "Answer"])
def test_stoplist_has_the_issue_words(word):
    assert word.casefold() in NOT_SPEAKERS


# --- continuation lines and paragraphs ---


def test_continuation_lines_join_into_paragraphs():
    text = (
        "Jane Smith:   First line\n"
        "   second line of the same paragraph.  \n"
        "\n"
        "\n"
        "[Laughter]\n"
        "\n"
        "A third paragraph {vocalsound} <other_noise/>  kept   as is.\n"
        "Bob Ray: Thanks.\n"
        "\n"
        "Bob Ray: Again.\n"
    )
    result = read_text_transcript(text, TXT)
    assert [(t.speaker, t.text, t.line) for t in result.turns] == [
        (
            "Jane Smith",
            "First line second line of the same paragraph.\n\n[Laughter]\n\n"
            "A third paragraph {vocalsound} <other_noise/>  kept   as is.",
            1,
        ),
        ("Bob Ray", "Thanks.", 8),
        ("Bob Ray", "Again.", 10),
    ]
    assert result.warnings == ()


def test_label_alone_on_its_line_takes_the_lines_below():
    text = "Jane Smith:\n\nGood evening.\nWelcome.\n\nBob Ray:\nThanks.\n"
    assert _turns(read_text_transcript(text, TXT)) == [("Jane Smith", "Good evening. Welcome."), ("Bob Ray", "Thanks.")]


def test_crlf_and_tabs_are_whitespace():
    text = "Jane Smith:\tHello\r\n\tthere.\r\n"
    assert _turns(read_text_transcript(text, TXT)) == [("Jane Smith", "Hello there.")]


# --- Otter ---

OTTER = """Weekly sync - Otter.ai

Speaker 1  0:03
Okay, let's get started.
Can everyone hear me?

Priya Natarajan  0:12
Yes.
At 10:30 we had the outage, though.

Speaker 1  1:02:03
Right.
"""


def test_otter_header_lines_start_timed_turns():
    result = read_text_transcript(OTTER, TXT)
    assert [(t.speaker, t.text, t.start, t.line) for t in result.turns] == [
        ("Speaker 1", "Okay, let's get started. Can everyone hear me?", 3.0, 3),
        ("Priya Natarajan", "Yes. At 10:30 we had the outage, though.", 12.0, 7),
        ("Speaker 1", "Right.", 3723.0, 11),
    ]
    assert [(w.message, w.line) for w in result.warnings] == [
        ("text before the first speaker label is not speech and was ignored", 1)
    ]


# --- front matter and headers ---

FRONT_MATTER = """---
title: "Putting local first: a roundtable"
date: 2011-02-15
participants:
  - label: CE1
    name: Jane Smith
    role: Chief Executive
    organisation: Example City Council
  - label: Bob Ray
    role: Director
venue: Town Hall
---

CE1: Good morning.
Bob Ray (Finance Director, Acme): Morning.
Ann Lee (Leader, Example City Council): Hello.
Ann Lee (Someone Else): Hello again.
"""


def test_front_matter_gives_title_date_participants_and_line_numbers(tmp_path):
    result = read_text_transcript(FRONT_MATTER, TXT)
    assert (result.title, result.date) == ("Putting local first: a roundtable", "2011-02-15")
    assert [(t.speaker, t.line) for t in result.turns] == [("CE1", 14), ("Bob Ray", 15), ("Ann Lee", 16), ("Ann Lee", 17)]
    assert [(s.label, s.name, s.role, s.organisation) for s in result.participants] == [
        ("CE1", "Jane Smith", "Chief Executive", "Example City Council"),
        ("Bob Ray", None, "Director", None),
    ]
    # the first note of a speaker counts; notes are not a registry of their own
    assert [(s.label, s.role, s.organisation) for s in result.label_notes] == [
        ("Bob Ray", "Finance Director", "Acme"),
        ("Ann Lee", "Leader", "Example City Council"),
    ]
    assert [(w.message, w.line) for w in result.warnings] == [
        ("front matter key 'venue' is not used (known keys: title, date, participants)", 1)
    ]
    transcript = read_transcript(_write(tmp_path, FRONT_MATTER))
    assert transcript.speaker("CE1").attribution == "Jane Smith, Chief Executive, Example City Council"
    assert transcript.speaker("Ann Lee").attribution == "Ann Lee, Leader, Example City Council"
    assert transcript.speaker("Bob Ray").attribution == "Bob Ray, Director"  # front matter wins over a note
    # Ann Lee is described by her label only: that is no reason to warn she is missing from the registry
    assert not any("registry" in str(w) for w in transcript.warnings)
    assert [t.source_line for t in transcript.turns] == [14, 15, 16, 17]


@pytest.mark.parametrize(
    "participants",
    [
        "participants:\n  CE1: Jane Smith, Chief Executive, Example City Council\n",
        "participants:\n  CE1: {name: Jane Smith, role: Chief Executive, organisation: Example City Council}\n",
        "participants:\n  - {label: CE1, name: Jane Smith, title: Chief Executive, org: Example City Council}\n",
    ],
    ids=["attribution-lines", "mapping", "list"],
)
def test_front_matter_participants_in_any_registry_shape(participants):
    result = read_text_transcript(f"---\n{participants}---\nCE1: Hello.\n", TXT)
    assert result.participants[0].to_dict()["attribution"] == "Jane Smith, Chief Executive, Example City Council"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("---\ntitle: x\ndate: [unclosed\n---\nJane: Hi.\n", 3, "not valid YAML"),
        ("---\ntitle: x\n  bad: indent\n---\nJane: Hi.\n", 3, "not valid YAML"),
        ("---\ntitle: x\nJane: Hi.\n", 1, "never closed"),
        ("---\n- a list\n---\nJane: Hi.\n", 2, "not a mapping"),
        ("---\nparticipants: 3\n---\nJane: Hi.\n", None, "not a participant registry"),
    ],
    ids=["bad-yaml", "bad-indent", "not-closed", "not-mapping", "bad-participants"],
)
def test_malformed_front_matter_names_file_and_line(tmp_path, text, line, reason):
    path = _write(tmp_path, text)
    for read in (lambda: read_text_transcript(text, path), lambda: read_transcript(path)):
        with pytest.raises(TranscriptError) as info:
            read()
        assert info.value.line == line
        assert reason in str(info.value)
        assert str(path) in str(info.value)


def test_empty_front_matter_is_allowed():
    result = read_text_transcript("---\n---\nJane: Hi.\n", TXT)
    assert (_turns(result), result.title, result.turns[0].line) == ([("Jane", "Hi.")], None, 3)


@pytest.mark.parametrize(
    ("name", "fmt", "title"),
    [("panel.md", "markdown", "Housing panel"), ("panel.markdown", "markdown", "Housing panel"), ("panel.txt", "text", None)],
)
def test_markdown_heading_gives_title(tmp_path, name, fmt, title):
    text = "# Housing panel\n\n**Jane Smith:** Hello.\n\n## Part two\n\nMore.\n"
    result = read_text_transcript(text, Path(name))
    assert (result.format, result.title) == (fmt, title)
    transcript = read_transcript(_write(tmp_path, text, name))
    assert (transcript.format, transcript.title) == (fmt, title or "panel")
    if fmt == "markdown":
        assert _turns(result) == [("Jane Smith", "Hello.\n\nMore.")]
        assert [(w.message, w.line) for w in result.warnings] == [("heading 'Part two' is not speech and was skipped", 5)]


def test_front_matter_title_wins_over_heading_and_header_lines():
    text = "---\ntitle: From front matter\n---\n# From heading\nTitle: From header\nDate: 1 March\nJane: Hi.\n"
    result = read_text_transcript(text, Path("x.md"))
    assert (result.title, result.date) == ("From front matter", "1 March")


def test_header_lines_before_the_first_label_give_title_and_date():
    text = "Title: Housing panel\nDate: 2024-03-01\nLocation: Town Hall\nRecorded by the clerk.\n\nJane: Hi.\nDate: later\n"
    result = read_text_transcript(text, TXT)
    assert (result.title, result.date) == ("Housing panel", "2024-03-01")
    assert _turns(result) == [("Jane", "Hi. Date: later")]
    assert [(w.message, w.line) for w in result.warnings] == [
        ("text before the first speaker label is not speech and was ignored", 3),
        ("line looked like a speaker label 'Date' but was read as speech", 7),
    ]


# --- no labels ---


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("just some notes\nwith no labels: none at all\n", 1),
        ("---\ntitle: x\n---\n\nNote: only a note.\n", 5),
        ("---\ntitle: x\n---\n", None),
    ],
    ids=["prose", "stoplisted-only", "front-matter-only"],
)
def test_text_without_labels_is_an_error_naming_the_file(tmp_path, text, line):
    path = _write(tmp_path, text)
    for read in (lambda: read_text_transcript(text, path), lambda: read_transcript(path)):
        with pytest.raises(TranscriptError) as info:
            read()
        assert info.value.reason == "has no speaker labels"
        assert info.value.line == line
        assert str(path) in str(info.value)


# --- real transcripts ---


def test_sample_council_roundtable_reads_with_registry():
    transcript = read_transcript(SAMPLES / "council-roundtable-2011.txt")
    assert (transcript.format, transcript.date) == ("text", "2011-02-15")
    assert transcript.title.startswith("Putting local first")
    assert transcript.turns[0].source_line == 5
    assert transcript.speaker("Margaret Hollins").organisation == "Aldermoor Metropolitan Borough Council"
    # "Chair" and "Helen Marchbank" are one person in the registry, so one speaker
    assert len(transcript.speakers) == 9
    chair_lines = [t for t in transcript.turns if t.speaker == "Helen Marchbank"]
    assert len(chair_lines) == 29
    assert [(w.message.split("'")[1], w.line) for w in transcript.warnings] == [("Note", 30), ("Clause 1", 231)]
    assert transcript.turns[0].text.endswith("second thoughts.\n\n[Laughter]")


@pytest.mark.parametrize("meeting", shared_meetings("qmsum/committee", "qmsum/ami")[:6], ids=lambda p: p.stem)
def test_real_meetings_written_as_labelled_lines_read_back(tmp_path, meeting):
    """Speaker labels of real meetings (incl. "Hon. Mary Ng (Minister of ...)") are all taken as labels."""
    turns = [t for t in json.loads(meeting.read_text(encoding="utf-8"))["turns"] if t["text"].strip()]
    path = _write(tmp_path, "".join(f"{t['speaker']}: {t['text']}\n\n" for t in turns))
    transcript = read_transcript(path)
    assert [(t.speaker, t.text) for t in transcript.turns] == [
        (" ".join(t["speaker"].split(" (")[0].split()), t["text"].strip()) for t in turns
    ]


# --- properties ---

_FIRST_NAMES = ["Jane", "Bob", "Élodie", "Siân", "Kevin", "Priya", "Dr.", "Cllr", "Speaker", "CE1"]
_LAST_NAMES = ["Smith", "O'Neil", "McBride", "2", "van Beethoven", "J. Ray", "Asante-Mensah"]
_LABELS = st.builds(lambda first, last: f"{first} {last}" if last else first, st.sampled_from(_FIRST_NAMES),
                    st.sampled_from([None, *_LAST_NAMES]))
# Speech that cannot look like a label: every word lowercase, punctuation anywhere.
_WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzéü,.?!'0123456789:-{}<>/"), min_size=1, max_size=8)
_SPEECH = st.lists(_WORD, min_size=1, max_size=8).map(" ".join)
_TURNS = st.lists(st.tuples(_LABELS, st.lists(_SPEECH, min_size=1, max_size=3)), min_size=1, max_size=8)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(turns=_TURNS, blank_lines=st.booleans())
def test_labelled_lines_round_trip(turns, blank_lines):
    separator = "\n\n" if blank_lines else "\n"
    text = separator.join(f"{label}: {lines[0]}" + "".join(f"\n{line}" for line in lines[1:]) for label, lines in turns)
    result = read_text_transcript(text, TXT)
    assert _turns(result) == [(label, " ".join(lines)) for label, lines in turns]
    assert result.warnings == ()


@settings(max_examples=300)
@given(text=st.text(max_size=300) | st.lists(st.sampled_from(["---", "Jane:", "Note:", "# T", "0:03", "title: [", "", "x"]))
       .map("\n".join))
def test_any_text_reads_or_raises_transcript_error(text):
    n_lines = text.count("\n") + 1
    try:
        result = read_text_transcript(text, Path("x.md"))
    except TranscriptError as exc:
        assert exc.line is None or 1 <= exc.line <= n_lines
    else:
        assert result.turns
        assert all(1 <= turn.line <= n_lines for turn in result.turns)

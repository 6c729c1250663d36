"""Issue 14, "no quote ever goes to the wrong person": label shapes and traps in the text and subtitle readers.

Each case is a small hand-written transcript and the turns it must give, as (speaker, how the text starts).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import TranscriptError
from pipeline.readers import read_transcript
from pipeline.readers.subtitles import read_srt, read_vtt
from pipeline.readers.text import parse_labelled_lines, read_text_transcript
from pipeline.records import Speaker

TXT = Path("meeting.txt")


def _starts(result, expected):
    """(speaker, the first characters of the text) per turn, as many characters as each expected start has."""
    return [
        (turn.speaker, turn.text[: len(want[1]) if index < len(expected) else 20])
        for index, (turn, want) in enumerate(zip(result.turns, expected + [("", "")] * len(result.turns)))
    ]


def _check(text, expected):
    result = read_text_transcript(text, TXT)
    assert _starts(result, expected) == expected
    return result


# --- 1. `Name, Organisation:` and `Name [Role]:` are labels ---

_NOTE_LABELS = [
    ("Bob Ray: Hi.\nJane Smith, Northtown Council: We agree.\n", [("Bob Ray", "Hi."), ("Jane Smith", "We agree.")]),
    ("Bob Ray: Hi.\nJane Smith [Chair]: Order.\n", [("Bob Ray", "Hi."), ("Jane Smith", "Order.")]),
    ("Bob Ray: Hi.\nJane Smith, Chief Executive, Acme Ltd: Yes.\n", [("Bob Ray", "Hi."), ("Jane Smith", "Yes.")]),
    ("Bob Ray: Hi.\nDr. J. O'Neil, Leader of the Council: Yes.\n", [("Bob Ray", "Hi."), ("Dr. J. O'Neil", "Yes.")]),
    ("Bob Ray: Hi.\nJane Smith [laughing]: No.\n", [("Bob Ray", "Hi."), ("Jane Smith", "No.")]),
    ("Bob Ray: Hi.\n**Jane Smith, Northtown Council:** Yes.\n", [("Bob Ray", "Hi."), ("Jane Smith", "Yes.")]),
    ("Bob Ray: Hi.\n[00:01:02] Jane Smith [Chair]: Yes.\n", [("Bob Ray", "Hi."), ("Jane Smith", "Yes.")]),
    ("Bob Ray: Hi.\nJane Smith, Northtown Council:\nWe agree.\n", [("Bob Ray", "Hi."), ("Jane Smith", "We agree.")]),
    ("Bob Ray: Hi.\nJANE SMITH, NORTHTOWN COUNCIL: Yes.\n", [("Bob Ray", "Hi."), ("JANE SMITH", "Yes.")]),
    # not a name and a note: the comma belongs to the speech
    ("Bob Ray: Hi.\nWell, honestly: no.\n", [("Bob Ray", "Hi. Well, honestly: no.")]),
    ("Bob Ray: Hi.\nJane, as I said: no.\n", [("Bob Ray", "Hi. Jane, as I said: no.")]),
    ("Bob Ray: Hi.\nHowever, Councillor Smith: no.\n", [("Bob Ray", "Hi. However, Councillor Smith: no.")]),
    ("Bob Ray: Hi.\nSo, Chair: no.\n", [("Bob Ray", "Hi. So, Chair: no.")]),
    # titles that start like stoplisted words stay labels
    ("Bob Ray: Hi.\nRight Hon. Justin Trudeau: Mr. Chair, yes.\n", [("Bob Ray", "Hi."), ("Right Hon. Justin Trudeau", "Mr.")]),
]


@pytest.mark.parametrize(("text", "expected"), _NOTE_LABELS)
def test_comma_and_bracket_notes_are_labels(text, expected):
    _check(text, expected)


@pytest.mark.parametrize(
    ("line", "role", "organisation"),
    [
        ("Jane Smith, Northtown Council: Yes.", "Northtown Council", None),
        ("Jane Smith, Chief Executive, Northtown Council: Yes.", "Chief Executive", "Northtown Council"),
        ("Jane Smith [Chair]: Yes.", "Chair", None),
        ("Jane Smith [Chair, Northtown Council]: Yes.", "Chair", "Northtown Council"),
        ("Jane Smith [laughing]: Yes.", None, None),
    ],
)
def test_comma_and_bracket_notes_go_into_the_speaker(line, role, organisation):
    result = read_text_transcript(f"{line}\n", TXT)
    notes = [(s.label, s.role, s.organisation) for s in result.label_notes]
    assert notes == ([("Jane Smith", role, organisation)] if role else [])


# --- 2. speech that looks like a label is never accepted silently ---

_HIDDEN = "and a colon but was not read as a new turn"
_SHAPED = "line looked like a speaker label"

_WARNED = [
    # (text, turns, warning kind, line)
    ("Jane Smith: Hi.\nBob Ray: Yes.\nBob Ray:no space after the colon.\n",
     [("Jane Smith", "Hi."), ("Bob Ray", "Yes. Bob Ray:no")], _HIDDEN, 3),
    ("Jane Smith: Hi.\nBob Ray: Yes.\n- Jane Smith: a bulleted label.\n",
     [("Jane Smith", "Hi."), ("Bob Ray", "Yes. - Jane Smith:")], _HIDDEN, 3),
    ("Jane Smith: Hi.\nBob Ray: Yes.\n> Jane Smith: quoted.\n",
     [("Jane Smith", "Hi."), ("Bob Ray", "Yes. > Jane Smith:")], _HIDDEN, 3),
    ("Jane Smith: Hi.\nBob Ray: Jane Smith: two labels on one line.\n",
     [("Jane Smith", "Hi."), ("Bob Ray", "Jane Smith: two")], _HIDDEN, 2),
    ("Jane Smith: Hi.\nBob Ray: JANE SMITH: shouted label.\n",
     [("Jane Smith", "Hi."), ("Bob Ray", "JANE SMITH:")], _HIDDEN, 2),
    ("Jane Smith: Hi.\nBob Ray: Yes.\nJane Smith;: typo.\n",
     [("Jane Smith", "Hi."), ("Bob Ray", "Yes. Jane Smith;:")], _HIDDEN, 3),
    ("Jane Smith: Hi.\nBob Ray: Yes.\n[00:01:02] Jane Smith:late.\n",
     [("Jane Smith", "Hi."), ("Bob Ray", "Yes. [00:01:02]")], _HIDDEN, 3),
    # a speaker who only appears later is known too
    ("Jane Smith: Hi.\nAnn Lee:was she here?\nAnn Lee: Yes.\n",
     [("Jane Smith", "Hi. Ann Lee:was"), ("Ann Lee", "Yes.")], _HIDDEN, 2),
    # unknown names shaped like labels
    ("Jane Smith: Hi.\nTom Baker:hello.\n", [("Jane Smith", "Hi. Tom Baker:hello.")], _SHAPED, 2),
    ("Jane Smith: Hi.\nTom Baker-Jones & Co: hello.\n", [("Jane Smith", "Hi. Tom Baker-Jones")], None, None),
    ("Jane Smith: Hi.\n**Tom Baker**:hello.\n", [("Jane Smith", "Hi. **Tom Baker**:hello.")], _SHAPED, 2),
    ("Jane Smith: Hi.\nTom Baker, Acme:hello.\n", [("Jane Smith", "Hi. Tom Baker, Acme:hello.")], _SHAPED, 2),
    ("Jane Smith: Hi.\nTom Baker (Finance):hello.\n", [("Jane Smith", "Hi. Tom Baker (Finance):")], _SHAPED, 2),
]


@pytest.mark.parametrize(("text", "expected", "kind", "line"), _WARNED)
def test_label_shaped_speech_is_warned_with_its_line(text, expected, kind, line):
    result = _check(text, expected)
    warned = [(w.line, kind) for w in result.warnings if kind and kind in w.message]
    assert warned == ([(line, kind)] if kind else [])
    assert len(result.warnings) == len(warned)


@pytest.mark.parametrize(
    "line",
    [
        "I said to Jane Smith: be careful.",
        "At 10:30: we start.",
        "The ratio is 3:1.",
        "see https://example.org",
        "and the answer is: yes.",
        "Well, honestly: no.",
        "Bob Ray is here.",
        "Bob Ray said: we agree.",
    ],
)
def test_speech_with_colons_is_not_warned(line):
    result = _check(f"Jane Smith: Hi.\nBob Ray: Yes.\n{line}\n", [("Jane Smith", "Hi."), ("Bob Ray", "Yes.")])
    assert result.warnings == ()


def test_registry_speakers_are_known_before_they_speak():
    result = parse_labelled_lines(
        enumerate(["Jane Smith: Hi.", "CE1:what she said."], start=1),
        TXT,
        format="text",
        participants=(Speaker(label="CE1", name="Ann Lee"),),
    )
    assert [w.line for w in result.warnings if _HIDDEN in w.message] == [2]
    named = parse_labelled_lines(
        enumerate(["Jane Smith: Hi.", "Ann Lee:what she said."], start=1),
        TXT,
        format="text",
        participants=(Speaker(label="CE1", name="Ann Lee"),),
    )
    assert ["'CE1'" in w.message for w in named.warnings] == [True]


# --- 3. a broken SRT is refused, naming the file and line, instead of being read into the speech ---

_GOOD_CUE = "1\n00:00:01,000 --> 00:00:02,000\nJane Smith: Hi.\n\n"


@pytest.mark.parametrize(
    ("text", "line", "found"),
    [
        (_GOOD_CUE + "two\n00:00:02,000 --> 00:00:03,000\nBob Ray: Yes.\n", 5, "two"),
        (_GOOD_CUE + "\n\nTwo\n00:00:02,000 --> 00:00:03,000\nBob Ray: Yes.\n", 7, "Two"),
        (_GOOD_CUE + "2\n00:00:02,000 -> 00:00:03,000\nBob Ray: Yes.\n", 6, "->"),
        (_GOOD_CUE + "2\n00:00:02,000 --> 00:00:03,000\nBob Ray: Yes.\n\n3\n00:00:04,000 -> 00:00:05,000\nNo.\n", 10, "->"),
        (_GOOD_CUE + "2\n00:00:05,000 --> 00:00:03,000\nBob Ray: Yes.\n", 6, "00:00:05,000 --> 00:00:03,000"),
        ("1\n00:00:09,000 --> 00:00:02,000\nJane Smith: Hi.\n", 2, "00:00:09,000"),
        ("1\n00:00:01,000 --> 00:00:02,000\nJane Smith: Hi.\n00:00:02,000 --> 00:00:03,000\nBob Ray: Yes.\n", 4, "-->"),
        ("1\r\n00:00:01,000 --> 00:00:02,000\r\nHi.\r\n\r\ntwo\r\n00:00:02,000 --> 00:00:03,000\r\nYes.\r\n", 5, "two"),
        (_GOOD_CUE + "1\n00:00:02,000 --> 00:00:03,000\nBob Ray: Yes.\n", 5, "1"),
        (_GOOD_CUE + "2\n00:00:00,500 --> 00:00:00,900\nBob Ray: Yes.\n", 6, "00:00:00,500"),
        (_GOOD_CUE + "2\n00:00:01,500 --> 00:00:03,000\nBob Ray: Yes.\n", 6, "00:00:01,500"),
    ],
    ids=["word-number", "word-number-after-blanks", "short-arrow", "short-arrow-later", "reversed", "reversed-first",
         "no-blank-line", "crlf-word-number", "index-not-rising", "backwards-between-cues", "overlapping"],
)
def test_broken_srt_is_refused_with_file_and_line(tmp_path, text, line, found):
    path = tmp_path / "x.srt"
    path.write_bytes(text.encode("utf-8"))
    for read in (lambda: read_srt(text, path), lambda: read_transcript(path)):
        with pytest.raises(TranscriptError) as info:
            read()
        assert (info.value.line, info.value.path) == (line, str(path))
        assert found in info.value.found
        assert f"{path}, line {line}" in str(info.value)


def test_srt_with_timing_like_speech_and_equal_times_still_reads():
    text = "1\n00:00:01,000 --> 00:00:01,000\nJane Smith: at 10:30 -> we start.\n"
    result = read_srt(text, Path("x.srt"))
    assert [(t.speaker, t.text) for t in result.turns] == [("Jane Smith", "at 10:30 -> we start.")]


# --- 4. header lines (Otter, Trint, Zoom) and Rev times after the label ---

_TIMED = [
    # (text, [(speaker, text start, start time)])
    ("[00:00:03] Jane Smith\nGood evening.\nWelcome.\n\n[00:01:02] Bob Ray\nThanks.\n",
     [("Jane Smith", "Good evening. Welcome.", 3.0), ("Bob Ray", "Thanks.", 62.0)]),
    ("(00:00:03) Jane Smith\nGood evening.\n", [("Jane Smith", "Good evening.", 3.0)]),
    ("[0:03] Speaker 1\nHello.\n", [("Speaker 1", "Hello.", 3.0)]),
    ("[Jane Smith] 10:02:03\nGood evening.\n[Bob Ray] 10:02:09\nThanks.\n",
     [("Jane Smith", "Good evening.", 36123.0), ("Bob Ray", "Thanks.", 36129.0)]),
    ("[Speaker 2] 0:03\nHello.\n", [("Speaker 2", "Hello.", 3.0)]),
    ("Jane Smith: (00:03) Good evening.\nBob Ray: (01:02) Thanks.\n",
     [("Jane Smith", "Good evening.", 3.0), ("Bob Ray", "Thanks.", 62.0)]),
    ("Jane Smith: [00:00:03] Good evening.\n", [("Jane Smith", "Good evening.", 3.0)]),
    ("Jane Smith (00:03): Good evening.\n", [("Jane Smith", "Good evening.", 3.0)]),
    ("Jane Smith: (00:03)\nGood evening.\n", [("Jane Smith", "Good evening.", 3.0)]),
    ("Jane Smith  0:03\nGood evening.\n", [("Jane Smith", "Good evening.", 3.0)]),
    # a time already before the label wins; the one after it stays speech
    ("[00:00:05] Jane Smith: (00:03) Hi.\n", [("Jane Smith", "(00:03) Hi.", 5.0)]),
    # times that are speech
    ("Jane Smith: Hi.\n[00:05:00] and then we moved on.\n", [("Jane Smith", "Hi. [00:05:00] and then", None)]),
    ("Jane Smith: (at 00:03) Hi.\n", [("Jane Smith", "(at 00:03) Hi.", None)]),
    ("Jane Smith: Hi.\n[laughter] 0:03\n", [("Jane Smith", "Hi. [laughter] 0:03", None)]),
]


@pytest.mark.parametrize(("text", "expected"), _TIMED)
def test_header_lines_and_times_after_labels_give_the_start(text, expected):
    result = _check(text, [(speaker, start) for speaker, start, _ in expected])
    assert [t.start for t in result.turns] == [time for _, _, time in expected]


@pytest.mark.parametrize(
    ("reader", "text", "line"),
    [
        (read_srt, "1\n00:00:01,000 --> 00:00:02,000\nJane Smith: Hi.\n\n2\n00:00:02,000 --> 00:00:03,000\n"
                   "Bob Ray: Yes.\nJane Smith:no space.\n", 8),
        (read_srt, "1\n00:00:01,000 --> 00:00:02,000\nJane Smith: Bob Ray: two labels.\n\n2\n"
                   "00:00:02,000 --> 00:00:03,000\nBob Ray: Yes.\n", 2),
        (read_vtt, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nJane Smith: Hi.\n\n00:00:02.000 --> 00:00:03.000\n"
                   "Bob Ray: Yes.\nJANE SMITH:shouted.\n", 8),
    ],
    ids=["srt-no-space", "srt-two-labels", "vtt-no-space"],
)
def test_subtitle_speech_starting_with_a_speaker_name_is_warned(reader, text, line):
    result = reader(text, Path("x.srt"))
    assert [turn.speaker for turn in result.turns] == ["Jane Smith", "Bob Ray"]
    assert [(w.line, _HIDDEN in w.message) for w in result.warnings] == [(line, True)]


def test_subtitle_speech_with_unknown_capitalised_words_and_a_colon_is_not_warned():
    text = "1\n00:00:01,000 --> 00:00:02,000\nJane Smith: Hi.\nTom Baker:hello.\n"
    assert read_srt(text, Path("x.srt")).warnings == ()


def test_a_one_letter_speaker_does_not_claim_sentences():
    result = _check("A: Hi.\nB: Yes.\nA lot of them said: no.\n", [("A", "Hi."), ("B", "Yes. A lot of them")])
    assert result.warnings == ()


def test_inspect_lists_the_warning_with_its_line(tmp_path):
    from pipeline.inspect import inspect_transcript

    path = tmp_path / "meeting.txt"
    path.write_text("Jane Smith: Hi.\nBob Ray: Yes.\nJane Smith:no space.\n", encoding="utf-8")
    report = inspect_transcript(path)
    assert [speaker["label"] for speaker in report["speakers"]] == ["Jane Smith", "Bob Ray"]
    assert len(report["warnings"]) == 1 and report["warnings"][0].startswith("line 3: ")
    assert "'Jane Smith'" in report["warnings"][0]


# --- 5. more export shapes: Otter name and time on separate lines, Teams cue lines, Rev, Q/A ---

_EXPORTS = [
    # Otter: the name on one line, its time alone on the next
    ("Jane Smith\n0:03\nGood evening.\nWelcome.\n\nBob Ray\n1:02\nThanks.\n",
     [("Jane Smith", "Good evening. Welcome.", 3.0), ("Bob Ray", "Thanks.", 62.0)]),
    ("Speaker 1\n00:00:03\nHello.\n\nSpeaker 2\n00:00:09\nHi.\n", [("Speaker 1", "Hello.", 3.0), ("Speaker 2", "Hi.", 9.0)]),
    ("Jane Smith  0:03\nGood evening.\n\nBob Ray\n[1:02]\nThanks.\n", [("Jane Smith", "Good evening.", 3.0), ("Bob Ray", "Thanks.", 62.0)]),
    # a name alone without a time below it is speech
    ("Jane Smith: Hi.\nThanks\nfor coming.\n", [("Jane Smith", "Hi. Thanks for coming.", None)]),
    ("Jane Smith: We met Bob Ray\nyesterday at 0:03 am.\n", [("Jane Smith", "We met Bob Ray yesterday", None)]),
    # Teams .txt: cue line, the name alone, the speech
    ("0:0:0.0 --> 0:0:5.220\nJane Smith\nGood evening.\n\n0:0:5.220 --> 0:0:9.100\nBob Ray\nThanks.\n",
     [("Jane Smith", "Good evening.", 0.0), ("Bob Ray", "Thanks.", 5.22)]),
    ("00:00:01.000 --> 00:00:04.000\nJane Smith: Hello.\n\n00:00:04.000 --> 00:00:06.000\nBob Ray: Hi.\n",
     [("Jane Smith", "Hello.", 1.0), ("Bob Ray", "Hi.", 4.0)]),
    ("0:0:0.0 --> 0:0:5.220\nSmith, Jane\nGood evening.\n", [("Smith, Jane", "Good evening.", 0.0)]),
    # a cue line never becomes speech
    ("0:0:0.0 --> 0:0:5.220\nJane Smith\nGood evening.\n0:0:5.220 --> 0:0:9.100\nstill Jane.\n",
     [("Jane Smith", "Good evening. still Jane.", 0.0)]),
    # Rev: the time after the label is the start, not speech
    ("Jane Smith: (00:03)\nGood evening.\n\nBob Ray: (01:02)\nThanks.\n",
     [("Jane Smith", "Good evening.", 3.0), ("Bob Ray", "Thanks.", 62.0)]),
    ("Speaker 1 (00:00:03):\nGood evening.\n\nSpeaker 2 (00:01:02):\nThanks.\n",
     [("Speaker 1", "Good evening.", 3.0), ("Speaker 2", "Thanks.", 62.0)]),
    ("Jane Smith: (01:02:03) Good evening.\n", [("Jane Smith", "Good evening.", 3723.0)]),
    # Q/A interviews: the labels are kept
    ("Q: Why now?\nA: Because the money ran out.\nQ: And then?\n",
     [("Q", "Why now?", None), ("A", "Because the money", None), ("Q", "And then?", None)]),
    ("Q: Why now?\nA: Because. A lot of them said: no.\n", [("Q", "Why now?", None), ("A", "Because. A lot of them", None)]),
    # Descript: the name and time in brackets on the label line
    ("Jane Smith (00:00:03): Good evening.\nBob Ray (00:01:02): Thanks.\n",
     [("Jane Smith", "Good evening.", 3.0), ("Bob Ray", "Thanks.", 62.0)]),
    # Happy Scribe and Fireflies style headers: a bare time before the name, a dash before the time
    ("00:00:03 Jane Smith\nGood evening.\n00:01:02 Bob Ray\nThanks.\n",
     [("Jane Smith", "Good evening.", 3.0), ("Bob Ray", "Thanks.", 62.0)]),
    ("Jane Smith - 00:03\nGood evening.\n\nBob Ray - 01:02\nThanks.\n",
     [("Jane Smith", "Good evening.", 3.0), ("Bob Ray", "Thanks.", 62.0)]),
    # a time alone on its line before a label (Google Meet) is timing and the label's start
    ("Jane Smith: Hello.\n00:05:00\nBob Ray: Hi.\n", [("Jane Smith", "Hello.", None), ("Bob Ray", "Hi.", 300.0)]),
    ("Jane Smith: Hello.\n\n00:05:00\n\nMore.\n", [("Jane Smith", "Hello.\n\nMore.", None)]),
    # ... but in the middle of a paragraph it is speech
    ("Jane Smith: we start at\n10:30\nsharp.\n", [("Jane Smith", "we start at 10:30 sharp.", None)]),
    # Teams voice tags pasted into a text file; Fathom-style `0:03 - Name` headers
    ("00:00:01.000 --> 00:00:04.000\n<v Jane Smith>Good evening.</v>\n\n00:00:04.000 --> 00:00:06.000\n<v Bob Ray>Thanks.</v>\n",
     [("Jane Smith", "Good evening.", 1.0), ("Bob Ray", "Thanks.", 4.0)]),
    ("0:03 - Jane Smith\nGood evening.\n1:02 - Bob Ray\nThanks.\n", [("Jane Smith", "Good evening.", 3.0), ("Bob Ray", "Thanks.", 62.0)]),
    # broadcast captions: `>>` marks the change of speaker
    (">> JANE SMITH: Good evening.\n>> BOB RAY: Thanks.\n", [("JANE SMITH", "Good evening.", None), ("BOB RAY", "Thanks.", None)]),
    # Zoom .txt with a tab after the time
    ("00:00:03\tJane Smith: Good evening.\n00:01:02\tBob Ray: Thanks.\n",
     [("Jane Smith", "Good evening.", 3.0), ("Bob Ray", "Thanks.", 62.0)]),
]


@pytest.mark.parametrize(("text", "expected"), _EXPORTS)
def test_export_shapes_give_each_turn_its_speaker_and_start(text, expected):
    result = _check(text, [(speaker, start) for speaker, start, _ in expected])
    assert len(result.turns) == len(expected)
    assert [t.start for t in result.turns] == [time for _, _, time in expected]


def test_q_and_a_are_mapped_through_the_registry_and_never_printed_as_q(tmp_path):
    from pipeline.summary.speakers import display_name

    path = tmp_path / "interview.txt"
    path.write_text("Q: Why now?\nA: Because the money ran out.\n", encoding="utf-8")
    bare = read_transcript(path)
    assert [s.unidentified for s in bare.speakers] == [True, True]
    assert {display_name(s) for s in bare.speakers} == {"an unidentified speaker"}
    (tmp_path / "interview.participants.yaml").write_text("Q: Ann Lee, Reporter\nA: Bob Ray, Treasurer\n", encoding="utf-8")
    named = read_transcript(path)
    assert [turn.speaker for turn in named.turns] == ["Q", "A"]
    assert [(s.attribution, s.unidentified) for s in named.speakers] == [("Ann Lee, Reporter", False), ("Bob Ray, Treasurer", False)]
    assert [display_name(s) for s in named.speakers] == ["Ann Lee", "Bob Ray"]


@pytest.mark.parametrize(
    "label, unidentified",
    [("SPEAKER_02", True), ("Speaker 2", True), ("Unknown", True), ("Unknown Speaker", True), ("Unidentified", True),
     ("Spk_1", True), ("Speaker B", True), ("Q", True), ("A", True), ("UNIDENTIFIED MALE", True), ("Unknown Speaker 2", True), ("Jane Smith", False), ("Speaker Pelosi", False),
     ("PERSON3", False)],
)
def test_unidentified_speakers_are_flagged_and_listed_by_inspect(tmp_path, label, unidentified):
    from pipeline.inspect import inspect_transcript

    path = tmp_path / "m.txt"
    path.write_text(f"{label}: Hello.\nBob Ray: Hi.\n", encoding="utf-8")
    report = inspect_transcript(path)
    assert report["speakers"][0]["unidentified"] is unidentified
    assert report["unidentified"] == ([label] if unidentified else [])


# --- 6. Word: a bold name on its own paragraph or before a tab; PDF ---


def _docx(tmp_path, paragraphs):
    import docx

    document = docx.Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for text, bold in runs:
            paragraph.add_run(text).bold = bold
    path = tmp_path / "m.docx"
    document.save(str(path))
    return read_transcript(path)


@pytest.mark.parametrize(
    "paragraphs, expected",
    [
        ([[("Jane Smith", True)], [("Good evening.", False)], [("Bob Ray", True)], [("Thanks.", False)]],
         [("Jane Smith", "Good evening."), ("Bob Ray", "Thanks.")]),
        ([[("Jane Smith", True), ("\tGood evening.", False)], [("Bob Ray", True), ("\tThanks.", False)]],
         [("Jane Smith", "Good evening."), ("Bob Ray", "Thanks.")]),
        ([[("Jane Smith:", True), (" Good evening.", False)], [("Bob Ray", True), ("\tThanks.", False)]],
         [("Jane Smith", "Good evening."), ("Bob Ray", "Thanks.")]),
        # bold inside speech is emphasis, and a one-word bold paragraph labelling one turn is a heading
        ([[("Jane Smith", True)], [("We must ", False), ("never", True), (" stop.", False)], [("Conclusions", True)],
          [("Agreed.", False)]],
         [("Jane Smith", "We must never stop.\n\nConclusions\n\nAgreed.")]),
        ([[("Jane Smith", True)], [("Good evening.", False)], [("Bob Ray", True), (" and I agree.", False)]],
         [("Jane Smith", "Good evening.\n\nBob Ray and I agree.")]),
    ],
)
def test_docx_bold_names_are_labels(tmp_path, paragraphs, expected):
    transcript = _docx(tmp_path, paragraphs)
    assert [(t.speaker, t.text) for t in transcript.turns] == expected


def _pdf(path, pages):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    with PdfPages(path) as pdf:
        for lines in pages:
            figure = plt.figure(figsize=(8.27, 11.69))
            for index, line in enumerate(lines):
                figure.text(0.1, 0.9 - 0.04 * index, line)
            pdf.savefig(figure)
            plt.close(figure)
    return path


def test_pdf_text_layer_is_read_with_the_label_rules(tmp_path):
    path = _pdf(tmp_path / "m.pdf", [["Jane Smith: Good evening.", "We begin.", "Bob Ray: Thanks.", "Page 1 of 2"],
                                     ["Jane Smith: Next item.", "Page 2 of 2"]])
    transcript = read_transcript(path)
    assert transcript.format == "pdf"
    assert [(t.speaker, t.text) for t in transcript.turns] == [
        ("Jane Smith", "Good evening. We begin."), ("Bob Ray", "Thanks."), ("Jane Smith", "Next item.")
    ]
    assert any("page number" in str(w) for w in transcript.warnings)


def test_a_scanned_pdf_without_text_is_refused(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    figure = plt.figure()
    figure.figimage(np.random.default_rng(0).random((40, 40)))
    figure.savefig(tmp_path / "scan.pdf")
    plt.close(figure)
    with pytest.raises(TranscriptError) as info:
        read_transcript(tmp_path / "scan.pdf")
    assert "no text layer" in str(info.value) and "OCR" in str(info.value)


def test_a_broken_pdf_is_refused(tmp_path):
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    with pytest.raises(TranscriptError) as info:
        read_transcript(tmp_path / "bad.pdf")
    assert info.value.path.endswith("bad.pdf")


@pytest.mark.parametrize(
    "text, line",
    [
        ("Bob Ray\n0:01\nHi.\n\nJane Smith\n0:03\nGood evening.\n\nBob Ray\nThanks.\n", 9),  # Otter header, time lost
        ("Jane Smith: Hi.\nBob Ray: Yes.\nJane Smith\nNo.\n", 3),
        ("Jane Smith: Hi.\nBob Ray: Yes.\n**Jane Smith**\nNo.\n", 3),
    ],
)
def test_a_known_name_alone_inside_a_turn_is_warned_with_its_line(text, line):
    result = read_text_transcript(text, TXT)
    assert [w.line for w in result.warnings if "only the speaker name" in w.message] == [line]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nJane Smith: Hi.\n", 3, "ends before it starts"),
        ("WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nJane Smith: Hi.\n\n00:00:01.000 --> 00:00:02.000\nBob Ray: Yes.\n", 6,
         "times run backwards"),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nJane Smith: Hi.\n\n00:00:02.000 -> 00:00:03.000\nBob Ray: Yes.\n", 6,
         "broken arrow"),
    ],
    ids=["reversed", "backwards-between-cues", "short-arrow"],
)
def test_broken_vtt_is_refused_with_file_and_line(tmp_path, text, line, words):
    path = tmp_path / "x.vtt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TranscriptError) as info:
        read_transcript(path)
    assert info.value.line == line and words in str(info.value) and f"{path}, line {line}" in str(info.value)


def test_overlapping_vtt_cues_of_two_voices_are_read():
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Jane Smith>We should</v>\n\n"
            "00:00:03.000 --> 00:00:05.000\n<v Bob Ray>No.</v>\n")
    assert [(t.speaker, t.text) for t in read_vtt(text, Path("x.vtt")).turns] == [("Jane Smith", "We should"), ("Bob Ray", "No.")]

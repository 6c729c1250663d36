"""Issue 14, "no quote ever goes to the wrong person": label shapes and traps in the text and subtitle readers.

Each case is a small hand-written transcript and the turns it must give, as (speaker, how the text starts).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.readers.text import read_text_transcript

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

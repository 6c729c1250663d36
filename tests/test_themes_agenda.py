"""The chair's agenda moves: the announced subject is read, and names the theme it covers."""

import dataclasses

import pytest

from pipeline.records import Speaker, Transcript, Turn
from pipeline.settings import load_settings
from pipeline.themes import find_themes
from pipeline.themes.agenda import agenda_items, agenda_subject, covering_item, name_words

from .themes_helpers import make_transcript, parse


@pytest.mark.parametrize(
    "sentence, subject",
    [
        ("We've got some questions now on early help and enhanced support from Janet Finch-Saunders.", "early help and enhanced support"),
        ("We move to item six, the bus franchising assessment.", "bus franchising assessment"),
        ("If we can move on to talk about exam results, obviously you made the announcement yesterday.", "exam results"),
        ("We're going to go on now, then, to the questions on higher and further education from Suzy.", "higher and further education"),
        ("Let's talk about the repair backlog and damp.", "repair backlog and damp"),
        ("Bernadette, let's turn to the voluntary sector properly.", "voluntary sector"),  # the adverb ends the move
    ],
)
def test_agenda_subject_is_the_announced_words(sentence, subject):
    assert agenda_subject(sentence, name_words(["Janet Finch-Saunders", "Suzy Davies AM"])) == subject


@pytest.mark.parametrize(
    "sentence",
    [
        "Let's turn to rents.",  # one word is no heading
        "Thank you, Suzy.",
        "I'm going to be very straight and say we should have made more progress.",
        "We'll go on to the honourable member for Calgary Centre.",
        "We've got some questions now from Suzy Davies.",
        "Can we move on to that one?",
        "We'll come to my next question.",
        "Let's move on to somebody else's questions.",
    ],
)
def test_agenda_subject_rejects_what_names_no_subject(sentence):
    assert agenda_subject(sentence, name_words(["Suzy Davies AM"])) is None


def test_covering_item_takes_the_item_holding_most_turns():
    items = agenda_items(
        ["Welcome.", "We've got some questions now on bus routes.", "Yes.", "Fine.", "We move to item two, housing repairs.", "No."],
    )
    assert items == [(1, "bus routes"), (4, "housing repairs")]
    assert covering_item(items, [1, 2, 3, 4], 6) == "bus routes"
    assert covering_item(items, [3, 4, 5], 6) == "housing repairs"
    assert covering_item(items, [0], 6) is None  # before any announcement


def test_a_theme_takes_the_chair_s_words_for_its_subject(nlp):
    base = make_transcript(["libraries", "buses", "housing"], chatter=False)
    turns = list(base.turns)
    announce = {0: "We've got some questions now on library services from Ann.", 6: "We move to item two, rural bus services.", 12: "Let's talk about council housing repairs."}
    for index, text in announce.items():
        turns[index] = dataclasses.replace(turns[index], text=text + " " + turns[index].text)
    transcript = dataclasses.replace(base, turns=tuple(turns))
    settings = load_settings(overrides=["themes.n_themes=3", "themes.stability_seeds=0"]).themes
    result = find_themes(parse(nlp, transcript), settings)
    labels = {theme.label for theme in result.themes}
    assert labels == {"library services", "rural bus services", "council housing repairs"}
    for theme in result.themes:
        assert theme.keywords and theme.label not in theme.keywords  # keywords stay their own field


def test_agenda_subject_never_holds_transcript_tags():
    assert agenda_subject("Let's talk about {disfmarker} can") is None
    assert agenda_subject("Let's talk about the <other_noise/> battery life") is None

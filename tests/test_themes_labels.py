"""Theme labels name something: never a single generic word ("hole", "deal", "petition")."""

import dataclasses

import pytest

from pipeline.settings import Settings
from pipeline.themes import find_themes
from pipeline.themes.labels import phrase_labels
from pipeline.themes.units import Passage

from .conftest import shared_meetings

COMMITTEE = shared_meetings("qmsum/committee")


@pytest.mark.parametrize("path", COMMITTEE, ids=[p.stem for p in COMMITTEE])
def test_no_committee_theme_label_is_a_single_word(path, parse_meeting):
    settings = Settings()
    result = find_themes(parse_meeting(path), settings.themes, seed=settings.seed)
    labels = [theme.label for theme in result.themes]
    assert labels
    for label in labels:
        assert 2 <= len(label.split()) <= 7, labels


def passage(speaker, candidates, position=0):
    return Passage(
        transcript_id="t", position=position, turn_index=position, speaker=speaker, start=0, end=10, n_words=10,
        terms=tuple(key for key, _ in candidates), phrases=tuple(key for key, _ in candidates if " " in key),
        candidates=tuple(candidates),
    )


def test_a_single_noun_takes_a_phrase_that_contains_it():
    group = [
        passage("A", [("meal", "meals"), ("free school meal", "free school meals")], 0),
        passage("B", [("meal", "meals"), ("free school meal", "free school meals")], 1),
        passage("C", [("meal", "meals")], 2),
    ]
    other = [passage("A", [("bus", "bus"), ("bus fare", "bus fares")], 3), passage("B", [("bus", "bus"), ("bus fare", "bus fares")], 4)]
    labels = phrase_labels([group, other])
    assert labels[0] == "free school meals"


def test_a_single_noun_without_a_phrase_is_joined_with_the_next_subject():
    group = [
        passage("A", [("repair", "repairs"), ("damp", "damp")], 0),
        passage("B", [("repair", "repairs"), ("damp", "damp")], 1),
        passage("C", [("repair", "repairs")], 2),
    ]
    other = [passage("A", [("bus", "bus"), ("fare", "fares")], 3), passage("B", [("bus", "bus"), ("fare", "fares")], 4)]
    labels = phrase_labels([group, other])
    assert labels[0] == "repairs and damp"
    assert all(len(label.split()) >= 2 for label in labels)


def test_a_lone_noun_still_gets_two_words():
    labels = phrase_labels([[passage("A", [("library", "library")])]])
    assert len(labels[0].split()) >= 2 and "library" in labels[0]


def test_the_first_subject_is_the_noun_most_passages_use_not_the_rarest():
    # "remote control" runs through the whole stretch; "joystick" is what only this stretch has
    group = [
        passage("A", [("control", "control"), ("remote control", "remote control"), ("joystick", "joystick")], 0),
        passage("B", [("control", "control"), ("remote control", "remote control"), ("joystick", "joystick")], 1),
        passage("C", [("control", "control"), ("button", "buttons")], 2),
    ]
    other = [
        passage("A", [("control", "control"), ("remote control", "remote control"), ("button", "buttons")], 3),
        passage("B", [("control", "control"), ("price", "price")], 4),
        passage("C", [("control", "control"), ("price", "price")], 5),
    ]
    labels = phrase_labels([group, other])
    assert labels[0] == "remote control and joystick"
    assert labels[1].startswith("control and price") or labels[1] == "remote control and price"


def test_a_generic_noun_or_a_speakers_label_is_never_a_subject():
    group = [
        passage("Industrial Designer", [("people", "people"), ("industrial designer", "Industrial Designer"), ("designer", "designer"), ("battery", "batteries"), ("solar cell", "solar cells"), ("cell", "cells")], 0),
        passage("Marketing", [("people", "people"), ("industrial designer", "Industrial Designer"), ("designer", "designer"), ("battery", "batteries"), ("solar cell", "solar cells"), ("cell", "cells")], 1),
        passage("Marketing", [("people", "people"), ("designer", "designer")], 2),
    ]
    label = phrase_labels([group])[0]
    assert "people" not in label.split() and "Industrial Designer" not in label
    assert 2 <= len(label.split()) <= 6


def test_a_stretch_that_speaks_of_its_presentation_is_labelled_as_one():
    def presenting(position, words):
        return dataclasses.replace(
            passage("A", [("battery", "batteries"), ("chip", "chips")], position), lemmas=tuple(words)
        )

    group = [presenting(0, ["my", "presentation", "be", "on", "battery"]), presenting(1, ["next", "slide"]), presenting(2, ["chip"])]
    assert phrase_labels([group])[0] == "Presentation on batteries and chips"
    # one mention is not a presentation
    once = [presenting(0, ["my", "presentation"]), presenting(1, ["chip"]), presenting(2, ["chip"])]
    assert not phrase_labels([once])[0].startswith("Presentation")


def test_labels_never_exceed_six_words():
    words = [("assessment", "assessment"), ("bus franchising assessment", "bus franchising assessment"), ("franchising", "franchising")]
    group = [dataclasses.replace(passage(s, words, i), lemmas=("presentation",)) for i, s in enumerate("ABC")]
    label = phrase_labels([group])[0]
    assert 2 <= len(label.split()) <= 6, label

"""Theme labels name something: never a single generic word ("hole", "deal", "petition")."""

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

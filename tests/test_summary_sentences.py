import re

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from pipeline.summary.sentences import clean_reading, split_sentences

from .conftest import shared_meetings
from .quotes_helpers import make_parsed

_WORD = re.compile(r"[\w']+")


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    remaining = iter(long)
    return all(word in remaining for word in short)


@pytest.mark.parametrize(
    "verbatim, expected",
    [
        ("Okay Right {vocalsound} Um well this is the kick-off meeting for our our project .",
         "Okay Right well this is the kick-off meeting for our project."),
        ("she 'll {disfmarker} she 'll learn @ @ .", "She'll learn."),
        ("I do n't know what it is [Laughter.]", "I don't know what it is."),
        ("Um , I think that uh the the budget is twelve fifty .", "I think that the budget is twelve fifty."),
        ("We need buses, not promises,", "We need buses, not promises."),
    ],
)
def test_clean_reading_drops_markup_fillers_and_stutters(verbatim, expected):
    assert clean_reading(verbatim) == expected


_TOKENS = st.lists(
    st.sampled_from(["the", "the", "budget", "um", "uh", "{vocalsound}", "[Laughter.]", ",", ".", "we'll", "cut", "£52", "mm"]),
    max_size=25,
)


@hsettings(max_examples=200, deadline=None)
@given(_TOKENS)
def test_clean_reading_only_ever_removes_words(tokens):
    verbatim = " ".join(tokens)
    cleaned = clean_reading(verbatim)
    assert _is_subsequence([w.lower() for w in _WORD.findall(cleaned)], [w.lower() for w in _WORD.findall(verbatim)])


def test_sentences_keep_their_place_in_the_transcript(parse_meeting):
    parsed = parse_meeting(shared_meetings("qmsum/ami")[0])
    sentences = split_sentences(parsed)
    assert sentences and [s.position for s in sentences] == list(range(len(sentences)))
    for sentence in sentences:
        turn = parsed.transcript.turns[sentence.turn_index]
        assert turn.text[sentence.start : sentence.end] == sentence.verbatim
        assert sentence.speaker == turn.speaker
        assert sentence.n_words == len(sentence.text.split())


def test_content_lemmas_leave_out_talk_words(nlp):
    parsed = make_parsed(nlp, [("A", "Yeah, um, I think we basically need a cheaper remote control.")])
    (sentence,) = split_sentences(parsed)
    assert {"remote", "control", "cheap"} <= set(sentence.lemmas)
    assert not {"yeah", "um", "think", "basically"} & set(sentence.lemmas)

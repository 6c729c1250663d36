"""The brief's sentences stand alone in print: over hand-made turns, and over the 24 committee meetings."""

import re

import pytest

from pipeline.procedural import is_procedural
from pipeline.settings import SummarySettings
from pipeline.summary.brief import can_stand_alone, is_candidate, is_procedural_line, opens_badly, summarise_brief
from pipeline.summary.sentences import clean_reading, is_question, split_sentences

from .conftest import shared_meetings
from .quotes_helpers import make_parsed

CONNECTIVES = {"and", "but", "so", "because"}
REPLIES = {"yes", "yeah", "well"}


@pytest.mark.parametrize(
    "text, bad",
    [
        ("And the council cut the bus budget by half.", True),
        ("But the council cut the bus budget by half.", True),
        ("So, the council cut the bus budget by half.", True),
        ("Because the council cut the bus budget by half.", True),
        ("Yes, the council cut the bus budget by half.", True),
        ("Well the council cut the bus budget by half.", True),
        ("No, the council cut the bus budget by half.", True),
        ("No we cut the bus budget by half last year.", True),
        ("No council can cut the bus budget by half.", False),
        ("The council cut the bus budget by half.", False),
        ("Sofia Reyes cut the bus budget by half.", False),
        ("Right, well so just to wrap up the next meeting is in thirty minutes.", True),
        ("Now, the council cut the bus budget by half.", True),
        ("Right now the council is cutting the bus budget by half.", False),
        ("Like many councils, we cut the bus budget by half.", False),
    ],
)
def test_opening_words_that_need_the_sentence_before(text, bad):
    assert opens_badly(text) is bad


def test_questions_with_and_without_their_mark():
    assert is_question("Do you think the council has enough money for the roads.")
    assert is_question("The budget is what, exactly?")
    assert not is_question("The council has enough money for the roads.")
    assert not is_question("What we need is a network plan for the whole county.")  # a statement
    # a question put as a statement of asking
    assert is_question("If I can just start and ask you if you're satisfied with the progress since 2015.")
    assert is_question("I wanted to ask about the budget for the schools in the county.")
    assert not is_question("I asked the council for the money in March and we still wait.")
    assert not is_question("If I can help the council with the roads, I will do it.")


def test_a_line_about_having_questions_is_procedural_but_one_about_having_schools_is_not():
    assert is_procedural_line("We've got some questions now from Suzy on implementation.")
    assert not is_procedural_line("We have got a number of schools that need the money now.")


def test_bare_references_and_fragments_cannot_stand_alone(nlp):
    turns = [
        ("A", "The county council cut the rural bus budget by half in 2023."),
        ("B", "That is why villages like Low Ashby lost their last bus."),
        ("B", "It was cut without any consultation with the parish councils."),
        ("B", "This council has published its network plan for every village."),
        ("C", "Fares went up twice."),
    ]
    by_turn = {s.turn_index: s for s in split_sentences(make_parsed(nlp, turns))}
    assert can_stand_alone(by_turn[0])
    assert by_turn[1].bare_reference and not can_stand_alone(by_turn[1])
    assert by_turn[2].bare_reference and not can_stand_alone(by_turn[2])
    assert not by_turn[3].bare_reference and can_stand_alone(by_turn[3])  # "This council": a determiner
    assert not can_stand_alone(by_turn[4])  # four words


def _first_tokens(doc, start, end):
    span = doc.char_span(start, end, alignment_mode="expand")
    return [t for t in span if not t.is_punct and not t.is_space]


@pytest.mark.parametrize(
    "text",
    [
        "Honourable members, I call this meeting to order.",
        "Prime Minister to take the floor.",
        "Mr.Paul-Hus, you have time to ask a 15-second question.",
        "Should members participating by video conference need to request the floor, they should unmute.",
        "We're going to go on now, then, to the questions on higher and further education from Suzy Davies.",
        "Mr. Chair, I thank the honourable member for the question.",
        "Now we'll proceed to Statements by Members for a period not exceeding 15 minutes.",
        "Mr. Scheer, you may have a short question.",
        "We will move on then to our evidence session on our inquiry into the impact of Brexit on higher education.",
        "We've got some questions now on early help and enhanced support from Janet Finch-Saunders.",
        "Dawn, before you ask your final question, I've got a couple of supplementaries—firstly from Suzy.",
        "I'll be splitting my time with my colleague, the member for LondonFanshawe.",
    ],
)
def test_procedural_lines_behind_a_form_of_address_or_about_the_floor(text):
    assert is_procedural_line(text)


def _check_print_rules(parsed, sentence, text):
    assert not is_procedural(text) and not is_procedural_line(text), text
    assert "?" not in text, text
    assert len(text.split()) >= 6, text
    words = re.findall(r"[\w'’-]+", text.lower())
    assert words[0] not in CONNECTIVES and words[0] not in REPLIES, text
    assert not (words[0] == "no" and re.match(r"\W*no\s*[,.!]", text, re.IGNORECASE)), text
    tokens = _first_tokens(parsed.docs[sentence.turn_index], sentence.start, sentence.end)
    tokens = [t for t in tokens if t.lower_ not in {"um", "uh", "er", "erm"}]
    assert not (
        tokens[0].lower_ in {"that", "this", "it"} and len(tokens) > 1 and tokens[1].pos_ in ("VERB", "AUX")
    ), text


@pytest.mark.slow
@pytest.mark.parametrize("path", shared_meetings("qmsum/committee"), ids=lambda p: p.stem)
def test_committee_briefs_obey_the_print_rules(parse_meeting, path):
    """The brief itself, and every sentence the brief could choose (with or without themes)."""
    parsed = parse_meeting(path)
    brief = summarise_brief(parsed, SummarySettings(preset="full"))
    assert brief.sentences, path.stem
    for sentence in brief.sentences:
        turn = parsed.transcript.turns[sentence.turn_index]
        # verbatim at its offsets, and the printed text is its clean reading (words only removed)
        assert turn.text[sentence.start : sentence.end] == sentence.verbatim
        assert sentence.text == clean_reading(sentence.verbatim)
        assert sentence.sources == (sentence.turn_index,) and sentence.speaker == turn.speaker
        _check_print_rules(parsed, sentence, sentence.text)
    min_words = SummarySettings().resolved().min_sentence_words
    for sentence in split_sentences(parsed):
        if is_candidate(sentence, min_words):
            _check_print_rules(parsed, sentence, sentence.text)

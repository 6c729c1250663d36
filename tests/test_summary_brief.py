import pytest

from pipeline.procedural import is_backchannel, is_procedural
from pipeline.settings import SummarySettings
from pipeline.summary.brief import BriefOptions, select_sentences, summarise_brief, theme_turn_groups
from pipeline.summary.sentences import split_sentences

from .conftest import shared_meetings
from .quotes_helpers import make_parsed

MEETINGS = [shared_meetings("qmsum/ami")[0], shared_meetings("qmsum/committee")[0]]


@pytest.fixture(scope="module", params=MEETINGS, ids=lambda p: p.stem)
def meeting(request, parse_meeting):
    return parse_meeting(request.param)


@pytest.mark.parametrize("budget", [20, 60, 120, 300])
def test_brief_never_exceeds_its_budget(meeting, budget):
    brief = summarise_brief(meeting, SummarySettings(brief_words=budget))
    assert brief.budget == budget
    assert 0 < brief.n_words <= budget
    assert brief.n_words == len(brief.text.split())


def test_brief_is_in_meeting_order_and_verbatim_at_its_offsets(meeting):
    brief = summarise_brief(meeting, SummarySettings())
    places = [(s.turn_index, s.start) for s in brief.sentences]
    assert places == sorted(places) and len(set(places)) == len(places)
    for sentence in brief.sentences:
        turn = meeting.transcript.turns[sentence.turn_index]
        assert sentence.kind == "extract"
        assert sentence.sources == (sentence.turn_index,)
        assert sentence.speaker == turn.speaker
        assert turn.text[sentence.start : sentence.end] == sentence.verbatim


def test_brief_leaves_out_procedural_and_backchannel_sentences(meeting):
    sentences = {(s.turn_index, s.start): s for s in split_sentences(meeting)}
    for brief_sentence in summarise_brief(meeting, SummarySettings(preset="full")).sentences:
        assert not is_backchannel(brief_sentence.text)
        sentence = sentences[(brief_sentence.turn_index, brief_sentence.start)]
        # Not even an agenda line ("Item 2 is an evidence session with ...") is printed.
        assert not is_procedural(brief_sentence.text)
        assert sentence.n_words >= SummarySettings().resolved().min_sentence_words


def test_brief_is_deterministic(meeting):
    assert summarise_brief(meeting, SummarySettings()) == summarise_brief(meeting, SummarySettings())


def test_brief_draws_on_the_whole_meeting(meeting):
    brief = summarise_brief(meeting, SummarySettings(brief_words=200))
    n_turns = len(meeting.transcript.turns)
    turns = [s.turn_index for s in brief.sentences]
    assert min(turns) < n_turns / 3 and max(turns) > 2 * n_turns / 3


def test_themes_partition_the_meeting_for_coverage(meeting):
    n_turns = len(meeting.transcript.turns)
    themes = [{"id": "a", "turn_indices": list(range(n_turns // 2))}, {"id": "b", "turn_indices": list(range(n_turns // 2, n_turns))}]
    groups = theme_turn_groups(themes)
    assert groups[0] == 0 and groups[n_turns - 1] == 1
    brief = summarise_brief(meeting, SummarySettings(brief_words=80), themes=themes)
    halves = {s.turn_index >= n_turns // 2 for s in brief.sentences}
    assert halves == {True, False}


def test_procedural_only_meeting_gives_an_empty_brief(nlp):
    parsed = make_parsed(nlp, [("Chair", "Good morning, everyone."), ("A", "Thank you, Chair."), ("B", "Mm-hmm.")])
    brief = summarise_brief(parsed, SummarySettings())
    assert brief.sentences == () and brief.text == ""


def test_a_sentence_longer_than_the_budget_is_skipped_not_cut(nlp):
    long = " ".join(f"The council will spend money on library number {n}." for n in range(6)).replace(".", ",")
    short = "Residents want the library to open on Sundays as well as Saturdays."
    parsed = make_parsed(nlp, [("A", long), ("B", short)])
    brief = summarise_brief(parsed, SummarySettings(brief_words=20))
    assert [s.text for s in brief.sentences] == [short]


def test_redundant_sentences_are_not_both_chosen(nlp):
    said = "The new bus franchising scheme will cost the council eighteen million pounds."
    turns = [
        ("A", said),
        ("B", said),
        ("C", "Rural villages lost their last evening bus service in the spring."),
        ("D", "Parents worry about school transport fares rising again next year."),
    ]
    chosen = select_sentences(split_sentences(make_parsed(nlp, turns)), 40, options=BriefOptions(opening_weight=0.0))
    assert sum(1 for s in chosen if s.text == said) <= 1


def test_a_sentence_the_charged_costs_leave_out_still_goes_in_when_the_printed_brief_has_room(nlp):
    # Charged: 10 + "Ann Lee" + "told the meeting:" = 15, then 7 + "Ann Lee added:" = 10: 25 > 22 words. Printed,
    # the two consecutive sentences share one frame: "Ann Lee said: “...”" is 20 words.
    first = "The council will spend twelve million pounds on new libraries."
    second = "Residents want every library open on Sundays."
    parsed = make_parsed(nlp, [("Ann Lee", f"{first} {second}")])
    brief = summarise_brief(parsed, SummarySettings(brief_words=22))
    assert [s.text for s in brief.sentences] == [first, second]
    assert brief.n_words == 20 <= brief.budget
    charged_only = summarise_brief(parsed, SummarySettings(brief_words=22), options=BriefOptions(max_fit_attempts=0))
    assert len(charged_only.sentences) == 1


def test_is_procedural_is_remembered_and_gives_the_same_answers():
    """The quote, theme and summary steps ask it of the same sentences: asked again, it answers from memory."""
    is_procedural.cache_clear()
    sentences = ["Thank you, Chair.", "The levy raised £40m last year.", "Okay.", ""]
    first = [is_procedural(s) for s in sentences]
    assert first == [True, False, True, True]
    assert [is_procedural(s) for s in sentences] == first
    assert is_procedural.cache_info().hits == len(sentences)

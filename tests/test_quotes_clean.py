"""The clean reading of a quote: only fillers, stutters, fragments and markup are cut; nothing else changes."""

import pytest
from hypothesis import given, settings as hsettings
from hypothesis import strategies as st

from pipeline.quotes.clean import ELLIPSIS, clean_quote, is_faithful


@pytest.mark.parametrize(
    "verbatim, expected",
    [
        # the brief's own case: stutters collapse silently, a filler inside the clause becomes an ellipsis
        ("I I think we we have to, um, stop.", "I think we have to stop."),
        ("we have to {disfmarker} stop.", "We have to … stop."),
        # a leading filler just disappears (no ellipsis, no capital added)
        ("Um, we have to stop.", "We have to stop."),
        ("Uh we have to stop.", "We have to stop."),
        # a trailing filler disappears with its comma
        ("we have to stop, you know.", "We have to stop."),
        ("It is a problem, uh.", "It is a problem."),
        # "you know" set off by commas is a filler; as a verb phrase it stays
        ("You know, I think it is, you know, hard.", "I think it is hard."),
        ("You know what, we should go.", "You know what, we should go."),
        ("You know that we cannot wait.", "You know that we cannot wait."),
        ("as you know, it is fine.", "As you know, it is fine."),
        ("Do you know, Chair, whether it works?", "Do you know, Chair, whether it works?"),
        # repetitions of up to four words, across a {disfmarker}; the first copy is kept
        ("So you could {disfmarker} you could have some other {disfmarker} other tag.", "So you could have some other tag."),
        ("We we have to go.", "We have to go."),
        ("It is, it is a problem.", "It is a problem."),
        ("the, um, the cost is high.", "The cost is high."),
        # meant repetitions stay
        ("We will never, never give up.", "We will never, never give up."),
        ("It is very, very important.", "It is very, very important."),
        ("I think that that is wrong.", "I think that that is wrong."),
        # fragments restarted at once disappear
        ("We did th- the work.", "We did the work."),
        ("It 's g great .", "It's great."),
        ("I don't want that , no .", "I don't want that, no."),
        ("You just have to know wha what to tie it to.", "You just have to know what to tie it to."),
        # markup of every kind goes; de-identification placeholders are words and stay
        ("We agreed <other_noise/> yesterday [laughter] with [PERSON3].", "We agreed yesterday with [PERSON3]."),
        ("That was {vocalsound} fine (Laughter).", "That was fine."),
        # an interruption mark inside a clause is shown
        ("I think the {disfmarker} we should go.", "I think the … we should go."),
        # a filler after a leading interjection is not mid-clause
        ("Okay, um, we need to decide.", "Okay, we need to decide."),
        # a sentence-initial filler inside a span disappears; case is never changed
        ("We have to stop. Um, the old models fail.", "We have to stop. The old models fail."),
        # capitals "ER"/"UM" are acronyms
        ("The ER was full.", "The ER was full."),
        # whitespace runs become one space
        ("We  have\n\nto go.", "We have to go."),
        ("We need @ @ the data .", "We need the data."),
        ("", ""),
    ],
)
def test_clean_reading(verbatim, expected):
    clean = clean_quote(verbatim)
    assert clean.text == expected
    assert is_faithful(clean.text, verbatim)


def test_removals_point_into_verbatim_and_say_what_was_cut():
    verbatim = "I I think we we have to, um, stop."
    clean = clean_quote(verbatim)
    assert [(r.kind, r.marked) for r in clean.removals] == [
        ("repetition", False),
        ("repetition", False),
        ("filler", False),  # a filler taken out is not marked with "…"
    ]
    for removal in clean.removals:
        assert verbatim[removal.start : removal.end] == removal.text
    assert clean.n_ellipses == 0
    assert clean.n_removed_words == 3
    assert clean.n_words == 6


def test_nothing_to_clean_gives_the_verbatim_back():
    verbatim = "If we really want to see change we have to stop buying the old models."
    clean = clean_quote(verbatim)
    assert clean.text == verbatim and clean.removals == () and clean.n_ellipses == 0


def test_ellipsis_is_one_character_and_never_three_dots():
    assert ELLIPSIS == "\u2026"
    assert "..." not in clean_quote("we have to, um, stop.").text


def test_is_faithful_rejects_added_or_changed_characters():
    assert is_faithful("we have … stop.", "we have to, um, stop.")
    assert is_faithful("We have to stop.", "we have to stop.")  # a sentence opening is capitalised
    assert not is_faithful("we Have to stop.", "we have to stop.")  # a changed capital
    assert not is_faithful("we have to stop now.", "we have to stop.")  # an added word


_words = st.sampled_from(
    "we have to stop the old models um uh you know I I think , . {vocalsound} [laughter] th- g great very".split()
)


@hsettings(max_examples=300, deadline=None)
@given(st.lists(_words, max_size=25))
def test_clean_reading_only_ever_removes(words):
    verbatim = " ".join(words)
    clean = clean_quote(verbatim)
    assert is_faithful(clean.text, verbatim)
    for removal in clean.removals:
        assert verbatim[removal.start : removal.end] == removal.text


@hsettings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_clean_reading_never_fails_on_garbage(text):
    clean = clean_quote(text)
    assert is_faithful(clean.text, text)


@pytest.mark.parametrize(
    "verbatim",
    ["we have to, um, stop buying them.", "I think, uh, the money is there.", "you know, the, er, the speed is not."],
)
def test_a_removed_filler_is_not_marked_and_the_reading_opens_with_a_capital(verbatim):
    clean = clean_quote(verbatim)
    assert "…" not in clean.text and clean.n_ellipses == 0
    assert clean.text[0].isupper()
    assert is_faithful(clean.text, verbatim)


def test_a_candidate_reads_with_a_capital_but_keeps_its_verbatim(nlp):
    from tests.quotes_helpers import make_parsed
    from pipeline.quotes import extract_quotes
    from pipeline.settings import QuoteSettings

    text = "um, we have to stop buying the old models because they fail every single winter."
    parsed = make_parsed(nlp, [("Ana", text)])
    (quote,) = extract_quotes(parsed, QuoteSettings(min_words=3))
    assert quote.text[0].isupper() and quote.text.startswith("We have")
    assert quote.verbatim == text[quote.char_start : quote.char_end] and quote.verbatim[0].islower()

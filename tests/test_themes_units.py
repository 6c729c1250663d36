"""Passages: cut from the existing parse, procedural chatter out, spans exact."""

import pytest

from pipeline.procedural import is_procedural
from pipeline.records import Speaker, Transcript, Turn
from pipeline.themes.units import extract_passages, passage_text

from .themes_helpers import make_transcript, parse


@pytest.fixture(scope="module")
def parsed(nlp):
    return parse(nlp, make_transcript(["libraries", "buses"]))


def test_passages_keep_exact_spans_and_provenance(parsed):
    passages = extract_passages(parsed)
    assert passages
    for position, passage in enumerate(passages):
        turn = parsed.transcript.turns[passage.turn_index]
        assert passage.position == position
        assert passage.speaker == turn.speaker
        assert passage_text(parsed, passage) == turn.text[passage.start : passage.end]
        assert passage.n_words == len(passage_text(parsed, passage).split())


def test_procedural_sentences_and_backchannels_are_left_out(parsed):
    passages = extract_passages(parsed)
    texts = [passage_text(parsed, p) for p in passages]
    assert not any(text.startswith("Thank you, Chair") for text in texts)
    assert not any(parsed.transcript.turns[p.turn_index].speaker == "Chair" for p in passages)
    for passage in passages:
        doc = parsed.docs[passage.turn_index]
        for sentence in doc.char_span(passage.start, passage.end, alignment_mode="expand").sents:
            assert not is_procedural(sentence.text)


@pytest.mark.parametrize("target", [15, 40, 120])
def test_passages_group_sentences_to_the_target_length(parsed, target):
    passages = extract_passages(parsed, target_words=target, min_words=1)
    by_turn = {}
    for passage in passages:
        by_turn.setdefault(passage.turn_index, []).append(passage)
    for group in by_turn.values():
        # every passage but a turn's last reached the target before it was cut
        assert all(p.n_words >= target for p in group[:-1])
        # passages of a turn do not overlap and keep reading order
        assert all(a.end <= b.start for a, b in zip(group, group[1:]))


def test_passages_carry_lemmas_noun_chunks_and_label_candidates(parsed):
    passages = extract_passages(parsed)
    terms = {t for p in passages for t in p.terms}
    phrases = {ph for p in passages for ph in p.phrases}
    assert {"library", "fare"} <= terms
    assert "the" not in terms and "think" not in terms
    assert any(" " in phrase for phrase in phrases)
    assert all(key and surface for p in passages for key, surface in p.candidates)


def test_a_meeting_of_only_chatter_has_no_passages(nlp):
    turns = (Turn(0, "Chair", "Good morning, everyone."), Turn(1, "Ann", "Thank you, Chair."), Turn(2, "Bob", "Okay."))
    transcript = Transcript(id="chatter", title="chatter", turns=turns, speakers=(Speaker("Chair"), Speaker("Ann"), Speaker("Bob")))
    assert extract_passages(parse(nlp, transcript)) == []

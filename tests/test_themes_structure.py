"""Structural cues of a meeting: the chair's agenda moves as cuts, and its opening and close as stretches
of procedure that are named as such and left out of the themes."""

import pytest

from pipeline.records import Speaker, Transcript, Turn
from pipeline.settings import load_settings
from pipeline.themes import find_themes
from pipeline.themes.model import ThemeModel
from pipeline.themes.procedure import CLOSE, INTRODUCTIONS, closes_meeting, opens_meeting, procedure_stretches
from pipeline.themes.units import Passage, extract_passages

from .themes_helpers import make_transcript, parse

BLOCKS = {"a": ("bus", "route", "fare"), "b": ("rent", "tenant", "landlord"), "c": ("school", "pupil", "teacher")}


def passage(position: int, terms: tuple[str, ...], agenda_item: int) -> Passage:
    return Passage(
        transcript_id="made-up", position=position, turn_index=position, speaker="S", start=0, end=1,
        n_words=20, terms=terms, phrases=(), candidates=(), agenda_item=agenda_item,
    )


def three_blocks(move_at: int) -> list[Passage]:
    """Ten passages on each of three subjects; the last two of the first lean on the second's word
    "rent" as well; the chair announces a subject at `move_at` and at 20."""
    passages = []
    for position in range(30):
        block = "abc"[position // 10]
        terms = BLOCKS[block] + (("rent",) if position in (8, 9) else ())
        item = -1 if position < move_at else (0 if position < 20 else 1)
        passages.append(passage(position, terms, item))
    return passages


def first_cut(passages: list[Passage], weight: float) -> int:
    stretches = ThemeModel(n_themes=3, agenda_weight=weight).fit_assignments([passages])[0].stretches
    return int(next(i for i in range(1, len(stretches)) if stretches[i] != stretches[i - 1]))


def test_an_agenda_move_pulls_a_nearby_cut_to_itself():
    passages = three_blocks(move_at=8)
    assert first_cut(passages, 0.0) == 10  # words alone: the two leaning passages stay with their subject
    assert first_cut(passages, 4.0) == 8  # the chair said the next subject starts there


def test_an_agenda_move_does_not_override_a_clear_change_of_words():
    assert first_cut(three_blocks(move_at=4), 1.0) == 10


def test_passages_carry_the_last_agenda_move(nlp):
    turns = [
        Turn(index=0, speaker="Chair", text="Welcome, everyone. The buses have been late all winter and the routes are too long."),
        Turn(index=1, speaker="Ann", text="The bus routes in the valleys have been cut twice since the spring timetable."),
        Turn(index=2, speaker="Chair", text="We move to item two, housing repairs. What is the backlog of damp and mould cases?"),
        Turn(index=3, speaker="Ben", text="The repair backlog is three thousand homes with damp and mould in the county."),
    ]
    transcript = Transcript(id="t", title="t", turns=tuple(turns), speakers=tuple(Speaker(label=s) for s in ("Ann", "Ben", "Chair")))
    items = {p.turn_index: p.agenda_item for p in extract_passages(parse(nlp, transcript))}
    assert items[0] == items[1] == -1 and items[2] == items[3] == 0


@pytest.mark.parametrize(
    "text",
    [
        "Good morning, everyone. Welcome to the Children, Young People and Education Committee.",
        "Okay. We'll call this meeting to order.",
        "We've received apologies for absence from Suzy Davies.",
        "Hello. Could I ask the witnesses to introduce themselves for the record?",
    ],
)
def test_opening_moves_are_recognised(text):
    assert opens_meeting(text)


@pytest.mark.parametrize(
    "text",
    [
        "Okay, item 3 is papers to note. Paper to note 1 is a letter from the Minister.",
        "Thank you all for attending this morning. You will be sent a transcript.",
        "The meeting is adjourned.",
        "Well, we've come to the end of our time.",
    ],
)
def test_closing_moves_are_recognised(text):
    assert closes_meeting(text)


@pytest.mark.parametrize("text", ["The welcome pack for new tenants was late.", "We adjusted the bus fares in the spring."])
def test_talk_is_neither_opening_nor_close(text):
    assert not opens_meeting(text) and not closes_meeting(text)


def test_procedure_stretches_take_the_welcome_and_the_closing_business():
    texts = ["Good morning, everyone. Welcome to the committee."] + ["Talk about buses."] * 40
    texts += ["Thank you very much.", "Thanks.", "Okay, item 4 is papers to note."]
    substantive = set(range(1, 41))
    opening, close = procedure_stretches(texts, substantive)
    assert (opening.id, opening.label, opening.first_turn, opening.last_turn) == ("P1", INTRODUCTIONS, 0, 0)
    assert (close.id, close.label, close.first_turn, close.last_turn) == ("P2", CLOSE, 41, 43)


def test_procedure_stretches_need_talk_left_over_and_stay_short():
    assert procedure_stretches(["Welcome, everyone.", "The meeting is adjourned."], {0, 1}) == ()
    texts = ["Welcome, everyone."] * 30 + ["Talk about buses."] * 10
    (opening,) = procedure_stretches(texts, set(range(40)))
    assert opening.last_turn == 3  # at most a tenth of the turns


def test_the_opening_and_close_map_to_their_own_ids_and_no_theme(nlp):
    base = make_transcript(["libraries", "buses", "housing"], chatter=False)
    welcome = Turn(index=0, speaker="Chair", text="Good morning, everyone. Welcome to the committee. We've received no apologies.")
    close = Turn(index=len(base.turns) + 1, speaker="Chair", text="Thank you all for attending. The meeting is adjourned.")
    body = tuple(Turn(index=t.index + 1, speaker=t.speaker, text=t.text) for t in base.turns)
    transcript = Transcript(id=base.id, title=base.title, turns=(welcome,) + body + (close,), speakers=base.speakers + (Speaker(label="Chair"),))
    result = find_themes(parse(nlp, transcript), load_settings(overrides=["themes.stability_seeds=0"]).themes)
    assert [(s.label, s.first_turn, s.last_turn) for s in result.procedure] == [(INTRODUCTIONS, 0, 0), (CLOSE, close.index, close.index)]
    assert result.turn_themes[0] == "P1" and result.turn_themes[-1] == "P2"
    assert all(0 not in t.turn_indices and close.index not in t.turn_indices for t in result.themes)
    assert result.info_dict()["procedure"][0] == {"id": "P1", "label": INTRODUCTIONS, "first_turn": 0, "last_turn": 0}



def test_cues_move_the_cuts_but_the_words_choose_how_many():
    import numpy as np

    from pipeline.themes.segment import choose_segments, stretch_costs

    rows = np.repeat(np.eye(3), 10, axis=0)  # three clear subjects of ten rows
    cost = stretch_costs(rows)
    cued = cost.copy()
    cued[[5, 15, 25], :] -= 3.0  # cues inside every subject
    plain, _ = choose_segments(cost, "auto", low=1, high=6, min_ratio=0.5)
    moved, _ = choose_segments(cost, "auto", low=1, high=6, min_ratio=0.5, cut_cost=cued)
    assert plain.labels.max() == moved.labels.max() == 2
    assert list(np.flatnonzero(np.diff(plain.labels))) == [9, 19]

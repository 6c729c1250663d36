"""Finding themes in one meeting: deterministic, counted honestly, seeded by a codebook, readable."""

import json
from pathlib import Path

import jsonschema
import pytest

from pipeline.records import Speaker, Transcript, Turn
from pipeline.settings import load_settings
from pipeline.themes import find_themes
from pipeline.themes.model import ThemeModel
from pipeline.themes.units import extract_passages

from .themes_helpers import PLANTED, make_transcript, parse

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "pipeline" / "schema" / "report.schema.json").read_text())
CODEBOOK = 'themes.codebook={"councils and the third sector" = ["charity", "volunteer", "third sector"]}'


def themes_settings(*overrides):
    return load_settings(overrides=list(overrides)).themes


@pytest.fixture(scope="module")
def four_blocks(nlp):
    return parse(nlp, make_transcript(["libraries", "buses", "housing", "libraries"]))


@pytest.fixture(scope="module")
def planted(nlp):
    return parse(nlp, make_transcript(["libraries", "buses", "housing"], planted_every=4, tid="planted"))


def check_totals(result):
    total = sum(t.share for t in result.themes + result.new_themes) + result.unassigned_share
    assert total == pytest.approx(1.0, abs=0.002)
    assert sum(t.n_words for t in result.themes + result.new_themes) + result.unassigned_words == result.n_words
    seen = [turn for theme in result.themes + result.new_themes for turn in theme.turn_indices]
    assert len(seen) == len(set(seen)), "a turn has at most one main theme"
    for theme in result.themes:
        for turn in theme.turn_indices:
            assert result.turn_themes[turn] == theme.id


def test_same_seed_gives_identical_themes(four_blocks):
    settings = themes_settings()
    first = find_themes(four_blocks, settings, seed=3)
    second = find_themes(four_blocks, settings, seed=3)
    assert [t.to_dict() for t in first.themes] == [t.to_dict() for t in second.themes]
    assert first.info_dict() == second.info_dict()
    assert first.stability is not None and 0 <= first.stability <= 1


def test_fitting_twice_gives_the_same_model(four_blocks):
    passages = extract_passages(four_blocks)
    model = ThemeModel(n_themes=3)
    first = model.fit([passages]).training_assignments_[0].labels.copy()
    second = model.fit([passages]).training_assignments_[0].labels
    assert (first == second).all()
    assert ThemeModel(n_themes=3).get_params()["n_themes"] == 3


@pytest.mark.parametrize("n_themes", [2, 3, 4])
def test_a_fixed_number_of_themes_is_kept(four_blocks, n_themes):
    result = find_themes(four_blocks, themes_settings(f"themes.n_themes={n_themes}", "themes.stability_seeds=0"))
    assert len(result.themes) == n_themes
    assert result.n_themes_setting == str(n_themes)
    check_totals(result)


def test_auto_chooses_within_its_bounds(four_blocks):
    result = find_themes(four_blocks, themes_settings("themes.min_themes=2", "themes.max_themes=5", "themes.stability_seeds=0"))
    assert 2 <= len(result.themes) <= 5
    assert result.n_themes_setting == "auto"
    check_totals(result)


def test_themes_follow_the_subjects_of_the_meeting(four_blocks):
    result = find_themes(four_blocks, themes_settings("themes.n_themes=3", "themes.stability_seeds=0"))
    turns = four_blocks.transcript.turns
    for theme in result.themes:
        words = " ".join(turns[i].text for i in theme.turn_indices)
        # each theme is mostly one subject: its keywords come from one word list
        assert theme.keywords
        assert theme.speakers and theme.speakers[0].share >= theme.speakers[-1].share
        assert theme.stretches and theme.stretches[0].first_turn <= theme.stretches[-1].last_turn
        assert words


def test_talk_that_fits_no_theme_is_reported_not_dropped(nlp):
    transcript = make_transcript(["libraries", "buses"], chatter=False)
    odd = "The lattice gluon simulation needs quark propagators, gauge fields and a supercomputer allocation."
    turns = list(transcript.turns)
    for at in (3, 9):
        turns.insert(at, Turn(index=0, speaker="Dev Rao", text=odd))
    turns = tuple(Turn(index=i, speaker=t.speaker, text=t.text) for i, t in enumerate(turns))
    parsed = parse(nlp, Transcript(id="odd", title="odd", turns=turns, speakers=transcript.speakers + (Speaker("Dev Rao"),)))
    result = find_themes(parsed, themes_settings("themes.assignment_threshold=0.3", "themes.n_themes=2", "themes.stability_seeds=0"))
    assert result.unassigned_share > 0
    assert result.turn_themes[3] is None and result.turn_themes[9] is None
    assert result.info_dict()["unassigned_share"] == result.unassigned_share
    check_totals(result)


def test_codebook_seeding_pulls_a_planted_theme(planted):
    result = find_themes(planted, themes_settings(CODEBOOK, "themes.stability_seeds=0"))
    seeded = [t for t in result.themes if t.seeded]
    assert [t.label for t in seeded] == ["councils and the third sector"]
    planted_turns = {
        i for i, turn in enumerate(planted.transcript.turns) if any(word in turn.text for word in PLANTED[:3])
    }
    assert set(seeded[0].turn_indices) == planted_turns
    assert any(not t.seeded for t in result.themes), "discovery still finds the other themes"
    check_totals(result)


def test_codebook_theme_nobody_talked_about_is_reported(four_blocks):
    result = find_themes(four_blocks, themes_settings('themes.codebook={"space travel" = ["rocket", "orbit"]}', "themes.stability_seeds=0"))
    assert result.codebook_not_found == ("space travel",)
    assert not any(t.seeded for t in result.themes)


def test_labels_are_readable_phrases(four_blocks):
    result = find_themes(four_blocks, themes_settings("themes.n_themes=3", "themes.stability_seeds=0"))
    labels = [t.label for t in result.themes]
    assert len(set(labels)) == len(labels)
    for label in labels:
        assert 1 <= len(label.split()) <= 7
        assert all(ch.isalpha() or ch in " '-()0123456789" for ch in label)
    assert any(len(label.split()) >= 2 for label in labels), labels


def test_quote_ids_are_the_best_ranked_quotes_in_the_themes_turns(four_blocks):
    class StandIn:
        def __init__(self, id, rank, turn_index):
            self.id, self.rank, self.turn_index, self.score = id, rank, turn_index, 1.0 / rank

    base = find_themes(four_blocks, themes_settings("themes.n_themes=3", "themes.stability_seeds=0"))
    turn = base.themes[0].turn_indices[0]
    other = base.themes[1].turn_indices[0]
    quotes = [StandIn("q-late", 5, turn), StandIn("q-best", 1, turn), StandIn("q-other", 2, other), StandIn("q-mid", 3, turn)]
    result = find_themes(four_blocks, themes_settings("themes.n_themes=3", "themes.stability_seeds=0", "themes.n_quotes=2"), quotes=quotes)
    assert result.themes[0].quote_ids == ("q-best", "q-mid")
    assert "q-other" in result.themes[1].quote_ids


def test_theme_records_match_the_report_schema(planted):
    result = find_themes(planted, themes_settings(CODEBOOK))
    validator = jsonschema.Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": "#/$defs/theme"})
    for theme in result.themes:
        validator.validate(theme.to_dict())
    info = jsonschema.Draft202012Validator({"$defs": SCHEMA["$defs"], **SCHEMA["properties"]["themes_info"]})
    info.validate(result.info_dict())


def test_a_meeting_without_substance_has_no_themes(nlp):
    turns = (Turn(0, "Chair", "Good morning, everyone."), Turn(1, "Ann", "Thank you, Chair."))
    parsed = parse(nlp, Transcript(id="empty", title="empty", turns=turns, speakers=(Speaker("Chair"), Speaker("Ann"))))
    result = find_themes(parsed, themes_settings())
    assert result.themes == () and result.n_words == 0 and result.unassigned_share == 0.0
    assert result.turn_themes == (None, None)


@pytest.mark.parametrize(
    "override, key",
    [
        ("themes.n_themes=1", "themes.n_themes"),
        ("themes.n_themes=21", "themes.n_themes"),
        ("themes.n_themes=some", "themes.n_themes"),
        ("themes.max_themes=2", "themes.max_themes"),
        ('themes.codebook={"x" = []}', "themes.codebook"),
        ("themes.assignment_threshold=2", "themes.assignment_threshold"),
    ],
)
def test_bad_theme_settings_name_the_key(override, key):
    from pipeline.errors import SettingsError

    with pytest.raises(SettingsError) as info:
        load_settings(overrides=[override])
    assert info.value.key == key
    assert key in str(info.value)


def test_procedural_turns_belong_to_the_theme_they_open(four_blocks):
    """"Okay. Thank you." has no substantive talk: it takes the theme of the next turn that has some."""
    result = find_themes(four_blocks, themes_settings("themes.stability_seeds=0"))
    turns = four_blocks.transcript.turns
    chatter = [turn.index for turn in turns if turn.text == "Okay. Thank you."]
    assert chatter
    for index in chatter:
        assert result.turn_themes[index] is not None
        assert result.turn_themes[index] == result.turn_themes[index + 1]
    assert None not in result.turn_themes
    check_totals(result)


def test_procedural_turns_join_next_theme_else_the_last():
    from pipeline.themes.find import _procedural_turns_join

    # turns 0, 2, 5 have no substantive talk; turn 4's talk fits no theme (stays None, and is skipped over)
    main = [None, 1, None, 2, None, None]
    assert _procedural_turns_join(main, substantive={1, 3, 4}) == [1, 1, 2, 2, None, 2]
    assert _procedural_turns_join([None, None], substantive=set()) == [None, None]

"""Codebook themes: seed terms matched on lemmas and lower case, and every passage using one is claimed."""

import re
from pathlib import Path

import pytest

from pipeline.records import Speaker, Transcript, Turn
from pipeline.settings import load_settings
from pipeline.themes import find_themes, passages_of
from pipeline.themes.find import model_params
from pipeline.themes.model import ThemeModel, seed_hits, seed_keys
from pipeline.themes.units import passage_text

from .themes_helpers import parse

SAMPLE = Path(__file__).resolve().parent.parent / "transcripts" / "council-roundtable-2011.txt"
README_CODEBOOK = 'themes.codebook={"councils and the third sector" = ["voluntary sector", "charity", "third sector"]}'
MENTION = re.compile(r"\b(voluntary[ -]sectors?|charit(y|ies)|third[ -]sectors?)\b", re.IGNORECASE)


def test_readme_codebook_claims_every_passage_that_mentions_its_terms(parse_meeting):
    parsed = parse_meeting(SAMPLE)
    settings = load_settings(overrides=[README_CODEBOOK]).themes
    passages = passages_of(parsed, settings)
    model = ThemeModel(**model_params(settings)).fit([passages])
    seeded = [t for t, spec in enumerate(model.themes_) if spec.seeded]
    assert len(seeded) == 1 and model.themes_[seeded[0]].label == "councils and the third sector"
    labels = model.training_assignments_[0].labels
    mentioning = [i for i, p in enumerate(passages) if MENTION.search(passage_text(parsed, p))]
    assert len(mentioning) >= 8
    assert all(labels[i] == seeded[0] for i in mentioning), [passage_text(parsed, passages[i]) for i in mentioning if labels[i] != seeded[0]]
    result = find_themes(parsed, settings)
    theme = next(t for t in result.themes if t.seeded)
    assert theme.share >= 0.06


def tiny(turns):
    return Transcript(
        id="tiny-codebook",
        title="tiny",
        turns=tuple(Turn(index=i, speaker=s, text=t) for i, (s, t) in enumerate(turns)),
        speakers=tuple(Speaker(label=label) for label in sorted({s for s, _ in turns})),
    )


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The charity helps a lot.", 1),
        ("Charities help a lot.", 1),
        ("The Third Sector helps a lot.", 1),
        ("Our voluntary-sector grants were cut.", 1),
        ("The voluntary sector and the charities help.", 2),
        ("The bus fares went up again.", 0),
    ],
)
def test_seed_terms_match_lemmas_and_lower_case(nlp, text, expected):
    parsed = parse(nlp, tiny([("Ann", text)]))
    (passage,) = passages_of(parsed, load_settings().themes)
    keys = seed_keys(["Voluntary sector", "charity", "the third sector"])
    assert seed_hits(passage, keys) == expected


def test_a_single_mention_per_passage_is_claimed_once_the_meeting_uses_the_terms(nlp):
    parsed = parse(nlp, tiny([("Ann", "The charity helps our town."), ("Bob", "Charities and volunteers help."), ("Cat", "The buses are late.")]))
    settings = load_settings(overrides=['themes.codebook={"third sector" = ["charity", "third sector"]}']).themes
    result = find_themes(parsed, settings)
    seeded = [t for t in result.themes if t.seeded]
    assert [t.label for t in seeded] == ["third sector"]
    assert seeded[0].turn_indices == (0, 1)


def test_one_stray_mention_is_no_codebook_theme(nlp):
    parsed = parse(nlp, tiny([("Ann", "The charity helps our town."), ("Cat", "The buses are late again.")]))
    settings = load_settings(overrides=['themes.codebook={"third sector" = ["charity", "third sector"]}']).themes
    result = find_themes(parsed, settings)
    assert not any(t.seeded for t in result.themes)
    assert result.codebook_not_found == ("third sector",)

import json

import numpy as np
import pytest

from pipeline.summary.brief import BriefOptions, ground_set, similarity_matrix, summarise_brief
from pipeline.settings import SummarySettings
from pipeline.summary.selector import (
    DEFAULT_MODEL,
    FEATURE_NAMES,
    BriefSelector,
    load_selector,
    selector_prior,
    sentence_features,
)
from pipeline.summary.sentences import split_sentences

from .quotes_helpers import make_parsed

TURNS = [
    ("Ann Lee", "The council will spend twelve million pounds on new libraries across the county."),
    ("Bo Chen", "I think we should open every library on Sundays for the families who work."),
    ("Ann Lee", "The libraries budget also pays for the mobile library that visits rural villages."),
    ("Cy Dunn", "Rural villages lost their evening bus service, so the mobile library matters more."),
]


@pytest.fixture(scope="module")
def ground(nlp):
    return ground_set(split_sentences(make_parsed(nlp, TURNS)))


def test_features_are_one_row_per_sentence_and_meeting_relative(ground):
    features = sentence_features(ground, similarity_matrix(ground))
    assert features.shape == (len(ground), len(FEATURE_NAMES))
    for name in ("centrality", "local_centrality"):  # percentiles within the meeting
        column = features[:, FEATURE_NAMES.index(name)]
        assert column.min() == 0.0 and column.max() == 1.0
    pronouns = features[:, FEATURE_NAMES.index("pronouns")]
    assert pronouns[1] > 0 and pronouns[0] == 0  # "I think we should ..." vs a report
    assert np.array_equal(features, sentence_features(ground, similarity_matrix(ground)))


def test_the_committed_model_loads_and_scores_probabilities(ground):
    selector = load_selector()
    p = selector.probability(sentence_features(ground, similarity_matrix(ground)))
    assert p.shape == (len(ground),) and ((0 < p) & (p < 1)).all()
    meta = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))["meta"]
    assert meta["train_meetings"] and meta["n_positive"] < meta["n_candidates"]


def test_a_model_of_another_version_is_refused_naming_its_path(tmp_path):
    path = tmp_path / "model.json"
    data = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    data["inputs"] = data["inputs"][:-1]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="model.json.*refit"):
        load_selector(path)


def test_the_prior_is_relative_to_the_meeting_and_strength_zero_leaves_it_flat(ground):
    similarity = similarity_matrix(ground)
    selector = BriefSelector(
        mean=np.zeros(len(FEATURE_NAMES)), scale=np.ones(len(FEATURE_NAMES)), coef=np.ones(len(FEATURE_NAMES)), intercept=0.0
    )
    weights = selector_prior(selector, 1.0)(ground, similarity)
    assert weights.mean() == pytest.approx(1.0) and weights.std() > 0
    assert np.allclose(selector_prior(selector, 0.0)(ground, similarity), 1.0)


def test_the_brief_with_and_without_the_learned_prior_obeys_its_budget(nlp):
    parsed = make_parsed(nlp, TURNS)
    for options in (BriefOptions(), BriefOptions(learned_strength=0.0)):
        brief = summarise_brief(parsed, SummarySettings(brief_words=30), options=options)
        assert brief.sentences and brief.n_words <= 30

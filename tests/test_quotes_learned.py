"""The learned quote ranker: fitting, saving, loading, and that the pipeline scores with it by default."""

import json

import numpy as np
import pytest

from pipeline.errors import ModelError
from pipeline.quotes import score_lines
from pipeline.quotes.features import Features
from pipeline.quotes.learned import (
    DEFAULT_MODEL,
    INPUT_NAMES,
    LearnedRanker,
    fit_ranker,
    inputs_of,
    load_ranker,
    save_ranker,
)
from pipeline.quotes.rank import explain, scorer_for
from pipeline.settings import QuoteSettings, load_settings


def _toy(seed=0, n=300):
    """Labels that rise with `claim` and fall with `meta_talk`; two judges."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, len(INPUT_NAMES)))
    signal = 2 * x[:, INPUT_NAMES.index("claim")] - x[:, INPUT_NAMES.index("meta_talk")] + 0.3 * rng.standard_normal(n)
    labels = np.digitize(signal, [0.3, 1.0]).tolist()
    judges = ["A" if i % 3 else "B" for i in range(n)]
    return x, labels, judges


def test_fit_learns_the_direction_of_each_cue():
    ranker = fit_ranker(*_toy())
    weights = ranker.weights()
    assert weights["claim"] > 0 > weights["meta_talk"]
    high = [0.5] * len(INPUT_NAMES)
    low = list(high)
    high[INPUT_NAMES.index("claim")], low[INPUT_NAMES.index("claim")] = 1.0, 0.0
    assert ranker.probabilities(high)[1] > ranker.probabilities(low)[1]


def test_each_judge_weighs_the_same_so_repeating_a_judges_rows_changes_nothing():
    x, labels, judges = _toy()
    once = fit_ranker(x, labels, judges)
    a = [i for i, j in enumerate(judges) if j == "A"]
    twice = fit_ranker(np.vstack([x, x[a]]), labels + [labels[i] for i in a], judges + ["A"] * len(a))
    assert np.allclose(once.coef_print, twice.coef_print, atol=1e-3)
    assert np.allclose(once.coef_maybe, twice.coef_maybe, atol=1e-3)


def test_fitting_twice_gives_the_same_bytes(tmp_path):
    for name in ("a.json", "b.json"):
        save_ranker(fit_ranker(*_toy(), meta={"data": "toy"}), tmp_path / name)
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    loaded = load_ranker(str(tmp_path / "a.json"))
    assert loaded.to_dict() == json.loads((tmp_path / "a.json").read_text())


def test_fit_refuses_bad_labels_or_shapes():
    x, labels, judges = _toy()
    with pytest.raises(ValueError, match="labels"):
        fit_ranker(x, [min(1, v) for v in labels], judges)
    with pytest.raises(ValueError, match="inputs"):
        fit_ranker(x[:, :3], labels, judges)


def test_a_missing_or_malformed_model_is_an_error_naming_the_file(tmp_path):
    with pytest.raises(ModelError, match="nothere.json.*--fit"):
        load_ranker(str(tmp_path / "nothere.json"))
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="bad.json"):
        load_ranker(str(bad))
    data = fit_ranker(*_toy()).to_dict()
    data["inputs"] = data["inputs"][:-1] + ["shoe_size"]
    other = tmp_path / "other.json"
    other.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError, match="other.json.*shoe_size"):
        load_ranker(str(other))


def test_the_committed_model_is_the_default_and_was_fitted_on_the_train_split_only():
    assert QuoteSettings().ranker == "learned"
    ranker = load_ranker()
    assert ranker.inputs == INPUT_NAMES
    assert ranker.meta["trained_on"].endswith("split=train")
    pool = [json.loads(line) for line in (DEFAULT_MODEL.parents[2] / "bench/data/quotes/pool.jsonl").open()]
    test_meetings = {row["meeting"] for row in pool if row["split"] == "test"}
    assert test_meetings and not test_meetings & set(ranker.meta["train_meetings"])


def test_the_learned_score_is_a_probability_and_ranks_a_claim_above_chairing(nlp):
    lines = [
        "From the council: two-hour repair slots across the whole city by April, and a named officer for every open damp case.",
        "Thank you, Chair, and thank you to the committee for the invitation to give evidence this morning.",
    ]
    good, chairing = score_lines(lines, nlp, QuoteSettings())
    assert 0.0 <= chairing["score"] < good["score"] <= 1.0
    hand = score_lines(lines, nlp, load_settings(overrides=["quotes.ranker=hand"]).quotes)
    assert [row["features"] for row in hand] == [good["features"], chairing["features"]]


def test_learned_reasons_name_only_cues_the_line_holds(nlp):
    score, weights = scorer_for(QuoteSettings())
    row = score_lines(["Bus use in the county is still 22 per cent below 2019, and nobody is in charge."], nlp, QuoteSettings())[0]
    features = Features(values=row["features"], evidence={}, n_words=18)
    assert score(features) == pytest.approx(load_ranker().score(features))
    assert inputs_of(features)[-1] == pytest.approx(18 / 50)
    assert not any("figure" in reason for reason in explain(features, weights))  # no evidence, no reason
    assert any("22 per cent" in reason for reason in row["reasons"])

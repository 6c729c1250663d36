"""Saving and loading theme models: round trip, meta.json, and clear errors for other versions or corrupt files."""

import json

import numpy as np
import pytest

from pipeline.errors import ModelError
from pipeline.settings import load_settings
from pipeline.themes import fit_theme_model, load_theme_model, passages_of, save_theme_model
from pipeline.themes.persistence import _versions

from .themes_helpers import make_transcript, parse


@pytest.fixture(scope="module")
def corpus(nlp):
    return [
        parse(nlp, make_transcript(["libraries", "buses"], tid="one")),
        parse(nlp, make_transcript(["housing", "libraries"], tid="two")),
        parse(nlp, make_transcript(["buses", "housing"], tid="three")),
    ]


@pytest.fixture(scope="module")
def settings():
    return load_settings(overrides=["themes.n_themes=3", "themes.min_themes=2", "themes.stability_seeds=0"])


@pytest.fixture()
def saved(tmp_path, corpus, settings):
    model = fit_theme_model(corpus, settings.themes, seed=settings.seed)
    folder = save_theme_model(
        model,
        tmp_path / "models" / "made-up",
        settings=settings.to_dict(),
        settings_hash=settings.hash,
        training_inputs=[{"path": f"{p.transcript.id}.txt", "sha256": "0" * 64} for p in corpus],
        scores={"n_themes": model.n_themes_},
    )
    return model, folder


def test_save_and_load_round_trip(saved, corpus, settings):
    model, folder = saved
    assert sorted(p.name for p in folder.iterdir()) == ["MODEL_CARD.md", "meta.json", "model.joblib"]
    loaded, meta = load_theme_model(folder)
    passages = passages_of(corpus[0], settings.themes)
    assert np.array_equal(loaded.predict(passages), model.predict(passages))
    assert [t.label for t in loaded.themes_] == [t.label for t in model.themes_]
    assert meta["versions"]["scikit-learn"] == _versions()["scikit-learn"]
    assert meta["settings_hash"] == settings.hash
    assert len(meta["training_inputs"]) == 3 and meta["scores"]["n_themes"] == model.n_themes_
    card = (folder / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "# Theme model `made-up`" in card and model.themes_[0].label in card


def test_a_fitted_corpus_model_knows_every_subject(saved):
    model, _ = saved
    assert model.n_themes_ == 3
    assert len(model.training_assignments_) == 3


def test_a_new_meeting_gets_known_themes_and_possible_new_ones(saved, nlp, settings):
    model, _ = saved
    parsed = parse(nlp, make_transcript(["libraries", "buses"], planted_every=1, tid="new"))
    assignment = model.assign(passages_of(parsed, settings.themes))
    known = set(assignment.labels[(assignment.labels >= 0) & (assignment.labels < model.n_themes_)])
    assert known, "libraries and buses are known themes"


@pytest.mark.parametrize("library", ["scikit-learn", "roundtable", "numpy"])
def test_other_library_versions_are_refused_naming_both(saved, library):
    _, folder = saved
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["versions"][library] = "0.0.1"
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_theme_model(folder)
    message = str(info.value)
    assert "0.0.1" in message and _versions()[library] in message and library in message
    assert info.value.versions[library] == {"saved": "0.0.1", "installed": _versions()[library]}


def test_a_corrupt_model_file_names_its_path(saved):
    _, folder = saved
    (folder / "model.joblib").write_bytes(b"not a pickle at all")
    with pytest.raises(ModelError) as info:
        load_theme_model(folder)
    assert str(folder / "model.joblib") in str(info.value) and "corrupt" in str(info.value)


@pytest.mark.parametrize("damage", ["missing-folder", "missing-meta", "bad-meta"])
def test_missing_or_broken_meta_is_a_model_error(saved, tmp_path, damage):
    _, folder = saved
    if damage == "missing-folder":
        folder = tmp_path / "nowhere"
    elif damage == "missing-meta":
        (folder / "meta.json").unlink()
    else:
        (folder / "meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_theme_model(folder)
    assert str(folder) in str(info.value)


def test_an_unfitted_model_cannot_be_saved(tmp_path):
    from pipeline.themes import ThemeModel

    with pytest.raises(ModelError):
        save_theme_model(ThemeModel(), tmp_path / "m", settings={}, settings_hash="x", training_inputs=[], scores={})


@pytest.mark.parametrize(("version", "says"), [(99, "newer roundtable"), ("1", "format_version '1'"), (None, "None")])
def test_a_model_of_a_newer_or_unknown_format_version_is_refused(saved, version, says):
    _, folder = saved
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["format_version"] = version
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_theme_model(folder)
    message = str(info.value)
    assert str(folder / "meta.json") in message and says in message and "format_version 1 to 1" in message

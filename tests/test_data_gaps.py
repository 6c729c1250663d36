"""The tables say what the page and report say: quotes carry their theme, turns their counts, theme tables
keep whole turn numbers and only the themes a meeting talked about, and "settings hash" is one hash."""

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.editor.data import quote_themes
from pipeline.runner import run
from pipeline.settings import load_settings

from .themes_helpers import make_transcript

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
FAST = ["--set", "themes.stability_seeds=0", "--set", "cache.enabled=false"]


def write_text_transcript(path, transcript):
    path.write_text("\n\n".join(f"{t.speaker}: {t.text}" for t in transcript.turns) + "\n", encoding="utf-8")
    return path


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("gaps") / "out"
    settings = load_settings(None, ["cache.enabled=false", "editor.enabled=false"])
    result = run([ROOT / "transcripts" / "council-roundtable-2011.txt"], settings, out_dir=out)
    assert result.ok
    return result, out / "council-roundtable-2011"


def test_quotes_csv_and_frame_carry_the_theme_the_page_badges(sample_run):
    result, folder = sample_run
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    labels = {theme["id"]: theme["label"] for theme in report["themes"]}
    badges = quote_themes(report)
    rows = read_rows(folder / "quotes.csv")
    assert rows and any(row["theme_id"] for row in rows)
    for row in rows:
        assert row["theme_id"] == "; ".join(badges[row["id"]])
        assert row["theme_label"] == "; ".join(labels[t] for t in badges[row["id"]])
    frame = result.quotes
    assert list(frame["theme_id"]) == [row["theme_id"] for row in rows]
    assert list(frame["theme_label"]) == [row["theme_label"] for row in rows]


def test_turns_frame_has_attribution_and_counts_of_turns_csv(sample_run):
    result, folder = sample_run
    frame = result.turns
    rows = read_rows(folder / "turns.csv")
    assert len(frame) == len(rows)
    for column in ("attribution", "n_words", "n_sentences"):
        assert [str(value) for value in frame[column]] == [row[column] for row in rows], column
    assert frame["n_sentences"].sum() > len(frame)  # sentences from the parse, not one per turn


def test_report_turns_carry_their_counts(sample_run):
    _, folder = sample_run
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    turn = report["transcript"]["turns"][0]
    assert turn["n_words"] == len(turn["text"].split()) and turn["n_sentences"] >= 1


@pytest.fixture(scope="module")
def model_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("model")
    corpus = tmp / "corpus"
    corpus.mkdir()
    for name, plan in [("one", ["libraries", "buses"]), ("two", ["housing", "libraries"]), ("three", ["buses", "housing"])]:
        write_text_transcript(corpus / f"{name}.txt", make_transcript(plan, tid=name))
    model = tmp / "models" / "councils"
    fitted = runner.invoke(app, ["themes", "fit", str(corpus), "--model", str(model), *FAST])
    assert fitted.exit_code == 0, fitted.output
    # A meeting about one subject only: the model's other themes get no talk in it.
    new = write_text_transcript(tmp / "new.txt", make_transcript(["libraries"], tid="new"))
    out = tmp / "out"
    ran = runner.invoke(app, ["run", str(new), "--out", str(out), "--theme-model", str(model), *FAST])
    assert ran.exit_code == 0, ran.output
    return model, out


def test_themes_csv_with_a_model_keeps_whole_turn_numbers_and_only_themes_talked_about(model_run):
    _, out = model_run
    report = json.loads((out / "new" / "report.json").read_text(encoding="utf-8"))
    absent = [theme["id"] for theme in report["themes"] if theme["n_words"] == 0]
    assert absent, "the fixture should leave a model theme without talk"
    text = (out / "new" / "themes.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert rows and not {row["id"] for row in rows} & set(absent)
    assert all(float(row["share"]) > 0 for row in rows)
    for row in rows:
        for column in ("first_turn", "last_turn", "n_turns", "n_words"):
            assert row[column].isdigit(), (column, row[column])
    # The absent themes are still compared across meetings in theme_prevalence.csv.
    prevalence = {row["theme_id"]: row for row in read_rows(out / "theme_prevalence.csv")}
    assert all(prevalence[theme_id]["new"] == "0.0" for theme_id in absent)


def test_model_card_settings_hash_is_the_runs_settings_hash(model_run):
    model, out = model_run
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert meta["settings_hash"] == manifest["settings_hash"]  # fitted and run with the same settings
    assert f"Settings hash: `{manifest['settings_hash']}`" in (model / "MODEL_CARD.md").read_text(encoding="utf-8")


def test_themes_table_gives_integer_turns_even_when_a_theme_has_no_stretch():
    from pipeline.themes.tables import themes_table

    theme = {"id": "T1", "label": "a", "keywords": ["x"], "share": 0.5, "n_words": 10, "n_passages": 1,
             "turn_indices": [3], "speakers": [], "quote_ids": [], "stretches": []}
    stretched = {**theme, "id": "T2", "stretches": [{"first_turn": 22, "last_turn": 30}]}
    frame = themes_table({"themes": [theme, stretched], "themes_info": {}})
    assert str(frame["first_turn"].dtype) == "Int64"
    assert "22.0" not in frame.to_csv(index=False) and ",22,30," in frame.to_csv(index=False)

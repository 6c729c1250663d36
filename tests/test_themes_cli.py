"""`roundtable themes fit` and `roundtable run --theme-model`, in-process."""

import csv
import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

from .themes_helpers import make_transcript

runner = CliRunner()
FAST = ["--set", "themes.stability_seeds=0", "--set", "cache.enabled=false"]


def write_text_transcript(path, transcript):
    path.write_text("\n\n".join(f"{t.speaker}: {t.text}" for t in transcript.turns) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, plan in [("one", ["libraries", "buses"]), ("two", ["housing", "libraries"]), ("three", ["buses", "housing"])]:
        write_text_transcript(folder / f"{name}.txt", make_transcript(plan, tid=name))
    return folder


def test_themes_commands_have_help():
    for args in (["themes", "--help"], ["themes", "fit", "--help"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0 and "Usage" in result.output
    assert "--theme-model" in runner.invoke(app, ["run", "--help"]).output


def test_fit_then_run_with_the_theme_model(tmp_path, corpus):
    model = tmp_path / "models" / "councils"
    fitted = runner.invoke(app, ["themes", "fit", str(corpus), "--model", str(model), "--json", *FAST])
    assert fitted.exit_code == 0, fitted.output
    summary = json.loads(fitted.stdout)
    assert summary["scores"]["n_transcripts"] == 3 and summary["themes"]
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert [entry["sha256"] for entry in meta["training_inputs"]] and meta["versions"]["scikit-learn"]

    new = write_text_transcript(tmp_path / "new.txt", make_transcript(["libraries", "housing"], tid="new"))
    out = tmp_path / "out"
    ran = runner.invoke(app, ["run", str(new), str(corpus / "one.txt"), "--out", str(out), "--theme-model", str(model), *FAST])
    assert ran.exit_code == 0, ran.output
    report = json.loads((out / "new" / "report.json").read_text(encoding="utf-8"))
    assert report["themes_info"]["model"] == "councils"
    assert all(theme["model_theme_id"].startswith("councils:T") for theme in report["themes"])
    with open(out / "theme_prevalence.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0].keys() >= {"theme_id", "label", "new", "one"}
    assert [row["theme_id"] for row in rows][-2:] == ["new", "unassigned"]
    for name in ("themes.csv", "speaker_themes.csv"):
        assert (out / "new" / name).exists()


def test_run_writes_theme_tables_without_a_model(tmp_path, corpus):
    out = tmp_path / "out"
    ran = runner.invoke(app, ["run", str(corpus / "two.txt"), "--out", str(out), *FAST])
    assert ran.exit_code == 0, ran.output
    with open(out / "two" / "themes.csv", encoding="utf-8") as handle:
        themes = list(csv.DictReader(handle))
    with open(out / "two" / "speaker_themes.csv", encoding="utf-8") as handle:
        speakers = list(csv.DictReader(handle))
    assert themes and speakers
    assert {row["theme_id"] for row in speakers} <= {row["id"] for row in themes}
    assert not (out / "theme_prevalence.csv").exists()


def test_a_missing_theme_model_is_a_model_error(tmp_path, corpus):
    ran = runner.invoke(app, ["run", str(corpus / "one.txt"), "--out", str(tmp_path / "out"), "--theme-model", str(tmp_path / "nope"), *FAST])
    assert ran.exit_code == 3
    assert "nope" in ran.output


def test_fit_with_bad_settings_names_the_key(tmp_path, corpus):
    ran = runner.invoke(app, ["themes", "fit", str(corpus), "--model", str(tmp_path / "m"), "--set", "themes.n_themes=99"])
    assert ran.exit_code == 2
    assert "themes.n_themes" in ran.output

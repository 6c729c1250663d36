import json
from pathlib import Path

import jsonschema
import pytest

from pipeline.runner import run
from pipeline.settings import Settings, load_settings
from pipeline.summary import escape_markdown

from .conftest import ROOT, shared_meetings

SCHEMA = json.loads((ROOT / "pipeline" / "schema" / "report.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    meetings = [shared_meetings("qmsum/ami")[1], shared_meetings("qmsum/committee")[1]]
    result = run(meetings, Settings(), out_dir=out)
    assert result.ok
    return out, result


def test_run_writes_summary_files_and_a_digest(batch):
    out, result = batch
    for record in result.inputs:
        assert {"summary.md", "summary.html"} <= {Path(p).name for p in record.outputs}
        assert (out / record.transcript_id / "summary.md").read_text(encoding="utf-8").startswith("# ")
    digest = (out / "digest.md").read_text(encoding="utf-8")
    assert digest.startswith("# Digest: 2 meetings")
    assert all(escape_markdown(record.transcript_id) in digest for record in result.inputs)


def test_report_summary_matches_the_schema_and_its_sources(batch):
    out, result = batch
    for record in result.inputs:
        report = json.loads((out / record.transcript_id / "report.json").read_text(encoding="utf-8"))
        jsonschema.validate(report, SCHEMA)
        summary, turns = report["summary"], report["transcript"]["turns"]
        assert summary["brief"]["n_words"] <= Settings().summary.resolved().brief_words
        sentences = [summary["headline"], *summary["standfirst"], *summary["brief"]["sentences"]]
        sentences += [s for section in summary["sections"] for s in section["sentences"]]
        for sentence in sentences:
            assert sentence["sources"] and all(0 <= i < len(turns) for i in sentence["sources"])
            if sentence["kind"] in ("extract", "quote"):
                turn = turns[sentence["turn_index"]]
                assert turn["text"][sentence["start"] : sentence["end"]] == sentence["verbatim"]
        quote_ids = {quote["id"] for quote in report["quotes"]}
        assert all(q["quote_id"] in quote_ids for s in summary["sections"] for q in s["quotes"])


def test_preset_setting_reaches_the_piece(tmp_path: Path):
    meeting = shared_meetings("qmsum/ami")[1]
    run([meeting], load_settings(overrides=["summary.preset=brief"]), out_dir=tmp_path)
    report = json.loads((tmp_path / meeting.stem.lower() / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["preset"] == "brief"
    assert report["summary"]["brief"]["n_words"] <= 60 and len(report["summary"]["sections"]) <= 2


def test_missing_templates_dir_stops_the_run_before_any_work(tmp_path: Path):
    from pipeline.errors import SettingsError

    settings = load_settings(overrides=[f"summary.templates_dir={tmp_path / 'missing'}"])
    with pytest.raises(SettingsError, match="summary.templates_dir"):
        run([shared_meetings("qmsum/ami")[1]], settings, out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_broken_template_stops_the_run_once_naming_it(tmp_path: Path):
    from typer.testing import CliRunner

    from pipeline.cli import EXIT_USAGE, app

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "summary.md.j2").write_text("# {{ summary.headline\n", encoding="utf-8")
    meetings = [str(p) for p in shared_meetings("qmsum/ami")[:2]]
    result = CliRunner().invoke(
        app, ["run", *meetings, "--out", str(tmp_path / "out"), "--set", f'summary.templates_dir="{templates}"']
    )
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.output.count("summary.md.j2 (line 1") == 1 and "REJECTED" not in result.output
    assert not (tmp_path / "out").exists()

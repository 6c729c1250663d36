"""`pipeline/evaluate.py`: references in both formats, the metrics, `roundtable evaluate` and `sweep`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import ReferencesError
from pipeline.evaluate import (
    NONE,
    evaluate_report,
    gold_topic_labels,
    load_references,
    quote_hit_rate,
    reference_from_dict,
    rouge_scores,
    supported_turns,
    theme_agreement,
    turn_main_themes,
)
from pipeline.runner import run
from pipeline.settings import load_settings

from .conftest import shared_meetings

runner = CliRunner()


def test_qmsum_fields_and_ours_give_the_same_reference():
    qmsum = {
        "general_summary": "They chose a remote.",
        "topic_list": [{"topic": "design", "spans": [[0, 1]]}, {"topic": "cost", "spans": [["2", "3"]]}],
        "specific_queries": [{"query": "q", "spans": [[1, 2]]}],
    }
    ours = {
        "summary": "They chose a remote.",
        "topics": [{"topic": "design", "spans": [[0, 1]]}, {"topic": "cost", "spans": [[2, 3]]}],
        "quote_spans": [[1, 2]],
    }
    a, b = reference_from_dict(qmsum, "m"), reference_from_dict(ours, "m")
    assert (a.summary, a.topics, a.quote_spans) == (b.summary, b.topics, b.quote_spans)


@pytest.mark.parametrize(
    "bad", [{"summary": 3}, {"topics": [{"topic": "x", "spans": [[1]]}]}, {"quote_spans": [["a", "b"]]}, []]
)
def test_bad_reference_names_what_is_wrong(bad):
    with pytest.raises(ReferencesError, match="m"):
        reference_from_dict(bad, "m")


def test_gold_labels_take_the_first_topic_and_leave_gaps_none():
    topics = (("a", ((0, 1),)), ("b", ((1, 2), (5, 9))))
    assert gold_topic_labels(topics, 5) == ["topic0", "topic0", "topic1", NONE, NONE]


def test_metrics_on_hand_made_values():
    assert theme_agreement(["a", "a", "b", "b"], ["x", "x", "y", "y"]) == pytest.approx(1.0)
    assert supported_turns([(1, 3), (7, 7)]) == {1, 2, 3, 7}
    assert quote_hit_rate([1, 4, 7, 9], {1, 2, 3, 7}) == 0.5
    assert quote_hit_rate([], {1}) is None and quote_hit_rate([1], set()) is None
    assert rouge_scores("the cat sat", "the cat sat")["rouge1"] == pytest.approx(1.0)


def test_load_references_from_file_folder_and_mapping(tmp_path):
    meeting = shared_meetings("qmsum/ami")[0]
    single = load_references(meeting)
    assert list(single) == [meeting.stem.lower()] and single[meeting.stem.lower()].summary
    mapping = tmp_path / "refs.json"
    mapping.write_text(json.dumps({"ES2002a": {"summary": "x"}, "other": {"quote_spans": [[0, 2]]}}))
    assert set(load_references(mapping)) == {"es2002a", "other"}
    with pytest.raises(ReferencesError, match="no such file"):
        load_references(tmp_path / "missing.json")


def test_evaluate_report_uses_turn_main_themes_and_top_quotes():
    report = {
        "transcript": {"id": "m", "n_turns": 4},
        "themes": [{"id": "t1", "turn_indices": [0, 1]}, {"id": "t2", "turn_indices": [2, 3]}],
        "quotes": [{"rank": 1, "turn_index": 0}, {"rank": 2, "turn_index": 3}],
        "summary": {"brief": {"text": "the cat sat"}},
    }
    assert turn_main_themes(report) == ["t1", "t1", "t2", "t2"]
    reference = reference_from_dict(
        {"summary": "the cat sat", "topics": [{"topic": "a", "spans": [[0, 1]]}, {"topic": "b", "spans": [[2, 3]]}],
         "quote_spans": [[0, 0]]},
        "m",
    )
    row = evaluate_report(report, reference)
    assert row["rouge1"] == pytest.approx(1.0) and row["theme_ami"] == pytest.approx(1.0)
    assert row["quote_hit_rate"] == 0.5


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("evaluate")
    meeting = min(shared_meetings("qmsum/ami"), key=lambda p: p.stat().st_size)
    settings = load_settings(overrides=[f'cache.dir="{folder / "cache"}"', "editor.enabled=false"])
    run([meeting], settings, out_dir=folder / "out")
    return folder, meeting


def test_evaluate_command_prints_table_and_json(small_run):
    folder, meeting = small_run
    result = runner.invoke(app, ["evaluate", str(folder / "out"), "--references", str(meeting.parent)])
    assert result.exit_code == 0, result.output
    assert meeting.stem.lower() in result.output and "mean (1)" in result.output
    result = runner.invoke(app, ["evaluate", str(folder / "out"), "--references", str(meeting), "--json"])
    data = json.loads(result.stdout)
    assert data["mean"]["n_transcripts"] == 1
    assert all(0.0 <= data["mean"][key] <= 1.0 for key in ("rouge1", "rouge2", "rougeL", "quote_hit_rate"))


def test_evaluate_command_rejects_a_folder_without_reports(tmp_path):
    result = runner.invoke(app, ["evaluate", str(tmp_path), "--references", str(tmp_path)])
    assert result.exit_code == 2


def test_sweep_runs_each_combination_and_prints_metrics(small_run, tmp_path):
    folder, meeting = small_run
    result = runner.invoke(
        app,
        ["sweep", str(meeting), "--grid", "themes.n_themes=3,4", "--references", str(meeting),
         "--out", str(tmp_path / "sweep"), "--set", f'cache.dir="{folder / "cache"}"',
         "--set", "editor.enabled=false", "--json"],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [row["combo"] for row in rows] == ["themes.n_themes-3", "themes.n_themes-4"]
    assert all((tmp_path / "sweep" / row["combo"] / "manifest.json").exists() for row in rows)
    assert all(row["theme_ami"] is not None for row in rows)


def test_sweep_rejects_a_bad_grid(tmp_path):
    result = runner.invoke(app, ["sweep", str(tmp_path), "--grid", "themes.n_themes", "--references", str(tmp_path)])
    assert result.exit_code == 2


def test_sweep_writes_results_csv_and_a_chart(small_run, tmp_path):
    import csv

    folder, meeting = small_run
    args = ["sweep", str(meeting), "--grid", "themes.n_themes=3,4", "--grid", "quotes.top_n=5,10",
            "--references", str(meeting), "--set", f'cache.dir="{folder / "cache"}"', "--set", "editor.enabled=false"]
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "sweep"), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    with open(tmp_path / "sweep" / "results.csv", encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert [row["combo"] for row in table] == [row["combo"] for row in rows] and len(table) == 4
    assert [(row["themes.n_themes"], row["quotes.top_n"]) for row in table] == [("3", "5"), ("3", "10"), ("4", "5"), ("4", "10")]
    for written, returned in zip(table, rows):
        for metric in ("rouge1", "rouge2", "rougeL", "theme_ami", "quote_hit_rate"):
            assert (written[metric] == "") if returned[metric] is None else float(written[metric]) == returned[metric]
        assert written["settings_hash"] == returned["settings_hash"] and written["n_processed"] == "1"
    chart = (tmp_path / "sweep" / "results.svg").read_text(encoding="utf-8")
    assert chart.lstrip().startswith("<?xml") and "<svg" in chart and "<dc:date>" not in chart
    again = runner.invoke(app, [*args, "--out", str(tmp_path / "again"), "--json"])
    assert again.exit_code == 0
    assert (tmp_path / "again" / "results.svg").read_text(encoding="utf-8") == chart
def test_evaluate_with_no_matching_reference_fails_naming_both_sides(small_run, tmp_path):
    folder, meeting = small_run
    (tmp_path / "other-meeting.json").write_text(json.dumps({"summary": "Something else."}), encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(folder / "out"), "--references", str(tmp_path / "other-meeting.json")])
    assert result.exit_code == 2, result.output
    assert meeting.stem.lower() in result.output and "other-meeting" in result.output
    assert "has a reference" in result.output

"""`roundtable quotes` and `roundtable score`, in-process."""

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

from .conftest import SAMPLES

runner = CliRunner()
SAMPLE = SAMPLES / "qmsum-education-1.json"
SEED = "If we really want to see change we have to stop buying the old models."


@pytest.fixture(scope="module")
def report_path(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("quotes-cli")
    result = runner.invoke(app, ["run", str(SAMPLE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "qmsum-education-1" / "report.json"


def test_quotes_lists_a_report_in_the_terminal(report_path):
    result = runner.invoke(app, ["quotes", str(report_path), "--top", "3"])
    assert result.exit_code == 0, result.output
    assert "  1. [" in result.output and "why:" in result.output
    assert "  4. [" not in result.output


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
def test_quotes_formats(report_path, fmt):
    result = runner.invoke(app, ["quotes", str(report_path), "--format", fmt, "-n", "5"])
    assert result.exit_code == 0, result.output
    report = json.loads(report_path.read_text(encoding="utf-8"))
    best = report["quotes"][0]
    if fmt == "json":
        quotes = json.loads(result.output)
        assert quotes == report["quotes"][:5]
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.output)))
        assert len(rows) == min(5, len(report["quotes"])) and rows[0]["text"] == best["text"]
    else:
        assert result.output.startswith("# Quotes") and "## 1." in result.output


def test_quotes_filters_by_speaker_score_and_length(report_path):
    report = json.loads(report_path.read_text(encoding="utf-8"))
    speaker = report["quotes"][0]["speaker"]
    result = runner.invoke(app, ["quotes", str(report_path), "-f", "json", "--speaker", speaker, "--min-score", "0.5",
                                 "--min-words", "5", "--max-words", "40"])
    assert result.exit_code == 0, result.output
    quotes = json.loads(result.output)
    assert quotes and all(q["speaker"] == speaker and q["score"] >= 0.5 and 5 <= q["n_words"] <= 40 for q in quotes)


def test_quotes_theme_filter_uses_the_reports_themes(report_path):
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["themes"], "the run writes themes with quote_ids"
    theme = report["themes"][0]
    result = runner.invoke(app, ["quotes", str(report_path), "-f", "json", "--theme", theme["label"]])
    assert result.exit_code == 0, result.output
    ids = [q["id"] for q in json.loads(result.output)]
    assert set(ids) <= set(theme["quote_ids"])
    assert ids == [q["id"] for q in report["quotes"] if q["id"] in set(theme["quote_ids"])]


def test_quotes_unknown_theme_is_a_usage_error_naming_the_themes(report_path):
    report = json.loads(report_path.read_text(encoding="utf-8"))
    result = runner.invoke(app, ["quotes", str(report_path), "--theme", "no such theme"])
    assert result.exit_code == 2
    assert "no theme named 'no such theme'" in result.output and report["themes"][0]["label"] in result.output


def test_quotes_reads_a_transcript_with_settings(nlp):
    result = runner.invoke(app, ["quotes", str(SAMPLE), "-f", "json", "--set", "quotes.top_n=3"])
    assert result.exit_code == 0, result.output
    assert 1 <= len(json.loads(result.output)) <= 3
    bad = runner.invoke(app, ["quotes", str(SAMPLE), "--set", "quotes.top_n=0"])
    assert bad.exit_code == 2 and "quotes.top_n" in bad.output


def test_quotes_of_a_missing_file(tmp_path):
    result = runner.invoke(app, ["quotes", str(tmp_path / "nope.json")])
    assert result.exit_code == 1 and "does not exist" in result.output


def test_score_prints_one_json_line_per_line(tmp_path, nlp):
    lines = tmp_path / "lines.txt"
    lines.write_text(f"{SEED}\n\nYeah, I think so, thank you.\nAnd that was what it was.\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(lines)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [row["text"] for row in rows] == [SEED, "Yeah, I think so, thank you.", "And that was what it was."]
    assert all(set(row) == {"text", "score", "features"} for row in rows)
    assert rows[0]["score"] > rows[1]["score"] and rows[0]["score"] > rows[2]["score"]


def test_score_explains_and_reads_stdin(nlp):
    result = runner.invoke(app, ["score", "-", "--explain"], input=SEED + "\n")
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)
    assert row["text"] == SEED and row["reasons"]


def test_score_honours_weight_settings(tmp_path, nlp):
    lines = tmp_path / "lines.txt"
    lines.write_text(SEED + "\n", encoding="utf-8")
    hand = ["--set", "quotes.ranker=hand"]
    plain = json.loads(runner.invoke(app, ["score", str(lines), *hand]).output)
    no_claim = json.loads(runner.invoke(app, ["score", str(lines), *hand, "--set", "quotes.weights.claim=0"]).output)
    assert no_claim["score"] < plain["score"]
    # The learned ranker (the default) does not read the hand weights.
    learned = json.loads(runner.invoke(app, ["score", str(lines)]).output)
    assert json.loads(runner.invoke(app, ["score", str(lines), "--set", "quotes.weights.claim=0"]).output) == learned


def test_score_of_a_missing_file(tmp_path):
    result = runner.invoke(app, ["score", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1 and "does not exist" in result.output


@pytest.mark.parametrize("command", ["quotes", "score"])
def test_commands_have_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output

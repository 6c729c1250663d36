"""Reruns: byte-identical outputs whatever the input order or PYTHONHASHSEED, the stage cache, the manifest."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.runner import run
from pipeline.settings import load_settings

from .conftest import SAMPLES, shared_meetings

SMALL_MEETINGS = [p for p in shared_meetings("qmsum/ami") if p.stat().st_size < 60_000][:2]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _settings(tmp_path: Path, *extra: str):
    return load_settings(overrides=[f'cache.dir="{tmp_path / "cache"}"', *extra])


def test_outputs_are_byte_identical_across_hash_seeds_and_input_order(tmp_path):
    inputs = [str(p) for p in SMALL_MEETINGS] + [str(SAMPLES)]
    runs = {"a": ("0", inputs), "b": ("123", list(reversed(inputs)))}
    for name, (hash_seed, args) in runs.items():
        # Separate caches (the default cache.dir under separate homes, so the settings hash is the same):
        # the second run must compute everything itself, not read the first one's results.
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "HOME": str(tmp_path / f"home-{name}")}
        command = [sys.executable, "-m", "pipeline", "run", *args, "--out", str(tmp_path / name)]
        completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert completed.returncode == 0, completed.stderr
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert sorted(first) == sorted(second)
    assert len(first) > 20
    for name in first:
        if name != "manifest.json":
            assert first[name] == second[name], f"{name} differs between the two runs"
    manifest_a = json.loads(first["manifest.json"])
    manifest_b = json.loads(second["manifest.json"])
    assert [r["output_sha256"] for r in manifest_a["inputs"]] == [r["output_sha256"] for r in manifest_b["inputs"]]


def test_report_rebuilt_from_the_stage_cache_is_byte_identical(tmp_path):
    settings = _settings(tmp_path)
    meeting = SMALL_MEETINGS[0]
    first = run([meeting], settings, out_dir=tmp_path / "a")
    second = run([meeting], settings, out_dir=tmp_path / "b")
    assert first.inputs[0].status == "processed"
    assert not any(first.inputs[0].stages_cached.values())
    assert all(second.inputs[0].stages_cached.values()) and second.inputs[0].parse_cached
    # A new output folder: everything came from the cache but the files had to be written.
    assert second.inputs[0].status == "processed"
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert {k: v for k, v in a.items() if k != "manifest.json"} == {k: v for k, v in b.items() if k != "manifest.json"}


def test_rerun_with_nothing_changed_is_cached_and_rewrites_nothing(tmp_path):
    settings = _settings(tmp_path)
    meeting = SMALL_MEETINGS[0]
    run([meeting], settings, out_dir=tmp_path / "out")
    report = next((tmp_path / "out").glob("*/report.json"))
    before = report.stat().st_mtime_ns, report.stat().st_ino
    again = run([meeting], settings, out_dir=tmp_path / "out")
    assert again.inputs[0].status == "cached"
    assert (report.stat().st_mtime_ns, report.stat().st_ino) == before
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["n_cached"] == 1 and manifest["n_processed"] == 1


def test_changing_only_theme_settings_reuses_parse_and_quotes(tmp_path):
    meeting = SMALL_MEETINGS[0]
    run([meeting], _settings(tmp_path), out_dir=tmp_path / "a")
    changed = run([meeting], _settings(tmp_path, "themes.n_themes=4"), out_dir=tmp_path / "b")
    record = changed.inputs[0]
    assert record.parse_cached and record.stages_cached == {"quotes": True, "themes": False, "summary": False}
    assert record.status == "processed"
    # Themes computed from the cached quotes equal those computed from fresh ones.
    fresh = run([meeting], load_settings(overrides=["cache.enabled=false", "themes.n_themes=4"]), out_dir=tmp_path / "c")
    name = f"{fresh.inputs[0].transcript_id}/report.json"
    reports = [json.loads((tmp_path / folder / name).read_text()) for folder in ("b", "c")]
    for report in reports:
        del report["settings_hash"]
    assert reports[0] == reports[1]


def test_manifest_lists_stage_timings_seed_and_output_hashes(tmp_path):
    run([SMALL_MEETINGS[0]], _settings(tmp_path, "seed=7"), out_dir=tmp_path / "out")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["seed"] == 7
    assert set(manifest["stage_seconds"]) == {"read", "parse", "quotes", "themes", "summary", "write"}
    record = manifest["inputs"][0]
    assert set(record["seconds"]) == {"read", "parse", "quotes", "themes", "summary", "write"}
    assert set(record["output_sha256"]) == set(record["outputs"])
    for name, digest in record["output_sha256"].items():
        assert hashlib.sha256((tmp_path / "out" / name).read_bytes()).hexdigest() == digest
    for entry in manifest["outputs"]:
        assert hashlib.sha256((tmp_path / "out" / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]


def test_rejected_input_is_recorded_with_its_reason(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary\x00" * 100)
    result = run([bad], _settings(tmp_path), out_dir=tmp_path / "out")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert not result.ok
    assert manifest["inputs"][0]["status"] == "rejected" and manifest["inputs"][0]["error"]["reason"]


@pytest.mark.parametrize("with_out_dir", [True, False])
def test_run_result_gives_dataframes_for_notebooks(tmp_path, with_out_dir):
    meetings = [SAMPLES / "council-roundtable-2011.txt", SMALL_MEETINGS[0]]
    out = tmp_path / "out" if with_out_dir else None
    result = run(meetings, _settings(tmp_path, "editor.enabled=false"), out_dir=out)
    assert (result.reports is None) == with_out_dir
    ids = sorted(r.transcript_id for r in result.inputs)
    for frame in (result.turns, result.quotes, result.themes, result.speakers):
        assert list(frame.columns)[0] == "transcript_id"
        assert sorted(frame["transcript_id"].unique()) == ids
    assert len(result.turns) == sum(r.n_turns for r in result.inputs)
    assert {"text", "speaker", "rank", "score"} <= set(result.quotes.columns)
    assert {"label", "share"} <= set(result.themes.columns)


def test_jobs_give_the_same_outputs_and_manifest_records_as_one_job(tmp_path):
    inputs = [*SMALL_MEETINGS, SAMPLES / "council-roundtable-2011.txt", SAMPLES / "housing-panel-2024.vtt"]
    # No cache, so the workers parse and compute everything themselves.
    settings = load_settings(overrides=["cache.enabled=false", "editor.enabled=false"])
    one = run(inputs, settings, out_dir=tmp_path / "one", jobs=1)
    two = run(inputs, settings, out_dir=tmp_path / "two", jobs=2)
    assert [r.path for r in one.inputs] == [r.path for r in two.inputs]
    assert [r.output_sha256 for r in one.inputs] == [r.output_sha256 for r in two.inputs]
    assert [r.status for r in two.inputs] == ["processed"] * len(inputs)
    a, b = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert {k: v for k, v in a.items() if k != "manifest.json"} == {k: v for k, v in b.items() if k != "manifest.json"}


def test_run_command_refuses_zero_jobs(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, ["run", str(SAMPLES), "--out", str(tmp_path / "out"), "--jobs", "0"])
    assert result.exit_code == 2

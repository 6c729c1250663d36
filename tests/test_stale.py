"""Outputs a rerun no longer writes are removed, and only those (pipeline/stale.py, pipeline/runner.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.runner import run
from pipeline.settings import load_settings
from pipeline.stale import PREVIOUS_FILE, keep_previous_listing, listed_outputs

TALK = "Ann: We should fund the {0} this year, because people use it every day.\nBob: I agree, the {0} matters.\n"


def _settings(tmp_path: Path, *overrides: str):
    return load_settings(overrides=[f'cache.dir="{tmp_path / "cache"}"', *overrides])


def _inputs(tmp_path: Path, *names: str) -> list[Path]:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    paths = []
    for name in names:
        paths.append(folder / f"{name}.txt")
        paths[-1].write_text(TALK.format(name), encoding="utf-8")
    return paths


def _files(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}


def test_report_folders_of_inputs_gone_or_now_rejected_are_removed_and_user_files_kept(tmp_path, nlp):
    library, buses, parks = _inputs(tmp_path, "library", "buses", "parks")
    out = tmp_path / "out"
    assert run([library, buses, parks], _settings(tmp_path), out_dir=out).ok
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    (out / "parks" / "my-edit.md").write_text("mine", encoding="utf-8")
    buses.write_text("", encoding="utf-8")  # now rejected
    result = run([library, buses], _settings(tmp_path), out_dir=out)  # parks is gone from the batch
    assert [r.status for r in result.inputs] == ["rejected", "cached"]
    assert not (out / "buses").exists()
    assert sorted(p.name for p in (out / "parks").iterdir()) == ["my-edit.md"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my notes"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "buses/report.json" in manifest["removed"] and "parks/quotes.csv" in manifest["removed"]
    assert not any(path.startswith("library/") for path in manifest["removed"])
    assert not (out / PREVIOUS_FILE).exists()
    assert {p.split("/")[0] for p in _files(out)} == {"library", "parks", "notes.txt", "manifest.json", "digest.md",
                                                      "index.html", ".roundtable.lock"}


def test_switching_the_editor_off_removes_the_pages_it_wrote(tmp_path, nlp):
    paths = _inputs(tmp_path, "library")
    out = tmp_path / "out"
    run(paths, _settings(tmp_path), out_dir=out)
    assert (out / "index.html").is_file() and (out / "library" / "report.html").is_file()
    run(paths, _settings(tmp_path, "editor.enabled=false"), out_dir=out)
    assert not (out / "index.html").exists() and not (out / "library" / "report.html").exists()
    assert (out / "library" / "report.json").is_file()
    assert set(json.loads((out / "manifest.json").read_text())["removed"]) == {"index.html", "library/report.html"}


def test_a_run_killed_before_its_manifest_still_knows_the_outputs_of_the_run_before(tmp_path, nlp, monkeypatch):
    library, buses = _inputs(tmp_path, "library", "buses")
    out = tmp_path / "out"
    run([library, buses], _settings(tmp_path), out_dir=out)
    import pipeline.runner as runner_module

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # as Ctrl-C once every report is written

    monkeypatch.setattr(runner_module, "_write_batch_outputs", killed)
    with pytest.raises(KeyboardInterrupt):
        run([library], _settings(tmp_path), out_dir=out)
    assert not (out / "manifest.json").exists() and (out / PREVIOUS_FILE).is_file()
    monkeypatch.undo()
    run([library], _settings(tmp_path), out_dir=out)
    assert not (out / "buses").exists() and (out / "library" / "report.json").is_file()


def test_only_plain_paths_below_out_are_ever_listed(tmp_path):
    manifest = {
        "complete": True,
        "inputs": [{"outputs": ["a/report.json", "../outside.txt", "/etc/passwd", "a/../../x", 3]}],
        "outputs": [{"path": "digest.md"}, {"path": "..\\x"}],
    }
    assert listed_outputs(manifest) == ["a/report.json", "digest.md"]
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert keep_previous_listing(tmp_path) == ["a/report.json", "digest.md"]

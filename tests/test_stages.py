"""The stage protocol: versions in the cache keys and the manifest, and outputs pinned to versions."""

from __future__ import annotations

import dataclasses
import json

import pytest

from pipeline import compute, runner
from pipeline.settings import load_settings
from pipeline.stages import STAGES

from .conftest import SAMPLES, SHARED_DATA
from .stage_fingerprints import fingerprints, meeting_paths, stored

SAMPLE = SAMPLES / "council-roundtable-2011.txt"


def _bumped(name: str) -> tuple:
    return tuple(dataclasses.replace(s, version=s.version + "-next") if s.name == name else s for s in STAGES)


def test_new_quote_code_is_not_served_from_the_cache(tmp_path, monkeypatch):
    """The stale-cache case: a quote feature changes (and its stage version with it); a rerun with the same
    cache recomputes the quotes and everything after them instead of reporting yesterday's scores."""
    settings = load_settings(overrides=[f'cache.dir="{tmp_path / "cache"}"'])
    first = runner.run([SAMPLE], settings, out_dir=tmp_path / "out")
    old = json.loads((tmp_path / "out" / first.inputs[0].transcript_id / "report.json").read_text())

    real = compute.extract_quotes

    def rescored(parsed, quote_settings):
        return [dataclasses.replace(q, score=round(q.score / 2, 6)) for q in real(parsed, quote_settings)]

    monkeypatch.setattr(compute, "extract_quotes", rescored)
    monkeypatch.setattr(compute, "STAGES", _bumped("quotes"))
    second = runner.run([SAMPLE], settings, out_dir=tmp_path / "out")
    record = second.inputs[0]
    assert record.status == "processed" and record.parse_cached
    assert record.stages_cached == {"quotes": False, "themes": False, "summary": False}
    new = json.loads((tmp_path / "out" / record.transcript_id / "report.json").read_text())
    assert [q["score"] for q in new["quotes"]] == [round(q["score"] / 2, 6) for q in old["quotes"]]


def test_a_later_stage_version_leaves_earlier_stages_cached(tmp_path, monkeypatch):
    settings = load_settings(overrides=[f'cache.dir="{tmp_path / "cache"}"'])
    runner.run([SAMPLE], settings, out_dir=tmp_path / "out")
    monkeypatch.setattr(compute, "STAGES", _bumped("summary"))
    record = runner.run([SAMPLE], settings, out_dir=tmp_path / "out").inputs[0]
    assert record.stages_cached == {"quotes": True, "themes": True, "summary": False}


def test_manifest_lists_each_stage_with_its_version(tmp_path):
    settings = load_settings(overrides=[f'cache.dir="{tmp_path / "cache"}"'])
    runner.run([SAMPLE], settings, out_dir=tmp_path / "out")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["stages"] == {
        stage.name: {"version": stage.version, "section": stage.section, "requires": list(stage.requires)}
        for stage in STAGES
    }


@pytest.mark.slow
def test_stage_outputs_change_only_with_their_version(parse_meeting):
    """Fails when a stage's outputs changed on these meetings but its version in pipeline/stages.py did not:
    bump it, then refresh with `python tests/stage_fingerprints.py --update`."""
    pinned = stored()
    now = fingerprints(parse_meeting, meeting_paths(SHARED_DATA))
    for stage in STAGES:
        if pinned[stage.name]["version"] != stage.version:
            pytest.fail(f"stage {stage.name} is at version {stage.version} but the fingerprints are of version "
                        f"{pinned[stage.name]['version']}: run `python tests/stage_fingerprints.py --update`")
        changed = sorted(k for k, v in now[stage.name].items() if pinned[stage.name]["outputs"].get(k) != v)
        assert not changed, (
            f"the {stage.name} stage's outputs changed on {', '.join(changed)} but its version is still "
            f"{stage.version}: bump it in pipeline/stages.py, then run `python tests/stage_fingerprints.py --update`"
        )

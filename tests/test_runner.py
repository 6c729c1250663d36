import json
from pathlib import Path

import pytest

from pipeline.runner import collect_inputs, run
from pipeline.settings import Settings

from .conftest import shared_meetings


def test_collect_inputs_sorts_skips_docs_and_sidecars(tmp_path: Path):
    (tmp_path / "b.txt").write_text("A: x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.vtt").write_text("WEBVTT", encoding="utf-8")
    for name in ("README.md", "LICENSE-NOTES.md", "b.participants.yaml", "participants.csv", ".hidden.txt", "x.pdf"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = collect_inputs([tmp_path], Settings())
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["b.txt", "sub/a.vtt"]
    # a file named explicitly is kept even when unsupported, so it can be reported
    assert collect_inputs([tmp_path / "x.pdf"], Settings()) == [tmp_path / "x.pdf"]


def test_same_id_from_two_files_gets_a_suffix(tmp_path: Path, nlp):
    meeting = shared_meetings("qmsum/ami")[0]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "meeting.json").write_bytes(meeting.read_bytes())
    result = run([tmp_path / "a", tmp_path / "b"], Settings(), out_dir=tmp_path / "out")
    assert [r.transcript_id for r in result.inputs] == ["meeting", "meeting-2"]
    assert result.ok


def test_outputs_are_identical_across_runs_and_input_orders(tmp_path: Path, nlp):
    meetings = shared_meetings("qmsum/ami")[:2]
    run(meetings, Settings(), out_dir=tmp_path / "one")
    run(list(reversed(meetings)), Settings(), out_dir=tmp_path / "two")
    for meeting in meetings:
        for name in ("report.json", "turns.csv"):
            first = (tmp_path / "one" / meeting.stem.lower() / name).read_bytes()
            second = (tmp_path / "two" / meeting.stem.lower() / name).read_bytes()
            assert first == second
    manifest = json.loads((tmp_path / "one" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["complete"] is True
    assert all(entry["sha256"] and entry["size"] for entry in manifest["inputs"])


def test_a_batch_collects_cycles_less_often_and_restores_the_thresholds_after():
    import gc

    from pipeline.runner import GC_FIRST_THRESHOLD, fewer_collections

    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] >= GC_FIRST_THRESHOLD
        assert gc.get_threshold()[1:] == before[1:]
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError):
        with fewer_collections():
            raise RuntimeError("a failing batch")
    assert gc.get_threshold() == before


@pytest.mark.parametrize("as_type", [str, Path])
def test_one_path_not_in_a_list_is_one_input(tmp_path: Path, as_type):
    (tmp_path / "meeting.txt").write_text("A: x", encoding="utf-8")
    assert collect_inputs(as_type(tmp_path / "meeting.txt"), Settings()) == [tmp_path / "meeting.txt"]
    assert collect_inputs(as_type(tmp_path), Settings()) == [tmp_path / "meeting.txt"]


@pytest.mark.parametrize("marker", ["manifest", "lock"])
def test_folder_discovery_skips_our_own_output_folders(tmp_path: Path, marker):
    (tmp_path / "meeting.txt").write_text("A: x", encoding="utf-8")
    out = tmp_path / "out"
    (out / "meeting").mkdir(parents=True)
    (out / "meeting" / "summary.md").write_text("# x", encoding="utf-8")
    (out / "digest.md").write_text("# x", encoding="utf-8")
    if marker == "manifest":
        (out / "manifest.json").write_text('{"manifest_version": "1.1", "settings_hash": "x"}', encoding="utf-8")
    else:
        (out / ".roundtable.lock").write_text("", encoding="utf-8")
    assert collect_inputs([tmp_path], Settings()) == [tmp_path / "meeting.txt"]


def test_a_manifest_json_that_is_not_ours_does_not_hide_a_folder(tmp_path: Path):
    (tmp_path / "manifest.json").write_text('{"name": "a web app"}', encoding="utf-8")
    (tmp_path / "meeting.txt").write_text("A: x", encoding="utf-8")
    assert tmp_path / "meeting.txt" in collect_inputs([tmp_path], Settings())


def test_a_missing_path_or_a_folder_without_transcripts_is_refused_by_name(tmp_path: Path):
    from pipeline.errors import InputPathError
    from pipeline.runner import discover_inputs

    with pytest.raises(InputPathError, match="nope.vtt"):
        collect_inputs([tmp_path / "nope.vtt"], Settings())
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputPathError, match="empty.*no files"):
        collect_inputs([tmp_path / "empty"], Settings())
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "pdfs" / "notes.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputPathError, match="notes.pdf"):
        collect_inputs([tmp_path / "pdfs"], Settings())
    (tmp_path / "pdfs" / "meeting.txt").write_text("A: x", encoding="utf-8")
    found = discover_inputs(tmp_path / "pdfs", Settings())
    assert found.paths == [tmp_path / "pdfs" / "meeting.txt"]
    assert found.skipped == [tmp_path / "pdfs" / "notes.pdf"]

"""The write layer: CSV cells a spreadsheet would run as formulas."""

import csv
import io

import pandas as pd
import pytest
from pathlib import Path

from pipeline.writers import csv_text, write_csv_atomic


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1 for that", "-- as I said", "@SUM(A1)", "\tindented", "\rodd"])
def test_a_text_cell_starting_like_a_formula_gets_an_apostrophe(text):
    body = csv_text(pd.DataFrame({"text": [text]})).split("\n", 1)[1]
    assert body.lstrip('"').startswith("'" + text[0])


def test_numbers_and_plain_text_are_written_as_they_are(tmp_path):
    frame = pd.DataFrame({"score": [-0.5, 1.25], "turn_index": [-1, 3], "text": ["Fine.", "a = b"], "start": [None, "-"]})
    path = write_csv_atomic(tmp_path / "quotes.csv", frame)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    assert rows[1][:3] == ["-0.5", "-1", "Fine."]
    assert rows[2][:3] == ["1.25", "3", "a = b"]
    assert rows[2][3] == "'-"
    assert frame["start"][1] == "-"  # the caller's frame is not changed


def _folder(tmp_path):
    folder = tmp_path / "meeting"
    folder.mkdir()
    (folder / "a.txt").write_text("old a", encoding="utf-8")
    (folder / "b.txt").write_text("old b", encoding="utf-8")
    return folder


def _contents(folder):
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def test_a_folder_update_stopped_before_commit_leaves_the_old_files(tmp_path):
    from pipeline.writers import FolderUpdate

    folder = _folder(tmp_path)
    with pytest.raises(RuntimeError):
        with FolderUpdate(folder) as update:
            update.write_text("a.txt", "new a")
            raise RuntimeError("killed while rendering b")
    assert _contents(folder) == {"a.txt": "old a", "b.txt": "old b"}


def test_a_committed_folder_update_cut_short_is_finished_by_the_next_run(tmp_path, monkeypatch):
    import os

    from pipeline import writers
    from pipeline.writers import JOURNAL_FILE, FolderUpdate, locked_output_folder

    out = tmp_path
    folder = _folder(tmp_path)
    replaced = []
    real_replace = os.replace

    def killed_after_one(source, target):
        if Path(target).name != JOURNAL_FILE and replaced:
            raise KeyboardInterrupt  # as SIGKILL between two moves
        real_replace(source, target)
        if Path(target).name != JOURNAL_FILE:
            replaced.append(target)

    monkeypatch.setattr(writers.os, "replace", killed_after_one)
    with pytest.raises(KeyboardInterrupt):
        with FolderUpdate(folder) as update:  # leaving the block must not discard what the journal names
            update.write_text("a.txt", "new a")
            update.write_text("b.txt", "new b")
            update.write_text("c.txt", "same")
            update.commit()
    monkeypatch.undo()
    assert (folder / JOURNAL_FILE).exists()
    with locked_output_folder(out):
        pass
    assert _contents(folder) == {"a.txt": "new a", "b.txt": "new b", "c.txt": "same"}


def test_an_unchanged_file_is_not_rewritten_by_a_folder_update(tmp_path):
    from pipeline.writers import FolderUpdate

    folder = _folder(tmp_path)
    before = (folder / "a.txt").stat().st_ino
    with FolderUpdate(folder) as update:
        update.write_text("a.txt", "old a")
        update.write_text("b.txt", "new b")
        assert [p.name for p in update.commit()] == ["a.txt", "b.txt"]
    assert (folder / "a.txt").stat().st_ino == before and _contents(folder)["b.txt"] == "new b"

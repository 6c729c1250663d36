"""Progress of `roundtable run` on stderr (pipeline/cli_progress.py): lines always, a bar only on a terminal."""

from __future__ import annotations

import io

from rich.console import Console
from typer.testing import CliRunner

from pipeline.cli import EXIT_REJECTED, app, progress_line
from pipeline.cli_progress import RunProgress
from pipeline.runner import InputRecord

DONE = InputRecord(
    path="a.txt", status="processed", transcript_id="a", n_turns=3, n_words=40, seconds={"read": 0.25, "parse": 1.5}
)
REJECTED = InputRecord(
    path="b.txt", status="rejected", error={"path": "b.txt", "message": "b.txt: is empty", "line": None}
)


def _inputs(tmp_path):
    paths = [tmp_path / "a.txt", tmp_path / "b.txt"]
    paths[0].write_bytes(b"x" * 300)
    paths[1].write_bytes(b"x" * 100)
    return paths


def _console(*, terminal: bool) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=terminal, width=160), buffer


def test_on_a_terminal_a_bar_shows_inputs_done_eta_and_time_per_stage(tmp_path):
    console, screen = _console(terminal=True)
    plain: list[str] = []
    progress = RunProgress(_inputs(tmp_path), progress_line, plain.append, console=console)
    with progress:
        progress(DONE)
        progress(REJECTED)
    text = screen.getvalue()
    assert "1/2 inputs" in text and "2/2 inputs" in text and "ETA" in text
    assert "read 0.2s · parse 1.5s" in text
    assert "ok        a.txt -> a/ (3 turns, 40 words)" in text and "REJECTED  b.txt: is empty" in text
    assert plain == []  # on a terminal the lines go above the bar


def test_without_a_terminal_there_is_no_bar_only_the_lines(tmp_path):
    console, screen = _console(terminal=False)
    plain: list[str] = []
    progress = RunProgress(_inputs(tmp_path), progress_line, plain.append, console=console)
    with progress:
        progress(DONE)
        progress(REJECTED)
    assert screen.getvalue() == ""
    assert plain == [progress_line(DONE), progress_line(REJECTED)]
    assert progress.seconds == {"read": 0.25, "parse": 1.5} and progress.finished == [DONE, REJECTED]


def test_quiet_shows_no_bar_and_only_rejected_inputs(tmp_path):
    console, screen = _console(terminal=True)
    plain: list[str] = []
    progress = RunProgress(_inputs(tmp_path), progress_line, plain.append, quiet=True, console=console)
    with progress:
        progress(DONE)
        progress(REJECTED)
    assert screen.getvalue() == "" and plain == [progress_line(REJECTED)]


def test_run_quiet_writes_only_what_went_wrong(tmp_path, nlp):
    good = tmp_path / "good.txt"
    good.write_text("Ann: We should fund the library this year.\nBob: I agree with that plan.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["run", str(good), str(empty), "--out", str(tmp_path / "out"), "--quiet",
         "--set", f'cache.dir="{tmp_path / "cache"}"'],
    )  # fmt: skip
    assert result.exit_code == EXIT_REJECTED, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "REJECTED" in lines[0] and "empty.txt" in lines[0], result.stderr

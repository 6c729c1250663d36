"""Reliability: a killed or interrupted run and its rerun, the output folder's lock, stale temp files, and
a batch with every kind of bad input (pipeline/runner.py, pipeline/writers.py, pipeline/cli.py)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pipeline.cli import EXIT_INTERRUPTED, EXIT_MODEL, EXIT_OUTPUT, EXIT_REJECTED, EXIT_USAGE, app
from pipeline.errors import TranscriptError
from pipeline.readers import SUPPORTED_EXTENSIONS, read_transcript
from pipeline.runner import run
from pipeline.settings import load_settings
from pipeline.themes.persistence import FORMAT, FORMAT_VERSION, _versions
from pipeline.writers import LOCK_FILE, _temp_file

from .conftest import SAMPLES, shared_meetings

runner = CliRunner()
SMALL_MEETINGS = [p for p in shared_meetings("qmsum/ami") if p.stat().st_size < 60_000][:2]
GOOD = (
    "Jane Smith: We have to put the evening buses back, because people cannot get home from work.\n"
    "Bob Jones: I agree. The fares must come down too, or nobody will use the buses we keep.\n"
    "Jane Smith: The council should publish the numbers every month, so residents can judge for themselves.\n"
    "Bob Jones: Libraries matter as much as buses. They are the only warm, free place left in town.\n"
)


def _files(folder: Path) -> dict[str, bytes]:
    """Every file of a run's output folder except manifest.json (which holds times)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


def _command(out: Path, *inputs: Path, jobs: int = 1) -> list[str]:
    return [
        sys.executable, "-m", "pipeline", "run", *map(str, inputs), "--out", str(out), "--jobs", str(jobs),
        "--set", "editor.enabled=false",
    ]  # fmt: skip


def _home(folder: Path) -> dict[str, str]:
    """HOME at `folder`, so a run has a cache of its own (the default cache.dir is under HOME) and still the
    same settings hash, which a different cache.dir would change."""
    return {**os.environ, "HOME": str(folder)}


def _live_processes_in_group(pgid: int) -> list[int]:
    """Processes of a process group that are still running (zombies waiting to be reaped do not count)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            pids.append(int(stat.parent.name))
    return pids


# --- a killed run, Ctrl-C ---


@pytest.mark.slow
def test_a_run_killed_mid_batch_then_rerun_gives_the_outputs_of_an_uninterrupted_run(tmp_path):
    inputs = [SAMPLES, *SMALL_MEETINGS]
    out = tmp_path / "out"
    # The uninterrupted run, with a cache of its own, alongside.
    whole = subprocess.Popen(
        _command(tmp_path / "whole", *inputs), env=_home(tmp_path / "home-whole"), stderr=subprocess.PIPE, text=True
    )
    killed = subprocess.Popen(_command(out, *inputs), env=_home(tmp_path / "home"), stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not any(p.is_dir() for p in out.glob("*")) and time.monotonic() < deadline and killed.poll() is None:
            time.sleep(0.01)
        killed.send_signal(signal.SIGKILL)
    finally:
        killed.kill()
        killed.wait()
    assert killed.returncode == -signal.SIGKILL
    assert not (out / "manifest.json").exists()

    rerun = subprocess.run(
        _command(out, *inputs), env=_home(tmp_path / "home"), capture_output=True, text=True, timeout=300
    )
    assert rerun.returncode == 0, rerun.stderr
    assert whole.wait(timeout=300) == 0, whole.stderr.read()
    assert not list(out.rglob("*.tmp"))
    resumed, uninterrupted = _files(out), _files(tmp_path / "whole")
    assert sorted(resumed) == sorted(uninterrupted)
    assert len(resumed) > 30
    for name in resumed:
        assert resumed[name] == uninterrupted[name], f"{name} differs from the uninterrupted run"
    assert json.loads((out / "manifest.json").read_text())["complete"] is True


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_stops_the_run_cleanly_with_a_message(tmp_path, jobs):
    first = tmp_path / "a-first.txt"
    first.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    # A session of its own, so Ctrl-C can go to the whole process group, as a terminal sends it.
    process = subprocess.Popen(
        _command(out, first, SAMPLES, jobs=jobs), env=_home(tmp_path / "home"), stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        lines, finished = [], None
        for line in process.stderr:
            lines.append(line)
            if line.lstrip().startswith("ok"):
                finished = line.split()[1]  # inputs run in sorted path order, which depends on where the clone is
                os.killpg(process.pid, signal.SIGINT)
                break
        stderr = "".join(lines) + process.stderr.read()
        process.wait(timeout=60)
    finally:
        process.kill()
    assert process.returncode == EXIT_INTERRUPTED, stderr
    assert "Traceback" not in stderr
    message = stderr.strip().splitlines()[-1]
    assert message.startswith(f"Interrupted: the run into {out}/ did not finish")
    assert finished is not None, stderr
    assert f"inputs finished: {finished}" in message and "Run the same command again" in message
    assert not (out / "manifest.json").exists()
    deadline = time.monotonic() + 10
    while _live_processes_in_group(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _live_processes_in_group(process.pid), "a worker outlived the interrupted run"


# --- the output folder ---


def test_a_second_run_on_a_locked_output_folder_fails_at_once_naming_the_lock(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    # A temp file of the run holding the lock: it is still writing it, so it must stay.
    fd, busy = _temp_file(out / "report.json")
    os.close(fd)
    lock = out / LOCK_FILE
    with FileLock(lock).acquire(timeout=0):
        result = runner.invoke(app, ["run", str(SAMPLES / "council-roundtable-2011.txt"), "--out", str(out)])
    assert result.exit_code == EXIT_OUTPUT, result.output
    assert str(lock) in result.output and "another roundtable run is using the output folder" in result.output
    assert sorted(p.name for p in out.iterdir()) == sorted([LOCK_FILE, Path(busy).name])


def test_an_output_folder_that_is_a_file_is_refused_naming_it(tmp_path):
    out = tmp_path / "out"
    out.write_text("not a folder", encoding="utf-8")
    result = runner.invoke(app, ["run", str(SAMPLES / "council-roundtable-2011.txt"), "--out", str(out)])
    assert result.exit_code == EXIT_OUTPUT, result.output
    assert f"{out}: cannot be used as the output folder (it is a file)" in result.output


def test_stale_temp_files_of_a_killed_run_are_removed_and_nothing_else(tmp_path, nlp):
    out = tmp_path / "out"
    stale = []
    for path in (out / "manifest.json", out / "old-meeting" / "report.json", out / "old-meeting" / "turns.csv"):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = _temp_file(path)  # as a run killed mid-write leaves them
        os.close(fd)
        stale.append(Path(name))
    kept = [
        out / "notes.tmp",
        out / ".notes.tmp",
        out / "old-meeting" / "report.json",
        out / "old-meeting" / "deeper" / Path(stale[1]).name,  # only OUT and its immediate subfolders
    ]
    for path in kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("not ours", encoding="utf-8")
    transcript = tmp_path / "meeting.txt"
    transcript.write_text(GOOD, encoding="utf-8")
    settings = load_settings(overrides=[f'cache.dir="{tmp_path / "cache"}"', "editor.enabled=false"])
    assert run([transcript], settings, out_dir=out).ok
    assert not [path for path in stale if path.exists()]
    assert all(path.read_text(encoding="utf-8") == "not ours" for path in kept)
    assert (out / "manifest.json").is_file() and (out / "meeting" / "report.json").is_file()


# --- bad inputs: each in a batch with a good transcript ---

# Short Windows-1252 text that charset-normalizer alone takes for cp1250 ("Naďve").
TEXT_1252 = "Jane: “We need the café open,” she said — it’s €5.\nBob: Naïve, perhaps.\n"
SIZE_LIMIT = 2_000


def _model_meta(**versions: str) -> bytes:
    """A theme model's meta.json, with this installation's library versions unless overridden."""
    meta = {"format": FORMAT, "format_version": FORMAT_VERSION, "versions": {**_versions(), **versions}}
    return json.dumps(meta).encode()


@pytest.fixture(scope="module")
def bad_inputs_cache(tmp_path_factory):
    """One cache for the whole table, so the good transcript is parsed once."""
    return tmp_path_factory.mktemp("cache")


def _rejected(case_id, files, *, reason, line=None, args=(), named=None):
    """The first file, given with good.txt, is rejected: the file at fault (`named`, else the first) and
    its line are in the message."""
    first = next(iter(files))
    expected = {"rejected": named or first, "line": line, "reason": reason}
    return pytest.param(files, [first], list(args), expected, id=case_id)


def _read(case_id, files, *, encoding, args=(), spacy_max_length=None):
    """The first file is read as it is (in `encoding`) and processed."""
    first = next(iter(files))
    expected = {"read": first, "encoding": encoding, "spacy_max_length": spacy_max_length}
    return pytest.param(files, [first], list(args), expected, id=case_id)


def _stops_the_run(case_id, files, args, *, exit_code, names, says):
    """A settings file or model the whole run needs: the run stops before any input, naming it."""
    return pytest.param(files, [], list(args), {"exit": exit_code, "names": names, "says": says}, id=case_id)


SIDECAR_OF = {"talk.txt": b"CE1: We have to stop buying the old buses.\n"}
LONG_TURN = ("Jane: " + " ".join(["We want the evening buses back."] * 250) + "\nBob: Fine.\n").encode()  # 8,000 chars
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))  # the first NUL byte is on line 3
BAD_INPUTS = [
    _rejected("empty", {"empty.txt": b""}, reason="is empty"),
    _rejected("whitespace-only", {"blank.txt": b" \n\t\n  \n"}, reason="is empty"),
    _rejected("no-speaker-labels", {"notes.txt": b"Notes of the meeting.\nNo names.\n"}, reason="no speaker labels", line=1),
    _rejected("binary-renamed-txt", {"photo.txt": PNG}, reason="binary file", line=3),
    _read("utf-16", {"utf16.txt": GOOD.encode("utf-16")}, encoding="utf-16"),
    _read("utf-16-without-bom", {"utf16le.txt": GOOD.encode("utf-16-le")}, encoding="utf-16-le"),
    _read("cp1252", {"legacy.txt": TEXT_1252.encode("cp1252")}, encoding="cp1252"),
    _rejected(
        "invalid-utf8-in-the-middle",
        {"damaged.txt": "Jane: “Buses first.”\nBob: Café ".encode() + b"\xff\xfe" + "cuts.\nJane: No — now.\n".encode()},
        reason="not valid UTF-8",
        line=2,
    ),
    _rejected("nul-bytes", {"nul.txt": b"Jane: Hello.\nBob: Hi\x00there.\n"}, reason="NUL bytes", line=2),
    _rejected(
        "over-size-limit",
        {"long.txt": ("Jane: " + "We want buses. " * 200 + "\n").encode()},
        reason=f"over the size limit of {SIZE_LIMIT:,} bytes",
        args=["--set", f"read.max_bytes={SIZE_LIMIT}"],
    ),
    # Turns are parsed in pieces of at most nlp.max_chunk_chars (20,000 by default; spaCy's max_length is
    # 1,000,000), so a turn over max_length is read. Both are scaled down here to keep the test quick.
    _read(
        "turn-over-spacy-max-length",
        {"long-turn.txt": LONG_TURN},
        encoding="utf-8",
        args=["--set", "nlp.max_chunk_chars=2000"],
        spacy_max_length=5_000,
    ),
    _rejected(
        "broken-vtt",
        {"broken.vtt": b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nJane: Hi\n\n00:00:0x --> 00:00:03.000\nThere\n"},
        reason="cue timing",
        line=6,
    ),
    _rejected(
        "broken-srt",
        {"broken.srt": b"1\n00:00:01,000 --> 00:00:02,000\nJane: Hi\n\n2\n00:00:0x --> 00:00:03,000\nThere\n"},
        reason="not valid SRT",
        line=6,
    ),
    _rejected("broken-docx", {"broken.docx": b"PK\x03\x04 a zip cut short"}, reason="not a readable Word document"),
    _rejected(
        "broken-json", {"broken.json": b'{"turns": [\n  {"speaker": "A", "text": "Hi."},\n  oops\n]}'}, reason="not valid JSON",
        line=3,
    ),
    _rejected("json-nested-too-deeply", {"nested.json": b"[" * 100_000 + b"]" * 100_000}, reason="nested too deeply"),
    _rejected(
        "front-matter-nested-too-deeply",
        {"front.md": b"---\ntitle: " + b"[" * 100_000 + b"\n---\nJane: Hi.\n"},
        reason="nested too deeply",
        line=2,
    ),
    # No participants file at all: the labels stand as they are.
    _read("missing-participants-file", {"talk.txt": SIDECAR_OF["talk.txt"] + b"CE2: Agreed.\n"}, encoding="utf-8"),
    _rejected(
        "malformed-participants-file",
        {**SIDECAR_OF, "talk.participants.yaml": b"- label: CE1\n  name: [unclosed\n"},
        reason="not valid YAML",
        line=3,
        named="talk.participants.yaml",
    ),
    _rejected(
        "participants-file-nested-too-deeply",
        {**SIDECAR_OF, "talk.participants.yaml": b"CE1: " + b"[" * 100_000},
        reason="nested too deeply",
        named="talk.participants.yaml",
    ),
    _stops_the_run(
        "malformed-settings-file",
        {"roundtable.toml": b"[nlp]\nbatch_size = \n"},
        ["--config", "roundtable.toml"],
        exit_code=EXIT_USAGE,
        names="roundtable.toml",
        says="line 2",
    ),
    _stops_the_run(
        "corrupt-theme-model",
        {"model/meta.json": _model_meta(), "model/model.joblib": b"not a pickle"},
        ["--theme-model", "model"],
        exit_code=EXIT_MODEL,
        names="model/model.joblib",
        says="is corrupt",
    ),
    _stops_the_run(
        "wrong-version-theme-model",
        {"model/meta.json": _model_meta(**{"scikit-learn": "0.0.1"}), "model/model.joblib": b"never read"},
        ["--theme-model", "model"],
        exit_code=EXIT_MODEL,
        names="model: theme model was saved by other library versions",
        says="scikit-learn 0.0.1 when saved",
    ),
]


@pytest.mark.parametrize(("files", "inputs", "args", "expected"), BAD_INPUTS)
def test_each_bad_input_is_named_and_the_rest_of_the_batch_processed(
    tmp_path, monkeypatch, nlp, bad_inputs_cache, files, inputs, args, expected
):
    for name, data in {"good.txt": GOOD.encode(), **files}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    if expected.get("spacy_max_length"):
        monkeypatch.setattr(nlp, "max_length", expected["spacy_max_length"])
    monkeypatch.chdir(tmp_path)  # paths in messages and the manifest are then just the names
    result = runner.invoke(
        app,
        ["run", "good.txt", *inputs, "--out", "out", "--set", f'cache.dir="{bad_inputs_cache}"',
         "--set", "editor.enabled=false", *args],
    )  # fmt: skip
    if "exit" in expected:  # the run cannot start
        assert result.exit_code == expected["exit"], result.output
        assert expected["names"] in result.output and expected["says"] in result.output
        assert "Traceback" not in result.output
        return
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    records = {record["path"]: record for record in manifest["inputs"]}
    assert records["good.txt"]["status"] == "processed"
    if "read" in expected:
        assert result.exit_code == 0, result.output
        record = records[expected["read"]]
        assert record["status"] == "processed" and record["encoding"] == expected["encoding"]
        report = json.loads((tmp_path / "out" / record["transcript_id"] / "report.json").read_text(encoding="utf-8"))
        source = (tmp_path / expected["read"]).read_text(encoding=expected["encoding"])
        turns = report["transcript"]["turns"]
        assert [f"{turn['speaker']}: {turn['text']}\n" for turn in turns] == source.splitlines(keepends=True)
        return
    assert result.exit_code == EXIT_REJECTED, result.output
    record = records[inputs[0]]
    error = record["error"]
    assert record["status"] == "rejected"
    assert Path(error["path"]).name == expected["rejected"] and error["line"] == expected["line"]
    assert expected["reason"] in error["message"]
    where = expected["rejected"] if expected["line"] is None else f"{expected['rejected']}, line {expected['line']}"
    rejected_line = next(line for line in result.output.splitlines() if "REJECTED" in line)
    assert where in rejected_line and inputs[0] in rejected_line  # the transcript too, when its sidecar is at fault


# --- any bytes, any reader ---

_LINE_BREAKS = re.compile(rb"\r\n|\r|\n")
_SHAPES = ["Jane Smith: ", "WEBVTT\n", "1\n00:00:01,000 --> 00:00:02,000\n", "---\ntitle: [\n---\n", '{"turns": [', "\n", "é"]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    data=st.binary(max_size=200)
    | st.lists(st.sampled_from(_SHAPES) | st.text(max_size=20)).map(lambda parts: "".join(parts).encode())
    | st.text(max_size=200).map(lambda text: text.encode("cp1252", errors="ignore")),
    extension=st.sampled_from(SUPPORTED_EXTENSIONS),
)
def test_any_file_reads_or_raises_transcript_error_with_a_line_inside_it(data, extension):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"x{extension}"
        path.write_bytes(data)
        try:
            transcript = read_transcript(path)
        except TranscriptError as exc:
            assert exc.path == str(path)
            assert exc.line is None or 1 <= exc.line <= len(_LINE_BREAKS.split(data))
        else:
            assert transcript.turns

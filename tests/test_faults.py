"""The fault battery of issue 19: every fault gets a clear answer and nothing is lost.

Faults are injected into a rerun that changes every report (old outputs -> new outputs): the disk fills at
the k-th write, for every k; permission is denied on one report folder mid-run; a crash at the k-th move of
a file into place, for every k; `roundtable run` killed with SIGKILL at seeded random points. After each, as
the next run into the folder sees it (it first finishes committed folder updates, pipeline/writers.py),
every report folder holds exactly the old outputs or exactly the new ones; a manifest left by the run says
which (`complete: false` lists the finished inputs); and a rerun completes with the outputs of a run never
interrupted. Readers get random bytes and settings random overrides: a TranscriptError naming the file, or
a SettingsError, never another exception.

Each test adds what it tried to a tally printed at the end of the module (`pytest -s tests/test_faults.py`):
faults tried, survived (the checks above hold), lost (an output neither old nor new, or a rerun that did
not complete).
"""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import writers
from pipeline.errors import OutputFolderError, SettingsError, TranscriptError
from pipeline.readers import SUPPORTED_EXTENSIONS, read_transcript
from pipeline.runner import run
from pipeline.settings import Settings, load_settings, valid_keys
from pipeline.writers import LOCK_FILE, locked_output_folder

TALKS = {
    "buses": "Jane Smith: We have to put the evening buses back, because people cannot get home from work.\n"
    "Bob Jones: I agree. The fares must come down too, or nobody will use the buses we keep.\n"
    "Jane Smith: The council should publish the numbers every month, so residents can judge.\n",
    "libraries": "Ann Lee: Libraries are the only warm, free place left in town, and we must keep them open.\n"
    "Tom Hart: Then fund them properly. A library without staff is just a room with books.\n"
    "Ann Lee: Volunteers cannot carry it alone; we need paid librarians back on the rota.\n",
    "housing": "Priya Shah: Nobody under thirty can buy a home here, and rents take half of every wage.\n"
    "Sam Cole: Build on the brownfield sites first, before anyone touches the green belt.\n"
    "Priya Shah: And make the developers pay for the schools and surgeries the new homes need.\n",
}
# Old outputs, then a rerun whose every report differs (fewer quotes, another summary preset).
OLD = ["editor.enabled=false", "cache.enabled=false"]
NEW = [*OLD, "quotes.top_n=2", "summary.preset=brief"]

TALLY: Counter = Counter()


@pytest.fixture(scope="module", autouse=True)
def print_tally():
    yield
    line = (
        f"fault battery: {TALLY['tried']} faults tried, {TALLY['survived']} survived, {TALLY['lost']} lost "
        f"({', '.join(f'{k} {v}' for k, v in sorted(TALLY.items()) if k not in ('tried', 'survived', 'lost'))})"
    )
    sys.__stderr__.write("\n" + line + "\n")


def _record(kind: str, ok: bool) -> None:
    TALLY["tried"] += 1
    TALLY[kind] += 1
    TALLY["survived" if ok else "lost"] += 1


def _folder_state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()} if folder.is_dir() else {}


def _outputs(out: Path) -> dict[str, bytes]:
    """Every file of an output folder but the manifest (it holds times) and the lock."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name not in ("manifest.json", LOCK_FILE)
    }


@pytest.fixture(scope="module")
def battery(tmp_path_factory, nlp):
    """The inputs, and reference output folders of the old and the new settings, each run uninterrupted."""
    root = tmp_path_factory.mktemp("faults")
    inputs = []
    for name, text in TALKS.items():
        inputs.append(root / "in" / f"{name}.txt")
        inputs[-1].parent.mkdir(exist_ok=True)
        inputs[-1].write_text(text, encoding="utf-8")
    assert run(inputs, load_settings(overrides=OLD), out_dir=root / "old").ok
    assert run(inputs, load_settings(overrides=NEW), out_dir=root / "new").ok
    ids = sorted(TALKS)
    for tid in ids:
        assert _folder_state(root / "old" / tid) != _folder_state(root / "new" / tid), "the rerun must change each report"
    return root, inputs, ids


def _fresh_out(root: Path, name: str) -> Path:
    """A copy of the old complete outputs, as a rerun finds them."""
    out = root / name
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(root / "old", out)
    return out


def _check(root: Path, out: Path, ids: list[str]) -> list[str]:
    """What is wrong with `out` as the next run sees it (after it finishes committed updates): each report
    folder must be all old or all new, and a manifest left behind must say which."""
    with locked_output_folder(out):
        pass
    problems = []
    manifest = None
    if (out / "manifest.json").exists():
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed: dict[str, str] = {}  # transcript id -> "old" or "new", as the manifest says
    if manifest is not None:
        side = {load_settings(overrides=OLD).hash: "old", load_settings(overrides=NEW).hash: "new"}.get(
            manifest["settings_hash"]
        )
        listed = {r["transcript_id"]: side for r in manifest["inputs"] if r["status"] in ("processed", "cached")}
        if manifest["complete"] and set(listed) != set(ids):
            problems.append(f"complete manifest lists {sorted(listed)}")
    for tid in ids:
        state = _folder_state(out / tid)
        old, new = _folder_state(root / "old" / tid), _folder_state(root / "new" / tid)
        if manifest is not None:
            said = listed.get(tid, "old")  # a run stopped midway lists the inputs it finished
            if state != (new if said == "new" else old):
                problems.append(f"{tid}/ is not what the manifest says ({said})")
        elif state not in (old, new):
            mixed = sorted(name for name in state if state.get(name) != new.get(name))
            problems.append(f"{tid}/ is neither the old nor the new outputs (not new: {mixed})")
    if list(out.rglob("*.tmp")) and manifest is not None and manifest["complete"]:
        problems.append("temp files left by a complete run")
    return problems


def _rerun_completes(root: Path, inputs: list[Path], out: Path) -> bool:
    result = run(inputs, load_settings(overrides=NEW), out_dir=out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return result.ok and manifest["complete"] is True and _outputs(out) == _outputs(root / "new")


def _count_writes(monkeypatch, root, inputs) -> int:
    calls = []
    real = writers._stage
    monkeypatch.setattr(writers, "_stage", lambda path, data: calls.append(path) or real(path, data))
    out = _fresh_out(root, "count")
    run(inputs, load_settings(overrides=NEW), out_dir=out)
    monkeypatch.undo()
    return len(calls)


# --- disk full at the k-th write ---


def test_disk_full_at_every_write_leaves_old_or_new_outputs_and_a_rerun_completes(battery, monkeypatch):
    root, inputs, ids = battery
    n_writes = _count_writes(monkeypatch, root, inputs)
    assert n_writes >= 15
    real = writers._stage
    failures = []
    for k in range(1, n_writes + 1):
        out = _fresh_out(root, "disk-full")
        count = iter(range(1, 10**6))

        def disk_full(path, data, k=k):
            if next(count) == k:
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
            return real(path, data)

        monkeypatch.setattr(writers, "_stage", disk_full)
        try:
            run(inputs, load_settings(overrides=NEW), out_dir=out)
            answered = True  # the k-th write was a file that needed no rewrite
        except OutputFolderError as exc:
            answered = "No space left on device" in str(exc) and "run the same command again" in str(exc)
        monkeypatch.undo()
        problems = _check(root, out, ids) + ([] if answered else ["no clear error"])
        completes = _rerun_completes(root, inputs, out)
        _record("disk full", not problems and completes)
        if problems or not completes:
            failures.append((k, problems, completes))
    assert not failures


# --- permission denied on a report folder mid-run ---


def _denied_in(folder_name: str):
    real = writers._stage

    def stage(path, data):
        if Path(path).parent.name == folder_name:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, data)

    return stage


@pytest.mark.parametrize("victim", sorted(TALKS))
def test_permission_denied_on_a_report_folder_stops_the_run_naming_it(battery, monkeypatch, victim):
    root, inputs, ids = battery
    out = _fresh_out(root, "denied")
    monkeypatch.setattr(writers, "_stage", _denied_in(victim))  # as root, chmod does not bite: simulated
    with pytest.raises(OutputFolderError) as info:
        run(inputs, load_settings(overrides=NEW), out_dir=out)
    monkeypatch.undo()
    assert f"{out / victim}: cannot be written (Permission denied)" in str(info.value)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["complete"] is False and manifest["stopped"]["path"].endswith(f"{victim}.txt")
    assert [r["transcript_id"] for r in manifest["inputs"]] == ids[: ids.index(victim)]
    problems = _check(root, out, ids)
    completes = _rerun_completes(root, inputs, out)
    _record("permission denied", not problems and completes)
    assert not problems and completes


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders: see the simulated test above")
def test_a_read_only_report_folder_stops_the_run_naming_it(battery):
    root, inputs, ids = battery
    out = _fresh_out(root, "read-only")
    (out / ids[1]).chmod(0o555)
    try:
        with pytest.raises(OutputFolderError, match="Permission denied"):
            run(inputs, load_settings(overrides=NEW), out_dir=out)
    finally:
        (out / ids[1]).chmod(0o755)
    problems = _check(root, out, ids)
    completes = _rerun_completes(root, inputs, out)
    _record("permission denied", not problems and completes)
    assert not problems and completes


# --- a crash between two moves into place ---


class Killed(BaseException):
    """As SIGKILL: nothing after it runs (not even `except Exception`)."""


def test_a_crash_at_every_move_into_place_leaves_old_or_new_outputs(battery, monkeypatch):
    root, inputs, ids = battery
    moves = []
    real_replace = os.replace
    monkeypatch.setattr(writers.os, "replace", lambda a, b: moves.append(b) or real_replace(a, b))
    run(inputs, load_settings(overrides=NEW), out_dir=_fresh_out(root, "count-moves"))
    monkeypatch.undo()
    failures = []
    for k in range(1, len(moves) + 1):
        out = _fresh_out(root, "crash")
        count = iter(range(1, 10**6))

        def replace(source, target, k=k):
            if next(count) == k:
                raise Killed
            return real_replace(source, target)

        monkeypatch.setattr(writers.os, "replace", replace)
        with pytest.raises(Killed):
            run(inputs, load_settings(overrides=NEW), out_dir=out)
        monkeypatch.undo()
        problems = _check(root, out, ids)
        completes = _rerun_completes(root, inputs, out)
        _record("crash between moves", not problems and completes)
        if problems or not completes:
            failures.append((k, moves[k - 1], problems, completes))
    assert len(moves) >= 15 and not failures


# --- SIGKILL of `roundtable run` at random points ---


def _child(out: Path, inputs: list[Path], home: Path) -> subprocess.Popen:
    overrides = [arg for o in NEW for arg in ("--set", o)]
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", *map(str, inputs), "--out", str(out), *overrides],
        env={**os.environ, "HOME": str(home)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        cwd=Path(__file__).resolve().parent.parent,
    )  # fmt: skip


def _wait_for_writing(out: Path, child: subprocess.Popen, timeout: float = 180) -> float:
    """Wait until the child starts changing the folder (its old manifest goes once the model is loaded)."""
    deadline = time.monotonic() + timeout
    while (out / "manifest.json").exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    return time.monotonic()


@pytest.mark.slow
def test_sigkill_at_seeded_random_points_leaves_old_or_new_outputs(battery, tmp_path):
    root, inputs, ids = battery
    # How long the writing part of an uninterrupted run takes.
    out = _fresh_out(root, "sigkill")
    child = _child(out, inputs, tmp_path)
    started = _wait_for_writing(out, child)
    assert child.wait(timeout=300) == 0
    writing = time.monotonic() - started
    rng = random.Random(19)
    failures = []
    for trial in range(8):
        out = _fresh_out(root, "sigkill")
        child = _child(out, inputs, tmp_path)
        _wait_for_writing(out, child)
        time.sleep(rng.uniform(0, writing))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        killed = child.returncode == -signal.SIGKILL
        problems = _check(root, out, ids)
        completes = _rerun_completes(root, inputs, out)
        _record("SIGKILL mid-run" if killed else "SIGKILL after the run ended", not problems and completes)
        if problems or not completes:
            failures.append((trial, child.returncode, problems, completes))
    assert not failures
    assert TALLY["SIGKILL mid-run"] >= 4, "most kills must land while the run writes"


# --- random bytes into every reader, random settings ---

_SHAPES = ["Jane Smith: ", "WEBVTT\n", "1\n00:00:01,000 --> 00:00:02,000\n", "---\ntitle: [\n---\n", '{"turns": [',
           '{"speaker": "A", "text": ', "\n", "é", "\x00", "\ufeff", "PK\x03\x04"]  # fmt: skip


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    data=st.binary(max_size=300)
    | st.lists(st.sampled_from(_SHAPES) | st.text(max_size=20)).map(lambda parts: "".join(parts).encode())
    | st.tuples(st.text(max_size=100), st.sampled_from(["utf-16-le", "utf-16-be", "utf-16", "utf-32", "cp1252"])).map(
        lambda pair: pair[0].encode(pair[1], errors="ignore")
    ),
    extension=st.sampled_from(SUPPORTED_EXTENSIONS),
)
def test_random_bytes_into_each_reader_give_a_transcript_or_a_transcript_error_naming_the_file(data, extension):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"x{extension}"
        path.write_bytes(data)
        try:
            ok = bool(read_transcript(path).turns)
        except TranscriptError as exc:
            ok = exc.path.startswith(str(path.parent)) and str(exc).startswith(exc.path)
        except Exception:  # noqa: BLE001 - exactly what must not happen
            _record("reader input", False)
            raise
        _record("reader input", ok)
        assert ok


_KEYS = sorted(valid_keys())
_VALUES = st.one_of(
    st.integers(-10**6, 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.booleans().map(lambda b: str(b).lower()),
    st.text(max_size=12).map(json.dumps),
    st.lists(st.text(max_size=5), max_size=3).map(json.dumps),
    st.text(max_size=12),  # not TOML at all
    st.sampled_from(["auto", '"auto"', "[]", "{}", "nan", "inf", "-1", "0", "1e9", '"~/x"', "[1, 2]"]),
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    overrides=st.lists(
        st.tuples(st.sampled_from(_KEYS) | st.text(max_size=15), _VALUES).map(lambda kv: f"{kv[0]}={kv[1]}"),
        max_size=3,
    )
    | st.lists(st.text(max_size=30), max_size=2)
)
def test_random_settings_overrides_are_valid_or_a_settings_error(overrides):
    try:
        result = load_settings(overrides=overrides)
    except SettingsError as exc:
        ok = bool(str(exc))
    except Exception:  # noqa: BLE001
        _record("settings override", False)
        raise
    else:
        ok = isinstance(result, Settings) and bool(result.hash)
    _record("settings override", ok)
    assert ok

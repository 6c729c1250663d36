"""`--executor dask` (pipeline/executors.py): the same outputs, byte for byte, as `--jobs 1` from a
LocalCluster of two worker processes; a worker killed mid-run still lets the run finish; a bad input is
rejected with the rest processed; `--scheduler` connects to a cluster started elsewhere; Ctrl-C stops it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from pipeline.cli import EXIT_INTERRUPTED, EXIT_REJECTED, app
from pipeline.runner import run
from pipeline.settings import load_settings

from .conftest import ROOT, SAMPLES, shared_meetings

SMALL_MEETINGS = [p for p in shared_meetings("qmsum/ami") if p.stat().st_size < 60_000][:3]
# Fields of the manifest that differ between any two runs (times) or say how the run was computed.
RUN_FIELDS = ("started_at", "seconds", "stage_seconds", "executor")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in ("manifest.json", ".roundtable.lock")
    }


def _manifest_without_run_fields(folder: Path) -> dict:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for name in RUN_FIELDS:
        manifest.pop(name)
    for record in manifest["inputs"]:
        record.pop("seconds")
    return manifest


@pytest.fixture(scope="module")
def cluster():
    """A cluster started outside roundtable, as `dask scheduler` and `dask worker` would be."""
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    ) as local:  # fmt: skip
        yield local


def test_dask_outputs_are_byte_identical_to_one_job(tmp_path: Path, cluster):
    inputs = [SAMPLES, *SMALL_MEETINGS]
    settings = load_settings(overrides=["cache.enabled=false"])  # the workers parse and compute everything
    one = run(inputs, settings, out_dir=tmp_path / "one", jobs=1)
    dask = run(inputs, settings, out_dir=tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address)
    assert one.ok and dask.ok
    assert [r.status for r in dask.inputs] == ["processed"] * len(one.inputs)
    a, b = _files(tmp_path / "one"), _files(tmp_path / "dask")
    assert len(a) > 40 and sorted(a) == sorted(b)
    for name in a:
        assert a[name] == b[name], f"{name} differs from --jobs 1"
    assert _manifest_without_run_fields(tmp_path / "one") == _manifest_without_run_fields(tmp_path / "dask")
    manifest = json.loads((tmp_path / "dask" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["executor"] == {"name": "dask", "scheduler": cluster.scheduler_address, "jobs": None}


def test_scheduler_option_uses_a_running_cluster_and_a_bad_input_is_rejected_alone(tmp_path: Path, cluster):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in [SAMPLES / "council-roundtable-2011.txt", SAMPLES / "transport-committee-2025.srt", SMALL_MEETINGS[0]]:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "broken.json").write_text('{"turns": [', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["run", str(folder), "--out", str(out), "--executor", "dask", "--scheduler", cluster.scheduler_address,
         "--set", f"cache.dir={tmp_path / 'cache'}"],
    )  # fmt: skip
    assert result.exit_code == EXIT_REJECTED, result.output
    assert "REJECTED" in result.output and "broken.json" in result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["executor"] == {"name": "dask", "scheduler": cluster.scheduler_address, "jobs": None}
    statuses = {Path(r["path"]).name: r["status"] for r in manifest["inputs"]}
    assert statuses.pop("broken.json") == "rejected"
    assert set(statuses.values()) == {"processed"} and len(statuses) == 3
    # The workers parsed into the cache of their machine (here the same one): a rerun finds every parse there.
    again = run(folder, load_settings(overrides=[f"cache.dir={tmp_path / 'cache'}"]), out_dir=out,
                executor="dask", scheduler=cluster.scheduler_address)  # fmt: skip
    assert [r.status for r in again.inputs if r.status != "rejected"] == ["cached"] * 3


def test_a_dask_worker_killed_mid_run_has_its_inputs_retried_and_the_run_finishes(tmp_path: Path, cluster):
    inputs = [SAMPLES / "council-roundtable-2011.txt", SAMPLES / "transport-committee-2025.srt", *SMALL_MEETINGS]
    with Client(cluster, set_as_default=False) as client:
        pids = sorted(client.run(os.getpid).values())
    killed: list[int] = []

    def kill_a_worker(record) -> None:
        if not killed:
            killed.append(pids[0])
            os.kill(pids[0], signal.SIGKILL)

    settings = load_settings(overrides=["cache.enabled=false", "editor.enabled=false"])
    result = run(inputs, settings, out_dir=tmp_path / "out", executor="dask", scheduler=cluster.scheduler_address,
                 progress=kill_a_worker)  # fmt: skip
    assert killed and not _alive(killed[0])
    assert result.ok and result.n_processed == len(result.inputs) == len(inputs)
    assert all((tmp_path / "out" / r.transcript_id / "report.json").is_file() for r in result.inputs)


def test_ctrl_c_cancels_the_dask_run_and_stops_its_cluster(tmp_path: Path):
    """`--executor dask` alone: roundtable starts a LocalCluster, and closes it on Ctrl-C."""
    out = tmp_path / "out"
    command = [
        sys.executable, "-m", "pipeline", "run", str(SAMPLES), *map(str, SMALL_MEETINGS), "--out", str(out),
        "--executor", "dask", "--jobs", "2", "--set", "editor.enabled=false", "--set", "cache.enabled=false",
    ]  # fmt: skip
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=ROOT, start_new_session=True)
    try:
        lines = []
        for line in process.stderr:
            lines.append(line)
            if line.lstrip().startswith("ok"):
                os.killpg(process.pid, signal.SIGINT)  # as a terminal sends Ctrl-C: to the whole group
                break
        stderr = "".join(lines) + process.stderr.read()
        process.wait(timeout=60)
    finally:
        process.kill()
    assert process.returncode == EXIT_INTERRUPTED, stderr
    assert "Traceback" not in stderr, stderr
    assert stderr.strip().splitlines()[-1].startswith(f"Interrupted: the run into {out}/ did not finish")
    assert not (out / "manifest.json").exists()
    deadline = time.monotonic() + 20
    while _group(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _group(process.pid), "a worker outlived the interrupted run"


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _group(group: int) -> list[int]:
    """The live processes of a process group."""
    live = []
    for process in psutil.process_iter():
        try:
            if os.getpgid(process.pid) == group and _alive(process.pid):
                live.append(process.pid)
        except (psutil.Error, ProcessLookupError):
            pass
    return live


def test_a_scheduler_that_is_not_there_is_refused_by_address(tmp_path: Path):
    import dask

    from pipeline.errors import SettingsError

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        with pytest.raises(SettingsError, match="tcp://127.0.0.1:9.*dask scheduler"):
            run(SAMPLES / "transport-committee-2025.srt", out_dir=tmp_path / "out", executor="dask",
                scheduler="tcp://127.0.0.1:9")  # fmt: skip
    assert not (tmp_path / "out" / "manifest.json").exists()

"""The executors (pipeline/executors.py): a worker process killed from outside mid-run costs only a retry of
the inputs it was on, and the executor options are checked before any work."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from pipeline.errors import SettingsError
from pipeline.executors import ExecutorSpec
from pipeline.runner import run

from .conftest import SAMPLES, shared_meetings

SMALL_MEETINGS = [p for p in shared_meetings("qmsum/ami") if p.stat().st_size < 60_000][:2]


def _pool_workers(pid: int) -> list[psutil.Process]:
    """The process pool's workers among `pid`'s children (not multiprocessing's resource tracker)."""
    return [
        child for child in psutil.Process(pid).children()
        if "spawn_main" in " ".join(child.cmdline()) and "resource_tracker" not in " ".join(child.cmdline())
    ]  # fmt: skip


def test_a_pool_worker_killed_mid_run_has_its_inputs_retried_and_the_run_finishes(tmp_path: Path):
    inputs = [SAMPLES, *SMALL_MEETINGS]
    out = tmp_path / "out"
    command = [
        sys.executable, "-m", "pipeline", "run", *map(str, inputs), "--out", str(out), "--jobs", "2",
        "--set", "editor.enabled=false", "--set", "cache.enabled=false",
    ]  # fmt: skip
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent)
    killed = None
    try:
        lines = []
        for line in process.stderr:
            lines.append(line)
            if killed is None and line.lstrip().startswith("ok"):
                workers = _pool_workers(process.pid)
                assert workers, "no pool worker found"
                killed = workers[0].pid
                workers[0].send_signal(signal.SIGKILL)
        process.wait(timeout=300)
    finally:
        process.kill()
    stderr = "".join(lines)
    assert killed is not None, stderr
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr and "BrokenProcessPool" not in stderr
    warning = next(line for line in lines if line.startswith("warning: a worker process died"))
    assert "retrying them on a fresh worker" in warning and "the other inputs' work is kept" in warning
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["n_processed"] == 5 + len(SMALL_MEETINGS) and manifest["n_rejected"] == 0
    assert manifest["executor"] == {"name": "processes", "jobs": 2}
    assert all((out / record["transcript_id"] / "report.json").is_file() for record in manifest["inputs"])


@pytest.mark.parametrize(
    "options, key",
    [
        ({"executor": "spark"}, "executor"),
        ({"jobs": 0}, "jobs"),
        ({"scheduler": "tcp://127.0.0.1:8786"}, "scheduler"),  # a scheduler without the dask executor
    ],
)
def test_wrong_executor_options_are_refused_before_any_work(tmp_path: Path, options, key):
    with pytest.raises(SettingsError, match=key):
        run(SAMPLES, out_dir=tmp_path / "out", **options)
    assert not (tmp_path / "out").exists()


def test_the_manifest_records_the_executor():
    assert ExecutorSpec().to_dict() == {"name": "processes", "jobs": 1}
    assert ExecutorSpec("dask", 2).to_dict() == {"name": "dask", "scheduler": "LocalCluster", "jobs": 2}
    assert ExecutorSpec("dask", 1, "tcp://h:8786").to_dict() == {"name": "dask", "scheduler": "tcp://h:8786", "jobs": None}


def test_dask_workers_rebuild_their_context_when_any_setting_changes_even_the_cache():
    from pipeline.compute import Context
    from pipeline.executors import dask_payload
    from pipeline.settings import load_settings

    def key(*overrides: str, render: bool = True) -> str:
        settings = load_settings(overrides=list(overrides))
        return dask_payload(Context(settings, nlp=None, model={}, cache=None, theme_model=None, render=render)).key

    assert key() == key()
    assert key("cache.enabled=false") != key()  # the settings hash leaves the cache section out
    assert key("seed=7") != key()
    assert key(render=False) != key()

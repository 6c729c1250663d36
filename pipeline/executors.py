"""Where a batch's transcripts are computed: in this process, in a pool of worker processes (`--jobs N`),
or on a Dask cluster (`--executor dask`).

Each executor takes the runner's stream of `Task`s (and `Outcome`s already decided, for inputs rejected
while reading) and yields one `Outcome` per item, in input order, with a bounded number of transcripts in
flight, so the client's memory does not grow with the batch. Workers only compute (`compute_outcome`);
the runner writes every file. A worker process that dies (killed from outside, out of memory) costs only
the inputs it was on: they are retried on a fresh worker, and an input that keeps killing its workers is
rejected by name.

Why one module: the three executors share one contract (a stream of tasks in, outcomes in input order out,
at most 2 x workers in flight) and the same worker context; kept side by side so that contract is read and
changed in one place. About half of it is the Dask client, which is imported only when used.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import signal
from collections import deque
from concurrent.futures import CancelledError
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from .cache import cache_key, open_cache
from .compute import Context, InputRecord, LoadedThemeModel, Outcome, Task, compute_outcome, load_theme_model_once
from .errors import SettingsError
from .nlp import model_info, nlp_for
from .settings import Settings

EXECUTORS = ("processes", "dask")
# Attempts at one input before it is rejected for killing its worker each time (Dask's own default for
# `distributed.scheduler.allowed-failures` is 3 retries; a process pool's workers have no nanny to restart
# them, so the pool is restarted instead).
MAX_ATTEMPTS = 3

Item = Union[Task, Outcome]
Notice = Callable[[str], None]

# Python looks for reference cycles after every 700 new container objects by default. A batch makes
# millions of short-lived ones (token rows, quote candidates, chart artists), and every few collections one
# walks all live objects; a first threshold of 10,000 collects some 15 times less often. Measured on 20 shared
# meetings: 0.4 s less collecting, the same peak memory (the pipeline's garbage is freed by reference
# counting; cycles are rare and are still collected).
GC_FIRST_THRESHOLD = 10_000


def _collect_less_often() -> tuple[int, ...]:
    """Raise the collector's first threshold to at least GC_FIRST_THRESHOLD; returns the thresholds before."""
    previous = gc.get_threshold()
    gc.set_threshold(max(GC_FIRST_THRESHOLD, previous[0]), *previous[1:])
    return previous


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cycles less often for the duration of a batch; the previous thresholds come back after."""
    previous = _collect_less_often()
    try:
        yield
    finally:
        gc.set_threshold(*previous)


@dataclass(frozen=True)
class ExecutorSpec:
    """Which executor a run uses: `processes` (jobs 1 is this process) or `dask` (`scheduler` an address
    such as tcp://host:8786, or None for a LocalCluster of `jobs` worker processes)."""

    name: str = "processes"
    jobs: int = 1
    scheduler: Optional[str] = None

    def check(self) -> "ExecutorSpec":
        if self.name not in EXECUTORS:
            raise SettingsError("executor", f"one of {', '.join(EXECUTORS)}", self.name)
        if self.jobs < 1:
            raise SettingsError("jobs", "a whole number of worker processes, at least 1", self.jobs)
        if self.scheduler is not None and self.name != "dask":
            raise SettingsError("scheduler", "only with executor 'dask' (--executor dask)", self.scheduler)
        return self

    def to_dict(self) -> dict[str, Any]:
        if self.name == "dask":
            return {"name": "dask", "scheduler": self.scheduler or "LocalCluster", "jobs": None if self.scheduler else self.jobs}
        return {"name": "processes", "jobs": self.jobs}


def build_context(settings: Settings, theme_model: Optional[LoadedThemeModel], *, render: bool) -> Context:
    """Load what processing needs (the spaCy model, the cache on this machine) once per process."""
    nlp = nlp_for(settings.nlp)
    return Context(
        settings=settings,
        nlp=nlp,
        model=model_info(nlp),
        cache=open_cache(settings.cache),
        theme_model=theme_model,
        render=render,
    )


def compute_outcomes(
    items: Iterable[Item],
    context: Context,
    spec: ExecutorSpec,
    *,
    theme_model_path: Optional[str | Path] = None,
    notice: Optional[Notice] = None,
) -> Iterator[Outcome]:
    """The outcome of every item, in input order, computed where `spec` says."""
    notice = notice or logging.getLogger("roundtable").warning
    if spec.name == "dask":
        return _on_dask(items, context, spec, notice=notice)
    if spec.jobs > 1:
        return _in_processes(items, context, spec.jobs, theme_model_path=theme_model_path, notice=notice)
    return (item if isinstance(item, Outcome) else compute_outcome(item, context) for item in items)


def _lost_message(records: list[InputRecord], what: str, retried: bool) -> str:
    names = ", ".join(record.path for record in records)
    then = "retrying them on a fresh worker" if retried else "giving up on them"
    return f"warning: {what} while these inputs were in flight: {names}; {then} (the other inputs' work is kept)"


def _reject_lost(record: InputRecord, n_attempts: int, what: str) -> Outcome:
    record.status = "rejected"
    reason = (
        f"the worker computing it died on each of {n_attempts} attempts ({what}); the input may need more memory "
        "than a worker has: run it on its own, or with fewer --jobs"
    )
    record.error = {"path": record.path, "line": None, "reason": reason, "message": f"{record.path}: {reason}"}
    return Outcome(record=record)


# --- a pool of worker processes (--jobs N) ---

# Worker processes of `--jobs N`: each builds its context (spaCy model, theme model) once, here.
_WORKER_CONTEXT: Optional[Context] = None


def _init_worker(settings: Settings, theme_model_path: Optional[str], render: bool) -> None:
    global _WORKER_CONTEXT
    _collect_less_often()  # a worker lives for one batch
    theme_model = load_theme_model_once(theme_model_path) if theme_model_path is not None else None
    _WORKER_CONTEXT = build_context(settings, theme_model, render=render)


def _work(task: Task) -> Outcome:
    assert _WORKER_CONTEXT is not None, "worker not initialised"
    return compute_outcome(task, _WORKER_CONTEXT)


class _WorkerPool:
    """A ProcessPoolExecutor that can be replaced by a fresh one when a worker dies and breaks it."""

    def __init__(self, jobs: int, initargs: tuple) -> None:
        self.jobs, self.initargs = jobs, initargs
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=self.initargs,
        )

    def submit(self, task: Task):
        with _interrupt_blocked():  # the pool starts its workers in submit()
            return self.pool.submit(_work, task)

    def restart(self) -> None:
        _stop_workers(self.pool)
        self.pool.shutdown(wait=True)
        self.pool = self._start()


def _in_processes(
    items: Iterable[Item], context: Context, jobs: int, *, theme_model_path: Optional[str | Path], notice: Notice
) -> Iterator[Outcome]:
    """Outcomes in input order from `jobs` worker processes, at most 2 x jobs transcripts in flight."""
    workers = _WorkerPool(
        jobs, (context.settings, str(theme_model_path) if theme_model_path is not None else None, context.render)
    )
    pending: deque[list] = deque()  # [item, future or None, attempts]
    what = "a worker process died (killed from outside, or out of memory)"

    def submit(entry: list) -> None:
        entry[2] += 1
        try:
            entry[1] = workers.submit(entry[0])
        except BrokenProcessPool:
            recover()

    def recover() -> None:
        """After a break: restart the pool and resubmit every in-flight input that did not come back."""
        lost = [
            entry for entry in pending
            if isinstance(entry[0], Task) and (entry[1] is None or not entry[1].done() or entry[1].exception() is not None)
        ]  # fmt: skip
        retried = [entry for entry in lost if entry[2] < MAX_ATTEMPTS]
        for entry in lost:
            if entry[2] >= MAX_ATTEMPTS:
                entry[0], entry[1] = _reject_lost(entry[0].record, entry[2], what), None
        notice(_lost_message([entry[0].record for entry in lost], what, retried=bool(retried)))
        workers.restart()
        for entry in retried:
            entry[1] = None
        for entry in retried:
            if entry[1] is None:  # a break during this loop resubmits the rest itself
                submit(entry)

    def next_outcome() -> Outcome:
        while True:
            item, future, _ = pending[0]
            if isinstance(item, Outcome):
                pending.popleft()
                return item
            try:
                outcome = future.result()
            except BrokenProcessPool:
                recover()
                continue
            pending.popleft()
            return outcome

    try:
        for item in items:
            entry = [item, None, 0]
            pending.append(entry)
            if isinstance(item, Task):
                submit(entry)
            while len(pending) > 2 * jobs:
                yield next_outcome()
        while pending:
            yield next_outcome()
    except BaseException:  # Ctrl-C, or the caller stopped early (GeneratorExit)
        _stop_workers(workers.pool)
        raise
    finally:
        workers.pool.shutdown(wait=True)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Drop the queued transcripts and stop the workers now, not after the transcripts they are on.

    Safe because workers write nothing but cache entries, atomically: a worker stopped mid-write leaves
    only a temp file.
    """
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    workers = list((pool._processes or {}).values())  # what terminate_workers does, before 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        process.terminate()


@contextmanager
def _interrupt_blocked() -> Iterator[None]:
    """Hold back Ctrl-C (SIGINT) in this thread meanwhile; it is delivered when the block ends.

    A worker process (or thread) started meanwhile inherits the block for life, so Ctrl-C reaches only the
    parent, which shuts the workers down; workers print no tracebacks of their own. (multiprocessing
    starts its resource tracker the same way.)
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows: Ctrl-C reaches the workers anyway
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


# --- a Dask cluster (--executor dask) ---


@contextmanager
def _interrupt_ignored() -> Iterator[None]:
    """Ignore Ctrl-C (SIGINT) in the whole process meanwhile: processes started meanwhile keep ignoring it
    through exec (Python and asyncio leave an ignored SIGINT alone), so a LocalCluster's worker processes,
    which their nannies start from the cluster's own threads, never get it and print no traceback; only
    this process stops the run. A no-op outside the main thread, where signal handlers cannot be set."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@dataclass(frozen=True)
class _DaskPayload:
    """Sent once to every Dask worker: the settings and the theme model (never a path to read there)."""

    key: str
    settings: Settings
    theme_model: Optional[LoadedThemeModel]
    render: bool


def dask_payload(context: Context) -> _DaskPayload:
    """What every worker needs for a run, keyed by all of it: the settings (the cache section too, which
    `settings.hash` leaves out, so a worker never keeps a context without the cache for a run with it), the
    theme model and whether files are rendered."""
    theme_model = context.theme_model
    theme_hash = cache_key(theme_model.name, theme_model.meta) if theme_model is not None else None
    return _DaskPayload(
        key=cache_key(context.settings.to_dict(), theme_hash, context.render),
        settings=context.settings, theme_model=theme_model, render=context.render,
    )  # fmt: skip


# On each Dask worker process: payload key -> its context, built on the worker's first task of a run.
_DASK_CONTEXTS: dict[str, Context] = {}


def _dask_work(task: Task, payload: _DaskPayload) -> Outcome:
    context = _DASK_CONTEXTS.get(payload.key)
    if context is None:
        _collect_less_often()
        _DASK_CONTEXTS.clear()  # one run's context per worker at a time
        # The cache is that of the worker's own machine: settings.cache.dir as it expands there.
        context = _DASK_CONTEXTS[payload.key] = build_context(payload.settings, payload.theme_model, render=payload.render)
    return compute_outcome(task, context)


def _on_dask(items: Iterable[Item], context: Context, spec: ExecutorSpec, *, notice: Notice) -> Iterator[Outcome]:
    """Outcomes in input order from a Dask cluster, at most 2 x its worker threads transcripts in flight."""
    try:
        from dask.distributed import Client, LocalCluster
        from distributed import KilledWorker
    except ImportError:
        raise SettingsError(
            "executor", "dask installed to use it: pip install 'roundtable[dask]'", spec.name
        ) from None
    cluster = None
    # The cluster's threads inherit the block, its worker processes the ignoring.
    with _interrupt_blocked(), _interrupt_ignored():
        if spec.scheduler is None:
            cluster = LocalCluster(
                n_workers=spec.jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                silence_logs=logging.ERROR,
            )  # fmt: skip
        try:
            client = Client(spec.scheduler or cluster, set_as_default=False)
        except BaseException as exc:
            if cluster is not None:
                cluster.close()
            if isinstance(exc, OSError) and spec.scheduler is not None:  # TimeoutError included
                raise SettingsError(
                    "scheduler",
                    f"the address of a running Dask scheduler, e.g. tcp://host:8786 ({exc}); start one with "
                    "`dask scheduler` or check the address and port",
                    spec.scheduler,
                ) from None
            raise
    pending: deque = deque()  # Outcome or (task, future)
    try:
        payload = dask_payload(context)
        if cluster is not None:  # every local worker holds the payload before any work is sent
            client.wait_for_workers(spec.jobs, timeout=120)
        shared = [client.scatter(payload, broadcast=True, hash=False)]  # replaced if its holders all die
        n_threads = sum(client.nthreads().values())
        window = 2 * max(n_threads, spec.jobs, 2)

        def submit(task: Task, attempt: int = 0):
            key = f"roundtable-{task.record.path}-{id(task)}" + (f"-retry{attempt}" if attempt else "")
            return client.submit(_dask_work, task, shared[0], pure=False, key=key)

        def next_outcome() -> Outcome:
            item = pending.popleft()
            if isinstance(item, Outcome):
                return item
            task, future = item
            for attempt in range(1, MAX_ATTEMPTS + 1):
                try:
                    outcome = future.result()
                except KilledWorker:
                    future.release()
                    notice(_lost_message([task.record], "Dask workers died", retried=False))
                    return _reject_lost(task.record, MAX_ATTEMPTS + 1, "Dask's allowed-failures were used up")
                except CancelledError:
                    # The scheduler dropped the task when the workers holding the payload died with it:
                    # scatter the payload again and resubmit (Dask retries lost tasks, not lost data).
                    future.release()
                    notice(_lost_message([task.record], "the Dask workers holding the run's settings died", retried=True))
                    shared[0] = client.scatter(payload, broadcast=True, hash=False)
                    future = submit(task, attempt)
                    continue
                future.release()
                return outcome
            future.release()
            return _reject_lost(task.record, MAX_ATTEMPTS + 1, "its work was lost with its Dask workers")

        for item in items:
            if isinstance(item, Task):
                pending.append((item, submit(item)))
            else:
                pending.append(item)
            while len(pending) > window:
                yield next_outcome()
        while pending:
            yield next_outcome()
    except BaseException:  # Ctrl-C, or the caller stopped early (GeneratorExit)
        futures = [item[1] for item in pending if not isinstance(item, Outcome)]
        with _quiet_dask_logs(), _interrupt_blocked():
            if futures:
                client.cancel(futures)
            _close(client, cluster)
        raise
    with _interrupt_blocked():
        _close(client, cluster)


def _close(client: Any, cluster: Any) -> None:
    client.close()
    if cluster is not None:
        cluster.close()


@contextmanager
def _quiet_dask_logs() -> Iterator[None]:
    """While a stopped run tears its cluster down, Dask's complaints about the work it drops are noise."""
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)

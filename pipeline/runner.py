"""Run the pipeline over a batch: collect inputs, process each transcript on its own, write a manifest.

One broken input never stops the others: it is recorded as rejected with its file (and line), and the
run goes on. The output folder is locked for the run, and the manifest is written last: a folder without
one holds an interrupted run, which a rerun completes.

This module is the client side: it discovers and reads the inputs, hands each transcript's content to an
executor (`executors.py`: this process, a process pool or a Dask cluster) that computes its report and
output files (`compute.py`), and writes every file itself, atomically, as the outcomes come back. Which
files are inputs is `discovery.py`; the manifest is `manifest.py`; what `run` returns is `results.py`.
"""

from __future__ import annotations

import hashlib
import time
from contextlib import closing, nullcontext
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Optional, Sequence

from .compute import (  # noqa: F401 - the library API names them from here too
    TIMED_STEPS,
    InputRecord,
    LoadedThemeModel,
    Outcome,
    Task,
    load_theme_model_once,
    process_transcript,
    process_transcript_staged,
    reject,
    render_outputs,
    stage_keys,
)
from .editor import render_index_page
from .discovery import Inputs, _as_path_list, collect_inputs, discover_inputs, is_output_folder  # noqa: F401
from .errors import OutputFolderError, RoundtableError
from .exports.batch import write_batch_exports
from .executors import GC_FIRST_THRESHOLD, ExecutorSpec, Notice, build_context, compute_outcomes, fewer_collections  # noqa: F401
from .nlp import check_disable, check_model
from .manifest import MANIFEST_VERSION, _previous_outputs, build_manifest  # noqa: F401
from .readers import read_transcript
from .records import Transcript
from .report import display_path
from .settings import Settings
from .results import RunResult
from .stale import drop_previous_listing, keep_previous_listing, remove_stale_outputs
from .summary.digest import build_digest
from .summary.render import check_templates_dir, render_digest_markdown
from .themes import prevalence_table
from .writers import (
    FolderUpdate,
    file_sha256,
    folder_hashes,
    output_error,
    locked_output_folder,
    remove_if_only_lock,
    write_csv_atomic,
    write_json_atomic,
    write_text_atomic,
)

if TYPE_CHECKING:
    from .nlp import ParsedTranscript
    from .settings import EditorSettings, SummarySettings


def _file_facts(path: Path) -> tuple[Optional[int], Optional[str]]:
    try:
        data = path.read_bytes()
    except OSError:
        return None, None
    return len(data), hashlib.sha256(data).hexdigest()


def _unique_id(transcript_id: str, taken: set[str]) -> str:
    candidate, n = transcript_id, 2
    while candidate in taken:
        candidate, n = f"{transcript_id}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _read_inputs(paths: Iterable[Path], settings: Settings) -> Iterator[tuple[InputRecord, Optional[Transcript]]]:
    """Read the inputs one by one (lazily), giving each a unique id in input order."""
    taken_ids: set[str] = set()
    for path in paths:
        record = InputRecord(path=display_path(str(path)))
        record.size, record.sha256 = _file_facts(path)
        try:
            clock = time.perf_counter()
            transcript = read_transcript(path, settings.read)
            transcript = transcript.with_id(_unique_id(transcript.id, taken_ids))
            record.transcript_id = transcript.id
            record.format, record.encoding = transcript.format, transcript.encoding
            record.warnings = [str(w) for w in transcript.warnings]
            record.merges = [str(merge) for merge in transcript.merges]
            record.unidentified = [s.label for s in transcript.speakers if s.unidentified]
            record.seconds["read"] = time.perf_counter() - clock
        except Exception as exc:  # noqa: BLE001 - one input's bug must not lose the rest of the batch
            reject(record, exc)
            transcript = None
        yield record, transcript


def _tasks(
    read: Iterable[tuple[InputRecord, Optional[Transcript]]], out: Optional[Path], previous: dict[str, dict[str, Any]]
) -> Iterator[Task | Outcome]:
    """A task per transcript read (an outcome already, for one rejected while reading).

    A task may reuse the files already in the output folder when they are exactly those the last run wrote
    for the same transcript: the worker then renders nothing if its outputs key is the same too.
    """
    for record, transcript in read:
        if transcript is None:
            yield Outcome(record=record)
            continue
        before = previous.get(transcript.id) or {}
        reuse_key = None
        if out is not None and before.get("outputs_key") and before.get("output_sha256"):
            held = folder_hashes(out / transcript.id)
            if all(held.get(Path(name).name) == digest for name, digest in before["output_sha256"].items()):
                reuse_key = before["outputs_key"]
        yield Task(record=record, transcript=transcript, reuse_key=reuse_key)


def _write_outcome(outcome: Outcome, out: Optional[Path], previous: dict[str, dict[str, Any]]) -> None:
    """Write an outcome's files into `out` and settle its record's status. A failure to write for this
    input's own reasons rejects it only; an output that cannot be written at all (disk full, no permission)
    marks the record so that the run stops (`_stop_on_output_error`)."""
    record = outcome.record
    if record.status == "rejected":
        return
    unchanged = True
    if out is not None:
        clock = time.perf_counter()
        folder = out / record.transcript_id
        try:
            if outcome.files is None:  # the files there are the ones it would write
                kept = previous[record.transcript_id]["output_sha256"]
                record.outputs, record.output_sha256 = list(kept), dict(kept)
            else:
                record.outputs = list(outcome.files)
                record.output_sha256 = {name: hashlib.sha256(data).hexdigest() for name, data in outcome.files.items()}
                before = folder_hashes(folder)
                unchanged = all(before.get(Path(name).name) == digest for name, digest in record.output_sha256.items())
                _write_files(folder, {Path(name).name: data for name, data in outcome.files.items()})
        except OSError as exc:
            reject(record, output_error(folder, exc))
            return
        except Exception as exc:  # noqa: BLE001 - one input's bug must not lose the rest of the batch
            reject(record, exc)
            return
        finally:
            record.seconds["write"] = record.seconds.get("write", 0.0) + time.perf_counter() - clock
    record.status = "cached" if outcome.all_cached and unchanged else "processed"


def _write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write one transcript's report folder as one update: a run killed meanwhile leaves all its old files
    or all its new ones (see `FolderUpdate`)."""
    with FolderUpdate(folder) as update:
        for name, data in files.items():
            update.write_bytes(name, data)
        return update.commit()


def write_outputs(
    out_dir: Path,
    parsed: "ParsedTranscript",
    report: dict[str, Any],
    summary_settings: Optional["SummarySettings"] = None,
    editor_settings: Optional["EditorSettings"] = None,
) -> list[Path]:
    """Render and write one transcript's report folder under `out_dir` (for callers with a report in hand)."""
    files = render_outputs(parsed, report, summary_settings, editor_settings)
    folder = Path(out_dir) / parsed.transcript.id
    try:
        return _write_files(folder, {Path(name).name: data for name, data in files.items()})
    except OSError as exc:
        raise output_error(folder, exc) from exc


def run(
    paths: str | Path | Iterable[str | Path],
    settings: Optional[Settings] = None,
    *,
    out_dir: Optional[str | Path] = None,
    progress: Optional[callable] = None,
    theme_model: Optional[str | Path] = None,
    jobs: int = 1,
    executor: str = "processes",
    scheduler: Optional[str] = None,
    notice: Optional[Notice] = None,
) -> RunResult:
    """Read, parse and report on every input; write outputs and `manifest.json` under `out_dir`.

    `paths` are files and/or folders; one `str` or `Path` on its own is one input.

    Inputs are read one at a time as they are processed, so memory does not grow with the batch. With
    `jobs` > 1, transcripts are parsed and reported in that many worker processes (each loads the spaCy
    model once); records come back in input order, so outputs and manifest are those of `jobs=1`.

    With `executor="dask"` they are computed on a Dask cluster instead: the one at `scheduler`
    (e.g. "tcp://host:8786"), or a LocalCluster of `jobs` worker processes. Workers get each transcript's
    content (no shared file system needed) and use the cache folder of their own machine; this process
    writes every file. The outputs are the same bytes as with `jobs=1`. `notice` receives a message when a
    worker dies and its inputs are retried (default: the "roundtable" logger).

    With `theme_model` (a folder saved by `roundtable themes fit`), every transcript's talk is assigned to
    that model's themes, and `theme_prevalence.csv` (theme x roundtable shares) is written for the batch.

    `progress`, if given, is called with each input's `InputRecord` as soon as it is finished, in input
    order: its `path`, `status` ("processed", "cached" or "rejected", with `error`), `transcript_id`,
    `n_turns`, `n_words`, `size` (bytes) and `seconds` (time per stage). In a notebook, for example::

        from tqdm.auto import tqdm
        paths = pipeline.runner.collect_inputs(["transcripts/"], settings)
        with tqdm(total=len(paths)) as bar:
            result = run(paths, settings, out_dir="out", progress=lambda record: bar.update())

    The call happens in this process (also with `jobs` > 1), so it may update a display.
    """
    settings = settings or Settings()
    paths = _as_path_list(paths)
    spec = ExecutorSpec(name=executor, jobs=jobs, scheduler=scheduler).check()
    loaded_themes = load_theme_model_once(theme_model) if theme_model is not None else None
    check_templates_dir(settings.summary)  # a wrong templates folder stops the run before any work
    check_disable(settings.nlp.model, settings.nlp.disable)  # as does switching off what the steps need
    check_model(settings.nlp.model)  # and a model that is not installed, before OUT is made
    out = Path(out_dir) if out_dir is not None else None
    made_out = out is not None and not out.exists()
    # One run at a time per output folder (a second fails at once); a killed run's temp files go first.
    try:
        with locked_output_folder(out) if out is not None else nullcontext(), fewer_collections():
            return _run_batch(
                paths, settings, out=out, progress=progress, loaded_themes=loaded_themes, theme_model=theme_model,
                spec=spec, notice=notice,
            )  # fmt: skip
    except RoundtableError:
        if made_out:
            remove_if_only_lock(out)  # a run stopped before any output leaves no empty OUT behind
        raise


def _run_batch(
    paths: Iterable[str | Path],
    settings: Settings,
    *,
    out: Optional[Path],
    progress: Optional[callable],
    loaded_themes: Optional[LoadedThemeModel],
    theme_model: Optional[str | Path],
    spec: ExecutorSpec,
    notice: Optional[Notice],
) -> RunResult:
    """`run` once its output folder, if any, is locked."""
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    inputs = discover_inputs(paths, settings)  # a wrong path stops the run before the model loads
    context = build_context(settings, loaded_themes, render=out is not None)
    records: list[InputRecord] = []
    digest_entries: list[dict[str, Any]] = []
    index_entries: list[dict[str, Any]] = []
    theme_reports: list[dict[str, Any]] = []
    # Without an output folder the caller can only get the reports from memory.
    kept_reports: Optional[list[dict[str, Any]]] = [] if out is None else None
    previous = _previous_outputs(out) if context.cache is not None else {}
    previous_listing: list[str] = []
    if out is not None:
        try:
            # What the last run wrote, kept until this run's manifest lists what it wrote (pipeline/stale.py).
            previous_listing = keep_previous_listing(out)
            # From here the folder's files change: until the new manifest is written last, none marks the run
            # complete. (The old one was read above, so unchanged outputs are still not rewritten.)
            (out / "manifest.json").unlink(missing_ok=True)
        except OSError as exc:
            raise output_error(out, exc) from exc
    def manifest_now() -> dict[str, Any]:
        """The manifest of the inputs finished so far (the batch's `outputs` and `removed` are added later)."""
        return build_manifest(
            records, settings, context.model, started, time.perf_counter() - clock, skipped=inputs.skipped,
            executor=spec,
        )  # fmt: skip

    tasks = _tasks(_read_inputs(inputs.paths, settings), out, previous)
    # closing(): on Ctrl-C the workers are stopped here, not whenever the generator is collected.
    with closing(compute_outcomes(tasks, context, spec, theme_model_path=theme_model, notice=notice)) as outcomes:
        for outcome in outcomes:
            _write_outcome(outcome, out, previous)
            record, report = outcome.record, outcome.report
            record.seconds = {stage: round(record.seconds[stage], 4) for stage in TIMED_STEPS if stage in record.seconds}
            if record.error is not None and record.error.get("output_folder"):
                _stop_on_output_error(out, record, manifest_now)
            records.append(record)
            if record.status == "rejected":
                report = outcome.digest = outcome.index = None
            if report is not None and loaded_themes is not None:
                theme_reports.append(report)
            if report is not None and kept_reports is not None:
                kept_reports.append(report)
            if outcome.digest is not None:
                digest_entries.append(outcome.digest)
            if outcome.index is not None:
                index_entries.append(outcome.index)
            if progress is not None:
                progress(record)
    try:
        manifest_path = _write_batch_outputs(
            out, records, settings, manifest_now,
            digest_entries=digest_entries, index_entries=index_entries, theme_reports=theme_reports,
            loaded_themes=loaded_themes, previous_listing=previous_listing,
            reports=lambda: RunResult(inputs=records, out_dir=out, manifest_path=None, settings_hash=settings.hash,
                                      reports=kept_reports).iter_reports(),
        )  # fmt: skip
    except OSError as exc:
        raise output_error(out, exc) from exc
    return RunResult(
        inputs=records, out_dir=out, manifest_path=manifest_path, settings_hash=settings.hash,
        skipped=[display_path(str(p)) for p in inputs.skipped], reports=kept_reports
    )


def _stop_on_output_error(out: Path, failed: InputRecord, manifest_now: Callable[[], dict[str, Any]]) -> None:
    """Stop the run at an output that cannot be written. The inputs finished before it are recorded in a
    manifest marked `complete: false` (when even that can be written), so it says which report folders
    are new; the others hold what they held before."""
    manifest = manifest_now()
    manifest["complete"] = False
    manifest["stopped"] = {"path": failed.path, "message": failed.error["message"]}
    try:
        write_json_atomic(out / "manifest.json", manifest)
    except OSError:
        pass
    raise OutputFolderError(failed.error["path"], failed.error["reason"].split(": ", 1)[-1])


def _write_batch_outputs(
    out: Optional[Path],
    records: list[InputRecord],
    settings: Settings,
    manifest_now: Callable[[], dict[str, Any]],
    *,
    digest_entries: list[dict[str, Any]],
    index_entries: list[dict[str, Any]],
    theme_reports: list[dict[str, Any]],
    loaded_themes: Optional[LoadedThemeModel],
    previous_listing: Sequence[str],
    reports: Callable[[], Iterable[dict[str, Any]]],
) -> Optional[Path]:
    """The batch's digest, index page, prevalence table and exports (`reports()` gives every report again,
    for the exports), then the stale outputs' removal and the manifest, last; returns the manifest's path
    (None without an output folder)."""
    manifest_path = None
    batch_outputs: list[Path] = []
    if out is not None and digest_entries:
        digest = build_digest(digest_entries, settings.summary)
        batch_outputs.append(write_text_atomic(out / "digest.md", render_digest_markdown(digest, settings.summary)))
    if out is not None and loaded_themes is not None:
        batch_outputs.append(write_csv_atomic(out / "theme_prevalence.csv", prevalence_table(theme_reports)))
    if out is not None and digest_entries:
        batch_outputs += write_batch_exports(out, reports, settings.export)
    if out is not None and settings.editor.enabled and records:
        rejected = [
            {"path": r.path, "line": r.error.get("line"), "message": r.error["message"]}
            for r in records
            if r.status == "rejected" and r.error
        ]
        batch_outputs.append(write_text_atomic(out / "index.html", render_index_page(index_entries, rejected=rejected)))
    if out is not None:
        manifest = manifest_now()
        manifest["outputs"] = [
            {"path": p.relative_to(out).as_posix(), "sha256": file_sha256(p)} for p in batch_outputs
        ]
        written = [path for record in records for path in record.outputs] + [e["path"] for e in manifest["outputs"]]
        manifest["removed"] = remove_stale_outputs(out, previous_listing, written)
        manifest_path = write_json_atomic(out / "manifest.json", manifest)
        drop_previous_listing(out)
    return manifest_path



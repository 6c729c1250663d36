"""Run the pipeline over a batch: collect inputs, process each transcript on its own, write a manifest.

One broken input never stops the others: it is recorded as rejected with its file (and line), and the
run goes on. The output folder is locked for the run, and the manifest is written last: a folder without
one holds an interrupted run, which a rerun completes.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import signal
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing, contextmanager, nullcontext
import time
import traceback
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Optional, Sequence

from .errors import InputPathError, OutputFolderError, RoundtableError, SettingsError, TranscriptError
from .cache import Cache, cache_key, open_cache, parse_with_cache
from .nlp import ParsedTranscript, check_disable, check_model, model_info, nlp_for
from .quotes import extract_quotes
from .exports import quote_theme_pairs, report_tables
from .exports.batch import write_batch_exports
from .quotes.export import quotes_markdown, theme_cells
from .readers import SUPPORTED_EXTENSIONS, is_sidecar, read_transcript
from .report import build_report, display_path
from .editor import PAGE_VERSION, index_entry, render_index_page, render_report_page
from .settings import EditorSettings, Settings, SummarySettings
from .stages import STAGES, stage_versions
from .summary import render_summary_docx, render_summary_html, render_summary_markdown, summarise
from .themes import find_themes, load_theme_model, prevalence_table
from .themes.model import ThemeModel
from .summary.digest import build_digest, digest_entry
from .stale import drop_previous_listing, keep_previous_listing, remove_stale_outputs
from .summary.render import check_templates_dir, render_digest_markdown
from .records import Quote, Transcript
from .versions import library_versions
from .writers import (
    LOCK_FILE,
    FolderUpdate,
    locked_output_folder,
    remove_if_only_lock,
    write_csv_atomic,
    write_json_atomic,
    write_text_atomic,
)

if TYPE_CHECKING:
    import pandas as pd

# 1.2: `stages` (name -> code version) and `skipped` (files left out for their extension); 1.3: `removed`
# (outputs of the last run this one no longer writes), and `complete: false` with `stopped` for a run stopped
# by an output it could not write.
MANIFEST_VERSION = "1.3"
# The steps timed in the manifest, in the order data flows through them.
TIMED_STEPS = ("read", "parse", *(stage.name for stage in STAGES), "write")
# Files in an input folder that are documentation, not transcripts.
_NOT_TRANSCRIPTS = ("readme", "license", "licence", "notice", "changelog")


@dataclass
class InputRecord:
    """What happened to one input. `status` is "processed", "cached" (every stage came from the cache and
    the outputs already held the same bytes) or "rejected" (see `error`)."""

    path: str
    status: str = "pending"
    transcript_id: Optional[str] = None
    size: Optional[int] = None
    sha256: Optional[str] = None
    format: Optional[str] = None
    encoding: Optional[str] = None
    n_turns: Optional[int] = None
    n_words: Optional[int] = None
    warnings: list[str] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)  # labels read as one speaker, and why
    unidentified: list[str] = field(default_factory=list)  # speakers nobody has named yet
    parse_cached: bool = False
    stages_cached: dict[str, bool] = field(default_factory=dict)
    error: Optional[dict[str, Any]] = None
    outputs: list[str] = field(default_factory=list)
    output_sha256: dict[str, str] = field(default_factory=dict)
    # sha256 over everything the output files depend on: a rerun finding the same key and the same file
    # hashes in the previous manifest writes nothing.
    outputs_key: Optional[str] = None
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RunResult:
    """The outcome of a batch. `ok` is False when any input was rejected.

    For notebooks, `turns`, `quotes`, `themes` and `speakers` are pandas DataFrames over the whole batch
    (a `transcript_id` column first). With an output folder they are read back from the `report.json`
    files, so a run never holds every report in memory; without one, the reports are kept in `reports`.
    """

    inputs: list[InputRecord]
    out_dir: Optional[Path]
    manifest_path: Optional[Path]
    settings_hash: str
    skipped: list[str] = field(default_factory=list)
    reports: Optional[list[dict[str, Any]]] = field(default=None, repr=False)

    def iter_reports(self) -> Iterable[dict[str, Any]]:
        """Each report of the batch, in input order (one at a time when read from the output folder)."""
        if self.reports is not None:
            yield from self.reports
            return
        if self.out_dir is None:
            return
        for record in self.inputs:
            if record.status in ("processed", "cached") and record.transcript_id is not None:
                path = self.out_dir / record.transcript_id / "report.json"
                yield json.loads(path.read_text(encoding="utf-8"))

    def _frame(self, rows_of: callable, columns: Sequence[str]) -> "pd.DataFrame":
        import pandas as pd

        rows = [
            {"transcript_id": report["transcript"]["id"], **row}
            for report in self.iter_reports()
            for row in rows_of(report)
        ]
        return pd.DataFrame(rows, columns=None if rows else ["transcript_id", *columns])

    @property
    def turns(self) -> "pd.DataFrame":
        """Each turn with its speaker's attribution, n_words and n_sentences (as in turns.csv)."""

        def rows(report: dict[str, Any]) -> Iterator[dict[str, Any]]:
            attributions = {s["label"]: s["attribution"] for s in report["transcript"]["speakers"]}
            for turn in report["transcript"]["turns"]:
                yield {**turn, "attribution": attributions.get(turn["speaker"], turn["speaker"])}

        return self._frame(rows, ["index", "speaker", "text", "start", "end", "attribution", "n_words", "n_sentences"])

    @property
    def quotes(self) -> "pd.DataFrame":
        """Each quote with the themes it belongs to (`theme_id`, `theme_label`, as in quotes.csv)."""

        def rows(report: dict[str, Any]) -> Iterator[dict[str, Any]]:
            themes = quote_theme_pairs(report)
            for quote in report["quotes"]:
                yield {**{k: v for k, v in quote.items() if k != "transcript_id"}, **theme_cells(themes.get(quote["id"], ()))}

        return self._frame(rows, ["id", "rank", "text", "speaker", "turn_index", "score", "theme_id", "theme_label"])

    @property
    def themes(self) -> "pd.DataFrame":
        return self._frame(lambda r: r["themes"], ["id", "label", "keywords", "share", "turn_indices"])

    @property
    def speakers(self) -> "pd.DataFrame":
        return self._frame(lambda r: r["transcript"]["speakers"], ["label", "name", "attribution", "n_turns", "n_words"])

    @property
    def n_processed(self) -> int:
        """Inputs that gave a report, freshly computed or from the cache."""
        return sum(1 for record in self.inputs if record.status in ("processed", "cached"))

    @property
    def n_cached(self) -> int:
        return sum(1 for record in self.inputs if record.status == "cached")

    @property
    def rejected(self) -> list[InputRecord]:
        return [record for record in self.inputs if record.status == "rejected"]

    @property
    def ok(self) -> bool:
        return not self.rejected


@dataclass(frozen=True)
class LoadedThemeModel:
    """A saved theme model loaded once for a batch: its name (folder), estimator and meta.json."""

    name: str
    model: ThemeModel
    meta: dict[str, Any]


def load_theme_model_once(folder: str | Path) -> LoadedThemeModel:
    model, meta = load_theme_model(folder)
    return LoadedThemeModel(name=Path(folder).name, model=model, meta=meta)


def _is_candidate(path: Path, extensions: Sequence[str]) -> bool:
    name = path.name.lower()
    return (
        path.is_file()
        and path.suffix.lower() in extensions
        and not name.startswith(".")
        and not name.startswith(_NOT_TRANSCRIPTS)
        and not is_sidecar(path)
    )


@dataclass(frozen=True)
class Inputs:
    """The files a batch reads, sorted, and the files its folders held that it skips for their extension."""

    paths: list[Path]
    skipped: list[Path]


def _as_path_list(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    # A lone path is one input: iterating a string would give its characters.
    if isinstance(paths, (str, Path)):
        return [Path(paths)]
    return [Path(p) for p in paths]


def is_output_folder(folder: Path) -> bool:
    """True for a folder a run wrote into (its lock file or a roundtable manifest.json is there)."""
    if (folder / LOCK_FILE).exists():
        return True
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        return False
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "manifest_version" in data and "settings_hash" in data


def _walk_folder(folder: Path) -> Iterator[Path]:
    """Every file under `folder`, leaving out our own output folders (and everything below them)."""
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        if is_output_folder(here):
            dirs[:] = []
            continue
        dirs.sort()
        for name in sorted(files):
            yield here / name


def discover_inputs(paths: str | Path | Iterable[str | Path], settings: Settings) -> Inputs:
    """Expand folders (recursively, transcript extensions only) and sort, so input order never matters.

    Files named explicitly are always kept, so an unsupported one is reported rather than skipped. A path
    that does not exist, or a folder with no transcript in it, is an `InputPathError`. Folders a run wrote
    into (`manifest.json` or `.roundtable.lock`) are not read, so `roundtable run . --out out` can rerun.
    """
    extensions = tuple(ext.lower() for ext in settings.read.extensions)
    found: set[Path] = set()
    skipped: set[Path] = set()
    for path in _as_path_list(paths):
        if not path.exists():
            raise InputPathError(path, "no such file or folder; check the path")
        if not path.is_dir():
            found.add(path)
            continue
        files = list(_walk_folder(path))
        in_folder = [p for p in files if _is_candidate(p, extensions)]
        # Named, so a transcript with an unexpected extension is not silently left out.
        unsupported = [p for p in files if _is_candidate(p, (p.suffix.lower(),)) and p.suffix.lower() not in extensions]
        if not in_folder:
            what = f"only files with unsupported extensions ({_names(unsupported)})" if unsupported else "no files"
            raise InputPathError(
                path, f"the folder holds {what}; transcripts end in {', '.join(extensions)} (read.extensions)"
            )
        found.update(in_folder)
        skipped.update(unsupported)
    return Inputs(paths=sorted(found, key=lambda p: p.as_posix()), skipped=sorted(skipped, key=lambda p: p.as_posix()))


def _names(paths: Sequence[Path], limit: int = 5) -> str:
    shown = ", ".join(p.name for p in paths[:limit])
    return shown + (f" and {len(paths) - limit} more" if len(paths) > limit else "")


def collect_inputs(paths: str | Path | Iterable[str | Path], settings: Settings) -> list[Path]:
    """The sorted input files of `discover_inputs`."""
    return discover_inputs(paths, settings).paths


def _file_facts(path: Path) -> tuple[Optional[int], Optional[str]]:
    try:
        data = path.read_bytes()
    except OSError:
        return None, None
    return len(data), hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str:
    """sha256 of a file read in blocks (a batch's project.qdpx or Parquet tables can be large)."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _folder_hashes(folder: Path) -> dict[str, str]:
    """sha256 of each file already in an output folder, by name (empty when the folder is new)."""
    if not folder.is_dir():
        return {}
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


def _unique_id(transcript_id: str, taken: set[str]) -> str:
    candidate, n = transcript_id, 2
    while candidate in taken:
        candidate, n = f"{transcript_id}-{n}", n + 1
    taken.add(candidate)
    return candidate


def process_transcript(
    parsed: ParsedTranscript,
    settings: Settings,
    *,
    model: dict[str, Any],
    theme_model: Optional[LoadedThemeModel] = None,
) -> dict[str, Any]:
    """Everything after parsing for one transcript; returns its report (the same bytes a cached run gives)."""
    return process_transcript_staged(parsed, settings, model=model, theme_model=theme_model)[0]


def _stage_json(value: Any) -> bytes:
    # Not sorted: a report rebuilt from the cache must keep the documented field order byte for byte.
    return json.dumps(value, ensure_ascii=False, allow_nan=True).encode("utf-8")


def stage_keys(
    parsed: ParsedTranscript,
    settings: Settings,
    *,
    model: dict[str, Any],
    theme_model: Optional["LoadedThemeModel"] = None,
) -> dict[str, str]:
    """Cache keys of the stages after parsing, each over its inputs and its own settings section.

    The base covers what the parse and the report parts depend on (the transcript as read, the spaCy model,
    the library versions); each stage's key includes its code version (`pipeline/stages.py`) and the keys of
    the stages it requires, so new code or a change upstream reaches downstream.
    """
    transcript = parsed.transcript
    base = cache_key(
        "transcript",
        transcript.id,
        transcript.title,
        transcript.date,
        [speaker.to_dict() for speaker in transcript.speakers],
        [turn.to_dict() for turn in transcript.turns],
        model,
        library_versions(),
        settings.nlp.max_chunk_chars,
        list(settings.nlp.disable),
    )
    model_hash = cache_key(theme_model.name, theme_model.meta) if theme_model is not None else None
    # What each stage reads beyond its settings section and the stages it requires.
    extra: dict[str, tuple] = {"themes": (settings.seed, model_hash)}
    keys: dict[str, str] = {}
    for stage in STAGES:
        keys[stage.name] = cache_key(
            stage.name,
            stage.version,
            base,
            [keys[required] for required in stage.requires],
            getattr(settings, stage.section).model_dump(mode="json"),
            *extra.get(stage.name, ()),
        )
    return keys


def process_transcript_staged(
    parsed: ParsedTranscript,
    settings: Settings,
    *,
    model: dict[str, Any],
    theme_model: Optional["LoadedThemeModel"] = None,
    cache: Optional[Cache] = None,
) -> tuple[dict[str, Any], dict[str, bool], dict[str, float]]:
    """Like `process_transcript`, reusing each stage's cached report part when its key matches.

    Returns (report, stage -> came from cache, stage -> seconds). A stage that misses recomputes the
    records the later stages need (themes need quotes; the summary needs the themes).
    """
    keys = stage_keys(parsed, settings, model=model, theme_model=theme_model)
    cached = {
        stage: (cache.get_json(stage, keys[stage]) if cache is not None else None)
        for stage in ("quotes", "themes", "summary")
    }
    hits = {stage: value is not None for stage, value in cached.items()}
    seconds: dict[str, float] = {}

    clock = time.perf_counter()
    if cached["quotes"] is not None:
        quote_dicts = cached["quotes"]
        quotes = [Quote.from_dict(quote) for quote in quote_dicts]
    else:
        quotes = list(extract_quotes(parsed, settings.quotes))
        quote_dicts = [quote.to_dict() for quote in quotes]
        if cache is not None:
            cache.put_bytes("quotes", keys["quotes"], _stage_json(quote_dicts))
    seconds["quotes"] = time.perf_counter() - clock

    clock = time.perf_counter()
    theme_objects = None
    if cached["themes"] is not None and cached["summary"] is not None:
        themes_part = cached["themes"]
    else:
        result = find_themes(
            parsed,
            settings.themes,
            quotes=quotes,
            model=theme_model.model if theme_model else None,
            model_name=theme_model.name if theme_model else None,
            seed=settings.seed,
        )
        theme_objects = result.themes
        themes_part = {"themes": [theme.to_dict() for theme in result.themes], "themes_info": result.info_dict()}
        # Through JSON, so a fresh report and one rebuilt from the cache are the same bytes.
        data = _stage_json(themes_part)
        themes_part = json.loads(data)
        if cache is not None and cached["themes"] is None:
            cache.put_bytes("themes", keys["themes"], data)
    seconds["themes"] = time.perf_counter() - clock

    clock = time.perf_counter()
    if cached["summary"] is not None:
        summary_part = cached["summary"]
    else:
        summary = summarise(parsed, settings.summary, quotes=quotes, themes=theme_objects)
        data = _stage_json(summary.to_dict())
        summary_part = json.loads(data)
        if cache is not None:
            cache.put_bytes("summary", keys["summary"], data)
    seconds["summary"] = time.perf_counter() - clock

    quote_dicts = json.loads(_stage_json(quote_dicts))
    report = build_report(
        parsed,
        settings_hash=settings.hash,
        versions=library_versions(),
        model=model,
        quotes=quote_dicts,
        themes=themes_part["themes"],
        themes_info=themes_part["themes_info"],
        summary=summary_part,
    )
    return report, hits, seconds


def write_outputs(
    out_dir: Path,
    parsed: ParsedTranscript,
    report: dict[str, Any],
    summary_settings: Optional[SummarySettings] = None,
    editor_settings: Optional[EditorSettings] = None,
) -> list[Path]:
    """Write one transcript's report folder as one update: a run killed meanwhile leaves all its old files
    or all its new ones (see `FolderUpdate`)."""
    folder = out_dir / parsed.transcript.id
    try:
        return _write_report_folder(folder, parsed, report, summary_settings, editor_settings)
    except OSError as exc:
        raise output_error(folder, exc) from exc


def output_error(path: Path, exc: OSError) -> OutputFolderError:
    """An output that cannot be written (disk full, no permission) stops the run: it is no input's fault."""
    return OutputFolderError(
        path,
        f"cannot be written ({exc.strerror or exc}); what it held before is left as it was. Free some space or "
        "fix the folder's permissions, then run the same command again to complete the run",
    )


def _write_report_folder(
    folder: Path,
    parsed: ParsedTranscript,
    report: dict[str, Any],
    summary_settings: Optional[SummarySettings],
    editor_settings: Optional[EditorSettings],
) -> list[Path]:
    with FolderUpdate(folder) as update:
        update.write_json("report.json", report)
        for name, table in report_tables(report).items():
            update.write_csv(f"{name}.csv", table)
        update.write_text(
            "quotes.md", quotes_markdown(report["quotes"], report["transcript"]["turns"], title=parsed.transcript.title)
        )
        if report.get("summary") is not None:
            summary_settings = summary_settings or SummarySettings()
            summary = report["summary"]
            formats = summary_settings.formats
            if "md" in formats:
                update.write_text("summary.md", render_summary_markdown(summary, summary_settings))
            if "html" in formats:
                update.write_text("summary.html", render_summary_html(summary, summary_settings))
            if "docx" in formats:
                update.write_bytes("summary.docx", render_summary_docx(summary))
        if (editor_settings or EditorSettings()).enabled:
            update.write_text("report.html", render_report_page(report))
        return update.commit()


@dataclass
class _Context:
    """What processing one transcript needs, loaded once per process."""

    settings: Settings
    nlp: Any
    model: dict[str, Any]
    cache: Optional[Cache]
    theme_model: Optional[LoadedThemeModel]
    out: Optional[Path]
    previous: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class _Outcome:
    """One input's record, plus what the batch-level outputs need from its report."""

    record: InputRecord
    report: Optional[dict[str, Any]] = None
    digest: Optional[dict[str, Any]] = None
    index: Optional[dict[str, Any]] = None


def _reject(record: InputRecord, exc: Exception) -> None:
    record.status = "rejected"
    if isinstance(exc, OutputFolderError):  # the run stops at this input (see `_run_batch`)
        record.error = {"path": exc.path, "line": None, "reason": str(exc), "message": str(exc), "output_folder": True}
    elif isinstance(exc, TranscriptError):
        record.error = exc.to_dict()
    elif isinstance(exc, RoundtableError):
        record.error = {"path": record.path, "line": None, "reason": str(exc), "message": f"{record.path}: {exc}"}
    else:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        record.error = {
            "path": record.path,
            "line": None,
            "reason": f"internal error {type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})",
            "message": f"{record.path}: internal error {type(exc).__name__}: {exc}; please report it with this file",
        }


def _read_inputs(
    paths: Iterable[Path], settings: Settings
) -> Iterable[tuple[InputRecord, Optional[Transcript]]]:
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
            _reject(record, exc)
            transcript = None
        yield record, transcript


def _previous_outputs(out: Optional[Path]) -> dict[str, dict[str, Any]]:
    """transcript id -> {outputs_key, output_sha256} from the manifest of the last run into `out`, if any."""
    if out is None:
        return {}
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        return {
            record["transcript_id"]: {"outputs_key": record.get("outputs_key"), "output_sha256": record.get("output_sha256")}
            for record in manifest.get("inputs", [])
            if record.get("transcript_id") and record.get("status") in ("processed", "cached")
        }
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}  # no usable manifest: write everything


def _process_input(record: InputRecord, transcript: Transcript, context: _Context) -> _Outcome:
    """Parse, run the stages and write the outputs of one transcript; a failure rejects this input only."""
    settings, out = context.settings, context.out
    outcome = _Outcome(record=record)
    try:
        clock = time.perf_counter()
        parsed, record.parse_cached = parse_with_cache(transcript, context.nlp, settings.nlp, context.cache)
        record.seconds["parse"] = time.perf_counter() - clock
        report, record.stages_cached, stage_seconds = process_transcript_staged(
            parsed, settings, model=context.model, theme_model=context.theme_model, cache=context.cache
        )
        record.seconds.update(stage_seconds)
        record.n_turns = report["transcript"]["n_turns"]
        record.n_words = report["transcript"]["n_words"]
        all_cached = record.parse_cached and all(record.stages_cached.values())
        unchanged = True
        if out is not None:
            clock = time.perf_counter()
            record.outputs_key = cache_key(
                "outputs", report, settings.summary.model_dump(mode="json"), settings.editor.model_dump(mode="json"),
                PAGE_VERSION,
            )
            before = _folder_hashes(out / transcript.id)
            previous = context.previous.get(transcript.id) or {}
            if (
                all_cached
                and previous.get("outputs_key") == record.outputs_key
                and previous.get("output_sha256")
                and all(before.get(Path(name).name) == digest for name, digest in previous["output_sha256"].items())
            ):
                # The same outputs are already there: nothing to render or write.
                record.outputs = list(previous["output_sha256"])
                record.output_sha256 = dict(previous["output_sha256"])
            else:
                written = write_outputs(out, parsed, report, settings.summary, settings.editor)
                record.outputs = [p.relative_to(out).as_posix() for p in written]
                record.output_sha256 = {
                    p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in written
                }
                unchanged = all(
                    before.get(p.name) == record.output_sha256[p.relative_to(out).as_posix()] for p in written
                )
            record.seconds["write"] = time.perf_counter() - clock
            outcome.digest = digest_entry(report)
            if settings.editor.enabled:
                outcome.index = index_entry(report)
        if out is None or context.theme_model is not None:
            outcome.report = report
        record.status = "cached" if all_cached and unchanged else "processed"
    except Exception as exc:  # noqa: BLE001 - one input's bug must not lose the rest of the batch
        _reject(record, exc)
    record.seconds = {stage: round(record.seconds[stage], 4) for stage in TIMED_STEPS if stage in record.seconds}
    return outcome


# Worker processes of `run(jobs=N)`: each builds its context (spaCy model, theme model) once, here.
_WORKER_CONTEXT: Optional[_Context] = None


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


def _init_worker(
    settings: Settings, theme_model_path: Optional[str], out: Optional[Path], previous: dict[str, dict[str, Any]]
) -> None:
    global _WORKER_CONTEXT
    _collect_less_often()  # a worker lives for one batch
    nlp = nlp_for(settings.nlp)
    _WORKER_CONTEXT = _Context(
        settings=settings,
        nlp=nlp,
        model=model_info(nlp),
        cache=Cache(Path(settings.cache.dir).expanduser()) if settings.cache.enabled else None,
        theme_model=load_theme_model_once(theme_model_path) if theme_model_path is not None else None,
        out=out,
        previous=previous,
    )


def _work(record: InputRecord, transcript: Transcript) -> _Outcome:
    assert _WORKER_CONTEXT is not None, "worker not initialised"
    return _process_input(record, transcript, _WORKER_CONTEXT)


def _process_all(
    read: Iterable[tuple[InputRecord, Optional[Transcript]]],
    context: _Context,
    *,
    jobs: int,
    theme_model_path: Optional[str | Path],
) -> Iterable[_Outcome]:
    """Outcomes in input order; with jobs > 1 from a process pool, at most 2 x jobs transcripts in flight."""
    if jobs <= 1:
        for record, transcript in read:
            yield _process_input(record, transcript, context) if transcript is not None else _Outcome(record=record)
        return
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(
            context.settings,
            str(theme_model_path) if theme_model_path is not None else None,
            context.out,
            context.previous,
        ),
    )
    try:
        pending: deque = deque()
        for record, transcript in read:
            if transcript is None:
                pending.append(_Outcome(record=record))
            else:
                with _interrupt_blocked():  # the pool starts its workers in submit()
                    pending.append(pool.submit(_work, record, transcript))
            while len(pending) > 2 * jobs:
                item = pending.popleft()
                yield item if isinstance(item, _Outcome) else item.result()
        while pending:
            item = pending.popleft()
            yield item if isinstance(item, _Outcome) else item.result()
    except BaseException:  # Ctrl-C, or the caller stopped early (GeneratorExit)
        _stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Drop the queued transcripts and stop the workers now, not after the transcripts they are on.

    Safe because every write is atomic: a worker stopped mid-write leaves only a temp file, which the next
    run into the folder removes.
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

    A worker process started meanwhile inherits the block for life, so Ctrl-C reaches only the parent,
    which shuts the pool down; workers print no tracebacks of their own. (multiprocessing starts its
    resource tracker the same way.)
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows: Ctrl-C reaches the workers anyway
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def run(
    paths: str | Path | Iterable[str | Path],
    settings: Optional[Settings] = None,
    *,
    out_dir: Optional[str | Path] = None,
    progress: Optional[callable] = None,
    theme_model: Optional[str | Path] = None,
    jobs: int = 1,
) -> RunResult:
    """Read, parse and report on every input; write outputs and `manifest.json` under `out_dir`.

    `paths` are files and/or folders; one `str` or `Path` on its own is one input.

    Inputs are read one at a time as they are processed, so memory does not grow with the batch. With
    `jobs` > 1, transcripts are parsed and reported in that many worker processes (each loads the spaCy
    model once); records come back in input order, so outputs and manifest are those of `jobs=1`.

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
    if jobs < 1:
        raise SettingsError("jobs", "a whole number of worker processes, at least 1", jobs)
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
                jobs=jobs,
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
    jobs: int,
) -> RunResult:
    """`run` once its output folder, if any, is locked."""
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    inputs = discover_inputs(paths, settings)  # a wrong path stops the run before the model loads
    nlp = nlp_for(settings.nlp)
    model = model_info(nlp)
    cache = open_cache(settings.cache)
    records: list[InputRecord] = []
    digest_entries: list[dict[str, Any]] = []
    index_entries: list[dict[str, Any]] = []
    theme_reports: list[dict[str, Any]] = []
    # Without an output folder the caller can only get the reports from memory.
    kept_reports: Optional[list[dict[str, Any]]] = [] if out is None else None
    context = _Context(
        settings=settings,
        nlp=nlp,
        model=model,
        cache=cache,
        theme_model=loaded_themes,
        out=out,
        previous=_previous_outputs(out) if cache is not None else {},
    )
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
    read = _read_inputs(inputs.paths, settings)
    # closing(): on Ctrl-C the worker pool is shut down here, not whenever the generator is collected.
    with closing(_process_all(read, context, jobs=jobs, theme_model_path=theme_model)) as outcomes:
        for outcome in outcomes:
            record, report = outcome.record, outcome.report
            if record.error is not None and record.error.get("output_folder"):
                _stop_on_output_error(out, records, record, settings, model, started, clock, inputs.skipped)
            records.append(record)
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
            out, records, settings, model, started, clock, inputs.skipped,
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


def _stop_on_output_error(
    out: Path,
    records: list[InputRecord],
    failed: InputRecord,
    settings: Settings,
    model: dict[str, Any],
    started: datetime,
    clock: float,
    skipped: Sequence[Path],
) -> None:
    """Stop the run at an output that cannot be written. The inputs finished before it are recorded in a
    manifest marked `complete: false` (when even that can be written), so it says which report folders
    are new; the others hold what they held before."""
    manifest = build_manifest(records, settings, model, started, time.perf_counter() - clock, skipped=skipped)
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
    model: dict[str, Any],
    started: datetime,
    clock: float,
    skipped: Sequence[Path],
    *,
    digest_entries: list[dict[str, Any]],
    index_entries: list[dict[str, Any]],
    theme_reports: list[dict[str, Any]],
    loaded_themes: Optional[LoadedThemeModel],
    previous_listing: Sequence[str],
    reports: Callable[[], Iterable[dict[str, Any]]],
) -> Optional[Path]:
    """The batch's digest, index page, prevalence table and exports (`reports()` gives every report again,
    for the exports), then the stale outputs' removal and the manifest, last; returns the manifest's path (None without an output folder)."""
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
        manifest = build_manifest(records, settings, model, started, time.perf_counter() - clock, skipped=skipped)
        manifest["outputs"] = [
            {"path": p.relative_to(out).as_posix(), "sha256": _file_sha256(p)}
            for p in batch_outputs
        ]
        written = [path for record in records for path in record.outputs] + [e["path"] for e in manifest["outputs"]]
        manifest["removed"] = remove_stale_outputs(out, previous_listing, written)
        manifest_path = write_json_atomic(out / "manifest.json", manifest)
        drop_previous_listing(out)
    return manifest_path


def build_manifest(
    records: list[InputRecord],
    settings: Settings,
    model: dict[str, Any],
    started: datetime,
    seconds: float,
    *,
    skipped: Sequence[Path] = (),
) -> dict[str, Any]:
    return {
        "manifest_version": MANIFEST_VERSION,
        "complete": True,
        "started_at": started.isoformat(timespec="seconds"),
        "seconds": round(seconds, 3),
        "seed": settings.seed,
        "stage_seconds": {
            stage: round(sum(r.seconds.get(stage, 0.0) for r in records), 3) for stage in TIMED_STEPS
        },
        "stages": stage_versions(),
        "versions": library_versions(),
        "spacy_model": model,
        "settings": settings.to_dict(),
        "settings_hash": settings.hash,
        "supported_extensions": list(SUPPORTED_EXTENSIONS),
        "n_inputs": len(records),
        "n_processed": sum(1 for r in records if r.status in ("processed", "cached")),
        "n_cached": sum(1 for r in records if r.status == "cached"),
        "n_rejected": sum(1 for r in records if r.status == "rejected"),
        "inputs": [record.to_dict() for record in records],
        "skipped": [display_path(str(p)) for p in skipped],
    }

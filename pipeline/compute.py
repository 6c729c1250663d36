"""One transcript's work, with no output written: parse (through the cache), run the stages, render the
output files to bytes.

Whatever runs it (this process, a worker of a process pool, a Dask worker on another machine) gets the
transcript's content, never a path to read, and returns an `Outcome`: the input's record, the report parts
the batch needs and `{relative name: bytes}` of its output files. Only the runner, in the client process,
writes them (atomically), so a run's outputs are the same bytes whichever executor computed them.
"""

from __future__ import annotations

import json
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Optional

from .cache import Cache, cache_key, parse_with_cache
from .editor import PAGE_VERSION, index_entry, render_report_page
from .errors import OutputFolderError, RoundtableError, TranscriptError
from .nlp import ParsedTranscript
from .quotes import extract_quotes
from .exports import report_tables
from .quotes.export import quotes_markdown
from .summary.withhold import withheld_report
from .records import Quote, Transcript
from .report import build_report
from .settings import EditorSettings, Settings, SummarySettings
from .stages import STAGES
from .summary import render_summary_docx, render_summary_html, render_summary_markdown, summarise
from .summary.digest import digest_entry
from .themes import find_themes, load_theme_model
from .themes.model import ThemeModel
from .versions import library_versions
from .writers import csv_text, dumps_json

# The steps timed in the manifest, in the order data flows through them.
TIMED_STEPS = ("read", "parse", *(stage.name for stage in STAGES), "write")

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



@dataclass(frozen=True)
class LoadedThemeModel:
    """A saved theme model loaded once for a batch: its name (folder), estimator and meta.json."""

    name: str
    model: ThemeModel
    meta: dict[str, Any]


def load_theme_model_once(folder: str | Path) -> LoadedThemeModel:
    model, meta = load_theme_model(folder)
    return LoadedThemeModel(name=Path(folder).name, model=model, meta=meta)



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



def render_outputs(
    parsed: ParsedTranscript,
    report: dict[str, Any],
    summary_settings: Optional[SummarySettings] = None,
    editor_settings: Optional[EditorSettings] = None,
) -> dict[str, bytes]:
    """A transcript's output files as `{name relative to the output folder: bytes}`, in the order written."""
    folder = parsed.transcript.id
    files: dict[str, bytes | str] = {"report.json": dumps_json(report)}
    summary_settings = summary_settings or SummarySettings()
    # Under a style that withholds names, the quotes files and the page print a copy without them.
    printed = withheld_report(report, summary_settings.attribution)
    files.update({f"{name}.csv": csv_text(table) for name, table in report_tables(report, quotes_from=printed).items()})
    files["quotes.md"] = quotes_markdown(printed["quotes"], printed["transcript"]["turns"], title=printed["transcript"]["title"],
                                         speakers=printed["transcript"]["speakers"])
    if report.get("summary") is not None:
        formats = summary_settings.formats
        if "md" in formats:
            files["summary.md"] = render_summary_markdown(report["summary"], summary_settings)
        if "html" in formats:
            files["summary.html"] = render_summary_html(report["summary"], summary_settings)
        if "docx" in formats:
            files["summary.docx"] = render_summary_docx(report["summary"])
    if (editor_settings or EditorSettings()).enabled:
        files["report.html"] = render_report_page(printed)
    return {
        f"{folder}/{name}": data.encode("utf-8") if isinstance(data, str) else data for name, data in files.items()
    }


def outputs_key(report: dict[str, Any], settings: Settings) -> str:
    """sha256 over everything a transcript's output files depend on."""
    return cache_key(
        "outputs", report, settings.summary.model_dump(mode="json"), settings.editor.model_dump(mode="json"), PAGE_VERSION
    )


@dataclass
class Context:
    """What processing one transcript needs, loaded once per process (or per Dask worker).

    `render` is False for a run without an output folder: no files are rendered, the report is kept.
    """

    settings: Settings
    nlp: Any
    model: dict[str, Any]
    cache: Optional[Cache]
    theme_model: Optional[LoadedThemeModel]
    render: bool


@dataclass(frozen=True)
class Task:
    """One transcript to process. `reuse_key` is the previous run's outputs key when the output folder still
    holds exactly that run's files for it: the same key again means there is nothing to render."""

    record: InputRecord
    transcript: Transcript
    reuse_key: Optional[str] = None


@dataclass
class Outcome:
    """One input's record, what the batch-level outputs need from its report, and its rendered files
    (None when rejected, or when the files already in the output folder are the ones it would render)."""

    record: InputRecord
    report: Optional[dict[str, Any]] = None
    digest: Optional[dict[str, Any]] = None
    index: Optional[dict[str, Any]] = None
    files: Optional[dict[str, bytes]] = None
    all_cached: bool = False


def reject(record: InputRecord, exc: BaseException) -> None:
    """Mark `record` rejected with an error that names its file (and line, when known)."""
    record.status = "rejected"
    if isinstance(exc, OutputFolderError):  # the run stops at this input (see `runner._run_batch`)
        record.error = {"path": exc.path, "line": None, "reason": str(exc), "message": str(exc), "output_folder": True}
    elif isinstance(exc, TranscriptError):
        record.error = exc.to_dict()
    elif isinstance(exc, RoundtableError):
        record.error = {"path": record.path, "line": None, "reason": str(exc), "message": f"{record.path}: {exc}"}
    else:
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ is not None else None
        at = f" (at {Path(where.filename).name}:{where.lineno})" if where is not None else ""
        record.error = {
            "path": record.path,
            "line": None,
            "reason": f"internal error {type(exc).__name__}: {exc}{at}",
            "message": f"{record.path}: internal error {type(exc).__name__}: {exc}; please report it with this file",
        }


def compute_outcome(task: Task, context: Context) -> Outcome:
    """Parse, run the stages and render the outputs of one transcript; a failure rejects this input only.

    Writes nothing but cache entries (to `context.cache`, local to the process's machine)."""
    record, transcript, settings = task.record, task.transcript, context.settings
    outcome = Outcome(record=record)
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
        outcome.all_cached = record.parse_cached and all(record.stages_cached.values())
        if context.render:
            clock = time.perf_counter()
            record.outputs_key = outputs_key(report, settings)
            if not (outcome.all_cached and task.reuse_key == record.outputs_key):
                outcome.files = render_outputs(parsed, report, settings.summary, settings.editor)
            record.seconds["write"] = time.perf_counter() - clock  # the runner adds its time writing them
            outcome.digest = digest_entry(report)
            if settings.editor.enabled:
                outcome.index = index_entry(report)
        if not context.render or context.theme_model is not None:
            outcome.report = report
    except Exception as exc:  # noqa: BLE001 - one input's bug must not lose the rest of the batch
        reject(record, exc)
        outcome.files = None
    return outcome

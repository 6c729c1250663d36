"""Run the pipeline over a batch: collect inputs, process each transcript on its own, write a manifest.

One broken input never stops the others: it is recorded as rejected with its file (and line), and the
run goes on. The manifest is written last.
"""

from __future__ import annotations

import hashlib
import time
import traceback
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from .errors import RoundtableError, TranscriptError
from .cache import Cache, parse_with_cache
from .nlp import ParsedTranscript, model_info, nlp_for
from .quotes import extract_quotes
from .quotes.export import quotes_markdown, quotes_table
from .readers import SUPPORTED_EXTENSIONS, is_sidecar, read_transcript
from .report import build_report, display_path, turns_table
from .editor import index_entry, render_index_page, render_report_page
from .settings import EditorSettings, Settings, SummarySettings
from .summary import render_summary_html, render_summary_markdown, summarise
from .themes import find_themes, load_theme_model, prevalence_table, speaker_themes_table, themes_table
from .themes.model import ThemeModel
from .summary.digest import build_digest, digest_entry
from .summary.render import check_templates_dir, render_digest_markdown
from .versions import library_versions
from .writers import write_csv_atomic, write_json_atomic, write_text_atomic

MANIFEST_VERSION = "1.0"
# Files in an input folder that are documentation, not transcripts.
_NOT_TRANSCRIPTS = ("readme", "license", "licence", "notice", "changelog")


@dataclass
class InputRecord:
    """What happened to one input. `status` is "processed" or "rejected"."""

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
    parse_cached: bool = False
    error: Optional[dict[str, Any]] = None
    outputs: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RunResult:
    """The outcome of a batch. `ok` is False when any input was rejected."""

    inputs: list[InputRecord]
    out_dir: Optional[Path]
    manifest_path: Optional[Path]
    settings_hash: str

    @property
    def n_processed(self) -> int:
        return sum(1 for record in self.inputs if record.status == "processed")

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


def collect_inputs(paths: Iterable[str | Path], settings: Settings) -> list[Path]:
    """Expand folders (recursively, transcript extensions only) and sort, so input order never matters.

    Files named explicitly are always kept, so an unsupported one is reported rather than skipped.
    """
    extensions = tuple(ext.lower() for ext in settings.read.extensions)
    found: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.update(p for p in path.rglob("*") if _is_candidate(p, extensions))
        else:
            found.add(path)
    return sorted(found, key=lambda p: p.as_posix())


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


def process_transcript(
    parsed: ParsedTranscript,
    settings: Settings,
    *,
    model: dict[str, Any],
    theme_model: Optional[LoadedThemeModel] = None,
) -> dict[str, Any]:
    """Everything after parsing for one transcript; returns its report."""
    quotes = extract_quotes(parsed, settings.quotes)
    themes = find_themes(
        parsed,
        settings.themes,
        quotes=quotes,
        model=theme_model.model if theme_model else None,
        model_name=theme_model.name if theme_model else None,
        seed=settings.seed,
    )
    summary = summarise(parsed, settings.summary, quotes=quotes, themes=themes.themes)
    return build_report(
        parsed,
        settings_hash=settings.hash,
        versions=library_versions(),
        model=model,
        quotes=[quote.to_dict() for quote in quotes],
        themes=[theme.to_dict() for theme in themes.themes],
        themes_info=themes.info_dict(),
        summary=summary.to_dict(),
    )


def write_outputs(
    out_dir: Path,
    parsed: ParsedTranscript,
    report: dict[str, Any],
    summary_settings: Optional[SummarySettings] = None,
    editor_settings: Optional[EditorSettings] = None,
) -> list[Path]:
    folder = out_dir / parsed.transcript.id
    paths = [
        write_json_atomic(folder / "report.json", report),
        write_csv_atomic(folder / "turns.csv", turns_table(parsed)),
        write_csv_atomic(folder / "quotes.csv", quotes_table(report["quotes"], report["transcript"]["turns"])),
        write_csv_atomic(folder / "themes.csv", themes_table(report)),
        write_csv_atomic(folder / "speaker_themes.csv", speaker_themes_table(report)),
        write_text_atomic(
            folder / "quotes.md",
            quotes_markdown(report["quotes"], report["transcript"]["turns"], title=parsed.transcript.title),
        ),
    ]
    if report.get("summary") is not None:
        summary_settings = summary_settings or SummarySettings()
        summary = report["summary"]
        paths.append(write_text_atomic(folder / "summary.md", render_summary_markdown(summary, summary_settings)))
        paths.append(write_text_atomic(folder / "summary.html", render_summary_html(summary, summary_settings)))
    if (editor_settings or EditorSettings()).enabled:
        paths.append(write_text_atomic(folder / "report.html", render_report_page(report)))
    return paths


def run(
    paths: Iterable[str | Path],
    settings: Optional[Settings] = None,
    *,
    out_dir: Optional[str | Path] = None,
    progress: Optional[callable] = None,
    theme_model: Optional[str | Path] = None,
) -> RunResult:
    """Read, parse and report on every input; write outputs and `manifest.json` under `out_dir`.

    With `theme_model` (a folder saved by `roundtable themes fit`), every transcript's talk is assigned to
    that model's themes, and `theme_prevalence.csv` (theme x roundtable shares) is written for the batch.
    """
    settings = settings or Settings()
    loaded_themes = load_theme_model_once(theme_model) if theme_model is not None else None
    out = Path(out_dir) if out_dir is not None else None
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    nlp = nlp_for(settings.nlp)
    model = model_info(nlp)
    cache = Cache(Path(settings.cache.dir).expanduser()) if settings.cache.enabled else None
    check_templates_dir(settings.summary)  # a wrong templates folder stops the run before any work
    records: list[InputRecord] = []
    digest_entries: list[dict[str, Any]] = []
    index_entries: list[dict[str, Any]] = []
    theme_reports: list[dict[str, Any]] = []
    taken_ids: set[str] = set()
    for path in collect_inputs(paths, settings):
        record = InputRecord(path=display_path(str(path)))
        record.size, record.sha256 = _file_facts(path)
        records.append(record)
        try:
            transcript = read_transcript(path, settings.read)
            transcript = transcript.with_id(_unique_id(transcript.id, taken_ids))
            record.transcript_id = transcript.id
            record.format, record.encoding = transcript.format, transcript.encoding
            record.warnings = [str(w) for w in transcript.warnings]
            parsed, record.parse_cached = parse_with_cache(transcript, nlp, settings.nlp, cache)
            report = process_transcript(parsed, settings, model=model, theme_model=loaded_themes)
            if loaded_themes is not None:
                theme_reports.append(report)
            record.n_turns = report["transcript"]["n_turns"]
            record.n_words = report["transcript"]["n_words"]
            if out is not None:
                written = write_outputs(out, parsed, report, settings.summary, settings.editor)
                record.outputs = [p.relative_to(out).as_posix() for p in written]
                digest_entries.append(digest_entry(report))
                if settings.editor.enabled:
                    index_entries.append(index_entry(report))
            record.status = "processed"
        except TranscriptError as exc:
            record.status, record.error = "rejected", exc.to_dict()
        except RoundtableError as exc:
            record.status = "rejected"
            record.error = {"path": record.path, "line": None, "reason": str(exc), "message": f"{record.path}: {exc}"}
        except Exception as exc:  # noqa: BLE001 - one input's bug must not lose the rest of the batch
            where = traceback.extract_tb(exc.__traceback__)[-1]
            record.status = "rejected"
            record.error = {
                "path": record.path,
                "line": None,
                "reason": f"internal error {type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})",
                "message": f"{record.path}: internal error {type(exc).__name__}: {exc}; please report it with this file",
            }
        if progress is not None:
            progress(record)
    manifest_path = None
    if out is not None and digest_entries:
        digest = build_digest(digest_entries, settings.summary)
        write_text_atomic(out / "digest.md", render_digest_markdown(digest, settings.summary))
    if out is not None and loaded_themes is not None:
        write_csv_atomic(out / "theme_prevalence.csv", prevalence_table(theme_reports))
    if out is not None and settings.editor.enabled and records:
        rejected = [{"path": r.path, "message": r.error["message"]} for r in records if r.status == "rejected" and r.error]
        write_text_atomic(out / "index.html", render_index_page(index_entries, rejected=rejected))
    if out is not None:
        manifest_path = write_json_atomic(
            out / "manifest.json",
            build_manifest(records, settings, model, started, time.perf_counter() - clock),
        )
    return RunResult(inputs=records, out_dir=out, manifest_path=manifest_path, settings_hash=settings.hash)


def build_manifest(
    records: list[InputRecord],
    settings: Settings,
    model: dict[str, Any],
    started: datetime,
    seconds: float,
) -> dict[str, Any]:
    return {
        "manifest_version": MANIFEST_VERSION,
        "complete": True,
        "started_at": started.isoformat(timespec="seconds"),
        "seconds": round(seconds, 3),
        "versions": library_versions(),
        "spacy_model": model,
        "settings": settings.to_dict(),
        "settings_hash": settings.hash,
        "supported_extensions": list(SUPPORTED_EXTENSIONS),
        "n_inputs": len(records),
        "n_processed": sum(1 for r in records if r.status == "processed"),
        "n_rejected": sum(1 for r in records if r.status == "rejected"),
        "inputs": [record.to_dict() for record in records],
    }

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
from .nlp import ParsedTranscript, model_info, nlp_for, parse_transcript
from .readers import SUPPORTED_EXTENSIONS, is_sidecar, read_transcript
from .report import build_report, display_path, turns_table
from .settings import Settings
from .versions import library_versions
from .writers import write_csv_atomic, write_json_atomic

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


def process_transcript(parsed: ParsedTranscript, settings: Settings, *, model: dict[str, Any]) -> dict[str, Any]:
    """Everything after parsing for one transcript; returns its report."""
    return build_report(parsed, settings_hash=settings.hash, versions=library_versions(), model=model)


def write_outputs(out_dir: Path, parsed: ParsedTranscript, report: dict[str, Any]) -> list[Path]:
    folder = out_dir / parsed.transcript.id
    return [
        write_json_atomic(folder / "report.json", report),
        write_csv_atomic(folder / "turns.csv", turns_table(parsed)),
    ]


def run(
    paths: Iterable[str | Path],
    settings: Optional[Settings] = None,
    *,
    out_dir: Optional[str | Path] = None,
    progress: Optional[callable] = None,
) -> RunResult:
    """Read, parse and report on every input; write outputs and `manifest.json` under `out_dir`."""
    settings = settings or Settings()
    out = Path(out_dir) if out_dir is not None else None
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    nlp = nlp_for(settings.nlp)
    model = model_info(nlp)
    records: list[InputRecord] = []
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
            parsed = parse_transcript(transcript, nlp, settings.nlp)
            report = process_transcript(parsed, settings, model=model)
            record.n_turns = report["transcript"]["n_turns"]
            record.n_words = report["transcript"]["n_words"]
            if out is not None:
                record.outputs = [p.relative_to(out).as_posix() for p in write_outputs(out, parsed, report)]
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

"""One importer for every transcript format: `read_transcript(path) -> Transcript`.

Each format module turns decoded text (or, for DOCX, the file) into a `ReadResult`; `assemble` then
applies the participant registry, merges labels that differ only in case or spacing, numbers the turns
and names the transcript.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Callable, Optional

from ..decoding import read_text
from ..errors import TranscriptError, UnsupportedFormatError, format_choices
from ..records import ReadWarning, Speaker, Transcript, Turn, normalise_label
from ..settings import ReadSettings
from . import docx as docx_reader
from . import jsonfmt, subtitles, text
from .base import RawTurn, ReadResult
from .participants import find_sidecar, is_sidecar, read_registry

__all__ = ["read_transcript", "transcript_id_for", "is_sidecar", "SUPPORTED_EXTENSIONS"]

# extension -> reader taking (decoded text, path) and returning a ReadResult
_TEXT_READERS: dict[str, Callable[[str, Path], ReadResult]] = {
    ".txt": text.read_text_transcript,
    ".md": text.read_text_transcript,
    ".markdown": text.read_text_transcript,
    ".vtt": subtitles.read_vtt,
    ".srt": subtitles.read_srt,
    ".json": jsonfmt.read_json_transcript,
}
SUPPORTED_EXTENSIONS = tuple(sorted([*_TEXT_READERS, ".docx"]))


def transcript_id_for(path: Path) -> str:
    """A filesystem-safe id from the file name: `Council Roundtable 2011.txt` -> `council-roundtable-2011`."""
    stem = unicodedata.normalize("NFKD", path.stem).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.").lower()
    return slug or "transcript"


def read_transcript(path: str | Path, settings: Optional[ReadSettings] = None) -> Transcript:
    """Read one transcript file of any supported format. Raises `TranscriptError` naming the file (and line)."""
    settings = settings or ReadSettings()
    path = Path(path)
    if not path.is_file():
        raise TranscriptError(path, "does not exist or is not a file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        raise UnsupportedFormatError(
            path,
            f"has an unsupported extension {suffix or '(none)'!r}",
            expected=f"one of {format_choices(SUPPORTED_EXTENSIONS)}",
        )
    if suffix == ".docx":
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise TranscriptError(
                path,
                f"is {size:,} bytes, over the size limit of {settings.max_bytes:,} bytes",
                hint="raise read.max_bytes if this file really is one transcript",
            )
        result, encoding = docx_reader.read_docx(path), None
    else:
        decoded = read_text(path, max_bytes=settings.max_bytes)
        if not decoded.text.strip():
            raise TranscriptError(path, "is empty (no text at all)")
        reader = _TEXT_READERS[suffix]
        if suffix in (".txt", ".md", ".markdown") and decoded.text.lstrip().startswith("WEBVTT"):
            reader = subtitles.read_vtt
        result, encoding = reader(decoded.text, path), decoded.encoding
    sidecar = find_sidecar(path)
    registry = read_registry(sidecar, max_bytes=settings.max_bytes) if sidecar else ()
    return assemble(path, result, encoding=encoding, registry=registry)


def assemble(
    path: Path,
    result: ReadResult,
    *,
    encoding: Optional[str] = None,
    registry: tuple[Speaker, ...] = (),
) -> Transcript:
    """Apply registries (sidecar over in-file), merge labels by case/spacing, number turns, name speakers."""
    # Empty turns are kept: annotations and timestamps refer to turns by position in the source.
    turns = list(result.turns)
    if not any(t.text.strip() for t in turns):
        raise TranscriptError(
            path,
            "has no speaker turns",
            expected="lines such as 'Name: what they said'",
            found="no speaker labels" if result.format in ("text", "markdown", "docx") else "no turns",
        )
    known: dict[str, Speaker] = {}
    people: dict[tuple, Speaker] = {}  # one person under several labels ("Chair" and her name) is one speaker
    for entry in (*result.participants, *registry):  # sidecar entries override in-file ones
        speaker = entry
        if entry.name:
            speaker = people.setdefault((normalise_label(entry.name), entry.role, entry.organisation), entry)
            known.setdefault(normalise_label(entry.name), speaker)
        known[normalise_label(entry.label)] = speaker
    has_registry = bool(known)
    for speaker in result.label_notes:  # lowest priority: only for speakers no registry describes
        known.setdefault(normalise_label(speaker.label), speaker)

    canonical: dict[str, str] = {}
    speakers: dict[str, Speaker] = {}
    warnings = list(result.warnings)
    out_turns: list[Turn] = []
    for raw in turns:
        key = normalise_label(raw.speaker)
        if key not in canonical:
            entry = known.get(key)
            label = entry.label if entry else " ".join(raw.speaker.split())
            canonical[key] = label
            if label not in speakers:
                speakers[label] = entry or Speaker(label=label)
            if entry is None and has_registry:
                warnings.append(ReadWarning(f"speaker label {label!r} is not in the participant registry", raw.line))
        out_turns.append(_turn(len(out_turns), canonical[key], raw))
    return Transcript(
        id=transcript_id_for(path),
        title=result.title or path.stem,
        date=result.date,
        turns=tuple(out_turns),
        speakers=tuple(speakers.values()),
        source=str(path),
        format=result.format,
        encoding=encoding,
        warnings=tuple(warnings),
    )


def _turn(index: int, speaker: str, raw: RawTurn) -> Turn:
    return Turn(index=index, speaker=speaker, text=raw.text, start=raw.start, end=raw.end, source_line=raw.line)

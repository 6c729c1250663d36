"""One importer for every transcript format: `read_transcript(path) -> Transcript`.

Each format module turns decoded text (or, for DOCX, the file) into a `ReadResult`; `assemble` then
applies the participant registry, merges labels that differ only in case or spacing, numbers the turns
and names the transcript.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Callable, Optional

from ..decoding import read_text
from ..errors import TranscriptError, UnsupportedFormatError, format_choices
from ..records import ReadWarning, Speaker, SpeakerMerge, Transcript, Turn, normalise_label
from ..settings import ReadSettings
from . import docx as docx_reader
from . import identity, jsonfmt, pdf, subtitles, text
from .base import RawTurn, ReadResult
from .participants import RegistryEntry, check_registry, find_sidecar, is_sidecar, read_registry

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
# Binary formats, read from the file itself: extension -> reader taking the path.
_FILE_READERS: dict[str, Callable[[Path], ReadResult]] = {".docx": docx_reader.read_docx, ".pdf": pdf.read_pdf}
SUPPORTED_EXTENSIONS = tuple(sorted([*_TEXT_READERS, *_FILE_READERS]))


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
    if suffix in _FILE_READERS:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise TranscriptError(
                path,
                f"is {size:,} bytes, over the size limit of {settings.max_bytes:,} bytes",
                hint="raise read.max_bytes if this file really is one transcript",
            )
        result, encoding = _FILE_READERS[suffix](path), None
    else:
        decoded = read_text(path, max_bytes=settings.max_bytes)
        if not decoded.text.strip():
            raise TranscriptError(path, "is empty (no text at all)")
        reader = _TEXT_READERS[suffix]
        if suffix in (".txt", ".md", ".markdown") and decoded.text.lstrip().startswith("WEBVTT"):
            reader = subtitles.read_vtt
        result, encoding = reader(decoded.text, path), decoded.encoding
    sidecar = find_sidecar(path)
    entries = read_registry(sidecar, max_bytes=settings.max_bytes) if sidecar else ()
    transcript = assemble(path, result, encoding=encoding, registry=tuple(entry.speaker for entry in entries))
    in_file = tuple(RegistryEntry(speaker, str(path), n) for n, speaker in enumerate(result.participants, start=1))
    labels = [label for speaker in transcript.speakers for label in speaker.labels]
    problems = check_registry((*in_file, *entries), labels)
    return replace(transcript, warnings=(*transcript.warnings, *problems)) if problems else transcript


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
            found="no speaker labels" if result.format in ("text", "markdown", "docx", "pdf") else "no turns",
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
    notes = {normalise_label(speaker.label): speaker for speaker in result.label_notes}

    # The labels as first written (case and spacing do not distinguish speakers), in order of first use.
    first_spelling: dict[str, str] = {}
    n_turns: dict[str, int] = {}
    merges: list[SpeakerMerge] = []
    for raw in turns:
        key = normalise_label(raw.speaker)
        label = first_spelling.setdefault(key, " ".join(raw.speaker.split()))
        n_turns[label] = n_turns.get(label, 0) + 1
        spelled = " ".join(raw.speaker.split())
        if spelled != label and not any(m.label == spelled for m in merges):
            merges.append(SpeakerMerge(spelled, label, "same label but for case or spacing"))
    resolved, warnings = _resolve_speakers(list(first_spelling.values()), n_turns, known, notes, merges)
    warnings = [*result.warnings, *warnings]
    speakers: dict[str, Speaker] = {}
    label_of: dict[str, str] = {}
    lines = {}
    for raw in turns:
        lines.setdefault(first_spelling[normalise_label(raw.speaker)], raw.line)
    for label in first_spelling.values():
        speaker = resolved[label]
        label_of[label] = speaker.label
        if speaker.label not in speakers:
            speakers[speaker.label] = speaker
        else:
            previous = speakers[speaker.label]
            speakers[speaker.label] = replace(previous, labels=(*previous.labels, *speaker.labels))
        described = {normalise_label(label), normalise_label(speaker.label)} & (set(known) | set(notes))
        if has_registry and not described:
            warnings.append(ReadWarning(f"speaker label {label!r} is not in the participant registry", lines[label]))
    speakers = {
        label: replace(speaker, labels=tuple(dict.fromkeys(speaker.labels))) for label, speaker in speakers.items()
    }
    out_turns = [
        _turn(index, label_of[first_spelling[normalise_label(raw.speaker)]], raw) for index, raw in enumerate(turns)
    ]
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
        merges=tuple(merges),
    )


def _identity_input(label: str, note: Optional[Speaker]) -> str:
    """The label as the identity rules read it: a text reader's label note ("The Chair (Hon. X (Y, Lib.))",
    "Jane Smith (Essex, CPC)") is put back when it names a role's occupant or a constituency and party."""
    if note is None or not (note.role or note.organisation):
        return label
    text = ", ".join(part for part in (note.role, note.organisation) if part)
    return f"{label} ({text})" if identity.parse_label(f"{label} ({text})") != identity.LabelParts(
        base=label, role=text
    ) else label


def _resolve_speakers(
    labels: list[str],
    n_turns: dict[str, int],
    known: dict[str, Speaker],
    notes: dict[str, Speaker],
    merges: list[SpeakerMerge],
) -> tuple[dict[str, Speaker], list[ReadWarning]]:
    """label -> its speaker. The identity rules group labels that name one person; the registry decides
    over them both ways: labels its entries give one name are one speaker, labels it gives different
    people are never merged (and their unlisted namesakes stay apart, with a warning)."""
    inputs = {label: _identity_input(label, notes.get(normalise_label(label))) for label in labels}
    by_input = {value: label for label, value in inputs.items()}
    groups = identity.identify_speakers(list(inputs.values()), {inputs[l]: n for l, n in n_turns.items()})
    resolved: dict[str, Speaker] = {}
    warnings: list[ReadWarning] = []
    for group in groups:
        members = [by_input[value] for value in group.labels]
        reasons = {by_input[value]: reason for value, reason in group.joined}
        listed = {label: known[normalise_label(label)] for label in members if normalise_label(label) in known}
        people = list(dict.fromkeys(id(speaker) for speaker in listed.values()))
        if len(people) > 1:
            for label in members:
                resolved[label] = listed.get(label) or _from_notes(label, notes)
            warnings.append(
                ReadWarning(
                    f"labels {', '.join(repr(m) for m in members)} look like one person, but the participant "
                    "registry names different people, so they were kept apart"
                )
            )
            continue
        if listed:
            entry = next(iter(listed.values()))
            for label in members:
                resolved[label] = entry
                if label != entry.label:
                    why = reasons.get(label) or f"the participant registry names {entry.name or entry.label}"
                    merges.append(SpeakerMerge(label, entry.label, why))
            continue
        note = next((notes[normalise_label(m)] for m in members if normalise_label(m) in notes), None)
        if group.name or group.constituency:
            note = None  # the identity rules read the note already (an occupant, or constituency and party)
        speaker = Speaker(
            label=group.label,
            name=group.name,
            role=group.role or (note.role if note and not group.name else None),
            organisation=group.organisation or (note.organisation if note and not group.name else None),
            constituency=group.constituency,
            labels=tuple(members),
        )
        if note and group.role and not group.constituency and not group.name:
            # A text reader's "Name (Role, Organisation)" note keeps its own split.
            speaker = replace(speaker, role=note.role, organisation=note.organisation)
        for label in members:
            resolved[label] = speaker
            same_label = label == group.label and reasons.get(label, "").startswith("the same name")
            if (label != group.label or reasons.get(label)) and not same_label:
                merges.append(SpeakerMerge(label, group.label, reasons.get(label) or "the same name with its parenthesis set aside"))
    for label, speaker in resolved.items():
        if not speaker.labels or label not in speaker.labels:
            resolved[label] = replace(speaker, labels=(*speaker.labels, label))
    return resolved, warnings


def _from_notes(label: str, notes: dict[str, Speaker]) -> Speaker:
    note = notes.get(normalise_label(label))
    return Speaker(label=label, role=note.role if note else None, organisation=note.organisation if note else None)


def _turn(index: int, speaker: str, raw: RawTurn) -> Turn:
    label = " ".join(raw.speaker.split())
    return Turn(
        index=index,
        speaker=speaker,
        text=raw.text,
        start=raw.start,
        end=raw.end,
        source_line=raw.line,
        source_label=None if label == speaker else label,
    )

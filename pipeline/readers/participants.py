"""Participant registries: map the labels a transcript uses to full attributions.

A registry can come from a transcript's front matter, the native JSON's `participants`, or a sidecar
file beside the transcript: `<stem>.participants.{yaml,yml,json,csv}`, else `participants.{...}` in the
same folder. Accepted shapes:

- a list of mappings: `[{label, name, role, organisation}, ...]`
- a mapping of label -> mapping: `{CE1: {name: ..., role: ..., organisation: ...}}`
- a mapping of label -> attribution line: `{CE1: "Jane Smith, Chief Executive, Example City Council"}`
- CSV with a header row `label,name,role,organisation`
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence

import yaml

from ..decoding import read_text
from ..errors import TranscriptError
from ..records import ReadWarning, Speaker, is_unidentified_label, normalise_label

SIDECAR_SUFFIXES = (".yaml", ".yml", ".json", ".csv")
# Python's JSON and YAML parsers recurse once per level: thousands of brackets exhaust the stack.
NESTED_TOO_DEEPLY = "nested too deeply to read (thousands of levels of brackets); no transcript needs that"
_FIELDS = ("label", "name", "role", "organisation")
_ALIASES = {"organization": "organisation", "org": "organisation", "title": "role", "speaker": "label"}


def is_sidecar(path: Path) -> bool:
    """True for participant files, which are read with their transcript, never as transcripts."""
    name = path.name.lower()
    return any(
        name == f"participants{suffix}" or name.endswith(f".participants{suffix}") for suffix in SIDECAR_SUFFIXES
    )


def find_sidecar(transcript_path: Path) -> Optional[Path]:
    folder = transcript_path.parent
    for stem in (f"{transcript_path.stem}.participants", "participants"):
        for suffix in SIDECAR_SUFFIXES:
            candidate = folder / f"{stem}{suffix}"
            if candidate.is_file():
                return candidate
    return None


def parse_attribution(line: str) -> dict:
    """ "Jane Smith, Chief Executive, Example City Council" -> name, role, organisation (rest after 2nd comma)."""
    parts = [p.strip() for p in line.split(",", 2)]
    return dict(zip(("name", "role", "organisation"), parts))


def registry_from_data(data: Any, path: Path | str) -> tuple[Speaker, ...]:
    """Build speakers from parsed registry data; raise `TranscriptError` naming `path` if its shape is wrong."""
    return tuple(entry.speaker for entry in registry_entries(data, path))


def registry_entries(data: Any, path: Path | str) -> tuple["RegistryEntry", ...]:
    """The entries of parsed registry data, with where each was; `TranscriptError` if its shape is wrong."""
    if data is None:
        return ()
    entries: list[dict] = []
    if isinstance(data, dict) and "participants" in data and len(data) == 1:
        data = data["participants"]
    if isinstance(data, dict):
        for label, value in data.items():
            if isinstance(value, str):
                entries.append({"label": str(label), **parse_attribution(value)})
            elif isinstance(value, dict):
                entries.append({"label": str(label), **value})
            elif value is None:
                entries.append({"label": str(label)})
            else:
                raise TranscriptError(
                    path,
                    f"participant {label!r} has an unreadable value",
                    expected="an attribution line or a mapping of name/role/organisation",
                    found=type(value).__name__,
                )
    elif isinstance(data, list):
        for position, value in enumerate(data, start=1):
            if not isinstance(value, dict):
                raise TranscriptError(
                    path,
                    f"participant number {position} is not a mapping",
                    expected="{label, name, role, organisation}",
                    found=repr(value)[:60],
                )
            entries.append(dict(value))
    else:
        raise TranscriptError(
            path,
            "is not a participant registry",
            expected="a list of participants or a mapping of label -> attribution",
            found=type(data).__name__,
        )
    return tuple(
        RegistryEntry(_speaker_from_entry(entry, path, position), str(path), position, entry.get(_LINE))
        for position, entry in enumerate(entries, start=1)
    )


def _speaker_from_entry(entry: dict, path: Path | str, position: int) -> Speaker:
    clean: dict[str, Optional[str]] = {}
    for key, value in entry.items():
        key = _ALIASES.get(str(key).lower(), str(key).lower())
        if key in _FIELDS and value is not None:
            clean[key] = " ".join(str(value).split()) or None
    label = clean.get("label") or clean.get("name")
    if not label:
        raise TranscriptError(
            path,
            f"participant number {position} has neither a label nor a name",
            expected="a 'label' or 'name' field",
            found=repr(entry)[:80],
        )
    return Speaker(label=label, name=clean.get("name"), role=clean.get("role"), organisation=clean.get("organisation"))


def read_registry(path: Path, *, max_bytes: Optional[int] = None) -> tuple["RegistryEntry", ...]:
    """Read a sidecar registry file (YAML, JSON or CSV): its entries, each with where it was."""
    text = read_text(path, max_bytes=max_bytes).text
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return registry_entries(_csv_rows(text, path), path)
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TranscriptError(path, f"is not valid JSON: {exc.msg}", line=exc.lineno) from None
        except RecursionError:
            raise TranscriptError(path, f"is JSON {NESTED_TOO_DEEPLY}") from None
        return registry_entries(data, path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise TranscriptError(
            path, f"is not valid YAML: {getattr(exc, 'problem', None) or exc}", line=mark.line + 1 if mark else None
        ) from None
    except RecursionError:
        raise TranscriptError(path, f"is YAML {NESTED_TOO_DEEPLY}") from None
    return registry_entries(data, path)


def _csv_rows(text: str, path: Path) -> list[dict]:
    """Rows of a CSV registry as mappings; a broken row (an unclosed quote, more fields than the header,
    text after a closing quote) rejects the file, naming the line where that row starts."""
    reader = csv.reader(io.StringIO(text), strict=True)
    rows: list[tuple[int, list[str]]] = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            unclosed = "end of data" in str(exc)
            raise TranscriptError(
                path,
                "is not valid CSV: " + ("a quoted field is never closed" if unclosed else str(exc)),
                line=start,
                expected='fields separated by commas, a field with a comma in it between double quotes ("Smith, Jane")',
                hint="close the quote (or remove it) on that line",
            ) from None
        if any(field.strip() for field in row):
            rows.append((start, row))
    if not rows:
        return []
    header = [field.strip().lower() for field in rows[0][1]]
    if not {"label", "name", "speaker"} & set(header):
        raise TranscriptError(path, "has no 'label' or 'name' column", line=1, expected="a header row label,name,role,organisation")
    entries = []
    for line, row in rows[1:]:
        if len(row) > len(header):
            raise TranscriptError(
                path,
                f"has a row with {len(row)} fields under a header of {len(header)}",
                line=line,
                expected=", ".join(header),
                found=repr(",".join(row))[:80],
                hint='put a field that contains a comma between double quotes: "Minister of Health, Canada"',
            )
        entries.append(dict(zip(rows[0][1], row)) | {_LINE: line})
    return [{str(k).strip(): v for k, v in entry.items()} for entry in entries]


_LINE = "\0line"  # where a CSV entry was, for warnings about it


@dataclass(frozen=True)
class RegistryEntry:
    """One participant of a registry and where it was: `path`, and `line` (CSV) or `position` (1-based)."""

    speaker: Speaker
    path: str
    position: int
    line: Optional[int] = None

    @property
    def where(self) -> str:
        place = f"line {self.line}" if self.line else f"participant number {self.position}"
        return f"{Path(self.path).name}, {place}"


def check_registry(entries: Sequence[RegistryEntry], labels: Sequence[str]) -> list[ReadWarning]:
    """Warnings about a registry read with a transcript whose labels are `labels`: an entry whose label
    names one person and whose name another ("contradicts"), two entries for one label once case,
    spacing, titles and suffixes are set aside ("duplicate"), the same label named differently by two
    registries ("contradicts"), and entries no label of the transcript uses ("unused")."""
    from .identity import parse_label, person_key  # identity reads labels; participants only needs it here

    warnings: list[ReadWarning] = []
    used = {normalise_label(label) for label in labels}
    used_people = {person_key(parse_label(label).base) for label in labels}
    seen: dict[str, RegistryEntry] = {}
    for entry in entries:
        speaker = entry.speaker
        label_key = person_key(parse_label(speaker.label).base)
        if speaker.name and _names_a_person(speaker.label) and not _same_person(speaker.label, speaker.name):
            warnings.append(ReadWarning(
                f"participant registry {entry.where}: the label {speaker.label!r} names one person but the "
                f"entry names {speaker.name!r}; it contradicts the label, so check who spoke before publishing"
            ))
        previous = seen.get(label_key)
        if previous is not None:
            if previous.path != entry.path and (previous.speaker.name or "") != (speaker.name or ""):
                problem = (
                    f"contradicts {previous.where}, which names {previous.speaker.name or previous.speaker.label!r}"
                    f" (the later entry is used)"
                )
            else:
                problem = f"is a duplicate of {previous.where} (the same label once case, spacing and titles are set aside)"
            warnings.append(ReadWarning(f"participant registry {entry.where}: {speaker.label!r} {problem}"))
        seen[label_key] = entry
        names = {normalise_label(speaker.label)} | ({normalise_label(speaker.name)} if speaker.name else set())
        if not names & used and label_key not in used_people and (
            not speaker.name or person_key(speaker.name) not in used_people
        ):
            warnings.append(ReadWarning(
                f"participant registry {entry.where}: {speaker.label!r} is unused (no speaker label of the "
                "transcript names it): check the label's spelling"
            ))
    return warnings


def _names_a_person(label: str) -> bool:
    """A label that is a person's name (two or more capitalised words, no digits), not a role or placeholder."""
    from .identity import is_role_title, parse_label

    base = parse_label(label).base
    words = base.split()
    return (
        len(words) >= 2
        and not is_role_title(base)
        and not is_unidentified_label(base)
        and all(word[:1].isupper() and not any(ch.isdigit() for ch in word) for word in words)
    )


def _same_person(label: str, name: str) -> bool:
    """The label's name words all in the name, or the name's in the label: "Dr Jane Smith" is "Jane Smith"."""
    from .identity import parse_label, person_key

    label_words = set(person_key(parse_label(label).base).split())
    name_words = set(person_key(name).split())
    return label_words <= name_words or name_words <= label_words

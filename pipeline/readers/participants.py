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
from pathlib import Path
from typing import Any, Optional

import yaml

from ..decoding import read_text
from ..errors import TranscriptError
from ..records import Speaker

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
    return tuple(_speaker_from_entry(entry, path, position) for position, entry in enumerate(entries, start=1))


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


def read_registry(path: Path, *, max_bytes: Optional[int] = None) -> tuple[Speaker, ...]:
    """Read a sidecar registry file (YAML, JSON or CSV)."""
    text = read_text(path, max_bytes=max_bytes).text
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        if rows and not {"label", "name"} & {str(k).strip().lower() for k in rows[0]}:
            raise TranscriptError(path, "has no 'label' or 'name' column", line=1, expected="a header row label,name,role,organisation")
        return registry_from_data([{str(k).strip(): v for k, v in row.items()} for row in rows], path)
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TranscriptError(path, f"is not valid JSON: {exc.msg}", line=exc.lineno) from None
        except RecursionError:
            raise TranscriptError(path, f"is JSON {NESTED_TOO_DEEPLY}") from None
        return registry_from_data(data, path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise TranscriptError(
            path, f"is not valid YAML: {getattr(exc, 'problem', None) or exc}", line=mark.line + 1 if mark else None
        ) from None
    except RecursionError:
        raise TranscriptError(path, f"is YAML {NESTED_TOO_DEEPLY}") from None
    return registry_from_data(data, path)

"""Outputs a rerun no longer writes: report folders of inputs that are gone or now rejected, pages of a
switched-off editor, batch files such as a theme_prevalence.csv without a theme model.

Only files a previous manifest of ours listed are ever removed (never a file the user put in OUT), and a
folder only when that leaves it empty. The listing is read before a run starts and kept beside the outputs
until the run's own manifest is written, so a run killed midway still knows it on the rerun.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any, Iterable

from .writers import write_json_atomic

# The previous run's listing, kept while a run is writing (the manifest itself is gone by then).
PREVIOUS_FILE = ".roundtable-previous.json"


def listed_outputs(manifest: Any) -> list[str]:
    """Every output path (relative to OUT) a manifest lists: each input's files and the batch's."""
    if not isinstance(manifest, dict):
        return []
    paths = [
        path
        for record in manifest.get("inputs") or []
        if isinstance(record, dict)
        for path in record.get("outputs") or []
    ]
    paths += [entry.get("path") for entry in manifest.get("outputs") or [] if isinstance(entry, dict)]
    return sorted({path for path in paths if isinstance(path, str) and _is_inside(path)})


def _is_inside(relative: str) -> bool:
    """A plain relative path below OUT: a manifest edited to say '../x' or '/etc/x' names nothing of ours."""
    path = PurePosixPath(relative)
    return bool(relative) and not path.is_absolute() and ".." not in path.parts and "\\" not in relative


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def keep_previous_listing(out: Path) -> list[str]:
    """The outputs the last run into `out` wrote, from its manifest, or (when a run into it was killed) from
    the listing that run kept; kept again in PREVIOUS_FILE for this run. Call before removing the manifest."""
    manifest = _read_json(out / "manifest.json")
    listing = listed_outputs(manifest)
    if not (isinstance(manifest, dict) and manifest.get("complete") is True):
        # No manifest, or one of a run stopped midway: what the run before it wrote may still be there too.
        kept = _read_json(out / PREVIOUS_FILE)
        if isinstance(kept, list):
            listing = sorted({*listing, *(p for p in kept if isinstance(p, str) and _is_inside(p))})
    if listing:
        write_json_atomic(out / PREVIOUS_FILE, listing)
    return listing


def remove_stale_outputs(out: Path, previous: Iterable[str], written: Iterable[str]) -> list[str]:
    """Remove the files of `previous` (relative to `out`) that this run did not write, and the folders that
    leaves empty; returns the files removed. Call it once every output is written, before the manifest."""
    keep = set(written)
    removed = []
    folders = set()
    for relative in sorted(set(previous) - keep):
        path = out / relative
        if path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append(relative)
        folders.update(parent for parent in path.parents if parent != out and out in parent.parents)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        try:
            folder.rmdir()  # only when empty: a file the user put there keeps its folder
        except OSError:
            pass
    return removed


def drop_previous_listing(out: Path) -> None:
    (out / PREVIOUS_FILE).unlink(missing_ok=True)

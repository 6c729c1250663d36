"""Which files a run reads: the inputs named, and the transcripts in the folders named (sorted, skipping
documentation, sidecar registries, hidden files and our own output folders); files left out for their
extension are listed so the run can name them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .errors import InputPathError
from .readers import is_sidecar
from .settings import Settings
from .writers import LOCK_FILE

# Files in an input folder that are documentation, not transcripts.
_NOT_TRANSCRIPTS = ("readme", "license", "licence", "notice", "changelog")


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


"""The write layer: every output file is written atomically (temp file in the same folder, then replace).

A run holds a lock on its output folder while it writes there, and first removes the temp files a killed
run left behind.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pandas as pd
from filelock import FileLock, Timeout

from .errors import OutputFolderError, OutputLockedError

# Held by a run for as long as it writes into the folder; left in place (empty) afterwards, as filelock
# intends on Unix: deleting it would let two runs lock two different files of the same name.
LOCK_FILE = ".roundtable.lock"
# Our temp files, as mkstemp names them for `_temp_file`: "." + the file's name + "." + 8 random
# characters + ".tmp". Nothing else in an output folder is ever removed.
_TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()  # read once: os.umask is process-wide, not something to flip per write


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` atomically; a file already holding exactly these bytes is left untouched,
    so a rerun that changes nothing rewrites nothing."""
    path = Path(path)
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return path
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp_file(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            # mkstemp makes owner-only files; outputs are shared (email, shared drives) like any new file
            os.fchmod(handle.fileno(), 0o666 & ~_UMASK)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _temp_file(path: Path) -> tuple[int, str]:
    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)


def is_temp_file(path: Path) -> bool:
    """Whether `path` is a regular file named as our atomic writer names its temp files."""
    return bool(_TEMP_NAME.fullmatch(path.name)) and path.is_file() and not path.is_symlink()


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Remove the temp files a killed run left in `folder` and its immediate subfolders; returns them.

    Call it only while holding the folder's lock (`locked_output_folder`): another run's temp files are
    files it is still writing.
    """
    folder = Path(folder)
    folders = [folder, *sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink())]
    removed = []
    for where in folders:
        for path in sorted(where.iterdir()):
            if is_temp_file(path):
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


@contextmanager
def locked_output_folder(folder: Path) -> Iterator[Path]:
    """Create `folder` if needed and hold its lock file while the caller writes there.

    A second run on the same folder fails at once with `OutputLockedError` naming the lock file, rather
    than waiting or mixing its files with the first run's. The lock is the operating system's (flock), so
    a killed run's lock is released with it. Once locked, a killed run's temp files are removed.
    """
    folder = Path(folder)
    lock_path = folder / LOCK_FILE
    lock = FileLock(lock_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=0)
    except Timeout:
        raise OutputLockedError(
            lock_path,
            f"another roundtable run is using the output folder {folder}. Wait for it to finish, or write "
            "to another output folder",
        ) from None
    except OSError as exc:
        reason = "it is a file" if folder.is_file() else exc.strerror or exc
        raise OutputFolderError(folder, f"cannot be used as the output folder ({reason})") from None
    try:
        remove_stale_temp_files(folder)
        yield folder
    finally:
        lock.release()


def remove_if_only_lock(folder: Path) -> None:
    """Remove `folder` when it holds nothing but our lock file: what a run that made it and then stopped
    before writing anything leaves. Anything else in it stays."""
    try:
        if [p.name for p in Path(folder).iterdir()] == [LOCK_FILE]:
            (Path(folder) / LOCK_FILE).unlink()
            Path(folder).rmdir()
    except OSError:
        pass


def write_text_atomic(path: Path, text: str) -> Path:
    return write_bytes_atomic(path, text.encode("utf-8"))


def dumps_json(data: Any) -> str:
    """Stable JSON: sorted keys are NOT used, so records keep their documented field order."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_json_atomic(path: Path, data: Any) -> Path:
    return write_text_atomic(path, dumps_json(data))


# A spreadsheet runs a cell starting with one of these as a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _defuse_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(frame: pd.DataFrame) -> str:
    """The CSV of `frame`, with every text cell a spreadsheet would run as a formula prefixed with `'`.

    Only string cells change: numbers (e.g. a negative score) are written as they are.
    """
    text_columns = [
        column
        for column in frame.columns
        if pd.api.types.is_object_dtype(frame[column].dtype) or pd.api.types.is_string_dtype(frame[column].dtype)
    ]
    safe = frame.copy()
    for column in text_columns:
        safe[column] = safe[column].map(_defuse_cell)
    return safe.to_csv(index=False, lineterminator="\n")


def write_csv_atomic(path: Path, frame: pd.DataFrame) -> Path:
    return write_text_atomic(path, csv_text(frame))

"""The write layer: every output file is written atomically (temp file in the same folder, then replace).

A run holds a lock on its output folder while it writes there, and first finishes the folder updates a
killed run had committed, then removes the temp files it left behind.

A report folder is updated as one (`FolderUpdate`): its new files are staged as temp files, then a journal
naming them is written, then each is moved into place. A run killed before the journal leaves the old files
(its staged ones are swept as temp files); killed after it, the next run into the folder moves the rest
in. Either way the folder holds all of one run's files, never some of each.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Iterator

import pandas as pd
from filelock import FileLock, Timeout

from .errors import OutputFolderError, OutputLockedError

# Held by a run for as long as it writes into the folder; left in place (empty) afterwards, as filelock
# intends on Unix: deleting it would let two runs lock two different files of the same name.
LOCK_FILE = ".roundtable.lock"
# A committed folder update: which staged temp file becomes which file (see `FolderUpdate`).
JOURNAL_FILE = ".roundtable-update.json"
# Our temp files, as mkstemp names them for `_temp_file`: "." + the file's name + "." + 8 random
# characters + ".tmp". Nothing else in an output folder is ever removed.
_TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()  # read once: os.umask is process-wide, not something to flip per write


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _stage(path: Path, data: bytes) -> Path:
    """`data` in a new temp file beside `path`, flushed to disk; returns the temp file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp_file(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            # mkstemp makes owner-only files; outputs are shared (email, shared drives) like any new file
            os.fchmod(handle.fileno(), 0o666 & ~_UMASK)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` atomically; a file already holding exactly these bytes is left untouched,
    so a rerun that changes nothing rewrites nothing."""
    path = Path(path)
    if _holds(path, data):
        return path
    tmp = _stage(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


@contextmanager
def open_atomic(path: Path) -> Iterator[BinaryIO]:
    """A binary file to stream a large output into (a zip, a Parquet file); it replaces `path` when the
    block ends without error, and is dropped otherwise. A file already holding the same bytes is left
    untouched, as with `write_bytes_atomic`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp_file(path)
    try:
        with os.fdopen(fd, "w+b") as handle:
            yield handle
            os.fchmod(handle.fileno(), 0o666 & ~_UMASK)
            handle.flush()
            os.fsync(handle.fileno())
        if _same_bytes(Path(tmp), path):
            Path(tmp).unlink()
        else:
            os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _same_bytes(new: Path, old: Path) -> bool:
    try:
        if new.stat().st_size != old.stat().st_size:
            return False
    except OSError:
        return False
    with open(new, "rb") as a, open(old, "rb") as b:
        while True:
            block = a.read(1 << 20)
            if block != b.read(1 << 20):
                return False
            if not block:
                return True
class FolderUpdate:
    """New files for one folder, moved into place together by `commit` (see the module docstring).

    Files already holding the same bytes are not staged, so an update that changes nothing writes nothing.
    Leaving the `with` block without committing (an exception) removes what was staged.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.paths: list[Path] = []
        self._staged: dict[str, str] = {}  # file name -> staged temp file name

    def write_bytes(self, name: str, data: bytes) -> Path:
        path = self.folder / name
        self.paths.append(path)
        if not _holds(path, data):
            self._staged[name] = _stage(path, data).name
        return path

    def write_text(self, name: str, text: str) -> Path:
        return self.write_bytes(name, text.encode("utf-8"))

    def write_json(self, name: str, data: Any) -> Path:
        return self.write_text(name, dumps_json(data))

    def write_csv(self, name: str, frame: "pd.DataFrame") -> Path:
        return self.write_text(name, csv_text(frame))

    def commit(self) -> list[Path]:
        """Move every staged file into place; returns every file of the update, staged or unchanged."""
        if self._staged:
            write_json_atomic(self.folder / JOURNAL_FILE, {"replace": self._staged})
            # From here the journal owns the staged files: stopped midway (Ctrl-C), they are not discarded
            # but moved in by the next run.
            self._staged = {}
            _apply_journal(self.folder)
        return list(self.paths)

    def discard(self) -> None:
        for temp in self._staged.values():
            (self.folder / temp).unlink(missing_ok=True)
        self._staged = {}

    def __enter__(self) -> "FolderUpdate":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.discard()  # after commit, nothing is left to discard


def _apply_journal(folder: Path) -> None:
    """Move the staged files a folder's journal names into place (those already moved are gone), then drop
    the journal. Safe to repeat, so a run killed midway is finished by the next."""
    journal = folder / JOURNAL_FILE
    try:
        replace = json.loads(journal.read_text(encoding="utf-8"))["replace"]
        moves = [(folder / str(temp), folder / str(name)) for name, temp in dict(replace).items()]
    except (ValueError, KeyError, TypeError, AttributeError):
        journal.unlink(missing_ok=True)  # not one of ours (journals are written atomically): its temps are swept
        return
    for temp, path in moves:
        if temp.parent == path.parent == folder and _TEMP_NAME.fullmatch(temp.name) and temp.is_file():
            os.replace(temp, path)
    journal.unlink(missing_ok=True)


def finish_folder_updates(folder: Path) -> list[Path]:
    """Finish the committed updates a killed run left in `folder` and its immediate subfolders; returns the
    folders updated. Call it while holding the folder's lock, before `remove_stale_temp_files`."""
    folder = Path(folder)
    folders = [folder, *sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink())]
    finished = [where for where in folders if (where / JOURNAL_FILE).is_file()]
    for where in finished:
        _apply_journal(where)
    return finished


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
        finish_folder_updates(folder)
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


def file_sha256(path: Path) -> str:
    """sha256 of a file read in blocks (a batch's project.qdpx or Parquet tables can be large)."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def folder_hashes(folder: Path) -> dict[str, str]:
    """sha256 of each file already in an output folder, by name (empty when the folder is new)."""
    if not folder.is_dir():
        return {}
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


def output_error(path: Path, exc: OSError) -> OutputFolderError:
    """An output that cannot be written (disk full, no permission) stops the run: it is no input's fault."""
    return OutputFolderError(
        path,
        f"cannot be written ({exc.strerror or exc}); what it held before is left as it was. Free some space or "
        "fix the folder's permissions, then run the same command again to complete the run",
    )


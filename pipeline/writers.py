"""The write layer: every output file is written atomically (temp file in the same folder, then replace)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd


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
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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


def write_text_atomic(path: Path, text: str) -> Path:
    return write_bytes_atomic(path, text.encode("utf-8"))


def dumps_json(data: Any) -> str:
    """Stable JSON: sorted keys are NOT used, so records keep their documented field order."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_json_atomic(path: Path, data: Any) -> Path:
    return write_text_atomic(path, dumps_json(data))


def write_csv_atomic(path: Path, frame: pd.DataFrame) -> Path:
    return write_text_atomic(path, frame.to_csv(index=False, lineterminator="\n"))

"""The export files of a batch (settings section `export`), written once every transcript is done."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable

from .. import __version__
from ..settings import ExportSettings

QDPX_FILE = "project.qdpx"
TABLES_FOLDER = "tables"


def write_batch_exports(
    out: Path, reports: Callable[[], Iterable[dict[str, Any]]], settings: ExportSettings
) -> list[Path]:
    """Write what `settings` switches on into `out`; `reports()` gives the batch's reports in input order
    (called once per export, so each reads them one at a time). Returns the paths written."""
    written: list[Path] = []
    if settings.qdpx:
        from .qdpx import write_qdpx

        written.append(write_qdpx(out / QDPX_FILE, reports(), name=f"roundtable: {out.name}",
                                  origin=f"roundtable {__version__}"))
    if settings.parquet:
        from .parquet import write_parquet_tables

        written += write_parquet_tables(out / TABLES_FOLDER, reports())
    return written

"""The batch's tables as Parquet (`tables/turns.parquet`, `quotes`, `themes`, `speaker_themes`).

Each holds the rows of that CSV for every transcript of the run, a `transcript_id` column first, under
the fixed schema below (column order and types never depend on the data), so pandas, DuckDB or Polars
read a 10,000-meeting run without parsing JSON:

    pandas.read_parquet("out/tables/quotes.parquet")
    duckdb.sql("select theme_label, count(*) from 'out/tables/quotes.parquet' group by 1")

Text is stored as it is said: the CSVs' guard against spreadsheet formulas (a leading `'`) is not applied.
Transcripts are written a few thousand rows at a time (one row group each), never all held in memory.
SCHEMA_VERSION changes whenever a column is added, removed or changes type; it is in each file's metadata.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from ..writers import open_atomic
from .tables import TABLE_NAMES, report_tables

SCHEMA_VERSION = "1"
ROW_GROUP_ROWS = 50_000  # rows buffered per table before a row group is written

# name -> [(column, arrow type name, nullable)], in file order. Documented in README ("Parquet tables").
COLUMNS: dict[str, list[tuple[str, str, bool]]] = {
    "turns": [
        ("transcript_id", "string", False), ("index", "int64", False), ("speaker", "string", False),
        ("attribution", "string", False), ("start", "float64", True), ("end", "float64", True),
        ("n_words", "int64", False), ("n_sentences", "int64", True), ("text", "string", False),
    ],
    "quotes": [
        ("transcript_id", "string", False), ("rank", "int64", False), ("score", "float64", False),
        ("text", "string", False), ("speaker", "string", False), ("attribution", "string", False),
        ("time", "string", False), ("reasons", "string", False), ("context_before", "string", False),
        ("context_after", "string", False), ("n_words", "int64", False), ("turn_index", "int64", False),
        ("char_start", "int64", False), ("char_end", "int64", False), ("verbatim", "string", False),
        ("id", "string", False), ("theme_id", "string", False), ("theme_label", "string", False),
    ],
    "themes": [
        ("transcript_id", "string", False), ("id", "string", False), ("label", "string", False),
        ("keywords", "string", False), ("share", "float64", False), ("n_words", "int64", False),
        ("n_passages", "int64", False), ("n_turns", "int64", False), ("speakers", "string", False),
        ("quote_ids", "string", False), ("first_turn", "int64", True), ("last_turn", "int64", True),
        ("seeded", "bool", False), ("new", "bool", False),
    ],
    "speaker_themes": [
        ("transcript_id", "string", False), ("speaker", "string", False), ("attribution", "string", False),
        ("theme_id", "string", False), ("label", "string", False), ("n_words", "int64", False),
        ("share_of_theme", "float64", False), ("share_of_speaker", "float64", False),
    ],
}


def arrow_schema(name: str) -> Any:
    """The pyarrow schema of table `name` (pyarrow is imported only when Parquet is written or read)."""
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    fields = [pa.field(column, types[kind], nullable=nullable) for column, kind, nullable in COLUMNS[name]]
    return pa.schema(fields, metadata={"roundtable.table": name, "roundtable.schema_version": SCHEMA_VERSION})


def _records(name: str, transcript_id: str, frame: pd.DataFrame) -> dict[str, list[Any]]:
    """The frame as column lists, `transcript_id` first, missing values as None."""
    columns = {"transcript_id": [transcript_id] * len(frame)}
    for column, _, _ in COLUMNS[name][1:]:
        values = frame[column].astype(object).where(frame[column].notna(), None).tolist()
        columns[column] = values
    return columns


class _TableWriter:
    """Buffers one table's rows and writes them as row groups."""

    def __init__(self, name: str, handle: Any) -> None:
        import pyarrow.parquet as pq

        self.name = name
        self.schema = arrow_schema(name)
        self.writer = pq.ParquetWriter(handle, self.schema, compression="zstd")
        self.buffer: dict[str, list[Any]] = {field.name: [] for field in self.schema}
        self.n_buffered = 0
        self.n_rows = 0

    def add(self, columns: dict[str, list[Any]]) -> None:
        for column, values in columns.items():
            self.buffer[column].extend(values)
        self.n_buffered += len(columns["transcript_id"])
        if self.n_buffered >= ROW_GROUP_ROWS:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.n_buffered or not self.n_rows:  # an empty table still gets its schema and one empty group
            self.writer.write_table(pa.Table.from_pydict(self.buffer, schema=self.schema))
        self.n_rows += self.n_buffered
        self.buffer = {field.name: [] for field in self.schema}
        self.n_buffered = 0

    def close(self) -> None:
        if self.n_buffered or not self.n_rows:
            self.flush()
        self.writer.close()


def write_parquet_tables(folder: Path, reports: Iterable[dict[str, Any]]) -> list[Path]:
    """Write `folder/<table>.parquet` for TABLE_NAMES from the batch's reports (read once, in order).
    Each file replaces the old one only once every table is complete."""
    folder = Path(folder)
    paths = [folder / f"{name}.parquet" for name in TABLE_NAMES]
    with ExitStack() as stack:
        files = [stack.enter_context(open_atomic(path)) for path in paths]
        writers = {name: _TableWriter(name, file) for name, file in zip(TABLE_NAMES, files)}
        for report in reports:
            transcript_id = report["transcript"]["id"]
            for name, frame in report_tables(report).items():
                writers[name].add(_records(name, transcript_id, frame))
        for writer in writers.values():
            writer.close()
    return paths

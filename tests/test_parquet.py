"""The batch's Parquet tables: the same rows as each transcript's CSVs, under the documented schema."""

import io
import re
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.exports.parquet import COLUMNS, SCHEMA_VERSION, arrow_schema, write_parquet_tables
from pipeline.exports.tables import TABLE_NAMES
from pipeline.runner import run
from pipeline.settings import load_settings
from pipeline.writers import csv_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    out = tmp_path_factory.mktemp("pq") / "out"
    settings = load_settings(None, ["export.parquet=true", "cache.enabled=false", "editor.enabled=false"])
    result = run([ROOT / "transcripts"], settings, out_dir=out)
    assert result.ok and result.n_processed == 5
    return result, out


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_parquet_round_trips_to_the_csv_rows(batch, name):
    result, out = batch
    frame = pd.read_parquet(out / "tables" / f"{name}.parquet", dtype_backend="numpy_nullable")
    ids = [record.transcript_id for record in result.inputs]
    assert list(dict.fromkeys(frame["transcript_id"])) == [i for i in ids if len(frame[frame["transcript_id"] == i])]
    for transcript_id in ids:
        rows = frame[frame["transcript_id"] == transcript_id].drop(columns="transcript_id").reset_index(drop=True)
        # Written back as CSV, a transcript's rows are its CSV byte for byte.
        assert csv_text(rows) == (out / transcript_id / f"{name}.csv").read_text(encoding="utf-8"), (name, transcript_id)


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_schema_is_the_documented_one(batch, name):
    _, out = batch
    schema = pq.read_schema(out / "tables" / f"{name}.parquet")
    assert [(f.name, str(f.type), f.nullable) for f in schema] == [
        (column, {"float64": "double", "bool": "bool"}.get(kind, kind), nullable) for column, kind, nullable in COLUMNS[name]
    ]
    assert schema.metadata[b"roundtable.schema_version"] == SCHEMA_VERSION.encode()
    assert schema.equals(arrow_schema(name), check_metadata=True)


def test_readme_documents_every_column():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Parquet tables"):]
    for name, columns in COLUMNS.items():
        line = next(line for line in section.splitlines() if line.startswith(f"| `{name}`"))
        assert [c.strip("` ") for c in re.findall(r"`[^`]+`", line)][1:] == [c for c, _, _ in columns], name


def test_text_is_stored_as_said_not_defused_for_spreadsheets(tmp_path):
    from .test_qdpx import _report

    turn = "=SUM(A1) is what she typed. We need the branch libraries open every day."
    report = _report([("Ann", turn)], [])
    report["transcript"]["speakers"][0].update(n_turns=1, n_words=13)
    report["transcript"]["turns"][0].update(n_words=13, n_sentences=2)
    report["themes"][0].update(share=1.0, n_words=13, n_passages=1, speakers=[], seeded=False, new=False)
    report["themes_info"]["speaker_themes"] = []
    write_parquet_tables(tmp_path, [report])
    turns = pd.read_parquet(tmp_path / "turns.parquet")
    assert turns["text"].tolist() == [turn]
    themes = pd.read_parquet(tmp_path / "themes.parquet", dtype_backend="numpy_nullable")
    assert themes["first_turn"].tolist() == [0] and str(themes["first_turn"].dtype) == "Int64"


def test_empty_batch_tables_keep_their_schema(tmp_path):
    write_parquet_tables(tmp_path, [])
    for name in TABLE_NAMES:
        table = pq.read_table(tmp_path / f"{name}.parquet")
        assert table.num_rows == 0 and table.schema.equals(arrow_schema(name))


def test_many_transcripts_are_written_in_row_groups(tmp_path, monkeypatch, batch):
    import json

    from pipeline.exports import parquet

    _, out = batch
    report = json.loads((out / "council-roundtable-2011" / "report.json").read_text(encoding="utf-8"))
    monkeypatch.setattr(parquet, "ROW_GROUP_ROWS", 100)
    reports = [{**report, "transcript": {**report["transcript"], "id": f"m{i}"}} for i in range(5)]
    write_parquet_tables(tmp_path, reports)
    meta = pq.ParquetFile(tmp_path / "turns.parquet").metadata
    assert meta.num_rows == 5 * report["transcript"]["n_turns"] and meta.num_row_groups > 1


def test_export_switches_leave_the_settings_hash_alone():
    # They add batch files but change no byte of any report, so reports and caches stay valid.
    assert load_settings(None, ["export.parquet=true", "export.qdpx=true"]).hash == load_settings(None, []).hash
    assert load_settings(None, ["export.parquet=true"]).to_dict()["export"] == {"qdpx": False, "parquet": True}

"""Outputs for other tools, built from report dicts: the per-meeting tables (CSV, Parquet, `RunResult`
frames) and a REFI-QDA project (`.qdpx`) for NVivo, ATLAS.ti, MAXQDA and other QDA software.

    from pipeline.exports import report_tables            # name -> DataFrame for one report
    from pipeline.exports.qdpx import write_qdpx           # out/project.qdpx from the batch's reports
    from pipeline.exports.parquet import write_parquet_tables   # out/tables/*.parquet (needs pyarrow)
"""

from __future__ import annotations

from .tables import TABLE_NAMES, quote_theme_pairs, report_tables

__all__ = ["TABLE_NAMES", "quote_theme_pairs", "report_tables"]

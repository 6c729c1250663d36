"""Export size and speed at scale: Parquet tables and a REFI-QDA project for N copies of real reports.

The reports of one output folder (a `roundtable run` into OUT) are repeated under new transcript ids
until there are `--meetings` of them, then written as Parquet (tables/) and as project.qdpx; prints the
seconds to write, the sizes, the peak resident memory, and the seconds for pandas and (if installed) DuckDB
to read the quotes table back. The pipeline itself is not run, so this measures only the exports.

    roundtable run transcripts/ --out /tmp/sample-out
    python bench/exports.py /tmp/sample-out --meetings 10000
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.exports.parquet import write_parquet_tables  # noqa: E402
from pipeline.exports.qdpx import write_qdpx  # noqa: E402


def repeated(reports: list[dict[str, Any]], n: int) -> Iterator[dict[str, Any]]:
    for i in range(n):
        report = reports[i % len(reports)]
        yield {**report, "transcript": {**report["transcript"], "id": f"{report['transcript']['id']}-{i}"}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="an output folder of `roundtable run`")
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--skip-qdpx", action="store_true")
    args = parser.parse_args()
    reports = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(args.out.glob("*/report.json"))]
    if not reports:
        sys.exit(f"{args.out}: no */report.json; run `roundtable run INPUT --out {args.out}` first")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clock = time.perf_counter()
        paths = write_parquet_tables(folder / "tables", repeated(reports, args.meetings))
        seconds = time.perf_counter() - clock
        sizes = {p.stem: p.stat().st_size for p in paths}
        print(f"parquet: {args.meetings} meetings in {seconds:.1f} s; " +
              ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in sizes.items()))
        import pandas as pd

        clock = time.perf_counter()
        quotes = pd.read_parquet(folder / "tables" / "quotes.parquet")
        print(f"pandas.read_parquet(quotes): {len(quotes)} rows in {time.perf_counter() - clock:.2f} s")
        try:
            import duckdb
        except ImportError:
            print("duckdb not installed: skipped")
        else:
            clock = time.perf_counter()
            n = duckdb.sql(f"select count(*) from '{folder / 'tables' / 'quotes.parquet'}'").fetchone()[0]
            print(f"duckdb count(*) quotes: {n} in {time.perf_counter() - clock:.2f} s")
        if not args.skip_qdpx:
            clock = time.perf_counter()
            path = write_qdpx(folder / "project.qdpx", repeated(reports, args.meetings))
            print(f"qdpx: {args.meetings} meetings in {time.perf_counter() - clock:.1f} s, "
                  f"{path.stat().st_size / 1e6:.1f} MB")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()

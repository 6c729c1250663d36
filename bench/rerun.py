"""Rerun speed: a first run, a rerun with only `themes.n_themes` changed, and a rerun with nothing changed.

Each run is a `roundtable run` subprocess over the same meetings, output folder and a fresh cache folder
(so the first run parses everything). Prints wall time, the ratios to the first run, each run's input
statuses and the peak resident memory of the runs (`getrusage(RUSAGE_CHILDREN)`: the largest child so
far, so each figure is the peak up to and including that run).

    python bench/rerun.py                       # 20 shared meetings (committee, ami, icsi, elitr)
    python bench/rerun.py --limit 0 --jobs 4    # all of them, 4 worker processes per run
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(os.environ.get("ROUNDTABLE_SHARED_DATA", ROOT.parent / "shared" / "data"))
SOURCES = ("qmsum/committee", "qmsum/ami", "qmsum/icsi", "elitr")


def pick_meetings(data: Path, limit: int) -> list[Path]:
    """Every meeting file, sorted; with a limit, an even spread across the sorted list."""
    files = sorted(p for source in SOURCES for p in (data / source).glob("*.json"))
    if limit and limit < len(files):
        step = len(files) / limit
        files = [files[int(i * step)] for i in range(limit)]
    return files


def timed_run(inputs: Sequence[Path], out: Path, cache: Path, overrides: Sequence[str], jobs: int = 1) -> dict:
    command = [sys.executable, "-m", "pipeline", "run", *map(str, inputs), "--out", str(out), "--jobs", str(jobs),
               "--set", f'cache.dir="{cache}"', *(arg for o in overrides for arg in ("--set", o))]
    clock = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - clock
    if completed.returncode not in (0, 1):
        raise SystemExit(f"run failed ({completed.returncode}):\n{completed.stderr[-2000:]}")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    statuses: dict[str, int] = {}
    for record in manifest["inputs"]:
        statuses[record["status"]] = statuses.get(record["status"], 0) + 1
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kB on Linux
    return {
        "seconds": round(seconds, 2),
        "statuses": statuses,
        "stage_seconds": manifest["stage_seconds"],
        "peak_rss_mb_so_far": round(peak_mb, 1),
    }


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="The shared data folder.")
    parser.add_argument("--limit", type=int, default=20, help="Meetings to use (0: all).")
    parser.add_argument("--work", type=Path, default=None, help="Folder for outputs and cache (default: a temp folder).")
    parser.add_argument("--jobs", type=int, default=1, help="Worker processes per run (roundtable run --jobs).")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args(argv)
    meetings = pick_meetings(args.data, args.limit)
    if not meetings:
        raise SystemExit(f"no meetings under {args.data}; pass --data")
    work = args.work or Path(tempfile.mkdtemp(prefix="roundtable-rerun-"))
    shutil.rmtree(work / "cache", ignore_errors=True)
    shutil.rmtree(work / "out", ignore_errors=True)
    runs = {
        "first": timed_run(meetings, work / "out", work / "cache", [], args.jobs),
        "themes.n_themes=5": timed_run(meetings, work / "out", work / "cache", ["themes.n_themes=5"], args.jobs),
        "nothing changed": timed_run(meetings, work / "out", work / "cache", ["themes.n_themes=5"], args.jobs),
    }
    first = runs["first"]["seconds"]
    for row in runs.values():
        row["ratio_to_first"] = round(row["seconds"] / first, 3)
    result = {"n_meetings": len(meetings), "runs": runs}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{len(meetings)} meetings, --jobs {args.jobs}; outputs and cache in {work}")
    print(f"{'run':<20}{'seconds':>9}{'ratio':>8}{'peak RSS MB':>13}  statuses")
    for name, row in runs.items():
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(row["statuses"].items()))
        print(f"{name:<20}{row['seconds']:>9.2f}{row['ratio_to_first']:>8.3f}{row['peak_rss_mb_so_far']:>13.1f}  {statuses}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Throughput and memory of `roundtable run` against bare spaCy on the same turns.

    python bench/throughput.py                      # all shared meetings (~1.5M words), --jobs 1 and 2
    python bench/throughput.py --limit 20 --jobs 1 --json

In one run, on the same text:
1. bare spaCy: `nlp.pipe` over every turn with the model and nlp settings the pipeline uses, in this process;
2. the whole pipeline: `roundtable run` in a child process with an empty cache (read, parse, quotes,
   themes, summary, write), once per `--jobs` value, with its peak memory and the manifest's seconds per
   stage (summed over transcripts, so with several jobs they add up to more than the wall time);
3. a cached rerun of the first of those commands;
4. peak memory of the pipeline for 1, 10 and all meetings (1 and 10 in their own child processes, the
   largest meetings first, so each run holds the largest meeting; "all" is the first full run). Peak
   memory is that of the largest single process (`RUSAGE_CHILDREN`); with `--jobs N` there are N workers
   of about that size besides the parent.
Words are whitespace-separated words of the turn texts.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(os.environ.get("ROUNDTABLE_SHARED_DATA", ROOT.parent / "shared" / "data"))
SOURCES = ("qmsum/committee", "qmsum/ami", "qmsum/icsi", "elitr")


def meetings(data: Path, limit: int | None) -> list[Path]:
    files = sorted(p for source in SOURCES for p in (data / source).glob("*.json"))
    return files[:limit] if limit else files


def bare_spacy(files: list[Path], overrides: list[str]) -> dict:
    sys.path.insert(0, str(ROOT))
    from pipeline.nlp import nlp_for
    from pipeline.readers import read_transcript
    from pipeline.settings import load_settings

    settings = load_settings(overrides=overrides)
    nlp = nlp_for(settings.nlp)
    texts_per_file = [[t.text for t in read_transcript(f, settings.read).turns] for f in files]
    n_words = sum(len(text.split()) for texts in texts_per_file for text in texts)
    start = time.perf_counter()
    for texts in texts_per_file:
        for _ in nlp.pipe(texts, batch_size=settings.nlp.batch_size):
            pass
    seconds = time.perf_counter() - start
    return {"words": n_words, "seconds": round(seconds, 2), "words_per_second": round(n_words / seconds)}


def run_child(files: list[Path], out: Path, cache: Path, overrides: list[str], jobs: int = 1) -> dict:
    """`roundtable run` in a child process; returns wall time, the child's peak RSS and stage seconds."""
    list_file = out.with_suffix(".inputs")
    list_file.write_text("\n".join(str(f) for f in files), encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; from pipeline.runner import run; from pipeline.settings import load_settings;"
        "files=Path(sys.argv[1]).read_text().split('\\n');"
        "r=run(files, load_settings(overrides=sys.argv[5:]+['cache.dir='+repr(sys.argv[3])]), out_dir=sys.argv[2],"
        " jobs=int(sys.argv[4]));"
        "sys.exit(0 if r.ok else 1)"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code, str(list_file), str(out), str(cache), str(jobs), *overrides],
        cwd=ROOT, capture_output=True, text=True,
    )
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if result.returncode not in (0, 1):
        raise SystemExit(f"pipeline run failed:\n{result.stderr[-3000:]}")
    stages = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["stage_seconds"]
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(max(peak_kb, before) / 1024),
        "exit": result.returncode,
        "stage_seconds": stages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N meetings")
    parser.add_argument("--set", dest="overrides", action="append", default=[], help="settings override")
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values for the full runs")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    files = meetings(args.data, args.limit)
    report = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
              "n_meetings": len(files)}
    jobs_values = [int(j) for j in args.jobs.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # The pipeline first, in fresh child processes (ru_maxrss of children is a running maximum,
        # so the memory runs go from small to large).
        # Largest meetings first, so every memory run holds the largest one and the figures differ only by
        # what accumulates over the batch.
        by_size = sorted(files, key=lambda f: (-f.stat().st_size, f.name))
        memory = {}
        for n in sorted({1, min(10, len(files))} - {len(files)}):
            memory[n] = run_child(by_size[:n], tmp / f"mem{n}", tmp / f"cache-mem{n}", args.overrides)["peak_rss_mb"]
        full = {}
        for jobs in jobs_values:
            full[jobs] = run_child(files, tmp / f"full{jobs}", tmp / f"cache{jobs}", args.overrides, jobs)
        memory[len(files)] = full[jobs_values[0]]["peak_rss_mb"]
        rerun = run_child(files, tmp / "rerun", tmp / f"cache{jobs_values[0]}", args.overrides, jobs_values[0])
        bare = bare_spacy(files, args.overrides)
    pipeline = {}
    for jobs, row in full.items():
        wps = round(bare["words"] / row["seconds"])
        pipeline[jobs] = {**row, "words_per_second": wps, "ratio_to_bare": round(wps / bare["words_per_second"], 3)}
    stages = full[jobs_values[0]]["stage_seconds"]
    after_parse = sum(v for k, v in stages.items() if k not in ("read", "parse"))
    report.update(
        {
            "words": bare["words"],
            "bare_spacy": bare,
            "pipeline_by_jobs": pipeline,
            "after_parse_share_of_parse": round(after_parse / max(stages["parse"], 1e-9), 3),
            "cached_rerun": rerun,
            "peak_rss_mb_by_n_meetings": memory,
        }
    )
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"meetings: {len(files)}   words: {bare['words']:,}   machine: {report['machine']}")
    print(f"bare spaCy nlp.pipe:        {bare['words_per_second']:>8,} words/s  ({bare['seconds']} s)")
    for jobs, row in pipeline.items():
        print(f"roundtable run --jobs {jobs}:   {row['words_per_second']:>8,} words/s  ({row['seconds']} s, incl. start-up)  "
              f"ratio {row['ratio_to_bare']}")
    print(f"seconds per stage (--jobs {jobs_values[0]}): " + ", ".join(f"{k} {v}" for k, v in stages.items())
          + f"; after parsing = {report['after_parse_share_of_parse']:.0%} of parsing")
    print(f"cached rerun:               {rerun['seconds']} s")
    print("peak memory (MB) by number of meetings: " + ", ".join(f"{n}: {mb}" for n, mb in sorted(memory.items())))


if __name__ == "__main__":
    main()

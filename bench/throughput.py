"""Throughput and memory of `roundtable run` against bare spaCy on the same turns.

    python bench/throughput.py                      # all shared meetings (~1.5M words), --jobs 1 and 2
    python bench/throughput.py --limit 20 --jobs 1 --json
    python bench/throughput.py --executor dask      # a LocalCluster of 2 workers against --jobs 2

With `--executor dask` the bench compares instead: `roundtable run --jobs N` (a process pool) and
`--executor dask` (a LocalCluster of N worker processes) on the same meetings, each with an empty cache,
their ratio of wall times, and the client process's own peak memory (`RUSAGE_SELF` in the child that
runs the client, so the Dask workers' memory is not counted) for 1, 10 and all meetings.

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
import hashlib
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


def run_child(
    files: list[Path], out: Path, cache: Path, overrides: list[str], jobs: int = 1, executor: str = "processes"
) -> dict:
    """`roundtable run` in a child process; returns wall time, the peak RSS of the child (and of its own
    children, the largest one), the client's own peak RSS and stage seconds."""
    list_file = out.with_suffix(".inputs")
    list_file.write_text("\n".join(str(f) for f in files), encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; from pipeline.runner import run; from pipeline.settings import load_settings;"
        "files=Path(sys.argv[1]).read_text().split('\\n');"
        "import resource;"
        "r=run(files, load_settings(overrides=sys.argv[6:]+['cache.dir='+repr(sys.argv[3])]), out_dir=sys.argv[2],"
        " jobs=int(sys.argv[4]), executor=sys.argv[5]);"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss);"
        "sys.exit(0 if r.ok else 1)"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code, str(list_file), str(out), str(cache), str(jobs), executor, *overrides],
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
        "client_peak_rss_mb": round(int(result.stdout.split()[-1]) / 1024),
        "exit": result.returncode,
        "stage_seconds": stages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N meetings")
    parser.add_argument("--set", dest="overrides", action="append", default=[], help="settings override")
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values for the full runs")
    parser.add_argument("--executor", choices=("processes", "dask"), default="processes",
                        help="dask: compare --executor dask with the process pool (the first --jobs value > 1)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.executor == "dask":
        compare_dask(args)
        return

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


def compare_dask(args: argparse.Namespace) -> None:
    """`--jobs N` against `--executor dask` with N LocalCluster workers, and the dask client's memory."""
    files = meetings(args.data, args.limit)
    jobs = next((int(j) for j in args.jobs.split(",") if int(j) > 1), 2)
    n_words = count_words(files, args.overrides)
    report = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
              "n_meetings": len(files), "words": n_words, "jobs": jobs}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        by_size = sorted(files, key=lambda f: (-f.stat().st_size, f.name))
        client_memory = {}
        for n in sorted({1, min(10, len(files))} - {len(files)}):
            row = run_child(by_size[:n], tmp / f"mem{n}", tmp / f"cache-mem{n}", args.overrides, jobs, "dask")
            client_memory[n] = row["client_peak_rss_mb"]
        pool = run_child(files, tmp / "pool", tmp / "cache-pool", args.overrides, jobs, "processes")
        dask = run_child(files, tmp / "dask", tmp / "cache-dask", args.overrides, jobs, "dask")
        client_memory[len(files)] = dask["client_peak_rss_mb"]
        identical = _outputs(tmp / "pool") == _outputs(tmp / "dask")
    for row in (pool, dask):
        row["words_per_second"] = round(n_words / row["seconds"])
    report.update(
        {
            f"processes_jobs_{jobs}": pool,
            f"dask_local_cluster_{jobs}_workers": dask,
            "dask_seconds_ratio_to_processes": round(dask["seconds"] / pool["seconds"], 3),
            "identical_outputs": identical,
            "dask_client_peak_rss_mb_by_n_meetings": client_memory,
        }
    )
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"meetings: {len(files)}   words: {n_words:,}   machine: {report['machine']}")
    print(f"roundtable run --jobs {jobs}:                {pool['words_per_second']:>8,} words/s  ({pool['seconds']} s)  "
          f"client peak {pool['client_peak_rss_mb']} MB")
    print(f"roundtable run --executor dask ({jobs} workers): {dask['words_per_second']:>8,} words/s  ({dask['seconds']} s)  "
          f"client peak {dask['client_peak_rss_mb']} MB")
    print(f"dask / processes wall time: {report['dask_seconds_ratio_to_processes']}   identical outputs: {identical}")
    print("dask client peak memory (MB) by number of meetings: "
          + ", ".join(f"{n}: {mb}" for n, mb in sorted(client_memory.items())))


def count_words(files: list[Path], overrides: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from pipeline.readers import read_transcript
    from pipeline.settings import load_settings

    settings = load_settings(overrides=overrides)
    return sum(len(t.text.split()) for f in files for t in read_transcript(f, settings.read).turns)


def _outputs(folder: Path) -> dict[str, str]:
    """sha256 of every output file but the manifest (which holds times and the executor)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in ("manifest.json", ".roundtable.lock")}


if __name__ == "__main__":
    main()

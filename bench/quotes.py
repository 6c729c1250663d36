"""Benchmark quote ranking on the shared QMSum meetings: are the top quotes where the substance is?

Salience proxy (from ../shared/data/README.md): the fraction of the top-k quotes (default 10) whose turn
lies inside a turn span that supports an annotator's answer to a specific query
(`specific_queries[*].spans`, inclusive). The baseline, in the same run, is k candidates drawn at random
from the same candidate pool (every span that passed the stand-alone checks), averaged over --draws draws
with a fixed seed. Also reported: the same fraction for every candidate (the pool's base rate) and the
extraction time per meeting (after parsing).

    python bench/quotes.py                               # every QMSum meeting in the shared data
    python bench/quotes.py --sources committee --limit 5 --json
    python bench/quotes.py --sources ami --limit 2 --show 5   # also print the top quotes (stderr)

Meetings the learned ranker was fitted on (its judgement-set train meetings, `meta.train_meetings` of
models/quote_ranker/model.json) are marked `seen`; the summary also gives each source over the unseen
meetings only (`<source>_unseen`), the fair figure for the learned ranker.

ELITR meetings have no turn spans behind their questions, so they are not part of this benchmark (the
quotes test still runs over them). Parses are cached as spaCy DocBins under --cache-dir (the same cache
and keys as bench/summaries.py). Outputs hold only figures (and, with --show, text on stderr only).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from pathlib import Path
from typing import Optional

import numpy as np

from common import DEFAULT_CACHE, QMSUM, parse_cached  # noqa: E402 (puts the repo on sys.path)
from pipeline import evaluate  # noqa: E402
from pipeline.evaluate import quote_hit_rate, reference_from_dict  # noqa: E402
from pipeline.quotes.extract import rank_candidates  # noqa: E402
from pipeline.quotes.learned import load_ranker  # noqa: E402
from pipeline.settings import Settings, load_settings  # noqa: E402

DEFAULT_DATA = QMSUM
DEFAULT_SOURCES = ("committee", "ami", "icsi")


def supported_turns(meeting: dict) -> set[int]:
    """Turns inside the meeting's `specific_queries` spans (the reference's quote spans)."""
    return evaluate.supported_turns(reference_from_dict(meeting, str(meeting.get("id", "meeting"))).quote_spans)


def evaluate_meeting(
    path: Path, settings: Settings, *, k: int, n_draws: int, seed: int, cache_dir: Optional[Path], show: int
) -> Optional[dict]:
    meeting = json.loads(path.read_text(encoding="utf-8"))
    gold = supported_turns(meeting)
    if not gold:
        return None
    parsed = parse_cached(path, settings, cache_dir)
    clock = time.perf_counter()
    scored, top = rank_candidates(parsed, settings.quotes)
    seconds = time.perf_counter() - clock
    top = top[:k]
    if not scored or not top:
        return None
    top_k = quote_hit_rate([item.candidate.turn_index for item in top], gold)
    pool = np.array([item.candidate.turn_index in gold for item in scored], dtype=float)
    rng = np.random.default_rng([seed, zlib.crc32(path.stem.encode())])
    n_pick = min(k, len(scored))
    random_rates = [pool[rng.choice(len(scored), size=n_pick, replace=False)].mean() for _ in range(n_draws)]
    if show:
        print(f"\n== {path.parent.name}/{path.stem}", file=sys.stderr)
        for rank, item in enumerate(top[:show], start=1):
            mark = "*" if item.candidate.turn_index in gold else " "
            print(f"{rank:2d}{mark} {item.score:.3f} [{item.candidate.speaker[:20]}] {item.candidate.clean.text}", file=sys.stderr)
    return {
        "meeting": path.stem,
        "n_turns": len(parsed.transcript.turns),
        "n_candidates": len(scored),
        "top_k": float(top_k),
        "random_k": float(np.mean(random_rates)),
        "pool": float(pool.mean()),
        "seconds": seconds,
    }


def summarise(rows: list[dict]) -> dict:
    return {
        "n_meetings": len(rows),
        "top_k": float(np.mean([r["top_k"] for r in rows])) if rows else float("nan"),
        "random_k": float(np.mean([r["random_k"] for r in rows])) if rows else float("nan"),
        "pool": float(np.mean([r["pool"] for r in rows])) if rows else float("nan"),
        "seconds_mean": float(np.mean([r["seconds"] for r in rows])) if rows else float("nan"),
        "seconds_max": float(np.max([r["seconds"] for r in rows])) if rows else float("nan"),
    }


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="QMSum folder of the shared data.")
    parser.add_argument("--sources", nargs="+", default=list(DEFAULT_SOURCES), help="Sub-folders: committee ami icsi.")
    parser.add_argument("--limit", type=int, default=None, help="At most this many meetings per source.")
    parser.add_argument("--k", type=int, default=10, help="How many top quotes to check (default 10).")
    parser.add_argument("--draws", type=int, default=20, help="Random draws averaged for the baseline.")
    parser.add_argument("--seed", type=int, default=0, help="Seed of the random baseline.")
    parser.add_argument("--config", type=Path, default=None, help="Settings file (TOML).")
    parser.add_argument("--set", dest="overrides", action="append", default=[], help="Override a setting.")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, help="Where parses are cached.")
    parser.add_argument("--no-cache", action="store_true", help="Parse every meeting afresh.")
    parser.add_argument("--show", type=int, default=0, help="Print this many top quotes per meeting (stderr).")
    parser.add_argument("--json", action="store_true", help="Print results as JSON.")
    args = parser.parse_args(argv)

    settings = load_settings(args.config, args.overrides)
    seen: set[str] = set()
    if settings.quotes.ranker == "learned":
        seen = {m.casefold() for m in load_ranker(settings.quotes.ranker_model or None).meta.get("train_meetings", ())}
    cache_dir = None if args.no_cache else args.cache_dir
    results: dict[str, list[dict]] = {}
    for source in args.sources:
        files = sorted((args.data / source).glob("*.json"))[: args.limit]
        rows = []
        for path in files:
            row = evaluate_meeting(
                path, settings, k=args.k, n_draws=args.draws, seed=args.seed, cache_dir=cache_dir, show=args.show
            )
            if row is not None:
                row["seen"] = row["meeting"].casefold() in seen  # (transcript ids are lower case, file names not)
                rows.append(row)
            figures = "no spans" if row is None else f"top {row['top_k']:.2f} random {row['random_k']:.2f}"
            print(f"  {source}/{path.stem}: {figures}", file=sys.stderr)
        results[source] = rows
    summary = {source: summarise(rows) for source, rows in results.items()}
    if seen:
        for source, rows in results.items():
            summary[f"{source}_unseen"] = summarise([row for row in rows if not row["seen"]])
    summary["overall"] = summarise([row for rows in results.values() for row in rows])
    if args.json:
        print(json.dumps({"k": args.k, "draws": args.draws, "seed": args.seed, "settings_hash": settings.hash,
                          "summary": summary, "meetings": results}, indent=2))
        return 0
    print(f"Top-{args.k} quotes inside turns supporting annotators' answers (specific_queries spans)")
    print(f"{'source':<10} {'meetings':>8} {'top-k':>7} {'random-k':>9} {'lift':>6} {'pool':>6} {'s/meeting':>10}")
    for source, row in summary.items():
        lift = row["top_k"] / row["random_k"] if row["random_k"] else float("nan")
        print(
            f"{source:<10} {row['n_meetings']:>8} {row['top_k']:>7.3f} {row['random_k']:>9.3f} {lift:>6.2f} "
            f"{row['pool']:>6.3f} {row['seconds_mean']:>10.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

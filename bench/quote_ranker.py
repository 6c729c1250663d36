"""Fit the learned quote ranker and measure quote ranking against the editor judgements
(bench/data/quotes/judgements.jsonl).

For each meeting of the judgement set's held-out split (by meeting; never trained on), the judged
candidates are ranked and the top 10 are checked: precision = the share judged "print" (label 2, the
mean over judges where two judged it), and the same counting "maybe" as half. Compared: the
hand-weighted scorer (`quotes.ranker=hand`), "the longer line", the learned ranker saved in
models/quote_ranker (`pipeline/quotes/learned.py`) and an oracle (the best 10 the judgements allow).
Because the test meetings' candidates were judged by judges of different strictness (README.md there),
the figures are also given with only the labels of judges A and B (`ab_only`), and per meeting; and by
judge E alone (`judge_e`), who read every candidate of every test meeting blind (the README's third round):
the figure least confounded by who judged what.

    python bench/quote_ranker.py [--k 10] [--json]     # measure the saved ranker
    python bench/quote_ranker.py --fit                 # refit it on the train split, save, then measure

Features are computed as the pipeline computes them (relaxed `quotes.min_words=3`, as the pool was drawn).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from common import DEFAULT_CACHE, ROOT, parse_cached  # noqa: E402
from pipeline.quotes.extract import (  # noqa: E402
    build_context,
    iter_candidates,
    meeting_sentences,
    rank_candidates,
    score_candidates,
)
from pipeline.quotes.learned import DEFAULT_MODEL, fit_ranker, inputs_of, load_ranker, save_ranker  # noqa: E402
from pipeline.settings import load_settings  # noqa: E402
from quote_pool import pool_meetings  # noqa: E402

DATA = ROOT / "bench" / "data" / "quotes"


def judged_rows() -> list[dict]:
    """Every judged candidate of the pool with `labels` and `judges` (one entry per judgement)."""
    pool = {row["id"]: row for row in map(json.loads, (DATA / "pool.jsonl").open(encoding="utf-8"))}
    labels: dict[str, list[int]] = defaultdict(list)
    judges: dict[str, list[str]] = defaultdict(list)
    for n, row in enumerate(map(json.loads, (DATA / "judgements.jsonl").open(encoding="utf-8")), start=1):
        if row["id"] not in pool:
            raise SystemExit(f"{DATA / 'judgements.jsonl'}:{n}: candidate {row['id']!r} is not in pool.jsonl")
        labels[row["id"]].append(row["label"])
        judges[row["id"]].append(row["judge"])
    return [{**pool[cid], "labels": labels[cid], "judges": judges[cid]} for cid in sorted(labels)]


def _cid(meeting: str, item) -> str:
    c = item.candidate
    return f"{meeting}:q{c.turn_index}-{c.char_start}-{c.char_end}"


def pipeline_tops(meetings: set[str], overrides: list[str]) -> dict[str, list[str]]:
    """meeting -> ids of the pipeline's own top list at default settings (plus `overrides`), best first."""
    settings = load_settings(overrides=overrides)
    out = {}
    for _, path in pool_meetings():
        parsed = parse_cached(path, settings, DEFAULT_CACHE)
        if parsed.transcript.id in meetings:
            _, top = rank_candidates(parsed, settings.quotes)
            out[parsed.transcript.id] = [_cid(parsed.transcript.id, item) for item in top]
    return out


def featurise(rows: list[dict]) -> dict[str, dict]:
    """candidate id -> {"x": the learned ranker's inputs, "score": hand-weighted score, "n_words"}."""
    settings = load_settings(overrides=["quotes.min_words=3", "quotes.ranker=hand"])
    wanted = defaultdict(set)
    for row in rows:
        wanted[row["meeting"]].add(row["id"])
    out = {}
    for _, path in pool_meetings():
        parsed = parse_cached(path, settings, DEFAULT_CACHE)
        transcript = parsed.transcript
        if transcript.id not in wanted:
            continue
        sentences = meeting_sentences(parsed)
        context = build_context(sentences, (s.label for s in transcript.speakers))
        for item in score_candidates(iter_candidates(parsed, settings.quotes, sentences), settings.quotes, context):
            c = item.candidate
            cid = f"{transcript.id}:q{c.turn_index}-{c.char_start}-{c.char_end}"
            if cid in wanted[transcript.id]:
                out[cid] = {"x": inputs_of(item.features), "score": item.score, "n_words": c.n_words}
    return out


def gain(labels: list[int], half: bool = False) -> float:
    """The share of a candidate's judges who would print it (with `half`, "maybe" counts 0.5)."""
    return float(np.mean([1.0 if label == 2 else 0.5 if half and label == 1 else 0.0 for label in labels]))


def precision_at_k(rows: list[dict], scores: dict[str, float], k: int, half: bool = False) -> dict[str, float]:
    by_meeting = defaultdict(list)
    for row in rows:
        if row["id"] in scores:
            by_meeting[row["meeting"]].append(row)
    result = {}
    for meeting, items in sorted(by_meeting.items()):
        top = sorted(items, key=lambda r: (-scores[r["id"]], r["id"]))[:k]
        result[meeting] = float(np.mean([gain(r["labels"], half) for r in top]))
    return result


def fit_and_save(train: list[dict], feats: dict[str, dict], path: Path, c: float) -> None:
    """Fit the learned ranker on one row per judgement of the train split and save it with its card."""
    x, labels, judges = [], [], []
    for row in train:
        for label, judge in zip(row["labels"], row["judges"]):
            x.append(feats[row["id"]]["x"])
            labels.append(label)
            judges.append(judge)
    meetings = sorted({row["meeting"] for row in train})
    meta = {
        "trained_on": "bench/data/quotes/judgements.jsonl, split=train",
        "n_candidates": len(train),
        "n_judgements": len(labels),
        "judges": {j: judges.count(j) for j in sorted(set(judges))},
        "labels": {str(v): labels.count(v) for v in (0, 1, 2)},
        "train_meetings": meetings,
        "sha256_judgements": _sha256(DATA / "judgements.jsonl"),
        "sha256_pool": _sha256(DATA / "pool.jsonl"),
    }
    save_ranker(fit_ranker(np.array(x), labels, judges, c=c, meta=meta), path)
    load_ranker.cache_clear()


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def judged_by(rows: list[dict], judges: set[str]) -> list[dict]:
    """The rows some of `judges` judged, with only their labels."""
    kept = []
    for row in rows:
        pairs = [(label, judge) for label, judge in zip(row["labels"], row["judges"]) if judge in judges]
        if pairs:
            kept.append({**row, "labels": [label for label, _ in pairs], "judges": [judge for _, judge in pairs]})
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--fit", action="store_true", help="refit the learned ranker on the train split and save it")
    parser.add_argument("--c", type=float, default=0.05, help="inverse L2 strength of the fit (default 0.05)")
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="the learned ranker's model.json")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = judged_rows()
    feats = featurise(rows)
    rows = [r for r in rows if r["id"] in feats]
    train = [r for r in rows if r["split"] == "train"]
    test = [r for r in rows if r["split"] == "test"]
    if args.fit:
        fit_and_save(train, feats, args.model, args.c)
    ranker = load_ranker(str(args.model))
    learned = {}
    for r in test:
        p_maybe, p_print = ranker.probabilities(feats[r["id"]]["x"])
        learned[r["id"]] = (p_maybe + p_print) / 2
    rankers = {
        "hand_weighted": {r["id"]: feats[r["id"]]["score"] for r in test},
        "longer_line": {r["id"]: feats[r["id"]]["n_words"] for r in test},
        "learned": learned,
        "oracle": {r["id"]: gain(r["labels"], half=True) + gain(r["labels"]) for r in test},
    }
    ab_only = judged_by(test, {"A", "B"})
    judge_e = judged_by(test, {"E"})
    report = {"n_train": len(train), "n_test": len(test), "test_meetings": len({r["meeting"] for r in test}),
              "n_test_ab_only": len(ab_only), "k": args.k}
    for name, scores in rankers.items():
        per = precision_at_k(test, scores, args.k)
        report[name] = {
            "precision_at_k": round(float(np.mean(list(per.values()))), 3),
            "precision_at_k_maybe_half": round(float(np.mean(list(precision_at_k(test, scores, args.k, True).values()))), 3),
            "ab_only_precision_at_k": round(float(np.mean(list(precision_at_k(ab_only, scores, args.k).values()))), 3),
            "judge_e_precision_at_k": round(float(np.mean(list(precision_at_k(judge_e, scores, args.k).values()))), 3),
            "judge_e_maybe_half": round(float(np.mean(list(precision_at_k(judge_e, scores, args.k, True).values()))), 3),
            "per_meeting": {m: round(v, 2) for m, v in per.items()},
        }
    # The pipeline's own top 10 (near-duplicates collapsed, per-speaker cap), where every candidate is judged.
    label_of = {r["id"]: gain(r["labels"]) for r in test}
    label_of_e = {r["id"]: gain(r["labels"]) for r in judge_e}
    meetings = {r["meeting"] for r in test}
    for name, overrides in (("pipeline_top_k_hand", ["quotes.ranker=hand"]), ("pipeline_top_k_learned", [f"quotes.ranker_model={args.model}"])):
        tops = pipeline_tops(meetings, overrides)
        report[name] = {}
        for suffix, labels in (("", label_of), ("judge_e_", label_of_e)):
            hits, covered, n_top = [], 0, 0
            for meeting in sorted(meetings):
                top = tops.get(meeting, [])[: args.k]
                n_top += len(top)
                judged = [labels[cid] for cid in top if cid in labels]
                covered += len(judged)
                if judged:
                    hits.append(float(np.mean(judged)))
            report[name][f"{suffix}precision_at_k"] = round(float(np.mean(hits)), 3) if hits else None
            report[name][f"{suffix}judged_share"] = round(covered / n_top, 3) if n_top else None
    report["test_print_rate"] = round(float(np.mean([gain(r["labels"]) for r in test])), 3)
    report["judge_e_print_rate"] = round(float(np.mean([gain(r["labels"]) for r in judge_e])), 3)
    print(json.dumps(report, indent=None if args.json else 1))


if __name__ == "__main__":
    main()

"""Measure quote ranking against the editor judgements (bench/data/quotes/judgements.jsonl).

For each meeting of the judgement set's held-out split (by meeting; never trained on), the judged
candidates are ranked and the top 10 are checked: precision = the share judged "print" (label 2, the
mean over judges where two judged it). Compared: the hand-weighted scorer of today (`quotes.weights`),
"the longer line", and a logistic regression over the same interpretable features fitted on the train
split's meetings (a quick learned baseline; standardised features, class weights balanced, seed 0).

    python bench/quote_ranker.py [--k 10] [--json]

Features are computed as the pipeline computes them (relaxed `quotes.min_words=3`, as the pool was drawn).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from common import DEFAULT_CACHE, ROOT, parse_cached  # noqa: E402
from pipeline.quotes.extract import (  # noqa: E402
    build_context,
    iter_candidates,
    meeting_sentences,
    rank_candidates,
    score_candidates,
)
from pipeline.quotes.features import FEATURE_NAMES  # noqa: E402
from pipeline.settings import load_settings  # noqa: E402
from quote_pool import pool_meetings  # noqa: E402

DATA = ROOT / "bench" / "data" / "quotes"


def judged_rows() -> list[dict]:
    pool = {row["id"]: row for row in map(json.loads, (DATA / "pool.jsonl").open(encoding="utf-8"))}
    labels: dict[str, list[int]] = defaultdict(list)
    for row in map(json.loads, (DATA / "judgements.jsonl").open(encoding="utf-8")):
        labels[row["id"]].append(row["label"])
    return [{**pool[cid], "labels": labels[cid]} for cid in sorted(labels)]


def featurise(rows: list[dict]) -> tuple[dict[str, dict], dict[str, list[str]]]:
    """(candidate id -> {"x": feature vector, "score": hand-weighted score, "n_words"},
    meeting -> ids of the pipeline's own top list at default settings, best first)."""
    settings = load_settings(overrides=["quotes.min_words=3"])
    wanted = defaultdict(set)
    for row in rows:
        wanted[row["meeting"]].add(row["id"])
    out, pipeline_top = {}, {}
    defaults = load_settings()
    for _, path in pool_meetings():
        parsed = parse_cached(path, settings, DEFAULT_CACHE)
        transcript = parsed.transcript
        if transcript.id not in wanted:
            continue
        _, top = rank_candidates(parsed, defaults.quotes)
        pipeline_top[transcript.id] = [
            f"{transcript.id}:q{i.candidate.turn_index}-{i.candidate.char_start}-{i.candidate.char_end}" for i in top
        ]
        sentences = meeting_sentences(parsed)
        context = build_context(sentences, (s.label for s in transcript.speakers))
        for item in score_candidates(iter_candidates(parsed, settings.quotes, sentences), settings.quotes, context):
            c = item.candidate
            cid = f"{transcript.id}:q{c.turn_index}-{c.char_start}-{c.char_end}"
            if cid in wanted[transcript.id]:
                out[cid] = {
                    "x": [item.features.values.get(name, 0.0) for name in FEATURE_NAMES],
                    "score": item.score,
                    "n_words": c.n_words,
                }
    return out, pipeline_top


def precision_at_k(rows: list[dict], scores: dict[str, float], k: int) -> dict[str, float]:
    by_meeting = defaultdict(list)
    for row in rows:
        if row["id"] in scores:
            by_meeting[row["meeting"]].append(row)
    result = {}
    for meeting, items in sorted(by_meeting.items()):
        top = sorted(items, key=lambda r: (-scores[r["id"]], r["id"]))[:k]
        result[meeting] = float(np.mean([np.mean([label == 2 for label in r["labels"]]) for r in top]))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = judged_rows()
    feats, pipeline_top = featurise(rows)
    rows = [r for r in rows if r["id"] in feats]
    train = [r for r in rows if r["split"] == "train"]
    test = [r for r in rows if r["split"] == "test"]
    x = np.array([feats[r["id"]]["x"] for r in train])
    y = np.array([int(np.mean(r["labels"]) >= 1.5) for r in train])
    model = make_pipeline(StandardScaler(), LogisticRegression(class_weight="balanced", max_iter=1000, random_state=0))
    model.fit(x, y)
    learned = dict(zip([r["id"] for r in test], model.predict_proba(np.array([feats[r["id"]]["x"] for r in test]))[:, 1]))
    rankers = {
        "hand_weighted": {r["id"]: feats[r["id"]]["score"] for r in test},
        "longer_line": {r["id"]: feats[r["id"]]["n_words"] for r in test},
        "logistic_features": learned,
    }
    report = {"n_train": len(train), "n_test": len(test), "test_meetings": len({r["meeting"] for r in test}), "k": args.k}
    for name, scores in rankers.items():
        per = precision_at_k(test, scores, args.k)
        report[name] = {"precision_at_k": round(float(np.mean(list(per.values()))), 3)}
    # The pipeline's own top 10 (near-duplicates collapsed, per-speaker cap), where every candidate is judged.
    label_of = {r["id"]: np.mean([l == 2 for l in r["labels"]]) for r in test}
    hits, covered, n_top = [], 0, 0
    for meeting in sorted({r["meeting"] for r in test}):
        top = pipeline_top.get(meeting, [])[: args.k]
        n_top += len(top)
        judged = [label_of[cid] for cid in top if cid in label_of]
        covered += len(judged)
        if judged:
            hits.append(float(np.mean(judged)))
    report["pipeline_top_k"] = {"precision_at_k": round(float(np.mean(hits)), 3) if hits else None,
                                "judged_share": round(covered / n_top, 3) if n_top else None}
    report["test_print_rate"] = round(float(np.mean([np.mean([l == 2 for l in r["labels"]]) for r in test])), 3)
    print(json.dumps(report, indent=None if args.json else 1))


if __name__ == "__main__":
    main()

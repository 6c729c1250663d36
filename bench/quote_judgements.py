"""Gather the editor judgements of the candidate pool and report how far two judges agree.

    python bench/quote_judgements.py --judged /tmp/judge /tmp/judge2    # writes bench/data/quotes/judgements.jsonl

Each judged line is {"id", "label" (0 no, 1 maybe, 2 print), "judge", "why"}; ids are those of
bench/data/quotes/pool.jsonl. Candidates judged by both judges (a blind overlap) give the agreement:
exact agreement, Cohen's kappa (unweighted and linearly weighted), and agreement on "print" vs the rest.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "quotes"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--judged", type=Path, nargs="+", required=True, help="folders of *.judged.jsonl files")
    parser.add_argument("--out", type=Path, default=DATA / "judgements.jsonl")
    args = parser.parse_args()
    pool = {row["id"]: row for row in map(json.loads, (DATA / "pool.jsonl").open(encoding="utf-8"))}
    labels: dict[str, dict[str, int]] = {}
    whys: dict[tuple[str, str], str] = {}
    for path in sorted(p for folder in args.judged for p in folder.glob("*.judged.jsonl")):
        for line in path.open(encoding="utf-8"):
            if not line.strip():
                continue
            row = json.loads(line)
            if row["id"] not in pool or row.get("label") not in (0, 1, 2):
                raise SystemExit(f"{path}: bad line {line.strip()[:80]}")
            labels.setdefault(row["id"], {})[row["judge"]] = row["label"]
            whys[(row["id"], row["judge"])] = row.get("why", "")
    with args.out.open("w", encoding="utf-8") as handle:
        for cid in sorted(labels, key=lambda c: (pool[c]["meeting"], pool[c]["turn_index"], pool[c]["char_start"], pool[c]["char_end"])):
            for judge, label in sorted(labels[cid].items()):
                handle.write(json.dumps({"id": cid, "meeting": pool[cid]["meeting"], "split": pool[cid]["split"],
                                         "judge": judge, "label": label, "why": whys[(cid, judge)]}, ensure_ascii=False) + "\n")
    both = [tuple(sorted(v.items()))[:2] for v in labels.values() if len(v) >= 2]
    both = [(first[1], second[1]) for first, second in both]
    counts = Counter(label for v in labels.values() for label in v.values())
    print(f"{len(labels)} candidates judged ({sum(len(v) for v in labels.values())} judgements): "
          f"no {counts[0]}, maybe {counts[1]}, print {counts[2]} -> {args.out}")
    if both:
        a, b = zip(*both)
        exact = sum(x == y for x, y in both) / len(both)
        print(f"overlap judged by both: {len(both)}; exact agreement {exact:.2f}; "
              f"kappa {cohen_kappa_score(a, b):.2f}; linear-weighted kappa {cohen_kappa_score(a, b, weights='linear'):.2f}; "
              f"'print' vs rest kappa {cohen_kappa_score([x == 2 for x in a], [y == 2 for y in b]):.2f}")


if __name__ == "__main__":
    main()

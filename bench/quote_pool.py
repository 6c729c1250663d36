"""Draw the pool of candidate quotes that the editor-judgement set (bench/data/quotes/) is written on.

Meetings: every QMSum committee meeting, a fixed draw of AMI and ICSI meetings (sorted ids, every n-th),
and the three samples written for this project. ELITR meetings are left out: their text may not be copied
into the repository. Per meeting, candidates come from a relaxed generator (`quotes.min_words=3`, so short
pointed lines are in the pool, and procedural lines are kept, so a ranker learns what they look like):
the `--top` best by the hand-weighted scorer of the day, then `--random` more drawn at random from the
rest (seeded), so the pool holds good, middling and bad lines. Each split (`train` / `test`) is by meeting:
`test` when crc32(meeting id) % 4 == 0.

    python bench/quote_pool.py --exhaustive-test --out bench/data/quotes/pool.jsonl

Each line: id, meeting, source, split, turn_index, speaker, char_start, char_end, verbatim, text (the clean
reading), before (the previous turn's last words, with its speaker), turn_text (the whole turn, clipped).
"""

from __future__ import annotations

import argparse
import json
import random
import zlib
from pathlib import Path

from common import DEFAULT_CACHE, QMSUM, ROOT, parse_cached  # noqa: E402 (puts the repo on sys.path)
from pipeline.quotes.extract import build_context, iter_candidates, meeting_sentences, score_candidates  # noqa: E402
from pipeline.settings import load_settings  # noqa: E402

SAMPLES = ("council-roundtable-2011.txt", "housing-panel-2024.vtt", "transport-committee-2025.srt")


def pool_meetings() -> list[tuple[str, Path]]:
    committee = sorted((QMSUM / "committee").glob("*.json"))
    ami = sorted((QMSUM / "ami").glob("*.json"))[::6]
    icsi = sorted((QMSUM / "icsi").glob("*.json"))[::4]
    samples = [ROOT / "transcripts" / name for name in SAMPLES]
    return (
        [("committee", p) for p in committee]
        + [("ami", p) for p in ami]
        + [("icsi", p) for p in icsi]
        + [("sample", p) for p in samples]
    )


def split_of(meeting_id: str) -> str:
    return "test" if zlib.crc32(meeting_id.encode("utf-8")) % 4 == 0 else "train"


def _clip_words(text: str, n: int, *, keep_end: bool) -> str:
    words = text.split()
    if len(words) <= n:
        return text
    return ("… " + " ".join(words[-n:])) if keep_end else (" ".join(words[:n]) + " …")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "data" / "quotes" / "pool.jsonl")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--random", type=int, default=25)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--exhaustive-test", action="store_true",
        help="also take every candidate of the test meetings (so any ranker's top 10 there is judged)",
    )
    args = parser.parse_args()
    settings = load_settings(overrides=["quotes.min_words=3"])
    rng = random.Random(args.seed)
    rows = []
    for source, path in pool_meetings():
        parsed = parse_cached(path, settings, DEFAULT_CACHE)
        transcript = parsed.transcript
        sentences = meeting_sentences(parsed)
        context = build_context(sentences, (s.label for s in transcript.speakers))
        scored = score_candidates(iter_candidates(parsed, settings.quotes, sentences), settings.quotes, context)
        by_score = sorted(range(len(scored)), key=lambda i: (-scored[i].score, i))
        chosen = by_score[: args.top]
        rest = sorted(set(range(len(scored))) - set(chosen))
        chosen += rng.sample(rest, min(args.random, len(rest)))
        drawn = set(chosen)
        if args.exhaustive_test and split_of(transcript.id) == "test":
            chosen = list(range(len(scored)))
        for i in sorted(chosen):
            c = scored[i].candidate
            turn = transcript.turns[c.turn_index]
            before = ""
            if c.turn_index > 0:
                prev = transcript.turns[c.turn_index - 1]
                before = f"{prev.speaker}: {_clip_words(prev.text, 40, keep_end=True)}"
            rows.append(
                {
                    "id": f"{transcript.id}:q{c.turn_index}-{c.char_start}-{c.char_end}",
                    "meeting": transcript.id,
                    "source": source,
                    "split": split_of(transcript.id),
                    "turn_index": c.turn_index,
                    "speaker": turn.speaker,
                    "char_start": c.char_start,
                    "char_end": c.char_end,
                    "verbatim": c.verbatim,
                    "text": c.clean.text,
                    "before": before,
                    "turn_text": _clip_words(turn.text, 220, keep_end=False),
                    "draw": "sample" if i in drawn else "exhaustive",
                }
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} candidates from {len({r['meeting'] for r in rows})} meetings -> {args.out}")


if __name__ == "__main__":
    main()

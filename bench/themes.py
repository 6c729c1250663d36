"""Benchmark themes against the annotators' topic segmentation of the shared committee meetings.

For each meeting: adjusted mutual information (AMI) between our turn -> main theme assignment and the
annotators' `topic_list` spans, and in the same run the same score for two baselines with the same
number of parts as our themes:

- `contiguous`: the turns cut into equal consecutive parts;
- `kmeans`: TF-IDF (English stop words out) + KMeans on the raw turns.

Turns without a main theme (procedural only, or mostly talk that fits no theme) get their own label
"none", and so do the turns of the meeting's opening and close ("Introductions", "Procedure and close":
`result.procedure`, `n_procedure` per meeting), which are no theme either (annotators leave them out of
every topic); `n_themes` (the baselines' number of parts) counts themes only; annotated turns in several spans take the first, turns in no span are "none". `ami_substantive`
scores the same assignments on the turns that have substantive talk only (the turns we can label at all),
for all three systems. `label_overlap`: the share of our theme labels that share a content word (English
stop words out, compared by a crude stem: plural "s" off, first six letters) with the annotators' topic
name of the stretch the theme covers (the topic holding most of its turns); `single_word_labels` counts
labels of one word; with several sources both are pooled over all their labels and also given per source
(`by_source`); `--show-labels` prints each label beside its topic name. Also reported: our stability
score (mean pairwise AMI across seeds) and the runtime of the themes step (the spaCy parse excluded;
parses are cached).

    python bench/themes.py                          # the 24 committee meetings
    python bench/themes.py --sources committee ami --limit 5 --json
    python bench/themes.py --sources committee ami icsi --show-labels   # pooled and per-source label_overlap
    python bench/themes.py --set themes.speaker_weight=0

Parses are cached as spaCy DocBins under --cache-dir (keyed by file hash, model and nlp settings), so a
second run takes seconds. Meeting text never leaves the cache folder; outputs hold only scores.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Optional, Sequence

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from common import DEFAULT_CACHE, QMSUM, parse_cached  # noqa: E402 (puts the repo on sys.path)
from pipeline.evaluate import NONE, gold_topic_labels, reference_from_dict, theme_agreement  # noqa: E402
from pipeline.settings import Settings, load_settings  # noqa: E402
from pipeline.themes import find_themes, passages_of  # noqa: E402

DEFAULT_DATA = QMSUM


def gold_topics(meeting: dict) -> list[str]:
    """The annotators' topic per turn: the first `topic_list` span holding it, else "none"."""
    reference = reference_from_dict(meeting, str(meeting.get("id", "meeting")))
    return gold_topic_labels(reference.topics, len(meeting["turns"]))


def contiguous_split(n_turns: int, n_parts: int) -> list[str]:
    return [f"part{min(n_parts - 1, turn * n_parts // n_turns)}" for turn in range(n_turns)]


def kmeans_turns(texts: Sequence[str], n_parts: int, seed: int) -> list[str]:
    vectors = TfidfVectorizer(stop_words="english").fit_transform(texts)
    n_parts = max(1, min(n_parts, vectors.shape[0]))
    labels = KMeans(n_clusters=n_parts, n_init=10, random_state=seed).fit_predict(vectors)
    return [f"cluster{label}" for label in labels]


ami = theme_agreement

_WORD = re.compile(r"[a-z][a-z'-]+")


def content_stems(text: str) -> set[str]:
    """Content words of a label or topic name as crude stems ("franchising" and "franchise" meet)."""
    stems = set()
    for word in _WORD.findall(text.lower()):
        word = word.strip("'-")
        if len(word) < 3 or word in ENGLISH_STOP_WORDS:
            continue
        if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
        stems.add(word[:6])
    return stems


def label_pairs(themes: Sequence, gold: Sequence[str], topic_names: Sequence[str]) -> list[tuple[str, str, bool]]:
    """Per theme: (our label, the name of the annotators' topic holding most of its turns, whether the two
    share a content word); turns in no topic left out, themes covering no annotated turn not scored."""
    pairs = []
    for theme in themes:
        topics = Counter(gold[turn] for turn in theme.turn_indices if gold[turn] != NONE)
        if not topics:
            continue
        topic = sorted(topics.items(), key=lambda item: (-item[1], item[0]))[0][0]
        name = topic_names[int(topic.removeprefix("topic"))]
        pairs.append((theme.label, name, bool(content_stems(theme.label) & content_stems(name))))
    return pairs


def label_hits(themes: Sequence, gold: Sequence[str], topic_names: Sequence[str]) -> list[bool]:
    """Per theme: does its label share a content word with the annotators' topic name (`label_pairs`)?"""
    return [hit for _, _, hit in label_pairs(themes, gold, topic_names)]


def score_meeting(path: Path, settings: Settings, cache_dir: Optional[Path]) -> dict:
    meeting = json.loads(path.read_text(encoding="utf-8"))
    gold = gold_topics(meeting)
    parsed = parse_cached(path, settings, cache_dir)
    clock = time.perf_counter()
    result = find_themes(parsed, settings.themes, seed=settings.seed)
    seconds = time.perf_counter() - clock
    # the opening and close are no theme: their turns are "none", as annotators leave them out of every topic
    furniture = {stretch.id for stretch in result.procedure}
    ours = [NONE if theme_id is None or theme_id in furniture else theme_id for theme_id in result.turn_themes]
    k = max(1, len(result.themes) + len(result.new_themes))
    texts = [turn.text for turn in parsed.transcript.turns]
    systems = {
        "ours": ours,
        "contiguous": contiguous_split(len(texts), k),
        "kmeans": kmeans_turns(texts, k, settings.seed),
    }
    substantive = sorted({p.turn_index for p in passages_of(parsed, settings.themes)})
    themes = result.themes + result.new_themes
    pairs = label_pairs(themes, gold, [topic.get("topic", "") for topic in meeting.get("topic_list") or []])
    hits = [hit for _, _, hit in pairs]
    row = {
        "meeting": path.stem,
        "source": path.parent.name,
        "n_turns": len(texts),
        "n_topics": len(meeting.get("topic_list") or []),
        "n_themes": k,
        "n_procedure": len(result.procedure),
        "none_turns": round(ours.count(NONE) / max(1, len(ours)), 4),
        "unassigned_share": result.unassigned_share,
        "stability": result.stability,
        "seconds": round(seconds, 3),
        "n_labels_scored": len(hits),
        "n_label_hits": sum(hits),
        "single_word_labels": sum(1 for theme in themes if len(theme.label.split()) == 1),
        "labels": [{"label": label, "topic": name, "hit": hit} for label, name, hit in pairs],
    }
    for name, labels in systems.items():
        row[f"ami_{name}"] = round(ami(gold, labels), 4)
        row[f"ami_substantive_{name}"] = round(ami(gold, labels, substantive), 4)
    return row


def summarise(rows: list[dict]) -> dict:
    keys = [k for k in rows[0] if k.startswith("ami_") or k in ("stability", "seconds", "n_themes", "n_topics", "none_turns", "unassigned_share")]
    mean = {}
    for key in keys:
        values = [row[key] for row in rows if row[key] is not None]
        mean[key] = round(float(np.mean(values)), 4) if values else None
    scored = sum(row["n_labels_scored"] for row in rows)
    mean["label_overlap"] = round(sum(row["n_label_hits"] for row in rows) / scored, 4) if scored else None
    mean["single_word_labels"] = sum(row["single_word_labels"] for row in rows)
    mean["wins_vs_contiguous"] = sum(1 for row in rows if row["ami_ours"] > row["ami_contiguous"])
    mean["wins_vs_kmeans"] = sum(1 for row in rows if row["ami_ours"] > row["ami_kmeans"])
    mean["n_meetings"] = len(rows)
    return mean


def summarise_sources(rows: list[dict], sources: Sequence[str]) -> dict:
    """`summarise` over all rows (pooled: `label_overlap` is then the share of all sources' labels), and with
    several sources each source's own figures under `by_source`."""
    mean = summarise(rows)
    if len(sources) > 1:
        mean["by_source"] = {source: summarise([row for row in rows if row["source"] == source]) for source in sources}
    return mean


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="The shared qmsum folder.")
    parser.add_argument("--sources", nargs="+", default=["committee"], help="Subfolders of --data (committee, ami, icsi).")
    parser.add_argument("--limit", type=int, default=None, help="At most this many meetings per source.")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, help="Where parses are cached.")
    parser.add_argument("--no-cache", action="store_true", help="Parse every meeting afresh.")
    parser.add_argument("--config", type=Path, default=None, help="Settings file (TOML).")
    parser.add_argument("--set", dest="overrides", action="append", default=[], help="section.key=value (repeatable).")
    parser.add_argument("--json", action="store_true", help="Print rows and means as JSON.")
    parser.add_argument("--show-labels", action="store_true", help="Print each label beside the annotators' topic name (stderr).")
    args = parser.parse_args(argv)
    settings = load_settings(args.config, args.overrides)
    cache_dir = None if args.no_cache else args.cache_dir
    rows = []
    for source in args.sources:
        files = sorted((args.data / source).glob("*.json"))[: args.limit]
        if not files:
            raise SystemExit(f"no meetings in {args.data / source}; pass --data pointing at the shared qmsum folder")
        for path in files:
            rows.append(score_meeting(path, settings, cache_dir))
            # labels and topic names are meeting text: shown on request, never in the outputs
            pairs = rows[-1].pop("labels")
            if args.show_labels:
                for pair in pairs:
                    print(f"{'+' if pair['hit'] else '-'} {pair['label'][:60]:<60} | {pair['topic']}", file=sys.stderr)
            if not args.json:
                row = rows[-1]
                print(
                    f"{row['meeting']:<14} k={row['n_themes']:<2} gold={row['n_topics']:<2} "
                    f"ours {row['ami_ours']:.3f}  contiguous {row['ami_contiguous']:.3f}  kmeans {row['ami_kmeans']:.3f}  "
                    f"| substantive {row['ami_substantive_ours']:.3f} / {row['ami_substantive_contiguous']:.3f} / "
                    f"{row['ami_substantive_kmeans']:.3f}  stability {row['stability']}  {row['seconds']:.2f}s",
                    file=sys.stderr,
                )
    mean = summarise_sources(rows, args.sources)
    if args.json:
        print(json.dumps({"settings_hash": settings.hash, "themes": settings.themes.model_dump(mode="json"), "rows": rows, "mean": mean}, indent=2))
    else:
        print(json.dumps(mean, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Ceiling (issue 17) of the label-overlap measure: with the annotators' own spans (perfect segments), how often does the
topic name share a content word (bench/themes.py content_stems) with the k most frequent content words of the
span's turns, and with any word of the span at all?

    python bench/theme_label_ceiling.py
"""
import json
import math
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]
from themes import content_stems, gold_topics
from pipeline.evaluate import NONE
root = ROOT.parent / "shared" / "data" / "qmsum"
for source in ("committee", "ami", "icsi"):
    hits = {1: 0, 3: 0, 5: 0, "any": 0}; n = 0
    for path in sorted((root / source).glob("*.json")):
        meeting = json.loads(path.read_text())
        gold = gold_topics(meeting)
        names = [t["topic"] for t in meeting["topic_list"]]
        for i, name in enumerate(names):
            turns = [t for t, g in zip(meeting["turns"], gold) if g == f"topic{i}"]
            if not turns:
                continue
            n += 1
            docfreq = Counter()
            for turn in turns:
                docfreq.update(content_stems(turn.get("content") or turn.get("text") or ""))
            stems = content_stems(name)
            ranked = [w for w, _ in sorted(docfreq.items(), key=lambda item: (-item[1], item[0]))]
            for k in (1, 3, 5):
                hits[k] += bool(stems & set(ranked[:k]))
            hits["any"] += bool(stems & set(ranked))
    print(source, n, {k: round(v / n, 3) for k, v in hits.items()})
FILL = set("yeah okay yes right mean know think like gonna just really actually basically sort kind thing uh um hmm oh mm-hmm mhm alright well good lot bit going want said say got don't that's it's i'm we're you're there's they're can't".split())
for IDF in (True, False):
  print("fillers out, ranked by " + ("span df x idf over the meeting's spans" if IDF else "frequency in the span"))
  for source in ("committee", "ami", "icsi"):
      hits = {1: 0, 3: 0, 5: 0}; n = 0
      for path in sorted((root / source).glob("*.json")):
          meeting = json.loads(path.read_text()); gold = gold_topics(meeting)
          names = [t["topic"] for t in meeting["topic_list"]]
          spans = {}
          for t, g in zip(meeting["turns"], gold):
              if g != NONE:
                  spans.setdefault(g, Counter()).update(s for s in content_stems(t.get("text") or "") if s not in FILL)
          span_df = Counter(s for c in spans.values() for s in c)
          for i, name in enumerate(names):
              c = spans.get(f"topic{i}")
              if not c:
                  continue
              n += 1
              score = {s: v * (math.log((1 + len(spans)) / span_df[s]) if IDF else 1) for s, v in c.items()}
              ranked = sorted(score, key=lambda s: (-score[s], s))
              stems = content_stems(name)
              for k in (1, 3, 5):
                  hits[k] += bool(stems & set(ranked[:k]))
      print(source, n, {k: round(v / n, 3) for k, v in hits.items()})

"""The batch digest: what ran across several roundtables, and the quotes that stood out.

Built from the reports of one run (their `transcript`, `summary`, `themes` and `quotes`), so it needs no
second pass over the transcripts. Themes of different meetings are the same theme when they share a
theme-model id (`model_theme_id`), else when their labels match or their keywords overlap enough.
"""

from __future__ import annotations

import re
from typing import Any, Optional, Sequence

from ..settings import SummarySettings

# Two themes of different meetings are one when they share this share of keywords (Jaccard) or a label.
KEYWORD_OVERLAP = 0.25
# A theme found in one meeting only is listed in the digest when it took this share of that meeting.
MAIN_THEME_SHARE = 0.25
_WORD = re.compile(r"[a-z0-9]+")
_LABEL_STOP = frozenset("the a an of and or in on to for with".split())


def _label_key(label: str) -> tuple[str, ...]:
    words = [w[:-1] if w.endswith("s") and len(w) > 3 else w for w in _WORD.findall(label.lower())]
    return tuple(sorted(w for w in words if w not in _LABEL_STOP))


def _keywords(theme: dict) -> set[str]:
    words = set()
    for keyword in theme.get("keywords") or ():
        text = keyword if isinstance(keyword, str) else str(keyword.get("term") or keyword.get("text") or "")
        words.add(text.lower())
    return words


def _same_theme(a: dict, b: dict) -> bool:
    if a.get("model_theme_id") is not None and b.get("model_theme_id") is not None:
        return a["model_theme_id"] == b["model_theme_id"]  # one saved model: its ids decide
    if a["key"] and a["key"] == b["key"]:
        return True
    ka, kb = a["keywords"], b["keywords"]
    return bool(ka and kb) and len(ka & kb) / len(ka | kb) >= KEYWORD_OVERLAP


def group_themes(reports: Sequence[dict]) -> list[dict]:
    """Themes across meetings: groups of similar themes, those in most meetings first."""
    items = []
    for report in reports:
        transcript_id = report["transcript"]["id"]
        for theme in report.get("themes") or ():
            label = str(theme.get("label") or "").strip()
            if not label:
                continue
            items.append(
                {
                    "transcript_id": transcript_id,
                    "share": float(theme.get("share") or 0.0),
                    "label": label,
                    "key": _label_key(label),
                    "keywords": _keywords(theme),
                    "model_theme_id": theme.get("model_theme_id"),
                }
            )
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i]["transcript_id"] != items[j]["transcript_id"] and _same_theme(items[i], items[j]):
                parent[find(j)] = find(i)
    groups: dict[int, list[dict]] = {}
    for i, item in enumerate(items):
        groups.setdefault(find(i), []).append(item)
    out = []
    for members in groups.values():
        transcript_ids = sorted({m["transcript_id"] for m in members})
        labels = [m["label"] for m in members]
        label = max(dict.fromkeys(labels), key=lambda l: (labels.count(l), -labels.index(l)))
        keyword_counts: dict[str, int] = {}
        for member in members:
            for keyword in sorted(member["keywords"]):
                keyword_counts[keyword] = keyword_counts.get(keyword, 0) + 1
        keywords = [k for k, _ in sorted(keyword_counts.items(), key=lambda kv: (-kv[1], kv[0]))][:5]
        out.append(
            {
                "label": label,
                "n_transcripts": len(transcript_ids),
                "transcript_ids": transcript_ids,
                "keywords": keywords,
                "share": round(max(m["share"] for m in members), 4),
            }
        )
    out.sort(key=lambda g: (-g["n_transcripts"], -g["share"], g["label"].lower()))
    return out


def standout_quotes(reports: Sequence[dict], n_quotes: int) -> list[dict]:
    """The best-scoring quotes of the batch, at most one per speaker per meeting."""
    quotes = []
    for report in reports:
        transcript_id = report["transcript"]["id"]
        speakers = {s["label"]: s for s in report["transcript"].get("speakers", [])}
        summary_attributions = {
            p["label"]: p["attribution"] for p in ((report.get("summary") or {}).get("participants") or [])
        }
        for quote in report.get("quotes") or ():
            label = quote.get("speaker")
            attribution = summary_attributions.get(label) or quote.get("attribution") or (
                speakers.get(label, {}).get("attribution", label)
            )
            quotes.append(
                {
                    "transcript_id": transcript_id,
                    "text": quote.get("text", ""),
                    "speaker": label,
                    "attribution": attribution,
                    "turn_index": quote.get("turn_index"),
                    "score": float(quote.get("score") or 0.0),
                }
            )
    quotes.sort(key=lambda q: (-q["score"], q["transcript_id"], q["turn_index"] or 0))
    chosen, seen = [], set()
    for quote in quotes:
        key = (quote["transcript_id"], quote["speaker"])
        if key in seen:
            continue
        seen.add(key)
        chosen.append(quote)
        if len(chosen) >= n_quotes:
            break
    return chosen


def build_digest(reports: Sequence[dict], settings: Optional[SummarySettings] = None) -> dict[str, Any]:
    """The digest of a batch, from its reports (dicts as in report.json)."""
    settings = settings or SummarySettings()
    transcripts = []
    for report in sorted(reports, key=lambda r: r["transcript"]["id"]):
        summary = report.get("summary") or {}
        transcripts.append(
            {
                "transcript_id": report["transcript"]["id"],
                "title": report["transcript"].get("title") or report["transcript"]["id"],
                "date": report["transcript"].get("date"),
                "headline": (summary.get("headline") or {}).get("text") or report["transcript"].get("title", ""),
            }
        )
    ordered = sorted(reports, key=lambda r: r["transcript"]["id"])
    groups = group_themes(ordered)
    # A theme of one meeting only is worth a line when it was that meeting's main subject.
    main = [g for g in groups if g["n_transcripts"] == 1 and g["share"] >= MAIN_THEME_SHARE]
    return {
        "n_transcripts": len(transcripts),
        "transcripts": transcripts,
        "themes": [g for g in groups if g["n_transcripts"] > 1],
        "main_themes": main,
        "quotes": standout_quotes(ordered, settings.n_digest_quotes),
    }


def digest_entry(report: dict[str, Any]) -> dict[str, Any]:
    """The part of a report the digest reads, so a batch keeps only this much of each in memory."""
    transcript = report["transcript"]
    summary = report.get("summary") or {}
    return {
        "transcript": {
            "id": transcript["id"],
            "title": transcript.get("title"),
            "date": transcript.get("date"),
            "speakers": [
                {"label": s["label"], "attribution": s.get("attribution", s["label"])}
                for s in transcript.get("speakers", [])
            ],
        },
        "summary": {"headline": summary.get("headline"), "participants": summary.get("participants") or []},
        "themes": report.get("themes") or [],
        "quotes": report.get("quotes") or [],
    }

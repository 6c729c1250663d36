"""Measure a run against references: ROUGE of the brief, theme agreement (AMI), quote hit rate.

References (one JSON object per transcript; see README "Evaluating a run") may hold any of:

- `summary`: a reference summary (string); QMSum's `general_summary` is accepted too;
- `topics`: `[{"topic": "...", "spans": [[start, end], ...]}]`, inclusive turn-index spans; QMSum's
  `topic_list` is the same shape and is accepted too;
- `quote_spans`: `[[start, end], ...]`, inclusive turn-index spans where quotable talk lies; QMSum's
  `specific_queries[*].spans` are accepted too.

So the meetings in `../shared/data` serve directly as their own references. The metric functions are
pure; `load_references` and `evaluate_run` are the only ones that read files. The bench scripts call
the same functions.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from .errors import ReferencesError
from .wording import plural

NONE = "none"
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
TOP_QUOTES = 10
_REFERENCE_KEYS = ("summary", "general_summary", "topics", "topic_list", "quote_spans", "specific_queries")


Span = tuple[int, int]


@dataclass(frozen=True)
class Reference:
    """What a transcript should give: a summary, topic spans and spans of quotable talk (all optional)."""

    transcript_id: str
    summary: Optional[str] = None
    topics: tuple[tuple[str, tuple[Span, ...]], ...] = ()
    quote_spans: tuple[Span, ...] = ()
    source: str = ""


def _spans(raw: Any, where: str) -> tuple[Span, ...]:
    spans = []
    for item in raw or []:
        try:
            start, end = (int(value) for value in item)
        except (TypeError, ValueError):
            raise ReferencesError(f"{where}: a span must be [start, end] turn indices, got {item!r}") from None
        spans.append((start, end))
    return tuple(spans)


def reference_from_dict(data: dict, transcript_id: str, *, source: str = "") -> Reference:
    """A `Reference` from our format or QMSum's field names (ours win when both are present)."""
    where = source or transcript_id
    if not isinstance(data, dict):
        raise ReferencesError(f"{where}: a reference must be a JSON object, got {type(data).__name__}")
    summary = data.get("summary", data.get("general_summary"))
    if summary is not None and not isinstance(summary, str):
        raise ReferencesError(f"{where}: 'summary' must be a string, got {type(summary).__name__}")
    raw_topics = data["topics"] if "topics" in data else data.get("topic_list") or []
    topics = tuple(
        (str(topic.get("topic", f"topic{number}")), _spans(topic.get("spans"), f"{where} topics[{number}]"))
        for number, topic in enumerate(raw_topics)
    )
    if "quote_spans" in data:
        quote_spans = _spans(data["quote_spans"], f"{where} quote_spans")
    else:
        quote_spans = tuple(
            span
            for number, query in enumerate(data.get("specific_queries") or [])
            for span in _spans(query.get("spans"), f"{where} specific_queries[{number}]")
        )
    return Reference(
        transcript_id=transcript_id,
        summary=summary.strip() or None if isinstance(summary, str) else None,
        topics=topics,
        quote_spans=quote_spans,
        source=source,
    )


def _is_single_reference(data: Any) -> bool:
    return isinstance(data, dict) and any(key in data for key in _REFERENCE_KEYS)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise ReferencesError(f"{path}: cannot read references as JSON ({exc})") from None


def load_references(path: str | Path) -> dict[str, Reference]:
    """References by transcript id from a folder of `<id>.json` files, one `<id>.json` file, or one JSON
    file mapping id -> reference. Ids are compared in lower case, as transcript ids are."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise ReferencesError(f"{path}: no *.json reference files in this folder")
    elif path.is_file():
        files = [path]
    else:
        raise ReferencesError(f"{path}: no such file or folder of references")
    references: dict[str, Reference] = {}
    for file in files:
        data = _read_json(file)
        if _is_single_reference(data):
            transcript_id = file.stem.lower()
            references[transcript_id] = reference_from_dict(data, transcript_id, source=str(file))
        elif isinstance(data, dict) and len(files) == 1:
            for key, value in data.items():
                references[str(key).lower()] = reference_from_dict(value, str(key).lower(), source=f"{file}[{key}]")
        # Other JSON files in a folder (no reference fields) are not references: left out.
    return references


# ------------------------------------------------------------------------------------------ metrics


def gold_topic_labels(topics: Sequence[tuple[str, Sequence[Span]]], n_turns: int) -> list[str]:
    """The reference topic of each turn: the first topic whose span holds it, else "none"."""
    labels = [NONE] * n_turns
    for number, (_, spans) in enumerate(topics):
        for start, end in spans:
            for turn in range(max(0, start), min(n_turns - 1, end) + 1):
                if labels[turn] == NONE:
                    labels[turn] = f"topic{number}"
    return labels


def theme_agreement(gold: Sequence[str], predicted: Sequence[str], rows: Optional[Sequence[int]] = None) -> float:
    """Adjusted mutual information between two labellings of the turns (optionally only `rows`)."""
    from sklearn.metrics import adjusted_mutual_info_score

    if rows is not None:
        gold = [gold[i] for i in rows]
        predicted = [predicted[i] for i in rows]
    return float(adjusted_mutual_info_score(list(gold), list(predicted)))


def supported_turns(spans: Iterable[Span]) -> set[int]:
    """Every turn index inside the inclusive spans."""
    return {turn for start, end in spans for turn in range(int(start), int(end) + 1)}


def quote_hit_rate(turn_indices: Sequence[int], supported: set[int]) -> Optional[float]:
    """Share of the quotes (by their turn) said inside the reference spans; None without quotes or spans."""
    if not turn_indices or not supported:
        return None
    return sum(1 for turn in turn_indices if turn in supported) / len(turn_indices)


_SCORER = None


def rouge_scores(reference: str, candidate: str) -> dict[str, float]:
    """ROUGE-1/2/L F-measure in [0, 1] (rouge-score, Porter stemming)."""
    global _SCORER  # one scorer per process: building it loads the stemmer
    from rouge_score import rouge_scorer

    if _SCORER is None:
        _SCORER = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    result = _SCORER.score(reference, candidate)
    return {name: float(result[name].fmeasure) for name in ROUGE_TYPES}


def turn_main_themes(report: dict) -> list[str]:
    """Each turn's main theme id from a report (`themes[*].turn_indices`), else "none"."""
    labels = [NONE] * int(report["transcript"]["n_turns"])
    for theme in report.get("themes") or []:
        for turn in theme.get("turn_indices") or []:
            if 0 <= turn < len(labels):
                labels[turn] = str(theme["id"])
    return labels


@dataclass
class Evaluation:
    """Per-transcript metric rows and their means (a metric is None where the reference lacks its part)."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def mean(self) -> dict[str, Optional[float]]:
        means: dict[str, Optional[float]] = {}
        for key in METRICS:
            values = [row[key] for row in self.rows if row.get(key) is not None]
            means[key] = round(sum(values) / len(values), 4) if values else None
        means["n_transcripts"] = len(self.rows)
        return means

    def to_dict(self) -> dict[str, Any]:
        return {"transcripts": self.rows, "mean": self.mean, "missing_references": self.missing}


METRICS = ("rouge1", "rouge2", "rougeL", "theme_ami", "quote_hit_rate")


def evaluate_report(report: dict, reference: Reference, *, top_quotes: int = TOP_QUOTES) -> dict[str, Any]:
    """The metrics of one report against its reference."""
    row: dict[str, Any] = {"transcript_id": report["transcript"]["id"]}
    brief = ((report.get("summary") or {}).get("brief") or {}).get("text")
    scores = rouge_scores(reference.summary, brief or "") if reference.summary else {}
    for name in ROUGE_TYPES:
        row[name] = round(scores[name], 4) if name in scores else None
    n_turns = int(report["transcript"]["n_turns"])
    if reference.topics:
        row["theme_ami"] = round(theme_agreement(gold_topic_labels(reference.topics, n_turns), turn_main_themes(report)), 4)
    else:
        row["theme_ami"] = None
    quotes = sorted(report.get("quotes") or [], key=lambda quote: quote["rank"])[:top_quotes]
    rate = quote_hit_rate([quote["turn_index"] for quote in quotes], supported_turns(reference.quote_spans))
    row["quote_hit_rate"] = round(rate, 4) if rate is not None else None
    return row


def evaluate_run(run_dir: str | Path, references: dict[str, Reference] | str | Path) -> Evaluation:
    """Evaluate every report under `run_dir` (`<id>/report.json`) that has a reference."""
    run_dir = Path(run_dir)
    if not isinstance(references, dict):
        references = load_references(references)
    reports = sorted(run_dir.glob("*/report.json"))
    if not reports:
        raise ReferencesError(f"{run_dir}: no <transcript id>/report.json here; pass the --out folder of a run")
    evaluation = Evaluation()
    for path in reports:
        report = json.loads(path.read_text(encoding="utf-8"))
        transcript_id = report["transcript"]["id"]
        reference = references.get(transcript_id.lower())
        if reference is None:
            evaluation.missing.append(transcript_id)
            continue
        evaluation.rows.append(evaluate_report(report, reference))
    if not evaluation.rows:
        ids = sorted(references)
        shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "") if ids else "none"
        raise ReferencesError(
            f"{run_dir}: none of its {plural(len(reports), 'report')} ({', '.join(evaluation.missing[:5])}"
            f"{' ...' if len(evaluation.missing) > 5 else ''}) has a reference; the references are for: {shown}. "
            "Reference ids must be transcript ids (the report folder names)"
        )
    return evaluation


def format_evaluation(evaluation: Evaluation) -> str:
    """A plain-text table: one line per transcript, then the mean."""
    header = f"{'transcript':<28}" + "".join(f"{name:>15}" for name in METRICS)

    def cell(value: Optional[float]) -> str:
        return f"{value:>15.4f}" if isinstance(value, float) and not math.isnan(value) else f"{'-':>15}"

    lines = [header]
    for row in evaluation.rows:
        lines.append(f"{row['transcript_id'][:28]:<28}" + "".join(cell(row[name]) for name in METRICS))
    mean = evaluation.mean
    lines.append(f"{'mean (' + str(mean['n_transcripts']) + ')':<28}" + "".join(cell(mean[name]) for name in METRICS))
    if evaluation.missing:
        lines.append(f"no reference for: {', '.join(evaluation.missing)}")
    return "\n".join(lines)

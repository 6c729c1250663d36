"""Benchmark `summary.brief` against the annotators' general summaries of the shared QMSum meetings.

ROUGE-1/2/L F1 (rouge-score, Porter stemming) for our brief and, in the same run and at the same word
budget, first-N sentences, TextRank, LexRank and the greedy extractive oracle (the ceiling). Every system
picks from the same spaCy sentences and prints their clean reading (markup and fillers out), so the table
compares selection only. Our brief is scored three ways:

- `ours`: the brief as printed, in reported speech ('Jane Smith, chief executive of X, said: "..."'),
  attributions counted in its words: the piece an editor gets, at the same length as the baselines;
- `ours spoken`: the same brief's spoken sentences only (its attributions cut);
- `ours unattributed`: the selection when attributions cost nothing (the brief before it was printed
  as reported speech), sentences only.

    python bench/summaries.py                       # all QMSum meetings in the shared data
    python bench/summaries.py --sources ami --limit 10 --json

Parses go through the pipeline's own parse cache (`cache.dir`, keyed by text, model and versions), so a
second run skips spaCy. Outputs hold only scores and ids, never meeting text.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

import numpy as np
from rouge_score import tokenizers
from sklearn.feature_extraction.text import TfidfVectorizer

from common import QMSUM, parse_cached  # noqa: E402 (puts the repo on sys.path)
from pipeline.evaluate import ROUGE_TYPES, rouge_scores  # noqa: E402
from pipeline.nlp import ParsedTranscript  # noqa: E402
from pipeline.settings import Settings, SummarySettings  # noqa: E402
from pipeline.summary.brief import fill_budget, select_sentences, summarise_brief  # noqa: E402
from pipeline.summary.selector import DEFAULT_MODEL as DEFAULT_SELECTOR  # noqa: E402
from pipeline.summary.sentences import Sentence, split_sentences  # noqa: E402

DEFAULT_DATA = QMSUM
DEFAULT_SOURCES = ("committee", "ami", "icsi")


@dataclass(frozen=True)
class Meeting:
    source: str
    id: str
    parsed: ParsedTranscript
    reference: str


# --------------------------------------------------------------------------------------------- data


def load_meetings(
    data: Path,
    sources: Sequence[str],
    limit: Optional[int],
    settings: Settings,
    cache_dir: Optional[Path],
    log: Callable[[str], None] = lambda message: None,
    reference_field: str = "general_summary",
) -> list[Meeting]:
    """Meetings (one JSON file each) under `data/<source>/` (`.` for `data` itself) that have a reference."""
    meetings = []
    for source in sources:
        folder = data if source == "." else data / source
        files = sorted(folder.glob("*.json"))
        if not files:
            raise SystemExit(f"no meeting files (*.json) in {folder}; pass --data and --sources naming folders of them")
        skipped = 0
        for path in files[:limit]:
            reference = json.loads(path.read_text(encoding="utf-8")).get(reference_field) or ""
            if not isinstance(reference, str) or not reference.strip():
                skipped += 1
                continue
            clock = time.perf_counter()
            parsed = parse_cached(path, settings, cache_dir)
            log(f"  {source}/{path.stem}: {len(parsed.docs)} turns ({time.perf_counter() - clock:.1f}s)")
            meetings.append(Meeting(source=source, id=path.stem, parsed=parsed, reference=reference))
        if skipped:
            log(f"  {source}: {skipped} file(s) without a {reference_field!r} string skipped")
    return meetings


# ----------------------------------------------------------------------------------------- baselines


def _pool(sentences: list[Sentence]) -> list[Sentence]:
    """What the baselines choose from: every sentence with at least three words, as published
    baselines do (one- and two-word lines are never summary material for any method)."""
    return [s for s in sentences if s.n_words >= 3]


def first_n(sentences: list[Sentence], budget: int) -> list[Sentence]:
    return fill_budget(_pool(sentences), budget)


def _pagerank(matrix: np.ndarray, damping: float = 0.85, tol: float = 1e-8, max_iter: int = 200) -> np.ndarray:
    n = matrix.shape[0]
    row_sums = matrix.sum(axis=1, keepdims=True)
    transition = np.where(row_sums > 0, matrix / np.where(row_sums == 0, 1, row_sums), 1.0 / n)
    scores = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        updated = (1 - damping) / n + damping * transition.T @ scores
        if np.abs(updated - scores).sum() < tol:
            return updated
        scores = updated
    return scores


def textrank(sentences: list[Sentence], budget: int) -> list[Sentence]:
    """Mihalcea & Tarau (2004): word-overlap similarity normalised by log lengths, then PageRank."""
    pool = _pool(sentences)
    if not pool:
        return []
    words = [set(w.lower() for w in s.text.split()) for s in pool]
    n = len(pool)
    sim = np.zeros((n, n))
    logs = np.log([max(len(w), 2) for w in words])
    for i in range(n):
        for j in range(i + 1, n):
            overlap = len(words[i] & words[j])
            if overlap:
                sim[i, j] = sim[j, i] = overlap / (logs[i] + logs[j])
    order = np.argsort(-_pagerank(sim), kind="stable")
    return fill_budget([pool[i] for i in order], budget, keep_order=False)


def lexrank(sentences: list[Sentence], budget: int, threshold: float = 0.1) -> list[Sentence]:
    """Erkan & Radev (2004): TF-IDF cosine graph thresholded at 0.1, degree-normalised, power iteration."""
    pool = _pool(sentences)
    if not pool:
        return []
    try:
        tfidf = TfidfVectorizer(lowercase=True).fit_transform([s.text for s in pool])
    except ValueError:
        return fill_budget(pool, budget)
    sim = (tfidf @ tfidf.T).toarray()
    adjacency = (sim >= threshold).astype(float)
    order = np.argsort(-_pagerank(adjacency), kind="stable")
    return fill_budget([pool[i] for i in order], budget, keep_order=False)


# -------------------------------------------------------------------------------------------- oracle


def _ngrams(tokens: list[str], n: int) -> dict:
    counts: dict = {}
    for i in range(len(tokens) - n + 1):
        gram = tuple(tokens[i : i + n])
        counts[gram] = counts.get(gram, 0) + 1
    return counts


def _f1(candidate: dict, reference: dict, ref_total: int) -> float:
    cand_total = sum(candidate.values())
    if not cand_total or not ref_total:
        return 0.0
    overlap = sum(min(count, reference.get(gram, 0)) for gram, count in candidate.items())
    if not overlap:
        return 0.0
    p, r = overlap / cand_total, overlap / ref_total
    return 2 * p * r / (p + r)


def greedy_oracle(sentences: list[Sentence], budget: int, reference: str) -> list[Sentence]:
    """Greedily add the sentence that most raises ROUGE-1 + ROUGE-2 F1 against the reference, within the
    budget, until no sentence raises it (Nallapati et al. 2017, as in QMSum)."""
    tokenizer = tokenizers.DefaultTokenizer(use_stemmer=True)
    ref_tokens = tokenizer.tokenize(reference)
    refs = {n: _ngrams(ref_tokens, n) for n in (1, 2)}
    totals = {n: sum(refs[n].values()) for n in (1, 2)}
    pool = [s for s in _pool(sentences) if s.n_words <= budget]
    tokens = [tokenizer.tokenize(s.text) for s in pool]
    # Only sentences sharing a unigram with the reference can raise the score.
    useful = [i for i, t in enumerate(tokens) if any((w,) in refs[1] for w in t)]
    chosen: list[int] = []
    chosen_tokens: list[str] = []
    best, used = 0.0, 0
    while True:
        best_gain, best_i = 0.0, None
        for i in useful:
            if i in chosen or used + pool[i].n_words > budget:
                continue
            candidate = chosen_tokens + ["\n"] + tokens[i] if chosen_tokens else tokens[i]
            score = sum(_f1(_ngrams(candidate, n), refs[n], totals[n]) for n in (1, 2))
            if score - best > best_gain:
                best_gain, best_i = score - best, i
        if best_i is None:
            break
        chosen.append(best_i)
        chosen_tokens = chosen_tokens + ["\n"] + tokens[best_i] if chosen_tokens else tokens[best_i]
        best += best_gain
        used += pool[best_i].n_words
    return sorted((pool[i] for i in chosen), key=lambda s: s.position)


# ------------------------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Printed:
    """A printed text scored as one "sentence" (the brief in reported speech)."""

    text: str
    n_words: int


Weigh = Optional[Callable]


def held_out_priors(meetings: Sequence[Meeting], settings: SummarySettings, folds: int = 4) -> dict[str, Weigh]:
    """Meeting id -> the brief's learned prior fitted on the other folds' meetings of this run only, with
    the saved model's label and regularisation (`bench/brief_selector.py`): a meeting is never scored by
    a model that saw its reference."""
    from brief_selector import fit_selector, fold_of, meeting_examples  # noqa: E402 (it imports this module)

    from pipeline.summary.brief import BriefOptions
    from pipeline.summary.selector import load_selector, selector_prior

    options = BriefOptions()
    meta = json.loads(Path(options.selector_model or DEFAULT_SELECTOR).read_text(encoding="utf-8"))["meta"]
    load_selector()  # the saved model is readable and of this version
    min_words = settings.resolved().min_sentence_words
    examples = [meeting_examples(m, min_words, meta["top"], meta.get("stop_words", False)) for m in meetings]
    priors: dict[str, Weigh] = {}
    for fold in range(folds):
        train = [e for m, e in zip(meetings, examples) if fold_of(m.id, folds) != fold]
        if not train:
            continue
        prior = selector_prior(fit_selector(train, meta["C"]), options.learned_strength)
        priors.update({m.id: prior for m in meetings if fold_of(m.id, folds) == fold})
    return priors


def ours_printed(
    meeting: Meeting, budget: int, settings: SummarySettings, themes: Optional[Sequence] = None, weigh: Weigh = None
) -> list:
    """The brief as printed: attributed lines, attributions counted in the budget."""
    brief = summarise_brief(meeting.parsed, settings.model_copy(update={"brief_words": budget}), themes=themes, weigh=weigh)
    return [Printed(text=line.text, n_words=len(line.text.split())) for line in brief.lines]


def ours(
    meeting: Meeting, budget: int, settings: SummarySettings, themes: Optional[Sequence] = None, weigh: Weigh = None
) -> list[Sentence]:
    """The printed brief's spoken sentences only."""
    brief = summarise_brief(meeting.parsed, settings.model_copy(update={"brief_words": budget}), themes=themes, weigh=weigh)
    by_place = {(s.turn_index, s.start): s for s in split_sentences(meeting.parsed)}
    return [by_place[(s.turn_index, s.start)] for s in brief.sentences]


def ours_unattributed(meeting: Meeting, budget: int, settings: SummarySettings, weigh: Weigh = None) -> list[Sentence]:
    """The selection with attributions costing nothing: the whole budget for spoken words."""
    settings = settings.resolved()
    return select_sentences(split_sentences(meeting.parsed), budget, min_words=settings.min_sentence_words, weigh=weigh)


def score(chosen: list[Sentence], reference: str) -> dict[str, float]:
    """ROUGE F-measure x 100 (`pipeline.evaluate.rouge_scores`, the same as `roundtable evaluate`)."""
    scores = rouge_scores(reference, "\n".join(s.text for s in chosen))
    return {name: 100 * value for name, value in scores.items()}


def meeting_themes(meeting: Meeting, settings: Settings) -> Sequence:
    """The themes the pipeline finds in a meeting (quotes and themes steps as `roundtable run` does)."""
    from pipeline.quotes import extract_quotes
    from pipeline.themes import find_themes

    quotes = extract_quotes(meeting.parsed, settings.quotes)
    return find_themes(meeting.parsed, settings.themes, quotes=quotes, seed=settings.seed).themes


def run_bench(
    meetings: list[Meeting],
    budget: int,
    summary_settings: SummarySettings,
    log: Callable[[str], None] = lambda message: None,
    *,
    settings: Optional[Settings] = None,
    with_themes: bool = False,
    held_out: bool = True,
) -> dict:
    """With `held_out` (the default) each meeting's brief uses the learned prior fitted without its fold
    (`held_out_priors`); without it, the saved model, which was fitted on these very meetings."""
    priors = held_out_priors(meetings, summary_settings) if held_out else {}

    def prior(meeting: Meeting) -> Weigh:
        return priors.get(meeting.id)

    systems: dict[str, Callable[[Meeting, list[Sentence]], list[Sentence]]] = {
        "first-N": lambda m, sents: first_n(sents, budget),
        "TextRank": lambda m, sents: textrank(sents, budget),
        "LexRank": lambda m, sents: lexrank(sents, budget),
        "ours": lambda m, sents: ours_printed(m, budget, summary_settings, weigh=prior(m)),
        "ours spoken": lambda m, sents: ours(m, budget, summary_settings, weigh=prior(m)),
        "ours unattributed": lambda m, sents: ours_unattributed(m, budget, summary_settings, weigh=prior(m)),
        **(
            {
                "ours+themes": lambda m, sents: ours_printed(
                    m, budget, summary_settings, meeting_themes(m, settings or Settings()), weigh=prior(m)
                )
            }
            if with_themes
            else {}
        ),
        "oracle": lambda m, sents: greedy_oracle(sents, budget, m.reference),
    }
    rows = []
    for meeting in meetings:
        sentences = split_sentences(meeting.parsed)
        row = {"source": meeting.source, "id": meeting.id, "scores": {}, "words": {}}
        for name, system in systems.items():
            chosen = system(meeting, sentences)
            words = sum(s.n_words for s in chosen)
            assert words <= budget, f"{name} went over budget on {meeting.id}: {words} > {budget}"
            row["scores"][name] = score(chosen, meeting.reference)
            row["words"][name] = words
        log(
            f"  {meeting.source}/{meeting.id}: "
            + "  ".join(f"{name} {row['scores'][name]['rouge1']:.1f}" for name in systems)
        )
        rows.append(row)
    baselines = [name for name in systems if not name.startswith("ours") and name != "oracle"]
    return {
        "budget": budget,
        "systems": list(systems),
        "meetings": rows,
        "table": _aggregate(rows, list(systems)),
        "comparisons": [compare(rows, "ours", baseline) for baseline in baselines] if rows else [],
    }


def _aggregate(rows: list[dict], systems: list[str]) -> dict:
    groups = {source: [r for r in rows if r["source"] == source] for source in dict.fromkeys(r["source"] for r in rows)}
    groups["all"] = rows
    table = {}
    for group, members in groups.items():
        table[group] = {"n": len(members)}
        for system in systems:
            table[group][system] = {
                **{name: round(float(np.mean([r["scores"][system][name] for r in members])), 2) for name in ROUGE_TYPES},
                "words": round(float(np.mean([r["words"][system] for r in members])), 1),
            }
    return table


def compare(rows: list[dict], system: str, baseline: str, *, seed: int = 0, n_resamples: int = 2000) -> dict:
    """Paired comparison over meetings: mean R-1 difference with a 95% bootstrap interval, and win rate."""
    diffs = np.array([r["scores"][system]["rouge1"] - r["scores"][baseline]["rouge1"] for r in rows])
    rng = np.random.default_rng(seed)
    means = rng.choice(diffs, size=(n_resamples, len(diffs)), replace=True).mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return {
        "baseline": baseline,
        "mean_r1_gain": round(float(diffs.mean()), 2),
        "ci95": [round(float(low), 2), round(float(high), 2)],
        "win_rate": round(float((diffs > 0).mean()), 3),
    }


def format_table(result: dict) -> str:
    groups = list(result["table"])
    lines = [f"ROUGE F1 x100 (R-1 / R-2 / R-L), summaries of at most {result['budget']} words; [mean words]", ""]
    lines.append("| system | " + " | ".join(f"{g} (n={result['table'][g]['n']})" for g in groups) + " |")
    lines.append("|---" * (len(groups) + 1) + "|")
    for system in result["systems"]:
        cells = []
        for group in groups:
            s = result["table"][group][system]
            cells.append(f"{s['rouge1']:.1f} / {s['rouge2']:.1f} / {s['rougeL']:.1f} [{s['words']:.0f}]")
        lines.append(f"| {system} | " + " | ".join(cells) + " |")
    lines.append("")
    for group in groups:
        row = result["table"][group]
        baselines = [name for name in result["systems"] if not name.startswith("ours") and name != "oracle"]
        best = max(baselines, key=lambda name: row[name]["rouge1"])
        lines.append(
            f"{group}: ours R-1 = {row['ours']['rouge1'] / max(row[best]['rouge1'], 1e-9):.2f}x the best baseline "
            f"({best}, goal 1.25x); ours R-2 {row['ours']['rouge2']:.1f} vs first-N {row['first-N']['rouge2']:.1f}"
        )
    if result.get("comparisons"):
        lines.append("")
        for c in result["comparisons"]:
            lines.append(
                f"ours vs {c['baseline']}: R-1 {c['mean_r1_gain']:+.2f} "
                f"(95% bootstrap CI {c['ci95'][0]:+.2f} to {c['ci95'][1]:+.2f}), ours better on {100 * c['win_rate']:.0f}% of meetings"
            )
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="Folder holding committee/, ami/, icsi/.")
    parser.add_argument("--sources", nargs="+", default=list(DEFAULT_SOURCES), help="Subfolders to score.")
    parser.add_argument("--limit", type=int, default=None, help="At most this many meetings per source.")
    parser.add_argument("--words", type=int, default=None, help="Word budget (default: summary.brief_words).")
    parser.add_argument(
        "--reference-field", default="general_summary", help="Field of each meeting file holding the reference."
    )
    parser.add_argument("--no-cache", action="store_true", help="Parse every meeting afresh (ignore cache.dir).")
    parser.add_argument("--set", dest="overrides", action="append", default=[], help="Setting override, e.g. summary.preset=full.")
    parser.add_argument(
        "--themes", action="store_true", help="Also score the brief given the pipeline's themes (ours+themes)."
    )
    parser.add_argument(
        "--in-sample",
        action="store_true",
        help="Score the brief with the saved learned prior, fitted on these meetings (default: held-out folds).",
    )
    parser.add_argument("--json", action="store_true", help="Print the full result (per meeting) as JSON on stdout.")
    parser.add_argument("--quiet", action="store_true", help="No progress on stderr.")
    args = parser.parse_args(argv)

    from pipeline.settings import load_settings

    settings = load_settings(overrides=args.overrides)
    budget = args.words or settings.summary.resolved().brief_words
    log = (lambda message: None) if args.quiet else (lambda message: print(message, file=sys.stderr, flush=True))
    log(f"loading meetings from {args.data} ({', '.join(args.sources)})")
    cache_dir = None if args.no_cache or not settings.cache.enabled else Path(settings.cache.dir).expanduser()
    meetings = load_meetings(args.data, args.sources, args.limit, settings, cache_dir, log, args.reference_field)
    if not meetings:
        raise SystemExit(f"no meeting with a {args.reference_field!r} reference found")
    log(f"scoring {len(meetings)} meetings at <= {budget} words")
    result = run_bench(
        meetings, budget, settings.summary, log, settings=settings, with_themes=args.themes, held_out=not args.in_sample
    )
    result["settings"] = settings.summary.resolved().model_dump(mode="json")
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(format_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Fit and cross-validate the brief's learned sentence prior (`pipeline.summary.selector`).

Labels come from the annotators' general summaries of the shared QMSum meetings: a candidate sentence is
positive when it is among the top `--top` share of its meeting's candidates by summary words per word
(stemmed non-stop unigrams matched, plus twice the bigrams matched, over its tokens). The model is an L2
logistic regression on the standardised features. Cross-validation is by meeting (crc32(id) % folds): each
meeting's brief is printed with the model fitted on the other folds only, and scored with ROUGE against
its reference; only these held-out figures are reported. `--save` fits on every meeting and writes
`models/brief_selector/model.json`.

    python bench/brief_selector.py                     # held-out ROUGE of the brief, per source
    python bench/brief_selector.py --save              # ... then fit on all and save the model
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import zlib
from pathlib import Path
from typing import Optional, Sequence

import numpy as np
import sklearn
from rouge_score import tokenizers
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.linear_model import LogisticRegression

from common import DEFAULT_CACHE, QMSUM  # noqa: E402 (puts the repo on sys.path)
from summaries import Meeting, Printed, load_meetings, score  # noqa: E402
from pipeline.settings import SummarySettings, load_settings  # noqa: E402
from pipeline.summary.brief import BriefOptions, ground_set, is_candidate, similarity_matrix, summarise_brief  # noqa: E402
from pipeline.summary.selector import DEFAULT_MODEL, FEATURE_NAMES, BriefSelector, selector_prior, sentence_features  # noqa: E402
from pipeline.summary.sentences import split_sentences  # noqa: E402

_TOKENIZER = tokenizers.DefaultTokenizer(use_stemmer=True)


def summary_density(text: str, reference_unigrams: set, reference_bigrams: set, stop_words: bool = False) -> float:
    """Summary words per word: stemmed unigrams in the reference (stop words only with `stop_words`), plus
    twice the bigrams."""
    tokens = _TOKENIZER.tokenize(text)
    if not tokens:
        return 0.0
    unigrams = sum(1 for t in tokens if t in reference_unigrams and (stop_words or t not in ENGLISH_STOP_WORDS))
    bigrams = sum(1 for pair in zip(tokens, tokens[1:]) if pair in reference_bigrams)
    return (unigrams + 2 * bigrams) / len(tokens)


def meeting_examples(
    meeting: Meeting, min_words: int, top: float, stop_words: bool = False, options: BriefOptions = BriefOptions()
):
    """(features, labels) of a meeting's candidate sentences."""
    ground = ground_set(split_sentences(meeting.parsed), options)
    if not ground:
        return np.zeros((0, len(FEATURE_NAMES))), np.zeros(0)
    features = sentence_features(ground, similarity_matrix(ground))
    rows = [i for i, s in enumerate(ground) if is_candidate(s, min_words, options)]
    reference = _TOKENIZER.tokenize(meeting.reference)
    unigrams, bigrams = set(reference), set(zip(reference, reference[1:]))
    density = np.array([summary_density(ground[i].text, unigrams, bigrams, stop_words) for i in rows])
    if not len(rows):
        return np.zeros((0, len(FEATURE_NAMES))), np.zeros(0)
    cut = np.quantile(density, 1 - top)
    return features[rows], (density >= cut) & (density > 0)


def fit_selector(examples: Sequence[tuple[np.ndarray, np.ndarray]], c: float) -> BriefSelector:
    """Each meeting's candidates weigh the same in all, however many it has."""
    x = np.vstack([f for f, _ in examples])
    y = np.concatenate([l for _, l in examples]).astype(int)
    weights = np.concatenate([np.full(len(l), 1000.0 / max(len(l), 1)) for _, l in examples])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000).fit((x - mean) / scale, y, sample_weight=weights)
    return BriefSelector(mean=mean, scale=scale, coef=model.coef_[0], intercept=float(model.intercept_[0]))


def fold_of(meeting_id: str, folds: int) -> int:
    return zlib.crc32(meeting_id.encode("utf-8")) % folds


def held_out(
    meetings, examples, settings: SummarySettings, folds: int, c: float, strength: float, budget: int, options: BriefOptions
):
    rows = []
    for fold in range(folds):
        train = [e for m, e in zip(meetings, examples) if fold_of(m.id, folds) != fold]
        selector = fit_selector(train, c)
        for meeting in meetings:
            if fold_of(meeting.id, folds) != fold:
                continue
            brief = summarise_brief(
                meeting.parsed,
                settings.model_copy(update={"brief_words": budget}),
                weigh=selector_prior(selector, strength),
                options=options,
            )
            printed = [Printed(text=line.text, n_words=len(line.text.split())) for line in brief.lines]
            rows.append((meeting, score(printed, meeting.reference)))
    return rows


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", nargs="+", default=["committee", "ami", "icsi"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--top", type=float, default=0.1, help="Share of a meeting's candidates labelled positive.")
    parser.add_argument("--c", type=float, default=0.1, help="Inverse L2 strength of the logistic regression.")
    parser.add_argument("--strength", type=float, nargs="*", default=[0.5], help="Exponent(s) of the prior to try (none: only --save).")
    parser.add_argument("--words", type=int, default=120)
    parser.add_argument("--stop-words", action="store_true", help="Count stop words matched in the label.")
    parser.add_argument("--save", action="store_true", help=f"Fit on every meeting and write {DEFAULT_MODEL}.")
    parser.add_argument("--options", default="{}", help="BriefOptions overrides as JSON, e.g. '{\"length_exponent\": 0.5}'.")
    args = parser.parse_args(argv)
    options = BriefOptions(**json.loads(args.options))
    settings = load_settings()
    meetings = load_meetings(QMSUM, args.sources, args.limit, settings, DEFAULT_CACHE)
    resolved = settings.summary.resolved()
    examples = [meeting_examples(m, resolved.min_sentence_words, args.top, args.stop_words) for m in meetings]
    for strength in args.strength:
        rows = held_out(meetings, examples, settings.summary, args.folds, args.c, strength, args.words, options)
        cells = []
        for source in list(dict.fromkeys(m.source for m in meetings)) + ["all"]:
            scores = [s for m, s in rows if source in ("all", m.source)]
            cells.append(
                f"{source} " + " / ".join(f"{np.mean([s[k] for s in scores]):.1f}" for k in ("rouge1", "rouge2", "rougeL"))
            )
        print(f"strength {strength}: held-out ours (printed) " + " | ".join(cells), flush=True)
    if args.save:
        selector = fit_selector(examples, args.c)
        meta = {
            "C": args.c,
            "top": args.top,
            "stop_words": args.stop_words,
            "label": "top share of a meeting's candidates by summary words per word (general_summary)",
            "train_meetings": sorted(f"{m.source}/{m.id}" for m in meetings),
            "n_candidates": int(sum(len(l) for _, l in examples)),
            "n_positive": int(sum(int(l.sum()) for _, l in examples)),
            "sha256_references": hashlib.sha256(
                "\n".join(f"{m.source}/{m.id}\t{m.reference}" for m in sorted(meetings, key=lambda m: (m.source, m.id))).encode()
            ).hexdigest(),
            "versions": {"numpy": np.__version__, "scikit-learn": sklearn.__version__, "spacy_model": settings.nlp.model},
        }
        DEFAULT_MODEL.parent.mkdir(parents=True, exist_ok=True)
        DEFAULT_MODEL.write_text(json.dumps(selector.to_json(meta), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"saved {DEFAULT_MODEL}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

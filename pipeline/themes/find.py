"""The public entries: themes of one roundtable (`find_themes`) and a model of many (`fit_theme_model`)."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from typing import Any, Optional, Sequence

import numpy as np
from sklearn import config_context

from ..nlp import ParsedTranscript
from ..records import ProcedureStretch, Theme, ThemeResult, ThemeSpeaker, ThemeStretch
from ..settings import ThemeSettings
from .agenda import agenda_items, covering_item, name_words
from .model import UNASSIGNED, Assignment, ThemeModel, ThemeSpec
from .procedure import procedure_stretches
from .stability import stability_score
from .units import Passage, extract_passages

METHOD = "passages -> TF-IDF (lemmas + noun chunks) -> contiguity-constrained clustering -> stretches grouped into themes"
# Speakers listed per theme in the report (the speaker x theme table has all of them).
MAX_THEME_SPEAKERS = 5
MIN_SPEAKER_SHARE = 0.05


def model_params(settings: ThemeSettings, seed: int = 0) -> dict[str, Any]:
    """The estimator's parameters from the settings' themes section and the project's seed."""
    return {
        "random_state": seed,
        "n_themes": settings.n_themes,
        "min_themes": settings.min_themes,
        "max_themes": settings.max_themes,
        "min_stretch_ratio": settings.min_stretch_ratio,
        "speaker_weight": settings.speaker_weight,
        "agenda_weight": settings.agenda_weight,
        "semantic_weight": settings.semantic_weight,
        "merge_similarity": settings.merge_similarity,
        "assignment_threshold": settings.assignment_threshold,
        "new_theme_threshold": settings.new_theme_threshold,
        "codebook": {name: list(terms) for name, terms in settings.codebook.items()},
        "seed_min_hits": settings.seed_min_hits,
        "n_keywords": settings.n_keywords,
    }


def meeting_talk(parsed: ParsedTranscript, settings: ThemeSettings) -> tuple[list[Passage], tuple[ProcedureStretch, ...]]:
    """The passages themes are found in and the meeting's opening and close they leave out
    (`procedure.procedure_stretches`: the welcome, introductions and closing business are no theme)."""
    talk = extract_passages(parsed, target_words=settings.passage_words, min_words=settings.min_passage_words)
    turns = parsed.transcript.turns
    procedure = procedure_stretches([turn.text for turn in turns], {p.turn_index for p in talk})
    furniture = {turn for stretch in procedure for turn in stretch.turns}
    return [p for p in talk if p.turn_index not in furniture], procedure


def passages_of(parsed: ParsedTranscript, settings: ThemeSettings) -> list[Passage]:
    """The passages themes are found in (`meeting_talk`)."""
    return meeting_talk(parsed, settings)[0]


def fit_theme_model(parsed_list: Sequence[ParsedTranscript], settings: ThemeSettings, *, seed: int = 0) -> ThemeModel:
    """Fit themes across a corpus of roundtables (one passage list per transcript, in the given order)."""
    return ThemeModel(**model_params(settings, seed)).fit([passages_of(parsed, settings) for parsed in parsed_list])


def find_themes(
    parsed: ParsedTranscript,
    settings: ThemeSettings,
    *,
    quotes: Sequence[Any] = (),
    model: Optional[ThemeModel] = None,
    seed: int = 0,
    model_name: Optional[str] = None,
) -> ThemeResult:
    """The themes of one roundtable: discovered in it, or (with `model`) assigned to a saved model's themes.

    `quotes` are the transcript's ranked quotes (records with `id`, `rank`, `turn_index`); each theme lists
    the best of those said in its turns. `seed` drives the stability score only.
    """
    # Every array given to scikit-learn below is built here (finite TF-IDF vectors, integer labels), so its
    # argument checks only cost time: some 4% of this step, run for every meeting and refit.
    with config_context(skip_parameter_validation=True, assume_finite=True):
        return _find_themes(parsed, settings, quotes=quotes, model=model, seed=seed, model_name=model_name)


def _find_themes(
    parsed: ParsedTranscript,
    settings: ThemeSettings,
    *,
    quotes: Sequence[Any],
    model: Optional[ThemeModel],
    seed: int,
    model_name: Optional[str],
) -> ThemeResult:
    passages, procedure = meeting_talk(parsed, settings)
    if model is None:
        fitted = ThemeModel(**model_params(settings, seed)).fit([passages])
        assignment = fitted.training_assignments_[0]
        specs, n_known = list(fitted.themes_), fitted.n_themes_
        missing = fitted.missing_seeded_

        def relabel(subset: list[Passage]) -> np.ndarray:
            return ThemeModel(**model_params(settings, seed)).fit_assignments([subset])[0].labels

    else:
        assignment = model.assign(passages)
        specs, n_known = list(model.themes_) + list(assignment.new_themes), model.n_themes_
        missing = ()

        def relabel(subset: list[Passage]) -> np.ndarray:
            return model.assign(subset).labels

    stability = stability_score(
        passages, relabel, seed=seed, n_seeds=settings.stability_seeds, sample=settings.stability_sample
    )
    return assemble_result(
        parsed,
        passages,
        assignment,
        specs,
        n_known=n_known,
        quotes=quotes,
        settings=settings,
        stability=stability,
        model_name=model_name,
        missing_seeded=missing,
        keep_empty_known=model is not None,
        agenda_labels=model is None,
        procedure=procedure,
    )


def _theme_ids(n_known: int, n_total: int) -> list[str]:
    return [f"T{t + 1}" for t in range(n_known)] + [f"N{g + 1}" for g in range(n_total - n_known)]


def _main_themes(passages: Sequence[Passage], labels: np.ndarray, n_turns: int) -> list[Optional[int]]:
    """Main theme per turn: the label holding most of its passage words (unassigned talk competes).

    Ties go to the theme that came first in the turn, then to the lower theme number.
    """
    words: dict[int, Counter] = defaultdict(Counter)
    first: dict[int, dict[int, int]] = defaultdict(dict)
    for position, (passage, label) in enumerate(zip(passages, labels)):
        words[passage.turn_index][int(label)] += passage.n_words
        first[passage.turn_index].setdefault(int(label), position)
    main: list[Optional[int]] = [None] * n_turns
    for turn, counter in words.items():
        best = sorted(counter, key=lambda label: (-counter[label], first[turn][label], label))[0]
        main[turn] = None if best == UNASSIGNED else best
    return _procedural_turns_join(main, set(words))


def _procedural_turns_join(main: list[Optional[int]], substantive: set[int]) -> list[Optional[int]]:
    """A turn with no substantive talk ("Thank you. We've got some questions now from Janet.") belongs to
    the theme of the next turn that has one (floor management introduces what follows); at the end of the
    meeting, to the theme of the last one. Turns whose talk fits no theme stay without one.

    Measured on the shared meetings (`bench/themes.py`): leaving these turns without a theme cost about
    0.06 AMI against the annotators' topics on committees and 0.2 on the AMI and ICSI meetings.
    """
    filled = list(main)
    following: Optional[int] = None
    for turn in range(len(main) - 1, -1, -1):
        if turn in substantive:
            following = main[turn] if main[turn] is not None else following
        else:
            filled[turn] = following
    preceding: Optional[int] = None
    for turn in range(len(main)):
        if turn in substantive:
            preceding = main[turn] if main[turn] is not None else preceding
        elif filled[turn] is None:
            filled[turn] = preceding
    return filled


def _stretches_of(
    parsed: ParsedTranscript, passages: Sequence[Passage], labels: np.ndarray, theme: int
) -> tuple[ThemeStretch, ...]:
    """Runs of consecutive passages of `theme` (unassigned passages do not break a run)."""
    turns = parsed.transcript.turns
    total = max(1, sum(p.n_words for p in passages))
    offsets = np.cumsum([0] + [p.n_words for p in passages])
    runs: list[list[int]] = []
    current: list[int] = []
    for position, label in enumerate(labels):
        if label == theme:
            current.append(position)
        elif label != UNASSIGNED and current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    stretches = []
    for run in runs:
        first_turn, last_turn = passages[run[0]].turn_index, passages[run[-1]].turn_index
        stretches.append(
            ThemeStretch(
                first_turn=first_turn,
                last_turn=last_turn,
                position=round(float(offsets[run[0]]) / total, 4),
                start=turns[first_turn].start,
                end=turns[last_turn].end,
            )
        )
    return tuple(stretches)


def _agenda_labelled(parsed: ParsedTranscript, themes: Sequence[Theme]) -> list[Theme]:
    """Themes relabelled with the agenda item the chair announced that covers most of their turns ("We've
    got some questions now on early help and enhanced support": that item runs to the next announcement).
    Seeded themes keep their codebook name; no two themes get the same words."""
    turns = parsed.transcript.turns
    items = agenda_items([turn.text for turn in turns], name_words(turn.speaker for turn in turns))
    used = {theme.label for theme in themes}
    relabelled = []
    for theme in themes:
        subject = None if theme.seeded else covering_item(items, theme.turn_indices, len(turns))
        if subject and subject not in used:
            used.add(subject)
            theme = dataclasses.replace(theme, label=subject)
        relabelled.append(theme)
    return relabelled


def _quote_ids(quotes: Sequence[Any], turn_indices: set[int], n_quotes: int) -> tuple[str, ...]:
    def rank(quote: Any) -> tuple:
        value = getattr(quote, "rank", None)
        return (value if value is not None else float("inf"), -float(getattr(quote, "score", 0.0) or 0.0), str(quote.id))

    chosen = sorted((q for q in quotes if q.turn_index in turn_indices), key=rank)
    return tuple(str(q.id) for q in chosen[:n_quotes])


def assemble_result(
    parsed: ParsedTranscript,
    passages: Sequence[Passage],
    assignment: Assignment,
    specs: Sequence[ThemeSpec],
    *,
    n_known: int,
    quotes: Sequence[Any],
    settings: ThemeSettings,
    stability: Optional[float],
    model_name: Optional[str] = None,
    missing_seeded: Sequence[str] = (),
    keep_empty_known: bool = False,
    agenda_labels: bool = False,
    procedure: Sequence[ProcedureStretch] = (),
) -> ThemeResult:
    """Shares, speakers, turns, stretches and quotes per theme, from one meeting's passage assignment.

    With `agenda_labels`, a discovered theme whose stretch opens with the chair's announcement of its
    subject ("questions now on early help and enhanced support") is labelled with those words. The turns
    of a `procedure` stretch (opening, close: their passages left out of `passages`) map to its id.
    """
    labels = assignment.labels
    n_turns = len(parsed.transcript.turns)
    total_words = sum(p.n_words for p in passages)
    ids = _theme_ids(n_known, len(specs))
    main = _main_themes(passages, labels, n_turns)
    turn_themes = [ids[label] if label is not None else None for label in main]
    for stretch in procedure:
        for turn in stretch.turns:
            turn_themes[turn], main[turn] = stretch.id, None
    speaker_words: dict[int, Counter] = defaultdict(Counter)
    theme_words: Counter = Counter()
    theme_passages: Counter = Counter()
    for passage, label in zip(passages, labels):
        theme_words[int(label)] += passage.n_words
        theme_passages[int(label)] += 1
        if label != UNASSIGNED:
            speaker_words[int(label)][passage.speaker] += passage.n_words
    themes: list[Theme] = []
    new_themes: list[Theme] = []
    for index, spec in enumerate(specs):
        n_words = theme_words[index]
        if n_words == 0 and not (keep_empty_known and index < n_known):
            continue
        speakers = sorted(speaker_words[index].items(), key=lambda item: (-item[1], item[0]))
        listed = tuple(
            ThemeSpeaker(speaker=speaker, n_words=words, share=round(words / n_words, 4))
            for speaker, words in speakers
            if words / n_words >= MIN_SPEAKER_SHARE
        )[:MAX_THEME_SPEAKERS] if n_words else ()
        turn_indices = tuple(turn for turn, label in enumerate(main) if label == index)
        theme = Theme(
            id=ids[index],
            label=spec.label,
            keywords=spec.keywords,
            share=round(n_words / total_words, 4) if total_words else 0.0,
            n_words=n_words,
            n_passages=theme_passages[index],
            speakers=listed,
            quote_ids=_quote_ids(quotes, set(turn_indices), settings.n_quotes),
            turn_indices=turn_indices,
            stretches=_stretches_of(parsed, passages, labels, index),
            seeded=spec.seeded,
            new=index >= n_known,
            model_theme_id=f"{model_name}:{ids[index]}" if model_name and index < n_known else None,
        )
        (new_themes if theme.new else themes).append(theme)
    if agenda_labels:
        themes, new_themes = _agenda_labelled(parsed, themes), _agenda_labelled(parsed, new_themes)
    table = tuple(
        (speaker, ids[label], words)
        for label in sorted(speaker_words)
        for speaker, words in sorted(speaker_words[label].items(), key=lambda item: (-item[1], item[0]))
    )
    unassigned = theme_words[UNASSIGNED]
    return ThemeResult(
        themes=tuple(themes),
        new_themes=tuple(new_themes),
        unassigned_share=round(unassigned / total_words, 4) if total_words else 0.0,
        unassigned_words=unassigned,
        n_words=total_words,
        n_passages=len(passages),
        turn_themes=tuple(turn_themes),
        speaker_words=table,
        stability=stability,
        n_themes_setting=str(settings.n_themes),
        method=METHOD,
        model=model_name,
        codebook_not_found=tuple(missing_seeded),
        procedure=tuple(procedure),
    )


"""Fitting a theme model across many roundtables and saving it (`roundtable themes fit`).

`fit_corpus` reads and parses every input (reusing cached parses), fits one `ThemeModel` over all of
them, scores it (stability across seeds, talk that fits no theme) and saves it to `models/<name>/`. An
input that cannot be read is reported and left out, as `roundtable run` does.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from ..cache import Cache, parse_with_cache
from ..errors import RoundtableError, SettingsError, TranscriptError
from ..nlp import model_info, nlp_for
from ..wording import plural
from ..readers import read_transcript
from ..report import display_path
from ..runner import collect_inputs
from ..settings import Settings
from .find import model_params, passages_of
from .model import UNASSIGNED, ThemeModel
from .persistence import save_theme_model
from .stability import stability_score
from .units import Passage


@dataclass
class FitResult:
    """What `fit_corpus` did: the saved folder, the fitted model, its scores and any rejected inputs."""

    folder: Path
    model: ThemeModel
    scores: dict[str, Any]
    inputs: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": str(self.folder),
            "scores": self.scores,
            "themes": [
                {"id": f"T{i + 1}", "label": spec.label, "keywords": list(spec.keywords), "seeded": spec.seeded}
                for i, spec in enumerate(self.model.themes_)
            ],
            "n_inputs": len(self.inputs),
            "rejected": self.rejected,
        }


def _regroup(passages: list[Passage]) -> list[list[Passage]]:
    """Passages of several transcripts (in input order) back into one list per transcript."""
    groups: dict[str, list[Passage]] = {}
    for passage in passages:
        groups.setdefault(passage.transcript_id, []).append(passage)
    return list(groups.values())


def fit_corpus(paths: Iterable[str | Path], settings: Settings, folder: str | Path) -> FitResult:
    """Fit themes across every transcript in `paths` and save the model to `folder`."""
    nlp = nlp_for(settings.nlp)
    cache = Cache(Path(settings.cache.dir).expanduser()) if settings.cache.enabled else None
    passage_lists: list[list[Passage]] = []
    inputs: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    taken: set[str] = set()
    for path in collect_inputs(paths, settings):
        shown = display_path(str(path))
        try:
            transcript = read_transcript(path, settings.read)
            transcript_id, n = transcript.id, 2
            while transcript_id in taken:
                transcript_id, n = f"{transcript.id}-{n}", n + 1
            taken.add(transcript_id)
            transcript = transcript.with_id(transcript_id)
            parsed, _ = parse_with_cache(transcript, nlp, settings.nlp, cache)
        except TranscriptError as exc:
            rejected.append(exc.to_dict())
            continue
        except RoundtableError as exc:
            rejected.append({"path": shown, "line": None, "reason": str(exc), "message": f"{shown}: {exc}"})
            continue
        passages = passages_of(parsed, settings.themes)
        passage_lists.append(passages)
        inputs.append(
            {
                "path": shown,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "transcript_id": transcript.id,
                "n_turns": len(transcript.turns),
                "n_passages": len(passages),
            }
        )
    if not any(passage_lists):
        raise SettingsError("INPUT", "at least one readable transcript with substantive talk", [str(p) for p in paths])
    params = model_params(settings.themes, settings.seed)
    model = ThemeModel(**params).fit(passage_lists)

    def relabel(subset: list[Passage]) -> np.ndarray:
        assignments = ThemeModel(**params).fit_assignments(_regroup(subset))
        return np.concatenate([a.labels for a in assignments])

    flat = [p for passages in passage_lists for p in passages]
    labels = np.concatenate([a.labels for a in model.training_assignments_]) if flat else np.zeros(0)
    words = np.array([p.n_words for p in flat])
    unassigned = float(words[labels == UNASSIGNED].sum() / words.sum()) if words.sum() else 0.0
    scores = {
        "n_transcripts": len(passage_lists),
        "n_passages": len(flat),
        "n_themes": model.n_themes_,
        "unassigned_share": round(unassigned, 4),
        "stability": stability_score(
            flat, relabel, seed=settings.seed, n_seeds=settings.themes.stability_seeds,
            sample=settings.themes.stability_sample,
        ),
    }
    themes_settings = settings.themes.model_dump(mode="json")
    save_theme_model(
        model,
        folder,
        settings={"themes": themes_settings, "nlp": settings.nlp.model_dump(mode="json"), "seed": settings.seed},
        # The run's own hash (Settings.hash, as in manifest.json and report.json), so "settings hash" means
        # one thing everywhere: a run with the settings the model was fitted with shows the same value.
        settings_hash=settings.hash,
        training_inputs=inputs,
        scores=scores,
        spacy_model=model_info(nlp),
    )
    return FitResult(folder=Path(folder), model=model, scores=scores, inputs=inputs, rejected=rejected)


def describe(result: FitResult) -> list[str]:
    """Lines for a person reading the terminal."""
    lines = [f"theme model saved to {result.folder}/ ({plural(result.scores['n_transcripts'], 'transcript')}, "
             f"{plural(result.scores['n_passages'], 'passage')})"]
    for index, spec in enumerate(result.model.themes_):
        lines.append(f"  T{index + 1:<3} {spec.label:<45} {', '.join(spec.keywords[:5])}")
    lines.append(f"stability {result.scores['stability']}, unassigned share {result.scores['unassigned_share']}")
    return lines


__all__ = ["FitResult", "describe", "fit_corpus"]

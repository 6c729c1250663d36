"""Saving and loading theme models: `models/<name>/` holds `model.joblib`, `meta.json` and `MODEL_CARD.md`.

`meta.json` records the library versions the model was saved with, the settings hash, a sha256 of every
training input and the fit's scores. Loading checks the versions first: a model pickled by another
scikit-learn (or roundtable) may load silently and behave differently, so a mismatch is refused with both
versions named. Only load models you trust: joblib files are pickles.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, Optional, Sequence

import joblib

from ..errors import ModelError
from ..versions import library_versions
from ..writers import dumps_json, write_bytes_atomic, write_text_atomic
from ..wording import plural
from .model import ThemeModel

MODEL_FILE = "model.joblib"
META_FILE = "meta.json"
CARD_FILE = "MODEL_CARD.md"
FORMAT = "roundtable-theme-model"
FORMAT_VERSION = 1
# Libraries whose versions must match exactly for a pickled model to be trusted.
PINNED = ("roundtable", "scikit-learn", "numpy")


def _versions() -> dict[str, str]:
    versions = dict(library_versions())
    try:
        import scipy

        versions["scipy"] = scipy.__version__
    except ImportError:  # pragma: no cover - scikit-learn depends on scipy
        pass
    versions["joblib"] = joblib.__version__
    return versions


def save_theme_model(
    model: ThemeModel,
    folder: str | Path,
    *,
    settings: dict[str, Any],
    settings_hash: str,
    training_inputs: Sequence[dict[str, Any]],
    scores: dict[str, Any],
    spacy_model: Optional[dict[str, Any]] = None,
) -> Path:
    """Write the model, its meta.json and model card to `folder` (created if needed); returns the folder."""
    if not hasattr(model, "themes_"):
        raise ModelError(folder, "the theme model is not fitted; call fit() before saving it")
    folder = Path(folder)
    buffer = io.BytesIO()
    joblib.dump(model, buffer)
    themes = [
        {"id": f"T{index + 1}", "label": spec.label, "keywords": list(spec.keywords), "seeded": spec.seeded}
        for index, spec in enumerate(model.themes_)
    ]
    meta = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": folder.name,
        "versions": _versions(),
        "spacy_model": spacy_model,
        "settings": settings,
        "settings_hash": settings_hash,
        "params": model.get_params(),
        "training_inputs": list(training_inputs),
        "themes": themes,
        "scores": scores,
    }
    write_bytes_atomic(folder / MODEL_FILE, buffer.getvalue())
    write_text_atomic(folder / META_FILE, dumps_json(meta))
    write_text_atomic(folder / CARD_FILE, model_card(meta))
    return folder


def model_card(meta: dict[str, Any]) -> str:
    """A short model card: what it is, what it was fitted on, its themes and scores, how to use it."""
    scores = meta.get("scores") or {}
    lines = [
        f"# Theme model `{meta['name']}`",
        "",
        "Themes fitted by `roundtable themes fit` across a corpus of roundtable transcripts. Use it with",
        f"`roundtable run INPUT... --theme-model models/{meta['name']}` to assign new roundtables to these themes;",
        "talk that fits none of them is reported as possible new themes.",
        "",
        "## Method",
        "",
        "Passages of about `themes.passage_words` words (procedural chatter out) become TF-IDF vectors over",
        "content lemmas and noun chunks from the spaCy parse. Each transcript is cut into stretches of one",
        "subject (exact contiguity-constrained clustering), and the stretches of all transcripts are grouped",
        "into themes by spherical k-means (number chosen by silhouette unless fixed). Labels are class-based",
        "TF-IDF over noun chunks.",
        "",
        "## Training data",
        "",
        f"{plural(len(meta['training_inputs']), 'transcript')}; paths and sha256 hashes are in `meta.json`.",
        "A model fitted on ELITR meetings must not be committed or shared (their text must stay in shared/).",
        "",
        "## Themes",
        "",
        "| id | label | keywords |",
        "|---|---|---|",
    ]
    for theme in meta["themes"]:
        seeded = " (codebook)" if theme.get("seeded") else ""
        lines.append(f"| {theme['id']} | {theme['label']}{seeded} | {', '.join(theme['keywords'][:6])} |")
    lines += ["", "## Scores", ""]
    for key in sorted(scores):
        lines.append(f"- `{key}`: {scores[key]}")
    lines += [
        "",
        "## Versions",
        "",
        "Saved with " + ", ".join(f"{name} {version}" for name, version in sorted(meta["versions"].items())) + ".",
        f"Loading it needs the same {', '.join(PINNED)}; refit it with `roundtable themes fit` otherwise.",
        f"Settings hash: `{meta['settings_hash']}` (the `settings_hash` of a run's manifest.json and report.json "
        "with the settings this model was fitted with).",
        "",
    ]
    return "\n".join(lines)


def read_meta(folder: str | Path) -> dict[str, Any]:
    folder = Path(folder)
    path = folder / META_FILE
    if not folder.is_dir():
        raise ModelError(folder, "no such theme model folder; fit one with `roundtable themes fit INPUT... --model "
                                 f"{folder}`")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(path, "is missing, so the model's versions cannot be checked; refit the model") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(path, f"is corrupt ({exc}); refit the model") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelError(path, f"is not a roundtable theme model's meta.json (expected format {FORMAT!r})")
    version = meta.get("format_version")
    if type(version) is not int or not 1 <= version <= FORMAT_VERSION:
        newer = type(version) is int and version > FORMAT_VERSION
        raise ModelError(
            path,
            f"has format_version {version!r}, but this roundtable reads theme models of format_version 1 to "
            f"{FORMAT_VERSION}. "
            + ("It was saved by a newer roundtable: upgrade roundtable, or refit the model with this one"
               if newer else "Refit the model with `roundtable themes fit`"),
        )
    return meta


def load_theme_model(folder: str | Path) -> tuple[ThemeModel, dict[str, Any]]:
    """Load a saved theme model and its meta; refuses other library versions and corrupt files."""
    folder = Path(folder)
    meta = read_meta(folder)
    saved = meta.get("versions") or {}
    current = _versions()
    mismatched = [name for name in PINNED if saved.get(name) != current.get(name)]
    if mismatched:
        detail = "; ".join(
            f"{name} {saved.get(name, 'unknown')} when saved, {current.get(name, 'unknown')} installed now"
            for name in mismatched
        )
        raise ModelError(
            folder,
            f"theme model was saved by other library versions ({detail}). Refit it with "
            f"`roundtable themes fit ... --model {folder}`, or install the versions it was saved with",
            versions={name: {"saved": saved.get(name), "installed": current.get(name)} for name in mismatched},
        )
    path = folder / MODEL_FILE
    try:
        model = joblib.load(path)
    except FileNotFoundError:
        raise ModelError(path, "is missing; refit the model") from None
    except Exception as exc:  # noqa: BLE001 - any unpickling failure means the file is unusable
        raise ModelError(path, f"is corrupt and cannot be loaded ({type(exc).__name__}); refit the model") from None
    if not isinstance(model, ThemeModel) or not hasattr(model, "themes_"):
        raise ModelError(path, "does not hold a fitted roundtable theme model; refit the model")
    return model, meta

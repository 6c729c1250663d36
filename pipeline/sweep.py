"""Run a small grid of settings and evaluate each run against references (`roundtable sweep`)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any, Optional, Sequence

from .errors import SettingsError
from .evaluate import Reference, evaluate_run, load_references
from .runner import run
from .settings import load_settings


def parse_grid(items: Sequence[str]) -> list[tuple[str, list[str]]]:
    """`["themes.n_themes=3,5,auto", ...]` -> `[("themes.n_themes", ["3", "5", "auto"]), ...]`."""
    grid = []
    for item in items:
        key, sep, values = item.partition("=")
        choices = [value.strip() for value in values.split(",") if value.strip()]
        if not sep or not key.strip() or not choices:
            raise SettingsError(key.strip() or item, "section.key=value1,value2,...", item)
        grid.append((key.strip(), choices))
    return grid


def combo_slug(assignments: Sequence[tuple[str, str]]) -> str:
    """A folder name for one combination, e.g. `themes.n_themes-3__quotes.top_n-10`."""
    parts = [f"{key}-{re.sub(r'[^A-Za-z0-9._-]+', '_', value)}" for key, value in assignments]
    return "__".join(parts) or "defaults"


def sweep(
    inputs: Sequence[str | Path],
    grid: Sequence[tuple[str, list[str]]],
    references: dict[str, Reference] | str | Path,
    out_dir: str | Path,
    *,
    config: Optional[Path] = None,
    overrides: Sequence[str] = (),
    progress: Optional[Any] = None,
) -> list[dict[str, Any]]:
    """Run every combination of `grid` (on top of `config` and `overrides`) into `out_dir/<slug>/`, all
    sharing the cache, and return one row per combination with its settings and mean metrics."""
    if not isinstance(references, dict):
        references = load_references(references)
    keys = [key for key, _ in grid]
    combos = list(itertools.product(*(values for _, values in grid)))
    # Validate every combination before running any, so a typo fails at once.
    settings_list = [
        load_settings(config, [*overrides, *(f"{key}={value}" for key, value in zip(keys, combo))]) for combo in combos
    ]
    rows = []
    for combo, settings in zip(combos, settings_list):
        assignments = list(zip(keys, combo))
        folder = Path(out_dir) / combo_slug(assignments)
        result = run(inputs, settings, out_dir=folder)
        evaluation = evaluate_run(folder, references)
        row = {
            "combo": combo_slug(assignments),
            "settings": dict(assignments),
            "settings_hash": settings.hash,
            "n_processed": result.n_processed,
            "n_rejected": len(result.rejected),
            **evaluation.mean,
        }
        rows.append(row)
        if progress is not None:
            progress(row)
    return rows

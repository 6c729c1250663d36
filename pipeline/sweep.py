"""Run a small grid of settings and evaluate each run against references (`roundtable sweep`)."""

from __future__ import annotations

import io
import itertools
import math
import re
from pathlib import Path
from typing import Any, Optional, Sequence

import pandas as pd

from .errors import SettingsError
from .evaluate import METRICS, Reference, evaluate_run, load_references
from .runner import run
from .settings import load_settings
from .writers import write_csv_atomic, write_text_atomic

RESULTS_FILE = "results.csv"
CHART_FILE = "results.svg"


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
    sharing the cache, and return one row per combination with its settings and mean metrics.

    `out_dir/results.csv` gets the same rows (a column per grid key and per metric) and `out_dir/results.svg`
    a chart of the metrics against the combinations."""
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
    table = results_table(rows, keys)
    write_csv_atomic(Path(out_dir) / RESULTS_FILE, table)
    write_text_atomic(Path(out_dir) / CHART_FILE, results_chart(table, keys))
    return rows


def results_table(rows: Sequence[dict[str, Any]], keys: Sequence[str]) -> pd.DataFrame:
    """One row per combination: `combo`, each grid key's value, the run's counts and hash, each mean metric."""
    columns = ["combo", *keys, "settings_hash", "n_processed", "n_rejected", "n_transcripts", *METRICS]
    records = [
        {
            "combo": row["combo"],
            **{key: row["settings"][key] for key in keys},
            **{column: row.get(column) for column in columns if column != "combo" and column not in keys},
        }
        for row in rows
    ]
    table = pd.DataFrame(records, columns=columns)
    return table.astype({metric: "float64" for metric in METRICS})


def results_chart(table: pd.DataFrame, keys: Sequence[str]) -> str:
    """An SVG line chart of every metric (0-1) against the combinations, in grid order. Deterministic: no
    date in the file and a fixed id salt, so the same results give the same bytes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    labels = [", ".join(str(table.at[i, key]) for key in keys) for i in table.index]
    with rc_context({"svg.hashsalt": "roundtable-sweep", "svg.fonttype": "path"}):
        figure = Figure(figsize=(max(5.0, 0.7 * len(labels) + 2.5), 3.6))
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        for metric in METRICS:
            values = [None if math.isnan(v) else v for v in table[metric].tolist()]
            if all(v is None for v in values):
                continue
            axes.plot(positions, [math.nan if v is None else v for v in values], marker="o", label=metric)
        axes.set_xticks(positions, labels, rotation=30 if len(labels) > 6 else 0, ha="right" if len(labels) > 6 else "center")
        axes.set_xlabel(", ".join(keys) or "defaults")
        axes.set_ylabel("mean over transcripts")
        axes.set_title("Sweep: metrics by combination")
        axes.grid(alpha=0.3)
        if axes.lines:
            axes.legend(loc="best", fontsize="small")
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()

"""`roundtable evaluate` and `roundtable sweep` (registered on the main app)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .cli_common import Command, ConfigOption, SetOption, _err, _fail, app, warnings_on_stderr
from .errors import RoundtableError

ReferencesOption = typer.Option(
    ...,
    "--references",
    "-r",
    metavar="PATH",
    help="References: a folder of <transcript id>.json files, one such file, or one JSON mapping id -> "
    "reference (fields summary, topics, quote_spans; QMSum's general_summary, topic_list, specific_queries "
    "work too). See README 'Evaluating a run'.",
)


@app.command("evaluate", cls=Command)
def evaluate_command(
    run_dir: Path = typer.Argument(..., metavar="RUN_FOLDER", help="The output folder of a run (holding <id>/report.json)."),
    references: Path = ReferencesOption,
    as_json: bool = typer.Option(False, "--json", help="Print per-transcript and mean metrics as JSON."),
) -> None:
    """Score a run against references: ROUGE-1/2/L of the brief, AMI of turn themes vs topics, quote hits."""
    from .evaluate import evaluate_run, format_evaluation

    try:
        evaluation = evaluate_run(run_dir, references)
    except RoundtableError as exc:
        _fail(exc)
        return
    if as_json:
        typer.echo(json.dumps(evaluation.to_dict(), indent=2))
    else:
        typer.echo(format_evaluation(evaluation))


@app.command("sweep", cls=Command)
def sweep_command(
    inputs: list[Path] = typer.Argument(..., metavar="INPUT...", help="Transcript files and/or folders of transcripts."),
    grid: list[str] = typer.Option(
        ..., "--grid", "-g", metavar="KEY=V1,V2", help="A setting and its values, e.g. --grid themes.n_themes=3,5,auto (repeatable)."
    ),
    references: Path = ReferencesOption,
    out: Path = typer.Option(Path("sweep"), "--out", "-o", metavar="FOLDER", help="Folder for one run per combination."),
    config: Optional[Path] = ConfigOption,
    overrides: Optional[list[str]] = SetOption,
    as_json: bool = typer.Option(False, "--json", help="Print the table as JSON."),
) -> None:
    """Run every combination of the --grid values and print the evaluate metrics of each."""
    from .evaluate import METRICS
    from .sweep import parse_grid, sweep

    try:
        with warnings_on_stderr():
            rows = sweep(
                inputs,
                parse_grid(grid),
                references,
                out,
                config=config,
                overrides=overrides or (),
                progress=lambda row: _err(f"  done {row['combo']}"),
            )
    except RoundtableError as exc:
        _fail(exc)
        return
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    width = max(len(row["combo"]) for row in rows)
    typer.echo(f"{'combination':<{width}}" + "".join(f"{name:>15}" for name in METRICS))
    for row in rows:
        cells = "".join(f"{row[name]:>15.4f}" if row[name] is not None else f"{'-':>15}" for name in METRICS)
        typer.echo(f"{row['combo']:<{width}}{cells}")

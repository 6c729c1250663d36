"""`roundtable themes ...` (registered on the main app): thin commands over `pipeline.themes`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .cli_common import Command, EXIT_REJECTED, ConfigOption, SetOption, _err, _fail, _settings, app, plural
from .errors import RoundtableError

themes_app = typer.Typer(
    help="Themes across many roundtables: fit a theme model once, then assign new roundtables to it "
    "with `roundtable run ... --theme-model models/NAME`.",
    no_args_is_help=True,
)
app.add_typer(themes_app, name="themes")


@themes_app.command("fit", cls=Command)
def fit_command(
    inputs: list[Path] = typer.Argument(..., metavar="INPUT...", help="Transcript files and/or folders of transcripts to fit on."),
    model: Path = typer.Option(..., "--model", "-m", metavar="FOLDER", help="Folder to save the model in, e.g. models/councils."),
    config: Optional[Path] = ConfigOption,
    overrides: Optional[list[str]] = SetOption,
    as_json: bool = typer.Option(False, "--json", help="Print the themes and scores as JSON on stdout."),
) -> None:
    """Fit themes across a corpus of roundtables; save model.joblib, meta.json and MODEL_CARD.md in MODEL."""
    from .themes.corpus import describe, fit_corpus

    try:
        settings = _settings(config, overrides)
        _err(f"roundtable themes fit: {plural(len(inputs), 'input')} -> {model}/  (settings {settings.hash})")
        result = fit_corpus(inputs, settings, model)
    except RoundtableError as exc:
        _fail(exc)
        return
    for rejected in result.rejected:
        _err(f"  REJECTED  {rejected['message']}")
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        for line in describe(result):
            typer.echo(line)
    if result.rejected:
        raise typer.Exit(EXIT_REJECTED)

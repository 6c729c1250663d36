"""The `roundtable` command line: thin typer commands over the library API.

Exit codes: 0 all inputs processed; 1 some input was rejected (see the manifest); 2 bad usage or
settings; 3 a model could not be loaded; 4 the output folder cannot be used (e.g. another run is using
it); 130 interrupted with Ctrl-C.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from .errors import InputPathError, ModelError, OutputFolderError, RoundtableError, SettingsError, TranscriptError
from .inspect import inspect_transcript
from .runner import InputRecord, discover_inputs, run
from .settings import Settings, load_settings

app = typer.Typer(
    name="roundtable",
    help="Turn roundtable, panel and committee transcripts into quotes, themes and commentary-ready summaries.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_REJECTED = 1
EXIT_USAGE = 2
EXIT_MODEL = 3
EXIT_OUTPUT = 4
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C

ConfigOption = typer.Option(None, "--config", "-c", help="Settings file (TOML); see `roundtable config init`.")
SetOption = typer.Option(
    None, "--set", "-s", help="Override one setting, e.g. --set nlp.batch_size=32 (repeatable)."
)


def _show_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"roundtable {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(
        False, "--version", callback=_show_version, is_eager=True, help="Print the roundtable version and exit."
    ),
) -> None:
    """Turn roundtable, panel and committee transcripts into quotes, themes and commentary-ready summaries."""


def _err(message: str) -> None:
    typer.echo(message, err=True)


def plural(n: int, noun: str) -> str:
    """'1 turn', '2 turns', '0 turns': counts in messages read as English."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _settings(config: Optional[Path], overrides: Optional[list[str]]) -> Settings:
    return load_settings(config, overrides or ())


def _fail(exc: RoundtableError) -> None:
    """Map the project's errors to a message on stderr and an exit code, in one place."""
    if isinstance(exc, SettingsError):
        _err(f"Error in settings: {exc}")
        raise typer.Exit(EXIT_USAGE)
    if isinstance(exc, InputPathError):
        _err(f"Input error: {exc}")
        raise typer.Exit(EXIT_USAGE)
    if isinstance(exc, ModelError):
        _err(f"Model error: {exc}")
        raise typer.Exit(EXIT_MODEL)
    if isinstance(exc, TranscriptError):
        _err(f"Cannot read {exc}")
        raise typer.Exit(EXIT_REJECTED)
    if isinstance(exc, OutputFolderError):
        _err(f"Output folder error: {exc}")
        raise typer.Exit(EXIT_OUTPUT)
    _err(f"Error: {exc}")
    raise typer.Exit(EXIT_USAGE)


def _report_progress(record: InputRecord) -> None:
    if record.status in ("processed", "cached"):
        _err(f"  {'ok' if record.status == 'processed' else 'cached':<10}{record.path} -> {record.transcript_id}/ ({plural(record.n_turns, 'turn')}, {plural(record.n_words, 'word')})")
    elif record.error is None:
        _err(f"  REJECTED  {record.path}")
    elif Path(record.error["path"]).resolve() != Path(record.path).resolve():
        # the file at fault belongs to the transcript (its participants file): name both
        _err(f"  REJECTED  {record.path}: {record.error['message']}")
    else:
        _err(f"  REJECTED  {record.error['message']}")


def _interrupted_message(finished: list[InputRecord], out: Path, settings: Optional[Settings]) -> str:
    done = ", ".join(record.path for record in finished) or "none"
    resume = "finished inputs come from the cache" if settings is None or settings.cache.enabled else "it starts over"
    return (
        f"Interrupted: the run into {out}/ did not finish; inputs finished: {done}. "
        f"Run the same command again to complete it ({resume})."
    )


@app.command("run")
def run_command(
    inputs: list[Path] = typer.Argument(..., help="Transcript files and/or folders of transcripts."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder."),
    config: Optional[Path] = ConfigOption,
    overrides: Optional[list[str]] = SetOption,
    as_json: bool = typer.Option(False, "--json", help="Print the run summary as JSON on stdout."),
    theme_model: Optional[Path] = typer.Option(
        None,
        "--theme-model",
        help="A theme model saved by `roundtable themes fit` (e.g. models/councils): assign each transcript's "
        "talk to its themes and write theme_prevalence.csv for the batch.",
    ),
    jobs: int = typer.Option(
        1, "--jobs", "-j", min=1,
        help="Worker processes (each loads the spaCy model once); with --executor dask and no --scheduler, the "
        "LocalCluster's workers. Same outputs as 1.",
    ),
    executor: str = typer.Option(
        "processes", "--executor",
        help="Where transcripts are computed: 'processes' (this machine, --jobs worker processes) or 'dask' "
        "(a Dask cluster: --scheduler, or a LocalCluster of --jobs workers; needs pip install 'roundtable[dask]'). "
        "Same outputs either way; this process writes every file.",
    ),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="The Dask scheduler to use with --executor dask, e.g. tcp://host:8786."
    ),
) -> None:
    """Process transcripts: one report folder per transcript plus manifest.json in OUT."""
    settings: Optional[Settings] = None
    finished: list[InputRecord] = []

    def progress(record: InputRecord) -> None:
        finished.append(record)
        _report_progress(record)

    try:
        settings = _settings(config, overrides)
        found = discover_inputs(inputs, settings)
        for path in found.skipped:
            _err(f"warning: skipped {path}: unsupported extension (read.extensions: {', '.join(settings.read.extensions)})")
        _err(f"roundtable: {plural(len(found.paths), 'transcript file')} -> {out}/  (settings {settings.hash})")
        result = run(
            inputs, settings, out_dir=out, progress=progress, theme_model=theme_model, jobs=jobs,
            executor=executor, scheduler=scheduler, notice=_err,
        )  # fmt: skip
    except RoundtableError as exc:
        _fail(exc)
        return
    except KeyboardInterrupt:
        _err(_interrupted_message(finished, out, settings))
        raise typer.Exit(EXIT_INTERRUPTED) from None
    summary = {
        "out": str(out),
        "manifest": str(result.manifest_path),
        "n_inputs": len(result.inputs),
        "n_processed": result.n_processed,
        "n_cached": result.n_cached,
        "n_rejected": len(result.rejected),
        "rejected": [record.error for record in result.rejected],
    }
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
    _err(
        f"{result.n_processed} processed ({result.n_cached} unchanged, from the cache), {len(result.rejected)} rejected; "
        f"manifest: {result.manifest_path}"
    )
    if settings.editor.enabled and result.n_processed:
        _err(f"to read and pick quotes, open {out / 'index.html'} in a browser")
    if not result.ok:
        raise typer.Exit(EXIT_REJECTED)


@app.command("inspect")
def inspect_command(
    path: Path = typer.Argument(..., help="One transcript file."),
    config: Optional[Path] = ConfigOption,
    overrides: Optional[list[str]] = SetOption,
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Show how a file was read: format, encoding, speakers with turn and word counts, warnings."""
    try:
        info = inspect_transcript(path, _settings(config, overrides).read)
    except RoundtableError as exc:
        _fail(exc)
        return
    if as_json:
        typer.echo(json.dumps(info, indent=2, ensure_ascii=False))
        return
    typer.echo(f"file:      {info['path']}")
    typer.echo(f"id:        {info['id']}")
    typer.echo(f"title:     {info['title']}")
    typer.echo(f"date:      {info['date'] or '-'}")
    typer.echo(f"format:    {info['format']}")
    typer.echo(f"encoding:  {info['encoding'] or '-'}")
    typer.echo(f"turns:     {info['n_turns']}   words: {info['n_words']}   timed: {info['timed']}")
    typer.echo(f"speakers:  {len(info['speakers'])}")
    width = max((len(s["label"]) for s in info["speakers"]), default=5)
    for speaker in info["speakers"]:
        typer.echo(
            f"  {speaker['label']:<{width}}  {speaker['n_turns']:>5} turns {speaker['n_words']:>7} words"
            f"   {speaker['attribution'] if speaker['attribution'] != speaker['label'] else ''}".rstrip()
        )
    typer.echo(f"warnings:  {len(info['warnings'])}")
    for warning in info["warnings"]:
        typer.echo(f"  - {warning}")


# Commands of later steps live in their own modules and register themselves on `app`.
from . import cli_config, cli_evaluate, cli_quotes, cli_themes  # noqa: E402,F401


def main() -> None:
    """Console-script entry point."""
    app(prog_name="roundtable")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

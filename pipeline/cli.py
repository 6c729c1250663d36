"""The `roundtable` command line: thin typer commands over the library API.

Exit codes: 0 all inputs processed; 1 some input was rejected (see the manifest); 2 bad usage or
settings; 3 a model could not be loaded; 4 the output folder cannot be used (e.g. another run is using
it); 130 interrupted with Ctrl-C.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from .cli_common import (  # noqa: F401 (EXIT_*, plural, warnings_on_stderr: re-exported for callers of pipeline.cli)
    EXIT_INTERRUPTED,
    EXIT_MODEL,
    EXIT_OUTPUT,
    EXIT_REJECTED,
    EXIT_USAGE,
    Command,
    ConfigOption,
    SetOption,
    _err,
    _fail,
    _settings,
    app,
    plural,
    warnings_on_stderr,
)
from .errors import RoundtableError

if TYPE_CHECKING:
    from .runner import InputRecord
    from .settings import Settings


def progress_line(record: InputRecord) -> str:
    """The line `roundtable run` writes for one finished input."""
    if record.status in ("processed", "cached"):
        return (
            f"  {'ok' if record.status == 'processed' else 'cached':<10}{record.path} -> {record.transcript_id}/ "
            f"({plural(record.n_turns, 'turn')}, {plural(record.n_words, 'word')})"
        )
    if record.error is None:
        return f"  REJECTED  {record.path}"
    if Path(record.error["path"]).resolve() != Path(record.path).resolve():
        # the file at fault belongs to the transcript (its participants file): name both
        return f"  REJECTED  {record.path}: {record.error['message']}"
    return f"  REJECTED  {record.error['message']}"


def _interrupted_message(finished: list[InputRecord], out: Path, settings: Optional[Settings]) -> str:
    done = ", ".join(record.path for record in finished) or "none"
    resume = "finished inputs come from the cache" if settings is None or settings.cache.enabled else "it starts over"
    return (
        f"Interrupted: the run into {out}/ did not finish; inputs finished: {done}. "
        f"Run the same command again to complete it ({resume})."
    )


@app.command("run", cls=Command)
def run_command(
    inputs: list[Path] = typer.Argument(..., metavar="INPUT...", help="Transcript files and/or folders of transcripts."),
    out: Path = typer.Option(Path("out"), "--out", "-o", metavar="FOLDER", help="Output folder."),
    config: Optional[Path] = ConfigOption,
    overrides: Optional[list[str]] = SetOption,
    as_json: bool = typer.Option(False, "--json", help="Print the run summary as JSON on stdout."),
    theme_model: Optional[Path] = typer.Option(
        None,
        "--theme-model",
        metavar="FOLDER",
        help="A theme model saved by `roundtable themes fit` (e.g. models/councils): assign each transcript's "
        "talk to its themes and write theme_prevalence.csv for the batch.",
    ),
    jobs: int = typer.Option(
        1, "--jobs", "-j", min=1, metavar="N",
        help="Worker processes (each loads the spaCy model once); with --executor dask and no --scheduler, the "
        "LocalCluster's workers. Same outputs as 1.",
    ),
    executor: str = typer.Option(
        "processes", "--executor", metavar="NAME",
        help="Where transcripts are computed: 'processes' (this machine, --jobs worker processes) or 'dask' "
        "(a Dask cluster: --scheduler, or a LocalCluster of --jobs workers; needs pip install 'roundtable[dask]'). "
        "Same outputs either way; this process writes every file.",
    ),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", metavar="ADDRESS", help="The Dask scheduler to use with --executor dask, e.g. tcp://host:8786."
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="No progress: only warnings, rejected inputs and errors on stderr."
    ),
) -> None:
    """Process transcripts: one report folder per transcript plus manifest.json in OUT.

    Progress goes to stderr: a line per input and, on a terminal, a bar with the ETA and the time per stage.
    """
    from .runner import discover_inputs, run

    from .cli_progress import RunProgress

    settings: Optional[Settings] = None
    progress: Optional[RunProgress] = None
    try:
        settings = _settings(config, overrides)
        found = discover_inputs(inputs, settings)
        for path in found.skipped:
            _err(f"warning: skipped {path}: unsupported extension (read.extensions: {', '.join(settings.read.extensions)})")
        if not quiet:
            _err(f"roundtable: {plural(len(found.paths), 'transcript file')} -> {out}/  (settings {settings.hash})")
        progress = RunProgress(found.paths, progress_line, _err, quiet=quiet)
        with warnings_on_stderr(), progress:
            result = run(
                inputs, settings, out_dir=out, progress=progress, theme_model=theme_model, jobs=jobs,
                executor=executor, scheduler=scheduler, notice=_err,
            )  # fmt: skip
    except RoundtableError as exc:
        _fail(exc)
        return
    except KeyboardInterrupt:
        _err(_interrupted_message(progress.finished if progress is not None else [], out, settings))
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
    if not quiet:
        _err(
            f"{result.n_processed} processed ({result.n_cached} unchanged, from the cache), "
            f"{len(result.rejected)} rejected; manifest: {result.manifest_path}"
        )
    if settings.editor.enabled and result.n_processed and not quiet:
        _err(f"to read and pick quotes, open {out / 'index.html'} in a browser")
    if not result.ok:
        raise typer.Exit(EXIT_REJECTED)


@app.command("inspect", cls=Command)
def inspect_command(
    path: Path = typer.Argument(..., metavar="FILE", help="One transcript file."),
    config: Optional[Path] = ConfigOption,
    overrides: Optional[list[str]] = SetOption,
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Show how a file was read: format, encoding, speakers with turn and word counts, warnings."""
    from .inspect import inspect_transcript

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
            f"  {speaker['label']:<{width}}  {plural(speaker['n_turns'], 'turn'):>11} {plural(speaker['n_words'], 'word'):>13}"
            f"   {speaker['attribution'] if speaker['attribution'] != speaker['label'] else ''}".rstrip()
        )
    if info["merges"]:
        n_merges = len(info["merges"])
        typer.echo(f"merged:    {n_merges} label{'s' if n_merges != 1 else ''} read as the speaker they name")
        for merge in info["merges"]:
            typer.echo(f"  {merge['label']!r} -> {merge['speaker']!r}: {merge['reason']}")
    if info["unidentified"]:
        typer.echo(
            f"unnamed:   {len(info['unidentified'])} unidentified speaker{'s' if len(info['unidentified']) != 1 else ''}"
            " (prose calls them 'an unidentified speaker'): name them in a participants file beside the "
            "transcript, e.g. 'SPEAKER_02: Jane Smith'"
        )
        for label in info["unidentified"]:
            typer.echo(f"  {label}")
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

"""What every `roundtable` command shares: the typer app, the help format, exit codes, the common options
and the mapping of the project's errors to messages and exit codes.

Its own module so that the command modules (cli, cli_config, cli_evaluate, cli_quotes, cli_themes) import
it and not each other: `pipeline/cli.py` registers the others, which would otherwise import it back.
Exit codes: see `pipeline/cli.py`.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Optional

import typer
from typer.core import TyperCommand

from .wording import plural  # noqa: F401 (for the command modules)
from .errors import (
    InputPathError,
    ModelError,
    OutputFolderError,
    RoundtableError,
    RoundtableWarning,
    SettingsError,
    TranscriptError,
)

# The library (spaCy, scikit-learn, pandas) is imported by the commands that use it, so `--help` is quick.
if TYPE_CHECKING:
    from .settings import Settings


class Command(TyperCommand):
    """A command whose help names each argument by its metavar alone: typer labels arguments with their
    Python types (`INPUT... <list[Path]>`, usage `{INPUT...}...`), which is noise to a user."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = (param.metavar or param.name.upper()).removesuffix("...")
                name += "..." if param.nargs != 1 else ""
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append(((param.metavar or param.name.upper()), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


app = typer.Typer(
    name="roundtable",
    help="Turn roundtable, panel and committee transcripts into quotes, themes and commentary-ready summaries.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click help: rich's renders the same text in some 0.3 s more, most of `roundtable --help`.
    rich_markup_mode=None,
)

EXIT_REJECTED = 1
EXIT_USAGE = 2
EXIT_MODEL = 3
EXIT_OUTPUT = 4
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C

ConfigOption = typer.Option(None, "--config", "-c", metavar="FILE", help="Settings file (TOML); see `roundtable config init`.")
SetOption = typer.Option(
    None, "--set", "-s", metavar="KEY=VALUE", help="Override one setting, e.g. --set nlp.batch_size=32 (repeatable)."
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


@contextmanager
def warnings_on_stderr() -> Iterator[None]:
    """Print each of the pipeline's warnings once, as `warning: ...` on stderr (not Python's file:line form)."""
    with warnings.catch_warnings():
        warnings.simplefilter("once", RoundtableWarning)
        show = warnings.showwarning

        def show_ours(message, category, filename, lineno, file=None, line=None):  # noqa: ANN001
            if issubclass(category, RoundtableWarning):
                _err(f"warning: {message}")
            else:
                show(message, category, filename, lineno, file, line)

        warnings.showwarning = show_ours
        yield


def _settings(config: Optional[Path], overrides: Optional[list[str]]) -> Settings:
    from .settings import load_settings

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

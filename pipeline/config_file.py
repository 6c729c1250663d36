"""Write settings as a commented TOML file (`roundtable config init`) and show resolved ones (`config show`).

The comments come from the settings model itself (each field's description and range), so the file
can never drift from what `load_settings` accepts.
"""

from __future__ import annotations

from typing import Any

import tomli_w
from pydantic import BaseModel

from .settings import Section, Settings


def _range(field) -> str:
    bounds = {}
    for item in field.metadata:
        for name in ("ge", "gt", "le", "lt", "min_length", "max_length"):
            value = getattr(item, name, None)
            if value is not None:
                bounds[name] = value
    low = bounds.get("ge", bounds.get("gt"))
    high = bounds.get("le", bounds.get("lt"))
    if low is not None and high is not None:
        return f" Range: {low} to {high}."
    if low is not None:
        return f" At least {low}."
    if high is not None:
        return f" At most {high}."
    return ""


def _value_lines(name: str, value: Any) -> list[str]:
    if value is None:
        return [f"# {name} = (not set)"]
    if isinstance(value, dict):
        # Dotted keys (`codebook.housing = [...]`) keep a table inside its section: tomli_w would start a
        # top-level `[codebook]` table, which `--config` then refuses as an unknown section.
        key = tomli_w.dumps({name: 0}).split("=", 1)[0].strip()
        return [f"{key}.{line}" for sub, item in value.items() for line in _value_lines(sub, item)]
    return [tomli_w.dumps({name: value}).strip()]


def _render_section(model: BaseModel, path: str, lines: list[str]) -> None:
    scalars, sections = [], []
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        (sections if isinstance(value, Section) else scalars).append((name, field, value))
    if path:
        doc = (type(model).__doc__ or "").strip().splitlines()[0]
        lines += ["", f"# {doc}", f"[{path}]"]
    for name, field, value in scalars:
        description = (field.description or "").strip()
        lines.append(f"# {description}{_range(field)}")
        dumped = model.model_dump(mode="json", include={name})[name]
        if isinstance(dumped, dict) and not dumped:
            lines.append(f"# {name} = {{}}  (an empty table; fill as {path}.{name}.<key> = ...)")
        else:
            lines += _value_lines(name, dumped)
    for name, _field, value in sections:
        _render_section(value, f"{path}.{name}" if path else name, lines)


def render_settings_toml(settings: Settings | None = None) -> str:
    """The settings as TOML with a comment above every key saying what it does and its range."""
    settings = settings or Settings()
    lines = [
        "# roundtable settings. Every key is optional: delete what you do not change.",
        "# Use with: roundtable run INPUT... --config this-file.toml   (--set section.key=value overrides)",
    ]
    _render_section(settings, "", lines)
    return "\n".join(lines).strip() + "\n"

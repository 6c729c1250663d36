"""Versions of the tool and the libraries whose behaviour shapes the outputs."""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata

from . import __version__

_LIBRARIES = ("spacy", "scikit-learn", "pandas", "numpy", "pydantic", "typer", "jinja2")


@lru_cache(maxsize=1)
def library_versions() -> dict[str, str]:
    versions = {"roundtable": __version__}
    for name in _LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions

"""Versions of the tool and the libraries whose behaviour shapes the outputs."""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata

# The tool's own version (`pipeline.__version__`); here, not in the package's __init__, so this module
# imports nothing of the package (no cycle through pipeline/__init__ -> runner -> ... -> versions).
__version__ = "0.1.0"

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

"""roundtable: turn roundtable, panel and committee transcripts into quotes, themes and summaries.

Library API (what the CLI calls)::

    from pipeline import load_settings, read_transcript, run
    settings = load_settings(overrides=["nlp.batch_size=32"])
    result = run(["transcripts/"], settings, out_dir="out")
"""

from .versions import __version__  # noqa: F401 (the package's version)

from typing import TYPE_CHECKING, Any

from .errors import ModelError, RoundtableError, SettingsError, TranscriptError  # noqa: E402

if TYPE_CHECKING:
    from .readers import read_transcript
    from .runner import RunResult, run
    from .settings import Settings, load_settings

# Loaded on first use (PEP 562), so `import pipeline.cli` for `roundtable --help` does not load spaCy,
# scikit-learn and pandas.
_LAZY = {
    "read_transcript": "readers",
    "RunResult": "runner",
    "run": "runner",
    "Settings": "settings",
    "load_settings": "settings",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "ModelError",
    "RoundtableError",
    "RunResult",
    "Settings",
    "SettingsError",
    "TranscriptError",
    "load_settings",
    "read_transcript",
    "run",
]

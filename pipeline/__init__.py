"""roundtable: turn roundtable, panel and committee transcripts into quotes, themes and summaries.

Library API (what the CLI calls)::

    from pipeline import load_settings, read_transcript, run
    settings = load_settings(overrides=["nlp.batch_size=32"])
    result = run(["transcripts/"], settings, out_dir="out")
"""

from .versions import __version__  # noqa: E402
from .errors import ModelError, RoundtableError, SettingsError, TranscriptError  # noqa: E402
from .readers import read_transcript  # noqa: E402
from .runner import RunResult, run  # noqa: E402
from .settings import Settings, load_settings  # noqa: E402

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

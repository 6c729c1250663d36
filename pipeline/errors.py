"""The project's errors. Each one says what happened, where, and how to fix it.

The CLI maps them to exit codes and messages in one place (`pipeline.cli`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional, Union

PathLike = Union[str, Path]


class RoundtableError(Exception):
    """Base class for every error the pipeline raises on purpose."""


class TranscriptError(RoundtableError):
    """A transcript (or a file that belongs to it) cannot be read.

    Carries structured fields so batch runs can report them: `path`, `line` (1-based, when known),
    `expected` and `found`.
    """

    def __init__(
        self,
        path: PathLike,
        message: str,
        *,
        line: Optional[int] = None,
        expected: Optional[str] = None,
        found: Optional[str] = None,
        hint: Optional[str] = None,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.reason = message
        self.expected = expected
        self.found = found
        self.hint = hint
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.path if self.line is None else f"{self.path}, line {self.line}"
        text = f"{where}: {self.reason}"
        if self.expected is not None:
            text += f" (expected {self.expected}"
            text += f", found {self.found})" if self.found is not None else ")"
        if self.hint:
            text += f". {self.hint[:1].upper()}{self.hint[1:]}"
        return text

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "reason": self.reason,
            "expected": self.expected,
            "found": self.found,
            "message": str(self),
        }


class UnsupportedFormatError(TranscriptError):
    """The file's extension or content is not a transcript format we read."""


class SettingsError(RoundtableError):
    """A setting is unknown or has a bad value."""

    def __init__(self, key: str, expected: str, got: object, *, source: Optional[str] = None) -> None:
        self.key = key
        self.expected = expected
        self.got = got
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(f"{where}setting '{key}': expected {expected}, got {got!r}")


class InputPathError(RoundtableError):
    """An input path named on the command line cannot be used: it does not exist, or is a folder without
    transcripts. A usage error: nothing is run."""

    def __init__(self, path: PathLike, message: str) -> None:
        self.path = str(path)
        super().__init__(f"{path}: {message}")


class ReferencesError(RoundtableError):
    """A references file for `roundtable evaluate` cannot be used; the message names the file and the problem."""


class ModelError(RoundtableError):
    """A saved or installed model cannot be loaded (missing, corrupt, or made by other library versions)."""

    def __init__(self, path: PathLike, message: str, *, versions: Optional[dict] = None) -> None:
        self.path = str(path)
        self.versions = versions or {}
        super().__init__(f"{path}: {message}")


class OutputFolderError(RoundtableError):
    """The output folder cannot be used (it is a file, or cannot be created or written)."""

    def __init__(self, path: PathLike, message: str) -> None:
        self.path = str(path)
        super().__init__(f"{path}: {message}")


class OutputLockedError(OutputFolderError):
    """Another run is writing to the same output folder; `path` is the lock file it holds."""


class QuoteFilterError(RoundtableError):
    """A quote filter names something the quotes do not have (e.g. a theme the report lacks)."""


class RoundtableWarning(UserWarning):
    """Something the user should know that does not stop the run (e.g. the cache cannot be written); the
    CLI prints each one once on stderr."""


def format_choices(choices: Iterable[str]) -> str:
    return ", ".join(sorted(choices))

"""Progress of `roundtable run` on stderr: a line per input, and on a terminal a bar with an ETA.

The bar advances by input size (bytes), since a meeting's time goes with its length, and shows the time
spent so far in each stage, summed over the inputs done. It is drawn only when stderr is a terminal, never
with `--quiet`; the lines (one per input) are written either way, except that `--quiet` keeps only the
rejected ones. The library reports through `run(progress=...)`, called once per input with its
`InputRecord` (see that function); this module is only the CLI's rendering of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional, Sequence

if TYPE_CHECKING:
    from .runner import InputRecord

# The stages shown, in the order data flows through them (runner.TIMED_STEPS, without importing it).
STAGE_NAMES = ("read", "parse", "quotes", "themes", "summary", "write")


def stage_seconds_text(seconds: dict[str, float]) -> str:
    """`parse 3.2s · quotes 0.4s · ...` for the stages that took a twentieth of a second or more."""
    return " · ".join(f"{name} {seconds[name]:.1f}s" for name in STAGE_NAMES if seconds.get(name, 0.0) >= 0.05)


class RunProgress:
    """The `progress` callback of a CLI run: call it with each finished `InputRecord`.

    `describe` gives the line for an input (the CLI's wording), `write` writes a line without the bar;
    `console` is a rich Console on stderr. Used as a context manager, it shows the bar while the run goes on.
    """

    def __init__(
        self,
        paths: Sequence[Path],
        describe: Callable[["InputRecord"], str],
        write: Callable[[str], None],
        *,
        quiet: bool = False,
        console: Optional[Any] = None,
    ) -> None:
        from rich.console import Console

        self.console = console if console is not None else Console(stderr=True)
        self.describe = describe
        self.write = write
        self.quiet = quiet
        self.live = self.console.is_terminal and not quiet
        self.finished: list["InputRecord"] = []
        self.seconds: dict[str, float] = {}
        self._sizes = [_size(path) for path in paths]
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> "RunProgress":
        if self.live:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            # Narrow enough for 80 columns up to the stage times, which a narrow terminal cuts first.
            self._progress = Progress(
                BarColumn(bar_width=16),
                TextColumn("{task.fields[done]}/{task.fields[n_inputs]} inputs"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                TextColumn("{task.fields[stages]}"),
                console=self.console,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(
                "running", total=max(sum(self._sizes), 1), done=0, n_inputs=len(self._sizes), stages=""
            )
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def __call__(self, record: "InputRecord") -> None:
        self.finished.append(record)
        for name, value in record.seconds.items():
            self.seconds[name] = self.seconds.get(name, 0.0) + value
        if not self.quiet or record.status == "rejected":
            if self._progress is not None:
                self._progress.console.print(self.describe(record), markup=False, highlight=False, soft_wrap=True)
            else:
                self.write(self.describe(record))
        if self._progress is not None:
            index = len(self.finished) - 1
            self._progress.update(
                self._task,
                advance=self._sizes[index] if index < len(self._sizes) else 0,
                done=len(self.finished),
                stages=stage_seconds_text(self.seconds),
            )
            self._progress.refresh()  # drawn at once: an input takes seconds, far longer than a redraw


def _size(path: Path) -> int:
    try:
        return max(Path(path).stat().st_size, 1)
    except OSError:
        return 1

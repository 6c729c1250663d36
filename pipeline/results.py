"""What `run` returns: the batch's records, and its reports as pandas tables for a notebook.

`RunResult` reads the reports back from the output folder one at a time (or holds them, for a run without
one), so a large batch is not held in memory to build its tables.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional, Sequence

from .compute import InputRecord
from .exports import quote_theme_pairs
from .quotes.export import theme_cells

if TYPE_CHECKING:
    import pandas as pd

@dataclass
class RunResult:
    """The outcome of a batch. `ok` is False when any input was rejected.

    For notebooks, `turns`, `quotes`, `themes` and `speakers` are pandas DataFrames over the whole batch
    (a `transcript_id` column first). With an output folder they are read back from the `report.json`
    files, so a run never holds every report in memory; without one, the reports are kept in `reports`.
    """

    inputs: list[InputRecord]
    out_dir: Optional[Path]
    manifest_path: Optional[Path]
    settings_hash: str
    skipped: list[str] = field(default_factory=list)
    reports: Optional[list[dict[str, Any]]] = field(default=None, repr=False)

    def iter_reports(self) -> Iterable[dict[str, Any]]:
        """Each report of the batch, in input order (one at a time when read from the output folder)."""
        if self.reports is not None:
            yield from self.reports
            return
        if self.out_dir is None:
            return
        for record in self.inputs:
            if record.status in ("processed", "cached") and record.transcript_id is not None:
                path = self.out_dir / record.transcript_id / "report.json"
                yield json.loads(path.read_text(encoding="utf-8"))

    def _frame(self, rows_of: callable, columns: Sequence[str]) -> "pd.DataFrame":
        import pandas as pd

        rows = [
            {"transcript_id": report["transcript"]["id"], **row}
            for report in self.iter_reports()
            for row in rows_of(report)
        ]
        return pd.DataFrame(rows, columns=None if rows else ["transcript_id", *columns])

    @property
    def turns(self) -> "pd.DataFrame":
        """Each turn with its speaker's attribution, n_words and n_sentences (as in turns.csv)."""

        def rows(report: dict[str, Any]) -> Iterator[dict[str, Any]]:
            attributions = {s["label"]: s["attribution"] for s in report["transcript"]["speakers"]}
            for turn in report["transcript"]["turns"]:
                yield {**turn, "attribution": attributions.get(turn["speaker"], turn["speaker"])}

        return self._frame(rows, ["index", "speaker", "text", "start", "end", "attribution", "n_words", "n_sentences"])

    @property
    def quotes(self) -> "pd.DataFrame":
        """Each quote with the themes it belongs to (`theme_id`, `theme_label`, as in quotes.csv)."""

        def rows(report: dict[str, Any]) -> Iterator[dict[str, Any]]:
            themes = quote_theme_pairs(report)
            for quote in report["quotes"]:
                yield {**{k: v for k, v in quote.items() if k != "transcript_id"}, **theme_cells(themes.get(quote["id"], ()))}

        return self._frame(rows, ["id", "rank", "text", "speaker", "turn_index", "score", "theme_id", "theme_label"])

    @property
    def themes(self) -> "pd.DataFrame":
        return self._frame(lambda r: r["themes"], ["id", "label", "keywords", "share", "turn_indices"])

    @property
    def speakers(self) -> "pd.DataFrame":
        return self._frame(lambda r: r["transcript"]["speakers"], ["label", "name", "attribution", "n_turns", "n_words"])

    @property
    def n_processed(self) -> int:
        """Inputs that gave a report, freshly computed or from the cache."""
        return sum(1 for record in self.inputs if record.status in ("processed", "cached"))

    @property
    def n_cached(self) -> int:
        return sum(1 for record in self.inputs if record.status == "cached")

    @property
    def rejected(self) -> list[InputRecord]:
        return [record for record in self.inputs if record.status == "rejected"]

    @property
    def ok(self) -> bool:
        return not self.rejected


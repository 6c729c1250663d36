"""One real batch for the editor tests: the two sample roundtables and a hand-made hostile one, run through
the whole pipeline once per test process (the page and browser tests share it)."""

from __future__ import annotations

import copy
import json
import tempfile
from functools import lru_cache
from pathlib import Path

from pipeline.runner import run
from pipeline.settings import Settings

from .conftest import SAMPLES

HOSTILE_ID = "hostile-panel"
SCRIPT_TAG = "<script>window.__pwned=1</script>"
IMG_TAG = '<img src=x onerror="window.__pwned=2">'
CLOSE_TAG = "</script><script>window.__pwned=3</script>"

# A small panel whose speech and names carry markup: every piece must show as text and none may run.
HOSTILE_TRANSCRIPT = f"""---
title: "Budget panel </title><script>window.__pwned=4</script>"
participants:
  - label: Jane Smith
    name: "Jane <b>Smith</b>"
    role: "Chief Executive"
    organisation: "Example & Sons </script><script>window.__pwned=5</script>"
  - label: Bob Jones
    name: Bob Jones
    role: "Director of $Finance$"
---
Chair: Welcome, everyone. Tonight we talk about the council budget, the libraries and the buses.

Jane Smith: We have to stop buying the old models of care. {SCRIPT_TAG} The money is there, but the speed of change is not.

Bob Jones: Every council should publish what it spends on contracts, line by line. {IMG_TAG} Residents deserve to see where their money goes.

Chair: What about the libraries?

Jane Smith: Libraries are not a luxury, they are the front door of the council for people who have nowhere else to go. {CLOSE_TAG}

Bob Jones: We cannot keep a library open on goodwill alone; we need a budget that lasts longer than one year.

Chair: And the buses?

Jane Smith: If the buses stop, the town stops. Cutting the evening routes saves pennies and costs jobs.

Bob Jones: The bus subsidy is the best money we spend, because every pound brings three back into the high street.

Chair: Thank you both. That is all we have time for tonight.
"""


@lru_cache(maxsize=1)
def editor_batch() -> tuple[Path, dict[str, dict]]:
    """(output folder, {transcript id: report}) of one run over the samples and the hostile panel."""
    folder = Path(tempfile.mkdtemp(prefix="roundtable-editor-"))
    inputs = folder / "inputs"
    inputs.mkdir()
    (inputs / f"{HOSTILE_ID}.txt").write_text(HOSTILE_TRANSCRIPT, encoding="utf-8")
    out = folder / "out"
    result = run(
        [SAMPLES / "housing-panel-2024.vtt", SAMPLES / "council-roundtable-2011.txt", inputs],
        Settings(),
        out_dir=out,
    )
    assert result.ok, [record.error for record in result.rejected]
    reports = {
        record.transcript_id: json.loads((out / record.transcript_id / "report.json").read_text(encoding="utf-8"))
        for record in result.inputs
    }
    return out, reports


def with_participants(report: dict, n_people: int, n_labels: int) -> dict:
    """A copy of `report` with `n_labels` speaker labels who each said something and `n_people` summary
    participants: a committee's counts (93 people under 96 labels) on a small meeting's page."""
    report = copy.deepcopy(report)
    base = report["transcript"]["speakers"][0]
    report["transcript"]["speakers"] = [
        {**base, "label": f"Speaker {i}", "name": f"Speaker {i}", "attribution": f"Speaker {i}", "n_words": 100 - i}
        for i in range(n_labels)
    ]
    report["summary"]["participants"] = [
        {"label": f"Speaker {i}", "name": f"Speaker {i}", "attribution": f"Person {i}", "n_turns": 1, "n_words": 9}
        for i in range(n_people)
    ]
    return report

"""The run's `manifest.json`: versions, model, settings, executor, and every input with its status, error,
outputs and seconds per step; and the previous manifest's record of what a folder holds.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any, Optional, Sequence

from .compute import TIMED_STEPS, InputRecord
from .executors import ExecutorSpec
from .readers import SUPPORTED_EXTENSIONS
from .report import display_path
from .settings import Settings
from .stages import stage_versions
from .versions import library_versions

# 1.2: `stages` (name -> code version) and `skipped` (files left out for their extension); 1.3: `executor`,
# `removed` (outputs of the last run this one no longer writes), and `complete: false` with `stopped` for a
# run stopped by an output it could not write.
MANIFEST_VERSION = "1.3"


def _previous_outputs(out: Optional[Path]) -> dict[str, dict[str, Any]]:
    """transcript id -> {outputs_key, output_sha256} from the manifest of the last run into `out`, if any."""
    if out is None:
        return {}
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        return {
            record["transcript_id"]: {"outputs_key": record.get("outputs_key"), "output_sha256": record.get("output_sha256")}
            for record in manifest.get("inputs", [])
            if record.get("transcript_id") and record.get("status") in ("processed", "cached")
        }
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}  # no usable manifest: write everything


def build_manifest(
    records: list[InputRecord],
    settings: Settings,
    model: dict[str, Any],
    started: datetime,
    seconds: float,
    *,
    skipped: Sequence[Path] = (),
    executor: Optional[ExecutorSpec] = None,
) -> dict[str, Any]:
    return {
        "manifest_version": MANIFEST_VERSION,
        "complete": True,
        "started_at": started.isoformat(timespec="seconds"),
        "seconds": round(seconds, 3),
        "seed": settings.seed,
        "executor": (executor or ExecutorSpec()).to_dict(),
        "stage_seconds": {
            stage: round(sum(r.seconds.get(stage, 0.0) for r in records), 3) for stage in TIMED_STEPS
        },
        "stages": stage_versions(),
        "versions": library_versions(),
        "spacy_model": model,
        "settings": settings.to_dict(),
        "settings_hash": settings.hash,
        "supported_extensions": list(SUPPORTED_EXTENSIONS),
        "n_inputs": len(records),
        "n_processed": sum(1 for r in records if r.status in ("processed", "cached")),
        "n_cached": sum(1 for r in records if r.status == "cached"),
        "n_rejected": sum(1 for r in records if r.status == "rejected"),
        "inputs": [record.to_dict() for record in records],
        "skipped": [display_path(str(p)) for p in skipped],
    }


"""The steps after parsing, each declared once: name, code version, settings section and the stages it
needs.

A stage's cache key covers its version and the keys of the stages it requires (see `compute.stage_keys`),
so a rerun after an upgrade that changed a stage's outputs recomputes that stage and everything after it
instead of serving yesterday's results from the cache. Bump a stage's `version` whenever its outputs
change for the same inputs and settings; `tests/test_stages.py` compares each stage's outputs on a few
shared meetings with stored fingerprints and fails when they changed under an unchanged version
(refresh them with `python tests/stage_fingerprints.py --update` after bumping).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    """One step after parsing. `section` is the settings section it reads; `requires` the earlier stages
    whose outputs it takes."""

    name: str
    version: str
    section: str
    requires: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"version": self.version, "section": self.section, "requires": list(self.requires)}


# In the order data flows through them.
STAGES: tuple[Stage, ...] = (
    Stage("quotes", "4", "quotes"),
    Stage("themes", "7", "themes", requires=("quotes",)),
    Stage("summary", "9", "summary", requires=("quotes", "themes")),
)
STAGE_BY_NAME = {stage.name: stage for stage in STAGES}


def stage_versions() -> dict[str, dict]:
    """name -> {version, section, requires}, as recorded in manifest.json."""
    return {stage.name: stage.to_dict() for stage in STAGES}

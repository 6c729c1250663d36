"""Shared fixtures: the real meetings in ../shared/data, and one spaCy pipeline per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("ROUNDTABLE_SHARED_DATA", ROOT.parent / "shared" / "data"))
SAMPLES = ROOT / "transcripts"


def shared_meetings(*sources: str) -> list[Path]:
    """Every meeting file of the given sources (qmsum/committee, qmsum/ami, qmsum/icsi, elitr)."""
    sources = sources or ("qmsum/committee", "qmsum/ami", "qmsum/icsi", "elitr")
    files = sorted(p for source in sources for p in (SHARED_DATA / source).glob("*.json"))
    if not files:
        raise RuntimeError(
            f"no meetings found under {SHARED_DATA}; the tests need ../shared/data beside the repository "
            "(or ROUNDTABLE_SHARED_DATA pointing at it)"
        )
    return files


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline, loaded once for the whole test session."""
    from pipeline.nlp import nlp_for
    from pipeline.settings import NlpSettings

    return nlp_for(NlpSettings())


@pytest.fixture(scope="session")
def settings():
    from pipeline.settings import Settings

    return Settings()

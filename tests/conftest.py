"""Shared fixtures: the real meetings in ../shared/data, and one spaCy pipeline per test session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# The parse cache defaults to ~/.cache/roundtable: keep the tests' cache out of the real home folder.
os.environ["HOME"] = tempfile.mkdtemp(prefix="roundtable-test-home-")

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


@pytest.fixture(scope="session")
def parse_meeting(nlp, settings):
    """A function `path -> ParsedTranscript` that parses each file at most once per test session."""
    from pipeline.nlp import parse_transcript
    from pipeline.readers import read_transcript

    cache = {}

    def parse(path):
        path = Path(path)
        if path not in cache:
            cache[path] = parse_transcript(read_transcript(path, settings.read), nlp, settings.nlp)
        return cache[path]

    return parse


@pytest.fixture(scope="session")
def parse_meeting_without_ner():
    """Like `parse_meeting`, with the NER component switched off: about twice as fast, for tests over
    every shared meeting that check structural facts (offsets, speakers) that entities do not touch."""
    from pipeline.nlp import nlp_for, parse_transcript
    from pipeline.readers import read_transcript
    from pipeline.settings import NlpSettings

    nlp_settings = NlpSettings(disable=("ner",))
    nlp = nlp_for(nlp_settings)

    def parse(path):
        return parse_transcript(read_transcript(path), nlp, nlp_settings)

    return parse

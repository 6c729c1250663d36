"""Shared fixtures: the real meetings in ../shared/data, and one spaCy pipeline per test session.

Keeping the suite under 10 minutes on CI (a 2-core machine, no parse cache):

- One parse of each meeting per session. `parse_meeting` parses with the pipeline's own settings
  (`Settings().nlp`: NER on, as `roundtable run` parses), through the pipeline's parse cache (`cache.dir`,
  under this session's temp HOME), and keeps the last few parses in memory. Every test over the shared
  meetings (`parse_meeting`, `parse_shared` in test_summary_shared.py) and
  every pipeline run on the default cache in the same session reuses that one parse.
- Tests parametrized over a shared meeting are grouped by meeting (`work_unit`) and run after the other
  tests, largest meeting first: all the tests of one meeting run one after another in one process, on its
  parse still in memory, and the many small groups at the end even out the load of the workers.
  Every other test is grouped by its module, so a module's fixtures are built once.
- `scripts/test.sh` runs pytest with `-n <cores, at most 4> --dist loadgroup --no-loadscope-reorder` (pytest-xdist).
  Each xdist worker is its own test session: it loads the spaCy model once, has its own temp HOME and
  parse cache, and parses the meetings of the groups it is given. Without `-n` the same tests run in one
  process in the same order.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from collections import OrderedDict
from pathlib import Path

import pytest

# The parse cache defaults to ~/.cache/roundtable: keep the tests' cache out of the real home folder.
os.environ["HOME"] = tempfile.mkdtemp(prefix="roundtable-test-home-")

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("ROUNDTABLE_SHARED_DATA", ROOT.parent / "shared" / "data"))
SAMPLES = ROOT / "transcripts"

# Parses kept in memory by `parse_meeting`; older ones are read back from the parse cache when asked again.
PARSES_IN_MEMORY = 4


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


@functools.cache
def _meetings_by_stem() -> dict[str, Path]:
    return {path.stem: path for path in shared_meetings()}


def shared_meeting_of(nodeid: str) -> Path | None:
    """The shared meeting a test is parametrized over, by its stem in the test's id: `test_x[ami/ES2005a]`,
    `test_y[ES2005a-40]` (the shared meetings' stems are unique and hold no '-' or '/')."""
    name = nodeid.partition("::")[2]
    if "[" not in name:
        return None
    params = name.partition("[")[2].rpartition("]")[0]
    meetings = _meetings_by_stem()
    return next((meetings[part] for part in re.split(r"[-/]", params) if part in meetings), None)


def work_unit(nodeid: str) -> str:
    """The work unit a test runs in under `--dist loadgroup`: the shared meeting it is over, else its module."""
    meeting = shared_meeting_of(nodeid)
    return f"meeting:{meeting.relative_to(SHARED_DATA).with_suffix('')}" if meeting else nodeid.partition("::")[0]


def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup` with the groups of `work_unit`. pytest-xdist's own `xdist_group` marks cannot do
    it: under pytest 9.2 they silently stop grouping (pytest-dev/pytest-xdist#1386), and the scheduler only
    sees node ids, so the group is read from the id."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class MeetingScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return MeetingScheduling(config, log)


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Puts the tests over a shared meeting last, largest meeting first, each meeting's tests together (in
    their order): the many small groups at the end even out the workers' load, and without xdist a meeting's
    tests still run one after another on its parse in memory. After pytest's own reordering."""
    result = yield

    def order(item):
        meeting = shared_meeting_of(item.nodeid)
        return (1, -meeting.stat().st_size, str(meeting)) if meeting else (0, 0, "")

    items.sort(key=order)  # stable: each group's tests, and the other tests, keep their order
    return result


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline, loaded once for the whole test session (once per xdist worker)."""
    from pipeline.nlp import nlp_for
    from pipeline.settings import NlpSettings

    return nlp_for(NlpSettings())


@pytest.fixture(scope="session")
def settings():
    from pipeline.settings import Settings

    return Settings()


@pytest.fixture(scope="session")
def parse_meeting(nlp, settings):
    """A function `path -> ParsedTranscript`: the pipeline's own parse (default settings, NER on) through its
    parse cache in this session's temp HOME, so each file is parsed at most once per session."""
    from pipeline.cache import open_cache, parse_with_cache
    from pipeline.readers import read_transcript

    cache = open_cache(settings.cache)
    assert cache is not None, f"the tests need a writable parse cache at {settings.cache.dir}"
    recent: OrderedDict[Path, object] = OrderedDict()

    def parse(path):
        path = Path(path)
        if path in recent:
            recent.move_to_end(path)
            return recent[path]
        parsed = parse_with_cache(read_transcript(path, settings.read), nlp, settings.nlp, cache)[0]
        recent[path] = parsed
        if len(recent) > PARSES_IN_MEMORY:
            recent.popitem(last=False)
        return parsed

    return parse

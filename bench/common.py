"""What the bench scripts share: where the shared data is, and reading + parsing a meeting with the
pipeline's own parse cache (`pipeline.cache`), so a second bench run over the same files skips spaCy."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.cache import Cache, parse_with_cache  # noqa: E402
from pipeline.nlp import ParsedTranscript, nlp_for  # noqa: E402
from pipeline.readers import read_transcript  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

SHARED_DATA = Path(os.environ.get("ROUNDTABLE_SHARED_DATA", ROOT.parent / "shared" / "data"))
QMSUM = SHARED_DATA / "qmsum"
DEFAULT_CACHE = Path(Settings().cache.dir).expanduser()


def parse_cached(path: Path, settings: Settings, cache_dir: Optional[Path]) -> ParsedTranscript:
    """Read and parse one meeting, reusing a cached parse of the same texts, model and nlp settings."""
    transcript = read_transcript(path, settings.read)
    cache = Cache(cache_dir) if cache_dir is not None else None
    parsed, _ = parse_with_cache(transcript, nlp_for(settings.nlp), settings.nlp, cache)
    return parsed

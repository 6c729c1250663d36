"""A content-addressed cache, so a rerun redoes only what its changed settings touch.

Entries are files named by a key: the sha256 of everything the stored value depends on. The spaCy
parse of a transcript is keyed by its turn texts, the model name and version, the spaCy version and
the parse settings; it is stored as a `DocBin`. A missing or unreadable entry is simply recomputed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Optional

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from .nlp import ParsedTranscript, parse_transcript
from .records import Transcript
from .settings import NlpSettings
from .writers import write_bytes_atomic


def cache_key(*parts: Any) -> str:
    """sha256 over a canonical JSON rendering of `parts`."""
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Cache:
    """Files under `root/<kind>/<key[:2]>/<key>`; writes are atomic, so a killed run leaves no half entry."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / key

    def get_bytes(self, kind: str, key: str) -> Optional[bytes]:
        try:
            return self._path(kind, key).read_bytes()
        except OSError:
            return None

    def put_bytes(self, kind: str, key: str, data: bytes) -> None:
        write_bytes_atomic(self._path(kind, key), data)

    def get_json(self, kind: str, key: str) -> Optional[Any]:
        data = self.get_bytes(kind, key)
        if data is None:
            return None
        try:
            return json.loads(data)
        except ValueError:
            return None

    def put_json(self, kind: str, key: str, value: Any) -> None:
        self.put_bytes(kind, key, json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def parse_key(texts: list[str], nlp: Language, parse_settings: dict[str, Any]) -> str:
    return cache_key(
        "parse",
        nlp.meta.get("name"),
        nlp.meta.get("version"),
        spacy.__version__,
        list(nlp.pipe_names),
        parse_settings,
        texts,
    )


def load_docs(cache: Cache, key: str, nlp: Language, texts: list[str]) -> Optional[list[Doc]]:
    """Cached docs for `texts`, or None when absent, unreadable, or not matching the texts."""
    data = cache.get_bytes("parse", key)
    if data is None:
        return None
    try:
        docs = list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    except Exception:  # noqa: BLE001 - a damaged entry is recomputed, never trusted
        return None
    if len(docs) != len(texts) or any(doc.text != text for doc, text in zip(docs, texts)):
        return None
    return docs


def store_docs(cache: Cache, key: str, docs: list[Doc]) -> None:
    cache.put_bytes("parse", key, DocBin(docs=docs, store_user_data=False).to_bytes())


def parse_with_cache(
    transcript: Transcript, nlp: Language, settings: NlpSettings, cache: Optional[Cache]
) -> tuple[ParsedTranscript, bool]:
    """Parse a transcript, reusing a cached parse of the same texts; returns (parsed, was_cached)."""
    if cache is None:
        return parse_transcript(transcript, nlp, settings), False
    texts = [turn.text for turn in transcript.turns]
    # batch_size does not change the parse; chunking does.
    key = parse_key(texts, nlp, {"max_chunk_chars": settings.max_chunk_chars})
    docs = load_docs(cache, key, nlp, texts)
    if docs is not None:
        return ParsedTranscript(transcript=transcript, docs=tuple(docs)), True
    parsed = parse_transcript(transcript, nlp, settings)
    store_docs(cache, key, list(parsed.docs))
    return parsed, False

